package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The escalation policies' editor (/admin/ladder): one priority's rungs
// as a table of rows, with a preview of what the next sweep would do under
// the edited policy (domain.SupervisionService.PreviewPolicy: the save and
// a dry sweep, rolled back) before or instead of saving it.

// ladderAdminPath is where the editor lives.
const ladderAdminPath = "/admin/ladder"

// ladderBlankRows is how many empty rows the editor offers for new rungs.
const ladderBlankRows = 2

// maxLadderRows bounds the rows a form may submit.
const maxLadderRows = 20

// ladderEditData is the editor's content.
type ladderEditData struct {
	Priority   string
	Priorities []option
	Default    bool
	Version    int
	Rows       []rungRow
	Steps      []option
	Templates  []option
	Audiences  []option
	Preview    *ladderPreview
	Flash      string
	Error      string
}

// rungRow is one row of the editor.
type rungRow struct {
	Index     int
	Step      string
	Offset    string
	Audiences []string
	Template  string
	List      bool
}

// Has reports whether the row names audience a.
func (r rungRow) Has(a string) bool { return slices.Contains(r.Audiences, a) }

// ladderPreview is what the next sweep would do for the priority's tasks.
type ladderPreview struct {
	At    string
	Open  bool
	Steps []ladderPreviewStep
}

// ladderPreviewStep is one rung the sweep would take for one task.
type ladderPreviewStep struct {
	TaskID     int64
	Title      string
	LeadOrg    string
	Due        string
	Rung       string
	StepKey    string
	Send       bool
	ReasonKey  string
	Recipients string
}

// handleLadderEdit shows the policy of ?priority (default normal).
func (s *Server) handleLadderEdit(c echo.Context) error {
	a := actorOf(c)
	if err := domain.Require(a, domain.PermManagePolicies); err != nil {
		return err
	}
	pr := domain.Priority(c.QueryParam("priority"))
	if pr == "" {
		pr = domain.PriorityNormal
	}
	ps, err := s.deps.Supervision.Policies(c.Request().Context(), a)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(ps, func(p domain.StoredPolicy) bool { return p.Priority == pr })
	if i < 0 {
		return domain.Invalid("ladder.priority_invalid", string(pr))
	}
	d := s.ladderData(c, pr, ps[i].Default, ps[i].Version, rungRowsOf(ps[i].Rungs))
	switch c.QueryParam("done") {
	case "saved":
		d.Flash = s.localizer(c).T("web.admin.ladder.saved")
	case "reset":
		d.Flash = s.localizer(c).T("web.admin.ladder.reset_done")
	}
	return s.render(c, http.StatusOK, "admin_ladder", s.newPage(c, "web.admin.title.ladder", d))
}

// handleLadderSubmit previews (action=preview) or saves (action=save) the
// edited policy.
func (s *Server) handleLadderSubmit(c echo.Context) error {
	a := actorOf(c)
	if err := domain.Require(a, domain.PermManagePolicies); err != nil {
		return err
	}
	pr := domain.Priority(c.FormValue("priority"))
	version, err := strconv.Atoi(c.FormValue("version"))
	if err != nil || version < 0 {
		return domain.Invalid("ladder.version_required")
	}
	rows, p, err := rungsOf(c, pr)
	d := s.ladderData(c, pr, c.FormValue("default") == "1", version, rows)
	ctx := c.Request().Context()
	if err == nil && c.FormValue("action") == "save" {
		if _, err = s.deps.Supervision.SavePolicy(ctx, a, p, version); err == nil {
			return c.Redirect(http.StatusSeeOther, ladderAdminPath+"?priority="+string(pr)+"&done=saved")
		}
	} else if err == nil {
		err = s.previewLadder(c, p, &d)
	}
	if err != nil {
		status, msg, ok := s.accountError(c, err)
		if !ok {
			return err
		}
		d.Error = msg
		return s.render(c, status, "admin_ladder", s.newPage(c, "web.admin.title.ladder", d))
	}
	return s.render(c, http.StatusOK, "admin_ladder", s.newPage(c, "web.admin.title.ladder", d))
}

// handleLadderReset goes back to the built-in policy of a priority.
func (s *Server) handleLadderReset(c echo.Context) error {
	pr := domain.Priority(c.FormValue("priority"))
	if !slices.Contains([]domain.Priority{domain.PriorityNormal, domain.PriorityHigh, domain.PriorityUrgent}, pr) {
		return domain.Invalid("ladder.priority_invalid", string(pr))
	}
	if err := s.deps.Supervision.ResetPolicy(c.Request().Context(), actorOf(c), pr); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, ladderAdminPath+"?priority="+string(pr)+"&done=reset")
}

// previewLadder fills d.Preview with the dry sweep at the next instant
// the ladder may send (now, in the send window), for p's priority.
func (s *Server) previewLadder(c echo.Context, p domain.Policy, d *ladderEditData) error {
	ctx, loc, sup := c.Request().Context(), s.localizer(c), s.deps.Supervision
	cal, err := s.deps.Calendar.Calendar(ctx)
	if err != nil {
		return err
	}
	at := sup.Hours.NextOpen(cal, sup.Location, sup.Now())
	r, err := sup.PreviewPolicy(ctx, actorOf(c), p, at)
	if err != nil {
		return err
	}
	d.Preview = &ladderPreview{At: at.In(sup.Location).Format("2006-01-02 15:04"), Open: r.Open}
	for _, st := range r.Steps {
		if st.Priority != p.Priority {
			continue
		}
		d.Preview.Steps = append(d.Preview.Steps, ladderPreviewStep{TaskID: st.TaskID, Title: st.Title,
			LeadOrg: st.LeadOrg, Due: st.Due.String(), Rung: st.RungID, StepKey: "mail.step." + string(st.Step),
			Send: st.Action == domain.LadderSend, ReasonKey: "web.admin.ladder.reason." + string(st.Reason),
			Recipients: strings.Join(st.Recipients, loc.T("web.calendar.sep"))})
	}
	return nil
}

// ladderData fills the editor's choices around rows, with blank rows
// for new rungs.
func (s *Server) ladderData(c echo.Context, pr domain.Priority, def bool, version int, rows []rungRow) ladderEditData {
	loc := s.localizer(c)
	d := ladderEditData{Priority: string(pr), Default: def, Version: version, Rows: rows}
	for _, p := range []domain.Priority{domain.PriorityNormal, domain.PriorityHigh, domain.PriorityUrgent} {
		d.Priorities = append(d.Priorities, option{Value: string(p), Label: loc.T("web.priority." + string(p)),
			Selected: p == pr})
	}
	for _, st := range domain.LadderSteps() {
		d.Steps = append(d.Steps, option{Value: string(st), Label: loc.T("mail.step." + string(st))})
	}
	for _, t := range domain.LadderTemplates() {
		d.Templates = append(d.Templates, option{Value: t, Label: loc.T("web.mail.kind." + t)})
	}
	for _, au := range domain.Audiences() {
		d.Audiences = append(d.Audiences, option{Value: string(au), Label: loc.T("web.admin.ladder.audience." + string(au))})
	}
	for i := 0; i < ladderBlankRows; i++ {
		d.Rows = append(d.Rows, rungRow{})
	}
	for i := range d.Rows {
		d.Rows[i].Index = i
	}
	return d
}

// rungRowsOf writes a policy's rungs as the editor's rows.
func rungRowsOf(rs []domain.Rung) []rungRow {
	out := make([]rungRow, 0, len(rs))
	for _, r := range rs {
		row := rungRow{Step: string(r.Step), Offset: strconv.Itoa(r.OffsetWorkingDays), Template: r.Template,
			List: r.ListInReport}
		for _, a := range r.Audiences {
			row.Audiences = append(row.Audiences, string(a))
		}
		out = append(out, row)
	}
	return out
}

// rungsOf reads the submitted rows (those with a step) as the form shows
// them again and as the policy of pr.
func rungsOf(c echo.Context, pr domain.Priority) ([]rungRow, domain.Policy, error) {
	p := domain.Policy{Priority: pr}
	form, err := c.FormParams()
	if err != nil {
		return nil, p, domain.Invalid("request.malformed")
	}
	var rows []rungRow
	var bad error
	for i := 0; i < maxLadderRows; i++ {
		n := strconv.Itoa(i)
		row := rungRow{Step: form.Get("step_" + n), Offset: strings.TrimSpace(form.Get("offset_" + n)),
			Audiences: form["aud_"+n], Template: form.Get("template_" + n), List: form.Get("list_"+n) != ""}
		if row.Step == "" {
			continue
		}
		rows = append(rows, row)
		k, err := strconv.Atoi(row.Offset)
		if err != nil && bad == nil {
			bad = domain.Invalid("web.admin.ladder.offset_invalid", len(rows), row.Offset)
		}
		r := domain.Rung{Step: domain.LadderStep(row.Step), OffsetWorkingDays: k, Template: row.Template,
			ListInReport: row.List}
		for _, a := range row.Audiences {
			r.Audiences = append(r.Audiences, domain.Audience(a))
		}
		p.Rungs = append(p.Rungs, r)
	}
	return rows, p, bad
}
