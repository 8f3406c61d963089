package domain

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"time"
)

// Policies returns the escalation policy of each priority: the stored one,
// or the default (DefaultPolicies) where none is stored.
func (s *SupervisionService) Policies(ctx context.Context, a Actor) ([]StoredPolicy, error) {
	if err := Require(a, PermReadReports); err != nil && !Allowed(a, PermManagePolicies) {
		return nil, err
	}
	return s.policies(ctx)
}

// StoredPolicy is a policy with its provenance.
type StoredPolicy struct {
	Policy
	Default   bool // no admin has saved one: the built-in default
	Version   int
	UpdatedBy int64
	UpdatedAt time.Time
}

func (s *SupervisionService) policies(ctx context.Context) ([]StoredPolicy, error) {
	stored, err := s.Store.LadderPolicies(ctx)
	if err != nil {
		return nil, err
	}
	var out []StoredPolicy
	for _, p := range DefaultPolicies() {
		sp := StoredPolicy{Policy: p, Default: true}
		for _, st := range stored {
			if st.Priority == p.Priority {
				sp = st
			}
		}
		out = append(out, sp)
	}
	return out, nil
}

func (s *SupervisionService) policyMap(ctx context.Context) (map[Priority]Policy, error) {
	ps, err := s.policies(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[Priority]Policy, len(ps))
	for _, p := range ps {
		m[p.Priority] = p.Policy
	}
	return m, nil
}

// SavePolicy stores an admin's policy for one priority after validating it,
// and marks the open tasks of that priority for the next sweep, which
// recomputes when each next falls due. prevVersion guards against two
// admins editing at once (0: no stored policy yet).
func (s *SupervisionService) SavePolicy(ctx context.Context, a Actor, p Policy, prevVersion int) (StoredPolicy, error) {
	if err := Require(a, PermManagePolicies); err != nil {
		return StoredPolicy{}, err
	}
	if err := checkPolicy(p); err != nil {
		return StoredPolicy{}, err
	}
	sp := StoredPolicy{Policy: p, Version: prevVersion + 1, UpdatedBy: a.UserID}
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		sp.UpdatedAt = now
		if err := tx.PutLadderPolicy(ctx, &sp, prevVersion); err != nil {
			return err
		}
		n, err := tx.TouchLadder(ctx, p.Priority, now)
		if err != nil {
			return err
		}
		detail, _ := json.Marshal(p.Rungs)
		e := auditOf(a, now, "ladder.policy_save", "ladder_policy:"+string(p.Priority),
			string(detail)+" tasks="+strconv.Itoa(n))
		return tx.AddAudit(ctx, &e)
	})
	return sp, err
}

// ResetPolicy drops an admin's policy for a priority, going back to the
// default.
func (s *SupervisionService) ResetPolicy(ctx context.Context, a Actor, pr Priority) error {
	if err := Require(a, PermManagePolicies); err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		if err := tx.DeleteLadderPolicy(ctx, pr); err != nil {
			return err
		}
		if _, err := tx.TouchLadder(ctx, pr, now); err != nil {
			return err
		}
		e := auditOf(a, now, "ladder.policy_reset", "ladder_policy:"+string(pr), "")
		return tx.AddAudit(ctx, &e)
	})
}

// checkPolicy is SavePolicy's validation: Policy.Validate, and templates
// the mail renderer knows.
func checkPolicy(p Policy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	for _, r := range p.Rungs {
		if !slices.Contains(LadderTemplates(), r.Template) {
			return Invalid("ladder.template_unknown", r.ID(), r.Template)
		}
	}
	return nil
}

// PreviewPolicy says what the sweep at at would do if p were saved now,
// changing nothing: it checks p as SavePolicy does, then runs a dry sweep
// under p in transactions that first mark p's tasks as SavePolicy does and
// are rolled back. The result covers every priority's due rungs; the caller
// picks p's.
func (s *SupervisionService) PreviewPolicy(ctx context.Context, a Actor, p Policy, at time.Time) (SweepResult, error) {
	res := SweepResult{At: at, DryRun: true}
	if err := Require(a, PermManagePolicies); err != nil {
		return res, err
	}
	if err := checkPolicy(p); err != nil {
		return res, err
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return res, err
	}
	if !s.Hours.Open(cal, s.Location, at) {
		return res, nil
	}
	res.Open = true
	policies, err := s.policyMap(ctx)
	if err != nil {
		return res, err
	}
	policies[p.Priority] = p
	// One instant for every batch's mark, so that the sweep's paging by
	// (next_ladder_at, id) sees the same order in each transaction.
	touched := s.Now()
	if at.Before(touched) {
		touched = at
	}
	touch := func(tx Tx) error {
		_, err := tx.TouchLadder(ctx, p.Priority, touched)
		return err
	}
	return s.sweep(ctx, cal, at, true, policies, touch, res)
}
