package server

import (
	"math"
	"net/http"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// ruleJSON is one deduction rule: points per item and the cap, in points
// with at most one decimal (0.5).
type ruleJSON struct {
	Per float64 `json:"per"`
	Cap float64 `json:"cap"`
}

// reportPolicyRulesJSON are the rules of a deduction policy by name.
type reportPolicyRulesJSON struct {
	OverdueDay  ruleJSON `json:"overdue_day"`
	Return      ruleJSON `json:"return"`
	Reopen      ruleJSON `json:"reopen"`
	Unsatisfied ruleJSON `json:"unsatisfied"`
	LadderStep  ruleJSON `json:"ladder_step"`
}

// reportPolicyJSON is one version of the composite score's deduction
// policy (domain.ReportPolicy).
type reportPolicyJSON struct {
	Version   int                   `json:"version"`
	Rules     reportPolicyRulesJSON `json:"rules"`
	Note      string                `json:"note"`
	CreatedAt *string               `json:"created_at"`
	CreatedBy *int64                `json:"created_by"` // null for the shipped default
}

func toRuleJSON(r domain.DeductionRule) ruleJSON {
	return ruleJSON{Per: r.Per.Float(), Cap: r.Cap.Float()}
}

func toReportPolicyJSON(p domain.ReportPolicy) reportPolicyJSON {
	j := reportPolicyJSON{Version: p.Version, Note: p.Note, CreatedBy: idJSON(p.CreatedBy),
		Rules: reportPolicyRulesJSON{OverdueDay: toRuleJSON(p.OverdueDay), Return: toRuleJSON(p.Return),
			Reopen: toRuleJSON(p.Reopen), Unsatisfied: toRuleJSON(p.Unsatisfied), LadderStep: toRuleJSON(p.LadderStep)}}
	if !p.CreatedAt.IsZero() {
		j.CreatedAt = timeJSON(p.CreatedAt)
	}
	return j
}

// reportPolicyInputJSON is the body of PUT: the version last read, the
// rules and a note.
type reportPolicyInputJSON struct {
	Version *int                  `json:"version"`
	Rules   reportPolicyRulesJSON `json:"rules"`
	Note    string                `json:"note"`
}

// pointsOf reads points given with at most one decimal.
func pointsOf(name string, v float64) (domain.Points, error) {
	t := math.Round(v * 10)
	if math.IsNaN(v) || math.Abs(v*10-t) > 1e-6 || t < 0 || t > 1000 {
		return 0, domain.Invalid("report.policy_points_invalid", name)
	}
	return domain.Points(t), nil
}

// ruleOf reads one rule.
func ruleOf(name string, r ruleJSON) (domain.DeductionRule, error) {
	per, err := pointsOf(name+".per", r.Per)
	if err != nil {
		return domain.DeductionRule{}, err
	}
	c, err := pointsOf(name+".cap", r.Cap)
	return domain.DeductionRule{Per: per, Cap: c}, err
}

// reportPolicyOf reads the rules and note of a policy.
func reportPolicyOf(rs reportPolicyRulesJSON, note string) (domain.ReportPolicy, error) {
	p := domain.ReportPolicy{Note: note}
	for _, r := range []struct {
		name string
		in   ruleJSON
		out  *domain.DeductionRule
	}{{"overdue_day", rs.OverdueDay, &p.OverdueDay}, {"return", rs.Return, &p.Return},
		{"reopen", rs.Reopen, &p.Reopen}, {"unsatisfied", rs.Unsatisfied, &p.Unsatisfied},
		{"ladder_step", rs.LadderStep, &p.LadderStep}} {
		var err error
		if *r.out, err = ruleOf(r.name, r.in); err != nil {
			return p, err
		}
	}
	return p, nil
}

// handleReportPolicyGet answers the policy in force, or ?version=N.
func (a api) handleReportPolicyGet(c echo.Context) error {
	ctx, actor := c.Request().Context(), actorOf(c)
	v, err := queryID(c, "version")
	if err != nil {
		return err
	}
	var p domain.ReportPolicy
	if v == 0 {
		p, err = a.deps.ReportPolicies.Current(ctx, actor)
	} else {
		p, err = a.deps.ReportPolicies.Version(ctx, actor, int(v))
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toReportPolicyJSON(p))
}

// handleReportPolicyVersions lists every version, newest first.
func (a api) handleReportPolicyVersions(c echo.Context) error {
	ps, err := a.deps.ReportPolicies.Versions(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(domain.List[domain.ReportPolicy]{Items: ps}, toReportPolicyJSON))
}

// handleReportPolicyPut stores a new version (admin) and answers it.
func (a api) handleReportPolicyPut(c echo.Context) error {
	ctx, actor := c.Request().Context(), actorOf(c)
	if err := domain.Require(actor, domain.PermManagePolicies); err != nil {
		return err
	}
	var in reportPolicyInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Version == nil {
		return domain.Invalid("report.policy_version_required")
	}
	p, err := reportPolicyOf(in.Rules, in.Note)
	if err != nil {
		return err
	}
	p, err = a.deps.ReportPolicies.Save(ctx, actor, p, *in.Version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toReportPolicyJSON(p))
}
