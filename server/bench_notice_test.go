package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// BenchmarkPublicNotices measures the public 公示 page (GET /public/notices,
// HTML, first page of 50) at 8 concurrent clients over real HTTP, with 200
// open and 2,000 past notices, on SQLite and (with
// XIETONG_TEST_DATABASE_URL) PostgreSQL: "cached" is the page as served
// (rendered once per 5 s), "uncached" renders every request (a `lang`
// parameter, which sets the language cookie, is served fresh). It reports
// requests per second; see
// BENCHMARKS.md, "Public pages".
func BenchmarkPublicNotices(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			var db *storetest.DB
			if name == "sqlite" {
				db = storetest.SQLite(b)
			} else {
				db = storetest.Postgres(b)
			}
			e := newEnv(b, db, func(d *Deps) {
				d.Notices = &domain.CampaignNoticeService{Store: d.Tasks.Store.(domain.NoticeStore), Now: d.Tasks.Now,
					Location: storetest.Shanghai}
				d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
			})
			seedNotices(b, db, 200, 1800, 10000)
			for _, mode := range []string{"cached", "uncached"} {
				b.Run(mode, func(b *testing.B) { benchGet(b, e.ts.URL+"/public/notices", mode == "uncached") })
			}
		})
	}
}

// benchGet sends b.N GETs of url from 8 clients and reports requests/s.
func benchGet(b *testing.B, url string, bust bool) {
	const clients = 8
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				u := url
				if bust {
					u += fmt.Sprintf("?lang=zh-CN&n=%d", i) // a lang parameter is served fresh (it sets the cookie)
				}
				res, err := client.Get(u)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Errorf("status %d", res.StatusCode)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// seedNotices adds a register of communities: open of them with notices in
// their period and past ones with named notices, each with its
// application, and the rest without an application.
func seedNotices(b *testing.B, db *storetest.DB, open, past, communities int) {
	b.Helper()
	ctx := context.Background()
	std, ok, err := db.LatestStandard(ctx, domain.LevelProvince, "")
	if err != nil || !ok {
		b.Fatalf("standard: %v", err)
	}
	cities := []string{"610100", "610300", "610700", "610900", "610400"}
	err = db.InTx(ctx, func(tx domain.Tx) error {
		for i := range max(communities, open+past) {
			city := cities[i%len(cities)]
			c := domain.Community{Code: fmt.Sprintf("bench-%05d", i), Name: fmt.Sprintf("幸福家园%d号小区", i),
				Region: "xian", RegionCode: city, CityCode: city, Scale: "neighborhood", Active: true,
				CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
			if err := tx.CreateCommunity(ctx, &c); err != nil {
				return err
			}
			if i >= open+past {
				continue // a community of the register that has not applied
			}
			st, ns := domain.AppPublicized, domain.NoticeOpen
			from := calendar.NewDate(2025, 3, 3)
			if i >= open {
				st, ns, from = domain.AppNamed, domain.NoticeNamed, calendar.NewDate(2024, 1, 1).AddDays(i%300)
			}
			a := domain.Application{CommunityID: c.ID, CityCode: city, RegionCode: city, Level: domain.LevelCity,
				StandardID: std.ID, Status: st, CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
			if err := tx.CreateApplication(ctx, &a); err != nil {
				return err
			}
			n := domain.PublicNotice{ApplicationID: a.ID, CommunityID: c.ID, CityCode: city, Level: domain.LevelCity,
				Score: 80 + float64(i%20), From: from, To: from.AddDays(6), Status: ns, CreatedAt: storetest.Now,
				UpdatedAt: storetest.Now}
			if err := tx.CreatePublicNotice(ctx, &n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
