package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// Campaign standards (domain.StandardReader, StandardWriter).

type standardRow struct {
	bun.BaseModel `bun:"table:standards"`

	ID         int64  `bun:",pk,autoincrement"`
	Name       string `bun:",notnull"`
	Level      string `bun:",notnull"`
	RegionCode string `bun:",notnull"`
	Version    int    `bun:",notnull"`
	Status     string `bun:",notnull"`
	PassScore  int    `bun:",notnull"`
	CreatedBy  *int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

type indicatorRow struct {
	bun.BaseModel `bun:"table:standard_indicators"`

	StandardID                int64  `bun:",pk"`
	Position                  int    `bun:",pk"`
	Code                      string `bun:",notnull"`
	Dimension                 string `bun:",notnull"`
	Title                     string `bun:",notnull"`
	Guidance                  string `bun:",notnull"`
	Assessment                string `bun:",notnull"`
	EvidenceRequired          bool   `bun:",notnull"`
	Veto                      bool   `bun:",notnull"`
	PointsResidentialDistrict *int
	PointsNeighborhood        *int
	PointsCluster             *int
}

func (r *standardRow) BeforeAppendModel(_ context.Context, q bun.Query) error { return checkText(q, r) }
func (r *indicatorRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}

func standardFromDomain(s *domain.Standard) *standardRow {
	r := &standardRow{ID: s.ID, Name: s.Name, Level: string(s.Level), RegionCode: s.RegionCode, Version: s.Version,
		Status: string(s.Status), PassScore: s.PassScore, CreatedAt: s.CreatedAt.UTC(), UpdatedAt: s.UpdatedAt.UTC()}
	if s.CreatedBy != 0 {
		r.CreatedBy = &s.CreatedBy
	}
	return r
}

func (r standardRow) toDomain(ins []domain.Indicator) domain.Standard {
	s := domain.Standard{ID: r.ID, Name: r.Name, Level: domain.StandardLevel(r.Level), RegionCode: r.RegionCode,
		Version: r.Version, Status: domain.StandardStatus(r.Status), PassScore: r.PassScore, Indicators: ins,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if r.CreatedBy != nil {
		s.CreatedBy = *r.CreatedBy
	}
	return s
}

func indicatorFromDomain(standardID int64, pos int, in domain.Indicator) indicatorRow {
	return indicatorRow{StandardID: standardID, Position: pos, Code: in.Code, Dimension: in.Dimension,
		Title: in.Title, Guidance: in.Guidance, Assessment: strings.Join(in.Methods, ","),
		EvidenceRequired: in.Evidence, Veto: in.Veto, PointsResidentialDistrict: in.Points["residential_district"],
		PointsNeighborhood: in.Points["neighborhood"], PointsCluster: in.Points["cluster"]}
}

func (r indicatorRow) toDomain() domain.Indicator {
	in := domain.Indicator{Code: r.Code, Dimension: r.Dimension, Title: r.Title, Guidance: r.Guidance,
		Evidence: r.EvidenceRequired, Veto: r.Veto, Methods: []string{},
		Points: map[string]*int{"residential_district": r.PointsResidentialDistrict,
			"neighborhood": r.PointsNeighborhood, "cluster": r.PointsCluster}}
	if r.Assessment != "" {
		in.Methods = strings.Split(r.Assessment, ",")
	}
	return in
}

func (q queries) Standard(ctx context.Context, id int64) (_ domain.Standard, err error) {
	defer wrap(&err, "store.Standard(%d)", id)
	var r standardRow
	if err := q.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
		return domain.Standard{}, notFound(err, "standard.not_found", id)
	}
	ins, err := q.indicators(ctx, []int64{id})
	if err != nil {
		return domain.Standard{}, err
	}
	return r.toDomain(ins[id]), nil
}

func (q queries) Standards(ctx context.Context, f domain.StandardFilter, p domain.Page) (_ []domain.Standard, err error) {
	defer wrap(&err, "store.Standards(%+v)", f)
	var rows []standardRow
	sq := q.db.NewSelect().Model(&rows)
	if f.Level != "" {
		sq = sq.Where("level = ?", string(f.Level))
	}
	if f.RegionCode != "" {
		sq = sq.Where("region_code = ?", f.RegionCode)
	}
	if f.Status != "" {
		sq = sq.Where("status = ?", string(f.Status))
	}
	if f.Published {
		sq = sq.Where("status IN (?)", bun.List([]string{string(domain.StandardPublished), string(domain.StandardRetired)}))
	}
	if err := page(sq, "id", p, false).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	ins, err := q.indicators(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Standard, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain(ins[r.ID])
	}
	return out, nil
}

// indicators loads the indicators of the standards ids, in sheet order.
func (q queries) indicators(ctx context.Context, ids []int64) (map[int64][]domain.Indicator, error) {
	out := map[int64][]domain.Indicator{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []indicatorRow
	err := q.db.NewSelect().Model(&rows).Where("standard_id IN (?)", bun.List(ids)).
		Order("standard_id", "position").Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.StandardID] = append(out[r.StandardID], r.toDomain())
	}
	return out, nil
}

func (q queries) LatestStandardVersion(ctx context.Context, level domain.StandardLevel, region, name string) (_ int, err error) {
	defer wrap(&err, "store.LatestStandardVersion(%s, %q, %q)", level, region, name)
	var v *int
	err = q.db.NewSelect().Model((*standardRow)(nil)).ColumnExpr("MAX(version)").
		Where("level = ?", string(level)).Where("region_code = ?", region).Where("name = ?", name).Scan(ctx, &v)
	if err != nil || v == nil {
		return 0, translate(err)
	}
	return *v, nil
}

func (q queries) CreateStandard(ctx context.Context, s *domain.Standard) (err error) {
	defer wrap(&err, "store.CreateStandard(%q v%d)", s.Name, s.Version)
	r := standardFromDomain(s)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return versionTaken(translate(err), s)
	}
	s.ID = r.ID
	return q.insertIndicators(ctx, s)
}

func (q queries) EnsureStandard(ctx context.Context, s *domain.Standard) (_ bool, err error) {
	defer wrap(&err, "store.EnsureStandard(%q v%d)", s.Name, s.Version)
	r := standardFromDomain(s)
	res, err := q.db.NewInsert().Model(r).On("CONFLICT (level, region_code, name, version) DO NOTHING").
		Returning("id").Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, translate(err)
	}
	s.ID = r.ID
	return true, q.insertIndicators(ctx, s)
}

func (q queries) UpdateStandard(ctx context.Context, s *domain.Standard, prev domain.StandardStatus) (err error) {
	defer wrap(&err, "store.UpdateStandard(%d, %s)", s.ID, prev)
	res, err := q.db.NewUpdate().Model(standardFromDomain(s)).ExcludeColumn("id", "version", "created_by", "created_at").
		Where("id = ?", s.ID).Where("status = ?", string(prev)).Exec(ctx)
	if err != nil {
		return versionTaken(translate(err), s)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err != nil {
			return translate(err)
		}
		return domain.Fail(domain.ErrConflict, "standard.changed", s.ID)
	}
	if _, err := q.db.NewDelete().Model((*indicatorRow)(nil)).Where("standard_id = ?", s.ID).Exec(ctx); err != nil {
		return translate(err)
	}
	return q.insertIndicators(ctx, s)
}

func (q queries) insertIndicators(ctx context.Context, s *domain.Standard) error {
	if len(s.Indicators) == 0 {
		return nil
	}
	rows := make([]indicatorRow, len(s.Indicators))
	for i, in := range s.Indicators {
		rows[i] = indicatorFromDomain(s.ID, i+1, in)
	}
	if _, err := q.db.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return translate(err)
	}
	return nil
}

// versionTaken names a unique violation of a standard's name and version.
func versionTaken(err error, s *domain.Standard) error {
	if domain.ErrorKey(err) == "" && errors.Is(err, domain.ErrConflict) {
		return domain.Fail(domain.ErrConflict, "standard.version_taken", s.Name, s.Version)
	}
	return err
}
