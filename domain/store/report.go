package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
	"xietong/domain/calendar"
)

// The supervision report's loading. At the scale of a province (a million
// tasks, a fifth of them open) a report must not read every task, nor every
// task's record:
//
//   - Only the tasks that can count are read: assigned in the period, closed
//     in the period, open and overdue now, or closed after the report date
//     (so open on it). The other open tasks can only add one each to their
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

// The event actions the report counts; "reopen" is the system's when a
// community sends a hot-spot back.
const (
	evExtAsked   = string(domain.ActRequestExtension)
	evExtGranted = string(domain.ActApproveExtension)
	evReturn     = string(domain.ActReturn)
	evTransfer   = string(domain.ActRequestTransfer)
	evReopen     = string(domain.ActReopen)
)

// countedActions are the actions the report counts, in the order of the
// predicate of task_events_counted_idx, which the query must repeat.
var countedActions = []string{evExtAsked, evExtGranted, evReturn, evTransfer, evReopen}

// reportTaskRow is one selected task with its record's figures.
type reportTaskRow struct {
	ID          int64     `bun:"id"`
	Title       string    `bun:"title"`
	LeadOrgID   int64     `bun:"lead_org_id"`
	CommunityID int64     `bun:"community_id"`
	Priority    string    `bun:"priority"`
	Status      string    `bun:"status"`
	AssignedOn  sqlDate   `bun:"assigned_on"`
	DueDate     sqlDate   `bun:"due_date"`
	OriginalDue sqlDate   `bun:"original_due"`
	ClosedAt    time.Time `bun:"closed_at"`
	LadderStep  string    `bun:"ladder_step"`
	Listed      bool      `bun:"listed"`
	AcceptedAt  time.Time `bun:"accepted_at"`
	ExtAsked    int       `bun:"ext_asked"`
	ExtGranted  int       `bun:"ext_granted"`
	Returns     int       `bun:"returns"`
	Transfers   int       `bun:"transfers"`
	Reopens     int       `bun:"reopens"`
}

func (r reportTaskRow) toDomain(loc *time.Location) domain.ReportTask {
	t := domain.ReportTask{ID: r.ID, Title: r.Title, LeadOrgID: r.LeadOrgID, CommunityID: r.CommunityID,
		Priority: domain.Priority(r.Priority), Status: domain.Status(r.Status), AssignedOn: r.AssignedOn.Date,
		Due: r.DueDate.Date, OriginalDue: r.OriginalDue.Date, ExtensionsAsked: r.ExtAsked, ExtensionsGranted: r.ExtGranted, Returns: r.Returns,
		Transfers: r.Transfers, Reopens: r.Reopens, LadderStep: r.LadderStep, Listed: r.Listed}
	if !r.AcceptedAt.IsZero() {
		t.AcceptedOn = calendar.DateOf(r.AcceptedAt, loc)
	}
	if !r.ClosedAt.IsZero() {
		t.ClosedOn = calendar.DateOf(r.ClosedAt, loc)
	}
	return t
}

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
		q := queries{db: s.DB}
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
	m := queries{db: main}
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
	o := queries{db: *side}
	in, err := m.reportInput(ctx, rq, func(ctx context.Context, rq domain.ReportQuery, orgs []orgRow) ([]domain.ReportTask, map[int64]int, error) {
		var (
			others []domain.ReportTask
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
type taskRowsLoader func(ctx context.Context, rq domain.ReportQuery, orgs []orgRow) ([]domain.ReportTask, map[int64]int, error)

// reportTaskRows reads them in one query, and counts.
func (q queries) reportTaskRows(ctx context.Context, rq domain.ReportQuery, orgs []orgRow) ([]domain.ReportTask, map[int64]int, error) {
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
	in.Tasks, in.OpenCounts = tasks, counts
	leads := map[int64]bool{}
	for org := range in.OpenCounts {
		leads[org] = true
	}
	used := map[int64]bool{} // communities the tasks and hot-spots name
	for _, t := range tasks {
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

// reportBounds are the instants that begin the period's first day, the day
// after its last, and the day after the report date, in the zone.
func reportBounds(rq domain.ReportQuery) (fromStart, toEnd, todayEnd time.Time) {
	return rq.From.In(rq.Location).UTC(), rq.To.AddDays(1).In(rq.Location).UTC(),
		rq.Today.AddDays(1).In(rq.Location).UTC()
}

// taskScopeSQL is the condition on tasks t of a scope, with its
// arguments. A region's tasks are those its organisations lead, named by id:
// the planner then estimates them from the statistics of lead_org_id, where
// a subquery on organisations was guessed at one organisation and walked the
// open tasks once per organisation.
func taskScopeSQL(s domain.ReportScope, orgs []orgRow) (string, []any) {
	switch s.Kind {
	case domain.ScopeCity:
		ids := make([]int64, len(orgs))
		for i, o := range orgs {
			ids[i] = o.ID
		}
		if len(ids) == 0 {
			return " AND 1 = 0", nil
		}
		return " AND t.lead_org_id IN (?)", []any{bun.List(ids)}
	case domain.ScopeOrg:
		return " AND t.lead_org_id = ?", []any{s.OrgID}
	case domain.ScopeCommunity:
		return " AND t.community_id = ?", []any{s.CommunityID}
	}
	return "", nil
}

// reportTasks reads the tasks that can count. A closed task is closed on
// the day of closed_at (its latest closure: a reopening clears it); the
// row's last change stands in if an old row lacks it.
//
// The plan at a province's scale (BENCHMARKS.md): one bitmap scan of tasks
// ORing the index ranges of the period's assignments (tasks_assigned_on_idx),
// closures (tasks_closed_at_idx) and the open overdue tasks
// (tasks_open_due_idx); the first acceptance comes with the row, shown for
// the tasks assigned in the period only (only theirs counts, and only the
// period's tasks are listed); the rarer counted actions are aggregated from
// their own small partial index, task_events_counted_idx, and hash-joined.
func (q queries) reportTasks(ctx context.Context, rq domain.ReportQuery, orgs []orgRow, part taskPart) (_ []domain.ReportTask, err error) {
	fromStart, toEnd, todayEnd := reportBounds(rq)
	scope, sargs := taskScopeSQL(rq.Scope, orgs)
	// The actions are literals in the text, as bun writes every argument,
	// so that the planners match the partial indexes' predicates.
	args := []any{sqlDate{rq.From}, sqlDate{rq.To}, evExtAsked, evExtGranted, evReturn, evTransfer,
		evReopen, bun.List(countedActions)}
	// The rows are scanned with database/sql into typed variables rather
	// than through bun's reflection, which took most of the load's time at
	// a province's scale (a quarter of a million rows; BENCHMARKS.md).
	query := `SELECT t.id, t.title, t.lead_org_id, t.community_id, t.priority, t.status,
  t.assigned_on, t.due_date, t.original_due, t.ladder_step, t.listed,
  CASE WHEN t.status = 'closed' THEN COALESCE(t.closed_at, t.updated_at) END AS closed_at,
  CASE WHEN t.assigned_on >= ? AND t.assigned_on <= ? THEN t.accepted_at END AS accepted_at,
  e.ext_asked, e.ext_granted, e.returns, e.transfers, e.reopens
FROM tasks t
LEFT JOIN (
  SELECT x.task_id,
    SUM(CASE WHEN x.action = ? THEN 1 ELSE 0 END) AS ext_asked,
    SUM(CASE WHEN x.action = ? THEN 1 ELSE 0 END) AS ext_granted,
    SUM(CASE WHEN x.action = ? THEN 1 ELSE 0 END) AS returns,
    SUM(CASE WHEN x.action = ? THEN 1 ELSE 0 END) AS transfers,
    SUM(CASE WHEN x.action = ? THEN 1 ELSE 0 END) AS reopens
  FROM task_events x
  WHERE x.action IN (?)
  GROUP BY x.task_id
) e ON e.task_id = t.id
WHERE `
	inPeriod := "(t.assigned_on >= ? AND t.assigned_on <= ?)"
	others := `((t.status <> 'closed' AND (t.due_date < ? OR t.assigned_on > ?))
  OR (t.status = 'closed' AND ((t.closed_at >= ? AND t.closed_at < ?) OR t.closed_at >= ?)))`
	periodArgs := []any{sqlDate{rq.From}, sqlDate{rq.To}}
	otherArgs := []any{sqlDate{rq.OverdueCutoff}, sqlDate{rq.Today}, fromStart, toEnd, todayEnd}
	switch part {
	case partPeriod:
		query += inPeriod
		args = append(args, periodArgs...)
	case partOthers:
		query += "(t.assigned_on IS NULL OR t.assigned_on < ? OR t.assigned_on > ?) AND " + others
		args = append(append(args, periodArgs...), otherArgs...)
	default:
		query += "(" + inPeriod + " OR " + others + ")"
		args = append(append(args, periodArgs...), otherArgs...)
	}
	query += scope
	res, err := q.db.QueryContext(ctx, query, append(args, sargs...)...)
	if err != nil {
		return nil, translate(err)
	}
	defer closeRows(&err, res)
	// Each row becomes its domain.ReportTask at once. The scan targets are
	// declared once (passed to Scan by address, per-row variables would
	// each be allocated), and the tasks gather in fixed-size chunks joined
	// at the end: appending to one slice would copy a quarter of a million
	// tasks again at every doubling.
	var (
		r                                                            reportTaskRow
		community, extAsked, extGranted, returns, transfers, reopens sql.NullInt64
		closedAt, acceptedAt                                         sqlTime
		chunks                                                       [][]domain.ReportTask
		chunk                                                        []domain.ReportTask
		n                                                            int
	)
	targets := []any{&r.ID, &r.Title, &r.LeadOrgID, &community, &r.Priority, &r.Status, &r.AssignedOn,
		&r.DueDate, &r.OriginalDue, &r.LadderStep, &r.Listed, &closedAt, &acceptedAt, &extAsked,
		&extGranted, &returns, &transfers, &reopens}
	for res.Next() {
		if err := res.Scan(targets...); err != nil {
			return nil, translate(err)
		}
		r.CommunityID, r.ClosedAt, r.AcceptedAt = community.Int64, closedAt.Time, acceptedAt.Time
		r.ExtAsked, r.ExtGranted, r.Returns = int(extAsked.Int64), int(extGranted.Int64), int(returns.Int64)
		r.Transfers, r.Reopens = int(transfers.Int64), int(reopens.Int64)
		if len(chunk) == cap(chunk) {
			chunk = make([]domain.ReportTask, 0, 4096)
			chunks = append(chunks, chunk)
		}
		chunk = append(chunk, r.toDomain(rq.Location))
		chunks[len(chunks)-1] = chunk
		n++
	}
	rows := make([]domain.ReportTask, 0, n)
	for _, c := range chunks {
		rows = append(rows, c...)
	}
	if err := res.Err(); err != nil {
		return nil, translate(err)
	}
	return rows, nil
}

// taskPart is which of the tasks that count a query reads.
type taskPart int

const (
	partAll    taskPart = iota
	partPeriod          // assigned in the period
	partOthers          // the rest: open and overdue, or closed in the period or after the report date
)

// reportOpenCounts counts per lead organisation the open tasks that
// reportTasks leaves out (domain.ReportInput.OpenCounts): not closed, due on
// or after the overdue cutoff, and assigned on or before the report date
// but outside the period (or on no recorded day). At a province's scale
// they are most of the open tasks: counting them is one index range of
// tasks_open_due_idx instead of a row each.
func (q queries) reportOpenCounts(ctx context.Context, rq domain.ReportQuery, orgs []orgRow) (_ map[int64]int, err error) {
	scope, sargs := taskScopeSQL(rq.Scope, orgs)
	res, err := q.db.QueryContext(ctx, `SELECT t.lead_org_id, count(*) FROM tasks t
WHERE t.status <> 'closed' AND t.due_date >= ?
  AND (t.assigned_on IS NULL OR (t.assigned_on <= ? AND (t.assigned_on < ? OR t.assigned_on > ?)))`+scope+`
GROUP BY t.lead_org_id`, append([]any{sqlDate{rq.OverdueCutoff}, sqlDate{rq.Today}, sqlDate{rq.From},
		sqlDate{rq.To}}, sargs...)...)
	if err != nil {
		return nil, translate(err)
	}
	defer closeRows(&err, res)
	out := map[int64]int{}
	for res.Next() {
		var org int64
		var n int
		if err := res.Scan(&org, &n); err != nil {
			return nil, translate(err)
		}
		out[org] = n
	}
	return out, translate(res.Err())
}

// reportHotspotRow is one hot-spot with the day of its first dispatch: the
// day its first task was assigned, in the same transaction.
type reportHotspotRow struct {
	ID           int64     `bun:"id"`
	CommunityID  int64     `bun:"community_id"`
	Status       string    `bun:"status"`
	Satisfaction string    `bun:"satisfaction"`
	Reopens      int       `bun:"reopens"`
	CreatedAt    time.Time `bun:"created_at"`
	ResolvedAt   time.Time `bun:"resolved_at"`
	DispatchedOn sqlDate   `bun:"dispatched_on"`
}

// reportHotspots reads the hot-spots in scope that something happened to by
// the period's end: reported before its end and changed since its start
// (every move of a hot-spot sets updated_at, so one reported, dispatched,
// resolved or answered in the period qualifies). A hot-spot's latest
// feedback is the latest feedback row of the audit trail, where each
// answer is recorded.
func (q queries) reportHotspots(ctx context.Context, rq domain.ReportQuery) ([]domain.ReportHotspotItem, error) {
	fromStart, toEnd, _ := reportBounds(rq)
	where, args := "h.created_at < ? AND h.updated_at >= ?", []any{toEnd, fromStart}
	switch rq.Scope.Kind {
	case domain.ScopeCity:
		where += " AND h.community_id IN (SELECT c.id FROM communities c WHERE c.region = ?)"
		args = append(args, rq.Scope.Region)
	case domain.ScopeCommunity:
		where += " AND h.community_id = ?"
		args = append(args, rq.Scope.CommunityID)
	case domain.ScopeOrg:
		// An organisation's hot-spots are those it was given a task of.
		where += " AND EXISTS (SELECT 1 FROM tasks t WHERE t.hotspot_id = h.id AND t.lead_org_id = ?)"
		args = append(args, rq.Scope.OrgID)
	}
	var rows []reportHotspotRow
	err := q.db.NewRaw(`SELECT h.id, h.community_id, h.status, h.satisfaction, h.reopens, h.created_at,
  h.resolved_at, (SELECT MIN(t.assigned_on) FROM tasks t WHERE t.hotspot_id = h.id) AS dispatched_on
FROM hotspots h WHERE `+where+" ORDER BY h.id", args...).Scan(ctx, &rows)
	if err != nil || len(rows) == 0 {
		return nil, translate(err)
	}
	feedback, err := q.latestFeedback(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]domain.ReportHotspotItem, len(rows))
	for i, r := range rows {
		h := domain.ReportHotspotItem{ID: r.ID, CommunityID: r.CommunityID, Status: domain.HotspotStatus(r.Status),
			ReportedOn: calendar.DateOf(r.CreatedAt, rq.Location), DispatchedOn: r.DispatchedOn.Date,
			Reopens: r.Reopens}
		if h.Status == domain.HotspotResolved && !r.ResolvedAt.IsZero() {
			h.ResolvedOn = calendar.DateOf(r.ResolvedAt, rq.Location)
		}
		if at, ok := feedback[r.ID]; ok {
			h.FeedbackOn, h.Satisfaction = calendar.DateOf(at, rq.Location), domain.Satisfaction(r.Satisfaction)
		}
		out[i] = h
	}
	return out, nil
}

// latestFeedback returns the instant of each hot-spot's latest feedback,
// from the audit trail (one row per answer, read by the action index).
func (q queries) latestFeedback(ctx context.Context) (map[int64]time.Time, error) {
	var rows []struct {
		Target string    `bun:"target"`
		At     time.Time `bun:"at"`
	}
	err := q.db.NewRaw(`SELECT target, MAX(at) AS at FROM audit_log WHERE action IN (?, ?) GROUP BY target`,
		"hotspot."+string(domain.HotspotSatisfied), "hotspot."+string(domain.HotspotUnsatisfied)).Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	out := make(map[int64]time.Time, len(rows))
	for _, r := range rows {
		if id, err := strconv.ParseInt(strings.TrimPrefix(r.Target, "hotspot:"), 10, 64); err == nil {
			out[id] = r.At
		}
	}
	return out, nil
}

// scopeOrgs reads the organisations a scope can name, by id: a region's,
// the one organisation, or all of them.
func (q queries) scopeOrgs(ctx context.Context, s domain.ReportScope) ([]orgRow, error) {
	var rows []orgRow
	sq := q.db.NewSelect().Model(&rows).Order("id")
	switch s.Kind {
	case domain.ScopeCity:
		sq = sq.Where("region = ?", s.Region)
	case domain.ScopeOrg:
		sq = sq.Where("id = ?", s.OrgID)
	}
	if err := sq.Scan(ctx); err != nil {
		return nil, translate(err)
	}
	return rows, nil
}

// reportOrgs returns the organisations of the report, by id: in the province
// or a region every active one, so that one with no work shows as such,
// and an inactive one only when it leads a selected task; for a community,
// the leads of its tasks.
func reportOrgs(s domain.ReportScope, rows []orgRow, leads map[int64]bool) []domain.ReportOrg {
	out := make([]domain.ReportOrg, 0, len(rows))
	for _, r := range rows {
		keep := r.Active || leads[r.ID]
		switch s.Kind {
		case domain.ScopeOrg:
			keep = true
		case domain.ScopeCommunity:
			keep = leads[r.ID]
		}
		if keep {
			out = append(out, domain.ReportOrg{ID: r.ID, Name: r.Name, NameEn: r.NameEn, Type: r.Type, Region: r.Region})
		}
	}
	return out
}

// reportCommunities returns the communities of the scope, by id: in the
// province or a region every active one and any other that a selected task
// or hot-spot names; for an organisation, those its tasks and hot-spots
// name; for a community, itself.
func (q queries) reportCommunities(ctx context.Context, s domain.ReportScope, used map[int64]bool) ([]domain.ReportCommunity, error) {
	var rows []communityRow
	sq := q.db.NewSelect().Model(&rows).Order("id")
	switch s.Kind {
	case domain.ScopeCity:
		sq = sq.Where("region = ?", s.Region)
	case domain.ScopeCommunity:
		sq = sq.Where("id = ?", s.CommunityID)
	}
	if err := sq.Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.ReportCommunity, 0, len(rows))
	for _, r := range rows {
		keep := r.Active || used[r.ID]
		switch s.Kind {
		case domain.ScopeOrg:
			keep = used[r.ID]
		case domain.ScopeCommunity:
			keep = true
		}
		if keep {
			out = append(out, domain.ReportCommunity{ID: r.ID, Name: r.Name, NameEn: r.NameEn, Region: r.Region})
		}
	}
	return out, nil
}
