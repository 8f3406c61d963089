package config_test

import (
	"strings"
	"testing"

	"xietong/config"
)

func TestLoadApplications(t *testing.T) {
	c := mustLoad(t, nil)
	if c.Applications.NoticeDays != 5 || c.Applications.StepDays["review"] != 10 || c.Applications.StepDays["inspect"] != 20 {
		t.Fatalf("defaults: %+v", c.Applications)
	}
	c = mustLoad(t, map[string]string{"XIETONG_CAMPAIGN_NOTICE_DAYS": "7", "XIETONG_CAMPAIGN_STEP_DAYS": "review=3"})
	if c.Applications.NoticeDays != 7 || c.Applications.StepDays["review"] != 3 || c.Applications.StepDays["inspect"] != 20 {
		t.Fatalf("set: %+v", c.Applications)
	}
	for _, tt := range []struct{ name, value string }{
		{"XIETONG_CAMPAIGN_NOTICE_DAYS", "0"},
		{"XIETONG_CAMPAIGN_STEP_DAYS", "review"},
		{"XIETONG_CAMPAIGN_STEP_DAYS", "vote=3"},
		{"XIETONG_CAMPAIGN_STEP_DAYS", "review=0"},
	} {
		_, err := config.Load(env(map[string]string{tt.name: tt.value}))
		if err == nil || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s=%s: got %v, want a problem naming it", tt.name, tt.value, err)
		}
	}
}
