package domain_test

import (
	"fmt"
	"testing"

	"xietong/domain"
	"xietong/domain/reporttest"
)

// The work-due fixture: March 2025 (no holiday in it), reported on Monday
// 2025-04-07, the first working day after 清明 (Fri 04-04 – Sun 04-06).
//
//	org  type (group)             region (city)       task  category  due    closed  assigned
//	A 1  housing (housing)        xian                a1    elderly   03-10  03-07   03-03
//	                                                  a2    children  03-03  open    02-24  step supervise
//	B 2  housing (housing)        baoji               b1    children  03-03  open    02-24  listed
//	C 3  housing (housing)        xian                c1    disabled  03-14  03-17   03-03  returned once
//	                                                  c2    disabled  04-30  03-20   03-10
//	                                                  c3    disabled  03-05  02-27   02-20
//	                                                  c4    disabled  03-31  04-01   03-17
//	                                                  c5    disabled  04-15  open    03-20
//	                                                  c6    disabled  02-20  02-25   02-10
//	D 4  housing (housing)        xian                d1    other     04-20  open    03-25
//	E 5  public_security (superv.) mianxian (hanzhong) e1   elderly   03-12  03-12   03-05  reopened once
//	F 6  trade_union (particip.)  xian                —
//
// Work due (应办结): due 03-01…03-31, or closed 03-01…03-31, each once.
//
//	a1 due in ✓ closed 03-07 ≤ 03-10: on time
//	a2 due in ✓ open, past 03-03: 超期未办结; working days 03-04…04-07 =
//	   March 4–7, 10–14, 17–21, 24–28, 31 (20) + April 1–3, 7 (4) = 24
//	b1 the same: 超期未办结, 24 days
//	c1 due in ✓ closed 03-17 > 03-14: 超期办结, 1 working day (Mon 03-17)
//	c2 closed in the period ✓ (due after it), 03-20 ≤ 04-30: on time
//	c3 due in ✓ (closed before the period), 02-27 ≤ 03-05: on time
//	c4 due in ✓ closed 04-01 (after the period, before the report date)
//	   > 03-31: 超期办结, 1 working day
//	c5, d1 due after the period, open: not due; c6 all before it: nothing
//	e1 due in ✓ closed on its due day: on time
//
//	org  due  closed  on time  late  open overdue  days  on-time rate  closure rate
//	A     2     1        1      0        1          24      1/2           1/2
//	B     1     0        0      0        1          24      0/1           0/1
//	C     4     4        2      2        0           2      2/4           4/4
//	D     0     —                                           none (本期无应办结事项)
//	E     1     1        1      0        0           0      1/1           1/1
//	F     0
//	all   8     6        4      2        2          50      4/8           6/8
//
// Scores under the default policy (points off, in points):
//
//	A: 24 days × 0.5 = 12; a2 supervise = 2 steps × 1 = 2        → 86.0
//	B: 24 days × 0.5 = 12; b1 listed = 3 steps × 1 = 3           → 85.0
//	C: 2 days × 0.5 = 1; one return × 1 = 1                      → 98.0
//	E: one reopen × 2 = 2; one unsatisfied hot-spot × 3 = 3      → 95.0
//	all: the mean (86 + 85 + 98 + 95) / 4                        → 91.0
//
// Under the old definition (closed on time ÷ closed) A was first at 100%
// and B unranked; now A ties C at 50% (C first by score), B is last at 0%.
//
// Peer groups: housing C 1, A 1, B 3, D idle; supervise E 1; participate
// F idle. Cities: hanzhong (E) 1/1 → 1; xian (A, C, D, F) 3/6, score
// mean(86, 98) = 92 → 2; baoji (B) 0/1 → 3.
func dueFixture() domain.ReportInput {
	d := repDate
	orgs := []domain.ReportOrg{
		{ID: 1, Name: "甲住建局", Type: "housing", Region: "xian"},
		{ID: 2, Name: "乙住建局", Type: "housing", Region: "baoji"},
		{ID: 3, Name: "丙住建局", Type: "housing", Region: "xian"},
		{ID: 4, Name: "丁住建局", Type: "housing", Region: "xian"},
		{ID: 5, Name: "勉县公安局", Type: "public_security", Region: "mianxian"},
		{ID: 6, Name: "西安市总工会", Type: "trade_union", Region: "xian"},
	}
	closed, open := domain.StatusClosed, domain.StatusInProgress
	task := func(id, org int64, cat string, assigned, due, closedOn domain.Date) domain.ReportTask {
		st := open
		if !closedOn.IsZero() {
			st = closed
		}
		return domain.ReportTask{ID: id, Title: fmt.Sprint("task ", id), LeadOrgID: org, Category: cat,
			Priority: domain.PriorityNormal, Status: st, AssignedOn: assigned, Due: due, ClosedOn: closedOn}
	}
	none := domain.Date{}
	a2 := task(12, 1, "children", d(2025, 2, 24), d(2025, 3, 3), none)
	a2.LadderStep = string(domain.StepSupervise)
	b1 := task(21, 2, "children", d(2025, 2, 24), d(2025, 3, 3), none)
	b1.LadderStep, b1.Listed = string(domain.StepListed), true
	c1 := task(31, 3, "disabled", d(2025, 3, 3), d(2025, 3, 14), d(2025, 3, 17))
	c1.Returns = 1
	e1 := task(51, 5, "elderly", d(2025, 3, 5), d(2025, 3, 12), d(2025, 3, 12))
	e1.Reopens, e1.HotspotID = 1, 7
	return domain.ReportInput{Scope: "全省", From: d(2025, 3, 1), To: d(2025, 3, 31), Today: d(2025, 4, 7),
		Orgs: orgs,
		Tasks: []domain.ReportTask{
			task(11, 1, "elderly", d(2025, 3, 3), d(2025, 3, 10), d(2025, 3, 7)), a2, b1, c1,
			task(32, 3, "disabled", d(2025, 3, 10), d(2025, 4, 30), d(2025, 3, 20)),
			task(33, 3, "disabled", d(2025, 2, 20), d(2025, 3, 5), d(2025, 2, 27)),
			task(34, 3, "disabled", d(2025, 3, 17), d(2025, 3, 31), d(2025, 4, 1)),
			task(35, 3, "disabled", d(2025, 3, 20), d(2025, 4, 15), none),
			task(36, 3, "disabled", d(2025, 2, 10), d(2025, 2, 20), d(2025, 2, 25)),
			task(41, 4, "other", d(2025, 3, 25), d(2025, 4, 20), none), e1,
		},
		Hotspots: []domain.ReportHotspotItem{{ID: 7, CommunityID: 1, Status: domain.HotspotDispatched,
			ReportedOn: d(2025, 3, 1), DispatchedOn: d(2025, 3, 5), FeedbackOn: d(2025, 3, 20),
			Satisfaction: domain.Unsatisfied, Reopens: 1, LeadOrgIDs: []int64{5}}},
	}
}

func TestReportDueFigures(t *testing.T) {
	r := domain.BuildReport(dueFixture(), reporttest.Calendar())
	type row struct {
		org                                                 int64
		due, closed, onTime, late, openOverdue, overdueDays int
		onTimeRate, closureRate, score                      *float64
	}
	score := func(v float64) *float64 { return &v }
	want := []row{
		{1, 2, 1, 1, 0, 1, 24, repRate(1, 2), repRate(1, 2), score(86)},
		{2, 1, 0, 0, 0, 1, 24, repRate(0, 1), repRate(0, 1), score(85)},
		{3, 4, 4, 2, 2, 0, 2, repRate(2, 4), repRate(4, 4), score(98)},
		{4, 0, 0, 0, 0, 0, 0, nil, nil, nil},
		{5, 1, 1, 1, 0, 0, 0, repRate(1, 1), repRate(1, 1), score(95)},
		{6, 0, 0, 0, 0, 0, 0, nil, nil, nil},
		{0, 8, 6, 4, 2, 2, 50, repRate(4, 8), repRate(6, 8), score(91)},
	}
	for i, w := range want {
		g := r.Total
		if w.org != 0 {
			g = r.OrgFigures[i]
		}
		got := row{g.OrgID, g.DueInPeriod, g.DueClosed, g.DueClosedOnTime, g.DueClosedLate, g.DueOpenOverdue,
			g.OverdueDays, g.OnTimeRate, g.ClosureRate, g.Score}
		if got.org != w.org || got.due != w.due || got.closed != w.closed || got.onTime != w.onTime ||
			got.late != w.late || got.openOverdue != w.openOverdue || got.overdueDays != w.overdueDays ||
			!repSameF(got.onTimeRate, w.onTimeRate) || !repSameF(got.closureRate, w.closureRate) ||
			!repSameF(got.score, w.score) {
			t.Errorf("org %d:\n got %v %s %s %s\nwant %v %s %s %s", w.org, got, repF(got.onTimeRate),
				repF(got.closureRate), repF(got.score), w, repF(w.onTimeRate), repF(w.closureRate), repF(w.score))
		}
	}
	if d := r.OrgFigures[4].Deductions; d.Reopens != 1 || d.Unsatisfied != 1 || d.ReopenPoints != 20 ||
		d.UnsatisfiedPoints != 30 || d.Total != 50 {
		t.Errorf("E's deductions: got %+v", d)
	}
	if r.Policy.Version != 1 {
		t.Errorf("policy: got version %d, want the default (1)", r.Policy.Version)
	}
}

func TestReportPeerGroups(t *testing.T) {
	r := domain.BuildReport(dueFixture(), reporttest.Calendar())
	got := map[string]string{}
	for _, g := range r.Groups {
		s := ""
		for _, e := range g.Ranked {
			s += fmt.Sprintf("%d:%s/%d ", e.Rank, e.Name, e.DueClosedOnTime)
		}
		s += "idle"
		for _, e := range g.Idle {
			s += " " + e.Name
		}
		got[g.Key] = s
	}
	want := map[string]string{
		domain.GroupHousing:     "1:丙住建局/2 1:甲住建局/1 3:乙住建局/0 idle 丁住建局",
		domain.GroupSupervise:   "1:勉县公安局/1 idle",
		domain.GroupParticipate: "idle 西安市总工会",
		domain.GroupCity:        "1:汉中市/1 2:西安市/3 3:宝鸡市/0 idle",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("groups:\n got %v\nwant %v", got, want)
	}
	var order []string
	for _, g := range r.Groups {
		order = append(order, g.Key)
	}
	if fmt.Sprint(order) != "[housing supervise participate city]" {
		t.Errorf("group order: %v", order)
	}
	for _, g := range r.Groups {
		if g.Key == domain.GroupCity {
			if x := g.Ranked[1]; x.Region != "xian" || x.DueInPeriod != 6 || !repSameF(x.Score, repRate(92, 1)) {
				t.Errorf("xian: got %+v score %s", x, repF(x.Score))
			}
		}
	}
	// The whole ranking: B is last at 0%, not unranked; D and F apart.
	var rank []string
	for _, e := range r.Ranking {
		rank = append(rank, fmt.Sprintf("%d:%d", e.Rank, e.OrgID))
	}
	if fmt.Sprint(rank) != "[1:5 2:3 2:1 4:2 0:4 0:6]" {
		t.Errorf("ranking: got %v", rank)
	}
}

func TestReportCategories(t *testing.T) {
	r := domain.BuildReport(dueFixture(), reporttest.Calendar())
	got := map[string]string{}
	for _, c := range r.Categories {
		if c.DueInPeriod > 0 {
			got[c.Category] = fmt.Sprintf("%d %d %d %s %s", c.DueInPeriod, c.DueClosed, c.DueClosedOnTime,
				repF(c.OnTimeRate), repF(c.ClosureRate))
		} else if c.OnTimeRate != nil {
			t.Errorf("%s: a rate with no work due", c.Category)
		}
	}
	want := map[string]string{
		"elderly":  "2 2 2 1.000000 1.000000",
		"children": "2 0 0 0.000000 0.000000",
		"disabled": "4 4 2 0.500000 1.000000",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("categories:\n got %v\nwant %v", got, want)
	}
	if len(r.Categories) != len(domain.Categories()) || r.Categories[0].Category != domain.Categories()[0] {
		t.Errorf("categories: got %d rows starting %q, want every category in order", len(r.Categories), r.Categories[0].Category)
	}
}

// TestReportPolicyScores checks that a score follows the policy it is
// computed with, caps included: A under a policy of 1 point a day capped at
// 20 loses 20 (not 24) + 2 → 78.
func TestReportPolicyScores(t *testing.T) {
	in := dueFixture()
	in.Policy = domain.DefaultReportPolicy()
	in.Policy.Version = 2
	in.Policy.OverdueDay = domain.DeductionRule{Per: 10, Cap: 200}
	r := domain.BuildReport(in, reporttest.Calendar())
	if s := r.OrgFigures[0].Score; s == nil || *s != 78 || r.Policy.Version != 2 {
		t.Errorf("A under version 2: got %s (policy %d), want 78", repF(s), r.Policy.Version)
	}
	bad := domain.DefaultReportPolicy()
	bad.Return.Per = -1
	if err := bad.Validate(); domain.ErrorKey(err) != "report.policy_points_invalid" {
		t.Errorf("negative points: got %v", err)
	}
}

// TestReportPeriodUnderWay checks that a deadline after the report date is
// not yet due: the March report as of 03-12 counts a1 (due 03-10) and e1
// (due 03-12, closed that day), not a2's 03-14 peer.
func TestReportPeriodUnderWay(t *testing.T) {
	in := dueFixture()
	in.Today = repDate(2025, 3, 12)
	r := domain.BuildReport(in, reporttest.Calendar())
	// Due by 03-12: a1, a2, b1, c3, e1 (c1 is due 03-14; c2 closes later).
	if r.Total.DueInPeriod != 5 {
		t.Errorf("due by 03-12: got %d, want 5", r.Total.DueInPeriod)
	}
}
