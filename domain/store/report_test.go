package store_test

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store"
	"xietong/domain/store/storetest"
)

// reportWorld builds a supervision report's data through the real services,
// moving a clock between the actions so that every date is known.
type reportWorld struct {
	t        *testing.T
	db       *storetest.DB
	now      time.Time
	tasks    *domain.TaskService
	hotspots *domain.HotspotService
	cal      *domain.CalendarService
	lead     domain.Actor
	police   domain.Actor
	health   domain.Actor
	baoji    domain.Actor
	resident domain.Actor // of xian-mijiaya
	org      map[string]int64
	comm     map[string]int64
}

var sh = storetest.Shanghai

// at is an instant in Shanghai in February or March 2025.
func at(m time.Month, d, hh, mm int) time.Time { return time.Date(2025, m, d, hh, mm, 0, 0, sh) }

var day = calendar.NewDate

func newReportWorld(t *testing.T, db *storetest.DB) *reportWorld {
	t.Helper()
	ctx := context.Background()
	w := &reportWorld{t: t, db: db, now: storetest.Now, org: map[string]int64{}, comm: map[string]int64{}}
	now := func() time.Time { return w.now }
	db.SetClock(now)
	w.cal = &domain.CalendarService{Store: db.Store, Now: now}
	w.tasks = &domain.TaskService{Store: db.Store, Now: now, Calendar: w.cal, Location: sh}
	w.hotspots = &domain.HotspotService{Store: db.Store, Now: now, Tasks: w.tasks}
	users := &domain.UserService{Store: db.Store, Hasher: storetest.FastHasher, Now: now,
		Policy: domain.DefaultLoginPolicy(), SessionTTL: time.Hour, APITokenTTL: time.Hour, MinPasswordLength: 10}
	for key, code := range map[string]string{"police": "xian-public_security", "health": "xian-health",
		"baoji": "baoji-public_security"} {
		o, err := db.OrganizationByCode(ctx, code)
		if err != nil {
			t.Fatalf("organisation %s: %v", code, err)
		}
		w.org[key] = o.ID
	}
	for key, code := range map[string]string{"mijiaya": "xian-mijiaya", "lanbo": "xian-lanbo"} {
		c, err := db.CommunityByCode(ctx, code)
		if err != nil {
			t.Fatalf("community %s: %v", code, err)
		}
		w.comm[key] = c.ID
	}
	actor := func(c domain.CreateUser) domain.Actor {
		c.Email, c.Password = c.Username+"@example.cn", "user-password-1"
		u, err := users.CreateUser(ctx, domain.SystemActor(), c)
		if err != nil {
			t.Fatalf("create user %s: %v", c.Username, err)
		}
		return domain.ActorOf(u, domain.ChannelAPI, "")
	}
	w.lead = actor(domain.CreateUser{Username: "lead", Role: domain.RoleLead})
	w.police = actor(domain.CreateUser{Username: "police", Role: domain.RoleDepartment, OrgCode: "xian-public_security"})
	w.health = actor(domain.CreateUser{Username: "health", Role: domain.RoleDepartment, OrgCode: "xian-health"})
	w.baoji = actor(domain.CreateUser{Username: "baoji", Role: domain.RoleDepartment, OrgCode: "baoji-public_security"})
	w.resident = actor(domain.CreateUser{Username: "resident", Role: domain.RoleCommunity, CommunityCode: "xian-mijiaya"})
	return w
}

// task assigns a task at instant when: led by org, due in five working days
// unless due is given.
func (w *reportWorld) task(when time.Time, title string, org int64, community int64, due calendar.Date) int64 {
	w.t.Helper()
	w.now = when
	c := domain.CreateTask{Title: title, LeadOrgID: org, CommunityID: community, DueDate: due}
	if due.IsZero() {
		c.DueInWorkingDays = 5
	}
	d, err := w.tasks.Create(context.Background(), w.lead, c)
	if err != nil {
		w.t.Fatalf("create %s: %v", title, err)
	}
	return d.ID
}

// act takes the actions in order at instant when.
func (w *reportWorld) act(when time.Time, a domain.Actor, id int64, cmds ...domain.TaskCommand) {
	w.t.Helper()
	w.now = when
	for _, c := range cmds {
		if _, err := w.tasks.Act(context.Background(), a, id, c); err != nil {
			w.t.Fatalf("task %d %s: %v", id, c.Action, err)
		}
	}
}

func cmd(a domain.Action) domain.TaskCommand { return domain.TaskCommand{Action: a, Note: "说明"} }

// closeTask takes a task from assigned to closed, the closure at instant when.
func (w *reportWorld) closeTask(id int64, dept domain.Actor, accepted, when time.Time) {
	w.t.Helper()
	w.act(accepted, dept, id, cmd(domain.ActAccept), cmd(domain.ActSubmit))
	w.act(when, w.lead, id, cmd(domain.ActClose))
}

// reportIDs are the tasks of the fixture, named by what they test.
type reportIDs struct {
	openOld, closedBefore, closedEarlyMorning, closedAfterPeriod, returned, transfer, hotspotTask,
	closedAfterToday, baoji, assignedAfterPeriod, hotspot, dueInClosedBefore int64
}

// build writes the fixture. The period is the week 2025-03-03 (Mon) to
// 03-09 (Sun); the report date is Wednesday 03-12. There are no holidays
// in these weeks, so working days are Monday to Friday.
func (w *reportWorld) build() reportIDs {
	w.t.Helper()
	ctx := context.Background()
	police, health := w.org["police"], w.org["health"]
	var ids reportIDs
	// Assigned 02-20 (Thu), due 02-28, accepted 02-21, extended to 03-05:
	// open on 03-12 and 5 working days overdue (03-06, 07, 10, 11, 12).
	ids.openOld = w.task(at(2, 20, 9, 0), "旧任务延期", police, 0, day(2025, 2, 28))
	w.act(at(2, 21, 10, 0), w.police, ids.openOld, cmd(domain.ActAccept))
	w.act(at(2, 24, 9, 0), w.police, ids.openOld,
		domain.TaskCommand{Action: domain.ActRequestExtension, DueDate: day(2025, 3, 5), Note: "需要协调"})
	w.act(at(2, 24, 11, 0), w.lead, ids.openOld, cmd(domain.ActApproveExtension))
	// Closed before the period: outside the report.
	ids.closedBefore = w.task(at(2, 20, 9, 5), "早已办结", police, 0, calendar.Date{})
	w.closeTask(ids.closedBefore, w.police, at(2, 21, 9, 0), at(2, 21, 15, 0))
	// Closed at 07:00 on 03-03 in Shanghai, still 03-02 in UTC: in the
	// period. Due 02-27 (5 working days after 02-20), so 2 days late.
	ids.closedEarlyMorning = w.task(at(2, 20, 9, 10), "清晨办结", police, 0, calendar.Date{})
	w.closeTask(ids.closedEarlyMorning, w.police, at(3, 2, 20, 0), at(3, 3, 7, 0))
	// Closed at 06:00 on 03-10 in Shanghai, still 03-09 in UTC: after the
	// period and before the report date, so outside the report.
	ids.closedAfterPeriod = w.task(at(2, 20, 9, 15), "周一清晨办结", police, 0, calendar.Date{})
	w.closeTask(ids.closedAfterPeriod, w.police, at(3, 7, 9, 0), at(3, 10, 6, 0))
	// Due 03-04, in the period, but closed on 02-25, before it: work due in
	// the period (closed on time), read only for its deadline.
	ids.dueInClosedBefore = w.task(at(2, 20, 9, 25), "期内到期提前办结", police, 0, day(2025, 3, 4))
	w.closeTask(ids.dueInClosedBefore, w.police, at(2, 24, 9, 0), at(2, 25, 15, 0))
	// Closed on 03-11: outside a report as of 03-12, open in one as of 03-10.
	ids.closedAfterToday = w.task(at(2, 20, 9, 20), "次日办结", police, 0, calendar.Date{})
	w.closeTask(ids.closedAfterToday, w.police, at(3, 7, 9, 0), at(3, 11, 10, 0))
	// Assigned in the period, accepted the same day, returned once, closed
	// 03-05 (due 03-10): on time, 2 working days to close.
	ids.returned = w.task(at(3, 3, 9, 0), "退回后办结", police, w.comm["mijiaya"], calendar.Date{})
	w.act(at(3, 3, 10, 0), w.police, ids.returned, cmd(domain.ActAccept), cmd(domain.ActSubmit))
	w.act(at(3, 4, 9, 0), w.lead, ids.returned, cmd(domain.ActReturn))
	w.act(at(3, 5, 9, 0), w.police, ids.returned, cmd(domain.ActSubmit))
	w.act(at(3, 5, 16, 0), w.lead, ids.returned, cmd(domain.ActClose))
	// Health, in Lanbo, assigned 03-04 (due 03-11), a transfer asked and
	// refused, never accepted: open and 1 day overdue on 03-12.
	ids.transfer = w.task(at(3, 4, 9, 0), "申请转办", health, w.comm["lanbo"], calendar.Date{})
	w.act(at(3, 5, 9, 0), w.health, ids.transfer, cmd(domain.ActRequestTransfer))
	w.act(at(3, 5, 10, 0), w.lead, ids.transfer, cmd(domain.ActRejectTransfer))
	// Another region's organisation: in the province, not in Xi'an.
	ids.baoji = w.task(at(3, 4, 9, 30), "宝鸡任务", w.org["baoji"], 0, calendar.Date{})
	// Assigned after the period, before the report date: open on it.
	ids.assignedAfterPeriod = w.task(at(3, 11, 9, 0), "本周新任务", police, 0, calendar.Date{})

	// A hot-spot reported 03-03, dispatched 03-04, its task closed 03-05,
	// sent back unsatisfied 03-06 (the task reopens), closed again 03-07
	// and answered satisfied on Saturday 03-08.
	w.now = at(3, 3, 10, 0)
	h, err := w.hotspots.Report(ctx, w.resident, domain.ReportHotspot{Title: "楼道照明损坏", Description: "三号楼",
		CommunityID: w.comm["mijiaya"], Category: "facilities"})
	if err != nil {
		w.t.Fatalf("report hot-spot: %v", err)
	}
	ids.hotspot = h.ID
	w.now = at(3, 4, 9, 0)
	d, err := w.hotspots.Dispatch(ctx, w.lead, h.ID, domain.Dispatch{LeadOrgID: police, DueInWorkingDays: 5})
	if err != nil {
		w.t.Fatalf("dispatch: %v", err)
	}
	ids.hotspotTask = d.ID
	w.closeTask(ids.hotspotTask, w.police, at(3, 4, 10, 0), at(3, 5, 11, 0))
	w.feedback(at(3, 6, 9, 0), h.ID, domain.Unsatisfied)
	w.act(at(3, 7, 9, 0), w.police, ids.hotspotTask, cmd(domain.ActSubmit))
	w.act(at(3, 7, 17, 0), w.lead, ids.hotspotTask, cmd(domain.ActClose))
	w.feedback(at(3, 8, 10, 0), h.ID, domain.Satisfied)

	// The ladder's sweep writes these columns; set them as it would.
	_, err = w.db.DB.NewUpdate().Table("tasks").Set("ladder_step = ?", "urge").Set("listed = ?", true).
		Where("id = ?", ids.openOld).Exec(ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	w.now = at(3, 12, 9, 0)
	return ids
}

func (w *reportWorld) feedback(when time.Time, id int64, s domain.Satisfaction) {
	w.t.Helper()
	w.now = when
	if _, err := w.hotspots.Feedback(context.Background(), w.resident, id, domain.Feedback{Satisfaction: s,
		Note: "仍有问题"}); err != nil {
		w.t.Fatalf("feedback %s: %v", s, err)
	}
}

func (w *reportWorld) input(scope domain.ReportScope, today calendar.Date) domain.ReportInput {
	w.t.Helper()
	cutoff := domain.OverdueCutoff(calendar.New(calendar.Official()...), today)
	in, err := w.db.ReportInput(context.Background(), domain.ReportQuery{Scope: scope, From: day(2025, 3, 3),
		To: day(2025, 3, 9), Today: today, Location: sh, OverdueCutoff: cutoff})
	if err != nil {
		w.t.Fatalf("ReportInput %+v: %v", scope, err)
	}
	in.From, in.To, in.Today = day(2025, 3, 3), day(2025, 3, 9), today
	return in
}

func taskIDs(in domain.ReportInput) []int64 {
	var out []int64
	for t := range in.AllTasks() {
		out = append(out, t.ID)
	}
	slices.Sort(out)
	return out
}

func sorted(ids ...int64) []int64 { slices.Sort(ids); return ids }

func TestReportInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newReportWorld(t, db)
		ids := w.build()
		in := w.input(domain.ReportScope{Kind: domain.ScopeProvince}, day(2025, 3, 12))
		want := sorted(ids.openOld, ids.closedEarlyMorning, ids.returned, ids.transfer, ids.baoji, ids.hotspotTask,
			ids.dueInClosedBefore)
		if got := taskIDs(in); !slices.Equal(got, want) {
			t.Fatalf("tasks: got %v, want %v (closed before, closed 03-10 and closed 03-11 left out; "+
				"assigned after the period and not overdue: counted)", got, want)
		}
		police, health := w.org["police"], w.org["health"]
		// The task assigned 03-11 is open and not overdue on 03-12 and not
		// the period's: it is counted, not loaded.
		if len(in.OpenCounts) != 1 || in.OpenCounts[police] != 1 {
			t.Errorf("open counts: got %v, want police 1", in.OpenCounts)
		}
		wantTasks := map[int64]domain.ReportTask{
			ids.openOld: {LeadOrgID: police, Status: domain.StatusAccepted, AssignedOn: day(2025, 2, 20),
				Due: day(2025, 3, 5), OriginalDue: day(2025, 2, 28), ExtensionsAsked: 1, ExtensionsGranted: 1,
				LadderStep: "urge", Listed: true},
			// Acceptance is read for the period's assignments only: it
			// counts for those alone (accepted on time).
			ids.closedEarlyMorning: {LeadOrgID: police, Status: domain.StatusClosed, AssignedOn: day(2025, 2, 20),
				Due: day(2025, 2, 27), ClosedOn: day(2025, 3, 3)},
			ids.returned: {LeadOrgID: police, CommunityID: w.comm["mijiaya"], Status: domain.StatusClosed,
				AssignedOn: day(2025, 3, 3), Due: day(2025, 3, 10), AcceptedOn: day(2025, 3, 3),
				ClosedOn: day(2025, 3, 5), Returns: 1},
			ids.transfer: {LeadOrgID: health, CommunityID: w.comm["lanbo"], Status: domain.StatusAssigned,
				AssignedOn: day(2025, 3, 4), Due: day(2025, 3, 11), Transfers: 1},
			ids.baoji: {LeadOrgID: w.org["baoji"], Status: domain.StatusAssigned, AssignedOn: day(2025, 3, 4),
				Due: day(2025, 3, 11)},
			ids.assignedAfterPeriod: {LeadOrgID: police, Status: domain.StatusAssigned, AssignedOn: day(2025, 3, 11),
				Due: day(2025, 3, 18)},
			ids.hotspotTask: {LeadOrgID: police, CommunityID: w.comm["mijiaya"], Status: domain.StatusClosed,
				Category: "facilities", HotspotID: ids.hotspot, AssignedOn: day(2025, 3, 4), Due: day(2025, 3, 11),
				AcceptedOn: day(2025, 3, 4), ClosedOn: day(2025, 3, 7), Reopens: 1},
			ids.dueInClosedBefore: {LeadOrgID: police, Status: domain.StatusClosed, AssignedOn: day(2025, 2, 20),
				Due: day(2025, 3, 4), ClosedOn: day(2025, 2, 25)},
		}
		for got := range in.AllTasks() {
			want := wantTasks[got.ID]
			want.ID, want.Title, want.Priority = got.ID, got.Title, domain.PriorityNormal
			if want.Category == "" {
				want.Category = "other" // the column's default
			}
			if *got != want {
				t.Errorf("task %d %s:\n got %+v\nwant %+v", got.ID, got.Title, *got, want)
			}
		}
		wantHotspot := domain.ReportHotspotItem{ID: ids.hotspot, CommunityID: w.comm["mijiaya"],
			Status: domain.HotspotResolved, ReportedOn: day(2025, 3, 3), DispatchedOn: day(2025, 3, 4),
			ResolvedOn: day(2025, 3, 8), FeedbackOn: day(2025, 3, 8), Satisfaction: domain.Satisfied, Reopens: 1}
		if len(in.Hotspots) != 1 || !reflect.DeepEqual(in.Hotspots[0], wantHotspot) {
			t.Errorf("hot-spots:\n got %+v\nwant [%+v]", in.Hotspots, wantHotspot)
		}
		orgs, err := db.Organizations(context.Background(), domain.OrgFilter{}, domain.Page{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Orgs) != len(orgs) || len(in.Communities) != 5 {
			t.Errorf("province: %d organisations, %d communities; want all %d and 5", len(in.Orgs),
				len(in.Communities), len(orgs))
		}
		checkProvinceFigures(t, in, w.calendar(), police, health)
	})
}

// checkProvinceFigures checks a few figures of BuildReport by hand against
// the fixture of build (Today 03-12).
func checkProvinceFigures(t *testing.T, in domain.ReportInput, cal *calendar.Calendar, police, health int64) {
	t.Helper()
	r := domain.BuildReport(in, cal)
	figs := map[int64]domain.OrgFigures{}
	for _, f := range r.OrgFigures {
		figs[f.OrgID] = f
	}
	p := figs[police]
	// Assigned in the period: returned, hot-spot task (both accepted the
	// day they came). Closed in it: early morning (late), returned and
	// hot-spot task (on time). Open on 03-12: the old task (overdue) and
	// the one assigned 03-11.
	if p.Assigned != 2 || p.AcceptedOnTime != 2 || p.Closed != 3 || p.ClosedOnTime != 2 || p.Open != 2 ||
		p.OpenOverdue != 1 || p.Returns != 1 || p.Reopens != 1 || p.ExtensionsAsked != 0 {
		t.Errorf("police: got %+v", p)
	}
	// Due in the period (03-03 … 03-09): the old task (due 03-05, open,
	// 5 working days overdue), early morning (closed in the period, late by
	// 2), returned and hot-spot task (closed in it, on time), and the one
	// due 03-04 and closed before the period (on time): 3 of 5 on time.
	if p.DueInPeriod != 5 || p.DueClosedOnTime != 3 || p.DueClosedLate != 1 || p.DueOpenOverdue != 1 ||
		p.OverdueDays != 7 || p.OnTimeRate == nil || *p.OnTimeRate != 3.0/5 {
		t.Errorf("police work due: got %+v", p)
	}
	// Days to close: early morning 02-20→03-03 is 7 working days, returned
	// 03-03→03-05 is 2, hot-spot task 03-04→03-07 is 3: mean 4, P90 7.
	if p.AvgDaysToClose == nil || *p.AvgDaysToClose != 4 || p.P90DaysToClose == nil || *p.P90DaysToClose != 7 {
		t.Errorf("police days to close: got %v, %v; want 4, 7", p.AvgDaysToClose, p.P90DaysToClose)
	}
	if h := figs[health]; h.Assigned != 1 || h.Open != 1 || h.OpenOverdue != 1 || h.Transfers != 1 || h.Closed != 0 {
		t.Errorf("health: got %+v", h)
	}
	if r.Total.Assigned != 4 || r.Total.Open != 4 || r.Total.OpenOverdue != 3 || r.Total.Closed != 3 {
		t.Errorf("total: got %+v", r.Total)
	}
	// Overdue on 03-12: the old task (due 03-05: 5 working days), then
	// health's and Baoji's (due 03-11: 1 day), by deadline and id.
	if len(r.Overdue) != 3 || r.Overdue[0].DaysOverdue != 5 || !r.Overdue[0].Listed ||
		r.Overdue[0].LadderStep != "urge" || r.Overdue[1].DaysOverdue != 1 {
		t.Errorf("overdue: got %+v", r.Overdue)
	}
	hs := r.HotspotTotal
	if hs.Reported != 1 || hs.Dispatched != 1 || hs.Resolved != 1 || hs.Feedback != 1 || hs.Satisfied != 1 ||
		hs.Reopened != 1 || hs.SatisfactionRate == nil || *hs.SatisfactionRate != 1 {
		t.Errorf("hot-spots: got %+v", hs)
	}
}

func (w *reportWorld) calendar() *calendar.Calendar {
	w.t.Helper()
	cal, err := w.cal.Calendar(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	return cal
}

func TestReportInputScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newReportWorld(t, db)
		ids := w.build()
		today := day(2025, 3, 12)
		police := w.org["police"]

		city := w.input(domain.ReportScope{Kind: domain.ScopeCity, Region: "xian"}, today)
		if got, want := taskIDs(city), sorted(ids.openOld, ids.closedEarlyMorning, ids.returned, ids.transfer,
			ids.hotspotTask, ids.dueInClosedBefore); !slices.Equal(got, want) || city.OpenCounts[police] != 1 {
			t.Errorf("Xi'an tasks: got %v, want %v", got, want)
		}
		for _, o := range city.Orgs {
			if o.Region != "xian" {
				t.Errorf("Xi'an organisations include %s of %s", o.Name, o.Region)
			}
		}
		if len(city.Communities) != 2 || len(city.Hotspots) != 1 {
			t.Errorf("Xi'an: %d communities, %d hot-spots; want 2 and 1", len(city.Communities), len(city.Hotspots))
		}

		org := w.input(domain.ReportScope{Kind: domain.ScopeOrg, OrgID: police}, today)
		if got, want := taskIDs(org), sorted(ids.openOld, ids.closedEarlyMorning, ids.returned,
			ids.hotspotTask, ids.dueInClosedBefore); !slices.Equal(got, want) || org.OpenCounts[police] != 1 {
			t.Errorf("police tasks: got %v, want %v", got, want)
		}
		if len(org.Orgs) != 1 || org.Orgs[0].ID != police || len(org.Hotspots) != 1 ||
			len(org.Communities) != 1 || org.Communities[0].ID != w.comm["mijiaya"] {
			t.Errorf("police: orgs %+v, hot-spots %d, communities %+v; want police, 1, Mijiaya",
				org.Orgs, len(org.Hotspots), org.Communities)
		}
		health := w.input(domain.ReportScope{Kind: domain.ScopeOrg, OrgID: w.org["health"]}, today)
		if len(health.Hotspots) != 0 {
			t.Errorf("health hot-spots: got %d, want 0 (it was given none)", len(health.Hotspots))
		}

		comm := w.input(domain.ReportScope{Kind: domain.ScopeCommunity, CommunityID: w.comm["mijiaya"]}, today)
		if got, want := taskIDs(comm), sorted(ids.returned, ids.hotspotTask); !slices.Equal(got, want) {
			t.Errorf("Mijiaya tasks: got %v, want %v", got, want)
		}
		if len(comm.Orgs) != 1 || comm.Orgs[0].ID != police || len(comm.Communities) != 1 || len(comm.Hotspots) != 1 {
			t.Errorf("Mijiaya: orgs %+v, communities %+v, hot-spots %d; want police, Mijiaya, 1",
				comm.Orgs, comm.Communities, len(comm.Hotspots))
		}

		// As of Monday 03-10, the task closed on 03-11 was open, and the
		// one assigned 03-11 did not exist yet (BuildReport skips it).
		early := w.input(domain.ReportScope{Kind: domain.ScopeProvince}, day(2025, 3, 10))
		if !slices.Contains(taskIDs(early), ids.closedAfterToday) {
			t.Errorf("as of 03-10: tasks %v lack the one closed 03-11", taskIDs(early))
		}
		r := domain.BuildReport(early, w.calendar())
		for _, l := range r.Tasks {
			if l.ID == ids.assignedAfterPeriod {
				t.Errorf("as of 03-10: the task assigned 03-11 is in the report")
			}
			if l.ID == ids.closedAfterToday && !l.Open {
				t.Errorf("as of 03-10: the task closed 03-11 is not open")
			}
		}
	})
}

// TestReportInputWithoutASecondConnection: on PostgreSQL a report reads its
// task rows on two connections; with a pool of one, or with none free, it
// reads them on one and loads the same input.
func TestReportInputWithoutASecondConnection(t *testing.T) {
	db := storetest.Postgres(t)
	w := newReportWorld(t, db)
	w.build()
	want := w.input(domain.ReportScope{Kind: domain.ScopeProvince}, day(2025, 3, 12))
	load := func(t *testing.T, s *store.Store) domain.ReportInput {
		t.Helper()
		cutoff := domain.OverdueCutoff(calendar.New(calendar.Official()...), day(2025, 3, 12))
		in, err := s.ReportInput(context.Background(), domain.ReportQuery{Scope: domain.ReportScope{Kind: domain.ScopeProvince},
			From: day(2025, 3, 3), To: day(2025, 3, 9), Today: day(2025, 3, 12), Location: sh, OverdueCutoff: cutoff})
		if err != nil {
			t.Fatal(err)
		}
		in.From, in.To, in.Today = want.From, want.To, want.Today
		return in
	}
	check := func(t *testing.T, got domain.ReportInput) {
		t.Helper()
		if !slices.Equal(taskIDs(got), taskIDs(want)) || !maps.Equal(got.OpenCounts, want.OpenCounts) ||
			len(got.Orgs) != len(want.Orgs) || len(got.Hotspots) != len(want.Hotspots) {
			t.Errorf("got tasks %v, counts %v; want %v, %v", taskIDs(got), got.OpenCounts, taskIDs(want), want.OpenCounts)
		}
	}
	t.Run("pool of one", func(t *testing.T) {
		o := db.Options
		o.MaxOpenConns = 1
		s, err := store.Open(o)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		check(t, load(t, s))
	})
	t.Run("no connection free", func(t *testing.T) {
		o := db.Options
		o.MaxOpenConns = 2
		o.SecondConnWait = 50 * time.Millisecond
		s, err := store.Open(o)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		held, err := s.DB.Conn(context.Background()) // another request holds one
		if err != nil {
			t.Fatal(err)
		}
		defer held.Close()
		check(t, load(t, s))
	})
}

// TestReportInputRecoversAPanickingReader: a panic in the goroutine that
// reads a report's second part comes back as the load's error; the process
// lives on.
func TestReportInputRecoversAPanickingReader(t *testing.T) {
	db := storetest.Postgres(t)
	o := db.Options
	ran := false
	o.ReportReadHook = func() {
		ran = true
		panic("injected")
	}
	s, err := store.Open(o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.ReportInput(context.Background(), domain.ReportQuery{Scope: domain.ReportScope{Kind: domain.ScopeProvince},
		From: day(2025, 3, 3), To: day(2025, 3, 9), Today: day(2025, 3, 12), Location: sh})
	if !ran {
		t.Fatal("the report read on one connection; want a second reader")
	}
	if err == nil || !strings.Contains(err.Error(), "injected") {
		t.Fatalf("got error %v, want the recovered panic", err)
	}
}
