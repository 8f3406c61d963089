package domain

import (
	"context"

	"xietong/domain/calendar"
)

// OpeningReport is the report a page opens on when the reader has not
// picked a period (admin, lead, leadership): this month to today when it
// has work in it, or else the last calendar month in the past year that
// does, so that a reader never lands on an empty page while there is
// something to read. With no work in the past year it is this month's.
// Open and overdue work are judged on today either way.
func (s *ReportService) OpeningReport(ctx context.Context, a Actor, scope ReportScope) (Report, error) {
	if err := Require(a, PermReadReports); err != nil {
		return Report{}, err
	}
	today := calendar.DateOf(s.Now(), s.Location)
	first := calendar.NewDate(today.Year, today.Month, 1)
	r, err := s.build(ctx, ReportRequest{From: first, To: today, Today: today, Scope: scope})
	if err != nil || hasWork(r.Total) {
		return r, err
	}
	year, err := s.build(ctx, ReportRequest{From: first.AddDays(-365), To: first.AddDays(-1), Today: today, Scope: scope})
	if err != nil {
		return Report{}, err
	}
	last := latestWorkDay(year)
	if last.IsZero() {
		return r, nil
	}
	from := calendar.NewDate(last.Year, last.Month, 1)
	to := calendar.NewDate(last.Year, last.Month+1, 1).AddDays(-1)
	return s.build(ctx, ReportRequest{From: from, To: to, Today: today, Scope: scope})
}

// hasWork reports whether a period had any task assigned, closed or due.
func hasWork(f OrgFigures) bool { return f.Assigned+f.Closed+f.DueInPeriod > 0 }

// latestWorkDay is the last day in r's period on which a task was
// assigned, closed or due; zero for none.
func latestWorkDay(r Report) Date {
	var last Date
	later := func(d Date, ok bool) {
		if ok && !d.After(r.To) && last.Before(d) {
			last = d
		}
	}
	for _, l := range r.Tasks {
		later(l.AssignedOn, l.AssignedIn)
		later(l.ClosedOn, l.ClosedIn)
		later(l.Due, l.DueIn)
	}
	return last
}
