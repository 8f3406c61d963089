package migrations_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"xietong/domain/store/storetest"
	"xietong/migrations"
)

// TestCampaignReviewUpDown takes 20261206000300 (campaign tasks, relaxed
// CHECKs) down and up again on a database holding rows of every kind, and
// checks each pooled connection sees the constraint of the moment: SQLite's
// edit of the table's CREATE text must reach connections opened before it.
func TestCampaignReviewUpDown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		exec := func(q string, args ...any) error {
			_, err := db.DB.ExecContext(ctx, q, args...)
			return err
		}
		now := storetest.Now.UTC()
		must := func(q string, args ...any) {
			t.Helper()
			if err := exec(q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		must(`INSERT INTO campaign_applications (community_id, city_code, region_code, level, standard_id, status,
			veto_failed, version, created_at, updated_at) VALUES ((SELECT min(id) FROM communities), '610100', '610100',
			'city', (SELECT min(id) FROM standards), 'submitted', FALSE, 1, ?, ?)`, now, now)
		insertTask := func(source string, app bool) error {
			col, val := "", ""
			if app {
				col, val = ", application_id", ", (SELECT max(id) FROM campaign_applications)"
			}
			return exec(`INSERT INTO tasks (title, lead_org_id, priority, source, status, due_date`+col+`,
				created_at, updated_at) VALUES ('t', (SELECT min(id) FROM organizations), 'normal', '`+source+`',
				'assigned', '2025-03-10'`+val+`, ?, ?)`, now, now)
		}
		insertAttachment := func(target string) error {
			return exec(`INSERT INTO attachments (`+target+`, filename, content_type, size, sha256, channel, created_at)
				VALUES ((SELECT max(id) FROM `+map[string]string{"task_id": "tasks", "application_id": "campaign_applications"}[target]+`),
				'a.pdf', 'application/pdf', 1, '0000000000000000000000000000000000000000000000000000000000000000', 'web', ?)`, now)
		}
		// Hold several connections of the pool busy at once, so that the
		// checks below run on connections opened before the migration.
		parallel := func(n int, fn func() error) []error {
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i := range n {
				wg.Add(1)
				go func() { defer wg.Done(); errs[i] = fn() }()
			}
			wg.Wait()
			return errs
		}
		for _, err := range parallel(4, func() error { return insertTask("campaign", true) }) {
			if err != nil {
				t.Fatalf("campaign task after up: %v", err)
			}
		}
		must(`UPDATE campaign_applications SET status = 'draft'`)
		if err := insertTask("plan", false); err != nil {
			t.Fatal(err)
		}
		if err := insertAttachment("task_id"); err != nil {
			t.Fatal(err)
		}
		if err := insertAttachment("application_id"); err != nil {
			t.Fatalf("application evidence: %v", err)
		}
		if err := exec(`INSERT INTO attachments (filename, content_type, size, sha256, channel, created_at)
			VALUES ('a.pdf', 'application/pdf', 1, 'x', 'web', ?)`, now); err == nil {
			t.Error("an attachment of nothing was accepted")
		}
		if err := insertTask("rumour", false); err == nil {
			t.Error("an unknown source was accepted")
		}

		// Make this migration and the later ones a group of their own and
		// take it down: a later migration that relaxes the same CHECKs
		// (20261207000200_create_cases) has to go down first.
		must(`UPDATE bun_migrations SET group_id = group_id + 1 WHERE name >= '20261206000300'`)
		if _, err := migrations.Down(ctx, db.DB); err != nil {
			t.Fatalf("down: %v", err)
		}
		var n int
		if err := db.DB.QueryRowContext(ctx, `SELECT count(*) FROM tasks WHERE source = 'other'`).Scan(&n); err != nil || n != 4 {
			t.Errorf("campaign tasks after down: %d other (%v), want 4", n, err)
		}
		if err := db.DB.QueryRowContext(ctx, `SELECT count(*) FROM attachments`).Scan(&n); err != nil || n != 1 {
			t.Errorf("attachments after down: %d (%v), want the task's 1", n, err)
		}
		for i, err := range parallel(4, func() error { return insertTask("campaign", false) }) {
			if err == nil || !strings.Contains(strings.ToLower(err.Error()), "check") {
				t.Errorf("connection %d: campaign task after down: %v, want a CHECK failure", i, err)
			}
		}
		if err := insertTask("plan", false); err != nil {
			t.Errorf("plain task after down: %v", err)
		}

		if _, err := migrations.Up(ctx, db.DB); err != nil {
			t.Fatalf("up again: %v", err)
		}
		for i, err := range parallel(4, func() error { return insertTask("campaign", true) }) {
			if err != nil {
				t.Errorf("connection %d refused a campaign task after up: %v", i, err)
			}
		}
		if err := insertAttachment("application_id"); err != nil {
			t.Errorf("application evidence after up: %v", err)
		}
	})
}
