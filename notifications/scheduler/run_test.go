package scheduler_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"xietong/domain/store"
	"xietong/domain/store/storetest"
	"xietong/notifications/scheduler"
)

// TestRunCatchesUp: on start, a job with CatchUp runs its latest due slot
// that nobody ran, and a second replica starting later does not run it again.
func TestRunCatchesUp(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		wed := func() time.Time { return at(3, 5, 10, 0) }
		runs := make(chan string, 10)
		job := func(name, spec string, due func(time.Time) bool) scheduler.Job {
			return scheduler.Job{Name: name, Spec: spec, Due: due, CatchUp: 7 * 24 * time.Hour,
				Run: func(_ context.Context, slot time.Time) error { runs <- key(name, slot); return nil }}
		}
		month := job(monthly, "30 8 1-7 * *", firstWorkingDay)
		week := job(weekly, "30 8 * * 1", nil)
		start := func(s *scheduler.Scheduler) (stop func()) {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error)
			go func() { done <- s.Run(ctx) }()
			return func() {
				cancel()
				if err := <-done; err != nil {
					t.Errorf("start: %v", err)
				}
			}
		}
		stop := start(newScheduler(t, db.Store, "a:1", wed, month))
		// Not Wednesday's or Saturday the 1st's slot: Monday the 3rd's.
		if got, want := waitFor(t, runs), key(monthly, at(3, 3, 8, 30)); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
		stop()
		// The second replica catches up the weekly report after the
		// monthly one, which is done already.
		stop = start(newScheduler(t, db.Open(t), "b:2", wed, month, week))
		if got, want := waitFor(t, runs), key(weekly, at(3, 3, 8, 30)); got != want {
			t.Errorf("got %s, want %s (the monthly report again?)", got, want)
		}
		stop()
	})
}

// TestRunCatchUpSince: catch-up skips a slot from before the installation
// first started (a new install does not report on periods before it
// existed) and still fires a later one.
func TestRunCatchUpSince(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		wed := func() time.Time { return at(3, 5, 10, 0) }
		runs := make(chan string, 10)
		job := func(name, spec string) scheduler.Job {
			return scheduler.Job{Name: name, Spec: spec, CatchUp: 7 * 24 * time.Hour,
				Run: func(_ context.Context, slot time.Time) error { runs <- key(name, slot); return nil }}
		}
		s := newScheduler(t, db.Store, "a:1", wed, job(weekly, "30 8 * * 1"), job("sentinel", "0 9 * * 3"))
		s.Since = at(3, 4, 12, 0) // installed on Tuesday: Monday's weekly slot predates it
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- s.Run(ctx) }()
		if got, want := waitFor(t, runs), key("sentinel", at(3, 5, 9, 0)); got != want {
			t.Errorf("got %s, want %s (the weekly report of before the install?)", got, want)
		}
		cancel()
		if err := waitFor(t, done); err != nil {
			t.Fatal(err)
		}
		if runs := mustRuns(t, db.Store, weekly); len(runs) != 0 {
			t.Errorf("weekly runs %+v, want none", runs)
		}
	})
}

func waitFor[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatal("timed out")
		panic("unreachable")
	}
}

// TestRunFiresOnCron runs the real cron with the real clock: a job every
// second fires, claims a whole-second slot and is recorded as finished.
func TestRunFiresOnCron(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		slots := make(chan time.Time, 100)
		job := scheduler.Job{Name: "tick", Spec: "@every 1s", Run: func(_ context.Context, slot time.Time) error {
			slots <- slot
			return nil
		}}
		s := newScheduler(t, db.Store, "a:1", nil, job)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- s.Run(ctx) }()
		slot := waitFor(t, slots)
		cancel()
		if err := waitFor(t, done); err != nil {
			t.Fatal(err)
		}
		if slot.Nanosecond() != 0 || slot.Location() != sh {
			t.Errorf("got slot %v, want a whole second in Asia/Shanghai", slot)
		}
		runs := mustRuns(t, db.Store, "tick")
		i := slices.IndexFunc(runs, func(r store.JobRun) bool { return r.Slot.Equal(slot) })
		if i < 0 || runs[i].Owner != "a:1" || runs[i].FinishedAt.IsZero() {
			t.Errorf("got runs %+v, want %v finished by a:1", runs, slot)
		}
	})
}
