package migrations_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun/migrate"

	"xietong/domain/store/storetest"
	"xietong/migrations"
)

// TestUniqueActiveEmail rolls back to before the unique-email migration,
// leaves two active users with one address (in different case), and
// migrates up: the older keeps the address, the later is deactivated with
// an audit row, and the index then refuses a third.
func TestUniqueActiveEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		m := migration(t, db, "20261205000050")
		if err := m.Down(ctx, m.mig, &m.Migration); err != nil {
			t.Fatalf("down: %v", err)
		}
		now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
		insert := `INSERT INTO users (username, email, role, active, password_hash, created_at, updated_at)
			VALUES (?, ?, 'lead', ?, 'x', ?, ?)`
		for _, u := range []struct {
			name, email string
			active      bool
		}{{"first", "dup@example.cn", true}, {"second", "DUP@example.cn", true}, {"gone", "dup@example.cn", false}} {
			if _, err := db.DB.ExecContext(ctx, insert, u.name, u.email, u.active, now, now); err != nil {
				t.Fatal(err)
			}
		}
		if err := m.Up(ctx, m.mig, &m.Migration); err != nil {
			t.Fatalf("up: %v", err)
		}
		var active []string
		if err := db.DB.NewSelect().Table("users").Column("username").Where("active = ?", true).
			Where("lower(email) = 'dup@example.cn'").Scan(ctx, &active); err != nil {
			t.Fatal(err)
		}
		if len(active) != 1 || active[0] != "first" {
			t.Errorf("active users with the address: %v, want [first]", active)
		}
		n, err := db.DB.NewSelect().Table("audit_log").Where("action = 'user.deactivate_duplicate_email'").Count(ctx)
		if err != nil || n != 1 {
			t.Errorf("audit rows: %d (%v), want 1", n, err)
		}
		if _, err := db.DB.ExecContext(ctx, insert, "third", "Dup@example.cn", true, now, now); err == nil {
			t.Error("a second active user with the address was inserted")
		}
	})
}

// oneMigration is a migration with the migrator that runs it.
type oneMigration struct {
	migrate.Migration
	mig *migrate.Migrator
}

// migration finds the migration whose name starts with prefix, to run its
// steps on their own (bun's Rollback undoes a whole group).
func migration(t *testing.T, db *storetest.DB, prefix string) oneMigration {
	t.Helper()
	mig, err := migrations.Migrator(db.DB)
	if err != nil {
		t.Fatal(err)
	}
	all, err := mig.MigrationsWithStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if strings.HasPrefix(m.Name, prefix) {
			return oneMigration{m, mig}
		}
	}
	t.Fatalf("no migration %s", prefix)
	return oneMigration{}
}
