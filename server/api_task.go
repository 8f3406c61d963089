package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// taskJSON is a task as clients see it (README, HTTP API): dates YYYY-MM-DD in
// the configured zone, instants RFC 3339 in UTC, absent references null.
type taskJSON struct {
	ID                   int64   `json:"id"`
	Title                string  `json:"title"`
	Description          string  `json:"description"`
	Status               string  `json:"status"`
	LeadOrgID            int64   `json:"lead_org_id"`
	CoOrgIDs             []int64 `json:"co_org_ids"`
	CommunityID          *int64  `json:"community_id"`
	HotspotID            *int64  `json:"hotspot_id"`
	ApplicationID        *int64  `json:"application_id"` // a campaign task's application
	Indicator            string  `json:"indicator,omitempty"`
	Priority             string  `json:"priority"`
	Source               string  `json:"source"`
	Category             string  `json:"category"`
	DueDate              string  `json:"due_date"`
	DueInWorkingDays     *int    `json:"due_in_working_days"`
	OriginalDueDate      *string `json:"original_due_date"` // before the first granted extension; null if never extended
	AssignedOn           string  `json:"assigned_on"`
	Provisional          bool    `json:"provisional"`
	DeadlineState        string  `json:"deadline_state"`
	DaysOverdue          int     `json:"days_overdue"`
	ExtensionRequestedTo *string `json:"extension_requested_to"`
	TransferRequested    bool    `json:"transfer_requested"`
	// LadderStep is the highest supervision step sent ("" for none) and
	// Listed whether the task is under listed supervision (挂牌督办).
	LadderStep string  `json:"ladder_step"`
	Listed     bool    `json:"listed"`
	Version    int     `json:"version"`
	CreatedAt  *string `json:"created_at"`
	UpdatedAt  *string `json:"updated_at"`
	ClosedAt   *string `json:"closed_at"`
	// DueDateMovedFrom and DueDateNote answer a create whose due_date fell
	// on a rest day: the date given, and a sentence saying the deadline
	// moved to the next working day and why. Left out otherwise.
	DueDateMovedFrom *string `json:"due_date_moved_from,omitempty"`
	DueDateNote      *string `json:"due_date_note,omitempty"`
}

func toTaskJSON(d domain.TaskDetail) taskJSON {
	t := d.Task
	out := taskJSON{ID: t.ID, Title: t.Title, Description: t.Description, Status: string(t.Status),
		LeadOrgID: t.LeadOrgID, CoOrgIDs: t.CoOrgIDs, CommunityID: idJSON(t.CommunityID),
		HotspotID: idJSON(t.HotspotID), ApplicationID: idJSON(t.ApplicationID), Indicator: t.Indicator,
		Priority: string(t.Priority), Source: string(t.Source),
		Category: t.Category, DueDate: t.Due.String(), AssignedOn: t.AssignedOn.String(),
		Provisional: t.Provisional, DeadlineState: string(d.State), DaysOverdue: d.DaysOverdue,
		ExtensionRequestedTo: dateJSON(t.ExtensionTo), TransferRequested: t.TransferRequested,
		OriginalDueDate: dateJSON(t.OriginalDue),
		LadderStep:      string(t.LadderStep), Listed: t.Listed, Version: t.Version, CreatedAt: timeJSON(t.CreatedAt), UpdatedAt: timeJSON(t.UpdatedAt),
		ClosedAt: timeJSON(t.ClosedAt)}
	if out.CoOrgIDs == nil {
		out.CoOrgIDs = []int64{}
	}
	if t.DueWorkingDays > 0 {
		n := t.DueWorkingDays
		out.DueInWorkingDays = &n
	}
	return out
}

// taskEventJSON is one entry of a task's record.
type taskEventJSON struct {
	ID         int64   `json:"id"`
	Action     string  `json:"action"`
	Actor      string  `json:"actor"`
	ActorOrgID *int64  `json:"actor_org_id"`
	Channel    string  `json:"channel"`
	Note       string  `json:"note"`
	From       *string `json:"from"`
	To         *string `json:"to"`
	At         *string `json:"at"`
}

func toTaskEventJSON(e domain.TaskEvent) taskEventJSON {
	return taskEventJSON{ID: e.ID, Action: e.Action, Actor: e.Actor, ActorOrgID: idJSON(e.ActorOrgID),
		Channel: string(e.Channel), Note: e.Note, From: statusJSON(e.From), To: statusJSON(e.To),
		At: timeJSON(e.At)}
}

// taskDetailJSON is a single task with its record, oldest event first.
type taskDetailJSON struct {
	taskJSON
	Events []taskEventJSON `json:"events"`
}

func toTaskDetailJSON(d domain.TaskDetail) taskDetailJSON {
	out := taskDetailJSON{taskJSON: toTaskJSON(d), Events: make([]taskEventJSON, 0, len(d.Events))}
	for _, e := range d.Events {
		out.Events = append(out.Events, toTaskEventJSON(e))
	}
	return out
}

// dateJSON renders an optional civil date: the zero Date is null.
func dateJSON(d calendar.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func statusJSON(s domain.Status) *string {
	if s == "" {
		return nil
	}
	v := string(s)
	return &v
}

// dateField reads an optional YYYY-MM-DD body field; "" is no date.
func dateField(name, v string) (calendar.Date, error) {
	if v == "" {
		return calendar.Date{}, nil
	}
	d, err := calendar.ParseDate(v)
	if err != nil {
		return calendar.Date{}, domain.Invalid("request.field_date_invalid", name, v)
	}
	return d, nil
}

// taskCreateJSON is the body of POST /tasks.
type taskCreateJSON struct {
	Title            string  `json:"title"`
	Description      string  `json:"description"`
	LeadOrgID        int64   `json:"lead_org_id"`
	CoOrgIDs         []int64 `json:"co_org_ids"`
	CommunityID      int64   `json:"community_id"`
	Priority         string  `json:"priority"`
	Source           string  `json:"source"`
	Category         string  `json:"category"`
	DueDate          string  `json:"due_date"`
	DueInWorkingDays int     `json:"due_in_working_days"`
}

func (in taskCreateJSON) command() (domain.CreateTask, error) {
	due, err := dateField("due_date", in.DueDate)
	return domain.CreateTask{Title: in.Title, Description: in.Description, LeadOrgID: in.LeadOrgID,
		CoOrgIDs: in.CoOrgIDs, CommunityID: in.CommunityID, Priority: domain.Priority(in.Priority),
		Source: domain.Source(in.Source), Category: in.Category, DueDate: due,
		DueInWorkingDays: in.DueInWorkingDays}, err
}

// taskActionJSON is the body of POST /tasks/{id}/actions.
type taskActionJSON struct {
	Action      string `json:"action"`
	Note        string `json:"note"`
	DueDate     string `json:"due_date"`
	LeadOrgID   int64  `json:"lead_org_id"`
	KeepAsCoOrg bool   `json:"keep_as_co_org"`
	Version     int    `json:"version"`
}

// command builds the domain command; ifMatch is the If-Match header, an
// alternative to "version" for clients that speak HTTP preconditions.
func (in taskActionJSON) command(ifMatch string) (domain.TaskCommand, error) {
	if in.Action == "" {
		return domain.TaskCommand{}, domain.Invalid("request.field_required", "action")
	}
	due, err := dateField("due_date", in.DueDate)
	if err != nil {
		return domain.TaskCommand{}, err
	}
	v, err := versionOf(ifMatch)
	switch {
	case err != nil:
		return domain.TaskCommand{}, err
	case in.Version != 0 && v != 0 && in.Version != v:
		return domain.TaskCommand{}, domain.Invalid("request.version_mismatch", in.Version, v)
	case in.Version != 0:
		v = in.Version
	}
	return domain.TaskCommand{Action: domain.Action(in.Action), Note: in.Note, DueDate: due,
		LeadOrgID: in.LeadOrgID, KeepAsCoOrg: in.KeepAsCoOrg, Version: v}, nil
}

// versionOf reads an If-Match header holding one task version, as the ETag
// of a task response gives it ("3", W/"3" or 3, or a task's revision
// "3-…" from GET, whose first part is the version); "" and "*" ask for no
// check.
func versionOf(ifMatch string) (int, error) {
	s := strings.TrimSpace(ifMatch)
	if s == "" || s == "*" {
		return 0, nil
	}
	s = strings.Trim(strings.TrimPrefix(s, "W/"), `"`)
	s, _, _ = strings.Cut(s, "-")
	v, err := strconv.Atoi(s)
	if err != nil || v <= 0 {
		return 0, domain.Invalid("request.if_match_invalid")
	}
	return v, nil
}

// etag names a task version, for If-Match on the next action.
func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// taskFilterOf reads the list filters: status (repeatable, or a comma
// list), org_id, community_id, hotspot_id, overdue, priority, category,
// due_before, due_from and q. The domain rejects values that could never match.
func taskFilterOf(c echo.Context) (domain.TaskFilter, error) {
	var f domain.TaskFilter
	for _, v := range c.QueryParams()["status"] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				f.Status = append(f.Status, domain.Status(s))
			}
		}
	}
	ids := []struct {
		name string
		dst  *int64
	}{{"org_id", &f.OrgID}, {"community_id", &f.CommunityID}, {"hotspot_id", &f.HotspotID}}
	var err error
	for _, q := range ids {
		if *q.dst, err = queryID(c, q.name); err != nil {
			return f, err
		}
	}
	overdue, err := queryBool(c, "overdue")
	if err != nil {
		return f, err
	}
	f.Overdue = overdue != nil && *overdue
	if f.DueBefore, f.DueFrom, err = dueRangeOf(c); err != nil {
		return f, err
	}
	f.Priority, f.Category, f.Q = domain.Priority(c.QueryParam("priority")), c.QueryParam("category"), c.QueryParam("q")
	return f, nil
}

// handleTaskCreate assigns a task (lead, admin).
func (a api) handleTaskCreate(c echo.Context) error {
	var in taskCreateJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	cmd, err := in.command()
	if err != nil {
		return err
	}
	d, err := a.deps.Tasks.Create(c.Request().Context(), actorOf(c), cmd)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/tasks/"+strconv.FormatInt(d.ID, 10))
	c.Response().Header().Set("ETag", etag(d.Version))
	out := toTaskJSON(d)
	if !d.DueMovedFrom.IsZero() {
		// The deadline given fell on a rest day: say where it moved and why.
		out.DueDateMovedFrom = dateJSON(d.DueMovedFrom)
		msg := a.localizer(c).T("task.due_moved", d.DueMovedFrom.String(), d.Due.String())
		out.DueDateNote = &msg
	}
	return c.JSON(http.StatusCreated, out)
}

// handleTaskList lists the tasks the user may see, by due date.
func (a api) handleTaskList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	f, err := taskFilterOf(c)
	if err != nil {
		return err
	}
	l, err := a.deps.Tasks.Tasks(c.Request().Context(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, func(b []byte) []byte { return appendTaskListJSON(b, l) },
		func() listJSON[taskJSON] { return listOf(l, toTaskJSON) })
}

// handleTaskGet returns one task with its record. Its ETag names the
// detail's revision (TaskService.TaskHead), the task's version first, so
// that it serves both If-Match on the next action and If-None-Match: a
// client that has this revision gets 304, and the record is not read.
func (a api) handleTaskGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	// A client with a cached copy gets the task's head first and, when it
	// is unchanged, 304 without the record; one without gets both in one
	// read.
	inm := c.Request().Header.Get("If-None-Match")
	if inm == "" {
		d, rev, err := a.deps.Tasks.TaskWithRecord(ctx, actorOf(c), id)
		if err != nil {
			return err
		}
		c.Response().Header().Set("ETag", `"`+rev+`"`)
		return writeTaskDetail(c, d)
	}
	d, rev, err := a.deps.Tasks.TaskHead(ctx, actorOf(c), id)
	if err != nil {
		return err
	}
	tag := `"` + rev + `"`
	c.Response().Header().Set("ETag", tag)
	if etagMatches(inm, tag) {
		return c.NoContent(http.StatusNotModified)
	}
	if d, err = a.deps.Tasks.WithRecord(ctx, d); err != nil {
		return err
	}
	return writeTaskDetail(c, d)
}

// writeTaskDetail answers with one task and its record.
func writeTaskDetail(c echo.Context, d domain.TaskDetail) error {
	return writeJSON(c, http.StatusOK, func(b []byte) []byte { return appendTaskDetailJSON(b, d) },
		func() taskDetailJSON { return toTaskDetailJSON(d) })
}

// etagMatches applies If-None-Match's weak comparison: header lists tags
// (or is "*"), any of which may be marked weak (W/).
func etagMatches(header, tag string) bool {
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}

// handleTaskAction takes one workflow action on a task.
func (a api) handleTaskAction(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in taskActionJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	cmd, err := in.command(c.Request().Header.Get("If-Match"))
	if err != nil {
		return err
	}
	d, err := a.deps.Tasks.Act(c.Request().Context(), actorOf(c), id, cmd)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(d.Version))
	return writeJSON(c, http.StatusOK, func(b []byte) []byte { return appendTaskObject(b, d) },
		func() taskJSON { return toTaskJSON(d) })
}

// dueRangeOf reads the optional deadline bounds due_before and due_from.
func dueRangeOf(c echo.Context) (before, from domain.Date, err error) {
	if c.QueryParam("due_before") != "" {
		if before, err = queryDate(c, "due_before"); err != nil {
			return before, from, err
		}
	}
	if c.QueryParam("due_from") != "" {
		from, err = queryDate(c, "due_from")
	}
	return before, from, err
}
