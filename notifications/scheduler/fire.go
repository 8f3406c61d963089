package scheduler

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"
)

// Fire runs job name's slot if this process may: it skips a slot that Due
// rejects, a job already running in this process, and a slot claimed
// elsewhere; otherwise it claims the slot, runs the job with a Timeout and
// panic recovery, and records the outcome (a failure leaves the slot to be
// retried after the lease). ran reports whether Run was called; err is the
// run's error, or the claim's or the record's. Fire logs the outcome (job,
// slot, owner, duration), so callers need not.
func (s *Scheduler) Fire(ctx context.Context, name string, slot time.Time) (ran bool, err error) {
	j, ok := s.job(name)
	switch {
	case !ok:
		return false, fmt.Errorf("scheduler: unknown job %q", name)
	case s.Claims == nil || s.Owner == "":
		return false, errors.New("scheduler: Fire needs Claims and an Owner")
	case ctx.Err() != nil:
		return false, ctx.Err()
	}
	// Slots are whole seconds in Location, whatever the caller passes.
	slot = slot.In(s.loc()).Truncate(time.Second)
	log := s.log().With("job", name, "slot", slot, "owner", s.Owner)
	if j.Due != nil && !j.Due(slot) {
		log.Debug("job not due")
		return false, nil
	}
	if !s.acquire(name) {
		log.Warn("job still running, slot skipped")
		return false, nil
	}
	defer s.release(name)

	claimed, err := s.Claims.ClaimRun(ctx, name, slot, s.Owner, s.now(), s.lease())
	if err != nil {
		if ctx.Err() == nil {
			log.Error("job claim failed", "err", err)
		}
		return false, fmt.Errorf("claim %s at %v: %w", name, slot, err)
	}
	if !claimed {
		log.Debug("job slot claimed elsewhere")
		return false, nil
	}
	start := time.Now() // the wall clock only measures the run, for the log
	runErr := s.run(ctx, j, slot)
	took := time.Since(start).Round(time.Millisecond).String()

	errText := ""
	if runErr != nil {
		errText = runErr.Error()
	}
	// The end is recorded even when ctx ended (shutdown), so a cancelled run
	// shows its error and is retried after the lease.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	finErr := s.Claims.FinishRun(fctx, name, slot, s.Owner, errText, s.now())
	if finErr != nil {
		finErr = fmt.Errorf("record %s at %v: %w", name, slot, finErr)
	}

	var pe *panicError
	switch {
	case errors.As(runErr, &pe):
		log.Error("job panicked", "duration", took, "err", runErr, "stack", string(pe.stack))
	case runErr != nil:
		log.Error("job failed", "duration", took, "err", runErr)
	default:
		log.Info("job done", "duration", took)
	}
	if finErr != nil {
		log.Error("job outcome not recorded", "err", finErr)
	}
	return true, errors.Join(runErr, finErr)
}

// run calls j.Run with the run's timeout, turning a panic into an error.
func (s *Scheduler) run(ctx context.Context, j Job, slot time.Time) (err error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{value: r, stack: debug.Stack()}
		}
	}()
	return j.Run(ctx, slot)
}

// panicError is a panic in Job.Run, kept with its stack for the log; its
// message (stored as the run's last error) leaves the stack out.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }

// acquire marks job running in this process, unless it already is.
func (s *Scheduler) acquire(job string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running[job] {
		return false
	}
	if s.running == nil {
		s.running = map[string]bool{}
	}
	s.running[job] = true
	return true
}

func (s *Scheduler) release(job string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.running, job)
}

func (s *Scheduler) busy(job string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running[job]
}
