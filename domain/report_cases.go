package domain

import "context"

// ReportCase is a typical case as the monthly report lists it under
// 本月新发布典型案例: first published within the report's period.
type ReportCase struct {
	ID          int64
	Title       string
	Community   string
	CityCode    string
	Bureau      string // the recording organisation, "" without one
	PublishedOn Date   // the day of its first publication
}

// CaseSection is the report's list of new typical cases; Report.Cases is
// nil when the report has none to give (not a monthly report, or no case
// source), and an empty Items says the month had none.
type CaseSection struct {
	Items []ReportCase
}

// ReportCaseSource gives the report the cases first published in a
// period (CaseService.NewCases).
type ReportCaseSource interface {
	// NewCases lists the cases first published from from to to (both days
	// included) that are published now, newest first.
	NewCases(ctx context.Context, from, to Date) ([]ReportCase, error)
}

// MonthlyPeriod reports whether from–to is one whole calendar month: the
// period of a monthly report, however it was asked for.
func MonthlyPeriod(from, to Date) bool {
	return from.Day == 1 && to.Year == from.Year && to.Month == from.Month && to.AddDays(1).Day == 1
}

// addCases puts the new typical cases into a monthly report; other
// reports, and a service without a source, leave Report.Cases nil.
func (s *ReportService) addCases(ctx context.Context, r *Report) error {
	if s.Cases == nil || !MonthlyPeriod(r.From, r.To) {
		return nil
	}
	items, err := s.Cases.NewCases(ctx, r.From, r.To)
	if err != nil {
		return err
	}
	r.Cases = &CaseSection{Items: items}
	return nil
}
