package domain_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// world is a test fixture: services over one database, a bureau lead, and
// department users of three organisations.
type world struct {
	db       *storetest.DB
	clk      *clock
	tasks    *domain.TaskService
	hotspots *domain.HotspotService
	cal      *domain.CalendarService
	lead     domain.Actor
	police   domain.Actor // lead organisation in most tests
	health   domain.Actor // co-organiser
	finance  domain.Actor // uninvolved
	resident domain.Actor // community user of xian-mijiaya
	orgs     map[string]int64
	comms    map[string]int64
}

func newWorld(t *testing.T, db *storetest.DB) *world {
	t.Helper()
	ctx := context.Background()
	clk := &clock{storetest.Now}
	users := newUsers(db, clk)
	w := &world{db: db, clk: clk, orgs: map[string]int64{}, comms: map[string]int64{}}
	w.cal = &domain.CalendarService{Store: db.Store, Now: clk.Now}
	w.tasks = &domain.TaskService{Store: db.Store, Now: clk.Now, Calendar: w.cal, Location: storetest.Shanghai}
	w.cal.AfterChange = w.tasks.RecomputeDeadlines
	w.hotspots = &domain.HotspotService{Store: db.Store, Now: clk.Now, Tasks: w.tasks}
	for _, code := range []string{"xian-public_security", "xian-health", "xian-finance", "xian-civil_affairs"} {
		o, err := db.OrganizationByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		w.orgs[code] = o.ID
	}
	for _, code := range []string{"xian-mijiaya", "xian-lanbo"} {
		c, err := db.CommunityByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		w.comms[code] = c.ID
	}
	actor := func(c domain.CreateUser) domain.Actor {
		return domain.ActorOf(mustUser(t, users, c), domain.ChannelAPI, "")
	}
	w.lead = actor(domain.CreateUser{Username: "lead", Role: domain.RoleLead})
	w.police = actor(domain.CreateUser{Username: "police", Role: domain.RoleDepartment, OrgCode: "xian-public_security"})
	w.health = actor(domain.CreateUser{Username: "health", Role: domain.RoleDepartment, OrgCode: "xian-health"})
	w.finance = actor(domain.CreateUser{Username: "finance", Role: domain.RoleDepartment, OrgCode: "xian-finance"})
	w.resident = actor(domain.CreateUser{Username: "resident", Role: domain.RoleCommunity, CommunityCode: "xian-mijiaya"})
	return w
}

func (w *world) mustTask(t *testing.T, c domain.CreateTask) domain.TaskDetail {
	t.Helper()
	if c.Title == "" {
		c.Title = "整治小区周边治安"
	}
	if c.LeadOrgID == 0 {
		c.LeadOrgID = w.orgs["xian-public_security"]
	}
	if c.DueDate.IsZero() && c.DueInWorkingDays == 0 {
		c.DueInWorkingDays = 5
	}
	d, err := w.tasks.Create(context.Background(), w.lead, c)
	if err != nil {
		t.Fatalf("create task: %v", err)
	}
	return d
}

func (w *world) act(t *testing.T, a domain.Actor, id int64, cmd domain.TaskCommand) domain.TaskDetail {
	t.Helper()
	d, err := w.tasks.Act(context.Background(), a, id, cmd)
	if err != nil {
		t.Fatalf("%s: %v", cmd.Action, err)
	}
	return d
}

func TestCreateTaskValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newWorld(t, db)
		police, health := w.orgs["xian-public_security"], w.orgs["xian-health"]
		tests := []struct {
			name string
			cmd  domain.CreateTask
			kind error
			key  string
		}{
			{"no title", domain.CreateTask{LeadOrgID: police, DueInWorkingDays: 5}, domain.ErrInvalid, "task.title_invalid"},
			{"no deadline", domain.CreateTask{Title: "x", LeadOrgID: police}, domain.ErrInvalid, "task.due_required"},
			{"both deadlines", domain.CreateTask{Title: "x", LeadOrgID: police, DueInWorkingDays: 5, DueDate: calendar.NewDate(2025, 4, 1)}, domain.ErrInvalid, "task.due_ambiguous"},
			{"past due date", domain.CreateTask{Title: "x", LeadOrgID: police, DueDate: calendar.NewDate(2025, 3, 2)}, domain.ErrInvalid, "task.due_in_past"},
			{"co-organiser is lead", domain.CreateTask{Title: "x", LeadOrgID: police, CoOrgIDs: []int64{police}, DueInWorkingDays: 5}, domain.ErrInvalid, "task.co_org_is_lead"},
			{"duplicate co-organisers", domain.CreateTask{Title: "x", LeadOrgID: police, CoOrgIDs: []int64{health, health}, DueInWorkingDays: 5}, domain.ErrInvalid, "task.co_org_duplicate"},
			{"unknown organisation", domain.CreateTask{Title: "x", LeadOrgID: 999999, DueInWorkingDays: 5}, domain.ErrInvalid, "task.org_unknown"},
			{"unknown co-organiser", domain.CreateTask{Title: "x", LeadOrgID: police, CoOrgIDs: []int64{999999}, DueInWorkingDays: 5}, domain.ErrInvalid, "task.org_unknown"},
			{"unknown community", domain.CreateTask{Title: "x", LeadOrgID: police, CommunityID: 999999, DueInWorkingDays: 5}, domain.ErrInvalid, "task.community_unknown"},
			{"bad priority", domain.CreateTask{Title: "x", LeadOrgID: police, Priority: "asap", DueInWorkingDays: 5}, domain.ErrInvalid, "task.priority_invalid"},
			{"too many working days", domain.CreateTask{Title: "x", LeadOrgID: police, DueInWorkingDays: 5000}, domain.ErrInvalid, "task.due_working_days_invalid"},
			{"control character", domain.CreateTask{Title: "x\x00y", LeadOrgID: police, DueInWorkingDays: 5}, domain.ErrInvalid, "request.control_character"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := w.tasks.Create(context.Background(), w.lead, tt.cmd)
				wantKind(t, err, tt.kind)
				if got := domain.ErrorKey(err); got != tt.key {
					t.Errorf("key: got %q, want %q", got, tt.key)
				}
			})
		}
		_, err := w.tasks.Create(context.Background(), w.police, domain.CreateTask{Title: "x", LeadOrgID: police, DueInWorkingDays: 1})
		wantKind(t, err, domain.ErrForbidden)
	})
}

func TestTaskLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		d := w.mustTask(t, domain.CreateTask{CoOrgIDs: []int64{w.orgs["xian-health"]}, DueInWorkingDays: 5})
		// Assigned Monday 3 March 2025; five working days on is Monday 10 March.
		if d.Due != calendar.NewDate(2025, 3, 10) || d.Status != domain.StatusAssigned || d.State != domain.OnTrack {
			t.Fatalf("created: due %v status %s state %s", d.Due, d.Status, d.State)
		}
		id := d.ID
		_, err := w.tasks.Act(ctx, w.health, id, domain.TaskCommand{Action: domain.ActAccept})
		wantKind(t, err, domain.ErrForbidden) // a co-organiser cannot move the status
		_, err = w.tasks.Act(ctx, w.finance, id, domain.TaskCommand{Action: domain.ActAccept})
		wantKind(t, err, domain.ErrNotFound) // not involved: not visible
		w.act(t, w.health, id, domain.TaskCommand{Action: domain.ActNote, Note: "已安排社区医生"})
		w.act(t, w.police, id, domain.TaskCommand{Action: domain.ActAccept})
		_, err = w.tasks.Act(ctx, w.police, id, domain.TaskCommand{Action: domain.ActAccept})
		wantKind(t, err, domain.ErrConflict)
		w.act(t, w.police, id, domain.TaskCommand{Action: domain.ActProgress, Note: "已走访"})
		w.act(t, w.police, id, domain.TaskCommand{Action: domain.ActSubmit, Note: "已完成整治"})
		_, err = w.tasks.Act(ctx, w.lead, id, domain.TaskCommand{Action: domain.ActReturn})
		wantKind(t, err, domain.ErrInvalid) // return needs a reason
		w.act(t, w.lead, id, domain.TaskCommand{Action: domain.ActReturn, Note: "缺少照片"})
		w.act(t, w.police, id, domain.TaskCommand{Action: domain.ActSubmit, Note: "补充照片"})
		w.clk.Advance(8 * 24 * time.Hour) // 11 March: one working day late
		got := w.act(t, w.lead, id, domain.TaskCommand{Action: domain.ActClose})
		if got.Status != domain.StatusClosed || got.ClosedAt.IsZero() || got.State != domain.Done {
			t.Errorf("closed: status %s closed_at %v state %s", got.Status, got.ClosedAt, got.State)
		}
		full, err := w.tasks.Task(ctx, w.lead, id)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"assign", "note", "accept", "progress", "submit", "return", "submit", "close"}
		if len(full.Events) != len(want) {
			t.Fatalf("events: got %d, want %d", len(full.Events), len(want))
		}
		for i, e := range full.Events {
			if e.Action != want[i] {
				t.Errorf("event %d: got %s, want %s", i, e.Action, want[i])
			}
		}
		if e := full.Events[5]; e.From != domain.StatusSubmitted || e.To != domain.StatusInProgress || e.Note != "缺少照片" || e.Channel != domain.ChannelAPI || e.Actor != "lead" {
			t.Errorf("return event: %+v", e)
		}
		if e := full.Events[1]; !e.Internal || e.ActorOrgID != w.orgs["xian-health"] {
			t.Errorf("co-organiser note must be internal and name the organisation: %+v", e)
		}
	})
}

func TestExtensionTransferReassign(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		id := w.mustTask(t, domain.CreateTask{DueInWorkingDays: 5}).ID
		_, err := w.tasks.Act(ctx, w.lead, id, domain.TaskCommand{Action: domain.ActApproveExtension})
		wantKind(t, err, domain.ErrConflict) // nothing pending
		_, err = w.tasks.Act(ctx, w.police, id, domain.TaskCommand{Action: domain.ActRequestExtension, Note: "需要协调", DueDate: calendar.NewDate(2025, 3, 5)})
		wantKind(t, err, domain.ErrInvalid) // not later than the deadline
		w.act(t, w.police, id, domain.TaskCommand{Action: domain.ActRequestExtension, Note: "需要协调", DueDate: calendar.NewDate(2025, 3, 20)})
		got := w.act(t, w.lead, id, domain.TaskCommand{Action: domain.ActApproveExtension})
		if got.Due != calendar.NewDate(2025, 3, 20) || !got.ExtensionTo.IsZero() || got.DueWorkingDays != 0 {
			t.Errorf("after approval: due %v extension %v working days %d", got.Due, got.ExtensionTo, got.DueWorkingDays)
		}
		// The first deadline is kept through every later extension.
		if got.OriginalDue != calendar.NewDate(2025, 3, 10) {
			t.Errorf("original deadline %v, want 2025-03-10", got.OriginalDue)
		}
		w.act(t, w.police, id, domain.TaskCommand{Action: domain.ActRequestExtension, Note: "再延", DueDate: calendar.NewDate(2025, 3, 27)})
		got = w.act(t, w.lead, id, domain.TaskCommand{Action: domain.ActApproveExtension})
		if got.Due != calendar.NewDate(2025, 3, 27) || got.OriginalDue != calendar.NewDate(2025, 3, 10) {
			t.Errorf("after a second extension: due %v, original %v", got.Due, got.OriginalDue)
		}

		w.act(t, w.police, id, domain.TaskCommand{Action: domain.ActRequestTransfer, Note: "不属于我局职责"})
		_, err = w.tasks.Act(ctx, w.police, id, domain.TaskCommand{Action: domain.ActRequestTransfer, Note: "再次"})
		wantKind(t, err, domain.ErrConflict)
		got = w.act(t, w.lead, id, domain.TaskCommand{Action: domain.ActReassign, LeadOrgID: w.orgs["xian-civil_affairs"]})
		if got.LeadOrgID != w.orgs["xian-civil_affairs"] || got.Status != domain.StatusAssigned || got.TransferRequested {
			t.Errorf("after reassign: %+v", got.Task)
		}
		_, err = w.tasks.Task(ctx, w.police, id)
		wantKind(t, err, domain.ErrNotFound) // the old lead lost access
		got = w.act(t, w.lead, id, domain.TaskCommand{Action: domain.ActReassign, LeadOrgID: w.orgs["xian-public_security"], KeepAsCoOrg: true})
		if len(got.CoOrgIDs) != 1 || got.CoOrgIDs[0] != w.orgs["xian-civil_affairs"] {
			t.Errorf("kept co-organiser: got %v", got.CoOrgIDs)
		}
	})
}

func TestTaskListScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		w.mustTask(t, domain.CreateTask{Title: "甲", DueInWorkingDays: 1})
		w.mustTask(t, domain.CreateTask{Title: "乙", LeadOrgID: w.orgs["xian-health"], CoOrgIDs: []int64{w.orgs["xian-public_security"]}, DueInWorkingDays: 3})
		w.mustTask(t, domain.CreateTask{Title: "丙", LeadOrgID: w.orgs["xian-finance"], DueInWorkingDays: 2})
		titles := func(a domain.Actor, f domain.TaskFilter, limit int) []string {
			t.Helper()
			var out []string
			p := domain.Page{Limit: limit}
			for {
				l, err := w.tasks.Tasks(ctx, a, f, p)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range l.Items {
					out = append(out, d.Title)
				}
				if l.Next == nil {
					return out
				}
				p.After = *l.Next
			}
		}
		if got := titles(w.police, domain.TaskFilter{}, 1); !equal(got, []string{"甲", "乙"}) {
			t.Errorf("police sees %v, want [甲 乙] by due date", got)
		}
		if got := titles(w.lead, domain.TaskFilter{}, 2); !equal(got, []string{"甲", "丙", "乙"}) {
			t.Errorf("lead sees %v, want all three by due date", got)
		}
		if got := titles(w.lead, domain.TaskFilter{OrgID: w.orgs["xian-finance"]}, 50); !equal(got, []string{"丙"}) {
			t.Errorf("org filter: %v", got)
		}
		_, err := w.tasks.Tasks(ctx, w.resident, domain.TaskFilter{}, domain.Page{Limit: 10})
		wantKind(t, err, domain.ErrForbidden)
		w.clk.Advance(2 * 24 * time.Hour) // Wednesday: 甲 (due Tuesday) is overdue
		if got := titles(w.police, domain.TaskFilter{Overdue: true}, 50); !equal(got, []string{"甲"}) {
			t.Errorf("overdue: %v", got)
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestHotspotLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		_, err := w.hotspots.Report(ctx, w.resident, domain.ReportHotspot{Title: "路灯不亮", CommunityID: w.comms["xian-lanbo"], Category: "facilities"})
		wantKind(t, err, domain.ErrForbidden) // not their community
		h, err := w.hotspots.Report(ctx, w.resident, domain.ReportHotspot{Title: "路灯不亮", CommunityID: w.comms["xian-mijiaya"], Category: "facilities"})
		if err != nil || h.Status != domain.HotspotReported {
			t.Fatalf("report: %v %v", h.Status, err)
		}
		t1, err := w.hotspots.Dispatch(ctx, w.lead, h.ID, domain.Dispatch{LeadOrgID: w.orgs["xian-public_security"], DueInWorkingDays: 3})
		if err != nil || t1.HotspotID != h.ID || t1.Source != domain.SourceHotspot || t1.CommunityID != w.comms["xian-mijiaya"] {
			t.Fatalf("dispatch: %+v %v", t1.Task, err)
		}
		t2, err := w.hotspots.Dispatch(ctx, w.lead, h.ID, domain.Dispatch{LeadOrgID: w.orgs["xian-health"], DueInWorkingDays: 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range []struct {
			id int64
			by domain.Actor
		}{{t1.ID, w.police}, {t2.ID, w.health}} {
			w.act(t, tk.by, tk.id, domain.TaskCommand{Action: domain.ActAccept})
			w.act(t, tk.by, tk.id, domain.TaskCommand{Action: domain.ActNote, Note: "内部协调"})
			w.act(t, tk.by, tk.id, domain.TaskCommand{Action: domain.ActSubmit, Note: "已修复"})
			w.act(t, w.lead, tk.id, domain.TaskCommand{Action: domain.ActClose})
		}
		got, err := w.hotspots.Hotspot(ctx, w.resident, h.ID)
		if err != nil || got.Status != domain.HotspotAwaitingFeedback || len(got.Tasks) != 2 {
			t.Fatalf("after closing both tasks: %s, %d tasks (%v)", got.Status, len(got.Tasks), err)
		}
		for _, e := range got.Tasks[0].Events {
			if e.Internal {
				t.Errorf("community sees an internal note: %+v", e)
			}
		}
		_, err = w.hotspots.Feedback(ctx, w.resident, h.ID, domain.Feedback{Satisfaction: domain.Unsatisfied})
		wantKind(t, err, domain.ErrInvalid) // unsatisfied needs a note
		back, err := w.hotspots.Feedback(ctx, w.resident, h.ID, domain.Feedback{Satisfaction: domain.Unsatisfied, Note: "晚上还是不亮"})
		if err != nil || back.Status != domain.HotspotDispatched || back.Reopens != 1 {
			t.Fatalf("unsatisfied: %s reopens %d (%v)", back.Status, back.Reopens, err)
		}
		reopened, err := w.tasks.Task(ctx, w.lead, t1.ID)
		if err != nil || reopened.Status != domain.StatusInProgress {
			t.Fatalf("task after unsatisfied feedback: %s (%v)", reopened.Status, err)
		}
		if last := reopened.Events[len(reopened.Events)-1]; last.Action != "reopen" || last.Note != "晚上还是不亮" {
			t.Errorf("reopen event: %+v", last)
		}
		for _, tk := range []struct {
			id int64
			by domain.Actor
		}{{t1.ID, w.police}, {t2.ID, w.health}} {
			w.act(t, tk.by, tk.id, domain.TaskCommand{Action: domain.ActSubmit, Note: "更换灯具"})
			w.act(t, w.lead, tk.id, domain.TaskCommand{Action: domain.ActClose})
		}
		done, err := w.hotspots.Feedback(ctx, w.resident, h.ID, domain.Feedback{Satisfaction: domain.Satisfied})
		if err != nil || done.Status != domain.HotspotResolved || done.ResolvedAt.IsZero() {
			t.Fatalf("satisfied: %s (%v)", done.Status, err)
		}
		// Rejection, and a department cannot see hot-spots.
		h2, _ := w.hotspots.Report(ctx, w.resident, domain.ReportHotspot{Title: "邻里纠纷", CommunityID: w.comms["xian-mijiaya"], Category: "other"})
		_, err = w.hotspots.Reject(ctx, w.lead, h2.ID, "")
		wantKind(t, err, domain.ErrInvalid)
		r, err := w.hotspots.Reject(ctx, w.lead, h2.ID, "属于物业服务范围")
		if err != nil || r.Status != domain.HotspotRejected || r.RejectReason == "" {
			t.Errorf("reject: %s %q (%v)", r.Status, r.RejectReason, err)
		}
		_, err = w.hotspots.Hotspot(ctx, w.police, h2.ID)
		wantKind(t, err, domain.ErrNotFound)
		list, err := w.hotspots.Hotspots(ctx, w.resident, domain.HotspotFilter{}, domain.Page{Limit: 10})
		if err != nil || len(list.Items) != 2 || list.Items[0].ID != h2.ID {
			t.Errorf("community list: %d items (%v), want 2 newest first", len(list.Items), err)
		}
	})
}

// TestCalendarAmendmentMovesDeadlines: an admin extends a holiday; open
// tasks counted in working days move, with a system event; explicit dates
// and closed tasks stay.
func TestCalendarAmendmentMovesDeadlines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		counted := w.mustTask(t, domain.CreateTask{DueInWorkingDays: 5}) // due Mon 10 March 2025
		fixed := w.mustTask(t, domain.CreateTask{DueDate: calendar.NewDate(2025, 3, 10)})
		years, err := w.cal.Years(ctx, domain.SystemActor())
		if err != nil {
			t.Fatal(err)
		}
		var y2025 calendar.Year
		for _, y := range years {
			if y.Year == 2025 {
				y2025 = y
			}
		}
		y2025.Days = append(y2025.Days, calendar.Day{Date: calendar.NewDate(2025, 3, 5), Kind: calendar.Holiday, Name: "临时假日"})
		if err := w.cal.PutYear(ctx, domain.SystemActor(), y2025); err != nil {
			t.Fatal(err)
		}
		got, err := w.tasks.Task(ctx, w.lead, counted.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Due != calendar.NewDate(2025, 3, 11) {
			t.Errorf("counted deadline: got %v, want 2025-03-11", got.Due)
		}
		if last := got.Events[len(got.Events)-1]; last.Action != domain.EventDeadlineRecomputed || last.Channel != domain.ChannelSystem {
			t.Errorf("last event: %+v, want a system deadline_recomputed", last)
		}
		f, _ := w.tasks.Task(ctx, w.lead, fixed.ID)
		if f.Due != calendar.NewDate(2025, 3, 10) || len(f.Events) != 1 {
			t.Errorf("fixed-date task moved: %v, %d events", f.Due, len(f.Events))
		}
	})
}

// TestConcurrentActions races two actions on one task: one wins, the other
// gets a conflict naming the winner's status, and the record holds exactly
// one of them.
func TestConcurrentActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		for round := 0; round < 5; round++ {
			id := w.mustTask(t, domain.CreateTask{}).ID
			w.act(t, w.police, id, domain.TaskCommand{Action: domain.ActAccept})
			w.act(t, w.police, id, domain.TaskCommand{Action: domain.ActSubmit, Note: "完成"})
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, act := range []domain.TaskCommand{{Action: domain.ActClose}, {Action: domain.ActReturn, Note: "退回"}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = w.tasks.Act(ctx, w.lead, id, act)
				}()
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case errors.Is(err, domain.ErrConflict):
				default:
					t.Fatalf("round %d: unexpected error %v", round, err)
				}
			}
			if ok != 1 {
				t.Fatalf("round %d: %d actions succeeded, want exactly 1 (%v)", round, ok, errs)
			}
			d, _ := w.tasks.Task(ctx, w.lead, id)
			if n := len(d.Events); n != 4 {
				t.Errorf("round %d: %d events, want 4 (assign, accept, submit, one winner)", round, n)
			}
		}
	})
}

func TestProvisionalDeadlines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		w.clk.t = time.Date(2027, 12, 27, 9, 0, 0, 0, storetest.Shanghai) // 2028 has no schedule yet
		counted := w.mustTask(t, domain.CreateTask{DueInWorkingDays: 10})
		dated := w.mustTask(t, domain.CreateTask{DueDate: calendar.NewDate(2028, 1, 20)})
		if !counted.Provisional || dated.Provisional {
			t.Fatalf("provisional: counted %v (want true), dated %v (want false)", counted.Provisional, dated.Provisional)
		}
		// The 2028 schedule arrives with 3 January as a holiday: the counted
		// deadline moves a day and is no longer provisional.
		y := calendar.Year{Year: 2028, Source: "测试", Days: []calendar.Day{
			{Date: calendar.NewDate(2028, 1, 3), Kind: calendar.Holiday, Name: "元旦"}}}
		if err := w.cal.PutYear(ctx, domain.SystemActor(), y); err != nil {
			t.Fatal(err)
		}
		got, err := w.tasks.Task(ctx, w.lead, counted.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Provisional || got.Due != counted.Due.AddDays(1) {
			t.Errorf("after the schedule: due %v provisional %v; want %v, false", got.Due, got.Provisional, counted.Due.AddDays(1))
		}
	})
}

// TestChangeSharesTheTransactionsInstant: the rows one change writes (the
// task, its event, its mail) carry the instant of its transaction, read
// once from the store's clock, not the service's clock read again and again.
func TestChangeSharesTheTransactionsInstant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		at := storetest.Now.Add(90 * time.Minute)
		db.SetClock(func() time.Time { return at })
		w.clk.Advance(time.Hour) // the service's own clock differs, and only it
		d := w.mustTask(t, domain.CreateTask{})
		if !d.CreatedAt.Equal(at) || !d.UpdatedAt.Equal(at) {
			t.Errorf("task: created %v, updated %v; want %v", d.CreatedAt, d.UpdatedAt, at)
		}
		events, err := db.TaskEvents(ctx, d.ID)
		if err != nil || len(events) == 0 || !events[0].At.Equal(at) {
			t.Errorf("events %+v (%v): want the first at %v", events, err, at)
		}
		if err := domain.AddressAllMail(ctx, db); err != nil {
			t.Fatal(err)
		}
		mail, err := db.Outbox(ctx, domain.OutboxFilter{TaskID: d.ID}, domain.Page{Limit: 50})
		if err != nil || len(mail) == 0 {
			t.Fatalf("mail of the new task: %d (%v), want some", len(mail), err)
		}
		for _, m := range mail {
			if !m.CreatedAt.Equal(at) || !m.NextAttemptAt.Equal(at) {
				t.Errorf("mail %s: created %v, due %v; want %v", m.DedupeKey, m.CreatedAt, m.NextAttemptAt, at)
			}
		}
	})
}
