package domain_test

import (
	"errors"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
)

func TestReportPeriod(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, sh) }
	d := calendar.NewDate
	tests := []struct {
		name     string
		kind     string
		at       time.Time
		from, to calendar.Date
	}{
		{"weekly on a Monday", "weekly", at(2025, 3, 10, 8, 0), d(2025, 3, 3), d(2025, 3, 9)},
		{"weekly on a Monday just after midnight", "weekly", at(2025, 3, 10, 0, 0), d(2025, 3, 3), d(2025, 3, 9)},
		{"weekly on a Sunday: its own week is not over", "weekly", at(2025, 3, 9, 23, 59), d(2025, 2, 24), d(2025, 3, 2)},
		{"weekly midweek", "weekly", at(2025, 3, 12, 9, 0), d(2025, 3, 3), d(2025, 3, 9)},
		{"weekly across a year", "weekly", at(2025, 1, 1, 9, 0), d(2024, 12, 23), d(2024, 12, 29)},
		{"weekly across a month", "weekly", at(2025, 3, 3, 9, 0), d(2025, 2, 24), d(2025, 3, 2)},
		{"monthly on the first", "monthly", at(2025, 3, 1, 7, 0), d(2025, 2, 1), d(2025, 2, 28)},
		{"monthly mid-month", "monthly", at(2025, 3, 17, 7, 0), d(2025, 2, 1), d(2025, 2, 28)},
		{"monthly in a leap year", "monthly", at(2024, 3, 1, 7, 0), d(2024, 2, 1), d(2024, 2, 29)},
		{"monthly in January", "monthly", at(2025, 1, 1, 9, 0), d(2024, 12, 1), d(2024, 12, 31)},
		{"monthly of a 31-day month", "monthly", at(2025, 8, 31, 9, 0), d(2025, 7, 1), d(2025, 7, 31)},
		// 2025-03-31 17:00 UTC is already 1 April in Shanghai: the zone, not
		// UTC, decides the day.
		{"monthly by the zone's day", "monthly", time.Date(2025, 3, 31, 17, 0, 0, 0, time.UTC), d(2025, 3, 1), d(2025, 3, 31)},
		{"weekly by the zone's day", "weekly", time.Date(2025, 3, 9, 16, 30, 0, 0, time.UTC), d(2025, 3, 3), d(2025, 3, 9)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to, err := domain.ReportPeriod(tt.kind, tt.at, sh)
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			if from != tt.from || to != tt.to {
				t.Errorf("got %v–%v, want %v–%v", from, to, tt.from, tt.to)
			}
		})
	}
}

func TestReportPeriodUnknownKind(t *testing.T) {
	for _, kind := range []string{"", "daily", "Weekly", "yearly"} {
		_, _, err := domain.ReportPeriod(kind, time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC), time.UTC)
		if !errors.Is(err, domain.ErrInvalid) || domain.ErrorKey(err) != "report.kind_invalid" {
			t.Errorf("kind %q: got %v, want ErrInvalid report.kind_invalid", kind, err)
		}
	}
}
