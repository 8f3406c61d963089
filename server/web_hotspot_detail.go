package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// hotspotPageData is a hot-spot issue's page: the issue, the progress of
// its tasks, and the forms of what the user may do now.
type hotspotPageData struct {
	ID                 int64
	Title              string
	Description        string
	Community          string
	Category           string
	Status, StatusCode string
	Reported           string
	RejectReason       string
	Satisfaction       string
	FeedbackNote       string
	Reopens            int
	Tasks              []hotspotTask
	Dispatch           *dispatchForm
	Reject             *rejectForm
	Feedback           *feedbackForm
	Files              []fileRow   // the photos and files, oldest first
	Upload             *uploadForm // nil unless the user may add files
	Refused            []string    // files that came with a form and were not stored, and why
	Flash, Error       string
}

// hotspotTask is the progress of one task of the issue. A community user
// reads its public record only (the domain leaves internal notes out).
type hotspotTask struct {
	ID                 int64
	Title              string
	Lead               string
	CoOrgs             []string
	Status, StatusCode string
	Due                string
	Light              light
	Link               bool // whether the user may open the task itself
	Events             []eventRow
}

// dispatchForm hands the issue to an organisation as a task.
type dispatchForm struct {
	Orgs, CoOrgs []optGroup
	Priorities   []option
	Today        string
	In           hotspotPost
	Error        string
}

// rejectForm declines the issue with a reason the community reads.
type rejectForm struct {
	Reason string
	Error  string
}

// feedbackForm is the community's verdict on the resolution.
type feedbackForm struct {
	Choices []option
	Note    string
	Error   string
	Files   *uploadForm // photos of the result; nil without attachments
}

// hotspotPost is any of the three forms as submitted; Form says which.
type hotspotPost struct {
	Form         string // "dispatch", "reject" or "feedback"
	LeadOrg      string
	CoOrgs       []string
	Priority     string
	Due          deadlineInput
	Note         string
	Satisfaction string
}

func hotspotPostOf(c echo.Context, form string) hotspotPost {
	vals, _ := c.FormParams()
	return hotspotPost{Form: form, LeadOrg: c.FormValue("lead_org_id"), CoOrgs: vals["co_org_ids"],
		Priority: c.FormValue("priority"), Due: deadlineOf(c), Note: c.FormValue("note"),
		Satisfaction: c.FormValue("satisfaction")}
}

// handleHotspotPage shows one hot-spot issue.
func (s *Server) handleHotspotPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderHotspot(c, http.StatusOK, id, hotspotPost{}, "")
}

// handleHotspotDispatch hands the issue to an organisation (lead, admin).
func (s *Server) handleHotspotDispatch(c echo.Context) error {
	return s.hotspotForm(c, "dispatch", func(id int64, in hotspotPost) error {
		date, days, err := in.Due.parse()
		if err != nil {
			return err
		}
		_, err = s.deps.Hotspots.Dispatch(c.Request().Context(), actorOf(c), id, domain.Dispatch{
			LeadOrgID: formID(in.LeadOrg), CoOrgIDs: formIDs(in.CoOrgs), Priority: domain.Priority(in.Priority),
			DueDate: date, DueInWorkingDays: days, Note: in.Note})
		return err
	})
}

// handleHotspotReject declines the issue (lead, admin).
func (s *Server) handleHotspotReject(c echo.Context) error {
	return s.hotspotForm(c, "reject", func(id int64, in hotspotPost) error {
		_, err := s.deps.Hotspots.Reject(c.Request().Context(), actorOf(c), id, in.Note)
		return err
	})
}

// handleHotspotFeedback records the reporting community's verdict.
func (s *Server) handleHotspotFeedback(c echo.Context) error {
	return s.hotspotForm(c, "feedback", func(id int64, in hotspotPost) error {
		_, err := s.deps.Hotspots.Feedback(c.Request().Context(), actorOf(c), id,
			domain.Feedback{Satisfaction: domain.Satisfaction(in.Satisfaction), Note: in.Note})
		return err
	})
}

// handleHotspotAttach stores the files of a hot-spot page's upload form
// (the reporting community's photos, the bureau's files).
func (s *Server) handleHotspotAttach(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	err = s.addWebFiles(c, domain.AttachmentTarget{HotspotID: id})
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/hotspots/"+strconv.FormatInt(id, 10)+"?done=attached#attachments")
	}
	status, msg, ok := s.attachFormError(c, err)
	if !ok {
		return err
	}
	return s.renderHotspot(c, status, id, hotspotPost{Form: "attach"}, msg)
}

// hotspotForm runs one of the forms: on success back to the issue
// with a confirmation, on failure the issue again with the form's error.
func (s *Server) hotspotForm(c echo.Context, form string, run func(int64, hotspotPost) error) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	in := hotspotPostOf(c, form)
	files, done, err := formUploads(c)
	defer done()
	if err == nil {
		err = run(id, in)
	}
	if err == nil {
		// The form's change stands whatever becomes of its files (the
		// feedback's photos); a refused one is listed on the page.
		if refused := s.storeFormFiles(c, domain.AttachmentTarget{HotspotID: id}, files); len(refused) > 0 {
			return s.renderHotspotPage(c, http.StatusOK, id, hotspotPost{}, "", func(d *hotspotPageData) {
				d.Flash, d.Refused = flashOf(s.localizer(c), form), refused
			})
		}
		return c.Redirect(http.StatusSeeOther, "/hotspots/"+strconv.FormatInt(id, 10)+"?done="+form)
	}
	status, msg, ok := s.formError(c, err)
	if !ok {
		return err
	}
	return s.renderHotspot(c, status, id, in, msg)
}

func (s *Server) renderHotspot(c echo.Context, status int, id int64, in hotspotPost, msg string) error {
	return s.renderHotspotPage(c, status, id, in, msg, nil)
}

// renderHotspotPage is renderHotspot with a last change to the page's data.
func (s *Server) renderHotspotPage(c echo.Context, status int, id int64, in hotspotPost, msg string,
	edit func(*hotspotPageData)) error {
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	h, err := s.deps.Hotspots.Hotspot(ctx, a, id)
	if err != nil {
		return err
	}
	dir, err := s.directory(ctx, a, loc.Lang)
	if err != nil {
		return err
	}
	d := s.hotspotPageOf(loc, dir, a, h, in)
	d.Flash = flashOf(loc, c.QueryParam("done"))
	if s.deps.Attachments != nil {
		if d.Files, _, err = s.attachmentRows(c, domain.AttachmentTarget{HotspotID: id}); err != nil {
			return err
		}
		if domain.CanAttachToHotspot(a, h.Hotspot) {
			d.Upload = s.newUploadForm("/hotspots/" + strconv.FormatInt(id, 10) + "/attachments")
			if d.Feedback != nil {
				d.Feedback.Files = s.newUploadForm("")
				d.Feedback.Files.Accept, d.Feedback.Files.Camera = photoAccept, true
			}
		}
		// The files of the uploads in the records of the tasks the user
		// may open (a community reads no department's files).
		for i, t := range h.Tasks {
			if i >= len(d.Tasks) || !d.Tasks[i].Link {
				continue
			}
			_, atts, err := s.attachmentRows(c, domain.AttachmentTarget{TaskID: t.ID})
			if err != nil {
				return err
			}
			s.filesOfEvents(d.Tasks[i].Events, t.Events, atts)
		}
	}
	switch {
	case msg == "":
	case in.Form == "attach" && d.Upload != nil:
		d.Upload.Error = msg
	case in.Form == "dispatch" && d.Dispatch != nil:
		d.Dispatch.Error = msg
	case in.Form == "reject" && d.Reject != nil:
		d.Reject.Error = msg
	case in.Form == "feedback" && d.Feedback != nil:
		d.Feedback.Error = msg
	default:
		d.Error = msg
	}
	if edit != nil {
		edit(&d)
	}
	return s.render(c, status, "hotspot", s.newPage(c, "web.title.hotspot", d))
}

func (s *Server) hotspotPageOf(loc *Localizer, dir *directory, a domain.Actor, h domain.HotspotDetail, in hotspotPost) hotspotPageData {
	d := hotspotPageData{ID: h.ID, Title: h.Title, Description: h.Description, Community: dir.community(h.CommunityID),
		Category: loc.T("web.category." + h.Category), Status: loc.T("web.hotspot.status." + string(h.Status)),
		StatusCode: string(h.Status), Reported: s.fmtTime(h.CreatedAt), RejectReason: h.RejectReason,
		FeedbackNote: h.FeedbackNote, Reopens: h.Reopens}
	if h.Satisfaction != "" {
		d.Satisfaction = loc.T("web.satisfaction." + string(h.Satisfaction))
	}
	for _, t := range h.Tasks {
		d.Tasks = append(d.Tasks, hotspotTask{ID: t.ID, Title: t.Title, Lead: dir.org(t.LeadOrgID),
			CoOrgs: dir.orgNames(t.CoOrgIDs), Status: loc.T("web.task.status." + string(t.Status)),
			StatusCode: string(t.Status), Due: fmtDay(loc, t.Due), Light: lightOf(loc, t),
			Link: domain.CanSeeTask(a, t.Task), Events: s.eventRows(loc, dir, t.Events)})
	}
	triage := domain.Allowed(a, domain.PermTriageHotspot)
	if _, err := domain.NextHotspot(h.Status, domain.HotspotDispatch); triage && err == nil {
		if in.Form != "dispatch" {
			in = hotspotPost{}
		}
		d.Dispatch = &dispatchForm{Orgs: dir.orgGroups(in.LeadOrg), CoOrgs: dir.orgGroups(in.CoOrgs...),
			Priorities: codeOptions(loc, "web.priority.", webPriorities, in.Priority), Today: s.today().String(), In: in}
	}
	if _, err := domain.NextHotspot(h.Status, domain.HotspotReject); triage && err == nil {
		d.Reject = &rejectForm{}
		if in.Form == "reject" {
			d.Reject.Reason = in.Note
		}
	}
	// Only the reporting community answers (the domain's rule); a
	// community user sees no other community's issue.
	if _, err := domain.NextHotspot(h.Status, domain.HotspotSatisfied); a.Role == domain.RoleCommunity && err == nil {
		d.Feedback = &feedbackForm{Choices: codeOptions(loc, "web.satisfaction.", webSatisfactions, "")}
		if in.Form == "feedback" {
			d.Feedback.Choices = codeOptions(loc, "web.satisfaction.", webSatisfactions, in.Satisfaction)
			d.Feedback.Note = in.Note
		}
	}
	return d
}
