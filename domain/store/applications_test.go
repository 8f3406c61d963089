package store_test

import (
	"context"
	"errors"
	"testing"

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

		a.Status = domain.AppWithdrawn
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.UpdateApplication(ctx, &a) }); err != nil {
			t.Fatal(err)
		}
		if _, err := open(domain.LevelCity); err != nil {
			t.Errorf("a new application after withdrawing: %v", err)
		}
	})
}
