package domain_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// progressRegister fills Weinan (no seed community) with a register whose
// figures are worked out by hand for February 2025, as of its end:
//
//	Linwei 1, 2, 3 and Huazhou 4, in the register since 2025-01-01;
//	Linwei 5 only from 2025-03-02 (after the period): not counted;
//	1 holds a city title from 2025-01-10: titled;
//	2 held one from 2025-01-10, revoked, ended 2025-02-20: not titled;
//	3 holds one from 2025-03-01 (after the period): not titled.
//
// City level: 1 of 4 = 25%, ⌈0.5 × 4⌉ = 2 needed, 1 to go; Linwei 1 of 3,
// Huazhou 0 of 1. Province level: 0 of 4.
func progressRegister(t *testing.T, db *storetest.DB) {
	t.Helper()
	ctx := context.Background()
	d := calendar.NewDate
	n := 0
	community := func(region string, in Date) domain.Community {
		n++
		at := in.In(storetest.Shanghai).Add(10 * time.Hour)
		c := domain.Community{Code: fmt.Sprintf("wn-%d", n), Name: fmt.Sprintf("渭南小区%d", n), Region: "weinan",
			Scale: "neighborhood", Active: true, RegionCode: region, CityCode: domain.CityCodeOf(region),
			CreatedAt: at, UpdatedAt: at}
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateCommunity(ctx, &c) }); err != nil {
			t.Fatal(err)
		}
		return c
	}
	title := func(c domain.Community, granted, ended Date) {
		n++
		ti := domain.Title{CommunityID: c.ID, CityCode: c.CityCode, Level: domain.LevelCity,
			CertificateNo: fmt.Sprintf("WN-%d", n), GrantedOn: granted, ExpiresOn: granted.AddDays(3 * 365),
			Status: domain.TitleActive, EndedOn: ended, CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
		if !ended.IsZero() {
			ti.Status, ti.Reason = domain.TitleRevoked, "复查不合格"
		}
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateTitle(ctx, &ti) }); err != nil {
			t.Fatal(err)
		}
	}
	c1 := community("610502", d(2025, 1, 1))
	c2 := community("610502", d(2025, 1, 1))
	c3 := community("610502", d(2025, 1, 1))
	community("610503", d(2025, 1, 1))
	community("610502", d(2025, 3, 2))
	title(c1, d(2025, 1, 10), Date{})
	title(c2, d(2025, 1, 10), d(2025, 2, 20))
	title(c3, d(2025, 3, 1), Date{})
}

// Date is domain.Date, short for the fixtures.
type Date = domain.Date

func TestReportProgressFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		clk := &clock{storetest.Now}
		reports := newReports(db, clk)
		reports.Progress = &domain.ProgressService{Store: db.Store, Location: storetest.Shanghai, Now: clk.Now}
		progressRegister(t, db)
		ctx := context.Background()
		d := calendar.NewDate
		feb := domain.ReportRequest{From: d(2025, 2, 1), To: d(2025, 2, 28), Today: d(2025, 3, 3)}

		city := feb
		city.Scope = domain.ReportScope{Kind: domain.ScopeCity, Region: "weinan"}
		r, err := reports.Supervision(ctx, domain.Actor{UserID: 1, Role: domain.RoleLeadership}, city)
		if err != nil {
			t.Fatal(err)
		}
		p := r.Progress
		if p == nil || p.AsOf != d(2025, 2, 28) || p.Target != 0.5 || len(p.Levels) != 2 {
			t.Fatalf("city report's progress: got %+v, want as of 2025-02-28, target 0.5, two levels", p)
		}
		cl, pl := p.Levels[0], p.Levels[1]
		if want := (domain.ProgressCount{Titled: 1, Communities: 4}); cl.Level != domain.LevelCity || cl.Total != want ||
			cl.Total.Rate() != 0.25 || cl.Total.Needed(p.Target) != 2 || cl.Total.ToTarget(p.Target) != 1 || cl.Total.Met(p.Target) {
			t.Errorf("city level: got %s %+v, want city 1 of 4 (25%%), 2 needed, 1 to go", cl.Level, cl.Total)
		}
		wantCounties := []domain.ReportProgressRegion{
			{Code: "610502", ProgressCount: domain.ProgressCount{Titled: 1, Communities: 3}},
			{Code: "610503", ProgressCount: domain.ProgressCount{Titled: 0, Communities: 1}},
		}
		if fmt.Sprint(cl.Regions) != fmt.Sprint(wantCounties) {
			t.Errorf("city level counties: got %+v, want %+v", cl.Regions, wantCounties)
		}
		if want := (domain.ProgressCount{Titled: 0, Communities: 4}); pl.Level != domain.LevelProvince || pl.Total != want {
			t.Errorf("province level: got %s %+v, want province 0 of 4", pl.Level, pl.Total)
		}

		// The province's report lists every campaign city, Weinan with the
		// same figure.
		r, err = reports.Supervision(ctx, domain.Actor{UserID: 1, Role: domain.RoleLeadership}, feb)
		if err != nil {
			t.Fatal(err)
		}
		if r.Progress == nil || len(r.Progress.Levels[0].Regions) != len(domain.CampaignCities()) {
			t.Fatalf("province report's progress: got %+v, want every campaign city", r.Progress)
		}
		for _, g := range r.Progress.Levels[0].Regions {
			if g.Code == "610500" && g.ProgressCount != (domain.ProgressCount{Titled: 1, Communities: 4}) {
				t.Errorf("Weinan in the province's report: got %+v, want 1 of 4", g.ProgressCount)
			}
		}

		// A period still under way is counted as of the report date, and an
		// organisation's report has no progress.
		open := domain.ReportRequest{From: d(2025, 3, 1), To: d(2025, 3, 31), Today: d(2025, 3, 3), Scope: city.Scope}
		if r, err = reports.Supervision(ctx, domain.Actor{UserID: 1, Role: domain.RoleLeadership}, open); err != nil {
			t.Fatal(err)
		}
		if got := r.Progress.Levels[0].Total; r.Progress.AsOf != d(2025, 3, 3) || got.Titled != 2 || got.Communities != 5 {
			t.Errorf("March as of 03-03: got %v %+v, want 2 of 5", r.Progress.AsOf, got)
		}
		org := feb
		org.Scope = domain.ReportScope{Kind: domain.ScopeOrg, OrgID: r.OrgFigures[0].OrgID}
		if r, err = reports.Supervision(ctx, domain.Actor{UserID: 1, Role: domain.RoleLeadership}, org); err != nil || r.Progress != nil {
			t.Errorf("an organisation's report: got progress %+v (%v), want none", r.Progress, err)
		}
	})
}

func TestProgressCountTarget(t *testing.T) {
	tests := []struct {
		name         string
		c            domain.ProgressCount
		target       float64
		needed, toGo int
		met          bool
	}{
		{"half of 4", domain.ProgressCount{Titled: 1, Communities: 4}, 0.5, 2, 1, false},
		{"half of 7 rounds up", domain.ProgressCount{Titled: 3, Communities: 7}, 0.5, 4, 1, false},
		{"exactly on the target", domain.ProgressCount{Titled: 1, Communities: 2}, 0.5, 1, 0, true},
		{"above", domain.ProgressCount{Titled: 5, Communities: 6}, 0.5, 3, 0, true},
		{"a third of 3 is 1, not 2", domain.ProgressCount{Titled: 1, Communities: 3}, 1.0 / 3, 1, 0, true},
		{"no communities meet nothing", domain.ProgressCount{}, 0.5, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n, g, m := tt.c.Needed(tt.target), tt.c.ToTarget(tt.target), tt.c.Met(tt.target); n != tt.needed || g != tt.toGo || m != tt.met {
				t.Errorf("got needed %d, to go %d, met %v; want %d, %d, %v", n, g, m, tt.needed, tt.toGo, tt.met)
			}
		})
	}
}
