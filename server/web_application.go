package server

import (
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// The campaign application pages (创建申报): the list with the inbox and
// the form that opens one, and one application's page with its
// self-assessment, evidence, review forms and record. Every form posts
// plainly; static/upload.js only adds upload progress.

// appRow is one application as the list shows it.
type appRow struct {
	ID                                  int64
	Community, City, Level              string
	Status, StatusCode                  string
	SelfScore, CityScore, ProvinceScore string
	StepDue                             string
	Overdue                             bool
}

// appListData is the list page's content.
type appListData struct {
	CanOpen     bool
	Communities []option // for a bureau or the province; empty for a community user
	Community   string   // a community user's own community
	Levels      []option
	Standards   []option
	Statuses    []option
	LevelFilter []option
	Inbox       bool
	Filtered    bool
	Error       string
	Items       []appRow
	Pager       pager
}

func scoreText(v *float64) string {
	if v == nil {
		return ""
	}
	return domain.FormatScore(*v)
}

// handleAppList lists the applications the user's scope sees.
func (s *Server) handleAppList(c echo.Context) error {
	return s.renderAppList(c, http.StatusOK, "")
}

func (s *Server) renderAppList(c echo.Context, status int, msg string) error {
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	in := domain.ListApplications{ApplicationFilter: domain.ApplicationFilter{
		Status: domain.ApplicationStatus(c.QueryParam("status")), Level: domain.StandardLevel(c.QueryParam("level"))},
		Inbox: c.QueryParam("inbox") == "true"}
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	list, err := s.deps.Campaign.Applications(ctx, a, in, pg)
	if err != nil {
		return err
	}
	scope, err := s.deps.Campaign.Scope(ctx, a)
	if err != nil {
		return err
	}
	today := s.deps.Campaign.Today()
	d := appListData{Inbox: in.Inbox, Error: msg, Filtered: in.Status != "" || in.Level != "" || in.Inbox,
		Statuses: codeOptions(loc, "web.app.status.", domain.ApplicationStatuses(), string(in.Status)),
		LevelFilter: codeOptions(loc, "web.app.level.", []domain.StandardLevel{domain.LevelCity, domain.LevelProvince},
			string(in.Level)),
		Levels: codeOptions(loc, "web.app.level.", []domain.StandardLevel{domain.LevelCity, domain.LevelProvince}, ""),
		Pager:  newPager(c, list.Next, len(list.Items))}
	d.CanOpen = !scope.Reader && (scope.CommunityID != 0 || scope.Province || scope.Bureau())
	if d.CanOpen {
		dir, err := s.directory(ctx, a, loc.Lang)
		if err != nil {
			return err
		}
		if scope.CommunityID != 0 {
			d.Community = dir.community(scope.CommunityID)
		} else {
			for _, m := range dir.comms {
				if m.Active && scope.Manages(m) {
					v := strconv.FormatInt(m.ID, 10)
					d.Communities = append(d.Communities, option{Value: v, Label: inLang(loc.Lang, m.Name, m.NameEn)})
				}
			}
		}
		sts, err := listAll(func(p domain.Page) (domain.List[domain.Standard], error) {
			return s.deps.Standards.Standards(ctx, a, domain.StandardFilter{Status: domain.StandardPublished}, p)
		})
		if err != nil {
			return err
		}
		for _, st := range sts {
			label := st.Name + " v" + strconv.Itoa(st.Version) + "（" + loc.T("web.app.level."+string(st.Level)) + "）"
			d.Standards = append(d.Standards, option{Value: strconv.FormatInt(st.ID, 10), Label: label})
		}
	}
	for _, it := range list.Items {
		r := appRow{ID: it.ID, Community: inLang(loc.Lang, it.CommunityName, it.CommunityNameEn), City: it.City,
			Level: loc.T("web.app.level." + string(it.Level)), Status: loc.T("web.app.status." + string(it.Status)),
			StatusCode: string(it.Status), SelfScore: scoreText(it.SelfScore), CityScore: scoreText(it.CityScore),
			ProvinceScore: scoreText(it.ProvinceScore)}
		if !it.StepDue.IsZero() {
			r.StepDue, r.Overdue = it.StepDue.String(), it.StepDue.Before(today)
		}
		d.Items = append(d.Items, r)
	}
	return s.render(c, status, "applications", s.newPage(c, "web.title.applications", d))
}

// handleAppOpen opens an application and shows it.
func (s *Server) handleAppOpen(c echo.Context) error {
	a := actorOf(c)
	comm := formID(c.FormValue("community_id"))
	if comm == 0 && a.Role == domain.RoleCommunity {
		comm = a.CommunityID
	}
	d, err := s.deps.Campaign.Open(c.Request().Context(), a, domain.OpenApplication{CommunityID: comm,
		Level: domain.StandardLevel(c.FormValue("level")), StandardID: formID(c.FormValue("standard_id"))})
	if err == nil {
		return c.Redirect(http.StatusSeeOther, appWebPath(d.ID)+"?done=opened")
	}
	status, msg, ok := s.appFormError(c, err)
	if !ok {
		return err
	}
	return s.renderAppList(c, status, msg)
}

func appWebPath(id int64) string { return "/applications/" + strconv.FormatInt(id, 10) }

// appFormError is formError for the application pages: 422 shows on the
// form too.
func (s *Server) appFormError(c echo.Context, err error) (int, string, bool) {
	f, known := classify(err)
	if !known || f.status != 400 && f.status != 403 && f.status != 409 && f.status != 413 && f.status != 422 {
		return 0, "", false
	}
	// An action or status code the message carries is named in the page's
	// language ("“退回修改”需要填写理由", not "“return”…").
	loc := s.localizer(c)
	args := make([]any, len(f.args))
	for i, a := range f.args {
		args[i] = a
		if code, isStr := a.(string); isStr {
			w := wordOf(loc, "web.app.", code)
			if w == code {
				w = wordOf(loc, "web.standard.", code)
			}
			args[i] = w
		}
	}
	return f.status, loc.T(f.key, args...), true
}

// appIndicator is one indicator on the application page.
type appIndicator struct {
	Code, Title, Guidance string
	Max                   int
	Points                []option // 0..Max, the saved self-score selected
	SelfNote              string
	Evidence, Veto        bool
	Files                 []appFile
}

type appFile struct{ Name, URL string }

// appDimension groups indicators by the six qualities.
type appDimension struct {
	Name  string
	Items []appIndicator
}

type appSheet struct {
	Assessor, Total, Note, InspectedOn, Inspectors string
	Veto                                           bool
	Scores                                         []string
}

type appTask struct {
	ID                                int64
	Title, Indicator, Status, DueDate string
	Overdue                           bool
}

// appStep is a step's form: a note, required for a reason.
type appStep struct {
	Action string
	Reason bool
}

type appEvent struct{ At, Actor, Action, Change, Note string }

// appPageData is one application's page.
type appPageData struct {
	ID                                      int64
	Community, City, Level, Standard, Scale string
	Status, StatusCode                      string
	PassScore                               int
	SelfScore, CityScore, ProvinceScore     string
	VetoFailed                              bool
	StepDue                                 string
	Overdue                                 bool
	Flash, FlashCode, Error                 string
	Editable                                bool // the applicant may self-assess and upload
	Dimensions                              []appDimension
	Submit, Score, Inspect                  bool
	Steps                                   []appStep // recommend, accept, return, reject, withdraw as allowed
	CanRectify                              bool
	Orgs                                    []optGroup
	Sheets, Inspections                     []appSheet
	Tasks                                   []appTask
	Events                                  []appEvent
	NoticeFrom, NoticeTo, NoticeScore       string
	Today                                   string
}

// handleAppPage shows one application.
func (s *Server) handleAppPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderAppPage(c, http.StatusOK, id, "")
}

func (s *Server) renderAppPage(c echo.Context, status int, id int64, msg string) error {
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	d, err := s.deps.Campaign.Application(ctx, a, id)
	if err != nil {
		return err
	}
	today := s.deps.Campaign.Today()
	p := appPageData{ID: d.ID, Community: inLang(loc.Lang, d.CommunityName, d.CommunityNameEn), City: d.City,
		Level: loc.T("web.app.level." + string(d.Level)), Standard: d.Standard.Name + " v" + strconv.Itoa(d.Standard.Version),
		Scale: loc.T("web.scale." + d.Scale), Status: loc.T("web.app.status." + string(d.Status)),
		StatusCode: string(d.Status), PassScore: d.Standard.PassScore, SelfScore: scoreText(d.SelfScore),
		CityScore: scoreText(d.CityScore), ProvinceScore: scoreText(d.ProvinceScore), VetoFailed: d.VetoFailed,
		Error: msg, CanRectify: d.CanRectify, Today: today.String()}
	if done := c.QueryParam("done"); done != "" && loc.T("web.app.done."+done) != "web.app.done."+done {
		p.Flash, p.FlashCode = loc.T("web.app.done."+done), done
	}
	if !d.StepDue.IsZero() {
		p.StepDue, p.Overdue = d.StepDue.String(), d.StepDue.Before(today)
	}
	for _, act := range d.AllowedActions {
		switch act {
		case domain.StepSubmit:
			p.Submit = true
		case domain.StepScore:
			p.Score = true
		case domain.StepInspect:
			p.Inspect = true
		}
	}
	for _, act := range []domain.AppAction{domain.StepRecommend, domain.StepAccept, domain.StepReturn, domain.StepReject,
		domain.StepWithdraw} {
		if slices.Contains(d.AllowedActions, act) {
			p.Steps = append(p.Steps, appStep{Action: string(act), Reason: domain.AppNeedsNote(act)})
		}
	}
	p.Editable = p.Submit
	self := map[string]domain.IndicatorScore{}
	for _, sc := range d.Self.Scores {
		self[sc.Indicator] = sc
	}
	files := map[string][]appFile{}
	for _, f := range d.Evidence {
		files[f.Indicator] = append(files[f.Indicator], appFile{Name: f.Filename,
			URL: "/api/v1/attachments/" + strconv.FormatInt(f.ID, 10)})
	}
	for _, dim := range domain.Dimensions() {
		g := appDimension{Name: loc.T("standard.dimension." + dim)}
		for _, in := range domain.ApplicableIndicators(d.Standard, d.Scale) {
			if in.Dimension != dim {
				continue
			}
			it := appIndicator{Code: in.Code, Title: in.Title, Guidance: in.Guidance, Max: *in.Points[d.Scale],
				Evidence: in.Evidence, Veto: in.Veto, Files: files[in.Code]}
			sc, has := self[in.Code]
			it.SelfNote = sc.Note
			for v := 0; v <= it.Max; v++ {
				it.Points = append(it.Points, option{Value: strconv.Itoa(v), Label: strconv.Itoa(v),
					Selected: has && sc.Points == v})
			}
			g.Items = append(g.Items, it)
		}
		if len(g.Items) > 0 {
			p.Dimensions = append(p.Dimensions, g)
		}
	}
	sheet := func(sh domain.ScoreSheet) appSheet {
		out := appSheet{Assessor: sh.Assessor, Total: strconv.Itoa(sh.Total), Note: sh.Note, Inspectors: sh.Inspectors,
			Veto: sh.VetoFailed}
		if !sh.InspectedOn.IsZero() {
			out.InspectedOn = sh.InspectedOn.String()
		}
		for _, sc := range sh.Scores {
			v := sc.Indicator + " " + strconv.Itoa(sc.Points)
			if sc.VetoFailed {
				v += " ✗"
			}
			out.Scores = append(out.Scores, v)
		}
		return out
	}
	for _, sh := range d.Sheets {
		p.Sheets = append(p.Sheets, sheet(sh))
	}
	for _, sh := range d.Inspections {
		p.Inspections = append(p.Inspections, sheet(sh))
	}
	for _, t := range d.Tasks {
		p.Tasks = append(p.Tasks, appTask{ID: t.ID, Title: t.Title, Indicator: t.Indicator,
			Status: loc.T("web.task.status." + string(t.Status)), DueDate: t.Due.String(),
			Overdue: t.Status.IsOpen() && t.Due.Before(today)})
	}
	loc8 := s.deps.Location
	for _, e := range d.Events {
		ev := appEvent{At: e.At.In(loc8).Format("2006-01-02 15:04"), Actor: e.Actor,
			Action: loc.T("web.app.action." + string(e.Action)), Note: e.Note}
		if e.Actor == "" || e.Channel == domain.ChannelSystem && e.ActorID == 0 {
			ev.Actor = loc.T("web.app.system")
		}
		if e.From != "" && e.From != e.To {
			ev.Change = loc.T("web.app.status."+string(e.From)) + " → " + loc.T("web.app.status."+string(e.To))
		}
		p.Events = append(p.Events, ev)
	}
	if n := d.Notice; n != nil {
		p.NoticeFrom, p.NoticeTo, p.NoticeScore = n.From.String(), n.To.String(), domain.FormatScore(n.Score)
	}
	if p.CanRectify {
		dir, err := s.directory(ctx, a, loc.Lang)
		if err != nil {
			return err
		}
		p.Orgs = dir.orgGroups()
	}
	return s.render(c, status, "application", s.newPage(c, "web.title.application", p))
}

// indicatorCodes are the codes of the indicators of id's standard that
// apply to its community, for reading a form's fields.
func (s *Server) indicatorCodes(c echo.Context, id int64) ([]domain.Indicator, error) {
	d, err := s.deps.Campaign.Application(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return nil, err
	}
	return domain.ApplicableIndicators(d.Standard, d.Scale), nil
}

// formScores reads points_CODE, note_CODE and veto_CODE of the form; an
// empty points field is left out, a value that is not a number is -1 (the
// service refuses it).
func formScores(c echo.Context, ins []domain.Indicator) []domain.IndicatorScore {
	var out []domain.IndicatorScore
	for _, in := range ins {
		v := strings.TrimSpace(c.FormValue("points_" + in.Code))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		out = append(out, domain.IndicatorScore{Indicator: in.Code, Points: n, Note: c.FormValue("note_" + in.Code),
			VetoFailed: in.Veto && c.FormValue("veto_"+in.Code) == "failed"})
	}
	return out
}

// handleAppSelfAssess saves the self-assessment form.
func (s *Server) handleAppSelfAssess(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ins, err := s.indicatorCodes(c, id)
	if err != nil {
		return err
	}
	_, err = s.deps.Campaign.SelfAssess(c.Request().Context(), actorOf(c), id, formScores(c, ins))
	return s.appDone(c, id, err, "saved")
}

// appDone redirects to the application after a form, or shows it again
// with the form's error.
func (s *Server) appDone(c echo.Context, id int64, err error, done string) error {
	if err == nil {
		return c.Redirect(http.StatusSeeOther, appWebPath(id)+"?done="+done)
	}
	status, msg, ok := s.appFormError(c, err)
	if !ok {
		return err
	}
	return s.renderAppPage(c, status, id, msg)
}

// handleAppAction takes one step from the page's forms.
func (s *Server) handleAppAction(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	cmd := domain.AppCommand{Action: domain.AppAction(c.FormValue("action")), Note: c.FormValue("note"),
		Assessor: c.FormValue("assessor"), Inspectors: c.FormValue("inspectors")}
	if v := c.FormValue("inspected_on"); v != "" {
		if cmd.InspectedOn, err = calendar.ParseDate(v); err != nil {
			return s.appDone(c, id, domain.Invalid("application.inspected_on_invalid", v), "")
		}
	}
	if cmd.Action == domain.StepScore || cmd.Action == domain.StepInspect {
		ins, err := s.indicatorCodes(c, id)
		if err != nil {
			return err
		}
		cmd.Scores = formScores(c, ins)
	}
	_, err = s.deps.Campaign.Act(c.Request().Context(), actorOf(c), id, cmd)
	return s.appDone(c, id, err, string(cmd.Action))
}

// handleAppRectify opens a rectification task from the page's form.
func (s *Server) handleAppRectify(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	days, _ := strconv.Atoi(strings.TrimSpace(c.FormValue("due_days")))
	_, err = s.deps.Campaign.Rectify(c.Request().Context(), actorOf(c), id, domain.Rectification{
		Indicator: c.FormValue("indicator"), Title: c.FormValue("title"), Description: c.FormValue("description"),
		LeadOrgID: formID(c.FormValue("lead_org_id")), DueInWorkingDays: days})
	return s.appDone(c, id, err, "rectify")
}

// webUploadMemory is what a web upload form holds in memory; its files
// beyond it go to temporary files.
const webUploadMemory = 1 << 20

// parseWebUpload reads a multipart form before the CSRF check (which
// reads its _csrf field), holding at most webUploadMemory in memory, in
// one of the upload slots. A request without a session is sent to sign in
// unread.
func (s *Server) parseWebUpload(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if actorOf(c).UserID == 0 {
			return requireWebSession(next)(c)
		}
		release, err := s.uploads.acquire()
		if err != nil {
			return err
		}
		defer release()
		r := c.Request()
		if err := r.ParseMultipartForm(webUploadMemory); err != nil {
			if isTooLarge(err) {
				return errTooLarge()
			}
			return domain.Invalid("attachment.multipart_invalid")
		}
		defer func() { _ = r.MultipartForm.RemoveAll() }() // best effort: temporary files
		return next(c)
	}
}

// parseWebForm is parseWebUpload for a form that may carry files besides
// its fields (a task action, a hot-spot report, the feedback): a
// multipart body is read as an upload is, any other form as usual.
func (s *Server) parseWebForm(next echo.HandlerFunc) echo.HandlerFunc {
	upload := s.parseWebUpload(next)
	return func(c echo.Context) error {
		if isMultipart(c.Request()) {
			return upload(c)
		}
		return next(c)
	}
}

// isMultipart reports whether r's body is a multipart form.
func isMultipart(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	return err == nil && mt == echo.MIMEMultipartForm
}

// handleAppAttach stores the evidence files of the upload form.
func (s *Server) handleAppAttach(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	form := c.Request().MultipartForm
	var files []domain.Upload
	for _, fh := range form.File[uploadField] {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		files = append(files, domain.Upload{Filename: fh.Filename, File: f, Size: fh.Size})
	}
	target := domain.AttachmentTarget{ApplicationID: id, Indicator: c.FormValue("indicator")}
	_, err = s.deps.Attachments.AddAll(c.Request().Context(), actorOf(c), target, files)
	if err == nil {
		s.ready.storageFreed()
	}
	return s.appDone(c, id, err, "uploaded")
}
