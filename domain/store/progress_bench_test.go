package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// BenchmarkProgress is GET /api/v1/campaign/progress's work on PostgreSQL
// with 10,000 communities across the 13 campaign cities and about 8,300
// titles (city titles for half of them, a third of which ended early,
// province titles for a third), from a campaign start in 2014: the figures
// by city and county, a trend of 150 monthly points, the projection and
// the pipeline. It skips without XIETONG_TEST_DATABASE_URL.
func BenchmarkProgress(b *testing.B) {
	if os.Getenv(storetest.EnvDatabaseURL) == "" {
		b.Skip(storetest.EnvDatabaseURL + " is not set")
	}
	db := storetest.Postgres(b)
	ctx := context.Background()
	if err := storetest.BenchRegister(ctx, db.DB, 10_000); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, storetest.Shanghai)
	svc := &domain.ProgressService{Store: db, Location: storetest.Shanghai, Now: func() time.Time { return now }}
	for _, tc := range []struct {
		name  string
		actor domain.Actor
		level domain.StandardLevel
	}{
		{"province/city-level", domain.Actor{UserID: 1, Role: domain.RoleLeadership}, domain.LevelCity},
		{"province/province-level", domain.Actor{UserID: 1, Role: domain.RoleLeadership}, domain.LevelProvince},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				p, err := svc.Progress(ctx, tc.actor, domain.ProgressRequest{Level: tc.level})
				if err != nil {
					b.Fatal(err)
				}
				if p.Province.Communities < 9000 || len(p.Trend) < 140 {
					b.Fatalf("figures: %+v, %d points", p.Province, len(p.Trend))
				}
			}
		})
	}
	// Its parts.
	until := func(d domain.Date) domain.ProgressPoint {
		return domain.ProgressPoint{On: d, Until: d.AddDays(1).In(storetest.Shanghai).UTC()}
	}
	today := domain.Date{Year: 2026, Month: time.December, Day: 5}
	b.Run("cells", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.ProgressCells(ctx, domain.ProgressQuery{Level: domain.LevelCity}, until(today)); err != nil {
				b.Fatal(err)
			}
		}
	})
	var pts []domain.ProgressPoint
	for _, d := range domain.TrendPoints(domain.DefaultCampaignSettings().StartOn, today) {
		pts = append(pts, until(d))
	}
	b.Run("trend", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.ProgressTrend(ctx, domain.ProgressQuery{Level: domain.LevelCity}, pts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pipeline", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.ApplicationCounts(ctx, "", nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
