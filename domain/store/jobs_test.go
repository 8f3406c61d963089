package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store"
	"xietong/domain/store/storetest"
)

const lease = 30 * time.Minute

// slot is the sweep at 09:00 on the tests' Monday.
var slot = storetest.Now

func mustClaim(t *testing.T, s *store.Store, job string, at time.Time, owner string, now time.Time, want bool) {
	t.Helper()
	got, err := s.ClaimRun(context.Background(), job, at, owner, now, lease)
	if err != nil {
		t.Fatalf("claim by %s: %v", owner, err)
	}
	if got != want {
		t.Fatalf("claim by %s at %s: got %v, want %v", owner, now.Format(time.TimeOnly), got, want)
	}
}

func mustRuns(t *testing.T, s *store.Store, job string) []store.JobRun {
	t.Helper()
	runs, err := s.JobRuns(context.Background(), job, 0)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

func TestClaimRunOneWinner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		other := db.Open(t) // a second replica
		mustClaim(t, db.Store, "sweep", slot, "a:1", slot, true)
		mustClaim(t, other, "sweep", slot, "b:2", slot.Add(time.Second), false)
		mustClaim(t, db.Store, "sweep", slot, "a:1", slot.Add(time.Minute), false) // not even again
		// Another job, or the same job's next slot, is a slot of its own.
		mustClaim(t, other, "report_weekly", slot, "b:2", slot, true)
		mustClaim(t, other, "sweep", slot.Add(6*time.Hour), "b:2", slot, true)

		runs := mustRuns(t, db.Store, "sweep")
		if len(runs) != 2 {
			t.Fatalf("got %d runs, want 2", len(runs))
		}
		got := runs[1] // newest slot first
		want := store.JobRun{Job: "sweep", Slot: slot.UTC(), Owner: "a:1", ClaimedAt: slot.UTC(), Attempts: 1}
		if got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
		if n := len(mustRuns(t, db.Store, "")); n != 3 {
			t.Errorf("all jobs: got %d runs, want 3", n)
		}
	})
}

func TestClaimRunTakeover(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		mustClaim(t, db.Store, "sweep", slot, "dead:1", slot, true)
		// Within the lease the claim stands; just past it, one taker wins.
		mustClaim(t, db.Store, "sweep", slot, "b:2", slot.Add(lease), false)
		mustClaim(t, db.Store, "sweep", slot, "b:2", slot.Add(lease+time.Second), true)
		mustClaim(t, db.Store, "sweep", slot, "c:3", slot.Add(lease+2*time.Second), false)

		// The dead owner wakes up: its claim is gone.
		err := db.FinishRun(ctx, "sweep", slot, "dead:1", "", slot.Add(lease+time.Minute))
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("finish by the old owner: got %v, want ErrConflict", err)
		}
		runs := mustRuns(t, db.Store, "sweep")
		if r := runs[0]; r.Owner != "b:2" || r.Attempts != 2 || !r.ClaimedAt.Equal(slot.Add(lease+time.Second)) ||
			!r.FinishedAt.IsZero() {
			t.Errorf("got %+v, want owner b:2, 2 attempts, unfinished", r)
		}
	})
}

func TestFinishRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		later := slot.Add(6 * time.Hour)
		mustClaim(t, db.Store, "sweep", slot, "a:1", slot, true)
		mustClaim(t, db.Store, "sweep", later, "a:1", later, true)
		unfinished, err := db.UnfinishedRuns(ctx, "sweep", slot)
		if err != nil || len(unfinished) != 2 || !unfinished[0].Equal(slot) || !unfinished[1].Equal(later) {
			t.Fatalf("got %v (%v), want both slots, oldest first", unfinished, err)
		}

		// A failure keeps the run unfinished, to be taken over after the lease.
		if err := db.FinishRun(ctx, "sweep", slot, "a:1", "smtp down", slot.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if r := mustRuns(t, db.Store, "sweep")[1]; r.LastError != "smtp down" || !r.FinishedAt.IsZero() {
			t.Errorf("after failure: got %+v, want unfinished with the error", r)
		}
		mustClaim(t, db.Store, "sweep", slot, "b:2", slot.Add(10*time.Minute), false)
		mustClaim(t, db.Store, "sweep", slot, "b:2", slot.Add(lease+time.Minute), true)
		done := slot.Add(lease + 2*time.Minute)
		if err := db.FinishRun(ctx, "sweep", slot, "b:2", "", done); err != nil {
			t.Fatal(err)
		}
		r := mustRuns(t, db.Store, "sweep")[1]
		if !r.FinishedAt.Equal(done) || r.LastError != "" || r.Attempts != 2 {
			t.Errorf("after success: got %+v, want finished at %v, no error, 2 attempts", r, done)
		}
		// A finished run is never claimed or finished again.
		mustClaim(t, db.Store, "sweep", slot, "c:3", slot.Add(48*time.Hour), false)
		if err := db.FinishRun(ctx, "sweep", slot, "b:2", "", done); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("second finish: got %v, want ErrConflict", err)
		}

		unfinished, err = db.UnfinishedRuns(ctx, "sweep", slot)
		if err != nil || len(unfinished) != 1 || !unfinished[0].Equal(later) {
			t.Errorf("got %v (%v), want only %v", unfinished, err, later)
		}
		if got, err := db.UnfinishedRuns(ctx, "sweep", later.Add(time.Second)); err != nil || len(got) != 0 {
			t.Errorf("since after the slot: got %v (%v), want none", got, err)
		}
	})
}

func TestClaimRunBadLease(t *testing.T) {
	db := storetest.SQLite(t)
	_, err := db.ClaimRun(context.Background(), "sweep", slot, "a:1", slot, 0)
	if !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("got %v, want ErrInvalid", err)
	}
}

// TestClaimRunRace has 20 claimants, each on a connection of its own
// replica, race for one slot, first fresh and then stale: exactly one wins
// each time.
func TestClaimRunRace(t *testing.T) {
	db := storetest.Postgres(t)
	stores := make([]*store.Store, 4)
	for i := range stores {
		stores[i] = db.Open(t)
	}
	race := func(now time.Time) int {
		var mu sync.Mutex
		wins := 0
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 20 {
			wg.Go(func() {
				<-start
				ok, err := stores[i%len(stores)].ClaimRun(context.Background(), "sweep", slot,
					"r:"+string(rune('a'+i)), now, lease)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			})
		}
		close(start)
		wg.Wait()
		return wins
	}
	if n := race(slot); n != 1 {
		t.Errorf("fresh slot: got %d winners, want 1", n)
	}
	if n := race(slot.Add(lease + time.Minute)); n != 1 {
		t.Errorf("stale claim: got %d winners, want 1", n)
	}
	if r := mustRuns(t, db.Store, "sweep")[0]; r.Attempts != 2 {
		t.Errorf("got %d attempts, want 2", r.Attempts)
	}
}
