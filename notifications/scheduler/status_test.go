package scheduler_test

import (
	"context"
	"testing"
	"time"

	"xietong/domain/store/storetest"
	"xietong/notifications/scheduler"
)

// TestStatus: each job's next run follows its spec in the scheduler's
// zone and, when it has one, its Due filter; its last run is the latest
// claimed slot as the claims table records it.
func TestStatus(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, sh) // Monday 09:00
	noop := func(context.Context, time.Time) error { return nil }
	s := &scheduler.Scheduler{Claims: db.Store, Location: sh, Owner: "test", Jobs: []scheduler.Job{
		{Name: "sweep", Spec: "0 9,15 * * 1-5", Run: noop},
		// Days 1–7 at 08:00, only on the 5th: next month's.
		{Name: "monthly", Spec: "0 8 1-7 * *", Run: noop, Due: func(t time.Time) bool { return t.Day() == 5 }},
		{Name: "never", Spec: "0 8 30 2 *", Run: noop},
	}}
	slot := time.Date(2026, 3, 2, 9, 0, 0, 0, sh)
	if ok, err := db.ClaimRun(ctx, "sweep", slot, "host:1", now, time.Minute); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	last := func(ctx context.Context, job string) (scheduler.RunRecord, bool, error) {
		runs, err := db.JobRuns(ctx, job, 1)
		if err != nil || len(runs) == 0 {
			return scheduler.RunRecord{}, false, err
		}
		return scheduler.RunRecord{Slot: runs[0].Slot, Attempts: runs[0].Attempts}, true, nil
	}
	got, err := s.Status(ctx, now, last)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		job  string
		next time.Time
		ran  bool
	}{
		{"sweep", time.Date(2026, 3, 2, 15, 0, 0, 0, sh), true},
		{"monthly", time.Date(2026, 3, 5, 8, 0, 0, 0, sh), false},
		{"never", time.Time{}, false},
	}
	if len(got) != len(tests) {
		t.Fatalf("got %d jobs, want %d", len(got), len(tests))
	}
	for i, tc := range tests {
		g := got[i]
		if g.Name != tc.job || !g.Next.Equal(tc.next) || g.Ran != tc.ran {
			t.Errorf("%s: got %s next %v ran %v, want next %v ran %v", tc.job, g.Name, g.Next, g.Ran, tc.next, tc.ran)
		}
	}
	if !got[0].Last.Slot.Equal(slot) || got[0].Last.Attempts != 1 {
		t.Errorf("sweep's last run: got %+v", got[0].Last)
	}
}
