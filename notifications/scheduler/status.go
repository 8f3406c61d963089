package scheduler

import (
	"context"
	"time"
)

// RunRecord is a job's latest claimed run as the claims table records it.
type RunRecord struct {
	Slot       time.Time
	ClaimedAt  time.Time
	FinishedAt time.Time // zero while unfinished: running, failed or abandoned
	Attempts   int
	Error      string // the latest failure; "" once finished
}

// LastRun reads a job's latest run; ok is false when it never ran.
type LastRun func(ctx context.Context, job string) (r RunRecord, ok bool, err error)

// JobStatus is one job as the schedules page shows it.
type JobStatus struct {
	Name string
	Spec string
	// Next is the next slot after now that the job will run, in the
	// scheduler's zone (Due applied); zero when none within a year.
	Next time.Time
	Last RunRecord
	Ran  bool // Last is set
}

// maxDueTries bounds the search for the next slot that Job.Due accepts:
// a year of daily slots.
const maxDueTries = 366

// Status lists the jobs in order, each with its next run after now and its
// latest run as last reads it.
func (s *Scheduler) Status(ctx context.Context, now time.Time, last LastRun) ([]JobStatus, error) {
	out := make([]JobStatus, 0, len(s.Jobs))
	for _, j := range s.Jobs {
		st := JobStatus{Name: j.Name, Spec: j.Spec}
		next, err := s.Next(j.Name, now)
		for i := 0; err == nil && j.Due != nil && !j.Due(next) && i < maxDueTries; i++ {
			next, err = s.Next(j.Name, next)
		}
		if err == nil && (j.Due == nil || j.Due(next)) {
			st.Next = next
		}
		if st.Last, st.Ran, err = last(ctx, j.Name); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}
