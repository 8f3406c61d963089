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
	var p params
	if err := q.selectOne(ctx, q.db.NewSelect().Model(&r).Where("id = "+p.add(id)), &p, &r); err != nil {
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
	if len(f.IDs) > 0 {
		// The hot paths' one read of a change's organisations: parameters.
		var p params
		if err := q.selectRaw(ctx, orgsByID(q.db, sq, &p, f.IDs).Order("org_row.id"), &p, &rows); err != nil {
			return nil, err
		}
		return orgsToDomain(rows), nil
	}
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
	return orgsToDomain(rows), nil
}

func orgsToDomain(rows []orgRow) []domain.Organization {
	out := make([]domain.Organization, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out
}

func (q queries) Community(ctx context.Context, id int64) (_ domain.Community, err error) {
	defer wrap(&err, "store.Community(%d)", id)
	// A parameter, not the id written in, as Organization: an action on a
	// hot spot's task reads its community, and a statement that repeats
	// is planned once per connection instead of on every call.
	var r communityRow
	var p params
	if err := q.selectOne(ctx, q.db.NewSelect().Model(&r).Where("id = "+p.add(id)), &p, &r); err != nil {
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
	if f.Place != "" {
		sq = sq.WhereGroup(" AND ", func(w *bun.SelectQuery) *bun.SelectQuery {
			return w.Where("region_code = ?", f.Place).WhereOr("city_code = ?", f.Place)
		})
	}
	if f.HousingType != "" {
		sq = sq.Where("housing_type = ?", f.HousingType)
	}
	if f.PropertyManaged != nil {
		sq = sq.Where("property_managed = ?", *f.PropertyManaged)
	}
	if f.Q != "" {
		pat := likePattern(f.Q)
		sq = sq.WhereGroup(" AND ", func(w *bun.SelectQuery) *bun.SelectQuery {
			return w.Where(`lower(name) LIKE ? ESCAPE '\'`, pat).WhereOr(`lower(name_en) LIKE ? ESCAPE '\'`, pat).
				WhereOr(`lower(code) LIKE ? ESCAPE '\'`, pat).WhereOr(`lower(address) LIKE ? ESCAPE '\'`, pat)
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

// codeChunk is how many codes one IN list of CommunitiesByCode names.
const codeChunk = 1000

func (q queries) CommunitiesByCode(ctx context.Context, codes []string) (_ map[string]domain.Community, err error) {
	defer wrap(&err, "store.CommunitiesByCode(%d codes)", len(codes))
	out := make(map[string]domain.Community, len(codes))
	for i := 0; i < len(codes); i += codeChunk {
		var rows []communityRow
		chunk := codes[i:min(i+codeChunk, len(codes))]
		if err := q.db.NewSelect().Model(&rows).Where("code IN (?)", bun.List(chunk)).Scan(ctx); err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			out[r.Code] = r.toDomain()
		}
	}
	return out, nil
}

// upsertChunk is how many communities one statement of UpsertCommunities
// writes: about 20 values a row keeps a statement well under both
// databases' limits while making a 5,000-row register ten round trips.
const upsertChunk = 500

func (q queries) UpsertCommunities(ctx context.Context, cs []domain.Community) (err error) {
	defer wrap(&err, "store.UpsertCommunities(%d)", len(cs))
	set := []string{"name", "name_en", "region", "city", "county", "scale", "pilot", "active",
		"region_code", "city_code", "address", "housing_type", "households", "property_managed",
		"property_company", "updated_at"}
	for i := 0; i < len(cs); i += upsertChunk {
		part := cs[i:min(i+upsertChunk, len(cs))]
		rows := make([]communityRow, len(part))
		for j := range part {
			rows[j] = *communityFromDomain(&part[j])
			rows[j].ID = 0
		}
		iq := q.db.NewInsert().Model(&rows).ExcludeColumn("id").On("CONFLICT (code) DO UPDATE")
		for _, c := range set {
			iq = iq.Set("? = EXCLUDED.?", bun.Ident(c), bun.Ident(c))
		}
		if _, err := iq.Exec(ctx); err != nil {
			return translate(err)
		}
		if err := q.noteCommunityStatuses(ctx, part); err != nil {
			return err
		}
	}
	return nil
}

// noteCommunityStatuses is noteCommunityStatus for a batch, in one
// statement: each community of cs whose active flag differs from where its
// history ends (a new community's history "ends" inactive) gets a row at
// its updated_at.
func (q queries) noteCommunityStatuses(ctx context.Context, cs []domain.Community) error {
	codes := make([]string, len(cs))
	for i, c := range cs {
		codes[i] = c.Code
	}
	_, err := q.db.NewRaw(`INSERT INTO community_status_changes (community_id, at, active)
SELECT c.id, c.updated_at, c.active FROM communities c
WHERE c.code IN (?) AND c.active <> COALESCE((SELECT s.active FROM community_status_changes s
    WHERE s.community_id = c.id ORDER BY s.at DESC, s.id DESC LIMIT 1), FALSE)`, bun.List(codes)).Exec(ctx)
	return translate(err)
}
