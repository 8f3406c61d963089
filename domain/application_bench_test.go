package domain_test

import (
	"context"
	"os"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// benchCities are the campaign cities the benchmark spreads communities
// over, with their housing bureaus.
var benchCities = []struct{ code, bureau string }{
	{"610100", "xian-housing"}, {"610200", "tongchuan-housing"}, {"610300", "baoji-housing"},
	{"610400", "xianyang-housing"}, {"610500", "weinan-housing"}, {"610600", "yanan-housing"},
	{"610700", "hanzhong-housing"}, {"610800", "yulin-housing"}, {"610900", "ankang-housing"},
	{"611000", "shangluo-housing"},
}

// BenchmarkApplicationLists measures the two lists the review lives on,
// through the service, on PostgreSQL with 10,000 communities and 2,000
// applications (an open review task for each submitted or scored one):
// the province's first page of every application, and Xi'an's bureau
// inbox. Skipped without XIETONG_TEST_DATABASE_URL.
func BenchmarkApplicationLists(b *testing.B) {
	if os.Getenv(storetest.EnvDatabaseURL) == "" {
		b.Skip("needs PostgreSQL: set " + storetest.EnvDatabaseURL)
	}
	db := storetest.Postgres(b)
	ctx := context.Background()
	now := storetest.Now.UTC()
	exec := func(q string, args ...any) {
		b.Helper()
		if _, err := db.DB.ExecContext(ctx, q, args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	for i, c := range benchCities {
		exec(`INSERT INTO communities (code, name, name_en, region, city, scale, active, region_code, city_code,
			created_at, updated_at)
			SELECT 'bench-' || ? || '-' || g, '基准小区' || ? || '-' || g, 'Bench ' || g, 'xian', '城市', 'neighborhood',
				TRUE, ?, ?, ?, ?
			FROM generate_series(1, 1000) AS g`, i, i, c.code, c.code, now, now)
	}
	// 2,000 applications: 200 per city, statuses in turn.
	statuses := []string{"draft", "submitted", "scored", "returned", "recommended", "inspected", "publicized",
		"rejected", "withdrawn", "submitted"}
	for i, c := range benchCities {
		exec(`INSERT INTO campaign_applications (community_id, city_code, region_code, level, standard_id, status,
			city_score, veto_failed, version, created_at, updated_at)
			SELECT cm.id, ?, ?, CASE WHEN cm.id % 2 = 0 THEN 'city' ELSE 'province' END,
				(SELECT min(id) FROM standards), (ARRAY[`+quoted(statuses)+`])[1 + (cm.id % 10)], 80.5, FALSE, 1, ?, ?
			FROM communities AS cm WHERE cm.code LIKE 'bench-' || ? || '-%' ORDER BY cm.id LIMIT 200`,
			c.code, c.code, now, now, i)
		exec(`INSERT INTO tasks (title, lead_org_id, community_id, priority, source, status, due_date, application_id,
			created_at, updated_at)
			SELECT '审核创建申报', (SELECT id FROM organizations WHERE code = ?), ca.community_id, 'normal', 'campaign',
				'assigned', '2025-03-17', ca.id, ?, ?
			FROM campaign_applications AS ca WHERE ca.city_code = ? AND ca.status IN ('submitted', 'scored')`,
			c.bureau, now, now, c.code)
	}
	exec(`ANALYZE`)
	var xah int64
	if err := db.DB.QueryRowContext(ctx, `SELECT id FROM organizations WHERE code = 'xian-housing'`).Scan(&xah); err != nil {
		b.Fatal(err)
	}
	cal := &domain.CalendarService{Store: db.Store, Now: func() time.Time { return storetest.Now }}
	svc := &domain.CampaignService{Store: db.Store, Now: func() time.Time { return storetest.Now },
		Tasks: &domain.TaskService{Store: db.Store, Calendar: cal, Location: storetest.Shanghai,
			Now: func() time.Time { return storetest.Now }}, Location: storetest.Shanghai}
	province := domain.Actor{UserID: 1, Username: "lead", Role: domain.RoleLead}
	bureau := domain.Actor{UserID: 2, Username: "xah", Role: domain.RoleDepartment, OrgID: xah}
	for _, tt := range []struct {
		name  string
		actor domain.Actor
		in    domain.ListApplications
		want  int
	}{
		{"province", province, domain.ListApplications{}, 50},
		{"city_inbox", bureau, domain.ListApplications{Inbox: true}, 50},
	} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				l, err := svc.Applications(ctx, tt.actor, tt.in, domain.Page{Limit: 50})
				if err != nil {
					b.Fatal(err)
				}
				if len(l.Items) != tt.want {
					b.Fatalf("got %d items, want %d", len(l.Items), tt.want)
				}
			}
		})
	}
}

func quoted(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += "'" + s + "'"
	}
	return out
}
