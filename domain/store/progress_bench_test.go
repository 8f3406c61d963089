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
	for _, q := range []string{
		`INSERT INTO communities (code, name, region, city, scale, active, region_code, city_code, created_at, updated_at)
SELECT 'bench-' || g, '小区' || g, 'xian', '', 'neighborhood', g % 25 <> 0,
  (ARRAY['610113','610302','610402','610502','610602','610702','610802','610902','611002','610202','610403','xixian','610581'])[g % 13 + 1],
  (ARRAY['610100','610300','610400','610500','610600','610700','610800','610900','611000','610200','yangling','xixian','hancheng'])[g % 13 + 1],
  TIMESTAMPTZ '2014-09-01 00:00:00+08' + (g % 3000) * INTERVAL '1 day', TIMESTAMPTZ '2026-01-01 00:00:00+08'
FROM generate_series(1, 10000) g`,
		`INSERT INTO community_status_changes (community_id, at, active)
SELECT id, created_at, TRUE FROM communities WHERE code LIKE 'bench-%'`,
		`INSERT INTO community_status_changes (community_id, at, active)
SELECT id, updated_at, FALSE FROM communities WHERE code LIKE 'bench-%' AND NOT active`,
		`INSERT INTO titles (community_id, city_code, level, certificate_no, granted_on, expires_on, status, ended_on, created_at, updated_at)
SELECT id, city_code, 'city', 'BC-' || id, DATE '2015-01-01' + (id % 4000)::int, DATE '2015-01-01' + (id % 4000)::int + 1094,
  CASE WHEN id % 3 = 0 THEN 'revoked' ELSE 'active' END,
  CASE WHEN id % 3 = 0 THEN DATE '2015-01-01' + (id % 4000)::int + 400 END, NOW(), NOW()
FROM communities WHERE code LIKE 'bench-%' AND id % 2 = 0`,
		`INSERT INTO titles (community_id, city_code, level, certificate_no, granted_on, expires_on, status, created_at, updated_at)
SELECT id, city_code, 'province', 'BP-' || id, DATE '2016-01-01' + (id % 3500)::int, DATE '2016-01-01' + (id % 3500)::int + 1094,
  'active', NOW(), NOW()
FROM communities WHERE code LIKE 'bench-%' AND id % 3 = 0`,
		`ANALYZE`,
	} {
		if _, err := db.DB.ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
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
