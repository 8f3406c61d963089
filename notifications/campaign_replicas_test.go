package notifications_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
	"xietong/notifications/scheduler"
)

// Three replicas, each with its own connection pool, run the campaign job
// at once, first directly (no scheduler claim: only the rows' guards stand
// between them) and then through their schedulers: every ended notice is
// named exactly once, with one title, one record entry and one message per
// recipient, and certificate numbers stay unique and consecutive.
func TestNamingExactlyOnceAcrossReplicas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		if db.Name != "postgres" {
			t.Skip("replicas share PostgreSQL")
		}
		ctx := context.Background()
		codes := []string{"xian-mijiaya", "xian-lanbo", "baoji-jinhe", "hanzhong-minan", "ankang-zhuerwan"}
		var notices []domain.PublicNotice
		for _, level := range []domain.StandardLevel{domain.LevelCity, domain.LevelProvince} {
			for _, code := range codes {
				notices = append(notices, campaignFixture(t, db, code, level))
			}
		}
		users := &domain.UserService{Store: db.Store, Hasher: storetest.FastHasher, Now: func() time.Time { return storetest.Now },
			MinPasswordLength: 10}
		if _, err := users.CreateUser(ctx, domain.SystemActor(), domain.CreateUser{Username: "minan",
			Role: domain.RoleCommunity, CommunityCode: "hanzhong-minan", Email: "minan@example.cn",
			Password: "a long password"}); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2025, 3, 10, 1, 5, 0, 0, storetest.Shanghai)
		var svcs []*domain.CampaignNoticeService
		var replicas []*scheduler.Scheduler
		for i := range 3 {
			st := db.Open(t)
			svc := &domain.CampaignNoticeService{Store: st, Now: func() time.Time { return at }, Location: storetest.Shanghai}
			svcs = append(svcs, svc)
			replicas = append(replicas, &scheduler.Scheduler{Claims: st, Location: storetest.Shanghai,
				Owner: "replica-" + strconv.Itoa(i), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
				Now: time.Now, Jobs: []scheduler.Job{{Name: "campaign_naming", Spec: "5 1 * * *",
					Run: func(ctx context.Context, slot time.Time) error {
						_, err := svc.Run(ctx, slot, false)
						return err
					}}}})
		}
		// Directly: the guards alone.
		named := make([]int, len(svcs))
		var wg sync.WaitGroup
		for i, svc := range svcs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := svc.Run(ctx, at, false)
				if err != nil {
					t.Errorf("replica %d: %v", i, err)
				}
				named[i] = len(r.Named)
			}()
		}
		wg.Wait()
		if total := named[0] + named[1] + named[2]; total != len(notices) {
			t.Errorf("replicas named %v, %d in all, want %d", named, total, len(notices))
		}
		// Through the schedulers, the next day: one replica runs, naming nothing more.
		slot := at.AddDate(0, 0, 1)
		ran := make([]bool, len(replicas))
		for i, r := range replicas {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := r.Fire(ctx, "campaign_naming", slot)
				if err != nil {
					t.Errorf("replica %d: %v", i, err)
				}
				ran[i] = ok
			}()
		}
		wg.Wait()
		if n := countTrue(ran); n != 1 {
			t.Errorf("the slot ran in %d replicas", n)
		}

		titles, err := db.Titles(ctx, domain.TitleFilter{}, domain.Page{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(titles) != len(notices) {
			t.Fatalf("%d titles for %d notices", len(titles), len(notices))
		}
		certs := map[string]bool{}
		for _, ti := range titles {
			certs[ti.CertificateNo] = true
		}
		for _, want := range []string{"陕和谐〔2025〕市-610100-0001", "陕和谐〔2025〕市-610100-0002",
			"陕和谐〔2025〕省-0001", "陕和谐〔2025〕省-0005"} {
			if !certs[want] {
				t.Errorf("no certificate %s among %v", want, certs)
			}
		}
		for _, n := range notices {
			got, _ := db.PublicNotice(ctx, n.ID)
			app, _ := db.Application(ctx, n.ApplicationID)
			evs, _ := db.ApplicationEvents(ctx, n.ApplicationID)
			if got.Status != domain.NoticeNamed || app.Status != domain.AppNamed || len(evs) != 1 {
				t.Errorf("notice %d: %s, application %s, %d events", n.ID, got.Status, app.Status, len(evs))
			}
		}
		msgs, err := db.Outbox(ctx, domain.OutboxFilter{}, domain.Page{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		perAddr := map[string]int{}
		for _, m := range msgs {
			if m.Kind == domain.MailTitleGranted {
				perAddr[m.To]++
			}
		}
		if perAddr["minan@example.cn"] != 2 { // the city title and the province title
			t.Errorf("the community got %d naming messages, want 2: %v", perAddr["minan@example.cn"], perAddr)
		}
	})
}

// campaignFixture makes a publicized application with a notice that ended
// on Friday 2025-03-07.
func campaignFixture(t *testing.T, db *storetest.DB, code string, level domain.StandardLevel) domain.PublicNotice {
	t.Helper()
	ctx := context.Background()
	c, err := db.CommunityByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	std, ok, err := db.LatestStandard(ctx, domain.LevelProvince, "")
	if err != nil || !ok {
		t.Fatalf("standard: %v", err)
	}
	n := domain.PublicNotice{CommunityID: c.ID, CityCode: c.CityCode, Level: level, Score: 90,
		From: calendar.NewDate(2025, 3, 3), To: calendar.NewDate(2025, 3, 7), Status: domain.NoticeOpen,
		CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
	err = db.InTx(ctx, func(tx domain.Tx) error {
		a := domain.Application{CommunityID: c.ID, CityCode: c.CityCode, RegionCode: c.RegionCode, Level: level,
			StandardID: std.ID, Status: domain.AppPublicized, CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
		if err := tx.CreateApplication(ctx, &a); err != nil {
			return fmt.Errorf("application: %w", err)
		}
		n.ApplicationID = a.ID
		return tx.CreatePublicNotice(ctx, &n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
