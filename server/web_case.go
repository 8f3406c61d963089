package server

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The typical cases' staff pages: the list, the form (new and edit), and a
// case's page with its text, photos and video, the upload form and the
// publish or unpublish button. The domain decides who may do what; the
// pages only hide what it would refuse.

// casesPath is where the staff's case pages live.
const casesPath = "/campaign/cases"

func casePagePath(id int64) string { return casesPath + "/" + strconv.FormatInt(id, 10) }

// caseRow is a case in the staff's list.
type caseRow struct {
	ID         int64
	Title      string
	Community  string
	City       string
	Bureau     string
	Status     string
	StatusCode string
	Updated    string
}

func (s *Server) caseRowOf(loc *Localizer, v domain.CaseView) caseRow {
	return caseRow{ID: v.ID, Title: v.Title, Community: v.Community, City: domain.RegionName(v.CityCode, loc.Lang == "en"),
		Bureau: v.Bureau, Status: loc.T("web.case.status." + string(v.Status)), StatusCode: string(v.Status),
		Updated: s.fmtTime(v.UpdatedAt)}
}

// casesData is the staff's case list.
type casesData struct {
	CanCreate bool
	Statuses  []option
	Items     []caseRow
	Pager     pager
}

// canRecordCases reports whether the user may record cases at all: the
// province and the housing bureaus.
func (s *Server) canRecordCases(c echo.Context) bool {
	sc := s.campaignScope(c)
	return sc.Province || sc.Bureau()
}

// handleCasePage lists the cases in the user's scope, by status.
func (s *Server) handleCasePage(c echo.Context) error {
	f := domain.CaseFilter{Status: domain.CaseStatus(c.QueryParam("status"))}
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	l, err := s.deps.Cases.List(c.Request().Context(), actorOf(c), f, pg)
	if err != nil {
		return err
	}
	d := casesData{CanCreate: s.canRecordCases(c), Pager: newPager(c, l.Next, len(l.Items)),
		Statuses: codeOptions(loc, "web.case.status.", domain.CaseStatuses(), string(f.Status))}
	for _, v := range l.Items {
		d.Items = append(d.Items, s.caseRowOf(loc, v))
	}
	return s.render(c, http.StatusOK, "cases", s.newPage(c, "web.title.cases", d))
}

// caseFormData is the case form, new or edit.
type caseFormData struct {
	ID          int64 // 0 for a new case
	Action      string
	Communities []option
	In          caseInputJSON
	Error       string
}

// handleCaseForm shows the form for a new case.
func (s *Server) handleCaseForm(c echo.Context) error {
	return s.renderCaseForm(c, http.StatusOK, caseFormData{Action: casesPath})
}

// handleCaseEdit shows the form for an existing case.
func (s *Server) handleCaseEdit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := s.deps.Cases.Get(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return s.renderCaseForm(c, http.StatusOK, caseFormData{ID: id, Action: casePagePath(id),
		In: caseInputJSON{CommunityID: v.CommunityID, Title: v.Title, Text: v.Text}})
}

func (s *Server) renderCaseForm(c echo.Context, status int, d caseFormData) error {
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	dir, err := s.directory(ctx, a, loc.Lang)
	if err != nil {
		return err
	}
	sc := s.campaignScope(c)
	for _, m := range dir.comms {
		if m.Active && sc.Manages(m) || m.ID == d.In.CommunityID {
			v := strconv.FormatInt(m.ID, 10)
			d.Communities = append(d.Communities, option{Value: v, Label: inLang(loc.Lang, m.Name, m.NameEn),
				Selected: m.ID == d.In.CommunityID})
		}
	}
	title := "web.title.case_new"
	if d.ID != 0 {
		title = "web.title.case_edit"
	}
	return s.render(c, status, "case_form", s.newPage(c, title, d))
}

// handleCaseSave creates a case (POST /campaign/cases) or rewrites one
// (POST /campaign/cases/:id), then shows it; a refused input shows the
// form again with the reason.
func (s *Server) handleCaseSave(c echo.Context) error {
	var id int64
	if c.Param("id") != "" {
		var err error
		if id, err = pathID(c, "id"); err != nil {
			return err
		}
	}
	in := caseInputJSON{Title: c.FormValue("title"), Text: c.FormValue("text")}
	if v := c.FormValue("community_id"); v != "" {
		in.CommunityID, _ = strconv.ParseInt(v, 10, 64) // a bad number is no community: the domain says so
	}
	ctx, a := c.Request().Context(), actorOf(c)
	var v domain.CaseView
	var err error
	if id == 0 {
		v, err = s.deps.Cases.Create(ctx, a, in.input())
	} else {
		v, err = s.deps.Cases.Update(ctx, a, id, in.input())
	}
	if err == nil {
		publicPages.clear()
		return c.Redirect(http.StatusSeeOther, casePagePath(v.ID)+"?done=saved")
	}
	status, msg, ok := s.attachFormError(c, err)
	if !ok {
		return err
	}
	action := casesPath
	if id != 0 {
		action = casePagePath(id)
	}
	return s.renderCaseForm(c, status, caseFormData{ID: id, Action: action, In: in, Error: msg})
}

// casePageData is a case's staff page.
type casePageData struct {
	Case       caseRow
	Paragraphs []string
	Creator    string
	Published  string
	PublicURL  string
	Rights     domain.CaseRights
	Files      []fileRow
	Upload     *uploadForm
	Flash      string
	Error      string
}

// handleCaseDetail shows a case.
func (s *Server) handleCaseDetail(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d := casePageData{}
	if done := c.QueryParam("done"); done == "saved" || done == "published" || done == "unpublished" || done == "attached" {
		d.Flash = s.localizer(c).T("web.case.done." + done)
	}
	return s.renderCase(c, http.StatusOK, id, d)
}

func (s *Server) renderCase(c echo.Context, status int, id int64, d casePageData) error {
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	v, err := s.deps.Cases.Get(ctx, a, id)
	if err != nil {
		return err
	}
	if d.Rights, err = s.deps.Cases.RightsOf(ctx, a, v); err != nil {
		return err
	}
	d.Case, d.Paragraphs, d.Creator = s.caseRowOf(loc, v), paragraphs(v.Text), v.Creator
	d.Published = s.fmtTime(v.FirstPublishedAt)
	if v.Status == domain.CasePublished {
		d.PublicURL = publicCasePath(id)
	}
	if d.Files, _, err = s.attachmentRows(c, domain.AttachmentTarget{CaseID: id}); err != nil {
		return err
	}
	if d.Rights.Edit && s.deps.Attachments != nil {
		d.Upload = s.newUploadForm(casePagePath(id) + "/attachments")
		d.Upload.Accept = mediaAccept
		if d.Error != "" {
			d.Upload.Error, d.Error = d.Error, ""
		}
	}
	return s.render(c, status, "case", s.newPage(c, "web.title.case", d))
}

// mediaAccept is the case upload's accept attribute: the pictures and
// videos of uploadAccept.
const mediaAccept = ".jpg,.jpeg,.png,.gif,.webp,.heic,.mp4,.mov,.3gp," +
	"image/jpeg,image/png,image/gif,image/webp,image/heic,video/mp4,video/quicktime,video/3gpp"

// handleCaseActForm publishes or unpublishes a case from its page.
func (s *Server) handleCaseActForm(act domain.CaseAction) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		_, err = s.deps.Cases.Act(c.Request().Context(), actorOf(c), id, act)
		if err == nil {
			publicPages.clear()
			return c.Redirect(http.StatusSeeOther, casePagePath(id)+"?done="+string(act)+"ed")
		}
		status, msg, ok := s.attachFormError(c, err)
		if !ok || status == http.StatusForbidden {
			return err
		}
		return s.renderCase(c, status, id, casePageData{Error: msg})
	}
}

// handleCaseAttach stores the upload form's photos and video on a case.
func (s *Server) handleCaseAttach(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	err = s.addWebFiles(c, domain.AttachmentTarget{CaseID: id})
	if err == nil {
		publicPages.clear()
		return c.Redirect(http.StatusSeeOther, casePagePath(id)+"?done=attached#attachments")
	}
	status, msg, ok := s.attachFormError(c, err)
	if !ok {
		return err
	}
	return s.renderCase(c, status, id, casePageData{Error: msg})
}

// blankLines separates paragraphs.
var blankLines = regexp.MustCompile(`\n[ \t\x{3000}]*\n\s*`)

// paragraphs splits plain text into its paragraphs at blank lines; the
// template writes each as an escaped <p>, never as HTML.
func paragraphs(text string) []string {
	var out []string
	for _, p := range blankLines.Split(strings.ReplaceAll(text, "\r\n", "\n"), -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
