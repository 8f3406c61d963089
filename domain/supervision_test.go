package domain_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// sup is the supervision fixture: the world plus a sweep service, a
// leadership user and a head address on the police bureau.
type sup struct {
	*world
	svc        *domain.SupervisionService
	leadership domain.Actor
}

func newSup(t *testing.T, db *storetest.DB) *sup {
	t.Helper()
	w := newWorld(t, db)
	ctx := context.Background()
	users := newUsers(db, w.clk)
	boss := mustUser(t, users, domain.CreateUser{Username: "boss", Role: domain.RoleLeadership,
		Email: "boss@example.cn"})
	err := db.InTx(ctx, func(tx domain.Tx) error {
		o, err := tx.Organization(ctx, w.orgs["xian-public_security"])
		if err != nil {
			return err
		}
		o.HeadEmail, o.ContactEmail = "head@police.example.gov.cn", "office@police.example.gov.cn"
		return tx.UpdateOrganization(ctx, &o)
	})
	if err != nil {
		t.Fatal(err)
	}
	return &sup{world: w, leadership: domain.ActorOf(boss, domain.ChannelAPI, ""),
		svc: &domain.SupervisionService{Store: db.Store, Calendar: w.cal, Location: storetest.Shanghai,
			Now: w.clk.Now, Batch: 2}}
}

// at is a wall-clock instant in Shanghai.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, storetest.Shanghai)
}

func (s *sup) sweep(t *testing.T, now time.Time, dry bool) domain.SweepResult {
	t.Helper()
	s.clk.t = now
	res, err := s.svc.Sweep(context.Background(), now, dry)
	if err != nil {
		t.Fatalf("sweep at %v: %v", now, err)
	}
	return res
}

// ladderEvents lists a task's ladder events as "action note".
func ladderEvents(t *testing.T, db *storetest.DB, id int64) []string {
	t.Helper()
	evs, err := db.TaskEvents(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		if strings.HasPrefix(e.Action, "ladder_") {
			out = append(out, e.Action+" "+e.Note)
		}
	}
	return out
}

// ladderMail lists the queued ladder messages of a task as "kind to".
func ladderMail(t *testing.T, db *storetest.DB, id int64) []string {
	t.Helper()
	ms, err := db.Outbox(context.Background(), domain.OutboxFilter{TaskID: id}, domain.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		if strings.HasPrefix(m.Kind, "ladder_") {
			out = append(out, m.Kind+" "+m.To)
		}
	}
	slices.Sort(out)
	return out
}

func sameList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

// A normal task assigned Monday 2025-03-03 for 5 working days is due
// Monday 03-10. Its rungs: remind-3 on Wed 03-05, remind-1 on Fri 03-07,
// urge+1 on Tue 03-11, supervise+3 on Thu 03-13, listed+10 on Mon 03-24.
func TestSweepWalksTheLadder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		s := newSup(t, db)
		task := s.mustTask(t, domain.CreateTask{DueInWorkingDays: 5})
		id := task.ID

		// Assignment day: nothing due yet.
		if r := s.sweep(t, at(2025, 3, 3, 9, 0), false); r.Sent+r.Skipped != 0 || !r.Open || r.Tasks != 1 {
			t.Fatalf("assignment day: %+v", r)
		}
		// Tuesday: the task is not even looked at (next_ladder_at is Wednesday 08:30).
		if r := s.sweep(t, at(2025, 3, 4, 15, 0), false); r.Tasks != 0 {
			t.Fatalf("tuesday looked at %d tasks", r.Tasks)
		}
		// Wednesday at night: the window is closed, nothing is read.
		if r := s.sweep(t, at(2025, 3, 5, 20, 0), false); r.Open || r.Tasks != 0 {
			t.Fatalf("night sweep: %+v", r)
		}
		// Wednesday morning: remind-3 to the police users and contact address.
		r := s.sweep(t, at(2025, 3, 5, 9, 0), false)
		if r.Sent != 1 || r.Skipped != 0 || r.Messages != 2 {
			t.Fatalf("wednesday: %+v", r)
		}
		sameList(t, "mail after remind-3", ladderMail(t, db, id), []string{
			"ladder_remind office@police.example.gov.cn", "ladder_remind police@example.cn"})
		// A rerun at the same instant, and the afternoon sweep, add nothing.
		for _, now := range []time.Time{at(2025, 3, 5, 9, 0), at(2025, 3, 5, 15, 0)} {
			if r := s.sweep(t, now, false); r.Tasks != 0 || r.Sent+r.Skipped != 0 {
				t.Fatalf("rerun at %v: %+v", now, r)
			}
		}
		// The server was down from Thursday to Wednesday 03-12 afternoon:
		// remind-1 is stale (the deadline passed) and skipped; urge+1 goes out.
		r = s.sweep(t, at(2025, 3, 12, 15, 0), false)
		if r.Sent != 1 || r.Skipped != 1 {
			t.Fatalf("catch-up: %+v", r)
		}
		sameList(t, "events", ladderEvents(t, db, id), []string{
			"ladder_remind remind-3", "ladder_skipped remind-1 stale", "ladder_urge urge+1"})
		got, err := db.Task(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if got.LadderStep != domain.StepUrge || got.Listed || got.Version != task.Version {
			t.Errorf("after urge: step %q listed %v version %d (was %d)", got.LadderStep, got.Listed, got.Version, task.Version)
		}
		// Down again until 03-24: supervise+3 and listed+10 both fire, in order.
		r = s.sweep(t, at(2025, 3, 24, 10, 0), false)
		if r.Sent != 2 || r.Skipped != 0 {
			t.Fatalf("03-24: %+v", r)
		}
		if r.Steps[0].RungID != "supervise+3" || r.Steps[1].RungID != "listed+10" {
			t.Errorf("order: %+v", r.Steps)
		}
		sameList(t, "all mail", ladderMail(t, db, id), []string{
			"ladder_listed boss@example.cn",
			"ladder_remind office@police.example.gov.cn", "ladder_remind police@example.cn",
			"ladder_supervise head@police.example.gov.cn", "ladder_supervise lead@example.cn",
			"ladder_urge office@police.example.gov.cn", "ladder_urge police@example.cn",
		})
		got, _ = db.Task(context.Background(), id)
		if got.LadderStep != domain.StepListed || !got.Listed {
			t.Errorf("after listed: step %q listed %v", got.LadderStep, got.Listed)
		}
		// Every rung done: the task drops out of the sweep for good.
		if r := s.sweep(t, at(2025, 6, 2, 10, 0), false); r.Tasks != 0 {
			t.Errorf("finished ladder still swept: %+v", r)
		}
	})
}

func TestSweepDryRunChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		s := newSup(t, db)
		id := s.mustTask(t, domain.CreateTask{DueInWorkingDays: 5}).ID
		r := s.sweep(t, at(2025, 3, 12, 9, 0), true)
		if !r.DryRun || r.Sent != 1 || r.Skipped != 2 || r.Messages != 2 {
			t.Fatalf("dry run: %+v", r)
		}
		if len(r.Steps) != 3 || len(r.Steps[2].Recipients) != 2 || r.Steps[2].LeadOrg == "" {
			t.Errorf("dry steps: %+v", r.Steps)
		}
		if ev, mail := ladderEvents(t, db, id), ladderMail(t, db, id); len(ev)+len(mail) != 0 {
			t.Fatalf("dry run wrote: %q %q", ev, mail)
		}
		// The real sweep then does exactly what the dry run said.
		real := s.sweep(t, at(2025, 3, 12, 9, 0), false)
		if real.Sent != r.Sent || real.Skipped != r.Skipped || real.Messages != r.Messages {
			t.Errorf("real %+v, dry %+v", real, r)
		}
	})
}

func TestSweepFollowsTheTask(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		s := newSup(t, db)
		ctx := context.Background()
		id := s.mustTask(t, domain.CreateTask{DueInWorkingDays: 5}).ID
		s.sweep(t, at(2025, 3, 5, 9, 0), false) // remind-3
		// Accepted, then an extension to Friday 03-21 is granted on 03-06.
		s.clk.t = at(2025, 3, 6, 10, 0)
		if _, err := s.tasks.Act(ctx, s.police, id, domain.TaskCommand{Action: domain.ActAccept}); err != nil {
			t.Fatal(err)
		}
		_, err := s.tasks.Act(ctx, s.police, id, domain.TaskCommand{Action: domain.ActRequestExtension,
			Note: "需协调住建部门", DueDate: calendar.NewDate(2025, 3, 21)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.tasks.Act(ctx, s.lead, id, domain.TaskCommand{Action: domain.ActApproveExtension}); err != nil {
			t.Fatal(err)
		}
		// remind-3 was done before and is not repeated; remind-1 moves to
		// Thursday 03-20 and nothing falls due on the old dates.
		for _, now := range []time.Time{at(2025, 3, 7, 9, 0), at(2025, 3, 11, 9, 0), at(2025, 3, 18, 9, 0)} {
			if r := s.sweep(t, now, false); r.Sent+r.Skipped != 0 {
				t.Fatalf("sweep at %v after extension: %+v", now, r.Steps)
			}
		}
		if r := s.sweep(t, at(2025, 3, 20, 9, 0), false); r.Sent != 1 || r.Steps[0].RungID != "remind-1" {
			t.Fatalf("moved remind-1: %+v", r)
		}
		// Submitted: the ladder pauses (the bureau lead holds the task).
		s.clk.t = at(2025, 3, 20, 11, 0)
		if _, err := s.tasks.Act(ctx, s.police, id, domain.TaskCommand{Action: domain.ActSubmit, Note: "已办结"}); err != nil {
			t.Fatal(err)
		}
		if r := s.sweep(t, at(2025, 3, 25, 9, 0), false); r.Sent+r.Skipped != 0 {
			t.Fatalf("submitted task laddered: %+v", r)
		}
		// Returned on 03-25: the ladder resumes and catches up with urge+1
		// (due 03-24).
		s.clk.t = at(2025, 3, 25, 10, 0)
		if _, err := s.tasks.Act(ctx, s.lead, id, domain.TaskCommand{Action: domain.ActReturn, Note: "材料不全"}); err != nil {
			t.Fatal(err)
		}
		if r := s.sweep(t, at(2025, 3, 25, 15, 0), false); r.Sent != 1 || r.Steps[0].RungID != "urge+1" {
			t.Fatalf("after return: %+v", r)
		}
		// Closed: nothing more, ever.
		s.clk.t = at(2025, 3, 26, 10, 0)
		if _, err := s.tasks.Act(ctx, s.police, id, domain.TaskCommand{Action: domain.ActSubmit, Note: "补齐"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.tasks.Act(ctx, s.lead, id, domain.TaskCommand{Action: domain.ActClose}); err != nil {
			t.Fatal(err)
		}
		if r := s.sweep(t, at(2025, 4, 30, 9, 0), false); r.Tasks != 0 {
			t.Fatalf("closed task swept: %+v", r)
		}
		sameList(t, "events", ladderEvents(t, db, id), []string{
			"ladder_remind remind-3", "ladder_remind remind-1", "ladder_urge urge+1"})
	})
}

// Three sweeps at once on one PostgreSQL database (three replicas, or a
// scheduled sweep and an operator's `supervise`) take each rung once.
func TestSweepsInParallelTakeEachRungOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		if db.Name != "postgres" {
			t.Skip("SQLite serves one process")
		}
		s := newSup(t, db)
		var ids []int64
		for i := 0; i < 12; i++ {
			ids = append(ids, s.mustTask(t, domain.CreateTask{DueInWorkingDays: 5}).ID)
		}
		now := at(2025, 3, 24, 10, 0)
		var wg sync.WaitGroup
		results := make([]domain.SweepResult, 3)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				svc := *s.svc
				r, err := svc.Sweep(context.Background(), now, false)
				if err != nil {
					t.Error(err)
				}
				results[i] = r
			}()
		}
		wg.Wait()
		sent := 0
		for _, r := range results {
			sent += r.Sent
		}
		// Each task: remind-3 and remind-1 stale, urge+1 superseded by
		// nothing (a different step), supervise+3 and listed+10: 3 sent.
		if sent != 3*len(ids) {
			t.Errorf("sent %d rungs, want %d", sent, 3*len(ids))
		}
		for _, id := range ids {
			sameList(t, "events", ladderEvents(t, db, id), []string{"ladder_skipped remind-3 stale",
				"ladder_skipped remind-1 stale", "ladder_urge urge+1", "ladder_supervise supervise+3",
				"ladder_listed listed+10"})
		}
	})
}

func TestLadderPolicies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		s := newSup(t, db)
		ctx := context.Background()
		admin := domain.Actor{UserID: 0, Username: "admin", Role: domain.RoleAdmin, Channel: domain.ChannelAPI}
		ps, err := s.svc.Policies(ctx, admin)
		if err != nil || len(ps) != 3 || !ps[0].Default {
			t.Fatalf("defaults: %+v %v", ps, err)
		}
		if _, err := s.svc.Policies(ctx, s.police); err == nil {
			t.Error("a department user read the policies")
		}
		id := s.mustTask(t, domain.CreateTask{DueInWorkingDays: 5}).ID
		s.sweep(t, at(2025, 3, 3, 10, 0), false) // the task's next is now Wednesday
		tight := domain.Policy{Priority: domain.PriorityNormal, Rungs: []domain.Rung{
			{Step: domain.StepRemind, OffsetWorkingDays: -4, Audiences: []domain.Audience{domain.AudienceLeadContact},
				Template: domain.MailLadderRemind},
			{Step: domain.StepUrge, OffsetWorkingDays: 1, Audiences: []domain.Audience{domain.AudienceLeadHead},
				Template: domain.MailLadderUrge},
		}}
		if _, err := s.svc.SavePolicy(ctx, s.lead, tight, 0); err == nil {
			t.Error("a bureau lead saved a policy")
		}
		bad := tight
		bad.Rungs = []domain.Rung{{Step: domain.StepUrge, OffsetWorkingDays: 1,
			Audiences: []domain.Audience{domain.AudienceLeadHead}, Template: "task_closed"}}
		_, err = s.svc.SavePolicy(ctx, admin, bad, 0)
		wantKind(t, err, domain.ErrInvalid)
		sp, err := s.svc.SavePolicy(ctx, admin, tight, 0)
		if err != nil || sp.Version != 1 {
			t.Fatalf("save: %+v %v", sp, err)
		}
		_, err = s.svc.SavePolicy(ctx, admin, tight, 0)
		wantKind(t, err, domain.ErrConflict)
		// The task is reconsidered at once: remind-4 falls on Tuesday 03-04.
		if r := s.sweep(t, at(2025, 3, 4, 9, 0), false); r.Sent != 1 || r.Steps[0].RungID != "remind-4" {
			t.Fatalf("after policy change: %+v", r)
		}
		ps, _ = s.svc.Policies(ctx, admin)
		if ps[0].Default || ps[0].Version != 1 || len(ps[0].Rungs) != 2 {
			t.Errorf("stored: %+v", ps[0])
		}
		if err := s.svc.ResetPolicy(ctx, admin, domain.PriorityNormal); err != nil {
			t.Fatal(err)
		}
		ps, _ = s.svc.Policies(ctx, admin)
		if !ps[0].Default {
			t.Errorf("after reset: %+v", ps[0])
		}
		_ = id
	})
}
