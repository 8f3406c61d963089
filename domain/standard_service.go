package domain

import (
	"context"
	"fmt"
	"time"
)

// StandardService keeps the campaign's scoring standards: the province
// writes and publishes them, everyone signed in reads the published ones.
type StandardService struct {
	Store StandardStore
	Now   func() time.Time
}

// StandardInput is what a client writes of a standard: everything but its
// ID, version and status, which the service sets.
type StandardInput struct {
	Name       string
	Level      StandardLevel
	RegionCode string
	PassScore  int
	Indicators []Indicator
}

func (in StandardInput) apply(s *Standard) {
	s.Name, s.Level, s.RegionCode, s.PassScore, s.Indicators = in.Name, in.Level, in.RegionCode, in.PassScore,
		in.Indicators
}

// requireEditor fails unless a may edit standards.
func requireEditor(a Actor) error {
	if a.Role == "" {
		return Fail(ErrUnauthenticated, "auth.required")
	}
	if !CanEditStandards(a) {
		return Fail(ErrForbidden, "auth.forbidden")
	}
	return nil
}

// Standards lists standards by ID: all of them for editors, the published
// and retired ones for everyone else.
func (s *StandardService) Standards(ctx context.Context, a Actor, f StandardFilter, p Page) (List[Standard], error) {
	if a.Role == "" {
		return List[Standard]{}, Fail(ErrUnauthenticated, "auth.required")
	}
	if err := f.Validate(); err != nil {
		return List[Standard]{}, err
	}
	f.Published = !CanEditStandards(a)
	rows, err := s.Store.Standards(ctx, f, p)
	if err != nil {
		return List[Standard]{}, err
	}
	return Paginate(rows, p.Limit, func(x Standard) Cursor { return Cursor{ID: x.ID} }), nil
}

// Standard returns one standard; a draft is ErrNotFound to those who may
// not edit it.
func (s *StandardService) Standard(ctx context.Context, a Actor, id int64) (Standard, error) {
	if a.Role == "" {
		return Standard{}, Fail(ErrUnauthenticated, "auth.required")
	}
	st, err := s.Store.Standard(ctx, id)
	if err != nil {
		return Standard{}, err
	}
	if !CanSeeStandard(a, CanEditStandards(a), st) {
		return Standard{}, Fail(ErrNotFound, "standard.not_found", id)
	}
	return st, nil
}

// Create adds a draft standard, version 1.
func (s *StandardService) Create(ctx context.Context, a Actor, in StandardInput) (Standard, error) {
	var st Standard
	err := s.Store.InTx(ctx, func(tx Tx) error {
		if err := requireEditor(a); err != nil {
			return err
		}
		now := tx.Now()
		st = Standard{Version: 1, Status: StandardDraft, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
		in.apply(&st)
		if err := st.Validate(); err != nil {
			return err
		}
		if err := tx.CreateStandard(ctx, &st); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "standard.create", st, "")
	})
	return st, err
}

// Update replaces a draft's fields and indicators; a published or retired
// standard never changes (ErrConflict).
func (s *StandardService) Update(ctx context.Context, a Actor, id int64, in StandardInput) (Standard, error) {
	return s.move(ctx, a, id, StandardEdit, func(st *Standard) error {
		in.apply(st)
		return st.Validate()
	})
}

// Publish makes a complete draft the standard applications are scored
// against.
func (s *StandardService) Publish(ctx context.Context, a Actor, id int64) (Standard, error) {
	return s.move(ctx, a, id, StandardPublish, func(st *Standard) error { return st.ValidatePublish() })
}

// Retire takes a published standard out of use; applications scored
// against it keep it.
func (s *StandardService) Retire(ctx context.Context, a Actor, id int64) (Standard, error) {
	return s.move(ctx, a, id, StandardRetire, func(*Standard) error { return nil })
}

// move applies action to standard id in one transaction: the state machine
// decides, change adjusts and checks the fields, the audit records it.
func (s *StandardService) move(ctx context.Context, a Actor, id int64, action StandardAction,
	change func(*Standard) error) (Standard, error) {
	var st Standard
	err := s.Store.InTx(ctx, func(tx Tx) error {
		if err := requireEditor(a); err != nil {
			return err
		}
		var err error
		if st, err = tx.Standard(ctx, id); err != nil {
			return err
		}
		prev := st.Status
		if st.Status, err = NextStandardStatus(st.Status, action); err != nil {
			return err
		}
		if err := change(&st); err != nil {
			return err
		}
		st.UpdatedAt = tx.Now()
		if err := tx.UpdateStandard(ctx, &st, prev); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "standard."+string(action), st, "")
	})
	return st, err
}

// Copy makes a new draft from standard id, with the same fields and
// indicators and the next free version of its name: how a published
// standard is revised.
func (s *StandardService) Copy(ctx context.Context, a Actor, id int64) (Standard, error) {
	var st Standard
	err := s.Store.InTx(ctx, func(tx Tx) error {
		if err := requireEditor(a); err != nil {
			return err
		}
		src, err := tx.Standard(ctx, id)
		if err != nil {
			return err
		}
		v, err := tx.LatestStandardVersion(ctx, src.Level, src.RegionCode, src.Name)
		if err != nil {
			return err
		}
		now := tx.Now()
		st = src
		st.ID, st.Version, st.Status, st.CreatedBy, st.CreatedAt, st.UpdatedAt = 0, v+1, StandardDraft, a.UserID, now, now
		if err := tx.CreateStandard(ctx, &st); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "standard.copy", st, fmt.Sprintf("from standard:%d", src.ID))
	})
	return st, err
}

func (s *StandardService) audit(ctx context.Context, tx Tx, a Actor, action string, st Standard, detail string) error {
	if detail == "" {
		detail = fmt.Sprintf("%s v%d %s", st.Name, st.Version, st.Status)
	}
	e := auditOf(a, tx.Now(), action, fmt.Sprintf("standard:%d", st.ID), detail)
	return tx.AddAudit(ctx, &e)
}
