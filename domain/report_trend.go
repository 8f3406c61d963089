package domain

import (
	"context"

	"xietong/domain/calendar"
)

// TrendWeeks is how many weeks the leadership's trend covers.
const TrendWeeks = 12

// TrendWeek is one week (Monday to Sunday) of the trend, judged at its end
// (Today for the week under way): the open tasks overdue then, and the
// work due in the week with how much of it closed on time (the report's
// DueInPeriod and DueClosedOnTime).
type TrendWeek struct {
	From, To        Date
	Overdue         int
	DueInPeriod     int
	DueClosedOnTime int
	OnTimeRate      *float64 // nil with nothing due
}

// Headline is what leadership reads first: this month's figures to date
// and the last TrendWeeks weeks.
type Headline struct {
	From, To Date // the first of the month and today
	Month    OrgFigures
	Weeks    []TrendWeek
}

// WeeklyTrend computes weeks weeks from the Monday start on, using the
// tasks of in (those of in.Orgs, as BuildReport counts them). in must hold
// every task assigned, closed or due from start to in.Today or open on
// in.Today, as ReportInput does for that period: a task open at a week's
// end is then either closed since (in the period) or still open.
func WeeklyTrend(in ReportInput, cal *calendar.Calendar, start Date, weeks int) []TrendWeek {
	orgs := make(map[int64]bool, len(in.Orgs))
	for _, o := range in.Orgs {
		orgs[o.ID] = true
	}
	out := make([]TrendWeek, 0, weeks)
	for i := range weeks {
		w := TrendWeek{From: start.AddDays(7 * i), To: start.AddDays(7*i + 6)}
		if in.Today.Before(w.From) {
			break
		}
		asOf := w.To
		if in.Today.Before(asOf) {
			asOf = in.Today
		}
		week := ReportInput{From: w.From, To: w.To, Today: asOf}
		cutoff := OverdueCutoff(cal, asOf)
		for t := range in.AllTasks() {
			if !orgs[t.LeadOrgID] {
				continue
			}
			if taskOpenOn(t, asOf) && t.Due.Before(cutoff) {
				w.Overdue++
			}
			if dueIn(&week, t) {
				w.DueInPeriod++
				w.DueClosedOnTime += b2i(closedBy(t, asOf) && !t.ClosedOn.After(t.Due))
			}
		}
		w.OnTimeRate = rateOf(w.DueClosedOnTime, w.DueInPeriod)
		out = append(out, w)
	}
	return out
}

// Headline computes the province's headline figures (admin, lead,
// leadership): this month to today, as the supervision report counts
// them, and the trend of the last TrendWeeks weeks, this one included,
// from one load of the inputs.
func (s *ReportService) Headline(ctx context.Context, a Actor) (Headline, error) {
	if err := Require(a, PermReadReports); err != nil {
		return Headline{}, err
	}
	today := calendar.DateOf(s.Now(), s.Location)
	start := today.AddDays(-((int(today.Weekday()) + 6) % 7) - 7*(TrendWeeks-1))
	first := calendar.NewDate(today.Year, today.Month, 1)
	from := first
	if start.Before(first) {
		from = start
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return Headline{}, err
	}
	policy, err := s.Store.ReportPolicy(ctx, 0)
	if err != nil {
		return Headline{}, err
	}
	in, err := s.Store.ReportInput(ctx, ReportQuery{Scope: ReportScope{Kind: ScopeProvince}, From: from, To: today,
		Today: today, Location: s.Location, OverdueCutoff: OverdueCutoff(cal, today)})
	if err != nil {
		return Headline{}, err
	}
	in.From, in.To, in.Today, in.Policy = first, today, today, policy
	r := BuildReport(in, cal)
	return Headline{From: first, To: today, Month: r.Total, Weeks: WeeklyTrend(in, cal, start, TrendWeeks)}, nil
}
