package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// reportPolicyPageData is the deduction policy's page: the version in
// force as a form (read-only for all but admins) and every version.
type reportPolicyPageData struct {
	Version  int
	Rules    []policyRuleRow
	Note     string
	CanEdit  bool
	Versions []policyVersionRow
	Flash    string
	Error    string
}

// policyRuleRow is one rule of the form: its API name, label key and
// values as shown ("0.5").
type policyRuleRow struct {
	Name, Key, Per, Cap string
}

// policyVersionRow is one stored version.
type policyVersionRow struct {
	Version      int
	Note, Saved  string
	Rules        []policyRuleRow
	InForce      bool
	DefaultNoted bool // the shipped default
}

func points(p domain.Points) string { return strconv.FormatFloat(p.Float(), 'f', -1, 64) }

func policyRules(p domain.ReportPolicy) []policyRuleRow {
	rows := []struct {
		name string
		r    domain.DeductionRule
	}{{"overdue_day", p.OverdueDay}, {"return", p.Return}, {"reopen", p.Reopen},
		{"unsatisfied", p.Unsatisfied}, {"ladder_step", p.LadderStep}}
	out := make([]policyRuleRow, len(rows))
	for i, r := range rows {
		out[i] = policyRuleRow{Name: r.name, Key: "web.report.policy.rule." + r.name, Per: points(r.r.Per), Cap: points(r.r.Cap)}
	}
	return out
}

// handleReportPolicyPage shows the deduction policy.
func (s *Server) handleReportPolicyPage(c echo.Context) error {
	return s.renderReportPolicy(c, http.StatusOK, nil, "")
}

// handleReportPolicySubmit stores the form as a new version (admin).
func (s *Server) handleReportPolicySubmit(c echo.Context) error {
	ctx, actor := c.Request().Context(), actorOf(c)
	prev, err := strconv.Atoi(c.FormValue("version"))
	if err != nil || prev < 0 {
		return domain.Invalid("request.param_invalid", "version")
	}
	var rs reportPolicyRulesJSON
	form := []struct {
		name string
		out  *ruleJSON
	}{{"overdue_day", &rs.OverdueDay}, {"return", &rs.Return}, {"reopen", &rs.Reopen},
		{"unsatisfied", &rs.Unsatisfied}, {"ladder_step", &rs.LadderStep}}
	var p domain.ReportPolicy
	for _, f := range form {
		for _, part := range []struct {
			suffix string
			out    *float64
		}{{".per", &f.out.Per}, {".cap", &f.out.Cap}} {
			v, perr := strconv.ParseFloat(c.FormValue(f.name+part.suffix), 64)
			if perr != nil && err == nil {
				err = domain.Invalid("report.policy_points_invalid", f.name+part.suffix)
			}
			*part.out = v
		}
	}
	if err == nil {
		p, err = reportPolicyOf(rs, c.FormValue("note"))
	}
	if err == nil {
		if _, err = s.deps.ReportPolicies.Save(ctx, actor, p, prev); err == nil {
			return c.Redirect(http.StatusSeeOther, "/reports/policy?done=policy_saved")
		}
	}
	status, msg, ok := s.formError(c, err)
	if !ok {
		return err
	}
	p.Version = prev
	return s.renderReportPolicy(c, status, &p, msg)
}

// renderReportPolicy shows the page; form, when set, is what the admin
// sent and the page shows it again with msg.
func (s *Server) renderReportPolicy(c echo.Context, status int, form *domain.ReportPolicy, msg string) error {
	ctx, actor := c.Request().Context(), actorOf(c)
	vs, err := s.deps.ReportPolicies.Versions(ctx, actor)
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	d := reportPolicyPageData{CanEdit: domain.Allowed(actor, domain.PermManagePolicies), Error: msg,
		Flash: flashOf(loc, c.QueryParam("done"))}
	for i, v := range vs {
		d.Versions = append(d.Versions, policyVersionRow{Version: v.Version, Note: v.Note, Saved: s.fmtTime(v.CreatedAt),
			Rules: policyRules(v), InForce: i == 0, DefaultNoted: v.CreatedBy == 0})
	}
	if len(vs) > 0 {
		d.Version, d.Rules = vs[0].Version, policyRules(vs[0])
	}
	if form != nil {
		d.Version, d.Rules, d.Note = form.Version, policyRules(*form), form.Note
	}
	return s.render(c, status, "report_policy", s.newPage(c, "web.title.report_policy", d))
}
