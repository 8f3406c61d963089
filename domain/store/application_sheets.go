package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// Score sheets of campaign applications, the tasks linked to them, and
// the application list with its community and step deadline
// (domain.SheetReader, SheetWriter).

type sheetRow struct {
	bun.BaseModel `bun:"table:application_sheets,alias:sh"`

	ID            int64   `bun:",pk,autoincrement"`
	ApplicationID int64   `bun:",notnull"`
	Kind          string  `bun:",notnull"`
	Assessor      string  `bun:",notnull"`
	EnteredBy     int64   `bun:",nullzero"`
	EnteredOrgID  int64   `bun:",nullzero"`
	Total         int     `bun:",notnull"`
	VetoFailed    bool    `bun:",notnull"`
	InspectedOn   sqlDate `bun:",type:date"`
	Inspectors    string  `bun:",notnull"`
	Note          string  `bun:",notnull"`
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

type scoreRow struct {
	bun.BaseModel `bun:"table:application_scores,alias:sc"`

	SheetID    int64  `bun:",pk"`
	Indicator  string `bun:",pk"`
	Points     int    `bun:",notnull"`
	VetoFailed bool   `bun:",notnull"`
	Note       string `bun:",notnull"`
}

// applicationItemRow is an application with what its list shows of its
// community and its open review task.
type applicationItemRow struct {
	applicationRow `bun:",extend"`

	CommunityName   string
	CommunityNameEn string
	StepDue         sqlDate `bun:",type:date"`
	StepTaskID      int64   `bun:",nullzero"`
}

func (r *sheetRow) BeforeAppendModel(_ context.Context, q bun.Query) error { return checkText(q, r) }
func (r *scoreRow) BeforeAppendModel(_ context.Context, q bun.Query) error { return checkText(q, r) }
func (r *applicationItemRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}

func sheetFromDomain(s *domain.ScoreSheet) *sheetRow {
	return &sheetRow{ID: s.ID, ApplicationID: s.ApplicationID, Kind: string(s.Kind), Assessor: s.Assessor,
		EnteredBy: s.EnteredBy, EnteredOrgID: s.EnteredOrgID, Total: s.Total, VetoFailed: s.VetoFailed,
		InspectedOn: sqlDate{s.InspectedOn}, Inspectors: s.Inspectors, Note: s.Note, CreatedAt: s.CreatedAt.UTC(),
		UpdatedAt: s.UpdatedAt.UTC()}
}

func (r sheetRow) toDomain() domain.ScoreSheet {
	return domain.ScoreSheet{ID: r.ID, ApplicationID: r.ApplicationID, Kind: domain.SheetKind(r.Kind),
		Assessor: r.Assessor, EnteredBy: r.EnteredBy, EnteredOrgID: r.EnteredOrgID, Total: r.Total,
		VetoFailed: r.VetoFailed, InspectedOn: r.InspectedOn.Date, Inspectors: r.Inspectors, Note: r.Note,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func (q queries) ScoreSheets(ctx context.Context, applicationID int64) (_ []domain.ScoreSheet, err error) {
	defer wrap(&err, "store.ScoreSheets(%d)", applicationID)
	var rows []sheetRow
	if err := q.db.NewSelect().Model(&rows).Where("application_id = ?", applicationID).Order("id").
		Scan(ctx); err != nil {
		return nil, translate(err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var scores []scoreRow
	if err := q.db.NewSelect().Model(&scores).Where("sheet_id IN (?)", bun.List(ids)).
		Order("sheet_id", "indicator").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	by := map[int64][]domain.IndicatorScore{}
	for _, s := range scores {
		by[s.SheetID] = append(by[s.SheetID], domain.IndicatorScore{Indicator: s.Indicator, Points: s.Points,
			VetoFailed: s.VetoFailed, Note: s.Note})
	}
	out := make([]domain.ScoreSheet, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
		out[i].Scores = by[r.ID]
	}
	return out, nil
}

func (q queries) CreateScoreSheet(ctx context.Context, s *domain.ScoreSheet) (err error) {
	defer wrap(&err, "store.CreateScoreSheet(application %d, %s)", s.ApplicationID, s.Kind)
	r := sheetFromDomain(s)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	s.ID = r.ID
	return q.putScores(ctx, s.ID, s.Scores)
}

func (q queries) UpdateScoreSheet(ctx context.Context, s *domain.ScoreSheet) (err error) {
	defer wrap(&err, "store.UpdateScoreSheet(%d)", s.ID)
	if _, err := q.db.NewUpdate().Model(sheetFromDomain(s)).
		Column("assessor", "total", "veto_failed", "inspected_on", "inspectors", "note", "updated_at").
		WherePK().Exec(ctx); err != nil {
		return translate(err)
	}
	return q.putScores(ctx, s.ID, s.Scores)
}

// putScores replaces a sheet's points for the indicators in scores.
func (q queries) putScores(ctx context.Context, sheetID int64, scores []domain.IndicatorScore) error {
	if len(scores) == 0 {
		return nil
	}
	codes := make([]string, len(scores))
	rows := make([]scoreRow, len(scores))
	for i, s := range scores {
		codes[i] = s.Indicator
		rows[i] = scoreRow{SheetID: sheetID, Indicator: s.Indicator, Points: s.Points, VetoFailed: s.VetoFailed,
			Note: s.Note}
	}
	if _, err := q.db.NewDelete().Model((*scoreRow)(nil)).Where("sheet_id = ?", sheetID).
		Where("indicator IN (?)", bun.List(codes)).Exec(ctx); err != nil {
		return translate(err)
	}
	_, err := q.db.NewInsert().Model(&rows).Exec(ctx)
	return translate(err)
}

func (q queries) ApplicationTasks(ctx context.Context, applicationID int64) (_ []domain.Task, err error) {
	defer wrap(&err, "store.ApplicationTasks(%d)", applicationID)
	var rows []taskRow
	if err := q.db.NewSelect().Model(&rows).Where("t.application_id = ?", applicationID).Order("t.id").
		Scan(ctx); err != nil {
		return nil, translate(err)
	}
	return tasksOf(rows)
}

func (q queries) ApplicationItems(ctx context.Context, f domain.ApplicationFilter, p domain.Page) (_ []domain.ApplicationItem, err error) {
	defer wrap(&err, "store.ApplicationItems(%+v)", f)
	var rows []applicationItemRow
	sq := q.db.NewSelect().Model(&rows).ColumnExpr("ca.*").
		ColumnExpr("c.name AS community_name, c.name_en AS community_name_en").
		ColumnExpr("t.due_date AS step_due, t.id AS step_task_id").
		Join("JOIN communities AS c ON c.id = ca.community_id").
		// The open review step: at most one is open at a time.
		Join("LEFT JOIN tasks AS t ON t.application_id = ca.id AND t.indicator IS NULL AND t.status <> ?",
			string(domain.StatusClosed))
	if f.Status != "" {
		sq = sq.Where("ca.status = ?", string(f.Status))
	}
	if len(f.Statuses) > 0 {
		ss := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			ss[i] = string(s)
		}
		sq = sq.Where("ca.status IN (?)", bun.List(ss))
	}
	if f.Level != "" {
		sq = sq.Where("ca.level = ?", string(f.Level))
	}
	if f.CityCode != "" {
		sq = sq.Where("ca.city_code = ?", f.CityCode)
	}
	if f.RegionCode != "" {
		sq = sq.Where("ca.region_code = ?", f.RegionCode)
	}
	if f.CommunityID != 0 {
		sq = sq.Where("ca.community_id = ?", f.CommunityID)
	}
	if err := page(sq, "ca.id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.ApplicationItem, len(rows))
	for i, r := range rows {
		out[i] = domain.ApplicationItem{Application: r.toDomain(), CommunityName: r.CommunityName,
			CommunityNameEn: r.CommunityNameEn, StepDue: r.StepDue.Date, StepTaskID: r.StepTaskID}
	}
	return out, nil
}
