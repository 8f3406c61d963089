package store

import (
	"context"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// The catalogue: organisations and communities (domain.OrgReader,
// OrgWriter, CommunityReader, CommunityWriter).

func (q queries) Organization(ctx context.Context, id int64) (_ domain.Organization, err error) {
	defer wrap(&err, "store.Organization(%d)", id)
	var r orgRow
	err = q.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx)
	if err != nil {
		return domain.Organization{}, notFound(err, "org.not_found", id)
	}
	return r.toDomain(), nil
}

func (q queries) OrganizationByCode(ctx context.Context, code string) (_ domain.Organization, err error) {
	defer wrap(&err, "store.OrganizationByCode(%q)", code)
	var r orgRow
	err = q.db.NewSelect().Model(&r).Where("code = ?", code).Scan(ctx)
	if err != nil {
		return domain.Organization{}, notFound(err, "org.not_found", code)
	}
	return r.toDomain(), nil
}

func (q queries) Organizations(ctx context.Context, f domain.OrgFilter, p domain.Page) (_ []domain.Organization, err error) {
	defer wrap(&err, "store.Organizations(%+v)", f)
	var rows []orgRow
	sq := q.db.NewSelect().Model(&rows)
	if f.Type != "" {
		sq = sq.Where("type = ?", f.Type)
	}
	if f.Region != "" {
		sq = sq.Where("region = ?", f.Region)
	}
	if f.Active != nil {
		sq = sq.Where("active = ?", *f.Active)
	}
	if f.Q != "" {
		pat := likePattern(f.Q)
		sq = sq.WhereGroup(" AND ", func(w *bun.SelectQuery) *bun.SelectQuery {
			return w.Where(`lower(name) LIKE ? ESCAPE '\'`, pat).
				WhereOr(`lower(name_en) LIKE ? ESCAPE '\'`, pat).
				WhereOr(`code LIKE ? ESCAPE '\'`, pat)
		})
	}
	if err := page(sq, "id", p, false).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.Organization, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) Community(ctx context.Context, id int64) (_ domain.Community, err error) {
	defer wrap(&err, "store.Community(%d)", id)
	var r communityRow
	if err := q.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
		return domain.Community{}, notFound(err, "community.not_found", id)
	}
	return r.toDomain(), nil
}

func (q queries) CommunityByCode(ctx context.Context, code string) (_ domain.Community, err error) {
	defer wrap(&err, "store.CommunityByCode(%q)", code)
	var r communityRow
	if err := q.db.NewSelect().Model(&r).Where("code = ?", code).Scan(ctx); err != nil {
		return domain.Community{}, notFound(err, "community.not_found", code)
	}
	return r.toDomain(), nil
}

func (q queries) Communities(ctx context.Context, f domain.CommunityFilter, p domain.Page) (_ []domain.Community, err error) {
	defer wrap(&err, "store.Communities(%+v)", f)
	var rows []communityRow
	sq := q.db.NewSelect().Model(&rows)
	if f.ID != 0 {
		sq = sq.Where("id = ?", f.ID)
	}
	if f.RegionCode != "" {
		sq = sq.Where("region_code = ?", f.RegionCode)
	}
	if f.CityCode != "" {
		sq = sq.Where("city_code = ?", f.CityCode)
	}
	if f.Region != "" {
		sq = sq.Where("region = ?", f.Region)
	}
	if f.Pilot != nil {
		sq = sq.Where("pilot = ?", *f.Pilot)
	}
	if f.Active != nil {
		sq = sq.Where("active = ?", *f.Active)
	}
	if f.Q != "" {
		pat := likePattern(f.Q)
		sq = sq.WhereGroup(" AND ", func(w *bun.SelectQuery) *bun.SelectQuery {
			return w.Where(`lower(name) LIKE ? ESCAPE '\'`, pat).WhereOr(`lower(name_en) LIKE ? ESCAPE '\'`, pat)
		})
	}
	if err := page(sq, "id", p, false).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.Community, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) CreateOrganization(ctx context.Context, o *domain.Organization) (err error) {
	defer wrap(&err, "store.CreateOrganization(%q)", o.Code)
	r := orgFromDomain(o)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	o.ID = r.ID
	return nil
}

func (q queries) UpdateOrganization(ctx context.Context, o *domain.Organization) (err error) {
	defer wrap(&err, "store.UpdateOrganization(%d)", o.ID)
	_, err = q.db.NewUpdate().Model(orgFromDomain(o)).WherePK().ExcludeColumn("code", "created_at").Exec(ctx)
	return translate(err)
}

func (q queries) EnsureOrganization(ctx context.Context, o *domain.Organization) (_ bool, err error) {
	defer wrap(&err, "store.EnsureOrganization(%q)", o.Code)
	r := orgFromDomain(o)
	res, err := q.db.NewInsert().Model(r).On("CONFLICT (code) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n > 0, translate(err)
}

func (q queries) CreateCommunity(ctx context.Context, c *domain.Community) (err error) {
	defer wrap(&err, "store.CreateCommunity(%q)", c.Code)
	r := communityFromDomain(c)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	c.ID = r.ID
	return q.noteCommunityStatus(ctx, c.ID, c.Active, c.CreatedAt) // the register's history (progress.go)
}

func (q queries) UpdateCommunity(ctx context.Context, c *domain.Community) (err error) {
	defer wrap(&err, "store.UpdateCommunity(%d)", c.ID)
	res, err := q.db.NewUpdate().Model(communityFromDomain(c)).WherePK().ExcludeColumn("code", "created_at").Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return translate(err) // no such community: nothing to note
	}
	return q.noteCommunityStatus(ctx, c.ID, c.Active, c.UpdatedAt) // the register's history (progress.go)
}

func (q queries) EnsureCommunity(ctx context.Context, c *domain.Community) (_ bool, err error) {
	defer wrap(&err, "store.EnsureCommunity(%q)", c.Code)
	res, err := q.db.NewInsert().Model(communityFromDomain(c)).On("CONFLICT (code) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, translate(err)
	}
	// The register's history (progress.go).
	var id int64
	if err := q.db.NewSelect().TableExpr("communities").Column("id").Where("code = ?", c.Code).Scan(ctx, &id); err != nil {
		return false, translate(err)
	}
	return true, q.noteCommunityStatus(ctx, id, c.Active, c.CreatedAt)
}
