package scheduler_test

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"xietong/domain/store"
	"xietong/domain/store/storetest"
	"xietong/notifications/scheduler"
)

const (
	sweep   = "supervision_sweep"
	weekly  = "report_weekly"
	monthly = "report_monthly"
)

var sh = storetest.Shanghai

func at(m time.Month, d, h, min int) time.Time { return time.Date(2025, m, d, h, min, 0, 0, sh) }

// workingDay stands in for the calendar: Monday to Friday.
func workingDay(t time.Time) bool { return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday }

// firstWorkingDay reports whether t's day is its month's first working day.
func firstWorkingDay(t time.Time) bool {
	for d := 1; d < t.Day(); d++ {
		if workingDay(time.Date(t.Year(), t.Month(), d, 12, 0, 0, 0, t.Location())) {
			return false
		}
	}
	return workingDay(t)
}

// clock is a fake wall clock shared by the replicas of a test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// skewed is the clock as a replica whose clock is off by d reads it.
func (c *clock) skewed(d time.Duration) func() time.Time {
	return func() time.Time {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.t.Add(d)
	}
}

// recorder counts Run calls per job and slot.
type recorder struct {
	mu   sync.Mutex
	runs map[string]int
}

func key(job string, slot time.Time) string { return job + " " + slot.Format(time.RFC3339) }

func (r *recorder) run(job string) func(context.Context, time.Time) error {
	return func(_ context.Context, slot time.Time) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.runs == nil {
			r.runs = map[string]int{}
		}
		r.runs[key(job, slot)]++
		return nil
	}
}

func (r *recorder) count(job string, slot time.Time) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.runs[key(job, slot)]
}

func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func newScheduler(t *testing.T, claims scheduler.Claims, owner string, now func() time.Time, jobs ...scheduler.Job) *scheduler.Scheduler {
	return &scheduler.Scheduler{Jobs: jobs, Claims: claims, Location: sh, Owner: owner, Log: testLog(t), Now: now}
}

func mustRuns(t *testing.T, s *store.Store, job string) []store.JobRun {
	t.Helper()
	runs, err := s.JobRuns(context.Background(), job, 500)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// TestExactlyOnceAcrossReplicas is the scheduler's promise: three replicas,
// each with its own connection pool and a clock a few seconds off the
// others', fire every slot of the sweep and both reports at once, and each
// due slot runs exactly once, recorded once as finished.
func TestExactlyOnceAcrossReplicas(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		var rec recorder
		jobs := []scheduler.Job{
			{Name: sweep, Spec: "0 9,15 * * *", Due: workingDay, Run: rec.run(sweep)},
			{Name: weekly, Spec: "30 8 * * 1", Run: rec.run(weekly)},
			{Name: monthly, Spec: "30 8 1-7 * *", Due: firstWorkingDay, Run: rec.run(monthly)},
		}
		clk := &clock{}
		var replicas []*scheduler.Scheduler
		for i, owner := range []string{"a:1", "b:2", "c:3"} {
			skew := time.Duration(i-1) * 3 * time.Second
			replicas = append(replicas, newScheduler(t, db.Open(t), owner, clk.skewed(skew), jobs...))
		}
		ranges := []struct {
			job      string
			from, to time.Time
			want     int // due slots
		}{
			{sweep, at(3, 3, 0, 0), at(3, 15, 0, 0), 20}, // two weeks of working days at 09:00 and 15:00
			{weekly, at(3, 3, 0, 0), at(3, 15, 0, 0), 2},
			{monthly, at(3, 1, 0, 0), at(4, 8, 0, 0), 2}, // Monday 3 March (the 1st is a Saturday), Tuesday 1 April
		}
		due := map[string]bool{}
		fires := map[time.Time][]string{} // slot → jobs firing then
		for _, r := range ranges {
			for slot, err := replicas[0].Next(r.job, r.from); slot.Before(r.to); slot, err = replicas[0].Next(r.job, slot) {
				if err != nil {
					t.Fatal(err)
				}
				fires[slot] = append(fires[slot], r.job)
			}
		}
		slots := slices.SortedFunc(maps.Keys(fires), time.Time.Compare)

		var ranMu sync.Mutex
		ran := map[string]int{} // Fire calls that reported a run
		for _, slot := range slots {
			clk.set(slot)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for _, s := range replicas {
				for _, job := range fires[slot] {
					wg.Go(func() {
						<-start
						ok, err := s.Fire(ctx, job, slot)
						if err != nil {
							t.Errorf("%s fires %s: %v", s.Owner, key(job, slot), err)
						}
						if ok {
							ranMu.Lock()
							ran[key(job, slot)]++
							ranMu.Unlock()
						}
					})
				}
			}
			close(start)
			wg.Wait()
			for _, s := range replicas {
				if err := s.Recover(ctx); err != nil {
					t.Errorf("recover: %v", err)
				}
			}
		}

		for _, r := range ranges {
			n := 0
			for _, slot := range slots {
				if !slices.Contains(fires[slot], r.job) || slot.Before(r.from) || !slot.Before(r.to) {
					continue
				}
				j := jobs[slices.IndexFunc(jobs, func(j scheduler.Job) bool { return j.Name == r.job })]
				want := 0
				if j.Due == nil || j.Due(slot) {
					want = 1
					due[key(r.job, slot)] = true
					n++
				}
				if got := rec.count(r.job, slot); got != want {
					t.Errorf("%s: Run called %d times, want %d", key(r.job, slot), got, want)
				}
				if got := ran[key(r.job, slot)]; got != want {
					t.Errorf("%s: %d fires reported a run, want %d", key(r.job, slot), got, want)
				}
			}
			if n != r.want {
				t.Errorf("%s: %d due slots, want %d", r.job, n, r.want)
			}
			runs := mustRuns(t, db.Store, r.job)
			if len(runs) != r.want {
				t.Errorf("%s: job_runs has %d rows, want %d", r.job, len(runs), r.want)
			}
			owners := map[string]int{}
			for _, run := range runs {
				owners[run.Owner]++
				if !due[key(r.job, run.Slot.In(sh))] || run.FinishedAt.IsZero() || run.Attempts != 1 || run.LastError != "" {
					t.Errorf("got %+v, want a due slot finished at the first attempt", run)
				}
			}
			t.Logf("%s: runs per owner %v", r.job, owners)
		}
	})
}

func TestValidate(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	ok := scheduler.Job{Name: sweep, Spec: "0 9,15 * * *", Run: func(context.Context, time.Time) error { return nil }}
	tests := []struct {
		name   string
		change func(s *scheduler.Scheduler)
		want   string // "" for valid
	}{
		{"valid", func(*scheduler.Scheduler) {}, ""},
		{"bad spec", func(s *scheduler.Scheduler) { s.Jobs[0].Spec = "0 9 * *" }, `job "supervision_sweep": invalid spec "0 9 * *"`},
		{"twice", func(s *scheduler.Scheduler) { s.Jobs = append(s.Jobs, ok) }, `job "supervision_sweep" is listed twice`},
		{"no run", func(s *scheduler.Scheduler) { s.Jobs[0].Run = nil }, "has no Run"},
		{"no name", func(s *scheduler.Scheduler) { s.Jobs[0].Name = "" }, "job name must have 1 to 64 bytes"},
		{"no owner", func(s *scheduler.Scheduler) { s.Owner = "" }, "Owner must have"},
		{"no location", func(s *scheduler.Scheduler) { s.Location = nil }, "no Location"},
		{"no claims", func(s *scheduler.Scheduler) { s.Claims = nil }, "no Claims"},
		{"lease", func(s *scheduler.Scheduler) { s.Timeout = time.Hour }, "Lease (30m0s) must exceed Timeout (1h0m0s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScheduler(t, db.Store, "a:1", nil, ok)
			tt.change(s)
			err := s.Validate()
			if tt.want == "" {
				if err != nil {
					t.Errorf("got %v, want valid", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
			if err := s.Run(context.Background()); err == nil {
				t.Error("Run accepted an invalid scheduler")
			}
		})
	}
}

func TestNext(t *testing.T) {
	t.Parallel()
	s := &scheduler.Scheduler{Location: sh, Jobs: []scheduler.Job{
		{Name: sweep, Spec: "0 9,15 * * *"}, {Name: monthly, Spec: "30 8 1-7 * *"}}}
	tests := []struct {
		job   string
		after time.Time
		want  time.Time
	}{
		{sweep, at(3, 3, 9, 0), at(3, 3, 15, 0)},
		{sweep, at(3, 3, 15, 0).UTC(), at(3, 4, 9, 0)},
		{monthly, at(3, 7, 8, 30), at(4, 1, 8, 30)},
	}
	for _, tt := range tests {
		got, err := s.Next(tt.job, tt.after)
		if err != nil || !got.Equal(tt.want) || got.Location() != sh {
			t.Errorf("Next(%s, %v): got %v (%v), want %v", tt.job, tt.after, got, err, tt.want)
		}
	}
	if _, err := s.Next("nope", at(3, 3, 9, 0)); err == nil {
		t.Error("unknown job: got no error")
	}
}
