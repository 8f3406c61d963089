package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
	"xietong/domain/calendar"
)

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
	Category    string    `bun:"category"`
	HotspotID   int64     `bun:"hotspot_id"`
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
		Priority: domain.Priority(r.Priority), Status: domain.Status(r.Status), Category: r.Category,
		HotspotID: r.HotspotID, AssignedOn: r.AssignedOn.Date,
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
func (q queries) reportTasks(ctx context.Context, rq domain.ReportQuery, orgs []orgRow, part taskPart) (_ taskChunks, err error) {
	fromStart, toEnd, todayEnd := reportBounds(rq)
	scope, sargs := taskScopeSQL(rq.Scope, orgs)
	// The actions are literals in the text, as bun writes every argument,
	// so that the planners match the partial indexes' predicates.
	args := []any{sqlDate{rq.From}, sqlDate{rq.To}, evExtAsked, evExtGranted, evReturn, evTransfer,
		evReopen, bun.List(countedActions)}
	// The rows are scanned with database/sql into typed variables rather
	// than through bun's reflection, which took most of the load's time at
	// a province's scale (a quarter of a million rows; BENCHMARKS.md).
	query := `SELECT t.id, t.title, t.lead_org_id, t.community_id, t.priority, t.status, t.category, t.hotspot_id,
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
  OR (t.status = 'closed' AND ((t.closed_at >= ? AND t.closed_at < ?) OR t.closed_at >= ?))
  OR (t.due_date >= ? AND t.due_date <= ?))`
	periodArgs := []any{sqlDate{rq.From}, sqlDate{rq.To}}
	otherArgs := []any{sqlDate{rq.OverdueCutoff}, sqlDate{rq.Today}, fromStart, toEnd, todayEnd,
		sqlDate{rq.From}, sqlDate{dueEnd(rq)}}
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
	// each be allocated), and the tasks gather in fixed-size chunks that go
	// to the report as they are (domain.ReportInput.TaskChunks): appending
	// to one slice would copy a quarter of a million tasks again at every
	// doubling, and joining the chunks, then the two parts, had copied them
	// twice and doubled the memory a report takes at its peak.
	var (
		r                                                            reportTaskRow
		community, hotspot, extAsked, extGranted, returns, transfers sql.NullInt64
		reopens                                                      sql.NullInt64
		category                                                     sql.NullString
		closedAt, acceptedAt                                         sqlTime
		chunks                                                       taskChunks
		chunk                                                        []domain.ReportTask
	)
	targets := []any{&r.ID, &r.Title, &r.LeadOrgID, &community, &r.Priority, &r.Status, &category, &hotspot, &r.AssignedOn,
		&r.DueDate, &r.OriginalDue, &r.LadderStep, &r.Listed, &closedAt, &acceptedAt, &extAsked,
		&extGranted, &returns, &transfers, &reopens}
	for res.Next() {
		if err := res.Scan(targets...); err != nil {
			return nil, translate(err)
		}
		r.CommunityID, r.ClosedAt, r.AcceptedAt = community.Int64, closedAt.Time, acceptedAt.Time
		r.Category, r.HotspotID = category.String, hotspot.Int64
		r.ExtAsked, r.ExtGranted, r.Returns = int(extAsked.Int64), int(extGranted.Int64), int(returns.Int64)
		r.Transfers, r.Reopens = int(transfers.Int64), int(reopens.Int64)
		if len(chunk) == cap(chunk) {
			chunk = make([]domain.ReportTask, 0, 4096)
			chunks = append(chunks, chunk)
		}
		chunk = append(chunk, r.toDomain(rq.Location))
		chunks[len(chunks)-1] = chunk
	}
	if err := res.Err(); err != nil {
		return nil, translate(err)
	}
	return chunks, nil
}

// taskChunks are report tasks as read, in chunks of a few thousand: they
// become domain.ReportInput.TaskChunks as they are.
type taskChunks [][]domain.ReportTask

// dueEnd is the last day whose deadlines are due in the report: the
// period's last day, or the report date when the period is under way
// (domain.OrgFigures.DueInPeriod).
func dueEnd(rq domain.ReportQuery) calendar.Date {
	if rq.Today.Before(rq.To) {
		return rq.Today
	}
	return rq.To
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
// or after the overdue cutoff but not in the period up to the report date,
// and assigned on or before the report date but outside the period (or on
// no recorded day). At a province's scale
// they are most of the open tasks: counting them is one index range of
// tasks_open_due_idx instead of a row each.
func (q queries) reportOpenCounts(ctx context.Context, rq domain.ReportQuery, orgs []orgRow) (_ map[int64]int, err error) {
	scope, sargs := taskScopeSQL(rq.Scope, orgs)
	res, err := q.db.QueryContext(ctx, `SELECT t.lead_org_id, count(*) FROM tasks t
WHERE t.status <> 'closed' AND t.due_date >= ? AND (t.due_date < ? OR t.due_date > ?)
  AND (t.assigned_on IS NULL OR (t.assigned_on <= ? AND (t.assigned_on < ? OR t.assigned_on > ?)))`+scope+`
GROUP BY t.lead_org_id`, append([]any{sqlDate{rq.OverdueCutoff}, sqlDate{rq.From}, sqlDate{dueEnd(rq)},
		sqlDate{rq.Today}, sqlDate{rq.From}, sqlDate{rq.To}}, sargs...)...)
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
