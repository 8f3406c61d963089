package server

import (
	"errors"
	"testing"

	"xietong/domain"
	"xietong/notifications/i18n"
)

func TestDescribe(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	en, zh := cat.Localizer(i18n.LangEN), cat.Localizer(i18n.LangZH)
	tests := []struct {
		name string
		err  error
		l    *i18n.Localizer
		want string
	}{
		{"plain error", errors.New("disk full"), en, "disk full"},
		{"unknown key shows the key", domain.Invalid("no.such.key"), en, "no.such.key"},
		{"English", domain.Invalid("user.org_required"), en, en.T("user.org_required")},
		{"Chinese", domain.Invalid("user.org_required"), zh, zh.T("user.org_required")},
	}
	for _, tt := range tests {
		if got := Describe(tt.err, tt.l); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if e, z := Describe(domain.Invalid("user.org_required"), en), Describe(domain.Invalid("user.org_required"), zh); e == "user.org_required" || e == z {
		t.Errorf("catalog message: en %q, zh %q; want two different translations", e, z)
	}
}
