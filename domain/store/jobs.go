package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// JobRun is one scheduled run of a job as job_runs records it: who claimed
// its slot, when, how often, and whether it finished.
type JobRun struct {
	Job        string
	Slot       time.Time // the instant the run was scheduled for, UTC
	Owner      string    // the process holding (or last holding) the claim
	ClaimedAt  time.Time
	FinishedAt time.Time // zero while unfinished: running, failed or abandoned
	Attempts   int       // 1 for the first claim, one more per takeover
	LastError  string    // the latest failure; "" once finished
}

type jobRunRow struct {
	bun.BaseModel `bun:"table:job_runs"`

	Job        string    `bun:",pk"`
	Slot       time.Time `bun:",pk"`
	Owner      string
	ClaimedAt  time.Time
	FinishedAt time.Time `bun:",nullzero"`
	Attempts   int       `bun:",notnull"`
	LastError  string    `bun:",notnull"`
}

func (r jobRunRow) toJobRun() JobRun {
	return JobRun{Job: r.Job, Slot: r.Slot.UTC(), Owner: r.Owner, ClaimedAt: r.ClaimedAt.UTC(),
		FinishedAt: utcOrZero(r.FinishedAt), Attempts: r.Attempts, LastError: r.LastError}
}

// slotTime is how a slot is stored and matched: UTC, at PostgreSQL's
// microsecond precision, so that both databases compare the same value.
func slotTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// ClaimRun makes owner the holder of job's run at slot, and reports whether
// it did. The first claimant inserts the row; anyone else gets false, unless
// the row is unfinished and was claimed before now-lease (its owner died or
// its run failed), in which case one caller takes it over and attempts
// grows. Both steps are single statements, so on PostgreSQL any number of
// replicas may race for a slot and exactly one wins: the loser of the
// insert finds the row, and the loser of a takeover finds it freshly
// claimed. It returns ErrInvalid for a lease that is not positive.
func (s *Store) ClaimRun(ctx context.Context, job string, slot time.Time, owner string, now time.Time, lease time.Duration) (_ bool, err error) {
	defer wrap(&err, "store.ClaimRun(%q, %s)", job, slot.UTC().Format(time.RFC3339))
	if lease <= 0 {
		return false, wrapKind(domain.ErrInvalid, fmt.Errorf("claim %s: lease %v is not positive", job, lease))
	}
	slot, now = slotTime(slot), now.UTC()
	res, err := s.DB.NewRaw(`INSERT INTO job_runs (job, slot, owner, claimed_at, attempts, last_error)
		VALUES (?, ?, ?, ?, 1, '') ON CONFLICT (job, slot) DO NOTHING`, job, slot, owner, now).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return n == 1, translate(err)
	}
	res, err = s.DB.NewUpdate().Table("job_runs").
		Set("owner = ?", owner).Set("claimed_at = ?", now).Set("attempts = attempts + 1").
		Where("job = ? AND slot = ?", job, slot).
		Where("finished_at IS NULL AND claimed_at < ?", now.Add(-lease)).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}

// errNotHeld says a run's claim is no longer the caller's.
var errNotHeld = errors.New("the run is not held by this owner (taken over, finished or never claimed)")

// FinishRun records the end of owner's run of job at slot. With errText
// empty the run is finished for good. Otherwise it stays unfinished with
// errText as its last error, so that after the lease another claim (a
// recovery) runs it again. It returns ErrConflict when owner does not hold
// an unfinished claim on the slot, e.g. because another process took it
// over after the lease ran out.
func (s *Store) FinishRun(ctx context.Context, job string, slot time.Time, owner, errText string, now time.Time) (err error) {
	defer wrap(&err, "store.FinishRun(%q, %s)", job, slot.UTC().Format(time.RFC3339))
	q := s.DB.NewUpdate().Table("job_runs").
		Where("job = ? AND slot = ? AND owner = ?", job, slotTime(slot), owner).Where("finished_at IS NULL")
	if errText == "" {
		q = q.Set("finished_at = ?", now.UTC()).Set("last_error = ''")
	} else {
		q = q.Set("last_error = ?", truncate(domain.CleanText(errText), 2000))
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = wrapKind(domain.ErrConflict, errNotHeld)
		}
		return translate(err)
	}
	return nil
}

// UnfinishedRuns returns the slots of job at or after since that are claimed
// but not finished (running, failed, or abandoned by a dead process), oldest
// first. A recovery tries to claim each; only stale ones succeed.
func (s *Store) UnfinishedRuns(ctx context.Context, job string, since time.Time) (_ []time.Time, err error) {
	defer wrap(&err, "store.UnfinishedRuns(%q)", job)
	var slots []time.Time
	err = s.DB.NewSelect().Table("job_runs").Column("slot").
		Where("job = ? AND slot >= ?", job, slotTime(since)).Where("finished_at IS NULL").
		Order("slot").Scan(ctx, &slots)
	if err != nil {
		return nil, translate(err)
	}
	for i := range slots {
		slots[i] = slots[i].UTC()
	}
	return slots, nil
}

// JobRuns returns the latest runs of job, newest slot first; job "" lists
// every job's. limit is capped to 1 … 500, 50 when not positive.
func (s *Store) JobRuns(ctx context.Context, job string, limit int) (_ []JobRun, err error) {
	defer wrap(&err, "store.JobRuns(%q)", job)
	limit = min(limit, 500)
	if limit <= 0 {
		limit = 50
	}
	var rows []jobRunRow
	q := s.DB.NewSelect().Model(&rows).OrderExpr("slot DESC, job").Limit(int64(limit))
	if job != "" {
		q = q.Where("job = ?", job)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]JobRun, len(rows))
	for i, r := range rows {
		out[i] = r.toJobRun()
	}
	return out, nil
}
