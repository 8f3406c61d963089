package domain

import (
	"time"

	"xietong/domain/calendar"
)

// The kinds of periodic supervision report (督查通报).
const (
	ReportWeekly  = "weekly"
	ReportMonthly = "monthly"
)

// ReportKinds returns the periodic report kinds, in a fresh slice.
func ReportKinds() []string { return []string{ReportWeekly, ReportMonthly} }

// ReportPeriod returns the period a periodic report sent at instant at
// covers, as civil dates in loc, both days included. A weekly report covers
// the last full week (Monday to Sunday) before the day of at, so that one
// sent on Monday 2025-03-10, or on any day of that week, covers 03-03 to
// 03-09; a monthly report covers the calendar month before the day's month.
// A period never includes the day of at itself: that day is still under
// way, and a report must not change after it is sent.
func ReportPeriod(kind string, at time.Time, loc *time.Location) (from, to Date, err error) {
	day := calendar.DateOf(at, loc)
	switch kind {
	case ReportWeekly:
		// Days since this week's Monday: Monday 0 … Sunday 6.
		monday := day.AddDays(-((int(day.Weekday()) + 6) % 7))
		return monday.AddDays(-7), monday.AddDays(-1), nil
	case ReportMonthly:
		first := calendar.NewDate(day.Year, day.Month, 1)
		return calendar.NewDate(day.Year, day.Month-1, 1), first.AddDays(-1), nil
	}
	return Date{}, Date{}, Invalid("report.kind_invalid", kind)
}
