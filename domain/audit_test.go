package domain_test

import (
	"strings"
	"testing"
	"time"

	"xietong/domain"
)

func TestAuditFilterValidate(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		f    domain.AuditFilter
		want string // the error's key; "" for none
	}{
		{"empty", domain.AuditFilter{}, ""},
		{"type", domain.AuditFilter{TargetType: "ladder_policy"}, ""},
		{"type with a wildcard", domain.AuditFilter{TargetType: "user%"}, "request.param_invalid"},
		{"type in capitals", domain.AuditFilter{TargetType: "User"}, "request.param_invalid"},
		{"range", domain.AuditFilter{From: day(1), To: day(2)}, ""},
		{"open range", domain.AuditFilter{To: day(2)}, ""},
		{"empty range", domain.AuditFilter{From: day(2), To: day(2)}, "request.range_invalid"},
		{"backwards", domain.AuditFilter{From: day(3), To: day(2)}, "request.range_invalid"},
		{"long actor", domain.AuditFilter{Actor: strings.Repeat("a", 101)}, "request.param_invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := domain.ErrorKey(tc.f.Validate()); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
