package domain

import (
	"context"
	"errors"
	"strconv"
	"time"
)

// CatalogService reads and edits the reference catalogue: organisations and
// communities.
type CatalogService struct {
	Store CatalogStore
	Now   func() time.Time
}

// Organizations lists organisations, ordered by ID.
func (s *CatalogService) Organizations(ctx context.Context, a Actor, f OrgFilter, p Page) (List[Organization], error) {
	if err := Require(a, PermReadCatalog); err != nil {
		return List[Organization]{}, err
	}
	if err := f.Validate(); err != nil {
		return List[Organization]{}, err
	}
	rows, err := s.Store.Organizations(ctx, f, p)
	if err != nil {
		return List[Organization]{}, err
	}
	return Paginate(rows, p.Limit, func(o Organization) Cursor { return Cursor{ID: o.ID} }), nil
}

// Organization returns one organisation.
func (s *CatalogService) Organization(ctx context.Context, a Actor, id int64) (Organization, error) {
	if err := Require(a, PermReadCatalog); err != nil {
		return Organization{}, err
	}
	return s.Store.Organization(ctx, id)
}

// CreateOrganization adds an organisation (admin).
func (s *CatalogService) CreateOrganization(ctx context.Context, a Actor, c SaveOrganization) (Organization, error) {
	if err := Require(a, PermEditCatalog); err != nil {
		return Organization{}, err
	}
	o := Organization{Code: c.Code, Active: true, Level: "city"}
	if err := c.apply(&o); err != nil {
		return Organization{}, err
	}
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		o.CreatedAt, o.UpdatedAt = now, now
		if err := tx.CreateOrganization(ctx, &o); err != nil {
			if errors.Is(err, ErrConflict) {
				return Fail(ErrConflict, "org.code_taken", o.Code)
			}
			return err
		}
		e := auditOf(a, now, "org.create", "org:"+strconv.FormatInt(o.ID, 10), o.Code)
		return tx.AddAudit(ctx, &e)
	})
	return o, err
}

// UpdateOrganization edits an organisation (admin). The code never changes.
func (s *CatalogService) UpdateOrganization(ctx context.Context, a Actor, id int64, c SaveOrganization) (Organization, error) {
	if err := Require(a, PermEditCatalog); err != nil {
		return Organization{}, err
	}
	var o Organization
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		var err error
		if o, err = tx.Organization(ctx, id); err != nil {
			return err
		}
		c.Code = o.Code
		if err := c.apply(&o); err != nil {
			return err
		}
		o.UpdatedAt = now
		if err := tx.UpdateOrganization(ctx, &o); err != nil {
			return err
		}
		e := auditOf(a, now, "org.update", "org:"+strconv.FormatInt(o.ID, 10), "")
		return tx.AddAudit(ctx, &e)
	})
	return o, err
}

// Communities lists communities, ordered by ID. The catalogue is reference
// data that every signed-in user may read; work (tasks, hot-spots) is what
// is scoped to an organisation or community.
func (s *CatalogService) Communities(ctx context.Context, a Actor, f CommunityFilter, p Page) (List[Community], error) {
	if err := Require(a, PermReadCatalog); err != nil {
		return List[Community]{}, err
	}
	if err := f.Validate(); err != nil {
		return List[Community]{}, err
	}
	rows, err := s.Store.Communities(ctx, f, p)
	if err != nil {
		return List[Community]{}, err
	}
	return Paginate(rows, p.Limit, func(c Community) Cursor { return Cursor{ID: c.ID} }), nil
}

// Community returns one community.
func (s *CatalogService) Community(ctx context.Context, a Actor, id int64) (Community, error) {
	if err := Require(a, PermReadCatalog); err != nil {
		return Community{}, err
	}
	return s.Store.Community(ctx, id)
}

// CreateCommunity adds a community to the register: the province
// anywhere, a housing bureau in its own place (ErrForbidden elsewhere).
func (s *CatalogService) CreateCommunity(ctx context.Context, a Actor, c SaveCommunity) (Community, error) {
	sc, err := registerScope(ctx, s.Store, a)
	if err != nil {
		return Community{}, err
	}
	m := Community{Code: c.Code, Active: true}
	if err := c.apply(&m); err != nil {
		return Community{}, err
	}
	if !sc.Manages(m) {
		return Community{}, Fail(ErrForbidden, "community.out_of_scope", m.RegionCode)
	}
	err = s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		m.CreatedAt, m.UpdatedAt = now, now
		if err := tx.CreateCommunity(ctx, &m); err != nil {
			if errors.Is(err, ErrConflict) {
				return Fail(ErrConflict, "community.code_taken", m.Code)
			}
			return err
		}
		e := auditOf(a, now, "community.create", "community:"+strconv.FormatInt(m.ID, 10), m.Code)
		return tx.AddAudit(ctx, &e)
	})
	return m, err
}

// UpdateCommunity edits a community of the register: the province any, a
// housing bureau those of its own place (another's is not found, and
// moving one out of its place is forbidden).
func (s *CatalogService) UpdateCommunity(ctx context.Context, a Actor, id int64, c SaveCommunity) (Community, error) {
	sc, err := registerScope(ctx, s.Store, a)
	if err != nil {
		return Community{}, err
	}
	var m Community
	err = s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		var err error
		if m, err = tx.Community(ctx, id); err != nil {
			return err
		}
		if !sc.Manages(m) {
			return Fail(ErrNotFound, "community.not_found", id)
		}
		c.Code = m.Code
		if err := c.apply(&m); err != nil {
			return err
		}
		if !sc.Manages(m) {
			return Fail(ErrForbidden, "community.out_of_scope", m.RegionCode)
		}
		m.UpdatedAt = now
		if err := tx.UpdateCommunity(ctx, &m); err != nil {
			return err
		}
		e := auditOf(a, now, "community.update", "community:"+strconv.FormatInt(m.ID, 10), "")
		return tx.AddAudit(ctx, &e)
	})
	return m, err
}

// AuditService reads the audit trail.
type AuditService struct {
	Store AuditReader
}

// Entries lists audit entries, newest first, for an admin.
func (s *AuditService) Entries(ctx context.Context, a Actor, f AuditFilter, p Page) (List[AuditEntry], error) {
	if err := Require(a, PermReadAudit); err != nil {
		return List[AuditEntry]{}, err
	}
	if err := f.Validate(); err != nil {
		return List[AuditEntry]{}, err
	}
	rows, err := s.Store.Audit(ctx, f, p)
	if err != nil {
		return List[AuditEntry]{}, err
	}
	return Paginate(rows, p.Limit, func(e AuditEntry) Cursor { return Cursor{ID: e.ID} }), nil
}
