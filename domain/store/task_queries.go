package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/schema"

	"xietong/domain"
)

// Task reads a task, its co-organisers (on its row) and the id of its
// newest event in one statement: every action and every read of one task
// starts here.
func (q queries) Task(ctx context.Context, id int64) (_ domain.Task, err error) {
	defer wrap(&err, "store.Task(%d)", id)
	var p params
	sq := q.db.NewSelect().TableExpr("tasks AS t").ColumnExpr(taskColumns).
		ColumnExpr("(SELECT max(e.id) FROM task_events AS e WHERE e.task_id = t.id) AS last_event_id").
		Where("t.id = " + p.add(id))
	rows, err := q.query(ctx, sq.String(), p.args...)
	if err != nil {
		return domain.Task{}, err
	}
	defer closeRows(&err, rows)
	var lastEvent sql.NullInt64
	sc := newTaskScanner(&lastEvent)
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return domain.Task{}, translate(err)
		}
		return domain.Task{}, notFound(sql.ErrNoRows, "task.not_found", id)
	}
	r, err := sc.scan(rows)
	if err != nil {
		return domain.Task{}, err
	}
	t, err := r.toDomain()
	if err != nil {
		return domain.Task{}, err
	}
	t.LastEventID = lastEvent.Int64
	return t, nil
}

// tasksOf is the tasks of rows.
func tasksOf(rows []taskRow) ([]domain.Task, error) {
	out := make([]domain.Task, len(rows))
	for i, r := range rows {
		t, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out[i] = t
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
func (q queries) Tasks(ctx context.Context, scope domain.TaskScope, f domain.TaskFilter, p domain.Page) (_ []domain.TaskDetail, err error) {
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
	// The co-organisers come on the task's row (co_org_ids).
	sq := q.db.NewSelect().TableExpr("tasks AS t").ColumnExpr(taskColumns)
	due, id := "t.due_date", "t.id"
	var pconds []string // the conditions on the participations (alias p)
	where := func(cond string) {
		sq = sq.Where(cond)
		pconds = append(pconds, cond)
	}
	switch {
	case len(orgs) > 0:
		sq = sq.Join("JOIN task_participants AS p ON p.task_id = t.id")
		where("p.org_id = " + ps.add(orgs[0]))
		for _, o := range orgs[1:] {
			sq = involving(sq, ps.add(o))
		}
		due, id = "p.due_date", "p.task_id"
		if openOnly {
			where("NOT p.closed")
		}
		if f.Overdue {
			// taskFilter's condition, on the participation's copy.
			where("p.due_date < " + ps.add(sqlDate{f.Today}))
			f.Overdue = false
		}
	case openOnly && !f.Overdue:
		sq = sq.Where("t.status <> 'closed'")
	}
	// exact: no condition but the one organisation's participations, so
	// the page is the next rows of their index whatever the values.
	sq, filtered := taskFilter(sq, &ps, f)
	exact := len(orgs) == 1 && filtered == 0
	if !p.After.IsZero() {
		where("(" + due + ", " + id + ") > (" + ps.add(p.After.Key) + ", " + ps.add(p.After.ID) + ")")
	}
	order := due + " ASC, " + id + " ASC"
	var query string
	if exact {
		// The page's participations first, then their tasks: a statement
		// whose cost PostgreSQL estimates the same for any organisation
		// and date, so that it keeps one plan for it on each connection.
		// As one join with the page's size at its end, the plan for any
		// values looked dearer than the plan for the busy organisation at
		// hand, and every call was planned again: 0.2–0.3 ms, as long as
		// running it (BENCHMARKS.md, issue 15, fourteenth round). The
		// tasks are looked up by their keys from the page's list of them
		// (keyIn), not joined to it: over a join PostgreSQL put a Memoize
		// node on the lookups, which never hits (a page names each task
		// once) and cost about a third of the statement (fifteenth
		// round). The participation's due date is the task's (the
		// triggers of task_participants keep it so), so the tasks sort as
		// their participations did.
		query = "SELECT " + taskColumns + " FROM tasks AS t WHERE " +
			keyIn(q.db, "t.id", "SELECT p.task_id FROM task_participants AS p WHERE "+
				strings.Join(pconds, " AND ")+" ORDER BY "+order+" LIMIT "+strconv.Itoa(p.Limit+1)) +
			" ORDER BY t.due_date ASC, t.id ASC"
	} else {
		query = sq.OrderExpr(order).Limit(int64(p.Limit + 1)).String()
	}
	out := make([]domain.TaskDetail, 0, p.Limit+1)
	err = q.queryRows(ctx, query, ps.args, func(rows rowScanner) error {
		sc := newTaskScanner()
		for rows.Next() {
			r, err := sc.scan(rows)
			if err != nil {
				return err
			}
			t, err := r.toDomain()
			if err != nil {
				return err
			}
			out = append(out, domain.TaskDetail{Task: t})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// taskFilter adds f's conditions to sq, their values as parameters in ps,
// and says how many it added.
func taskFilter(sq *bun.SelectQuery, ps *params, f domain.TaskFilter) (_ *bun.SelectQuery, added int) {
	where := func(cond string) {
		sq = sq.Where(cond)
		added++
	}
	if len(f.Status) > 0 {
		st := make([]string, len(f.Status))
		for i, s := range f.Status {
			st[i] = string(s)
		}
		where("t.status IN (" + list(ps, st) + ")")
	}
	if f.CommunityID != 0 {
		where("t.community_id = " + ps.add(f.CommunityID))
	}
	if f.HotspotID != 0 {
		where("t.hotspot_id = " + ps.add(f.HotspotID))
	}
	if f.Overdue {
		where("t.status <> 'closed'")
		where("t.due_date < " + ps.add(sqlDate{f.Today}))
	}
	if f.Priority != "" {
		where("t.priority = " + ps.add(string(f.Priority)))
	}
	if f.Category != "" {
		where("t.category = " + ps.add(f.Category))
	}
	if !f.DueBefore.IsZero() {
		where("t.due_date <= " + ps.add(sqlDate{f.DueBefore}))
	}
	if !f.DueFrom.IsZero() {
		where("t.due_date >= " + ps.add(sqlDate{f.DueFrom}))
	}
	if f.Q != "" {
		where(`lower(t.title) LIKE ` + ps.add(likePattern(f.Q)) + ` ESCAPE '\'`)
	}
	return sq, added
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

// TaskWithEvents reads a task and its record in one statement, the task's
// columns repeated on each event's row: one round trip where Task and
// TaskEvents take two, for the API's read of one task (BENCHMARKS.md,
// issue 15, fourth round).
func (q queries) TaskWithEvents(ctx context.Context, id int64) (_ domain.Task, _ []domain.TaskEvent, err error) {
	defer wrap(&err, "store.TaskWithEvents(%d)", id)
	var (
		eID, eActorID, eActorOrg                     pgtype.Int8
		eAt                                          sqlTime
		eActor, eChannel, eAction, eNote, eFrom, eTo pgtype.Text
		eInternal                                    sql.NullBool // SQLite gives an integer, which pgtype.Bool does not read
		t                                            domain.Task
		events                                       []domain.TaskEvent
		found                                        bool
	)
	events = []domain.TaskEvent{} // none is an empty record, as TaskEvents gives it
	var p params
	err = q.queryRows(ctx, `SELECT `+taskColumns+`, e.id, e.at, e.actor_id, e.actor, e.actor_org_id, e.channel,
		e.action, e.note, e.from_status, e.to_status, e.internal
		FROM tasks AS t LEFT JOIN task_events AS e ON e.task_id = t.id
		WHERE t.id = `+p.add(id)+` ORDER BY e.id`, p.args, func(rows rowScanner) error {
		sc := newTaskScanner(&eID, &eAt, &eActorID, &eActor, &eActorOrg, &eChannel, &eAction, &eNote, &eFrom, &eTo, &eInternal)
		for rows.Next() {
			r, err := sc.scan(rows)
			if err != nil {
				return err
			}
			if !found {
				if t, err = r.toDomain(); err != nil {
					return err
				}
				found = true
			}
			if eID.Valid {
				events = append(events, taskEventRow{ID: eID.Int64, TaskID: t.ID, At: eAt.Time, ActorID: eActorID.Int64,
					Actor: eActor.String, ActorOrgID: eActorOrg.Int64, Channel: eChannel.String, Action: eAction.String,
					Note: eNote.String, FromStatus: eFrom.String, ToStatus: eTo.String, Internal: eInternal.Bool}.toDomain())
			}
		}
		return nil
	})
	if err != nil {
		return domain.Task{}, nil, err
	}
	if !found {
		return domain.Task{}, nil, notFound(sql.ErrNoRows, "task.not_found", id)
	}
	if len(events) > 0 {
		t.LastEventID = events[len(events)-1].ID
	}
	return t, events, nil
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
	return tasksOf(rows)
}

func (q queries) CreateTask(ctx context.Context, t *domain.Task) (err error) {
	defer wrap(&err, "store.CreateTask(%q)", t.Title)
	t.Version = 1
	id, err := q.insertReturningID(ctx, taskFromDomain(t))
	if err != nil {
		return err
	}
	t.ID = id
	// The lead's participation is the insert trigger's.
	return q.addCoOrgParticipations(ctx, t.ID, t.CoOrgIDs)
}

// CreateTaskRecorded writes a create on PostgreSQL as one statement: the
// task, its co-organisers (the lead's participation is the insert
// trigger's), its event and its mail change, each insert feeding the
// next the ids it gave. As four statements in a transaction it was four
// round trips, each a write and a wake-up on both sides and a statement
// for PostgreSQL to start and end (BENCHMARKS.md, issue 15, twenty-first
// round). The text depends only on whether there is mail, so each
// connection plans it once. On SQLite, which has no inserts in WITH, the
// same rows go one statement each.
func (q queries) CreateTaskRecorded(ctx context.Context, t *domain.Task, e *domain.TaskEvent, mail []byte) (err error) {
	if !isPG(q.db) {
		if err := q.CreateTask(ctx, t); err != nil {
			return err
		}
		return q.recordOneByOne(ctx, t, e, mail)
	}
	defer wrap(&err, "store.CreateTaskRecorded(%q)", t.Title)
	t.Version = 1
	task, ev := taskFromDomain(t), eventFromDomain(e)
	tv, ev2 := reflect.ValueOf(task).Elem(), reflect.ValueOf(ev).Elem()
	if err := beforeAppend(ctx, tv, q.bun.NewInsert()); err != nil {
		return err
	}
	if err := beforeAppend(ctx, ev2, q.bun.NewInsert()); err != nil {
		return err
	}
	text, taskFields, eventFields := createRecordedSQL(q.bun, mail != nil)
	args := make([]any, 0, len(taskFields)+len(eventFields)+3)
	for _, f := range taskFields {
		args = append(args, fieldArg(f, tv))
	}
	co := t.CoOrgIDs
	if co == nil {
		co = []int64{}
	}
	args = recordedArgs(append(args, co), ev2, eventFields, e.At, mail)
	found, err := q.queryOne(ctx, text, args, &t.ID, &e.ID)
	if err == nil && !found {
		err = errors.New("the insert returned no row")
	}
	if err != nil {
		return err
	}
	e.TaskID = t.ID
	return nil
}

// createRecordedSQL is CreateTaskRecorded's statement on PostgreSQL, with
// or without the mail change, and the columns of the task and the event it
// takes as parameters, in order: the task's, then the co-organisers as one
// array, then the event's but its task, then the change's time and body.
func createRecordedSQL(db *bun.DB, mail bool) (string, []*schema.Field, []*schema.Field) {
	tt, et := db.Table(reflect.TypeFor[taskRow]()), db.Table(reflect.TypeFor[taskEventRow]())
	taskFields := writable(tt)
	eventFields := writable(et, "task_id")
	key := fmt.Sprintf("create recorded %v", mail)
	return cachedSQL(key, func() string {
		return createRecordedText(taskFields, eventFields, mail)
	}), taskFields, eventFields
}

// createRecordedText builds createRecordedSQL's text.
func createRecordedText(taskFields, eventFields []*schema.Field, mail bool) string {
	var ps params
	var b strings.Builder
	b.WriteString("WITH t AS (")
	writeInsert(&b, &ps, "tasks", taskFields, 1)
	b.WriteString(" RETURNING id, status, due_date), ")
	b.WriteString("p AS (INSERT INTO task_participants (task_id, org_id, lead, closed, due_date) " +
		"SELECT t.id, o.org_id, FALSE, t.status = 'closed', t.due_date FROM t CROSS JOIN unnest(CAST(" +
		ps.add(nil) + " AS BIGINT[])) AS o (org_id)), ")
	recordedCTEs(&b, &ps, "t", eventFields, mail)
	b.WriteString(" SELECT e.task_id, e.id FROM e")
	return b.String()
}

// recordedCTEs writes the event's insert (e, its task's id from source)
// and, with mail, the mail change's (m) into a statement's WITH, their
// parameters numbered on from ps: the event's columns but its task, then
// the change's time and body.
func recordedCTEs(b *strings.Builder, ps *params, source string, eventFields []*schema.Field, mail bool) {
	b.WriteString("e AS (INSERT INTO task_events (task_id")
	for _, f := range eventFields {
		b.WriteString(", " + string(f.SQLName))
	}
	b.WriteString(") SELECT " + source + ".id")
	for _, f := range eventFields {
		// Typed: in a SELECT, PostgreSQL would not take the types from
		// the columns the values go to.
		b.WriteString(", CAST(" + ps.add(nil) + " AS " + f.CreateTableSQLType + ")")
	}
	b.WriteString(" FROM " + source + " RETURNING id, task_id)")
	if mail {
		b.WriteString(", m AS (INSERT INTO mail_changes (task_id, event_id, created_at, body) SELECT e.task_id, e.id, CAST(" +
			ps.add(nil) + " AS TIMESTAMPTZ), CAST(" + ps.add(nil) + " AS TEXT) FROM e)")
	}
}

// recordedArgs appends the parameters recordedCTEs numbered.
func recordedArgs(args []any, ev reflect.Value, eventFields []*schema.Field, at time.Time, mail []byte) []any {
	for _, f := range eventFields {
		args = append(args, fieldArg(f, ev))
	}
	if mail != nil {
		args = append(args, at.UTC(), string(mail))
	}
	return args
}

// UpdateTaskRecorded writes an action on PostgreSQL as one statement: the
// task's row if its version is still prev (as UpdateTask), its event and
// its mail change, each from the row before it; no row back means the
// version had moved, ErrConflict as UpdateTask says it. Three statements
// and their round trips were one each (BENCHMARKS.md, issue 15,
// twenty-first round). On SQLite the same rows go one statement each.
func (q queries) UpdateTaskRecorded(ctx context.Context, t *domain.Task, prev int, e *domain.TaskEvent, mail []byte) (err error) {
	if !isPG(q.db) {
		if err := q.UpdateTask(ctx, t, prev); err != nil {
			return err
		}
		return q.recordOneByOne(ctx, t, e, mail)
	}
	defer wrap(&err, "store.UpdateTaskRecorded(%d, version %d)", t.ID, prev)
	skip := taskUpdateSkip(t)
	// The row says version prev+1; the statement's condition is prev.
	t.Version = prev + 1
	tv := reflect.ValueOf(taskFromDomain(t)).Elem()
	t.Version = prev
	update, args, err := q.updateArgs(ctx, tv, prev, skip)
	if err != nil {
		return err
	}
	ev := reflect.ValueOf(eventFromDomain(e)).Elem()
	if err := beforeAppend(ctx, ev, q.bun.NewInsert()); err != nil {
		return err
	}
	eventFields := writable(q.bun.Table(reflect.TypeFor[taskEventRow]()), "task_id")
	key := fmt.Sprintf("update recorded %v %s", mail != nil, strings.Join(skip, ","))
	text := cachedSQL(key, func() string {
		ps := params{args: make([]any, len(args))} // the update's own are numbered
		var b strings.Builder
		b.WriteString("WITH u AS (" + update + " RETURNING id), ")
		recordedCTEs(&b, &ps, "u", eventFields, mail != nil)
		b.WriteString(" SELECT e.id FROM e")
		return b.String()
	})
	args = recordedArgs(args, ev, eventFields, e.At, mail)
	found, err := q.queryOne(ctx, text, args, &e.ID)
	if err != nil {
		return err
	}
	if !found {
		return domain.Fail(domain.ErrConflict, "task.changed", string(t.Status))
	}
	e.TaskID, t.Version = t.ID, prev+1
	return nil
}

// recordOneByOne appends e to t's record and queues its mail, a statement
// each: the *Recorded writes on SQLite, which has no inserts in WITH.
func (q queries) recordOneByOne(ctx context.Context, t *domain.Task, e *domain.TaskEvent, mail []byte) error {
	e.TaskID = t.ID
	if err := q.AddTaskEvent(ctx, e); err != nil {
		return err
	}
	if mail == nil {
		return nil
	}
	return q.QueueMailChange(ctx, domain.MailChange{TaskID: t.ID, EventID: e.ID, At: e.At, Body: mail})
}

// SetTaskCoOrgs replaces the co-organisers' participations and the row's
// copy of them (co_org_ids), which UpdateTask leaves alone. A reassignment
// that keeps the old lead as a co-organiser sets the co-organisers before
// it moves the lead, so for a moment the organisation has both rows (the
// key includes lead).
func (q queries) SetTaskCoOrgs(ctx context.Context, taskID int64, orgIDs []int64) (err error) {
	defer wrap(&err, "store.SetTaskCoOrgs(%d)", taskID)
	var p params
	if _, err := q.exec(ctx, "DELETE FROM task_participants WHERE task_id = "+p.add(taskID)+" AND NOT lead", p.args...); err != nil {
		return err
	}
	if err := q.addCoOrgParticipations(ctx, taskID, orgIDs); err != nil {
		return err
	}
	p = params{}
	_, err = q.exec(ctx, "UPDATE tasks SET co_org_ids = "+p.add(idList(orgIDs))+" WHERE id = "+p.add(taskID), p.args...)
	return err
}

// addCoOrgParticipations adds the co-organisers' rows of task_participants,
// each with the deadline and state the task's row holds, as the triggers
// derive the lead's: the store is their only writer (migration
// 20261209000200). An organisation that does not exist is ErrInvalid, by
// the table's key.
func (q queries) addCoOrgParticipations(ctx context.Context, taskID int64, orgIDs []int64) error {
	if len(orgIDs) == 0 {
		return nil
	}
	var p params
	task := p.add(taskID)
	orgs := make([]string, len(orgIDs))
	for i, o := range orgIDs {
		orgs[i] = "SELECT CAST(" + p.add(o) + " AS BIGINT) AS org_id"
	}
	_, err := q.exec(ctx, `INSERT INTO task_participants (task_id, org_id, lead, closed, due_date)
		SELECT t.id, o.org_id, FALSE, t.status = 'closed', t.due_date
		FROM tasks AS t CROSS JOIN (`+strings.Join(orgs, " UNION ALL ")+`) AS o WHERE t.id = `+task, p.args...)
	return err
}

func (q queries) UpdateTask(ctx context.Context, t *domain.Task, prev int) (err error) {
	defer wrap(&err, "store.UpdateTask(%d, version %d)", t.ID, prev)
	exclude := taskUpdateSkip(t)
	t.Version = prev
	return versioned(&t.Version, "task.changed", string(t.Status), func(prev int) (int64, error) {
		return q.updateRow(ctx, taskFromDomain(t), prev, exclude...)
	})
}

// taskUpdateSkip are the columns an update of t leaves alone: those a task
// keeps from its creation, its co-organisers (SetTaskCoOrgs) and the
// ladder's (the sweep's), and its next rung unless the change moved it.
func taskUpdateSkip(t *domain.Task) []string {
	exclude := append([]string{"id", "created_at", "created_by", "assigned_on", "hotspot_id", "application_id",
		"indicator", "co_org_ids"}, ladderColumns...)
	if !t.LadderChanged {
		exclude = append(exclude, "next_ladder_at")
	}
	return exclude
}

func (q queries) AddTaskEvent(ctx context.Context, e *domain.TaskEvent) (err error) {
	defer wrap(&err, "store.AddTaskEvent(task %d, %s)", e.TaskID, e.Action)
	id, err := q.insertReturningID(ctx, eventFromDomain(e))
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
