package domain

import (
	"context"
	"encoding/json"
	"time"
	"unicode/utf8"
)

// Points are tenths of a point of the composite score (综合得分): 5 is half
// a point. The deduction policy is counted in whole tenths so that a score
// is exact, the same on every machine and in every recomputation.
type Points int

// Float returns p in points: Points(5).Float() is 0.5.
func (p Points) Float() float64 { return float64(p) / 10 }

// FullScore is the score a unit starts from: 100 points.
const FullScore Points = 1000

// maxRulePoints bounds a rule's per-item and cap: 100 points.
const maxRulePoints Points = 1000

// DeductionRule takes Per points off for each item (a working day overdue,
// a return, …), at most Cap points in all.
type DeductionRule struct {
	Per Points
	Cap Points
}

// Take returns the points the rule takes off for n items.
func (r DeductionRule) Take(n int) Points { return min(r.Cap, r.Per*Points(n)) }

// ReportPolicy is the deduction policy (扣分制) of the composite score:
// every unit with work due starts at 100 points and loses points for what
// went wrong with its work due in the period (its 应办结 tasks; for
// Unsatisfied, the hot-spots it led work on), each kind capped, and never
// goes below 0. Policies are versioned: an admin's edit stores a new version
// and never changes an old one, and every report names the version it used
// (Report.Policy), so a report is recomputed exactly as issued by asking for
// that version (ReportRequest.PolicyVersion).
type ReportPolicy struct {
	Version int
	// OverdueDay is per working day overdue, summed over the tasks: a task
	// closed late counts the working days after its deadline up to the
	// closing day, one still open and past its deadline up to the report
	// date (DaysOverdue).
	OverdueDay DeductionRule
	// Return is per return (退回) of a submitted result, over the tasks'
	// whole history.
	Return DeductionRule
	// Reopen is per reopening of a closed task (a community sent its
	// hot-spot back), over the tasks' whole history.
	Reopen DeductionRule
	// Unsatisfied is per hot-spot whose community's latest feedback in the
	// period was unsatisfied (不满意), charged to each organisation leading
	// one of its tasks.
	Unsatisfied DeductionRule
	// LadderStep is per step of the escalation ladder a task reached after
	// its deadline: 催办 urge 1, 督办 supervise 2, 挂牌督办 listed 3 (a
	// reminder before the deadline is no fault), summed over the tasks.
	LadderStep DeductionRule
	// Note says why the version was written; CreatedAt and CreatedBy (a
	// user id, 0 for the shipped default) when and by whom.
	Note      string
	CreatedAt time.Time
	CreatedBy int64
}

// DefaultReportPolicy is the policy shipped as version 1 (migration
// 20261206000500 stores the same numbers; a store test checks they agree).
// The numbers, and why (README, "The composite score"):
//   - 0.5 per working day overdue, at most 30: lateness is the figure the
//     campaign supervises first, so it has the largest cap; at half a point
//     a day, a month's lateness (about 20 working days) on one task costs
//     10 points, and no unit loses more than 30 however large its backlog.
//   - 1 per return, at most 10: a result sent back was submitted before it
//     was done; common enough in honest work to weigh little.
//   - 2 per reopen, at most 10: a closed task that had to be reopened was
//     not done; rarer and worse than a return.
//   - 3 per unsatisfied hot-spot, at most 15: residents' verdict on the
//     work, the campaign's aim; weighs most per item.
//   - 1 per ladder step reached, at most 10: a task that needed 督办 or 挂牌
//     督办 cost the bureau's attention; this counts escalation, not days.
//
// The caps add up to 75, so a unit with work due always scores something
// for the work it did do.
func DefaultReportPolicy() ReportPolicy {
	return ReportPolicy{Version: 1,
		OverdueDay: DeductionRule{Per: 5, Cap: 300}, Return: DeductionRule{Per: 10, Cap: 100},
		Reopen: DeductionRule{Per: 20, Cap: 100}, Unsatisfied: DeductionRule{Per: 30, Cap: 150},
		LadderStep: DeductionRule{Per: 10, Cap: 100}, Note: "default"}
}

// maxPolicyNote is the longest note of a policy version, in characters.
const maxPolicyNote = 500

// Validate checks the rules (0–100 points each) and the note.
func (p ReportPolicy) Validate() error {
	var pr Problems
	for _, r := range p.rules() {
		pr.Add(r.rule.Per < 0 || r.rule.Per > maxRulePoints, "report.policy_points_invalid", r.name+".per")
		pr.Add(r.rule.Cap < 0 || r.rule.Cap > maxRulePoints, "report.policy_points_invalid", r.name+".cap")
	}
	pr.Add(utf8.RuneCountInString(p.Note) > maxPolicyNote, "report.policy_note_too_long", maxPolicyNote)
	pr.AddErr(checkText(p.Note))
	return pr.Err()
}

// namedRule is a rule with its name in the API.
type namedRule struct {
	name string
	rule DeductionRule
}

// rules returns the rules with their API names, in the API's order.
func (p ReportPolicy) rules() []namedRule {
	return []namedRule{{"overdue_day", p.OverdueDay}, {"return", p.Return}, {"reopen", p.Reopen},
		{"unsatisfied", p.Unsatisfied}, {"ladder_step", p.LadderStep}}
}

// Deductions are what a unit's composite score lost, item by item: the
// counts, and the points each rule took (capped).
type Deductions struct {
	OverdueDays, Returns, Reopens, Unsatisfied, LadderSteps                 int
	OverdueDayPoints, ReturnPoints, ReopenPoints, UnsatisfiedPoints, Ladder Points
	Total                                                                   Points // the sum of the points
}

// apply fills the points of d's counts under p.
func (d *Deductions) apply(p ReportPolicy) {
	d.OverdueDayPoints = p.OverdueDay.Take(d.OverdueDays)
	d.ReturnPoints = p.Return.Take(d.Returns)
	d.ReopenPoints = p.Reopen.Take(d.Reopens)
	d.UnsatisfiedPoints = p.Unsatisfied.Take(d.Unsatisfied)
	d.Ladder = p.LadderStep.Take(d.LadderSteps)
	d.Total = d.OverdueDayPoints + d.ReturnPoints + d.ReopenPoints + d.UnsatisfiedPoints + d.Ladder
}

// score is FullScore less the deductions, never below 0.
func (d Deductions) score() Points { return max(0, FullScore-d.Total) }

// ladderStepsOf counts the steps a task reached after its deadline: urge 1,
// supervise 2, listed 3 (listed also when the task is under listed
// supervision whatever its step says).
func ladderStepsOf(step string, listed bool) int {
	if listed {
		return 3
	}
	switch LadderStep(step) {
	case StepUrge:
		return 1
	case StepSupervise:
		return 2
	case StepListed, "listed_supervision":
		return 3
	}
	return 0
}

// ReportPolicyReader reads the deduction policy's versions.
type ReportPolicyReader interface {
	// ReportPolicy returns version v of the policy, or the latest for v 0;
	// ErrNotFound ("report.policy_not_found") when there is no such version.
	ReportPolicy(ctx context.Context, v int) (ReportPolicy, error)
	// ReportPolicies returns every version, newest first; no error kind of
	// its own.
	ReportPolicies(ctx context.Context) ([]ReportPolicy, error)
}

// ReportPolicyWriter stores new versions of the deduction policy.
type ReportPolicyWriter interface {
	// AddReportPolicy stores p as version prev+1 and sets p.Version, if the
	// latest stored version is still prev; ErrConflict
	// ("report.policy_changed") otherwise.
	AddReportPolicy(ctx context.Context, p *ReportPolicy, prev int) error
}

// ReportPolicyStore is ReportPolicyService's.
type ReportPolicyStore interface {
	Transactor
	ReportPolicyReader
}

// ReportPolicyService reads and edits the composite score's deduction
// policy.
type ReportPolicyService struct {
	Store ReportPolicyStore
}

// Current returns the policy in force (the latest version); admin, lead
// and leadership read it.
func (s *ReportPolicyService) Current(ctx context.Context, a Actor) (ReportPolicy, error) {
	if err := Require(a, PermReadReports); err != nil {
		return ReportPolicy{}, err
	}
	return s.Store.ReportPolicy(ctx, 0)
}

// Version returns one version of the policy.
func (s *ReportPolicyService) Version(ctx context.Context, a Actor, v int) (ReportPolicy, error) {
	if err := Require(a, PermReadReports); err != nil {
		return ReportPolicy{}, err
	}
	if v <= 0 {
		return ReportPolicy{}, Invalid("report.policy_version_invalid", v)
	}
	return s.Store.ReportPolicy(ctx, v)
}

// Versions returns every version, newest first.
func (s *ReportPolicyService) Versions(ctx context.Context, a Actor) ([]ReportPolicy, error) {
	if err := Require(a, PermReadReports); err != nil {
		return nil, err
	}
	return s.Store.ReportPolicies(ctx)
}

// Save stores p as a new version (admin). prev is the version the admin
// edited: ErrConflict when someone saved another since. Old versions never
// change, so reports computed under them can be recomputed.
func (s *ReportPolicyService) Save(ctx context.Context, a Actor, p ReportPolicy, prev int) (ReportPolicy, error) {
	if err := Require(a, PermManagePolicies); err != nil {
		return ReportPolicy{}, err
	}
	if err := p.Validate(); err != nil {
		return ReportPolicy{}, err
	}
	p.CreatedBy = a.UserID
	err := s.Store.InTx(ctx, func(tx Tx) error {
		p.CreatedAt = tx.Now()
		if err := tx.AddReportPolicy(ctx, &p, prev); err != nil {
			return err
		}
		detail, _ := json.Marshal(p.rulesMap())
		e := auditOf(a, p.CreatedAt, "report.policy_save", "report_policy:"+itoa(int64(p.Version)), string(detail))
		return tx.AddAudit(ctx, &e)
	})
	return p, err
}

// rulesMap is the rules by name, for the audit trail.
func (p ReportPolicy) rulesMap() map[string][2]float64 {
	m := map[string][2]float64{}
	for _, r := range p.rules() {
		m[r.name] = [2]float64{r.rule.Per.Float(), r.rule.Cap.Float()}
	}
	return m
}
