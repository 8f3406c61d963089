package migrations_test

import (
	"context"
	"testing"

	"xietong/domain/store"
	"xietong/domain/store/storetest"
	"xietong/migrations"
)

// TestUpDownUp runs every migration up, all the way down and up again on
// each database, and checks the status report at each stage.
func TestUpDownUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		all, err := migrations.List(ctx, db.DB)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 2 {
			t.Fatalf("got %d migrations, want at least 2", len(all))
		}
		for _, s := range all {
			if !s.Applied {
				t.Errorf("after up: %s not applied", s.Name)
			}
		}
		for range all {
			if _, err := migrations.Down(ctx, db.DB); err != nil {
				t.Fatalf("down: %v", err)
			}
		}
		if n, err := migrations.Pending(ctx, db.DB); err != nil || n != len(all) {
			t.Fatalf("after down: pending %d (%v), want %d", n, err, len(all))
		}
		if _, err := db.DB.NewSelect().Table("organizations").Count(ctx); err == nil {
			t.Error("organizations table still exists after all downs")
		}
		applied, err := migrations.Up(ctx, db.DB)
		if err != nil {
			t.Fatalf("up again: %v", err)
		}
		if len(applied) != len(all) {
			t.Errorf("up again applied %d, want %d", len(applied), len(all))
		}
		if again, err := migrations.Up(ctx, db.DB); err != nil || len(again) != 0 {
			t.Errorf("third up: applied %v (%v), want nothing", again, err)
		}
	})
}

// TestConcurrentUp starts three migrators at once on one PostgreSQL schema,
// as three replicas starting together would: all succeed, each migration is
// applied exactly once.
func TestConcurrentUp(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	ctx := context.Background()
	errs := make(chan error, 3)
	applied := make(chan int, 3)
	for range 3 {
		go func() {
			s, err := store.Open(store.Options{Driver: "postgres", DSN: dsn})
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			names, err := migrations.Up(ctx, s.DB)
			applied <- len(names)
			errs <- err
		}()
	}
	total := 0
	for range 3 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent up: %v", err)
		}
	}
	close(applied)
	for n := range applied {
		total += n
	}
	s, err := store.Open(store.Options{Driver: "postgres", DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all, err := migrations.List(ctx, s.DB)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(all) {
		t.Errorf("migrations applied across replicas: got %d, want %d (each exactly once)", total, len(all))
	}
}

// TestTaskEventsAreAppendOnly: the record (留痕) cannot be rewritten, even
// by SQL that bypasses the application.
func TestTaskEventsAreAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		_, err := db.DB.ExecContext(ctx, `INSERT INTO tasks (title, lead_org_id, priority, source, status, due_date,
			created_at, updated_at) VALUES ('t', (SELECT min(id) FROM organizations), 'normal', 'plan', 'assigned',
			'2025-03-10', ?, ?)`, storetest.Now.UTC(), storetest.Now.UTC())
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.DB.ExecContext(ctx, `INSERT INTO task_events (task_id, at, channel, action)
			VALUES ((SELECT max(id) FROM tasks), ?, 'system', 'assign')`, storetest.Now.UTC())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DB.ExecContext(ctx, `UPDATE task_events SET note = 'rewritten'`); err == nil {
			t.Error("UPDATE of a task event succeeded")
		}
		if _, err := db.DB.ExecContext(ctx, `DELETE FROM task_events`); err == nil {
			t.Error("DELETE of a task event succeeded")
		}
	})
}
