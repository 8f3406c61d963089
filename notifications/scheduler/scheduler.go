package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is one periodic job.
type Job struct {
	// Name identifies the job in job_runs and logs, e.g. "supervision_sweep";
	// at most 64 bytes.
	Name string
	// Spec is a standard 5-field cron spec (or a descriptor such as @daily),
	// read in Scheduler.Location.
	Spec string
	// Due, when set, filters slots further (e.g. "the first working day of
	// the month"): a slot it rejects is neither claimed nor run.
	Due func(slot time.Time) bool
	// Run does the work of one slot. It must honour ctx and be idempotent: a
	// failed or abandoned slot is run again.
	Run func(ctx context.Context, slot time.Time) error
	// CatchUp, when positive, makes Run run the latest due slot within
	// this window before now, unless it has already been run (e.g. the
	// weekly report when every replica was down at its time).
	CatchUp time.Duration
}

// Claims records who runs which slot; *store.Store implements it.
type Claims interface {
	// ClaimRun reports whether owner now holds job's run at slot: it is the
	// first to claim it, or it took over an unfinished claim older than
	// lease. It errs only when the database does.
	ClaimRun(ctx context.Context, job string, slot time.Time, owner string, now time.Time, lease time.Duration) (bool, error)
	// FinishRun ends owner's run: finished when errText is empty, otherwise
	// left unfinished with errText, to be taken over after the lease. It
	// returns ErrConflict when owner no longer holds the claim.
	FinishRun(ctx context.Context, job string, slot time.Time, owner, errText string, now time.Time) error
	// UnfinishedRuns returns job's claimed but unfinished slots at or after
	// since, oldest first.
	UnfinishedRuns(ctx context.Context, job string, since time.Time) ([]time.Time, error)
}

// Defaults for the Scheduler's optional fields.
const (
	DefaultLease   = 30 * time.Minute
	DefaultTimeout = 20 * time.Minute
)

const (
	// recoverWindow is how far back Recover looks for unfinished slots.
	recoverWindow = 7 * 24 * time.Hour
	// recoverEvery is how often Run runs Recover besides after each fire,
	// so that an abandoned slot is retried soon after its lease ends.
	recoverEvery = 5 * time.Minute
	// fireLookback bounds how late after its slot a cron fire may come and
	// still find it (a process paused for longer skips the slot).
	fireLookback = 24 * time.Hour
	// finishTimeout bounds recording a run's end, which happens even when
	// the run's context has ended.
	finishTimeout = 10 * time.Second
)

// Scheduler runs Jobs on their specs and claims each slot through Claims.
// Set its fields, then call Run; do not copy it or change the fields
// afterwards. Fire, Recover and Next may be called without Run.
type Scheduler struct {
	Jobs   []Job
	Claims Claims
	// Location is the zone specs are read in (XIETONG_TIMEZONE); nil is UTC
	// for Fire and Next, and an error for Run.
	Location *time.Location
	// Owner names this process in job_runs, e.g. "host:pid"; at most 200 bytes.
	Owner string
	// Lease is how long a claim stands before an unfinished run may be taken
	// over; it must exceed Timeout. Zero is DefaultLease.
	Lease time.Duration
	// Timeout bounds one run. Zero is DefaultTimeout.
	Timeout time.Duration
	// Log receives one line per run (job, slot, owner, duration, outcome);
	// nil discards.
	Log *slog.Logger
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Since is when the installation first started: catch-up fires no slot
	// before it, so a new install does not send reports for periods before
	// it existed. Zero is no limit. Recover and direct calls are not bound
	// by it.
	Since time.Time

	mu      sync.Mutex
	running map[string]bool // jobs with a run in flight in this process
}

// Validate reports every problem with the scheduler's fields and jobs.
func (s *Scheduler) Validate() error {
	var errs []error
	if s.Claims == nil {
		errs = append(errs, errors.New("scheduler: no Claims"))
	}
	if s.Location == nil {
		errs = append(errs, errors.New("scheduler: no Location"))
	}
	if s.Owner == "" || len(s.Owner) > 200 {
		errs = append(errs, fmt.Errorf("scheduler: Owner must have 1 to 200 bytes, got %q", s.Owner))
	}
	if s.Lease < 0 || s.Timeout < 0 || s.lease() <= s.timeout() {
		errs = append(errs, fmt.Errorf("scheduler: Lease (%v) must exceed Timeout (%v), or a run still going could be taken over",
			s.lease(), s.timeout()))
	}
	seen := map[string]bool{}
	for _, j := range s.Jobs {
		switch {
		case j.Name == "" || len(j.Name) > 64:
			errs = append(errs, fmt.Errorf("scheduler: job name must have 1 to 64 bytes, got %q", j.Name))
		case seen[j.Name]:
			errs = append(errs, fmt.Errorf("scheduler: job %q is listed twice", j.Name))
		}
		seen[j.Name] = true
		if j.Run == nil {
			errs = append(errs, fmt.Errorf("scheduler: job %q has no Run", j.Name))
		}
		if j.CatchUp < 0 {
			errs = append(errs, fmt.Errorf("scheduler: job %q has a negative CatchUp", j.Name))
		}
		if _, err := schedule(j); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Run runs the scheduler until ctx ends: it checks the fields, starts
// robfig/cron in Location with one entry per job (and one that runs
// Recover every few minutes), then catches up the jobs that ask for it and
// recovers abandoned slots. When ctx ends it stops the cron, whose running
// jobs see their context end, and returns nil once they have finished. It
// returns an error only for invalid fields, at once.
func (s *Scheduler) Run(ctx context.Context) error {
	if err := s.Validate(); err != nil {
		return err
	}
	c := cron.New(cron.WithLocation(s.Location), cron.WithLogger(cronLog{s.log()}))
	for _, j := range s.Jobs {
		sched, _ := schedule(j) // Validate parsed it
		c.Schedule(sched, wrap(s.log().With("job", j.Name), func() { s.tick(ctx, j.Name, sched) }))
	}
	c.Schedule(cron.Every(recoverEvery), wrap(s.log().With("job", "recover"), func() {
		if ctx.Err() == nil {
			_ = s.Recover(ctx) // Recover logs what goes wrong; nobody else to tell
		}
	}))
	c.Start()
	s.log().Info("scheduler started", "owner", s.Owner, "jobs", len(s.Jobs), "location", s.Location.String())
	s.catchUp(ctx)
	_ = s.Recover(ctx) // logged by Recover
	<-ctx.Done()
	<-c.Stop().Done()
	s.log().Info("scheduler stopped", "owner", s.Owner)
	return nil
}

// wrap gives one cron entry robfig's panic recovery and skip-if-still-
// running, logging through log (which names the job).
func wrap(log *slog.Logger, fn func()) cron.Job {
	cl := cronLog{log}
	return cron.NewChain(cron.Recover(cl), cron.SkipIfStillRunning(cl)).Then(cron.FuncJob(fn))
}

// tick is a cron fire of job: it names the slot from the schedule, so that
// every replica names the same one, fires it, then recovers.
func (s *Scheduler) tick(ctx context.Context, job string, sched cron.Schedule) {
	if ctx.Err() != nil {
		return
	}
	now := s.now().In(s.loc())
	slot, ok := latest(sched, now, fireLookback, nil)
	if !ok {
		s.log().Warn("job fired with no slot in reach", "job", job, "now", now)
		return
	}
	_, _ = s.Fire(ctx, job, slot) // Fire logs its outcome
	_ = s.Recover(ctx)            // so does Recover
}

// catchUp fires, for each job with CatchUp, its latest due slot within the
// window; the claim fails if the slot was already run or is running.
func (s *Scheduler) catchUp(ctx context.Context) {
	for _, j := range s.Jobs {
		if j.CatchUp <= 0 || ctx.Err() != nil {
			continue
		}
		sched, _ := schedule(j)
		if slot, ok := latest(sched, s.now().In(s.loc()), j.CatchUp, j.Due); ok && !slot.Before(s.Since) {
			_, _ = s.Fire(ctx, j.Name, slot) // Fire logs its outcome
		}
	}
}

// Recover re-runs abandoned and failed slots: for each job it lists the
// unfinished slots of the last 7 days and fires each. Fire's claim succeeds
// only where the claim is older than Lease, so slots still running
// elsewhere are left alone. It logs, and returns joined, what went wrong.
func (s *Scheduler) Recover(ctx context.Context) error {
	if s.Claims == nil {
		return errors.New("scheduler: no Claims")
	}
	since := s.now().Add(-recoverWindow)
	var errs []error
	for _, j := range s.Jobs {
		if s.busy(j.Name) {
			continue // its run here holds the guard; the next Recover looks again
		}
		slots, err := s.Claims.UnfinishedRuns(ctx, j.Name, since)
		if err != nil {
			if ctx.Err() == nil {
				s.log().Error("list unfinished runs", "job", j.Name, "err", err)
			}
			errs = append(errs, fmt.Errorf("unfinished runs of %s: %w", j.Name, err))
			continue
		}
		for _, slot := range slots {
			if _, err := s.Fire(ctx, j.Name, slot); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Next returns job name's first slot after after, in Location.
func (s *Scheduler) Next(name string, after time.Time) (time.Time, error) {
	j, ok := s.job(name)
	if !ok {
		return time.Time{}, fmt.Errorf("scheduler: unknown job %q", name)
	}
	sched, err := schedule(j)
	if err != nil {
		return time.Time{}, err
	}
	next := sched.Next(after.In(s.loc()))
	if next.IsZero() {
		return time.Time{}, fmt.Errorf("scheduler: job %q never runs after %v", name, after)
	}
	return next, nil
}

// schedule parses j's spec with robfig's standard parser.
func schedule(j Job) (cron.Schedule, error) {
	sched, err := cron.ParseStandard(j.Spec)
	if err != nil {
		return nil, fmt.Errorf("scheduler: job %q: invalid spec %q: %w", j.Name, j.Spec, err)
	}
	return sched, nil
}

func (s *Scheduler) job(name string) (Job, bool) {
	for _, j := range s.Jobs {
		if j.Name == name {
			return j, true
		}
	}
	return Job{}, false
}

func (s *Scheduler) loc() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}

func (s *Scheduler) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Scheduler) lease() time.Duration {
	if s.Lease == 0 {
		return DefaultLease
	}
	return s.Lease
}

func (s *Scheduler) timeout() time.Duration {
	if s.Timeout == 0 {
		return DefaultTimeout
	}
	return s.Timeout
}

func (s *Scheduler) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
