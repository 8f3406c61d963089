package domain

import (
	"cmp"
	"slices"
)

// The arithmetic of the supervision report: accumulating figures, the
// percentile, the ranking, hot-spots and campaign progress. The definitions
// are on the types in report.go.

// orgFiguresAcc accumulates the figures of one organisation or of the total.
type orgFiguresAcc struct {
	f     OrgFigures
	days  []int  // working days to close of the closed tasks
	score Points // set by figures: the score, or -1 with no work due
}

func (a *orgFiguresAcc) add(l ReportTaskLine) {
	f := &a.f
	if l.AssignedIn {
		f.Assigned++
		f.AcceptedOnTime += b2i(l.AcceptedInTime)
		f.ExtensionsAsked += l.ExtensionsAsked
		f.ExtensionsGranted += l.ExtensionsGranted
		f.Returns += l.Returns
		f.Transfers += l.Transfers
		f.Reopens += l.Reopens
	}
	if l.ClosedIn {
		f.Closed++
		f.ClosedOnTime += b2i(l.ClosedOnTime)
		a.days = append(a.days, l.DaysToClose)
	}
	f.Open += b2i(l.Open)
	f.OpenOverdue += b2i(l.OpenOverdue)
	if l.DueIn {
		f.DueInPeriod++
		f.DueClosed += b2i(l.DueClosed)
		f.DueClosedOnTime += b2i(l.DueOnTime)
		f.DueClosedLate += b2i(l.DueLate)
		f.DueOpenOverdue += b2i(l.DueOpenOverdue)
		f.OverdueDays += l.LateDays
		d := &f.Deductions
		d.OverdueDays += l.LateDays
		d.Returns += l.ReportTask.Returns
		d.Reopens += l.ReportTask.Reopens
		d.LadderSteps += ladderStepsOf(l.LadderStep, l.Listed)
	}
}

// figures finishes the figures, the score under p included.
func (a *orgFiguresAcc) figures(p ReportPolicy) OrgFigures {
	f := a.f
	f.OnTimeRate = rateOf(f.DueClosedOnTime, f.DueInPeriod)
	f.ClosureRate = rateOf(f.DueClosed, f.DueInPeriod)
	f.OverdueRate = rateOf(f.OpenOverdue, f.Open)
	f.Deductions.apply(p)
	a.score = -1
	if f.DueInPeriod > 0 {
		a.score = f.Deductions.score()
		v := a.score.Float()
		f.Score = &v
	}
	if len(a.days) > 0 {
		sum := 0
		for _, d := range a.days {
			sum += d
		}
		f.AvgDaysToClose = rateOf(sum, len(a.days))
		p := NearestRank(a.days, 90)
		f.P90DaysToClose = &p
	}
	return f
}

// rateOf returns n ÷ d, or nil when d is 0.
func rateOf(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	v := float64(n) / float64(d)
	return &v
}

// NearestRank returns the p-th percentile (0 < p ≤ 100) of values by the
// nearest-rank method: the ⌈p·n/100⌉-th smallest value, so that at least p%
// of the values are at or below it and the answer is always one of them.
// It sorts a copy and returns 0 for no values.
func NearestRank(values []int, p int) int {
	if len(values) == 0 {
		return 0
	}
	s := slices.Clone(values)
	slices.Sort(s)
	k := (p*len(s) + 99) / 100 // ⌈p·n/100⌉
	return s[min(max(k, 1), len(s))-1]
}

// meanScore is the mean of scores in points, rounded to a tenth; nil for
// none.
func meanScore(scores []Points) *float64 {
	if len(scores) == 0 {
		return nil
	}
	sum := 0
	for _, s := range scores {
		sum += int(s)
	}
	n := len(scores)
	v := Points((sum*2 + n) / (2 * n)).Float() // rounded half up, in tenths
	return &v
}

// rankOrgs orders all the organisations by on-time closure rate
// (RankEntry).
func rankOrgs(figs []OrgFigures) []RankEntry {
	out := make([]RankEntry, len(figs))
	for i, f := range figs {
		out[i] = RankEntry{OrgID: f.OrgID, Name: f.Name, NameEn: f.NameEn, Closed: f.Closed,
			ClosedOnTime: f.ClosedOnTime, OnTimeRate: f.OnTimeRate, DueInPeriod: f.DueInPeriod,
			DueClosedOnTime: f.DueClosedOnTime, Score: f.Score, NoClosed: f.DueInPeriod == 0,
			NoWork: f.DueInPeriod == 0}
	}
	st := func(e RankEntry) standing {
		return standing{due: e.DueInPeriod, onTime: e.DueClosedOnTime, score: e.Score, name: e.Name, id: e.OrgID}
	}
	slices.SortStableFunc(out, func(a, b RankEntry) int { return cmpStanding(st(a), st(b)) })
	for i := range out {
		switch {
		case out[i].NoWork:
		case i > 0 && cmpRate(st(out[i-1]), st(out[i])) == 0:
			out[i].Rank = out[i-1].Rank
		default:
			out[i].Rank = i + 1
		}
	}
	return out
}

// standing is what a unit is ranked by.
type standing struct {
	due, onTime int
	score       *float64
	name        string
	id          int64
}

// cmpRate orders two units with work due by on-time rate alone, higher
// first, compared as fractions so that 1/2 and 2/4 tie.
func cmpRate(a, b standing) int { return cmp.Compare(b.onTime*a.due, a.onTime*b.due) }

// cmpStanding orders units for a ranking: those with work due first, by
// rate, then by score (highest first), work due (most first), name and
// id; those without, by name and id.
func cmpStanding(a, b standing) int {
	if a.due == 0 || b.due == 0 {
		return cmp.Or(cmp.Compare(b2i(a.due == 0), b2i(b.due == 0)), cmp.Compare(a.name, b.name), cmp.Compare(a.id, b.id))
	}
	return cmp.Or(cmpRate(a, b), cmp.Compare(scoreOf(b.score), scoreOf(a.score)), cmp.Compare(b.due, a.due),
		cmp.Compare(a.name, b.name), cmp.Compare(a.id, b.id))
}

// scoreOf is a score for ordering: none is below every score.
func scoreOf(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

// categoryAcc accumulates the work due per service category.
type categoryAcc struct {
	at   map[string]int
	rows []CategoryFigures
}

func newCategoryAcc() *categoryAcc {
	a := &categoryAcc{at: map[string]int{}}
	for _, c := range append(Categories(), "") {
		a.at[c] = len(a.rows)
		a.rows = append(a.rows, CategoryFigures{Category: c})
	}
	return a
}

func (a *categoryAcc) add(category string, l ReportTaskLine) {
	i, ok := a.at[category]
	if !ok {
		i = a.at[""] // a category the list no longer has: counted with none
	}
	f := &a.rows[i]
	f.DueInPeriod++
	f.DueClosed += b2i(l.DueClosed)
	f.DueClosedOnTime += b2i(l.DueOnTime)
}

// figures returns every category, and the row of none only when it has work.
func (a *categoryAcc) figures() []CategoryFigures {
	out := make([]CategoryFigures, 0, len(a.rows))
	for _, f := range a.rows {
		if f.Category == "" && f.DueInPeriod == 0 {
			continue
		}
		f.OnTimeRate = rateOf(f.DueClosedOnTime, f.DueInPeriod)
		f.ClosureRate = rateOf(f.DueClosed, f.DueInPeriod)
		out = append(out, f)
	}
	return out
}

// buildHotspotFigures computes the hot-spot total and the per-community rows.
func buildHotspotFigures(in ReportInput) (HotspotFigures, []HotspotFigures) {
	at := make(map[int64]int, len(in.Communities))
	rows := make([]HotspotFigures, len(in.Communities))
	for i, c := range in.Communities {
		at[c.ID] = i
		rows[i] = HotspotFigures{CommunityID: c.ID, Name: c.Name, NameEn: c.NameEn, Region: c.Region}
	}
	var total HotspotFigures
	for _, h := range in.Hotspots {
		i, ok := at[h.CommunityID]
		if !ok {
			continue
		}
		rows[i].add(h, in.From, in.To)
		total.add(h, in.From, in.To)
	}
	for i := range rows {
		rows[i].rates()
	}
	total.rates()
	return total, rows
}

func (f *HotspotFigures) add(h ReportHotspotItem, from, to Date) {
	f.Reported += b2i(dateWithin(h.ReportedOn, from, to))
	f.Dispatched += b2i(dateWithin(h.DispatchedOn, from, to))
	f.Resolved += b2i(dateWithin(h.ResolvedOn, from, to))
	if !dateWithin(h.FeedbackOn, from, to) {
		return
	}
	switch h.Satisfaction {
	case Satisfied:
		f.Satisfied++
	case BasicallySatisfied:
		f.BasicallySatisfied++
	case Unsatisfied:
		f.Unsatisfied++
	default:
		return // no answer recorded: not feedback
	}
	f.Feedback++
	f.Reopened += b2i(h.Reopens > 0)
}

func (f *HotspotFigures) rates() {
	f.SatisfactionRate = rateOf(f.Satisfied+f.BasicallySatisfied, f.Feedback)
	f.ReopenRate = rateOf(f.Reopened, f.Feedback)
}
