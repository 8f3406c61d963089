package storetest

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// BenchRegister adds n communities over the 13 campaign cities to a
// PostgreSQL register, in the register since 2014-09 onwards (one in 25
// taken out, with its status history), city titles for half of them (a
// third of those revoked early) and province titles for a third, from 2015
// on: the campaign a province's benchmarks count (BenchmarkProgress and
// xietong-bench register). Their codes start with "bench-".
func BenchRegister(ctx context.Context, db bun.IDB, n int) error {
	for _, q := range []string{
		`INSERT INTO communities (code, name, region, city, scale, active, region_code, city_code, created_at, updated_at)
SELECT 'bench-' || g, '小区' || g, 'xian', '', 'neighborhood', g % 25 <> 0,
  (ARRAY['610113','610302','610402','610502','610602','610702','610802','610902','611002','610202','610403','xixian','610581'])[g % 13 + 1],
  (ARRAY['610100','610300','610400','610500','610600','610700','610800','610900','611000','610200','yangling','xixian','hancheng'])[g % 13 + 1],
  TIMESTAMPTZ '2014-09-01 00:00:00+08' + (g % 3000) * INTERVAL '1 day', TIMESTAMPTZ '2026-01-01 00:00:00+08'
FROM generate_series(1, ?) g`,
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
		if _, err := db.NewRaw(q, n).Exec(ctx); err != nil {
			return fmt.Errorf("bench register: %w", err)
		}
	}
	return nil
}
