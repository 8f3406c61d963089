package domain

import (
	"context"
	"errors"
	"fmt"
)

// Exchange activities belong to their organiser: a bureau sees and edits
// its own organisation's; the province sees and edits all and names the
// organiser; leadership reads all.

// visibleExchange loads an exchange activity a may read; ErrNotFound
// otherwise.
func visibleExchange(ctx context.Context, q caseQueries, a Actor, id int64) (ExchangeView, CampaignScope, error) {
	scope, err := scopeOf(ctx, q, a)
	if err != nil {
		return ExchangeView{}, scope, err
	}
	x, err := q.Exchange(ctx, id)
	if err != nil {
		return ExchangeView{}, scope, err
	}
	if !scope.Province && !scope.Reader && !(scope.Bureau() && x.OrgID == scope.OrgID) {
		return ExchangeView{}, scope, Fail(ErrNotFound, "exchange.not_found", id)
	}
	return x, scope, nil
}

// editableExchange loads an exchange activity a may change: ErrNotFound
// when a cannot see it, ErrForbidden when a only reads it.
func editableExchange(ctx context.Context, q caseQueries, a Actor, id int64) (ExchangeView, error) {
	x, scope, err := visibleExchange(ctx, q, a, id)
	if err != nil {
		return x, err
	}
	if scope.Reader {
		return x, Fail(ErrForbidden, "exchange.forbidden")
	}
	return x, nil
}

// CanEditExchange reports whether a may change exchange activities at all
// (the pages' form and buttons); each change is checked again.
func (s *CaseService) CanEditExchange(ctx context.Context, a Actor) bool {
	scope, err := scopeOf(ctx, s.Store, a)
	return err == nil && (scope.Province || scope.Bureau())
}

// organiser returns the organiser an exchange of a's gets: a bureau's own
// organisation, or the one the province names.
func organiser(ctx context.Context, q caseQueries, a Actor, orgID int64) (int64, error) {
	scope, err := scopeOf(ctx, q, a)
	if err != nil {
		return 0, err
	}
	switch {
	case scope.Province:
		if orgID <= 0 {
			return 0, Invalid("exchange.org_required")
		}
		if _, err := q.Organization(ctx, orgID); err != nil {
			if errors.Is(err, ErrNotFound) {
				return 0, Invalid("exchange.org_invalid", orgID)
			}
			return 0, err
		}
		return orgID, nil
	case scope.Bureau():
		if orgID != 0 && orgID != scope.OrgID {
			return 0, Fail(ErrForbidden, "exchange.forbidden")
		}
		return scope.OrgID, nil
	}
	return 0, Fail(ErrForbidden, "exchange.forbidden")
}

// CreateExchange records an exchange activity.
func (s *CaseService) CreateExchange(ctx context.Context, a Actor, in ExchangeInput) (ExchangeView, error) {
	if err := in.Validate(); err != nil {
		return ExchangeView{}, err
	}
	var id int64
	err := s.Store.InTx(ctx, func(tx Tx) error {
		org, err := organiser(ctx, tx, a, in.OrgID)
		if err != nil {
			return err
		}
		now := tx.Now().UTC()
		x := Exchange{Title: in.Title, HeldOn: in.HeldOn, Place: in.Place, OrgID: org, Participants: in.Participants,
			Summary: in.Summary, CreatedBy: a.UserID, Creator: a.Username, CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateExchange(ctx, &x); err != nil {
			return err
		}
		id = x.ID
		e := auditOf(a, now, "exchange.create", exchangeTarget(x.ID), fmt.Sprintf("%s %s", x.HeldOn, x.Title))
		return tx.AddAudit(ctx, &e)
	})
	if err != nil {
		return ExchangeView{}, err
	}
	return s.Store.Exchange(ctx, id)
}

// UpdateExchange rewrites an exchange activity. Only the province may
// move it to another organiser.
func (s *CaseService) UpdateExchange(ctx context.Context, a Actor, id int64, in ExchangeInput) (ExchangeView, error) {
	if err := in.Validate(); err != nil {
		return ExchangeView{}, err
	}
	err := s.Store.InTx(ctx, func(tx Tx) error {
		v, err := editableExchange(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if in.OrgID == 0 {
			in.OrgID = v.OrgID
		}
		org, err := organiser(ctx, tx, a, in.OrgID)
		if err != nil {
			return err
		}
		x := v.Exchange
		x.Title, x.HeldOn, x.Place, x.OrgID = in.Title, in.HeldOn, in.Place, org
		x.Participants, x.Summary, x.UpdatedAt = in.Participants, in.Summary, tx.Now().UTC()
		if err := tx.UpdateExchange(ctx, &x); err != nil {
			return err
		}
		e := auditOf(a, x.UpdatedAt, "exchange.update", exchangeTarget(id), fmt.Sprintf("%s %s", x.HeldOn, x.Title))
		return tx.AddAudit(ctx, &e)
	})
	if err != nil {
		return ExchangeView{}, err
	}
	return s.Store.Exchange(ctx, id)
}

// Exchange returns an exchange activity a may read; ErrNotFound otherwise.
func (s *CaseService) Exchange(ctx context.Context, a Actor, id int64) (ExchangeView, error) {
	x, _, err := visibleExchange(ctx, s.Store, a, id)
	return x, err
}

// Exchanges lists the exchange activities a may read, newest first.
func (s *CaseService) Exchanges(ctx context.Context, a Actor, f ExchangeFilter, p Page) (List[ExchangeView], error) {
	scope, err := scopeOf(ctx, s.Store, a)
	if err != nil {
		return List[ExchangeView]{}, err
	}
	switch {
	case scope.Province || scope.Reader:
	case scope.Bureau():
		f.OrgID = scope.OrgID
	default:
		return List[ExchangeView]{}, nil
	}
	rows, err := s.Store.Exchanges(ctx, f, p)
	if err != nil {
		return List[ExchangeView]{}, err
	}
	return Paginate(rows, p.Limit, func(x ExchangeView) Cursor { return Cursor{ID: x.ID} }), nil
}
