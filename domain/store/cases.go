package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

type caseRow struct {
	bun.BaseModel `bun:"table:campaign_cases,alias:cc"`

	ID               int64 `bun:",pk,autoincrement"`
	CommunityID      int64 `bun:",notnull"`
	OrgID            int64 `bun:",nullzero"`
	Title            string
	Body             string
	Status           string
	CreatedBy        int64 `bun:",nullzero"`
	Creator          string
	FirstPublishedAt time.Time `bun:",nullzero"`
	PublishedAt      time.Time `bun:",nullzero"`
	Version          int       `bun:",notnull"`
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (r *caseRow) BeforeAppendModel(_ context.Context, q bun.Query) error { return checkText(q, r) }

func caseFromDomain(c *domain.Case) *caseRow {
	return &caseRow{ID: c.ID, CommunityID: c.CommunityID, OrgID: c.OrgID, Title: c.Title, Body: c.Text,
		Status: string(c.Status), CreatedBy: c.CreatedBy, Creator: c.Creator,
		FirstPublishedAt: utcOrZero(c.FirstPublishedAt), PublishedAt: utcOrZero(c.PublishedAt), Version: c.Version,
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()}
}

func (r caseRow) toDomain() domain.Case {
	return domain.Case{ID: r.ID, CommunityID: r.CommunityID, OrgID: r.OrgID, Title: r.Title, Text: r.Body,
		Status: domain.CaseStatus(r.Status), CreatedBy: r.CreatedBy, Creator: r.Creator,
		FirstPublishedAt: utcOrZero(r.FirstPublishedAt), PublishedAt: utcOrZero(r.PublishedAt), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// caseViewRow is a case joined with its community and recording bureau.
type caseViewRow struct {
	caseRow `bun:",extend"`

	CommunityName   string `bun:"community_name"`
	CommunityCity   string `bun:"community_city"`
	CommunityRegion string `bun:"community_region"`
	BureauName      string `bun:"bureau_name"`
}

func (r caseViewRow) toDomain() domain.CaseView {
	return domain.CaseView{Case: r.caseRow.toDomain(), Community: r.CommunityName, CityCode: r.CommunityCity,
		RegionCode: r.CommunityRegion, Bureau: r.BureauName}
}

func (q queries) caseViews(rows *[]caseViewRow) *bun.SelectQuery {
	return q.db.NewSelect().Model(rows).ColumnExpr("cc.*").
		ColumnExpr("c.name AS community_name, c.city_code AS community_city, c.region_code AS community_region").
		ColumnExpr("COALESCE(o.name, '') AS bureau_name").
		Join("JOIN communities AS c ON c.id = cc.community_id").
		Join("LEFT JOIN organizations AS o ON o.id = cc.org_id")
}

func (q queries) Case(ctx context.Context, id int64) (_ domain.CaseView, err error) {
	defer wrap(&err, "store.Case(%d)", id)
	var rows []caseViewRow
	if err := q.caseViews(&rows).Where("cc.id = ?", id).Scan(ctx); err != nil {
		return domain.CaseView{}, translate(err)
	}
	if len(rows) == 0 {
		return domain.CaseView{}, domain.Fail(domain.ErrNotFound, "case.not_found", id)
	}
	return rows[0].toDomain(), nil
}

func (q queries) Cases(ctx context.Context, f domain.CaseFilter, p domain.Page) (_ []domain.CaseView, err error) {
	defer wrap(&err, "store.Cases(%+v)", f)
	var rows []caseViewRow
	sq := q.caseViews(&rows)
	if f.Status != "" {
		sq = sq.Where("cc.status = ?", string(f.Status))
	}
	if f.CommunityID != 0 {
		sq = sq.Where("cc.community_id = ?", f.CommunityID)
	}
	if f.ScopeCommunityID != 0 {
		sq = sq.Where("cc.community_id = ?", f.ScopeCommunityID)
	}
	if f.CityCode != "" {
		sq = sq.Where("c.city_code = ?", f.CityCode)
	}
	if f.RegionCode != "" {
		sq = sq.Where("c.region_code = ?", f.RegionCode)
	}
	if !f.FirstPublishedFrom.IsZero() {
		sq = sq.Where("cc.first_published_at >= ?", f.FirstPublishedFrom.UTC())
	}
	if !f.FirstPublishedTo.IsZero() {
		sq = sq.Where("cc.first_published_at < ?", f.FirstPublishedTo.UTC())
	}
	if err := page(sq, "cc.id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.CaseView, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) CreateCase(ctx context.Context, c *domain.Case) (err error) {
	defer wrap(&err, "store.CreateCase(community %d)", c.CommunityID)
	c.Version = 1
	r := caseFromDomain(c)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		c.Version = 0
		return translate(err)
	}
	c.ID = r.ID
	return nil
}

func (q queries) UpdateCase(ctx context.Context, c *domain.Case) (err error) {
	defer wrap(&err, "store.UpdateCase(%d, version %d)", c.ID, c.Version)
	return updateVersioned(ctx, &c.Version, c.ID, "case.changed", string(c.Status), func() *bun.UpdateQuery {
		return q.db.NewUpdate().Model(caseFromDomain(c)).ExcludeColumn("id", "created_by", "creator", "created_at")
	})
}

type exchangeRow struct {
	bun.BaseModel `bun:"table:exchange_activities,alias:ex"`

	ID           int64   `bun:",pk,autoincrement"`
	Title        string  `bun:",notnull"`
	HeldOn       sqlDate `bun:",type:date"`
	Place        string  `bun:",notnull"`
	OrgID        int64   `bun:",notnull"`
	Participants string  `bun:",notnull"`
	Summary      string  `bun:",notnull"`
	CreatedBy    int64   `bun:",nullzero"`
	Creator      string  `bun:",notnull"`
	Version      int     `bun:",notnull"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (r *exchangeRow) BeforeAppendModel(_ context.Context, q bun.Query) error { return checkText(q, r) }

func exchangeFromDomain(x *domain.Exchange) *exchangeRow {
	return &exchangeRow{ID: x.ID, Title: x.Title, HeldOn: sqlDate{x.HeldOn}, Place: x.Place, OrgID: x.OrgID,
		Participants: x.Participants, Summary: x.Summary, CreatedBy: x.CreatedBy, Creator: x.Creator,
		Version: x.Version, CreatedAt: x.CreatedAt.UTC(), UpdatedAt: x.UpdatedAt.UTC()}
}

// exchangeViewRow is an exchange activity joined with its organiser.
type exchangeViewRow struct {
	exchangeRow `bun:",extend"`

	OrgName string `bun:"org_name"`
}

func (r exchangeViewRow) toDomain() domain.ExchangeView {
	return domain.ExchangeView{Exchange: domain.Exchange{ID: r.ID, Title: r.Title, HeldOn: r.HeldOn.Date,
		Place: r.Place, OrgID: r.OrgID, Participants: r.Participants, Summary: r.Summary, CreatedBy: r.CreatedBy,
		Creator: r.Creator, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()},
		Organiser: r.OrgName}
}

func (q queries) exchangeViews(rows *[]exchangeViewRow) *bun.SelectQuery {
	return q.db.NewSelect().Model(rows).ColumnExpr("ex.*").ColumnExpr("o.name AS org_name").
		Join("JOIN organizations AS o ON o.id = ex.org_id")
}

func (q queries) Exchange(ctx context.Context, id int64) (_ domain.ExchangeView, err error) {
	defer wrap(&err, "store.Exchange(%d)", id)
	var rows []exchangeViewRow
	if err := q.exchangeViews(&rows).Where("ex.id = ?", id).Scan(ctx); err != nil {
		return domain.ExchangeView{}, translate(err)
	}
	if len(rows) == 0 {
		return domain.ExchangeView{}, domain.Fail(domain.ErrNotFound, "exchange.not_found", id)
	}
	return rows[0].toDomain(), nil
}

func (q queries) Exchanges(ctx context.Context, f domain.ExchangeFilter, p domain.Page) (_ []domain.ExchangeView, err error) {
	defer wrap(&err, "store.Exchanges(%+v)", f)
	var rows []exchangeViewRow
	sq := q.exchangeViews(&rows)
	if f.OrgID != 0 {
		sq = sq.Where("ex.org_id = ?", f.OrgID)
	}
	if err := page(sq, "ex.id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.ExchangeView, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) CreateExchange(ctx context.Context, x *domain.Exchange) (err error) {
	defer wrap(&err, "store.CreateExchange(%s)", x.Title)
	x.Version = 1
	r := exchangeFromDomain(x)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		x.Version = 0
		return translate(err)
	}
	x.ID = r.ID
	return nil
}

func (q queries) UpdateExchange(ctx context.Context, x *domain.Exchange) (err error) {
	defer wrap(&err, "store.UpdateExchange(%d, version %d)", x.ID, x.Version)
	return updateVersioned(ctx, &x.Version, x.ID, "exchange.changed", "", func() *bun.UpdateQuery {
		return q.db.NewUpdate().Model(exchangeFromDomain(x)).ExcludeColumn("id", "created_by", "creator", "created_at")
	})
}
