package domain_test

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/reporttest"
)

// The fixture (domain/reporttest) spans the Spring Festival 2025; its
// comments give the working-day index C(d) that every count below is a
// difference of, and say per task what it is for. Today is Sunday
// 2025-02-16, so the overdue cutoff is Friday 02-14 and DaysOverdue is
// 16 − C(due).

// TestReportFixtureCalendar checks the fixture's hand-made working-day index
// against the calendar, so that a slip in it shows up here and not as a
// puzzling figure below.
func TestReportFixtureCalendar(t *testing.T) {
	cal := reporttest.Calendar()
	for day, want := range reporttest.WorkingDayIndex() {
		if got := cal.WorkingDaysBetween(reporttest.IndexOrigin, day); got != want {
			t.Errorf("C(%v): got %d, want %d", day, got, want)
		}
	}
}

var repDate = calendar.NewDate

// repRate and repInt make the optional figures of a want row; nil means "no data".
func repRate(n, d float64) *float64 { v := n / d; return &v }
func repInt(n int) *int             { return &n }

func repF(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%.6f", *p)
}

func repI(p *int) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func repSameF(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || math.Abs(*a-*b) < 1e-12)
}

func repSameI(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// TestReportOrgFigures checks every figure of every organisation and of
// the total against the hand count in reporttest.Tasks.
func TestReportOrgFigures(t *testing.T) {
	type row struct {
		name                                     string
		org                                      int64
		assigned, acceptedOnTime, closed, onTime int
		onTimeRate                               *float64
		open, overdue                            int
		overdueRate                              *float64
		avg                                      *float64
		p90                                      *int
		extAsked, extGranted, returns, transfers int
		reopens                                  int
	}
	want := []row{
		// tasks 7, 8, 10; days [4 3] → avg 7/2, P90 rank ⌈1.8⌉=2 of [3 4] → 4
		{"公安", reporttest.Police, 3, 2, 2, 2, repRate(3, 3), 1, 0, repRate(0, 1), repRate(7, 2), repInt(4), 0, 0, 1, 0, 0},
		// tasks 1, 2, 3 (closed only), 4, 27; days [3 5 7] → avg 15/3, P90 rank ⌈2.7⌉=3 → 7
		{"民政", reporttest.Civil, 4, 3, 3, 3, repRate(3, 3), 2, 0, repRate(0, 2), repRate(15, 3), repInt(7), 0, 0, 0, 0, 1},
		// tasks 16–19; days [4 3] → 7/2, P90 4
		{"卫健", reporttest.Health, 4, 3, 2, 1, repRate(1, 4), 2, 1, repRate(1, 2), repRate(7, 2), repInt(4), 1, 1, 0, 0, 0},
		// tasks 5, 6; days [9 4] → 13/2, P90 9; nothing open: no overdue rate
		{"人社", reporttest.Labour, 2, 2, 2, 1, repRate(1, 2), 0, 0, nil, repRate(13, 2), repInt(9), 1, 1, 0, 0, 0},
		// tasks 11–13, 14 (closed only), 15; days [6 6 5 20] → 37/4, P90 rank ⌈3.6⌉=4 of [5 6 6 20] → 20
		{"教育", reporttest.Education, 4, 3, 4, 2, repRate(2, 5), 1, 1, repRate(1, 1), repRate(37, 4), repInt(20), 2, 0, 0, 1, 0},
		// tasks 20 (closed only), 21 (open only), 22, 23; days [11]
		{"司法", reporttest.Justice, 2, 2, 1, 0, repRate(0, 4), 3, 3, repRate(3, 3), repRate(11, 1), repInt(11), 0, 0, 2, 0, 0},
		// tasks 24, 25; nothing closed: no rate, no days
		{"妇联", reporttest.Women, 2, 1, 0, 0, repRate(0, 1), 2, 1, repRate(1, 2), nil, nil, 1, 0, 0, 1, 0},
		// task 26 lies before the period: nothing at all
		{"残联", reporttest.Disabled, 0, 0, 0, 0, nil, 0, 0, nil, nil, nil, 0, 0, 0, 0, 0},
		// Total: the column sums; days pooled, 14 values summing to
		// 7+15+7+13+37+11 = 90, sorted [3 3 3 4 4 4 5 5 6 6 7 9 11 20],
		// P90 rank ⌈12.6⌉ = 13 → 11
		{"total", 0, 21, 16, 14, 9, repRate(10, 22), 11, 6, repRate(6, 11), repRate(90, 14), repInt(11), 5, 2, 3, 2, 1},
	}
	r := reporttest.Report()
	if len(r.OrgFigures) != 8 {
		t.Fatalf("got %d organisations, want 8", len(r.OrgFigures))
	}
	for i, w := range want {
		t.Run(w.name, func(t *testing.T) {
			g := r.Total
			if w.org != 0 {
				g = r.OrgFigures[i]
			}
			if g.OrgID != w.org {
				t.Fatalf("row %d: got org %d, want %d (input order)", i, g.OrgID, w.org)
			}
			counts := []struct {
				name      string
				got, want int
			}{
				{"Assigned", g.Assigned, w.assigned},
				{"AcceptedOnTime", g.AcceptedOnTime, w.acceptedOnTime},
				{"Closed", g.Closed, w.closed},
				{"ClosedOnTime", g.ClosedOnTime, w.onTime},
				{"Open", g.Open, w.open},
				{"OpenOverdue", g.OpenOverdue, w.overdue},
				{"ExtensionsAsked", g.ExtensionsAsked, w.extAsked},
				{"ExtensionsGranted", g.ExtensionsGranted, w.extGranted},
				{"Returns", g.Returns, w.returns},
				{"Transfers", g.Transfers, w.transfers},
				{"Reopens", g.Reopens, w.reopens},
			}
			for _, c := range counts {
				if c.got != c.want {
					t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
				}
			}
			rates := []struct {
				name      string
				got, want *float64
			}{
				{"OnTimeRate", g.OnTimeRate, w.onTimeRate},
				{"OverdueRate", g.OverdueRate, w.overdueRate},
				{"AvgDaysToClose", g.AvgDaysToClose, w.avg},
			}
			for _, c := range rates {
				if !repSameF(c.got, c.want) {
					t.Errorf("%s: got %s, want %s", c.name, repF(c.got), repF(c.want))
				}
			}
			if !repSameI(g.P90DaysToClose, w.p90) {
				t.Errorf("P90DaysToClose: got %s, want %s", repI(g.P90DaysToClose), repI(w.p90))
			}
		})
	}
	if r.Scope != "西安市" || r.From != repDate(2025, 1, 20) || r.To != repDate(2025, 2, 16) || r.Today != repDate(2025, 2, 16) {
		t.Errorf("header: got %q %v %v %v", r.Scope, r.From, r.To, r.Today)
	}
}

// TestReportRanking checks the competition ranking of all the
// organisations by on-time closure rate over the work due in the period
// (TestReportDueFigures has the rates' arithmetic): two tied at 100%
// (ordered by score), and two tied at 0% that are ranked, since they had
// work due; the one with none is listed after, unranked.
func TestReportRanking(t *testing.T) {
	want := []struct {
		rank     int
		org      int64
		rate     *float64
		noClosed bool
		noWork   bool
	}{
		{1, reporttest.Civil, repRate(3, 3), false, false},     // 3/3, score 100
		{1, reporttest.Police, repRate(3, 3), false, false},    // 3/3, score 99 (a return)
		{3, reporttest.Labour, repRate(1, 2), false, false},    // 1/2
		{4, reporttest.Education, repRate(2, 5), false, false}, // 2/5
		{5, reporttest.Health, repRate(1, 4), false, false},    // 1/4
		{6, reporttest.Women, repRate(0, 1), false, false},     // 0/1, score 90.5
		{6, reporttest.Justice, repRate(0, 4), false, false},   // 0/4, score 78.5
		{0, reporttest.Disabled, nil, true, true},              // no work due
	}
	got := reporttest.Report().Ranking
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Rank != w.rank || g.OrgID != w.org || !repSameF(g.OnTimeRate, w.rate) || g.NoClosed != w.noClosed || g.NoWork != w.noWork {
			t.Errorf("place %d: got rank %d org %d rate %s noClosed %v noWork %v; want rank %d org %d rate %s noClosed %v noWork %v",
				i+1, g.Rank, g.OrgID, repF(g.OnTimeRate), g.NoClosed, g.NoWork, w.rank, w.org, repF(w.rate), w.noClosed, w.noWork)
		}
	}
}

// TestReportOverdue checks the overdue list: open on Today and due before
// the cutoff 02-14, most days overdue first, ties by deadline.
func TestReportOverdue(t *testing.T) {
	want := []struct {
		task   int64
		org    int64
		days   int
		step   string
		listed bool
		comm   string
	}{
		{25, reporttest.Women, 13, "listed_supervision", true, "兰博公寓"},   // due 01-22: 16−3
		{21, reporttest.Justice, 11, "listed_supervision", true, "金合尙居"}, // due 01-24: 16−5
		{22, reporttest.Justice, 9, "supervise", false, ""},              // due 01-27: 16−7
		{15, reporttest.Education, 5, "supervise", false, ""},            // due 02-08 (调休 Sat): 16−11
		{23, reporttest.Justice, 5, "urge", false, ""},                   // due 02-09 (Sun): 16−11, later deadline
		{18, reporttest.Health, 1, "urge", false, "纺织城小区"},               // due 02-13: 16−15
	}
	got := reporttest.Report().Overdue
	if len(got) != len(want) {
		t.Fatalf("got %d overdue, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.TaskID != w.task || g.OrgID != w.org || g.DaysOverdue != w.days || g.LadderStep != w.step ||
			g.Listed != w.listed || g.CommunityName != w.comm {
			t.Errorf("place %d: got task %d org %d days %d step %q listed %v community %q; want %d %d %d %q %v %q",
				i+1, g.TaskID, g.OrgID, g.DaysOverdue, g.LadderStep, g.Listed, g.CommunityName,
				w.task, w.org, w.days, w.step, w.listed, w.comm)
		}
	}
	if got[0].OrgName != "西安市妇女联合会" || got[0].Due != repDate(2025, 1, 22) || got[0].Priority != domain.PriorityUrgent {
		t.Errorf("first item: got %+v", got[0])
	}
}

// TestReportHotspots checks the hot-spot figures per community and in total.
func TestReportHotspots(t *testing.T) {
	type row struct {
		comm                                 int64
		reported, dispatched, resolved       int
		feedback, sat, basic, unsat, reopend int
		satRate, reopenRate                  *float64
	}
	want := []row{
		{101, 2, 2, 2, 2, 1, 1, 0, 1, repRate(2, 2), repRate(1, 2)}, // hot-spots 1, 2
		{102, 2, 1, 0, 1, 0, 0, 1, 1, repRate(0, 1), repRate(1, 1)}, // 3, 4: a real 0% satisfied
		{103, 0, 0, 0, 0, 0, 0, 0, 0, nil, nil},
		{201, 0, 0, 1, 1, 1, 0, 0, 0, repRate(1, 1), repRate(0, 1)}, // 5: only resolved in the period
		{301, 1, 1, 0, 0, 0, 0, 0, 0, nil, nil},                     // 6; 7 lies before the period
		{401, 1, 0, 0, 0, 0, 0, 0, 0, nil, nil},                     // 8, rejected
		{402, 0, 0, 0, 0, 0, 0, 0, 0, nil, nil},
		// total: reported 1,2,3,4,6,8; dispatched 1,2,3,6; resolved 1,2,5;
		// feedback 1,2,3,5: (2+1)/4 satisfied, reopened 2 and 3: 2/4
		{0, 6, 4, 3, 4, 2, 1, 1, 2, repRate(3, 4), repRate(2, 4)},
	}
	r := reporttest.Report()
	if len(r.HotspotFigures) != 7 {
		t.Fatalf("got %d community rows, want 7", len(r.HotspotFigures))
	}
	for i, w := range want {
		g := r.HotspotTotal
		if w.comm != 0 {
			g = r.HotspotFigures[i]
		}
		gotRow := row{g.CommunityID, g.Reported, g.Dispatched, g.Resolved, g.Feedback, g.Satisfied,
			g.BasicallySatisfied, g.Unsatisfied, g.Reopened, nil, nil}
		wantRow := w
		wantRow.satRate, wantRow.reopenRate = nil, nil
		if gotRow != wantRow || !repSameF(g.SatisfactionRate, w.satRate) || !repSameF(g.ReopenRate, w.reopenRate) {
			t.Errorf("community %d: got %+v sat %s reopen %s; want %+v sat %s reopen %s", w.comm, gotRow,
				repF(g.SatisfactionRate), repF(g.ReopenRate), wantRow, repF(w.satRate), repF(w.reopenRate))
		}
	}
	if r.HotspotFigures[0].Name != "米家崖小区" || r.HotspotFigures[0].Region != "xian" {
		t.Errorf("row 0 names: got %+v", r.HotspotFigures[0])
	}
}

// TestReportTaskLines checks which tasks the raw list holds and what it
// says of some of them.
func TestReportTaskLines(t *testing.T) {
	r := reporttest.Report()
	// All but 26 (before the period) and 28 (lead not in scope): 9 (closed
	// before the period) and 21 (assigned before it and still open) are
	// listed because they were due in it.
	var ids []int64
	for _, l := range r.Tasks {
		ids = append(ids, l.ID)
	}
	want := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Fatalf("task ids: got %v, want %v", ids, want)
	}
	byID := map[int64]domain.ReportTaskLine{}
	for _, l := range r.Tasks {
		byID[l.ID] = l
	}
	tests := []struct {
		name string
		id   int64
		ok   func(l domain.ReportTaskLine) bool
	}{
		{"closed on a Sunday after a 调休 Saturday deadline is late by no working day", 6,
			func(l domain.ReportTaskLine) bool {
				return l.ClosedIn && !l.ClosedOnTime && l.DueLate && l.LateDays == 0 && l.DaysToClose == 4
			}},
		{"assigned before the period, closed in it", 3,
			func(l domain.ReportTaskLine) bool { return !l.AssignedIn && l.ClosedIn && l.DaysToClose == 7 }},
		{"closed after Today is open on Today", 23,
			func(l domain.ReportTaskLine) bool {
				return l.Open && l.OpenOverdue && !l.ClosedIn && l.DaysOverdue == 5
			}},
		{"Friday deadline is not overdue on Sunday", 19,
			func(l domain.ReportTaskLine) bool { return l.Open && !l.OpenOverdue && l.DaysOverdue == 0 }},
		{"names filled in", 1,
			func(l domain.ReportTaskLine) bool {
				return l.OrgName == "西安市民政局" && l.CommunityName == "米家崖小区"
			}},
		{"accepted across the festival within one working day", 6,
			func(l domain.ReportTaskLine) bool { return l.AcceptedInTime }},
		{"never accepted", 25,
			func(l domain.ReportTaskLine) bool { return !l.AcceptedInTime && l.Open && l.DaysOverdue == 13 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if l := byID[tt.id]; !tt.ok(l) {
				t.Errorf("task %d: got %+v", tt.id, l)
			}
		})
	}
}

// TestReportNearestRank checks the percentile on its own.
func TestReportNearestRank(t *testing.T) {
	seq := func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = n - i // descending: NearestRank must sort
		}
		return s
	}
	tests := []struct {
		name   string
		values []int
		p      int
		want   int
	}{
		{"none", nil, 90, 0},
		{"one", []int{7}, 90, 7},
		{"two", []int{9, 4}, 90, 9},       // ⌈1.8⌉ = 2
		{"ten", seq(10), 90, 9},           // ⌈9⌉ = 9
		{"eleven", seq(11), 90, 10},       // ⌈9.9⌉ = 10
		{"twenty", seq(20), 90, 18},       // ⌈18⌉ = 18
		{"median of four", seq(4), 50, 2}, // ⌈2⌉ = 2
		{"max", seq(5), 100, 5},
		{"ties", []int{3, 3, 3, 20}, 90, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]int(nil), tt.values...)
			if got := domain.NearestRank(tt.values, tt.p); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
			if fmt.Sprint(in) != fmt.Sprint(tt.values) {
				t.Errorf("values changed: %v, were %v", tt.values, in)
			}
		})
	}
}

// TestReportEmpty: no tasks at all gives zero counts and nil rates, every
// organisation unranked with no work, and no overdue list.
func TestReportEmpty(t *testing.T) {
	in := domain.ReportInput{From: repDate(2025, 1, 20), To: repDate(2025, 2, 16), Today: repDate(2025, 2, 16), Orgs: reporttest.Orgs()}
	r := domain.BuildReport(in, reporttest.Calendar())
	if r.Total.OnTimeRate != nil || r.Total.OverdueRate != nil || r.Total.AvgDaysToClose != nil || r.Total.P90DaysToClose != nil {
		t.Errorf("total: got %+v, want no rates", r.Total)
	}
	for _, e := range r.Ranking {
		if e.Rank != 0 || !e.NoWork {
			t.Errorf("got %+v, want unranked, no work", e)
		}
	}
	// With nobody ranked the order is by name.
	if r.Ranking[0].OrgID != reporttest.Labour || r.Ranking[1].OrgID != reporttest.Police {
		t.Errorf("order: got %d, %d first; want %d, %d", r.Ranking[0].OrgID, r.Ranking[1].OrgID, reporttest.Labour, reporttest.Police)
	}
	if len(r.Overdue) != 0 || len(r.Tasks) != 0 || r.HotspotTotal.SatisfactionRate != nil {
		t.Errorf("got %d overdue, %d tasks, hot-spot rate %v; want none", len(r.Overdue), len(r.Tasks), r.HotspotTotal.SatisfactionRate)
	}
}

// BenchmarkReportBuild builds the March 2025 province report over 200
// organisations from 100k and 1M tasks assigned over the year before, a
// fifth of them open (the 1M tasks with 200k open). The store
// should pass only the tasks that can count; this passes them all.
func BenchmarkReportBuild(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			in := domain.ReportInput{Scope: "全省", From: repDate(2025, 3, 1), To: repDate(2025, 3, 31), Today: repDate(2025, 3, 31)}
			for i := range 200 {
				in.Orgs = append(in.Orgs, domain.ReportOrg{ID: int64(i + 1), Name: fmt.Sprint("单位", i+1)})
			}
			in.Tasks = make([]domain.ReportTask, n)
			for i := range in.Tasks {
				assigned := repDate(2024, 4, 1).AddDays(i % 365)
				t := domain.ReportTask{ID: int64(i + 1), LeadOrgID: int64(i%200 + 1), AssignedOn: assigned,
					AcceptedOn: assigned.AddDays(i % 3), Due: assigned.AddDays(10 + i%7)}
				if i%5 != 0 {
					t.ClosedOn = assigned.AddDays(3 + i%13)
				}
				in.Tasks[i] = t
			}
			cal := reporttest.Calendar()
			b.ReportAllocs()
			for b.Loop() {
				domain.BuildReport(in, cal)
			}
		})
	}
}

// TestReportOpenCounts checks that counting the open tasks that are neither
// overdue nor the period's, instead of passing them, gives the same report.
func TestReportOpenCounts(t *testing.T) {
	cal := reporttest.Calendar()
	full := reporttest.Input()
	// The fixture's older open tasks are all overdue: add three that are
	// not, for two organisations, one due on the cutoff day itself.
	cutoff := domain.OverdueCutoff(cal, full.Today)
	lead := full.Orgs[0].ID
	for i, due := range []domain.Date{cutoff, cutoff.AddDays(30), cutoff.AddDays(60)} {
		if i == 2 {
			lead = full.Orgs[1].ID
		}
		full.Tasks = append(full.Tasks, domain.ReportTask{ID: int64(900 + i), Title: "长期任务", LeadOrgID: lead,
			Priority: domain.PriorityNormal, Status: domain.StatusInProgress, AssignedOn: full.From.AddDays(-40),
			Due: due})
	}
	counted := full
	counted.Tasks, counted.OpenCounts = nil, map[int64]int{}
	moved := 0
	for _, task := range full.Tasks {
		inPeriod := !task.AssignedOn.Before(full.From) && !task.AssignedOn.After(full.To)
		open := !task.AssignedOn.After(full.Today) && (task.ClosedOn.IsZero() || task.ClosedOn.After(full.Today))
		dueIn := !task.Due.Before(full.From) && !task.Due.After(full.To)
		if open && !inPeriod && !dueIn && task.ClosedOn.IsZero() && !task.Due.Before(cutoff) {
			counted.OpenCounts[task.LeadOrgID]++
			moved++
			continue
		}
		counted.Tasks = append(counted.Tasks, task)
	}
	if moved == 0 {
		t.Fatal("the fixture has no task to count: the test proves nothing")
	}
	want, got := domain.BuildReport(full, cal), domain.BuildReport(counted, cal)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with %d tasks counted instead of passed the report differs:\n got  %+v\n want %+v", moved,
			got.OrgFigures, want.OrgFigures)
	}
}

// TestSortKeyed checks the keyed sort against the standard one.
func TestSortKeyed(t *testing.T) {
	r := reporttest.Report()
	want := slices.Clone(r.Overdue)
	got := slices.Clone(r.Overdue)
	slices.Reverse(got)
	cmpItems := func(a, b domain.OverdueItem) int {
		return cmp.Or(cmp.Compare(b.DaysOverdue, a.DaysOverdue), a.Due.Compare(b.Due), cmp.Compare(a.TaskID, b.TaskID))
	}
	slices.SortFunc(want, cmpItems)
	got = domain.SortKeyedForTest(got, func(o *domain.OverdueItem) [3]int64 {
		return [3]int64{-int64(o.DaysOverdue), domain.DateKeyForTest(o.Due), o.TaskID}
	})
	if !reflect.DeepEqual(got, want) || len(got) < 3 {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// TestSortKeyedPermutations sorts shuffles of many elements, whose
// permutations have cycles of every length, in place against the standard
// sort: each element must land exactly once.
func TestSortKeyedPermutations(t *testing.T) {
	type elem struct {
		id   int64
		name string
	}
	for _, n := range []int{0, 1, 2, 3, 10, 1000} {
		for seed := range uint64(5) {
			r := rand.New(rand.NewPCG(seed, uint64(n)))
			s := make([]elem, n)
			for i := range s {
				s[i] = elem{int64(i), fmt.Sprint("e", i)}
			}
			r.Shuffle(n, func(i, j int) { s[i], s[j] = s[j], s[i] })
			want := slices.Clone(s)
			slices.SortFunc(want, func(a, b elem) int { return cmp.Compare(b.id, a.id) })
			got := domain.SortKeyedForTest(s, func(e *elem) [3]int64 { return [3]int64{-e.id} })
			if !slices.Equal(got, want) {
				t.Fatalf("n %d seed %d: got %v\nwant %v", n, seed, got, want)
			}
		}
	}
}
