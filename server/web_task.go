package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// taskRow is one task as the list shows it.
type taskRow struct {
	ID                     int64
	Title                  string
	Lead                   string
	CoOrgs                 int
	Community              string
	Status, StatusCode     string
	Priority, PriorityCode string
	Due                    string
	Provisional            bool
	Light                  light
}

// taskListData is the task list's content.
type taskListData struct {
	CanCreate  bool
	ShowOrgs   bool   // the organisation filter, for users who see every organisation's tasks
	ScopeNote  string // for a department user: whose tasks these are
	Statuses   []option
	Priorities []option
	Categories []option
	Orgs       []option
	Q          string
	Overdue    bool
	Filtered   bool
	Items      []taskRow
	Pager      pager
}

// statusAll is the status filter's value for every status; no value means
// the open ones, the list a supervisor works from.
const statusAll = "all"

// webTaskFilterOf reads the list filters from the query.
func webTaskFilterOf(c echo.Context) (domain.TaskFilter, error) {
	f := domain.TaskFilter{Priority: domain.Priority(c.QueryParam("priority")), Category: c.QueryParam("category"),
		Q: strings.TrimSpace(c.QueryParam("q")), Overdue: c.QueryParam("overdue") == "1"}
	switch st := c.QueryParam("status"); st {
	case "":
		f.Status = domain.OpenStatuses()
	case statusAll:
	default:
		f.Status = []domain.Status{domain.Status(st)}
	}
	var err error
	if f.DueBefore, f.DueFrom, err = dueRangeOf(c); err != nil {
		return f, err
	}
	f.OrgID, err = queryID(c, "org")
	return f, err
}

// handleTaskList lists the tasks the user may see, soonest deadline first.
func (s *Server) handleTaskList(c echo.Context) error {
	f, err := webTaskFilterOf(c)
	if err != nil {
		return err
	}
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	list, err := s.deps.Tasks.Tasks(ctx, a, f, pg)
	if err != nil {
		return err
	}
	dir, err := s.directory(ctx, a, loc.Lang)
	if err != nil {
		return err
	}
	d := taskListDataOf(c, loc, dir, a, f)
	d.Pager = newPager(c, list.Next, len(list.Items))
	for _, t := range list.Items {
		d.Items = append(d.Items, taskRowOf(loc, dir, t))
	}
	return s.render(c, http.StatusOK, "tasks", s.newPage(c, "web.title.tasks", d))
}

func taskListDataOf(c echo.Context, loc *Localizer, dir *directory, a domain.Actor, f domain.TaskFilter) taskListData {
	status := c.QueryParam("status")
	d := taskListData{CanCreate: domain.Allowed(a, domain.PermCreateTask), ShowOrgs: domain.ScopeOf(a).All,
		Priorities: codeOptions(loc, "web.priority.", webPriorities, string(f.Priority)),
		Categories: categoryOptions(loc, f.Category), Q: f.Q, Overdue: f.Overdue,
		Filtered: status != "" || f.Priority != "" || f.Category != "" || f.Q != "" || f.Overdue || f.OrgID != 0 ||
			!f.DueBefore.IsZero() || !f.DueFrom.IsZero()}
	d.Statuses = append([]option{{Value: "", Label: loc.T("web.tasks.status_open"), Selected: status == ""},
		{Value: statusAll, Label: loc.T("web.tasks.status_all"), Selected: status == statusAll}},
		codeOptions(loc, "web.task.status.", domain.Statuses(), status)...)
	if d.ShowOrgs {
		d.Orgs = dir.orgOptions(strconv.FormatInt(f.OrgID, 10))
	} else if a.OrgID != 0 {
		d.ScopeNote = loc.T("web.tasks.scope_org", dir.org(a.OrgID))
	}
	return d
}

func taskRowOf(loc *Localizer, dir *directory, t domain.TaskDetail) taskRow {
	return taskRow{ID: t.ID, Title: t.Title, Lead: dir.org(t.LeadOrgID), CoOrgs: len(t.CoOrgIDs),
		Community: dir.community(t.CommunityID),
		Status:    loc.T("web.task.status." + string(t.Status)), StatusCode: string(t.Status),
		Priority: loc.T("web.priority." + string(t.Priority)), PriorityCode: string(t.Priority),
		Due: fmtDay(loc, t.Due), Provisional: t.Provisional, Light: lightOf(loc, t)}
}

// taskInput is the new-task form as submitted, kept to show it again.
type taskInput struct {
	Title, Description, LeadOrg, Community, Priority, Source, Category string
	CoOrgs                                                             []string
	Due                                                                deadlineInput
}

func taskInputOf(c echo.Context) taskInput {
	form, _ := c.FormParams()
	return taskInput{Title: c.FormValue("title"), Description: c.FormValue("description"),
		LeadOrg: c.FormValue("lead_org_id"), CoOrgs: form["co_org_ids"], Community: c.FormValue("community_id"),
		Priority: c.FormValue("priority"), Source: c.FormValue("source"), Category: c.FormValue("category"),
		Due: deadlineOf(c)}
}

func (in taskInput) command() (domain.CreateTask, error) {
	date, days, err := in.Due.parse()
	if err == nil && in.Category == "" {
		// The form offers no default: the API's "other" would be a choice
		// nobody made.
		err = domain.Invalid("web.taskform.category_required")
	}
	return domain.CreateTask{Title: in.Title, Description: in.Description, LeadOrgID: formID(in.LeadOrg),
		CoOrgIDs: formIDs(in.CoOrgs), CommunityID: formID(in.Community), Priority: domain.Priority(in.Priority),
		Source: domain.Source(in.Source), Category: in.Category, DueDate: date, DueInWorkingDays: days}, err
}

// taskFormData is the new-task form's content.
type taskFormData struct {
	Error       string
	In          taskInput
	Orgs        []optGroup // the lead organisation's choices
	CoOrgs      []optGroup // the co-organisers' choices, checked when chosen
	Communities []option
	Priorities  []option
	Sources     []option
	Categories  []option
	Today       string
}

// handleTaskForm shows the form that assigns a task (lead, admin).
func (s *Server) handleTaskForm(c echo.Context) error {
	if err := domain.Require(actorOf(c), domain.PermCreateTask); err != nil {
		return err
	}
	return s.renderTaskForm(c, http.StatusOK, taskInput{}, "")
}

// handleTaskCreate assigns the task and shows it, or shows the form again
// with what was entered and what is wrong.
func (s *Server) handleTaskCreate(c echo.Context) error {
	in := taskInputOf(c)
	cmd, err := in.command()
	if err == nil {
		var t domain.TaskDetail
		if t, err = s.deps.Tasks.Create(c.Request().Context(), actorOf(c), cmd); err == nil {
			done := "created"
			if !t.DueMovedFrom.IsZero() { // the date given was a rest day: say it moved
				done = "created_due_moved"
			}
			return c.Redirect(http.StatusSeeOther, "/tasks/"+strconv.FormatInt(t.ID, 10)+"?done="+done)
		}
	}
	status, msg, ok := s.formError(c, err)
	if !ok {
		return err
	}
	return s.renderTaskForm(c, status, in, msg)
}

func (s *Server) renderTaskForm(c echo.Context, status int, in taskInput, msg string) error {
	loc := s.localizer(c)
	dir, err := s.directory(c.Request().Context(), actorOf(c), loc.Lang)
	if err != nil {
		return err
	}
	d := taskFormData{Error: msg, In: in, Orgs: dir.orgGroups(in.LeadOrg), CoOrgs: dir.orgGroups(in.CoOrgs...),
		Communities: dir.communityOptions(in.Community),
		Priorities:  codeOptions(loc, "web.priority.", webPriorities, in.Priority),
		Sources:     codeOptions(loc, "web.source.", webSources, in.Source),
		Categories:  categoryOptions(loc, in.Category), Today: s.today().String()}
	return s.render(c, status, "task_new", s.newPage(c, "web.title.task_new", d))
}
