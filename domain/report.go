package domain

import (
	"cmp"
	"slices"
	"sync"

	"xietong/domain/calendar"
)

// Report is a supervision report (督查通报) for one period and scope. It is
// computed by BuildReport from plain inputs, with no store and no clock, so
// that every figure can be checked by hand against a fixture
// (report_test.go) and the same numbers reach the JSON, the Excel workbook
// and the mail. The caller scopes the report (province, city,
// organisation, community) by choosing the inputs; BuildReport only counts.
//
// General rules behind every figure:
//   - Dates are civil dates in the configured zone. The period From–To is
//     inclusive. "Now" figures (open, overdue) are judged on Today, the
//     report date, not on To.
//   - Only the lead organisation (主办) is accountable: a task counts for its
//     lead, never for its co-organisers, so each task is counted once and the
//     organisations' figures add up to the total.
//   - A task whose lead is not in ReportInput.Orgs, and a hot-spot whose
//     community is not in ReportInput.Communities, is outside the scope and
//     counts nowhere.
//   - Working days are counted on the official calendar (调休 weekends count,
//     public holidays do not) with Calendar.WorkingDaysBetween, which counts
//     the days after the first date up to and including the second.
//   - A rate is a fraction from 0 to 1, and nil when its denominator is 0:
//     "no data" is never shown as 0%.
type Report struct {
	Scope           string
	From, To, Today Date
	// Total is the figures of all the organisations together (OrgID 0): the
	// counts are the sums of OrgFigures, the rates and days are computed
	// over the pooled tasks.
	Total      OrgFigures
	OrgFigures []OrgFigures // one per ReportInput.Orgs, in its order
	Ranking    []RankEntry
	Overdue    []OverdueItem
	// HotspotTotal is over every community in scope (CommunityID 0);
	// HotspotFigures has one row per ReportInput.Communities, in its order.
	HotspotTotal   HotspotFigures
	HotspotFigures []HotspotFigures
	// Progress is the campaign's progress to its target as of the period's
	// end (ReportProgress); nil for an organisation's or a community's
	// report, and when BuildReport alone made the report: the figures come
	// from the register's history, not from ReportInput.
	Progress *ReportProgress
	Tasks    []ReportTaskLine
	// Policy is the deduction policy the composite scores were computed
	// with (its Version names it; ReportInput.Policy).
	Policy ReportPolicy
	// Groups ranks the units within their peer groups (PeerGroups order):
	// the housing bureaus, the notice's three partner groups and the
	// cities; a group with no unit in scope is left out.
	Groups []RankGroup
	// Categories breaks the work due in the period down by service
	// category, in the order of Categories(), then tasks with none ("").
	Categories []CategoryFigures
	// Cases lists the typical cases first published in a monthly report's
	// month; nil for other reports (report_cases.go).
	Cases *CaseSection
	// Pilots lists what each pilot still owes of its five ones (试点 五个一
	// 未完成事项); nil when the report has no pilot section (no source
	// wired, or a scope that is not the province's or a city's).
	Pilots *PilotReport
}

// PilotReport is the report's pilot section: the items not done, pilots
// and items in checklist order, as of the report's day.
type PilotReport struct {
	Owed []PilotOwed
}

// CategoryFigures are the period's work due (应办结) of one service
// category, over every organisation in scope.
type CategoryFigures struct {
	Category        string // one of Categories(), or "" for none
	DueInPeriod     int
	DueClosed       int
	DueClosedOnTime int
	// OnTimeRate is DueClosedOnTime ÷ DueInPeriod and ClosureRate
	// DueClosed ÷ DueInPeriod; nil when DueInPeriod is 0.
	OnTimeRate  *float64
	ClosureRate *float64
}

// OrgFigures are one organisation's figures, as its lead organisation.
type OrgFigures struct {
	OrgID                      int64
	Name, NameEn, Type, Region string
	// Assigned counts the tasks assigned (交办) in the period.
	Assigned int
	// AcceptedOnTime counts the tasks assigned in the period that were
	// accepted (签收) within one working day: at most one working day
	// between AssignedOn and AcceptedOn, so a task assigned on Friday may be
	// accepted over the weekend or on the next working day. A task not yet
	// accepted does not count.
	AcceptedOnTime int
	// Closed counts the tasks closed (办结) in the period, whenever they
	// were assigned.
	Closed int
	// ClosedOnTime counts the closed tasks that were closed on or before
	// their deadline. The deadline is the current one, so a granted
	// extension counts.
	ClosedOnTime int
	// Open counts the tasks open on Today: assigned on or before it and not
	// closed on or before it, whenever assigned.
	Open int
	// OpenOverdue counts the open tasks overdue on Today: at least one
	// working day has passed after the deadline (DaysOverdue ≥ 1).
	OpenOverdue int
	// OverdueRate is OpenOverdue ÷ Open; nil when nothing is open.
	OverdueRate *float64
	// AvgDaysToClose and P90DaysToClose are the mean and the 90th percentile
	// of the working days from assignment to closure of the closed tasks
	// (WorkingDaysBetween(AssignedOn, ClosedOn)); the percentile is the
	// nearest rank: the ⌈0.9·n⌉-th smallest value. Nil when nothing closed.
	AvgDaysToClose *float64
	P90DaysToClose *int
	// ExtensionsAsked, ExtensionsGranted, Returns (退回), Transfers (转办
	// requests) and Reopens are summed over the tasks assigned in the
	// period, over their whole history up to Today.
	ExtensionsAsked   int
	ExtensionsGranted int
	Returns           int
	Transfers         int
	Reopens           int

	// The figures of the work due in the period, as practice defines them.
	//
	// DueInPeriod (应办结) counts the tasks whose deadline (the one in
	// force, extensions included) falls in the period up to Today, closed
	// or not, plus the tasks closed in the period whatever their deadline,
	// each once. A deadline after Today is not yet due, so a report on a
	// period still under way counts only what has fallen due.
	DueInPeriod int
	// DueClosed (已办结) counts those of them closed on or before Today.
	DueClosed int
	// DueClosedOnTime (按期办结) counts those closed on or before their
	// deadline; DueClosedLate (超期办结) those closed after it. A deadline
	// is a working day (one set on a rest day moves to the next working
	// day), so "after it" is at least the next calendar day.
	DueClosedOnTime int
	DueClosedLate   int
	// DueOpenOverdue (超期未办结) counts those still open on Today and past
	// their deadline (deadline before Today). On a working day it is the
	// part of OpenOverdue that is due in the period; on a rest day it also
	// counts a task due on the last working day, which the overdue list
	// turns red only on the next working day.
	DueOpenOverdue int
	// OverdueDays sums the working days overdue (DaysOverdue) of the tasks
	// closed late (up to the closing day) and open past their deadline (up
	// to Today). A task closed on the rest day right after its deadline is
	// late by no working day: it lowers the on-time rate but costs no day.
	OverdueDays int
	// OnTimeRate is the on-time closure rate (按期办结率): DueClosedOnTime ÷
	// DueInPeriod, so work still open past its deadline lowers it; nil when
	// DueInPeriod is 0 (no work due: listed apart, never 0%). Until
	// 2026-12 it was ClosedOnTime ÷ Closed.
	OnTimeRate *float64
	// ClosureRate is the closure rate (办结率): DueClosed ÷ DueInPeriod; nil
	// when DueInPeriod is 0.
	ClosureRate *float64
	// Score is the composite score (综合得分) under Report.Policy: 100 less
	// Deductions.Total, never below 0; nil when DueInPeriod is 0. Total's
	// Score is the mean of the organisations' scores.
	Score      *float64
	Deductions Deductions
}

// RankEntry is one organisation's place in the ranking of all the
// organisations together by on-time closure rate (the peer groups are in
// Report.Groups).
type RankEntry struct {
	// Rank is the standard competition rank ("1224"): organisations with the
	// same rate (compared exactly, as fractions) share a rank and the next
	// rank skips. Within a tie the order is by score, highest first, then
	// by work due, most first, then by name. Rank is 0 for an organisation
	// with no work due in the period: it has no rate and is listed after
	// the ranked ones, never as 0%.
	Rank         int
	OrgID        int64
	Name, NameEn string
	Closed       int
	ClosedOnTime int
	OnTimeRate   *float64
	// DueInPeriod and DueClosedOnTime are the rate's denominator and
	// numerator (OrgFigures).
	DueInPeriod     int
	DueClosedOnTime int
	Score           *float64
	// NoWork is set when the organisation had no work due in the period
	// (DueInPeriod 0): it has no rate and is listed after the ranked ones,
	// by name. NoClosed is the same flag, kept for the API's old field.
	NoClosed bool
	NoWork   bool
}

// OverdueItem is one task of the overdue list: open on Today and at least
// one working day past its deadline. The list is sorted by DaysOverdue, most
// first, then by deadline and task id.
type OverdueItem struct {
	TaskID        int64
	Title         string
	OrgID         int64
	OrgName       string
	OrgNameEn     string
	CommunityID   int64
	CommunityName string
	Priority      Priority
	AssignedOn    Date
	Due           Date
	OriginalDue   Date
	DaysOverdue   int // working days after Due up to and including Today
	LadderStep    string
	Listed        bool
}

// HotspotFigures are the hot-spot figures of one community, or of all of
// them (CommunityID 0).
type HotspotFigures struct {
	CommunityID          int64
	Name, NameEn, Region string
	Reported             int // reported in the period
	Dispatched           int // first dispatched in the period
	Resolved             int // resolved in the period
	// Feedback counts the hot-spots whose latest satisfaction feedback was
	// given in the period, split by its answer.
	Feedback           int
	Satisfied          int
	BasicallySatisfied int
	Unsatisfied        int
	// Reopened counts those of Feedback that the community ever sent back
	// as unsatisfied (Reopens ≥ 1).
	Reopened int
	// SatisfactionRate is (Satisfied + BasicallySatisfied) ÷ Feedback and
	// ReopenRate is Reopened ÷ Feedback; nil when Feedback is 0.
	SatisfactionRate *float64
	ReopenRate       *float64
}

// ReportTaskLine is one row of the raw task list: every task in scope that
// was assigned or closed in the period or was due in it (DueIn), by task id. Older tasks still open
// on Today count in the figures, and the overdue ones are in
// Report.Overdue, but they are not listed again: at the scale of a
// province the backlog would make the list (and the workbook mailed to
// leadership) hundreds of thousands of rows long.
type ReportTaskLine struct {
	*ReportTask   // the input's task, shared: a line is a few words, not a copy
	OrgName       string
	CommunityName string
	AssignedIn    bool // assigned in the period
	ClosedIn      bool // closed in the period
	ClosedOnTime  bool // closed in the period, on or before its deadline
	// DueIn says the task is work due in the period (OrgFigures.DueInPeriod);
	// DueClosed, DueOnTime, DueLate and DueOpenOverdue place it, and
	// LateDays is its working days overdue (OrgFigures.OverdueDays).
	DueIn, DueClosed, DueOnTime, DueLate, DueOpenOverdue bool
	LateDays                                             int
	DaysToClose                                          int  // when ClosedIn
	Open                                                 bool // open on Today
	OpenOverdue                                          bool
	DaysOverdue                                          int // when Open
	AcceptedInTime                                       bool
}

// BuildReport computes the supervision report of in with the working-day
// calendar cal. It does not change in. Only tasks assigned, closed or due
// in the period or open on Today can count, so a caller with many tasks
// should pass those alone; the others are skipped.
func BuildReport(in ReportInput, cal *calendar.Calendar) Report {
	r := Report{Scope: in.Scope, From: in.From, To: in.To, Today: in.Today}
	orgAt := make(map[int64]int, len(in.Orgs))
	acc := make([]orgFiguresAcc, len(in.Orgs))
	for i, o := range in.Orgs {
		orgAt[o.ID] = i
		acc[i].f = OrgFigures{OrgID: o.ID, Name: o.Name, NameEn: o.NameEn, Type: o.Type, Region: o.Region}
	}
	communities := make(map[int64]ReportCommunity, len(in.Communities))
	for _, c := range in.Communities {
		communities[c.ID] = c
	}
	if in.Policy.Version == 0 {
		in.Policy = DefaultReportPolicy()
	}
	r.Policy = in.Policy
	cutoff := OverdueCutoff(cal, in.Today)
	n, over := 0, 0 // the lines and overdue items are large: allocate them once
	for t := range in.AllTasks() {
		if _, ok := orgAt[t.LeadOrgID]; ok {
			n += b2i(inPeriod(&in, t) || dueIn(&in, t))
			over += b2i(taskOpenOn(t, in.Today) && t.Due.Before(cutoff))
		}
	}
	r.Tasks = make([]ReportTaskLine, 0, n)
	r.Overdue = make([]OverdueItem, 0, over)
	var total orgFiguresAcc
	cats := newCategoryAcc()
	for t := range in.AllTasks() {
		i, ok := orgAt[t.LeadOrgID]
		if !ok || !countsInReport(&in, t) {
			continue
		}
		l := classifyTask(&in, cal, cutoff, t)
		l.OrgName = in.Orgs[i].Name
		l.CommunityName = communities[t.CommunityID].Name
		acc[i].add(l)
		total.add(l)
		if l.DueIn {
			cats.add(t.Category, l)
		}
		if l.AssignedIn || l.ClosedIn || l.DueIn {
			r.Tasks = append(r.Tasks, l)
		}
		if l.OpenOverdue {
			r.Overdue = append(r.Overdue, newOverdueItem(l, in.Orgs[i]))
		}
	}
	for org, n := range in.OpenCounts {
		if i, ok := orgAt[org]; ok {
			acc[i].f.Open += n
			total.f.Open += n
		}
	}
	for _, h := range in.Hotspots {
		if h.Satisfaction != Unsatisfied || !dateWithin(h.FeedbackOn, in.From, in.To) {
			continue
		}
		charged := map[int64]bool{}
		for _, org := range h.LeadOrgIDs {
			if i, ok := orgAt[org]; ok && !charged[org] {
				charged[org] = true
				acc[i].f.Deductions.Unsatisfied++
				total.f.Deductions.Unsatisfied++
			}
		}
	}
	r.OrgFigures = make([]OrgFigures, len(acc))
	var scores []Points
	for i := range acc {
		r.OrgFigures[i] = acc[i].figures(in.Policy)
		if s := acc[i].score; s >= 0 {
			scores = append(scores, s)
		}
	}
	r.Total = total.figures(in.Policy)
	r.Total.Score = meanScore(scores)
	r.Categories = cats.figures()
	// The two long lists sort at once: at a province's scale they are a
	// third of the report's time.
	var sorted sync.WaitGroup
	sorted.Go(func() { r.Tasks = sortKeyed(r.Tasks, func(l *ReportTaskLine) [3]int64 { return [3]int64{l.ID} }) })
	r.Overdue = sortKeyed(r.Overdue, func(o *OverdueItem) [3]int64 {
		return [3]int64{-int64(o.DaysOverdue), dateKey(o.Due), o.TaskID}
	})
	sorted.Wait()
	r.Ranking = rankOrgs(r.OrgFigures)
	r.Groups = rankGroups(in.Orgs, r.OrgFigures)
	r.HotspotTotal, r.HotspotFigures = buildHotspotFigures(in)
	return r
}

// sortKeyed sorts s by the keys key gives each element, compared in
// order, and returns it. It sorts small (keys, position) pairs, which sit
// together in memory, and then moves each out-of-place element once,
// following the permutation's cycles, within s: a province's report sorts
// over a hundred thousand lines, and a sorted copy would have been as
// large again. The keys must tell every element apart, as a task ID does,
// so that the order is fully determined.
func sortKeyed[T any](s []T, key func(*T) [3]int64) []T {
	type keyed struct {
		k [3]int64
		i int32 // the position the element comes from; -1 once placed
	}
	ks := make([]keyed, len(s))
	for i := range s {
		ks[i] = keyed{key(&s[i]), int32(i)}
	}
	order := func(x, y keyed) int {
		return cmp.Or(cmp.Compare(x.k[0], y.k[0]), cmp.Compare(x.k[1], y.k[1]), cmp.Compare(x.k[2], y.k[2]))
	}
	if slices.IsSortedFunc(ks, order) {
		return s // rows read in task order are already in place
	}
	slices.SortFunc(ks, order)
	// Position j takes the element at ks[j].i: walk each cycle once,
	// holding its first element aside.
	for j := range ks {
		if ks[j].i < 0 || int(ks[j].i) == j {
			continue
		}
		held, at := s[j], j
		for {
			from := int(ks[at].i)
			ks[at].i = -1
			if from == j {
				s[at] = held
				break
			}
			s[at] = s[from]
			at = from
		}
	}
	return s
}

// dateKey orders dates as numbers: YYYYMMDD.
func dateKey(d Date) int64 { return int64(d.Year)*10000 + int64(d.Month)*100 + int64(d.Day) }

// countsInReport reports whether t can count in the report: assigned or
// closed in the period, due in it, or open on Today.
func countsInReport(in *ReportInput, t *ReportTask) bool {
	return dateWithin(t.AssignedOn, in.From, in.To) || dateWithin(t.ClosedOn, in.From, in.To) ||
		taskOpenOn(t, in.Today) || dueIn(in, t)
}

// dueEnd is the last day whose deadlines are due in the report: the
// period's last day, or Today when the period is still under way.
func dueEnd(in *ReportInput) Date {
	if in.Today.Before(in.To) {
		return in.Today
	}
	return in.To
}

// closedBy reports whether t is closed on or before day.
func closedBy(t *ReportTask, day Date) bool { return !t.ClosedOn.IsZero() && !t.ClosedOn.After(day) }

// dueIn reports whether t is work due in the period (OrgFigures.DueInPeriod):
// assigned by Today, and due from the period's first day to dueEnd, or
// closed in the period by Today.
func dueIn(in *ReportInput, t *ReportTask) bool {
	if t.AssignedOn.After(in.Today) {
		return false
	}
	return dateWithin(t.Due, in.From, dueEnd(in)) || closedBy(t, in.Today) && dateWithin(t.ClosedOn, in.From, in.To)
}

// inPeriod reports whether t was assigned or closed in the period: a line
// of the raw task list.
func inPeriod(in *ReportInput, t *ReportTask) bool {
	return dateWithin(t.AssignedOn, in.From, in.To) || dateWithin(t.ClosedOn, in.From, in.To)
}

// taskOpenOn reports whether t is open on day: assigned on or before it and
// not closed on or before it.
func taskOpenOn(t *ReportTask, day Date) bool {
	return !t.AssignedOn.After(day) && (t.ClosedOn.IsZero() || t.ClosedOn.After(day))
}

// classifyTask works out what one task contributes to the report.
func classifyTask(in *ReportInput, cal *calendar.Calendar, cutoff Date, t *ReportTask) ReportTaskLine {
	l := ReportTaskLine{ReportTask: t}
	l.AssignedIn = dateWithin(t.AssignedOn, in.From, in.To)
	l.AcceptedInTime = !t.AcceptedOn.IsZero() && cal.WorkingDaysBetween(t.AssignedOn, t.AcceptedOn) <= 1
	l.ClosedIn = dateWithin(t.ClosedOn, in.From, in.To)
	if l.ClosedIn {
		l.ClosedOnTime = !t.ClosedOn.After(t.Due)
		l.DaysToClose = cal.WorkingDaysBetween(t.AssignedOn, t.ClosedOn)
	}
	if l.DueIn = dueIn(in, t); l.DueIn {
		l.DueClosed = closedBy(t, in.Today)
		switch {
		case l.DueClosed && !t.ClosedOn.After(t.Due):
			l.DueOnTime = true
		case l.DueClosed:
			l.DueLate, l.LateDays = true, DaysOverdue(cal, t.Due, t.ClosedOn)
		case t.Due.Before(in.Today):
			l.DueOpenOverdue, l.LateDays = true, DaysOverdue(cal, t.Due, in.Today)
		}
	}
	l.Open = taskOpenOn(t, in.Today)
	if l.Open {
		l.OpenOverdue = t.Due.Before(cutoff)
		l.DaysOverdue = DaysOverdue(cal, t.Due, in.Today)
	}
	return l
}

// dateWithin reports whether d is a date from from to to, both included.
func dateWithin(d, from, to Date) bool {
	return !d.IsZero() && !d.Before(from) && !d.After(to)
}

func newOverdueItem(l ReportTaskLine, o ReportOrg) OverdueItem {
	return OverdueItem{TaskID: l.ID, Title: l.Title, OrgID: o.ID, OrgName: o.Name, OrgNameEn: o.NameEn,
		CommunityID: l.CommunityID, CommunityName: l.CommunityName, Priority: l.Priority,
		AssignedOn: l.AssignedOn, Due: l.Due, OriginalDue: l.OriginalDue, DaysOverdue: l.DaysOverdue,
		LadderStep: l.LadderStep, Listed: l.Listed}
}
