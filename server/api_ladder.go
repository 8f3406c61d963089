package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// rungJSON is one step of an escalation policy.
type rungJSON struct {
	ID                string   `json:"id,omitempty"` // step and offset, e.g. "urge+1"; read-only
	Step              string   `json:"step"`
	OffsetWorkingDays int      `json:"offset_working_days"`
	Audiences         []string `json:"audiences"`
	Template          string   `json:"template"`
	ListInReport      bool     `json:"list_in_report"`
}

// policyJSON is the escalation policy of one priority.
type policyJSON struct {
	Priority  string     `json:"priority"`
	Default   bool       `json:"default"` // the built-in policy: no admin has saved one
	Version   int        `json:"version"`
	UpdatedAt *string    `json:"updated_at"`
	Rungs     []rungJSON `json:"rungs"`
}

func toPolicyJSON(p domain.StoredPolicy) policyJSON {
	j := policyJSON{Priority: string(p.Priority), Default: p.Default, Version: p.Version, Rungs: []rungJSON{}}
	if !p.UpdatedAt.IsZero() {
		j.UpdatedAt = timeJSON(p.UpdatedAt)
	}
	for _, r := range p.Rungs {
		aud := make([]string, len(r.Audiences))
		for i, a := range r.Audiences {
			aud[i] = string(a)
		}
		j.Rungs = append(j.Rungs, rungJSON{ID: r.ID(), Step: string(r.Step), OffsetWorkingDays: r.OffsetWorkingDays,
			Audiences: aud, Template: r.Template, ListInReport: r.ListInReport})
	}
	return j
}

// policyInputJSON is the body of PUT: the version last read (0 while the
// default is in force) and the rungs.
type policyInputJSON struct {
	Version *int       `json:"version"`
	Rungs   []rungJSON `json:"rungs"`
}

// sweepStepJSON is one decision of a supervision sweep.
type sweepStepJSON struct {
	TaskID     int64    `json:"task_id"`
	Title      string   `json:"title"`
	LeadOrg    string   `json:"lead_org"`
	Priority   string   `json:"priority"`
	DueDate    string   `json:"due_date"`
	Rung       string   `json:"rung"`
	Step       string   `json:"step"`
	Action     string   `json:"action"`
	Reason     string   `json:"reason"`
	Recipients []string `json:"recipients"`
}

type sweepJSON struct {
	At       string          `json:"at"`
	DryRun   bool            `json:"dry_run"`
	Open     bool            `json:"window_open"`
	Tasks    int             `json:"tasks"`
	Sent     int             `json:"sent"`
	Skipped  int             `json:"skipped"`
	Messages int             `json:"messages"`
	Steps    []sweepStepJSON `json:"steps"`
}

func (a api) handlePolicyList(c echo.Context) error {
	ps, err := a.deps.Supervision.Policies(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(domain.List[domain.StoredPolicy]{Items: ps}, toPolicyJSON))
}

// handlePolicyPut saves an admin's policy for one priority and returns it.
func (a api) handlePolicyPut(c echo.Context) error {
	ctx, actor := c.Request().Context(), actorOf(c)
	if err := domain.Require(actor, domain.PermManagePolicies); err != nil {
		return err
	}
	var in policyInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Version == nil {
		return domain.Invalid("ladder.version_required")
	}
	p := domain.Policy{Priority: domain.Priority(c.Param("priority"))}
	for _, r := range in.Rungs {
		aud := make([]domain.Audience, len(r.Audiences))
		for i, x := range r.Audiences {
			aud[i] = domain.Audience(x)
		}
		p.Rungs = append(p.Rungs, domain.Rung{Step: domain.LadderStep(r.Step), OffsetWorkingDays: r.OffsetWorkingDays,
			Audiences: aud, Template: r.Template, ListInReport: r.ListInReport})
	}
	sp, err := a.deps.Supervision.SavePolicy(ctx, actor, p, *in.Version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toPolicyJSON(sp))
}

// handlePolicyReset goes back to the built-in policy of a priority.
func (a api) handlePolicyReset(c echo.Context) error {
	pr := domain.Priority(c.Param("priority"))
	if err := (domain.Policy{Priority: pr, Rungs: domain.DefaultPolicies()[0].Rungs}).Validate(); err != nil {
		return err
	}
	if err := a.deps.Supervision.ResetPolicy(c.Request().Context(), actorOf(c), pr); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// handleLadderPreview is a dry-run sweep as if it were ?at (an RFC 3339
// instant; default now): what the ladder would send and skip. Admins use
// it to check a policy change before the next scheduled sweep.
func (a api) handleLadderPreview(c echo.Context) error {
	ctx, actor := c.Request().Context(), actorOf(c)
	if err := domain.Require(actor, domain.PermManagePolicies); err != nil {
		return err
	}
	at := a.deps.Supervision.Now()
	if v := c.QueryParam("at"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return domain.Invalid("request.param_invalid", "at")
		}
		at = t
	}
	r, err := a.deps.Supervision.Sweep(ctx, at, true)
	if err != nil {
		return err
	}
	out := sweepJSON{At: *timeJSON(r.At), DryRun: true, Open: r.Open, Tasks: r.Tasks, Sent: r.Sent,
		Skipped: r.Skipped, Messages: r.Messages, Steps: []sweepStepJSON{}}
	for _, s := range r.Steps {
		rs := s.Recipients
		if rs == nil {
			rs = []string{}
		}
		out.Steps = append(out.Steps, sweepStepJSON{TaskID: s.TaskID, Title: s.Title, LeadOrg: s.LeadOrg,
			Priority: string(s.Priority), DueDate: s.Due.String(), Rung: s.RungID, Step: string(s.Step),
			Action: string(s.Action), Reason: string(s.Reason), Recipients: rs})
	}
	return c.JSON(http.StatusOK, out)
}
