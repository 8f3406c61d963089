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
	f    OrgFigures
	days []int // working days to close of the closed tasks
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
}

func (a *orgFiguresAcc) figures() OrgFigures {
	f := a.f
	f.OnTimeRate = rateOf(f.ClosedOnTime, f.Closed)
	f.OverdueRate = rateOf(f.OpenOverdue, f.Open)
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

// rankOrgs orders the organisations by on-time closure rate (RankEntry).
func rankOrgs(figs []OrgFigures) []RankEntry {
	out := make([]RankEntry, len(figs))
	for i, f := range figs {
		out[i] = RankEntry{OrgID: f.OrgID, Name: f.Name, NameEn: f.NameEn, Closed: f.Closed,
			ClosedOnTime: f.ClosedOnTime, OnTimeRate: f.OnTimeRate, NoClosed: f.Closed == 0,
			NoWork: f.Closed == 0 && f.Assigned == 0 && f.Open == 0}
	}
	slices.SortStableFunc(out, func(a, b RankEntry) int {
		return cmp.Or(cmpStanding(a, b), cmp.Compare(b.Closed, a.Closed),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.OrgID, b.OrgID))
	})
	for i := range out {
		switch {
		case out[i].NoClosed:
		case i > 0 && cmpStanding(out[i-1], out[i]) == 0:
			out[i].Rank = out[i-1].Rank
		default:
			out[i].Rank = i + 1
		}
	}
	return out
}

// cmpStanding orders two entries by standing alone: a higher rate first,
// compared as fractions so that 1/2 and 2/4 tie; then those with no closed
// task, with work before without.
func cmpStanding(a, b RankEntry) int {
	if a.NoClosed || b.NoClosed {
		return cmp.Or(cmp.Compare(b2i(a.NoClosed), b2i(b.NoClosed)), cmp.Compare(b2i(a.NoWork), b2i(b.NoWork)))
	}
	return cmp.Compare(b.ClosedOnTime*a.Closed, a.ClosedOnTime*b.Closed)
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

// buildProgress computes the campaign progress, or nil with no communities.
func buildProgress(cs []ReportCommunity) *CampaignProgress {
	if len(cs) == 0 {
		return nil
	}
	p := &CampaignProgress{TargetPercent: CampaignTargetPercent}
	at := map[string]int{}
	for _, c := range cs {
		i, ok := at[c.Region]
		if !ok {
			i = len(p.Regions)
			at[c.Region] = i
			p.Regions = append(p.Regions, ProgressRow{Region: c.Region})
		}
		p.Regions[i].Total++
		p.Regions[i].Named += b2i(c.Named)
		p.Total.Total++
		p.Total.Named += b2i(c.Named)
	}
	slices.SortFunc(p.Regions, func(a, b ProgressRow) int { return cmp.Compare(a.Region, b.Region) })
	for i := range p.Regions {
		p.Regions[i].finish()
	}
	p.Total.finish()
	return p
}

func (r *ProgressRow) finish() {
	r.Share = float64(r.Named) / float64(r.Total)
	need := (r.Total*CampaignTargetPercent + 99) / 100 // ⌈Total·target⌉
	r.Met = r.Named >= need
	r.ToTarget = max(0, need-r.Named)
}
