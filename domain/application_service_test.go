package domain_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// campaignWorld is the campaign service over a fresh database with a
// community user of mijiaya and a user of Xi'an's housing bureau.
type campaignWorld struct {
	svc   *domain.CampaignService
	att   *domain.AttachmentService
	comm  domain.Actor
	xah   domain.Actor
	std   domain.Standard
	commD domain.Community
}

func newCampaignWorld(t *testing.T, db *storetest.DB, clk *clock) *campaignWorld {
	t.Helper()
	users := newUsers(db, clk)
	ctx := context.Background()
	w := &campaignWorld{}
	w.comm = domain.ActorOf(mustUser(t, users, domain.CreateUser{Username: "mij", Role: domain.RoleCommunity,
		CommunityCode: "xian-mijiaya"}), domain.ChannelAPI, "")
	w.xah = domain.ActorOf(mustUser(t, users, domain.CreateUser{Username: "xah", Role: domain.RoleDepartment,
		OrgCode: "xian-housing"}), domain.ChannelAPI, "")
	cal := &domain.CalendarService{Store: db.Store, Now: clk.Now}
	tasks := &domain.TaskService{Store: db.Store, Now: clk.Now, Calendar: cal, Location: storetest.Shanghai}
	w.svc = &domain.CampaignService{Store: db.Store, Tasks: tasks, Now: clk.Now, Location: storetest.Shanghai}
	w.att = &domain.AttachmentService{Store: db.Store, Now: clk.Now}
	sts, err := db.Standards(ctx, domain.StandardFilter{Status: domain.StandardPublished}, domain.Page{Limit: 10})
	if err != nil || len(sts) == 0 {
		t.Fatalf("the example standard: %v", err)
	}
	if w.std, err = db.Standard(ctx, sts[0].ID); err != nil {
		t.Fatal(err)
	}
	if w.commD, err = db.CommunityByCode(ctx, "xian-mijiaya"); err != nil {
		t.Fatal(err)
	}
	return w
}

// full gives every applicable indicator its top points.
func (w *campaignWorld) full() []domain.IndicatorScore {
	var out []domain.IndicatorScore
	for _, in := range domain.ApplicableIndicators(w.std, w.commD.Scale) {
		out = append(out, domain.IndicatorScore{Indicator: in.Code, Points: *in.Points[w.commD.Scale]})
	}
	return out
}

// scored opens, completes, submits and scores a city-title application.
func (w *campaignWorld) scored(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	d, err := w.svc.Open(ctx, w.comm, domain.OpenApplication{CommunityID: w.commD.ID, Level: domain.LevelCity,
		StandardID: w.std.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.SelfAssess(ctx, w.comm, d.ID, w.full()); err != nil {
		t.Fatal(err)
	}
	for _, in := range domain.ApplicableIndicators(w.std, w.commD.Scale) {
		if in.Evidence {
			if _, err := w.att.Add(ctx, w.comm, domain.AttachmentTarget{ApplicationID: d.ID, Indicator: in.Code},
				"证明.pdf", []byte("%PDF-1.4\n%%EOF\n")); err != nil {
				t.Fatalf("evidence %s: %v", in.Code, err)
			}
		}
	}
	if _, err := w.svc.Act(ctx, w.comm, d.ID, domain.AppCommand{Action: domain.StepSubmit}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Act(ctx, w.xah, d.ID, domain.AppCommand{Action: domain.StepScore, Scores: w.full()}); err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// TestCampaignNoticeStartsOnAWorkingDay: accepted on a Saturday, the
// notice runs from Monday for five working days.
func TestCampaignNoticeStartsOnAWorkingDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		clk := &clock{t: time.Date(2025, 3, 8, 10, 0, 0, 0, storetest.Shanghai)} // a Saturday
		w := newCampaignWorld(t, db, clk)
		id := w.scored(t)
		d, err := w.svc.Act(context.Background(), w.xah, id, domain.AppCommand{Action: domain.StepAccept})
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != domain.AppPublicized || d.Notice == nil || d.Notice.From.String() != "2025-03-10" ||
			d.Notice.To.String() != "2025-03-14" || d.Notice.Score != float64(w.std.MaxScore(w.commD.Scale)) {
			t.Fatalf("notice: %+v", d.Notice)
		}
		n := len(d.Events)
		if d.Events[n-2].Action != domain.StepAccept || d.Events[n-1].Action != domain.StepPublicize ||
			d.Events[n-1].Channel != domain.ChannelSystem {
			t.Errorf("last events: %+v", d.Events[n-2:])
		}
	})
}

// TestCampaignRacingDecisions: two decisions at once, one wins, the other
// is a conflict; one notice, one review task closed once.
func TestCampaignRacingDecisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newCampaignWorld(t, db, &clock{t: storetest.Now})
		id := w.scored(t)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, act := range []domain.AppCommand{{Action: domain.StepAccept}, {Action: domain.StepReject, Note: "不合格"}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = w.svc.Act(context.Background(), w.xah, id, act)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, domain.ErrConflict):
				t.Errorf("loser: %v, want a conflict", err)
			}
		}
		if ok != 1 {
			t.Fatalf("winners: %d (%v)", ok, errs)
		}
		d, err := w.svc.Application(context.Background(), w.xah, id)
		if err != nil {
			t.Fatal(err)
		}
		closes := 0
		for _, tk := range d.Tasks {
			if tk.Status == domain.StatusClosed {
				closes++
			}
		}
		if len(d.Tasks) != 1 || closes != 1 {
			t.Errorf("tasks: %+v", d.Tasks)
		}
	})
}
