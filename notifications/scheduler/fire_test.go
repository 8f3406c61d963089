package scheduler_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"xietong/domain/store/storetest"
	"xietong/notifications/scheduler"
)

// TestPanicRecoveredAndRetried: a panicking run is an error recorded on its
// slot, which Recover runs again, on another replica, once the lease ends.
func TestPanicRecoveredAndRetried(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		slot := at(3, 3, 9, 0)
		var calls atomic.Int32
		job := scheduler.Job{Name: sweep, Spec: "0 9,15 * * *", Run: func(context.Context, time.Time) error {
			if calls.Add(1) == 1 {
				panic("boom")
			}
			return nil
		}}
		clk := &clock{}
		clk.set(slot)
		a := newScheduler(t, db.Store, "a:1", clk.skewed(0), job)
		ran, err := a.Fire(ctx, sweep, slot)
		if !ran || err == nil || err.Error() != "panic: boom" {
			t.Fatalf("got %v %v, want a run ending in panic: boom", ran, err)
		}
		if r := mustRuns(t, db.Store, sweep)[0]; !r.FinishedAt.IsZero() || r.LastError != "panic: boom" || r.Owner != "a:1" {
			t.Errorf("after the panic: got %+v, want unfinished, owner a:1, last error panic: boom", r)
		}

		b := newScheduler(t, db.Open(t), "b:2", clk.skewed(0), job)
		clk.set(slot.Add(10 * time.Minute))
		if err := b.Recover(ctx); err != nil || calls.Load() != 1 {
			t.Fatalf("within the lease: got %d calls (%v), want the slot left alone", calls.Load(), err)
		}
		clk.set(slot.Add(scheduler.DefaultLease + time.Minute))
		if err := b.Recover(ctx); err != nil || calls.Load() != 2 {
			t.Fatalf("after the lease: got %d calls (%v), want the slot run again", calls.Load(), err)
		}
		r := mustRuns(t, db.Store, sweep)[0]
		if r.FinishedAt.IsZero() || r.LastError != "" || r.Owner != "b:2" || r.Attempts != 2 {
			t.Errorf("after recovery: got %+v, want finished by b:2 at the second attempt", r)
		}
		if err := b.Recover(ctx); err != nil || calls.Load() != 2 {
			t.Errorf("again: got %d calls (%v), want no more runs", calls.Load(), err)
		}
	})
}

// TestAbandonedRunTakenOver: a replica that claimed a slot and died leaves
// it unfinished; after the lease another replica runs it.
func TestAbandonedRunTakenOver(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		slot := at(3, 3, 15, 0)
		if ok, err := db.ClaimRun(ctx, sweep, slot, "dead:9", slot, scheduler.DefaultLease); !ok || err != nil {
			t.Fatalf("claim: %v %v", ok, err)
		}
		var rec recorder
		clk := &clock{}
		b := newScheduler(t, db.Store, "b:2", clk.skewed(0), scheduler.Job{Name: sweep, Spec: "0 9,15 * * *", Run: rec.run(sweep)})
		clk.set(slot.Add(scheduler.DefaultLease - time.Second))
		if ran, err := b.Fire(ctx, sweep, slot); ran || err != nil {
			t.Fatalf("within the lease: got %v %v, want no run", ran, err)
		}
		clk.set(slot.Add(scheduler.DefaultLease + time.Second))
		if err := b.Recover(ctx); err != nil || rec.count(sweep, slot) != 1 {
			t.Fatalf("after the lease: got %d runs (%v), want 1", rec.count(sweep, slot), err)
		}
		if r := mustRuns(t, db.Store, sweep)[0]; r.Owner != "b:2" || r.FinishedAt.IsZero() || r.Attempts != 2 {
			t.Errorf("got %+v, want finished by b:2 at the second attempt", r)
		}
	})
}

// TestNoOverlapInProcess: while a job runs, another fire of it in the same
// process (another slot, or the same) is skipped without claiming.
func TestNoOverlapInProcess(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	ctx := context.Background()
	first, second := at(3, 3, 9, 0), at(3, 3, 15, 0)
	var inFlight, most atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	job := scheduler.Job{Name: sweep, Spec: "0 9,15 * * *", Run: func(_ context.Context, slot time.Time) error {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		if n > most.Load() {
			most.Store(n)
		}
		if slot.Equal(first) {
			close(started)
			<-release
		}
		return nil
	}}
	clk := &clock{}
	clk.set(second)
	s := newScheduler(t, db.Store, "a:1", clk.skewed(0), job)
	done := make(chan error)
	go func() {
		_, err := s.Fire(ctx, sweep, first)
		done <- err
	}()
	<-started
	for _, slot := range []time.Time{second, first} {
		if ran, err := s.Fire(ctx, sweep, slot); ran || err != nil {
			t.Errorf("fire %v while running: got %v %v, want skipped", slot, ran, err)
		}
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := len(mustRuns(t, db.Store, sweep)); n != 1 {
		t.Errorf("got %d claims, want only the running slot's", n)
	}
	if ran, err := s.Fire(ctx, sweep, second); !ran || err != nil {
		t.Errorf("fire after the run: got %v %v, want a run", ran, err)
	}
	if most.Load() != 1 {
		t.Errorf("got %d runs in flight at once, want 1", most.Load())
	}
}

// TestDueSkips: a slot Due rejects is neither claimed nor run.
func TestDueSkips(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	var rec recorder
	saturday := at(3, 8, 9, 0)
	job := scheduler.Job{Name: sweep, Spec: "0 9,15 * * *", Due: workingDay, Run: rec.run(sweep)}
	s := newScheduler(t, db.Store, "a:1", func() time.Time { return saturday }, job)
	if ran, err := s.Fire(context.Background(), sweep, saturday); ran || err != nil {
		t.Errorf("got %v %v, want skipped", ran, err)
	}
	if rec.count(sweep, saturday) != 0 || len(mustRuns(t, db.Store, sweep)) != 0 {
		t.Error("a slot that is not due was run or claimed")
	}
}
