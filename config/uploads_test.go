package config_test

import (
	"strings"
	"testing"

	"xietong/config"
)

func TestLoadUploads(t *testing.T) {
	c := mustLoad(t, nil)
	if c.Uploads.Concurrency != 4 || c.Uploads.OrgQuota != 10<<30 {
		t.Errorf("defaults: got %+v, want 4 uploads at once and 10 GiB per organisation", c.Uploads)
	}
	c = mustLoad(t, map[string]string{"XIETONG_UPLOAD_CONCURRENCY": "8", "XIETONG_ORG_STORAGE_QUOTA": "500MiB"})
	if c.Uploads.Concurrency != 8 || c.Uploads.OrgQuota != 500<<20 {
		t.Errorf("set: got %+v", c.Uploads)
	}
	for _, tt := range []struct{ name, value string }{
		{"XIETONG_UPLOAD_CONCURRENCY", "0"},
		{"XIETONG_UPLOAD_CONCURRENCY", "1000"},
		{"XIETONG_ORG_STORAGE_QUOTA", "0"},
		{"XIETONG_ORG_STORAGE_QUOTA", "lots"},
	} {
		_, err := config.Load(env(map[string]string{tt.name: tt.value}))
		if err == nil || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s=%s: got %v, want a problem naming it", tt.name, tt.value, err)
		}
	}
}
