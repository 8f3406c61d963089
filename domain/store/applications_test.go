package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// TestApplicationStore: one open application per community and level, a
// stale version is refused, the record keeps its order, and an
// application's notice is found by the application and is unique.
func TestApplicationStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		c, err := db.CommunityByCode(ctx, "hanzhong-minan")
		if err != nil {
			t.Fatal(err)
		}
		std, err := db.Standards(ctx, domain.StandardFilter{}, domain.Page{Limit: 1})
		if err != nil || len(std) == 0 {
			t.Fatalf("example standard: %v %v", std, err)
		}
		open := func(level domain.StandardLevel) (domain.Application, error) {
			a := domain.Application{CommunityID: c.ID, CityCode: c.CityCode, RegionCode: c.RegionCode, Level: level,
				StandardID: std[0].ID, Status: domain.AppDraft, CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
			err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateApplication(ctx, &a) })
			return a, err
		}
		a, err := open(domain.LevelCity)
		if err != nil || a.ID == 0 || a.Version != 1 {
			t.Fatalf("create: %+v %v", a, err)
		}
		if a.CityCode != "610700" || a.RegionCode != "610725" {
			t.Errorf("codes %q %q, want the community's", a.CityCode, a.RegionCode)
		}
		if _, err := open(domain.LevelCity); domain.ErrorKey(err) != "application.open_exists" {
			t.Errorf("second open city application: %v, want application.open_exists", err)
		}
		if _, err := open(domain.LevelProvince); err != nil {
			t.Errorf("province application beside it: %v", err)
		}

		stale := a
		score := 91.5
		a.Status, a.SelfScore = domain.AppSubmitted, &score
		a.SubmittedAt = storetest.Now
		err = db.InTx(ctx, func(tx domain.Tx) error {
			if err := tx.UpdateApplication(ctx, &a); err != nil {
				return err
			}
			for _, act := range []domain.AppAction{domain.StepSubmit, domain.StepReturn} {
				e := domain.ApplicationEvent{ApplicationID: a.ID, At: storetest.Now, Actor: "系统",
					Channel: domain.ChannelSystem, Action: act, Note: "说明", From: domain.AppDraft, To: domain.AppSubmitted}
				if err := tx.AddApplicationEvent(ctx, &e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || a.Version != 2 {
			t.Fatalf("update: version %d %v", a.Version, err)
		}
		err = db.InTx(ctx, func(tx domain.Tx) error { return tx.UpdateApplication(ctx, &stale) })
		if !errors.Is(err, domain.ErrConflict) || stale.Version != 1 {
			t.Errorf("stale update: %v version %d, want a conflict and the version kept", err, stale.Version)
		}
		got, err := db.Application(ctx, a.ID)
		if err != nil || got.Status != domain.AppSubmitted || got.SelfScore == nil || *got.SelfScore != 91.5 ||
			!got.SubmittedAt.Equal(storetest.Now) || got.CityScore != nil {
			t.Errorf("read back %+v %v", got, err)
		}
		ev, err := db.ApplicationEvents(ctx, a.ID)
		if err != nil || len(ev) != 2 || ev[0].Action != domain.StepSubmit || ev[1].Action != domain.StepReturn {
			t.Errorf("events %+v %v", ev, err)
		}
		list, err := db.Applications(ctx, domain.ApplicationFilter{CityCode: "610700",
			Statuses: []domain.ApplicationStatus{domain.AppSubmitted}}, domain.Page{Limit: 10})
		if err != nil || len(list) != 1 || list[0].ID != a.ID {
			t.Errorf("inbox %+v %v", list, err)
		}
		if list, _ := db.Applications(ctx, domain.ApplicationFilter{CityCode: "610100"}, domain.Page{Limit: 10}); len(list) != 0 {
			t.Errorf("another city's list: %+v", list)
		}

		n := domain.PublicNotice{ApplicationID: a.ID, CommunityID: c.ID, CityCode: c.CityCode, Level: a.Level,
			Score: 91.5, From: calendar.Date{Year: 2026, Month: 12, Day: 7}, To: calendar.Date{Year: 2026, Month: 12, Day: 11},
			Status: domain.NoticeOpen, CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreatePublicNotice(ctx, &n) }); err != nil {
			t.Fatal(err)
		}
		dup := n
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreatePublicNotice(ctx, &dup) }); domain.ErrorKey(err) != "notice.exists" {
			t.Errorf("second notice: %v", err)
		}
		n.Status = domain.NoticeNamed
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.UpdatePublicNotice(ctx, &n) }); err != nil {
			t.Fatal(err)
		}
		back, err := db.PublicNoticeOf(ctx, a.ID)
		if err != nil || back.ID != n.ID || back.Status != domain.NoticeNamed || back.To != n.To || back.Score != 91.5 {
			t.Errorf("notice back %+v %v", back, err)
		}

		ti := domain.Title{CommunityID: c.ID, CityCode: c.CityCode, ApplicationID: a.ID, Level: domain.LevelCity,
			CertificateNo: "陕和谐〔2026〕001", GrantedOn: calendar.Date{Year: 2026, Month: 12, Day: 14},
			ExpiresOn: calendar.Date{Year: 2029, Month: 12, Day: 13}, Status: domain.TitleActive,
			CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateTitle(ctx, &ti) }); err != nil {
			t.Fatal(err)
		}
		again := ti
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateTitle(ctx, &again) }); domain.ErrorKey(err) != "title.certificate_taken" {
			t.Errorf("same certificate: %v", err)
		}
		if got, ok, err := db.ActiveTitle(ctx, c.ID, domain.LevelCity); !ok || err != nil || got.ID != ti.ID || got.ExpiresOn != ti.ExpiresOn {
			t.Errorf("active title %+v %v %v", got, ok, err)
		}
		if _, ok, err := db.ActiveTitle(ctx, c.ID, domain.LevelProvince); ok || err != nil {
			t.Errorf("no province title: %v %v", ok, err)
		}
		staleTitle := ti
		ti.Status, ti.EndedOn, ti.Reason = domain.TitleRevoked, calendar.Date{Year: 2027, Month: 3, Day: 1}, "抽查不合格"
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.UpdateTitle(ctx, &ti) }); err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.UpdateTitle(ctx, &staleTitle) }); domain.ErrorKey(err) != "title.changed" {
			t.Errorf("stale title update: %v", err)
		}
		if _, ok, _ := db.ActiveTitle(ctx, c.ID, domain.LevelCity); ok {
			t.Error("a revoked title is still active")
		}
		if ts, err := db.Titles(ctx, domain.TitleFilter{Status: domain.TitleRevoked, RegionCode: "610725"}, domain.Page{Limit: 5}); err != nil ||
			len(ts) != 1 || ts[0].Reason != "抽查不合格" || ts[0].EndedOn.Month != 3 {
			t.Errorf("revoked titles %+v %v", ts, err)
		}

		a.Status = domain.AppWithdrawn
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.UpdateApplication(ctx, &a) }); err != nil {
			t.Fatal(err)
		}
		if _, err := open(domain.LevelCity); err != nil {
			t.Errorf("a new application after withdrawing: %v", err)
		}
	})
}

// TestInstalledAt: the first call records the installation's start — the
// oldest audit entry when the database predates the record — and every
// later call, from any replica, returns the same instant.
func TestInstalledAt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		later := storetest.Now.Add(30 * 24 * time.Hour)
		first, err := db.InstalledAt(ctx, later)
		if err != nil {
			t.Fatal(err)
		}
		if first.After(later) {
			t.Errorf("installed at %v, after now %v", first, later)
		}
		var oldest time.Time
		if err := db.DB.NewRaw("SELECT MIN(at) FROM audit_log").Scan(ctx, &oldest); err == nil && !oldest.IsZero() && !first.Equal(oldest.UTC()) {
			t.Errorf("installed at %v, want the oldest audit entry %v", first, oldest)
		}
		again, err := db.Open(t).InstalledAt(ctx, later.Add(time.Hour))
		if err != nil || !again.Equal(first) {
			t.Errorf("second replica: %v %v, want %v", again, err, first)
		}
	})
}

// TestUpsertCommunitiesKeepsHistory: a register import writes the
// communities' active history as single writes do: a new active community
// starts it, an unchanged one adds nothing, a deactivation adds a row, and
// a new inactive community has none.
func TestUpsertCommunitiesKeepsHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		mk := func(code string, active bool, at time.Time) domain.Community {
			return domain.Community{Code: code, Name: code, Region: "xian", City: "西安市", Scale: "cluster", Active: active,
				RegionCode: "610113", CityCode: "610100", HousingType: "public_rental", CreatedAt: at, UpdatedAt: at}
		}
		upsert := func(cs ...domain.Community) {
			t.Helper()
			if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.UpsertCommunities(ctx, cs) }); err != nil {
				t.Fatal(err)
			}
		}
		history := func(code string) (n int, last bool) {
			t.Helper()
			var rows []struct {
				Active bool `bun:"active"`
			}
			err := db.DB.NewRaw(`SELECT s.active FROM community_status_changes s JOIN communities c ON c.id = s.community_id
				WHERE c.code = ? ORDER BY s.at, s.id`, code).Scan(ctx, &rows)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) > 0 {
				last = rows[len(rows)-1].Active
			}
			return len(rows), last
		}
		t0 := storetest.Now
		upsert(mk("imp-a", true, t0), mk("imp-b", false, t0))
		if n, last := history("imp-a"); n != 1 || !last {
			t.Errorf("new active: %d rows, last %v; want 1, active", n, last)
		}
		if n, _ := history("imp-b"); n != 0 {
			t.Errorf("new inactive: %d rows, want none", n)
		}
		upsert(mk("imp-a", true, t0.Add(time.Hour)), mk("imp-b", false, t0.Add(time.Hour)))
		if n, _ := history("imp-a"); n != 1 {
			t.Errorf("unchanged: %d rows, want 1", n)
		}
		upsert(mk("imp-a", false, t0.Add(2*time.Hour)), mk("imp-b", true, t0.Add(2*time.Hour)))
		if n, last := history("imp-a"); n != 2 || last {
			t.Errorf("deactivated: %d rows, last %v; want 2, inactive", n, last)
		}
		if n, last := history("imp-b"); n != 1 || !last {
			t.Errorf("activated: %d rows, last %v; want 1, active", n, last)
		}
	})
}
