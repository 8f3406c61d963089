package migrations_test

import (
	"context"
	"testing"
	"time"

	"xietong/domain/store/storetest"
)

// TestCommunityStatusBackfill rolls back the progress migration, leaves an
// active and an inactive community, and migrates up: each gets a row at its
// creation, the inactive one another at its last update, so the register's
// history sums to what it holds now.
func TestCommunityStatusBackfill(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		m := migration(t, db, "20261206000600")
		if err := m.Down(ctx, m.mig, &m.Migration); err != nil {
			t.Fatalf("down: %v", err)
		}
		created := time.Date(2025, 1, 2, 3, 0, 0, 0, time.UTC)
		updated := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
		insert := `INSERT INTO communities (code, name, region, city, scale, active, created_at, updated_at)
			VALUES (?, '小区', 'xian', '西安市', 'neighborhood', ?, ?, ?)`
		for _, c := range []struct {
			code   string
			active bool
		}{{"mig-open", true}, {"mig-closed", false}} {
			if _, err := db.DB.ExecContext(ctx, insert, c.code, c.active, created, updated); err != nil {
				t.Fatal(err)
			}
		}
		if err := m.Up(ctx, m.mig, &m.Migration); err != nil {
			t.Fatalf("up: %v", err)
		}
		count := func(code string, active bool) int {
			t.Helper()
			n, err := db.DB.NewSelect().Table("community_status_changes").
				Where("community_id = (SELECT id FROM communities WHERE code = ?)", code).
				Where("active = ?", active).Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
		if count("mig-open", true) != 1 || count("mig-open", false) != 0 ||
			count("mig-closed", true) != 1 || count("mig-closed", false) != 1 {
			t.Errorf("history: open %d/%d, closed %d/%d", count("mig-open", true), count("mig-open", false),
				count("mig-closed", true), count("mig-closed", false))
		}
		// Every community of the seed has its row too.
		var missing int
		if err := db.DB.NewRaw(`SELECT COUNT(*) FROM communities c WHERE NOT EXISTS
			(SELECT 1 FROM community_status_changes s WHERE s.community_id = c.id)`).Scan(ctx, &missing); err != nil {
			t.Fatal(err)
		}
		if missing != 0 {
			t.Errorf("%d communities without history", missing)
		}
	})
}
