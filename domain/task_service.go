package domain

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"xietong/domain/calendar"
)

// TaskService assigns tasks and carries them through the workflow. Every
// change writes the task, its event (the record) and nothing else half: one
// transaction per action.
type TaskService struct {
	Store    Store
	Now      func() time.Time
	Calendar *CalendarService
	Location *time.Location
}

// TaskDetail is a task as users see it: with its traffic light, the working
// days it is overdue, and (for a single task) its record.
type TaskDetail struct {
	Task
	State       DeadlineState
	DaysOverdue int
	Events      []TaskEvent
	// DueMovedFrom is, in the answer to a create, the deadline date given
	// when it fell on a rest day: the deadline moved to the next working
	// day (民法典 §203: a period whose last day is a holiday ends on the
	// day after the holiday), and the user who set it is told so. Zero
	// otherwise.
	DueMovedFrom Date
}

func (s *TaskService) today() Date { return calendar.DateOf(s.Now(), s.Location) }

// Create assigns a task (lead, admin).
func (s *TaskService) Create(ctx context.Context, a Actor, c CreateTask) (TaskDetail, error) {
	if err := Require(a, PermCreateTask); err != nil {
		return TaskDetail{}, err
	}
	c.HotspotID, c.ApplicationID, c.Indicator, c.Pilot = 0, 0, "", false
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return TaskDetail{}, err
	}
	var t Task
	err = s.Store.InTx(ctx, func(tx Tx) error {
		t, err = s.create(ctx, withMemo(tx), a, c, cal)
		return err
	})
	if err != nil {
		return TaskDetail{}, err
	}
	d := s.detail(cal, t)
	if c.DueInWorkingDays == 0 && !c.DueDate.IsZero() && c.DueDate != t.Due {
		d.DueMovedFrom = c.DueDate
	}
	return d, nil
}

// create validates and inserts a task inside tx; the hot-spot service uses
// it to dispatch. A deadline date on a rest day (a weekend or public
// holiday of the official calendar) moves to the next working day.
func (s *TaskService) create(ctx context.Context, tx Tx, a Actor, c CreateTask, cal *calendar.Calendar) (Task, error) {
	now := tx.Now()
	today := calendar.DateOf(now, s.Location)
	c.Normalize()
	if err := c.Validate(today); err != nil {
		return Task{}, err
	}
	if err := checkOrgs(ctx, tx, append([]int64{c.LeadOrgID}, c.CoOrgIDs...)); err != nil {
		return Task{}, err
	}
	if c.CommunityID != 0 {
		if _, err := tx.Community(ctx, c.CommunityID); errors.Is(err, ErrNotFound) {
			return Task{}, Invalid("task.community_unknown", c.CommunityID)
		} else if err != nil {
			return Task{}, err
		}
	}
	t := Task{Title: c.Title, Description: c.Description, LeadOrgID: c.LeadOrgID, CoOrgIDs: c.CoOrgIDs,
		CommunityID: c.CommunityID, HotspotID: c.HotspotID, ApplicationID: c.ApplicationID, Indicator: c.Indicator,
		Priority: c.Priority, Source: c.Source,
		Category: c.Category, Status: StatusAssigned, Due: c.DueDate, AssignedOn: today,
		CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	// Only a count of working days can be provisional: a date is a date,
	// whatever the calendar of its year turns out to be.
	if c.DueInWorkingDays > 0 {
		t.DueWorkingDays = c.DueInWorkingDays
		t.Due, t.Provisional = cal.AddWorkingDays(today, c.DueInWorkingDays)
	} else if !t.Due.IsZero() {
		t.Due = cal.NextWorkingDay(t.Due)
	}
	// The task, its event and its mail in one write: the mail's body is
	// made before the database numbers the task and the event.
	e := newEvent(tx, a, &t, EventAssign, "", "", StatusAssigned, false)
	body, err := s.mailBody(ctx, a, &t, e)
	if err != nil {
		return Task{}, err
	}
	return t, tx.CreateTaskRecorded(ctx, &t, &e, body)
}

// checkOrgs reports the first organisation that does not exist or is
// inactive; it reads them all in one statement.
func checkOrgs(ctx context.Context, q OrgReader, ids []int64) error {
	os, err := orgsByID(ctx, q, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if o, ok := os[id]; !ok || !o.Active {
			return Invalid("task.org_unknown", id)
		}
	}
	return nil
}

// record appends one event to t's record and queues the mail it causes.
func (s *TaskService) record(ctx context.Context, tx Tx, a Actor, t *Task, action, note string, from, to Status, internal bool) error {
	e := newEvent(tx, a, t, action, note, from, to, internal)
	if err := tx.AddTaskEvent(ctx, &e); err != nil {
		return err
	}
	return s.notifyTask(ctx, tx, a, t, e)
}

// newEvent is the event of a's action on t, at the transaction's instant.
func newEvent(tx Tx, a Actor, t *Task, action, note string, from, to Status, internal bool) TaskEvent {
	ch := a.Channel
	if ch == "" {
		ch = ChannelSystem
	}
	return TaskEvent{TaskID: t.ID, At: tx.Now(), ActorID: a.UserID, Actor: a.Username, ActorOrgID: a.OrgID,
		Channel: ch, Action: action, Note: note, From: from, To: to, Internal: internal}
}

// Act takes one action on a task. A task the actor cannot see is
// ErrNotFound; an action their role or organisation may not take is
// ErrForbidden; an action the status does not allow, or a change that lost
// a race, is ErrConflict naming the current status.
func (s *TaskService) Act(ctx context.Context, a Actor, id int64, cmd TaskCommand) (TaskDetail, error) {
	if err := cmd.Validate(); err != nil {
		return TaskDetail{}, err
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return TaskDetail{}, err
	}
	var t Task
	err = s.Store.InTx(ctx, func(tx Tx) error {
		tx = withMemo(tx)
		if t, err = visibleTask(ctx, tx, a, id); err != nil {
			return err
		}
		if !CanAct(a, cmd.Action, t) {
			return Fail(ErrForbidden, "task.action_forbidden", string(cmd.Action))
		}
		if cmd.Version != 0 && cmd.Version != t.Version {
			return Fail(ErrConflict, "task.changed", string(t.Status))
		}
		return s.apply(ctx, tx, a, &t, cmd)
	})
	if errors.Is(err, ErrConflict) && ErrorKey(err) == "task.changed" {
		// Lost a race: report the status the winner left.
		if cur, rerr := s.Store.Task(ctx, id); rerr == nil {
			err = Fail(ErrConflict, "task.changed", string(cur.Status))
		}
	}
	if err != nil {
		return TaskDetail{}, err
	}
	return s.detail(cal, t), nil
}

// visibleTask loads a task for a, hiding it (ErrNotFound) when a may not see it.
func visibleTask(ctx context.Context, q TaskReader, a Actor, id int64) (Task, error) {
	t, err := q.Task(ctx, id)
	if err != nil {
		return Task{}, err
	}
	if !CanSeeTask(a, t) {
		return Task{}, Fail(ErrNotFound, "task.not_found", id)
	}
	return t, nil
}

// apply moves t by cmd, writes it and records the event.
func (s *TaskService) apply(ctx context.Context, tx Tx, a Actor, t *Task, cmd TaskCommand) error {
	from, due := t.Status, t.Due
	next, err := Next(from, cmd.Action)
	if err != nil {
		return err
	}
	if err := s.applySpecifics(ctx, tx, t, cmd); err != nil {
		return err
	}
	prev := t.Version
	t.LadderChanged = t.Due != due || from.Laddering() != next.Laddering()
	t.Status, t.UpdatedAt = next, tx.Now()
	if cmd.Action == ActAccept && t.AcceptedAt.IsZero() {
		t.AcceptedAt = t.UpdatedAt
	}
	if next == StatusClosed {
		t.ClosedAt = t.UpdatedAt
	}
	note := cmd.Note
	switch cmd.Action {
	case ActRequestExtension:
		note = joinNote("→ "+t.ExtensionTo.String(), note)
	case ActApproveExtension:
		note = joinNote("→ "+t.Due.String(), note)
	}
	// The task, its event and its mail in one write (the body names no
	// event: the database has yet to number it).
	e := newEvent(tx, a, t, string(cmd.Action), note, from, next, cmd.Action == ActNote)
	body, err := s.mailBody(ctx, a, t, e)
	if err != nil {
		return err
	}
	if err := tx.UpdateTaskRecorded(ctx, t, prev, &e, body); err != nil {
		return err
	}
	if next == StatusClosed && t.HotspotID != 0 {
		return hotspotTaskClosed(ctx, tx, t.HotspotID, tx.Now())
	}
	return nil
}

// applySpecifics handles what an action needs beyond the status: pending
// extension and transfer requests, the new lead of a reassignment.
func (s *TaskService) applySpecifics(ctx context.Context, tx Tx, t *Task, cmd TaskCommand) error {
	if err := requestsAllow(cmd.Action, *t); err != nil {
		return err
	}
	switch cmd.Action {
	case ActRequestExtension:
		if !cmd.DueDate.After(t.Due) {
			return Invalid("task.extension_not_later", t.Due.String())
		}
		t.ExtensionTo = cmd.DueDate
	case ActApproveExtension:
		due := t.ExtensionTo
		if !cmd.DueDate.IsZero() {
			if cmd.DueDate.Before(calendar.DateOf(tx.Now(), s.Location)) {
				return Invalid("task.due_in_past", cmd.DueDate.String())
			}
			due = cmd.DueDate
		}
		if t.OriginalDue.IsZero() {
			t.OriginalDue = t.Due
		}
		// The deadline is now a date the lead chose: a calendar change no
		// longer moves it.
		t.Due, t.ExtensionTo, t.DueWorkingDays, t.Provisional = due, Date{}, 0, false
	case ActRejectExtension:
		t.ExtensionTo = Date{}
	case ActRequestTransfer:
		t.TransferRequested = true
	case ActRejectTransfer:
		t.TransferRequested = false
	case ActReassign:
		return reassign(ctx, tx, t, cmd)
	}
	return nil
}

func reassign(ctx context.Context, tx interface {
	OrgReader
	TaskWriter
}, t *Task, cmd TaskCommand) error {
	if cmd.LeadOrgID == t.LeadOrgID {
		return Invalid("task.reassign_same_org")
	}
	if err := checkOrgs(ctx, tx, []int64{cmd.LeadOrgID}); err != nil {
		return err
	}
	co := slices.DeleteFunc(slices.Clone(t.CoOrgIDs), func(id int64) bool { return id == cmd.LeadOrgID })
	if cmd.KeepAsCoOrg {
		co = append(co, t.LeadOrgID)
	}
	t.LeadOrgID, t.CoOrgIDs, t.TransferRequested, t.ExtensionTo = cmd.LeadOrgID, co, false, Date{}
	return tx.SetTaskCoOrgs(ctx, t.ID, co)
}

func joinNote(prefix, note string) string {
	if note == "" {
		return prefix
	}
	return prefix + " " + note
}

// Task returns one task with its record.
func (s *TaskService) Task(ctx context.Context, a Actor, id int64) (TaskDetail, error) {
	d, _, err := s.TaskWithRecord(ctx, a, id)
	return d, err
}

// TaskHead returns one task without its record, and the revision of its
// detail: a tag that changes whenever anything Task would return does (the
// task, its ladder, its record, or the day its deadline state is judged
// on). A client that holds the detail of the same revision needs nothing
// more (HTTP's 304), and the record is not read.
func (s *TaskService) TaskHead(ctx context.Context, a Actor, id int64) (TaskDetail, string, error) {
	t, err := visibleTask(ctx, s.Store, a, id)
	if err != nil {
		return TaskDetail{}, "", err
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return TaskDetail{}, "", err
	}
	return s.detail(cal, t), s.revision(t), nil
}

// revision names what a task's detail shows as of today (its ETag): the
// task's version, its latest event, its ladder step and listing, and the
// day, which moves the deadline's state.
func (s *TaskService) revision(t Task) string {
	return strconv.Itoa(t.Version) + "-" + strconv.FormatInt(t.LastEventID, 10) + "-" + string(t.LadderStep) + "-" +
		strconv.FormatBool(t.Listed) + "-" + s.today().String()
}

// TaskWithRecord is TaskHead and WithRecord in one read of the store, for
// a caller that will want the record whatever the revision (a client
// without a cached copy).
func (s *TaskService) TaskWithRecord(ctx context.Context, a Actor, id int64) (TaskDetail, string, error) {
	t, events, err := s.Store.TaskWithEvents(ctx, id)
	if err != nil {
		return TaskDetail{}, "", err
	}
	if !CanSeeTask(a, t) {
		return TaskDetail{}, "", Fail(ErrNotFound, "task.not_found", id)
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return TaskDetail{}, "", err
	}
	d := s.detail(cal, t)
	d.Events = events
	return d, s.revision(t), nil
}

// WithRecord adds the task's record to d, a detail TaskHead returned.
func (s *TaskService) WithRecord(ctx context.Context, d TaskDetail) (TaskDetail, error) {
	var err error
	d.Events, err = s.Store.TaskEvents(ctx, d.ID)
	return d, err
}

// Tasks lists the tasks the actor may see, filtered, by due date.
func (s *TaskService) Tasks(ctx context.Context, a Actor, f TaskFilter, p Page) (List[TaskDetail], error) {
	if a.Role == "" {
		return List[TaskDetail]{}, Fail(ErrUnauthenticated, "auth.required")
	}
	scope := ScopeOf(a)
	if !scope.All && scope.OrgID == 0 {
		return List[TaskDetail]{}, Fail(ErrForbidden, "auth.forbidden")
	}
	if err := f.Validate(); err != nil {
		return List[TaskDetail]{}, err
	}
	if _, err := ParseDueCursor(p.After); err != nil {
		return List[TaskDetail]{}, err
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return List[TaskDetail]{}, err
	}
	f.Today = OverdueCutoff(cal, s.today())
	out, err := s.Store.Tasks(ctx, scope, f, p)
	if err != nil {
		return List[TaskDetail]{}, err
	}
	for i := range out {
		s.addDeadline(cal, &out[i])
	}
	return Paginate(out, p.Limit, func(d TaskDetail) Cursor { return Cursor{Key: d.Due.String(), ID: d.ID} }), nil
}

// ParseDueCursor checks that a task-list cursor carries a due date.
func ParseDueCursor(c Cursor) (Date, error) {
	if c.IsZero() {
		return Date{}, nil
	}
	d, err := calendar.ParseDate(c.Key)
	if err != nil {
		return Date{}, Invalid("request.cursor_invalid")
	}
	return d, nil
}

func (s *TaskService) detail(cal *calendar.Calendar, t Task) TaskDetail {
	d := TaskDetail{Task: t}
	s.addDeadline(cal, &d)
	return d
}

// addDeadline sets d's deadline state and days overdue from its task.
func (s *TaskService) addDeadline(cal *calendar.Calendar, d *TaskDetail) {
	today := s.today()
	d.State, d.DaysOverdue = StateOf(cal, d.Status, d.Due, today), 0
	if d.Status.IsOpen() {
		d.DaysOverdue = DaysOverdue(cal, d.Due, today)
	}
}

// Validate rejects filter values that could never match.
func (f TaskFilter) Validate() error {
	for _, st := range f.Status {
		if !slices.Contains(Statuses(), st) {
			return Invalid("task.status_invalid", string(st))
		}
	}
	var p Problems
	p.Add(f.Priority != "" && !slices.Contains([]Priority{PriorityNormal, PriorityHigh, PriorityUrgent}, f.Priority),
		"task.priority_invalid", string(f.Priority))
	p.Add(f.Category != "" && !slices.Contains(Categories(), f.Category), "task.category_invalid", f.Category)
	p.Add(len([]rune(f.Q)) > 100, "request.q_too_long")
	p.AddErr(checkText(f.Q))
	return p.Err()
}

// DeadlineMove is one open task whose deadline a calendar change moves:
// Task as it is stored before the change, and the deadline it gets.
type DeadlineMove struct {
	Task        Task
	Due         Date
	Provisional bool
}

// RecomputeDeadlines moves the deadlines that a calendar change for year
// affects: open tasks whose deadline was given in working days are counted
// again from their assignment day. Each move is a system event on the task.
// It returns the moves, in task order. It is CalendarService.AfterChange,
// which also runs it in a rolled-back transaction to preview a change.
func (s *TaskService) RecomputeDeadlines(ctx context.Context, tx Tx, a Actor, cal *calendar.Calendar, year int) ([]DeadlineMove, error) {
	tasks, err := tx.TasksCountingWorkingDays(ctx, year)
	if err != nil {
		return nil, err
	}
	sys := Actor{UserID: a.UserID, Username: a.Username, Channel: ChannelSystem}
	var moves []DeadlineMove
	for _, t := range tasks {
		due, prov := cal.AddWorkingDays(t.AssignedOn, t.DueWorkingDays)
		if due == t.Due && prov == t.Provisional {
			continue
		}
		moves = append(moves, DeadlineMove{Task: t, Due: due, Provisional: prov})
		note := t.Due.String() + " → " + due.String()
		prev := t.Version
		t.Due, t.Provisional, t.UpdatedAt, t.LadderChanged = due, prov, tx.Now(), true
		if err := tx.UpdateTask(ctx, &t, prev); err != nil {
			return nil, err
		}
		if err := s.record(ctx, tx, sys, &t, EventDeadlineRecomputed, note, t.Status, t.Status, false); err != nil {
			return nil, err
		}
	}
	return moves, nil
}
