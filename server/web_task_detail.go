package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// taskPageData is a task's page: its details, its record and the forms of
// the actions the user may take now.
type taskPageData struct {
	ID                     int64
	Version                int
	Title, Description     string
	Status, StatusCode     string
	Priority, PriorityCode string
	Light                  light
	Lead                   string
	CoOrgs                 []string
	Community              string
	Source, Category       string
	AssignedOn, Due        string
	DueRule                string // "交办后 5 个工作日" when the deadline counts working days
	Provisional            bool
	ExtensionTo            string // a pending extension request's date
	TransferRequested      bool
	HotspotID              int64
	HotspotLink            bool // whether the user may open the hot-spot
	ClosedAt               string
	LadderStep             string // the highest supervision step sent, in words
	Listed                 bool
	Events                 []eventRow
	Actions                []actionForm
	Files                  []fileRow   // the task's attachments, oldest first
	Upload                 *uploadForm // nil unless the user may add files
	ActionFiles            *uploadForm // the action forms' file input; nil as Upload
	Refused                []string    // files that came with an action and were not stored, and why
	Flash, Error           string
}

// actionForm is one action's small form.
type actionForm struct {
	Action       string
	Label        string
	NoteLabel    string
	NoteRequired bool
	Date         string // "required", "optional" or "" (no date field)
	Orgs         []optGroup
	Danger       bool // it sends the work back or says no
	Open         bool
	In           actionInput
	Error        string
}

// actionInput is an action form as submitted.
type actionInput struct {
	Action, Note, Date, Org, Version string
	KeepAsCo                         bool
}

func actionInputOf(c echo.Context) actionInput {
	return actionInput{Action: c.FormValue("action"), Note: c.FormValue("note"), Date: strings.TrimSpace(c.FormValue("due_date")),
		Org: c.FormValue("lead_org_id"), Version: c.FormValue("version"), KeepAsCo: c.FormValue("keep_as_co_org") == "1"}
}

func (in actionInput) command() (domain.TaskCommand, error) {
	cmd := domain.TaskCommand{Action: domain.Action(in.Action), Note: in.Note, LeadOrgID: formID(in.Org),
		KeepAsCoOrg: in.KeepAsCo}
	if in.Date != "" {
		d, err := calendar.ParseDate(in.Date)
		if err != nil {
			return cmd, domain.Invalid("request.date_invalid", "due_date", in.Date)
		}
		cmd.DueDate = d
	}
	if in.Version != "" {
		v, err := strconv.Atoi(in.Version)
		if err != nil || v < 0 {
			return cmd, domain.Invalid("task.version_invalid")
		}
		cmd.Version = v
	}
	return cmd, nil
}

// handleTaskPage shows one task. A task the user may not see is the 404 page.
func (s *Server) handleTaskPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderTask(c, http.StatusOK, id, actionInput{}, "")
}

// handleTaskAction takes one action from a form and goes back to the task,
// or shows the task again with the form's error and what was entered. The
// form carries the version the user saw, so that acting on a task someone
// else has just changed is a conflict rather than a surprise.
func (s *Server) handleTaskAction(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	in := actionInputOf(c)
	files, done, err := formUploads(c)
	defer done()
	var cmd domain.TaskCommand
	if err == nil {
		cmd, err = in.command()
	}
	if err == nil {
		if _, err = s.deps.Tasks.Act(c.Request().Context(), actorOf(c), id, cmd); err == nil {
			refused := s.storeFormFiles(c, domain.AttachmentTarget{TaskID: id}, files)
			if len(refused) == 0 {
				return c.Redirect(http.StatusSeeOther, "/tasks/"+strconv.FormatInt(id, 10)+"?done="+url.QueryEscape(in.Action)+"#record")
			}
			// The action stands; the page says so and lists the files
			// not stored, to be uploaded again from its upload form.
			return s.renderTaskPage(c, http.StatusOK, id, actionInput{}, "", func(d *taskPageData) {
				d.Flash, d.Refused = flashOf(s.localizer(c), in.Action), refused
			})
		}
	}
	status, msg, ok := s.formError(c, err)
	if !ok {
		return err
	}
	return s.renderTask(c, status, id, in, msg)
}

func (s *Server) renderTask(c echo.Context, status int, id int64, in actionInput, msg string) error {
	return s.renderTaskPage(c, status, id, in, msg, nil)
}

// renderTaskPage is renderTask with a last change to the page's data.
func (s *Server) renderTaskPage(c echo.Context, status int, id int64, in actionInput, msg string, edit func(*taskPageData)) error {
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	t, err := s.deps.Tasks.Task(ctx, a, id)
	if err != nil {
		return err
	}
	dir, err := s.directory(ctx, a, loc.Lang)
	if err != nil {
		return err
	}
	d := s.taskPageOf(loc, dir, a, t)
	d.Flash = flashOf(loc, c.QueryParam("done"))
	if s.deps.Attachments != nil {
		rows, atts, err := s.attachmentRows(c, domain.AttachmentTarget{TaskID: id})
		if err != nil {
			return err
		}
		d.Files = rows
		s.filesOfEvents(d.Events, t.Events, atts)
		if domain.CanAct(a, domain.ActNote, t.Task) {
			d.Upload = s.newUploadForm("/tasks/" + strconv.FormatInt(id, 10) + "/attachments")
		}
	}
	if in.Action == "attach" && d.Upload != nil {
		d.Upload.Error, msg = msg, ""
	}
	d.attachError(in, msg)
	if d.Upload != nil {
		// The action forms take files too, with the upload form's limits.
		d.ActionFiles = s.newUploadForm("")
	}
	if edit != nil {
		edit(&d)
	}
	return s.render(c, status, "task", s.newPage(c, "web.title.task", d))
}

func (s *Server) taskPageOf(loc *Localizer, dir *directory, a domain.Actor, t domain.TaskDetail) taskPageData {
	d := taskPageData{ID: t.ID, Version: t.Version, Title: t.Title, Description: t.Description,
		Status: loc.T("web.task.status." + string(t.Status)), StatusCode: string(t.Status),
		Priority: loc.T("web.priority." + string(t.Priority)), PriorityCode: string(t.Priority),
		Light: lightOf(loc, t), Lead: dir.org(t.LeadOrgID), CoOrgs: dir.orgNames(t.CoOrgIDs),
		Community: dir.community(t.CommunityID), Source: loc.T("web.source." + string(t.Source)),
		Category: loc.T("web.category." + t.Category), AssignedOn: fmtDay(loc, t.AssignedOn),
		Due: fmtDay(loc, t.Due), Provisional: t.Provisional, ExtensionTo: fmtDay(loc, t.ExtensionTo),
		TransferRequested: t.TransferRequested, HotspotID: t.HotspotID, ClosedAt: s.fmtTime(t.ClosedAt),
		Events: s.eventRows(loc, dir, t.Events)}
	if t.LadderStep != "" {
		d.LadderStep, d.Listed = loc.T("web.event.ladder_"+string(t.LadderStep)), t.Listed
	}
	if t.DueWorkingDays > 0 {
		d.DueRule = loc.T("web.task.due_rule", t.DueWorkingDays)
	}
	_, d.HotspotLink = domain.HotspotScopeOf(a)
	for _, act := range domain.AvailableActions(a, t.Task) {
		f := actionForm{Action: string(act), Label: loc.T("web.task.action." + string(act)),
			NoteLabel: loc.T("web.task.note." + string(act)), NoteRequired: domain.NeedsNote(act),
			Date: actionDates[act], Danger: dangerous[act]}
		if act == domain.ActReassign {
			f.Orgs = dir.orgGroups()
		}
		d.Actions = append(d.Actions, f)
	}
	d.openFirst()
	return d
}

// openFirst opens the form of the first action that carries the work on
// (or adds a note); the others stay folded until the user opens them.
func (d *taskPageData) openFirst() {
	for i := range d.Actions {
		switch domain.Action(d.Actions[i].Action) {
		case domain.ActAccept, domain.ActProgress, domain.ActSubmit, domain.ActClose, domain.ActNote:
			d.Actions[i].Open = true
			return
		}
	}
}

// attachError puts a failed submission's error and values on its form, or
// above the page when that action is no longer offered.
func (d *taskPageData) attachError(in actionInput, msg string) {
	if msg == "" {
		return
	}
	for i := range d.Actions {
		f := &d.Actions[i]
		f.Open = false
		if f.Action == in.Action {
			f.In, f.Error, f.Open = in, msg, true
			msg = ""
		}
	}
	d.Error = msg
	if msg != "" {
		d.openFirst()
	}
}

// What each action's form asks for besides the note.
var (
	actionDates = map[domain.Action]string{domain.ActRequestExtension: "required", domain.ActApproveExtension: "optional"}
	dangerous   = map[domain.Action]bool{domain.ActReturn: true, domain.ActRejectExtension: true, domain.ActRejectTransfer: true}
)
