package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

func pday(s string) domain.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// progressFixture adds communities and titles to db for the progress
// tests and returns the service over it.
type progressFixture struct {
	db  *storetest.DB
	svc *domain.ProgressService
	n   int
}

func newProgressFixture(t *testing.T, db *storetest.DB, today string) *progressFixture {
	t.Helper()
	now := pday(today).AddDays(1).In(storetest.Shanghai).Add(-time.Hour)
	return &progressFixture{db: db, svc: &domain.ProgressService{Store: db, Location: storetest.Shanghai,
		Now: func() time.Time { return now }}}
}

// community adds an active community in region created at noon on day.
func (f *progressFixture) community(t *testing.T, region, created string) domain.Community {
	t.Helper()
	f.n++
	at := pday(created).In(storetest.Shanghai).Add(12 * time.Hour)
	c := domain.Community{Code: fmt.Sprintf("p-%d", f.n), Name: fmt.Sprintf("小区%d", f.n), Region: "xian",
		Scale: "neighborhood", Active: true, RegionCode: region, CityCode: domain.CityCodeOf(region),
		CreatedAt: at, UpdatedAt: at}
	if err := f.db.InTx(context.Background(), func(tx domain.Tx) error { return tx.CreateCommunity(context.Background(), &c) }); err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *progressFixture) title(t *testing.T, c domain.Community, level domain.StandardLevel, from, to string) domain.Title {
	t.Helper()
	f.n++
	ti := domain.Title{CommunityID: c.ID, CityCode: c.CityCode, Level: level, CertificateNo: fmt.Sprintf("C-%d", f.n),
		GrantedOn: pday(from), ExpiresOn: pday(to), Status: domain.TitleActive, CreatedAt: storetest.Now,
		UpdatedAt: storetest.Now}
	if err := f.db.InTx(context.Background(), func(tx domain.Tx) error { return tx.CreateTitle(context.Background(), &ti) }); err != nil {
		t.Fatal(err)
	}
	return ti
}

func (f *progressFixture) progress(t *testing.T, asOf string, level domain.StandardLevel) domain.Progress {
	t.Helper()
	p, err := f.svc.Progress(context.Background(), domain.Actor{UserID: 1, Role: domain.RoleAdmin},
		domain.ProgressRequest{AsOf: pday(asOf), Level: level})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func cityOf(p domain.Progress, code string) domain.CityProgress {
	for _, c := range p.Cities {
		if c.Code == code {
			return c
		}
	}
	return domain.CityProgress{}
}

// TestProgressStore: the figures as of a day, by city and county; a later
// revocation and a later deactivation leave a past day's figure alone; a
// province title counts at the city level.
func TestProgressStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		f := newProgressFixture(t, db, "2026-12-05")
		// The seed's five pilot communities are in the register from
		// storetest.Now (2025-03-03): 西安 ×2 (610100), 宝鸡 ×1 (610300),
		// 勉县 610725 and 石泉 610922.
		base := f.progress(t, "2026-01-01", domain.LevelCity)
		if base.Province == nil || base.Province.Communities != 5 || base.Province.Titled != 0 {
			t.Fatalf("the seed: %+v", base.Province)
		}
		yanta := f.community(t, "610113", "2025-01-01")  // 雁塔区, 西安
		beilin := f.community(t, "610103", "2025-01-01") // 碑林区, 西安
		weibin := f.community(t, "610302", "2025-06-01") // 渭滨区, 宝鸡
		ti := f.title(t, yanta, domain.LevelCity, "2025-07-01", "2028-06-30")
		f.title(t, beilin, domain.LevelProvince, "2025-09-01", "2028-08-31")
		f.title(t, weibin, domain.LevelCity, "2025-10-01", "2026-03-31")

		p := f.progress(t, "2025-12-31", domain.LevelCity)
		if p.Province.Titled != 3 || p.Province.Communities != 8 {
			t.Errorf("province 2025-12-31: %+v, want 3 of 8", p.Province)
		}
		xa := cityOf(p, "610100")
		if xa.Titled != 2 || xa.Communities != 4 {
			t.Errorf("西安: %+v, want 2 of 4", xa.ProgressCount)
		}
		var counties int
		for _, co := range xa.Counties {
			counties += co.Communities
			if co.Code == "610113" && (co.Titled != 1 || co.Communities != 1) {
				t.Errorf("雁塔区: %+v", co)
			}
		}
		if counties != 2 { // the two pilots carry the city's own code: no county
			t.Errorf("西安's counties hold %d communities, want 2: %+v", counties, xa.Counties)
		}
		if hz := cityOf(p, "610700"); hz.Communities != 1 || len(hz.Counties) != 1 || hz.Counties[0].Code != "610725" {
			t.Errorf("汉中 rolls up 勉县: %+v", hz)
		}
		if pr := f.progress(t, "2025-12-31", domain.LevelProvince); pr.Province.Titled != 1 {
			t.Errorf("province level: %+v, want 1 titled", pr.Province)
		}
		if len(p.Trend) == 0 || p.Trend[len(p.Trend)-1].ProgressCount != *p.Province {
			t.Errorf("the trend's last point %+v is not the figure %+v", p.Trend[len(p.Trend)-1], *p.Province)
		}

		// Revoke 雁塔's title today and take 碑林 out of the register
		// today: 2025-12-31 keeps its figure, today's drops.
		ti.Status, ti.EndedOn, ti.Reason = domain.TitleRevoked, pday("2026-12-05"), "复核不合格"
		beilin.Active, beilin.UpdatedAt = false, pday("2026-12-05").In(storetest.Shanghai).Add(10*time.Hour)
		err := db.InTx(ctx, func(tx domain.Tx) error {
			if err := tx.UpdateTitle(ctx, &ti); err != nil {
				return err
			}
			return tx.UpdateCommunity(ctx, &beilin)
		})
		if err != nil {
			t.Fatal(err)
		}
		again := f.progress(t, "2025-12-31", domain.LevelCity)
		if *again.Province != *p.Province || cityOf(again, "610100").ProgressCount != xa.ProgressCount {
			t.Errorf("2025-12-31 after a revocation today: %+v, was %+v", again.Province, p.Province)
		}
		now := f.progress(t, "2026-12-05", domain.LevelCity)
		// 碑林 is out of the register but its title is valid: 1 titled of 7.
		if now.Province.Communities != 7 || now.Province.Titled != 1 {
			t.Errorf("today: %+v, want 1 of 7", now.Province)
		}
		if d := f.progress(t, "2026-12-04", domain.LevelCity); d.Province.Communities != 8 || d.Province.Titled != 2 {
			t.Errorf("yesterday: %+v, want 2 of 8 (宝鸡's title expired 2026-03-31)", d.Province)
		}

		// Back in the register tomorrow; an edit that keeps the flag adds
		// no history.
		beilin.Active, beilin.UpdatedAt = true, pday("2026-12-06").In(storetest.Shanghai).Add(9*time.Hour)
		if err := db.InTx(ctx, func(tx domain.Tx) error {
			if err := tx.UpdateCommunity(ctx, &beilin); err != nil {
				return err
			}
			beilin.Address, beilin.UpdatedAt = "雁塔路1号", beilin.UpdatedAt.Add(time.Hour)
			return tx.UpdateCommunity(ctx, &beilin)
		}); err != nil {
			t.Fatal(err)
		}
		at := func(d string) int {
			cells, err := db.ProgressCells(ctx, domain.ProgressQuery{Level: domain.LevelCity},
				domain.ProgressPoint{On: pday(d), Until: pday(d).AddDays(1).In(storetest.Shanghai)})
			if err != nil {
				t.Fatal(err)
			}
			var n int
			for _, c := range cells {
				n += c.Communities
			}
			return n
		}
		if a, b := at("2026-12-05"), at("2026-12-06"); a != 7 || b != 8 {
			t.Errorf("communities out on 12-05 and back on 12-06: %d, %d; want 7, 8", a, b)
		}
		var rows int
		if err := db.DB.NewSelect().TableExpr("community_status_changes").ColumnExpr("COUNT(*)").
			Where("community_id = ?", beilin.ID).Scan(ctx, &rows); err != nil || rows != 3 {
			t.Errorf("碑林's history: %d rows (%v), want 3 (in, out, in)", rows, err)
		}

		// A bureau's figure is its city's.
		cnt, err := db.ApplicationCounts(ctx, "610100", nil)
		if err != nil || len(cnt) != 0 {
			t.Errorf("no applications: %v %v", cnt, err)
		}
	})
}

// TestProgressMatchesRule checks the SQL against domain.TitleValidOn: a
// random register with overlapping, revoked and expired titles, counted
// both ways on many days, as of a day and through the trend.
func TestProgressMatchesRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		f := newProgressFixture(t, db, "2027-12-31")
		rng := rand.New(rand.NewPCG(1, 2))
		start := pday("2025-01-01")
		type com struct {
			c      domain.Community
			titles []domain.Title
		}
		var reg []com
		for i := 0; i < 12; i++ {
			c := f.community(t, []string{"610113", "610302", "610725"}[i%3], "2024-12-01")
			var ts []domain.Title
			for j := 0; j < rng.IntN(4); j++ {
				lvl := domain.LevelCity
				if rng.IntN(2) == 0 {
					lvl = domain.LevelProvince
				}
				from := start.AddDays(rng.IntN(700))
				ti := f.title(t, c, lvl, from.String(), from.AddDays(30+rng.IntN(400)).String())
				if rng.IntN(3) == 0 { // ended: revoked or replaced, maybe after expiry
					ti.Status, ti.EndedOn = domain.TitleRevoked, from.AddDays(rng.IntN(500))
					if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.UpdateTitle(ctx, &ti) }); err != nil {
						t.Fatal(err)
					}
				}
				ts = append(ts, ti)
			}
			reg = append(reg, com{c, ts})
		}
		var days []domain.Date
		for d := start.AddDays(-3); d.Before(pday("2027-03-01")); d = d.AddDays(11) {
			days = append(days, d)
		}
		for _, level := range []domain.StandardLevel{domain.LevelCity, domain.LevelProvince} {
			pts := make([]domain.ProgressPoint, len(days))
			for i, d := range days {
				pts[i] = domain.ProgressPoint{On: d, Until: d.AddDays(1).In(storetest.Shanghai).UTC()}
			}
			// Out of order on purpose: the store sorts.
			pts[0], pts[len(pts)-1] = pts[len(pts)-1], pts[0]
			trend, err := db.ProgressTrend(ctx, domain.ProgressQuery{Level: level}, pts)
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range pts {
				want := 0
				for _, c := range reg {
					if domain.HoldsTitleOn(c.titles, level, p.On) {
						want++
					}
				}
				cells, err := db.ProgressCells(ctx, domain.ProgressQuery{Level: level}, p)
				if err != nil {
					t.Fatal(err)
				}
				var got domain.ProgressCount
				for _, c := range cells {
					got = got.Add(c.ProgressCount)
				}
				if got.Titled != want || trend[i].Titled != want {
					t.Fatalf("%s %s: as of %d, trend %d, rule %d", level, p.On, got.Titled, trend[i].Titled, want)
				}
				if trend[i].Communities != got.Communities {
					t.Fatalf("%s %s: communities as of %d, trend %d", level, p.On, got.Communities, trend[i].Communities)
				}
			}
		}
	})
}

// TestCampaignSettingsStore: versions, a stale save is a conflict, the
// audit row.
func TestCampaignSettingsStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		f := newProgressFixture(t, db, "2026-12-05")
		admin := domain.Actor{Username: "admin", Role: domain.RoleAdmin} // no user row: changed_by stays NULL
		s, err := f.svc.Settings(ctx, admin)
		if err != nil || s.Version != 0 || s.Target != 0.5 {
			t.Fatalf("defaults: %+v %v", s, err)
		}
		in := domain.CampaignSettings{Target: 0.6, StartOn: pday("2025-01-01"), TargetOn: pday("2027-12-31")}
		got, err := f.svc.SaveSettings(ctx, admin, in)
		if err != nil || got.Version != 1 {
			t.Fatalf("save: %+v %v", got, err)
		}
		if _, err := f.svc.SaveSettings(ctx, admin, in); domain.ErrorKey(err) != "progress.settings_changed" {
			t.Errorf("stale save: %v", err)
		}
		in.Version = 1
		in.Target = 0.55
		if got, err = f.svc.SaveSettings(ctx, admin, in); err != nil || got.Version != 2 {
			t.Fatalf("second save: %+v %v", got, err)
		}
		s, err = f.svc.Settings(ctx, domain.Actor{UserID: 2, Role: domain.RoleCommunity})
		if err != nil || s.Version != 2 || s.Target != 0.55 || s.StartOn != pday("2025-01-01") {
			t.Errorf("read back: %+v %v", s, err)
		}
		if _, err := f.svc.SaveSettings(ctx, domain.Actor{UserID: 3, Role: domain.RoleLead}, in); domain.ErrorKey(err) != "auth.forbidden" {
			t.Errorf("a lead saves: %v", err)
		}
		audit, err := db.Audit(ctx, domain.AuditFilter{Action: "campaign.settings"}, domain.Page{Limit: 10})
		if err != nil || len(audit) != 2 {
			t.Errorf("audit: %d rows %v", len(audit), err)
		}
	})
}
