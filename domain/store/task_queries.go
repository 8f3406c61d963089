package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"xietong/domain"
)

// Task reads a task and its co-organisers in one query, one row per
// co-organiser: every action and every read of one task starts here, and a
// round trip less is worth repeating the task's columns.
func (q queries) Task(ctx context.Context, id int64) (_ domain.Task, err error) {
	defer wrap(&err, "store.Task(%d)", id)
	var p params
	sq := q.db.NewSelect().TableExpr("tasks AS t").ColumnExpr(taskColumns).ColumnExpr("c.org_id AS co_org_id").
		ColumnExpr("(SELECT max(e.id) FROM task_events AS e WHERE e.task_id = t.id) AS last_event_id").
		Join("LEFT JOIN task_co_orgs AS c ON c.task_id = t.id").
		Where("t.id = " + p.add(id)).OrderExpr("c.org_id")
	rows, err := q.query(ctx, sq.String(), p.args...)
	if err != nil {
		return domain.Task{}, err
	}
	defer closeRows(&err, rows)
	var (
		coOrg, lastEvent sql.NullInt64
		sc               = newTaskScanner(&coOrg, &lastEvent)
		first            taskRow
		co               []int64
		n                int
	)
	for rows.Next() {
		r, err := sc.scan(rows)
		if err != nil {
			return domain.Task{}, err
		}
		if n == 0 {
			first = r
		}
		n++
		if coOrg.Valid {
			co = append(co, coOrg.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		return domain.Task{}, translate(err)
	}
	if n == 0 {
		return domain.Task{}, notFound(sql.ErrNoRows, "task.not_found", id)
	}
	t := first.toDomain(co)
	t.LastEventID = lastEvent.Int64
	return t, nil
}

// coOrgs loads the co-organisers of several tasks in one query.
func (q queries) coOrgs(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	out := make(map[int64][]int64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []coOrgRow
	var p params
	err := q.selectRaw(ctx, q.db.NewSelect().Model(&rows).Where("task_id IN ("+list(&p, ids)+")").Order("task_id", "org_id"), &p, &rows)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.TaskID] = append(out[r.TaskID], r.OrgID)
	}
	return out, nil
}

// involving restricts a task query to tasks an organisation (the
// placeholder org) leads or co-organises.
func involving(sq *bun.SelectQuery, org string) *bun.SelectQuery {
	return sq.Where("EXISTS (SELECT 1 FROM task_participants x WHERE x.task_id = t.id AND x.org_id = " + org + ")")
}

// Tasks lists tasks by due date. A list about an organisation (a
// department's scope, or an org_id filter) walks that organisation's rows of
// task_participants in due-date order and stops at the page's end, so its
// cost does not grow with the number of tasks; every other list walks an
// index of tasks by due date (BENCHMARKS.md, issue 3, has the plans).
func (q queries) Tasks(ctx context.Context, scope domain.TaskScope, f domain.TaskFilter, p domain.Page) (_ []domain.Task, err error) {
	defer wrap(&err, "store.Tasks(%+v, %+v)", scope, f)
	var orgs []int64 // organisations the tasks must involve
	switch {
	case scope.All:
	case scope.OrgID != 0:
		orgs = append(orgs, scope.OrgID)
	default:
		return nil, nil // an empty scope sees nothing
	}
	if f.OrgID != 0 && !slices.Contains(orgs, f.OrgID) {
		orgs = append(orgs, f.OrgID)
	}
	// Open work is a fifth of all tasks and most of what lists ask for: the
	// partial indexes of open tasks and participations serve it, so that a
	// page of it is not found behind years of closed tasks.
	openOnly := f.Overdue || len(f.Status) > 0 && !slices.Contains(f.Status, domain.StatusClosed)
	var ps params
	// The co-organisers come in the same statement, as a list in one column.
	sq := q.db.NewSelect().TableExpr("tasks AS t").ColumnExpr(taskColumns).ColumnExpr(coOrgList(q.db) + " AS co_org_ids")
	due, id := "t.due_date", "t.id"
	switch {
	case len(orgs) > 0:
		sq = sq.Join("JOIN task_participants AS p ON p.task_id = t.id").Where("p.org_id = " + ps.add(orgs[0]))
		for _, o := range orgs[1:] {
			sq = involving(sq, ps.add(o))
		}
		due, id = "p.due_date", "p.task_id"
		if openOnly {
			sq = sq.Where("NOT p.closed")
		}
		if f.Overdue {
			// taskFilter's condition, on the participation's copy.
			sq = sq.Where("p.due_date < " + ps.add(sqlDate{f.Today}))
			f.Overdue = false
		}
	case openOnly && !f.Overdue:
		sq = sq.Where("t.status <> 'closed'")
	}
	sq = taskFilter(sq, &ps, f)
	if !p.After.IsZero() {
		sq = sq.Where("(" + due + ", " + id + ") > (" + ps.add(p.After.Key) + ", " + ps.add(p.After.ID) + ")")
	}
	sq = sq.OrderExpr(due + " ASC, " + id + " ASC").Limit(int64(p.Limit + 1))
	rows, err := q.query(ctx, sq.String(), ps.args...)
	if err != nil {
		return nil, err
	}
	defer closeRows(&err, rows)
	var coOrgIDs sql.NullString
	sc := newTaskScanner(&coOrgIDs)
	out := make([]domain.Task, 0, p.Limit+1)
	for rows.Next() {
		r, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		co, err := parseIDList(coOrgIDs)
		if err != nil {
			return nil, err
		}
		out = append(out, r.toDomain(co))
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	return out, nil
}

// coOrgList is the expression listing a task's (alias t) co-organisers'
// ids in ascending order, comma-separated; NULL when there are none.
func coOrgList(db bun.IDB) string {
	if db.Dialect().Name() == dialect.PG {
		return "(SELECT string_agg(c.org_id::text, ',' ORDER BY c.org_id) FROM task_co_orgs AS c WHERE c.task_id = t.id)"
	}
	return "(SELECT group_concat(org_id, ',') FROM (SELECT c.org_id FROM task_co_orgs AS c WHERE c.task_id = t.id ORDER BY c.org_id))"
}

// parseIDList reads coOrgList's column.
func parseIDList(s sql.NullString) ([]int64, error) {
	if !s.Valid || s.String == "" {
		return nil, nil
	}
	parts := strings.Split(s.String, ",")
	out := make([]int64, len(parts))
	for i, p := range parts {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("co-organiser list %q: %w", s.String, err)
		}
		out[i] = n
	}
	slices.Sort(out) // SQLite's group_concat promises no order
	return out, nil
}

// taskFilter adds f's conditions to sq, their values as parameters in ps.
func taskFilter(sq *bun.SelectQuery, ps *params, f domain.TaskFilter) *bun.SelectQuery {
	if len(f.Status) > 0 {
		st := make([]string, len(f.Status))
		for i, s := range f.Status {
			st[i] = string(s)
		}
		sq = sq.Where("t.status IN (" + list(ps, st) + ")")
	}
	if f.CommunityID != 0 {
		sq = sq.Where("t.community_id = " + ps.add(f.CommunityID))
	}
	if f.HotspotID != 0 {
		sq = sq.Where("t.hotspot_id = " + ps.add(f.HotspotID))
	}
	if f.Overdue {
		sq = sq.Where("t.status <> 'closed'").Where("t.due_date < " + ps.add(sqlDate{f.Today}))
	}
	if f.Priority != "" {
		sq = sq.Where("t.priority = " + ps.add(string(f.Priority)))
	}
	if f.Category != "" {
		sq = sq.Where("t.category = " + ps.add(f.Category))
	}
	if !f.DueBefore.IsZero() {
		sq = sq.Where("t.due_date <= " + ps.add(sqlDate{f.DueBefore}))
	}
	if !f.DueFrom.IsZero() {
		sq = sq.Where("t.due_date >= ?", sqlDate{f.DueFrom})
	}
	if f.Q != "" {
		sq = sq.Where(`lower(t.title) LIKE ` + ps.add(likePattern(f.Q)) + ` ESCAPE '\'`)
	}
	return sq
}

func (q queries) withCoOrgs(ctx context.Context, rows []taskRow) ([]domain.Task, error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	co, err := q.coOrgs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Task, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain(co[r.ID])
	}
	return out, nil
}

func (q queries) TaskEvents(ctx context.Context, taskID int64) (_ []domain.TaskEvent, err error) {
	defer wrap(&err, "store.TaskEvents(%d)", taskID)
	var rows []taskEventRow
	var p params
	if err := q.selectRaw(ctx, q.db.NewSelect().Model(&rows).Where("task_id = "+p.add(taskID)).Order("id"), &p, &rows); err != nil {
		return nil, err
	}
	out := make([]domain.TaskEvent, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) TasksCountingWorkingDays(ctx context.Context, year int) (_ []domain.Task, err error) {
	defer wrap(&err, "store.TasksCountingWorkingDays(%d)", year)
	var rows []taskRow
	err = q.db.NewSelect().Model(&rows).
		Where("t.status <> 'closed'").
		Where("t.due_working_days > 0").
		Where("t.assigned_on <= ?", fmt.Sprintf("%04d-12-31", year)).
		WhereGroup(" AND ", func(w *bun.SelectQuery) *bun.SelectQuery {
			return w.Where("t.due_date >= ?", fmt.Sprintf("%04d-01-01", year)).WhereOr("t.provisional = ?", true)
		}).
		Order("t.id").Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	return q.withCoOrgs(ctx, rows)
}

func (q queries) CreateTask(ctx context.Context, t *domain.Task) (err error) {
	defer wrap(&err, "store.CreateTask(%q)", t.Title)
	t.Version = 1
	id, err := q.insertReturningID(ctx, taskFromDomain(t))
	if err != nil {
		return err
	}
	t.ID = id
	// A new task has no co-organisers to replace: insert, don't set.
	return q.insertCoOrgs(ctx, t.ID, t.CoOrgIDs)
}

func (q queries) SetTaskCoOrgs(ctx context.Context, taskID int64, orgIDs []int64) (err error) {
	defer wrap(&err, "store.SetTaskCoOrgs(%d)", taskID)
	if _, err := q.db.NewDelete().Model((*coOrgRow)(nil)).Where("task_id = ?", taskID).Exec(ctx); err != nil {
		return translate(err)
	}
	return q.insertCoOrgs(ctx, taskID, orgIDs)
}

func (q queries) insertCoOrgs(ctx context.Context, taskID int64, orgIDs []int64) error {
	if len(orgIDs) == 0 {
		return nil
	}
	rows := make([]coOrgRow, len(orgIDs))
	for i, o := range orgIDs {
		rows[i] = coOrgRow{TaskID: taskID, OrgID: o}
	}
	_, _, err := q.insertRows(ctx, rows, "")
	return err
}

func (q queries) UpdateTask(ctx context.Context, t *domain.Task, prev int) (err error) {
	defer wrap(&err, "store.UpdateTask(%d, version %d)", t.ID, prev)
	exclude := append([]string{"id", "created_at", "created_by", "assigned_on", "hotspot_id", "application_id",
		"indicator"}, ladderColumns...)
	if !t.LadderChanged {
		exclude = append(exclude, "next_ladder_at")
	}
	t.Version = prev
	return versioned(&t.Version, "task.changed", string(t.Status), func(prev int) (int64, error) {
		return q.updateRow(ctx, taskFromDomain(t), prev, exclude...)
	})
}

func (q queries) AddTaskEvent(ctx context.Context, e *domain.TaskEvent) (err error) {
	defer wrap(&err, "store.AddTaskEvent(task %d, %s)", e.TaskID, e.Action)
	r := &taskEventRow{TaskID: e.TaskID, At: e.At.UTC(), ActorID: e.ActorID, Actor: e.Actor, ActorOrgID: e.ActorOrgID,
		Channel: string(e.Channel), Action: e.Action, Note: e.Note, FromStatus: string(e.From), ToStatus: string(e.To),
		Internal: e.Internal}
	id, err := q.insertReturningID(ctx, r)
	if err != nil {
		return err
	}
	e.ID = id
	return nil
}

// AddTaskEvents inserts the events in one statement.
func (q queries) AddTaskEvents(ctx context.Context, es []domain.TaskEvent) (err error) {
	defer wrap(&err, "store.AddTaskEvents(%d events)", len(es))
	if len(es) == 0 {
		return nil
	}
	rows := make([]taskEventRow, len(es))
	for i, e := range es {
		rows[i] = taskEventRow{TaskID: e.TaskID, At: e.At.UTC(), ActorID: e.ActorID, Actor: e.Actor,
			ActorOrgID: e.ActorOrgID, Channel: string(e.Channel), Action: e.Action, Note: e.Note,
			FromStatus: string(e.From), ToStatus: string(e.To), Internal: e.Internal}
	}
	_, err = q.db.NewInsert().Model(&rows).Exec(ctx)
	return translate(err)
}

func (q queries) OverdueByLeadOrg(ctx context.Context, cutoff domain.Date) (_ []domain.OrgCount, err error) {
	defer wrap(&err, "store.OverdueByLeadOrg(%s)", cutoff)
	var rows []struct {
		OrgID int64 `bun:"lead_org_id"`
		N     int   `bun:"n"`
	}
	err = q.db.NewSelect().TableExpr("tasks AS t").ColumnExpr("t.lead_org_id, COUNT(*) AS n").
		Where("t.status <> 'closed'").Where("t.due_date < ?", sqlDate{cutoff}).
		GroupExpr("t.lead_org_id").OrderExpr("n DESC, t.lead_org_id ASC").Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]domain.OrgCount, len(rows))
	for i, r := range rows {
		out[i] = domain.OrgCount{OrgID: r.OrgID, N: r.N}
	}
	return out, nil
}
