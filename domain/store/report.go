package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"xietong/domain"
	"xietong/domain/calendar"
)

// The supervision report's loading. At the scale of a province (a million
// tasks, a fifth of them open) a report must not read every task, nor every
// task's record:
//
//   - Only the tasks that can count are read: assigned in the period, closed
//     in the period, due in the period up to the report date (work due,
//     domain.OrgFigures.DueInPeriod), open and overdue now, or closed after
//     the report date (so open on it). The other open tasks can only add one each to their
//     organisation's open count, so they are counted per organisation in
//     SQL (ReportInput.OpenCounts). BuildReport skips any other. Each of
//     these is an index range (migration 20251129000003), so the cost
//     follows the report, not the table: years of closed work are never read.
//   - The first acceptance is on the task row (accepted_at, migration
//     20251129000005). The extension, return, transfer and reopen counts are
//     worked out in SQL from a partial index of just those events, never
//     sent over the wire event by event.
//   - Civil dates are the configured zone's. A closing instant becomes a date
//     in Go, after the query; the period's bounds become instants in Go,
//     before it. The database never converts a zone, so PostgreSQL and
//     SQLite agree.
//   - OriginalDue is the task's original_due (migration 20251129000004),
//     kept from the first granted extension on; tasks extended before that
//     migration have none, since their record holds only the new dates.

// ReportInput loads what BuildReport needs for rq (see the comment above).
// SQLite reads without a transaction, whose BEGIN would take the write lock
// (_txlock=immediate) for as long as the report takes.
//
// On PostgreSQL every read sees one read-only snapshot, so the tasks, the
// hot-spots and the organisations agree with each other; and the task rows,
// most of a province's report, are read in two parts at once on two
// connections: the tasks assigned in the period, and the others that count.
// The second transaction imports the first one's snapshot
// (pg_export_snapshot), so the parts are of the same moment, and two
// backends and two goroutines share the reading and decoding.
func (s *Store) ReportInput(ctx context.Context, rq domain.ReportQuery) (_ domain.ReportInput, err error) {
	defer wrap(&err, "store.ReportInput(%+v, %s..%s)", rq.Scope, rq.From, rq.To)
	if !parallelReports(s.DB) {
		q := s.on(s.DB)
		return q.reportInput(ctx, rq, q.reportTaskRows)
	}
	opts := &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	main, err := s.DB.BeginTx(ctx, opts)
	if err != nil {
		return domain.ReportInput{}, translate(err)
	}
	defer func() { // read-only: nothing to undo, but a failure to end it is reported
		if rerr := main.Rollback(); rerr != nil && err == nil {
			err = translate(rerr)
		}
	}()
	// The task query's estimated cost is far above jit_above_cost, but it
	// runs in a fraction of a second: compiling it took longer (about a
	// second) than running it.
	var snapshot string
	if _, err := main.ExecContext(ctx, "SET LOCAL jit = off"); err != nil {
		return domain.ReportInput{}, translate(err)
	}
	if err := main.QueryRowContext(ctx, "SELECT pg_export_snapshot()").Scan(&snapshot); err != nil {
		return domain.ReportInput{}, translate(err)
	}
	m := s.on(main)
	side, release, err := s.snapshotReader(ctx, opts, snapshot)
	if err != nil {
		return domain.ReportInput{}, translate(err)
	}
	if side == nil {
		in, err := m.reportInput(ctx, rq, m.reportTaskRows)
		return in, translate(err)
	}
	defer func() {
		if rerr := release(); rerr != nil && err == nil {
			err = translate(rerr)
		}
	}()
	o := s.on(*side)
	in, err := m.reportInput(ctx, rq, func(ctx context.Context, rq domain.ReportQuery, orgs []orgRow) (taskChunks, map[int64]int, error) {
		var (
			others taskChunks
			counts map[int64]int
			oerr   error
			done   = make(chan struct{})
		)
		go func() {
			defer close(done)
			defer func() {
				if r := recover(); r != nil {
					oerr = fmt.Errorf("store: report read panicked: %v", r)
				}
			}()
			if s.reportReadHook != nil {
				s.reportReadHook()
			}
			if others, oerr = o.reportTasks(ctx, rq, orgs, partOthers); oerr == nil {
				counts, oerr = o.reportOpenCounts(ctx, rq, orgs)
			}
		}()
		period, err := m.reportTasks(ctx, rq, orgs, partPeriod)
		<-done
		if err == nil {
			err = oerr
		}
		return append(period, others...), counts, err
	})
	return in, translate(err)
}

// snapshotReader opens a second read-only transaction on the exported
// snapshot, for reading in parallel; release ends it. The connection is
// waited for briefly: when the pool has none to lend (a pool of one, or
// every connection busy with other reports that each hold one already), it
// returns no transaction and the caller reads on its own, rather than wait
// for a connection that may never come.
func (s *Store) snapshotReader(ctx context.Context, opts *sql.TxOptions, snapshot string) (tx *bun.Tx, release func() error, err error) {
	if s.DB.Stats().MaxOpenConnections == 1 {
		return nil, nil, nil
	}
	wait, cancel := context.WithTimeout(ctx, s.secondConnWait)
	conn, err := s.DB.Conn(wait)
	cancel()
	if err != nil {
		return nil, nil, ctx.Err() // nil unless the caller gave up
	}
	side, err := conn.BeginTx(ctx, opts)
	if err != nil {
		return nil, nil, errors.Join(err, conn.Close())
	}
	release = func() error { return errors.Join(side.Rollback(), conn.Close()) }
	if _, err := side.ExecContext(ctx, "SET TRANSACTION SNAPSHOT ?", snapshot); err != nil {
		return nil, nil, errors.Join(err, release())
	}
	if _, err := side.ExecContext(ctx, "SET LOCAL jit = off"); err != nil {
		return nil, nil, errors.Join(err, release())
	}
	return &side, release, nil
}

// taskRowsLoader reads the task rows and the open counts of a report.
type taskRowsLoader func(ctx context.Context, rq domain.ReportQuery, orgs []orgRow) (taskChunks, map[int64]int, error)

// reportTaskRows reads them in one query, and counts.
func (q queries) reportTaskRows(ctx context.Context, rq domain.ReportQuery, orgs []orgRow) (taskChunks, map[int64]int, error) {
	tasks, err := q.reportTasks(ctx, rq, orgs, partAll)
	if err != nil {
		return nil, nil, err
	}
	counts, err := q.reportOpenCounts(ctx, rq, orgs)
	return tasks, counts, err
}

func (q queries) reportInput(ctx context.Context, rq domain.ReportQuery, load taskRowsLoader) (domain.ReportInput, error) {
	var in domain.ReportInput
	if rq.OverdueCutoff.IsZero() {
		// No cutoff: load every open task and count none.
		rq.OverdueCutoff = calendar.NewDate(9999, 12, 31)
	}
	orgs, err := q.scopeOrgs(ctx, rq.Scope)
	if err != nil {
		return in, err
	}
	tasks, counts, err := load(ctx, rq, orgs)
	if err != nil {
		return in, err
	}
	in.TaskChunks, in.OpenCounts = tasks, counts
	leads := map[int64]bool{}
	for org := range in.OpenCounts {
		leads[org] = true
	}
	used := map[int64]bool{} // communities the tasks and hot-spots name
	for t := range in.AllTasks() {
		leads[t.LeadOrgID] = true
		used[t.CommunityID] = true
	}
	if in.Hotspots, err = q.reportHotspots(ctx, rq); err != nil {
		return in, err
	}
	for _, h := range in.Hotspots {
		used[h.CommunityID] = true
	}
	in.Orgs = reportOrgs(rq.Scope, orgs, leads)
	if in.Communities, err = q.reportCommunities(ctx, rq.Scope, used); err != nil {
		return in, err
	}
	return in, nil
}
