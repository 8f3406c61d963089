package domain_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// pilotWorld is the pilot service over a fresh database with the
// province's lead, Xi'an's and Baoji's housing bureaus and Xi'an's police.
type pilotWorld struct {
	svc                      *domain.PilotService
	att                      *domain.AttachmentService
	reports                  *domain.ReportService
	lead, xah, bjh, police   domain.Actor
	xianHousing, baojiHousin domain.Organization
}

func newPilotWorld(t *testing.T, db *storetest.DB, clk *clock) *pilotWorld {
	t.Helper()
	users := newUsers(db, clk)
	ctx := context.Background()
	w := &pilotWorld{}
	actor := func(c domain.CreateUser) domain.Actor {
		return domain.ActorOf(mustUser(t, users, c), domain.ChannelAPI, "")
	}
	w.lead = actor(domain.CreateUser{Username: "prov", Role: domain.RoleLead})
	w.xah = actor(domain.CreateUser{Username: "xah", Role: domain.RoleDepartment, OrgCode: "xian-housing"})
	w.bjh = actor(domain.CreateUser{Username: "bjh", Role: domain.RoleDepartment, OrgCode: "baoji-housing"})
	w.police = actor(domain.CreateUser{Username: "xpol", Role: domain.RoleDepartment, OrgCode: "xian-public_security"})
	cal := &domain.CalendarService{Store: db.Store, Now: clk.Now}
	tasks := &domain.TaskService{Store: db.Store, Now: clk.Now, Calendar: cal, Location: storetest.Shanghai}
	w.svc = &domain.PilotService{Store: db.Store, Tasks: tasks, Now: clk.Now, Location: storetest.Shanghai}
	w.att = &domain.AttachmentService{Store: db.Store, Now: clk.Now}
	w.reports = &domain.ReportService{Store: db.Store, Calendar: cal, Location: storetest.Shanghai, Now: clk.Now,
		Pilots: w.svc}
	var err error
	if w.xianHousing, err = db.OrganizationByCode(ctx, "xian-housing"); err != nil {
		t.Fatal(err)
	}
	if w.baojiHousin, err = db.OrganizationByCode(ctx, "baoji-housing"); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *pilotWorld) cell(t *testing.T, a domain.Actor, region string, k domain.PilotItemKind) domain.PilotCell {
	t.Helper()
	p, err := w.svc.Pilot(context.Background(), a, region)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Items {
		if c.Item == k {
			return c
		}
	}
	t.Fatalf("no %s in %s", k, region)
	return domain.PilotCell{}
}

// TestPilotsFromTheRegister: the pilots are the regions of the register's
// pilot communities, each with the eight lines of the checklist.
func TestPilotsFromTheRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newPilotWorld(t, db, &clock{t: storetest.Now})
		ps, err := w.svc.Pilots(context.Background(), w.bjh)
		if err != nil {
			t.Fatal(err)
		}
		var regions []string
		for _, p := range ps {
			regions = append(regions, p.RegionCode)
			if len(p.Items) != 8 || p.Owed() != 8 {
				t.Errorf("%s: %d items, %d owed", p.RegionCode, len(p.Items), p.Owed())
			}
		}
		if got, want := regions, []string{"610100", "610300", "610725", "610922"}; !slices.Equal(got, want) {
			t.Fatalf("regions: got %v, want %v", got, want)
		}
		if ps[0].Name != "西安市" || len(ps[0].Communities) != 2 || ps[2].Name != "勉县" || ps[2].BureauCode != "mianxian-housing" {
			t.Errorf("pilots: %+v / %+v", ps[0], ps[2])
		}
		if _, err := w.svc.Pilots(context.Background(), w.police); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("police list: %v, want forbidden", err)
		}
		if _, err := w.svc.Pilot(context.Background(), w.lead, "610200"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("not a pilot: %v, want not found", err)
		}
	})
}

// TestPilotItemWorkflow: the province assigns, the owner submits with
// evidence, the province returns and accepts; others may not.
func TestPilotItemWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newPilotWorld(t, db, &clock{t: storetest.Now})
		due := calendar.NewDate(2025, 3, 14)
		assign := domain.AssignPilotItem{OwnerOrgID: w.xianHousing.ID, Due: due}
		if err := w.svc.Assign(ctx, w.xah, "610100", domain.PilotPlan, assign); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("bureau assigns: %v, want forbidden", err)
		}
		if err := w.svc.Assign(ctx, w.lead, "610100", domain.PilotPlan,
			domain.AssignPilotItem{OwnerOrgID: w.police.OrgID, Due: due}); !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("police as owner: %v, want invalid", err)
		}
		if err := w.svc.Assign(ctx, w.lead, "610100", domain.PilotHarmoniousCommunity, assign); !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("derived item: %v, want invalid", err)
		}
		if err := w.svc.Assign(ctx, w.lead, "610100", domain.PilotPlan, assign); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Assign(ctx, w.lead, "610100", domain.PilotPlan, assign); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("second assignment: %v, want conflict", err)
		}
		c := w.cell(t, w.xah, "610100", domain.PilotPlan)
		if c.Status != domain.PilotOpen || c.OwnerOrgID != w.xianHousing.ID || c.Due != due || c.TaskID == 0 ||
			!slices.Equal(c.Allowed, []domain.PilotAction{domain.PilotSubmit}) {
			t.Fatalf("assigned: %+v", c)
		}
		task, err := db.Task(ctx, c.TaskID)
		if err != nil || task.Source != domain.SourceCampaign || task.LeadOrgID != w.xianHousing.ID || task.Due != due {
			t.Fatalf("task: %+v, %v", task, err)
		}
		submit := domain.PilotCommand{Action: domain.PilotSubmit, Note: "方案已印发"}
		if err := w.svc.Act(ctx, w.police, "610100", domain.PilotPlan, submit); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("police submits: %v, want not found", err)
		}
		if err := w.svc.Act(ctx, w.bjh, "610100", domain.PilotPlan, submit); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("another bureau submits: %v, want forbidden", err)
		}
		if err := w.svc.Act(ctx, w.xah, "610100", domain.PilotPlan, submit); !errors.Is(err, domain.ErrUnprocessable) {
			t.Errorf("no evidence: %v, want unprocessable", err)
		}
		if _, err := w.att.Add(ctx, w.xah, domain.AttachmentTarget{TaskID: c.TaskID}, "方案.pdf",
			[]byte("%PDF-1.4\n%%EOF\n")); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Act(ctx, w.xah, "610100", domain.PilotPlan, submit); err != nil {
			t.Fatal(err)
		}
		if c := w.cell(t, w.lead, "610100", domain.PilotPlan); c.Status != domain.PilotSubmitted || c.Evidence != 1 ||
			!slices.Equal(c.Allowed, []domain.PilotAction{domain.PilotAccept, domain.PilotReturn}) {
			t.Fatalf("submitted: %+v", c)
		}
		if err := w.svc.Act(ctx, w.xah, "610100", domain.PilotPlan,
			domain.PilotCommand{Action: domain.PilotAccept}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("owner accepts: %v, want forbidden", err)
		}
		if err := w.svc.Act(ctx, w.lead, "610100", domain.PilotPlan,
			domain.PilotCommand{Action: domain.PilotReturn, Note: "缺少签章"}); err != nil {
			t.Fatal(err)
		}
		if c := w.cell(t, w.xah, "610100", domain.PilotPlan); c.Status != domain.PilotOpen {
			t.Fatalf("returned: %+v", c)
		}
		if err := w.svc.Act(ctx, w.xah, "610100", domain.PilotPlan, submit); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Act(ctx, w.lead, "610100", domain.PilotPlan, domain.PilotCommand{Action: domain.PilotAccept}); err != nil {
			t.Fatal(err)
		}
		if c := w.cell(t, w.xah, "610100", domain.PilotPlan); c.Status != domain.PilotDone || len(c.Allowed) != 0 {
			t.Fatalf("accepted: %+v", c)
		}
		ev, err := db.TaskEvents(ctx, c.TaskID)
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, e := range ev {
			acts = append(acts, e.Action)
		}
		want := []string{"assign", "attach", "accept", "submit", "return", "submit", "close"}
		if !slices.Equal(acts, want) {
			t.Errorf("task record: got %v, want %v", acts, want)
		}
	})
}

// TestPilotOwedInReport: the report lists what each pilot owes; an item
// due Tuesday 4 March 2025 is, on Friday 7 March, 3 working days overdue
// (the 5th, 6th and 7th). A valid title makes the community item done.
func TestPilotOwedInReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{t: storetest.Now}
		w := newPilotWorld(t, db, clk)
		if err := w.svc.Assign(ctx, w.lead, "610300", domain.PilotStandard,
			domain.AssignPilotItem{OwnerOrgID: w.baojiHousin.ID, Due: calendar.NewDate(2025, 3, 4)}); err != nil {
			t.Fatal(err)
		}
		jinhe, err := db.CommunityByCode(ctx, "baoji-jinhe")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(tx domain.Tx) error {
			return tx.CreateTitle(ctx, &domain.Title{CommunityID: jinhe.ID, CityCode: "610300", Level: domain.LevelCity,
				CertificateNo: "BJ-2025-001", GrantedOn: calendar.NewDate(2025, 1, 10),
				ExpiresOn: calendar.NewDate(2027, 1, 9), Status: domain.TitleActive, CreatedAt: storetest.Now,
				UpdatedAt: storetest.Now})
		}); err != nil {
			t.Fatal(err)
		}
		clk.t = time.Date(2025, 3, 7, 9, 0, 0, 0, storetest.Shanghai)
		r, err := w.reports.Supervision(ctx, w.lead, domain.ReportRequest{Period: domain.ReportWeekly})
		if err != nil {
			t.Fatal(err)
		}
		if r.Pilots == nil {
			t.Fatal("no pilot section")
		}
		var baoji []domain.PilotOwed
		for _, o := range r.Pilots.Owed {
			if o.RegionCode == "610300" {
				baoji = append(baoji, o)
			}
		}
		// Eight lines, the community done: seven owed.
		if len(baoji) != 7 || len(r.Pilots.Owed) != 7+3*8 {
			t.Fatalf("owed: %d of Baoji, %d in all", len(baoji), len(r.Pilots.Owed))
		}
		var std domain.PilotOwed
		for _, o := range baoji {
			if o.Item == domain.PilotStandard {
				std = o
			}
			if o.Item == domain.PilotHarmoniousCommunity {
				t.Errorf("the titled community is listed as owed: %+v", o)
			}
		}
		if std.DaysOverdue != 3 || std.Owner != w.baojiHousin.Name || std.Due.String() != "2025-03-04" ||
			std.Status != domain.PilotOpen {
			t.Errorf("standard: %+v", std)
		}
		org, err := w.reports.Supervision(ctx, w.lead, domain.ReportRequest{Period: domain.ReportWeekly,
			Scope: domain.ReportScope{Kind: domain.ScopeOrg, OrgID: w.baojiHousin.ID}})
		if err != nil || org.Pilots != nil {
			t.Errorf("an organisation's report has a pilot section: %v, %v", org.Pilots, err)
		}
		city, err := w.reports.Supervision(ctx, w.lead, domain.ReportRequest{Period: domain.ReportWeekly,
			Scope: domain.ReportScope{Kind: domain.ScopeCity, Region: "baoji"}})
		if err != nil || city.Pilots == nil || len(city.Pilots.Owed) != 7 {
			t.Errorf("Baoji's report: %+v, %v", city.Pilots, err)
		}
	})
}
