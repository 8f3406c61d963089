package server

import (
	"errors"
	"testing"

	"xietong/domain"
)

func TestDescribe(t *testing.T) {
	tests := []struct {
		name string
		err  error
		lang string
		want string
	}{
		{"plain error", errors.New("disk full"), "en", "disk full"},
		{"unknown key shows the key", domain.Invalid("no.such.key"), "en", "no.such.key"},
	}
	for _, tt := range tests {
		if got := Describe(tt.err, tt.lang); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	en := Describe(domain.Invalid("user.org_required"), "en")
	zh := Describe(domain.Invalid("user.org_required"), "zh-CN")
	if en == "user.org_required" || zh == en {
		t.Errorf("catalog message: en %q, zh %q; want two different translations", en, zh)
	}
}
