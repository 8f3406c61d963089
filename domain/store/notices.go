package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// Public notices as the public and staff list them, their objections,
// titles with their communities and spot checks (domain.NoticeReader,
// NoticeWriter).

type objectionRow struct {
	bun.BaseModel `bun:"table:notice_objections,alias:ob"`

	ID            int64     `bun:",pk,autoincrement"`
	NoticeID      int64     `bun:",notnull"`
	ApplicationID int64     `bun:",notnull"`
	CommunityID   int64     `bun:",notnull"`
	CityCode      string    `bun:",notnull"`
	Level         string    `bun:",notnull"`
	Content       string    `bun:",notnull"`
	Name          string    `bun:",notnull"`
	Contact       string    `bun:",notnull"`
	ClientHash    string    `bun:",notnull"`
	Status        string    `bun:",notnull"`
	Note          string    `bun:",notnull"`
	ResolvedBy    int64     `bun:",nullzero"`
	ResolvedAt    time.Time `bun:",nullzero"`
	CreatedAt     time.Time
}

type spotCheckRow struct {
	bun.BaseModel `bun:"table:title_spot_checks,alias:sc"`

	ID         int64   `bun:",pk,autoincrement"`
	TitleID    int64   `bun:",notnull"`
	CheckedOn  sqlDate `bun:",type:date"`
	Inspectors string  `bun:",notnull"`
	Findings   string  `bun:",notnull"`
	Passed     bool    `bun:",notnull"`
	CreatedBy  int64   `bun:",nullzero"`
	CreatedAt  time.Time
}

// noticeViewRow is a notice joined with its community.
type noticeViewRow struct {
	publicNoticeRow `bun:",extend"`

	CommunityName   string `bun:"community_name"`
	CommunityRegion string `bun:"community_region"`
}

// titleViewRow is a title joined with its community.
type titleViewRow struct {
	titleRow `bun:",extend"`

	CommunityName   string `bun:"community_name"`
	CommunityRegion string `bun:"community_region"`
}

func (r *objectionRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}
func (r *spotCheckRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}

func objectionFromDomain(o *domain.Objection) *objectionRow {
	return &objectionRow{ID: o.ID, NoticeID: o.NoticeID, ApplicationID: o.ApplicationID, CommunityID: o.CommunityID,
		CityCode: o.CityCode, Level: string(o.Level), Content: o.Content, Name: o.Name, Contact: o.Contact,
		ClientHash: o.ClientHash, Status: string(o.Status), Note: o.Note, ResolvedBy: o.ResolvedBy,
		ResolvedAt: utcOrZero(o.ResolvedAt), CreatedAt: o.CreatedAt.UTC()}
}

func (r objectionRow) toDomain() domain.Objection {
	return domain.Objection{ID: r.ID, NoticeID: r.NoticeID, ApplicationID: r.ApplicationID, CommunityID: r.CommunityID,
		CityCode: r.CityCode, Level: domain.StandardLevel(r.Level), Content: r.Content, Name: r.Name,
		Contact: r.Contact, ClientHash: r.ClientHash, Status: domain.ObjectionStatus(r.Status), Note: r.Note,
		ResolvedBy: r.ResolvedBy, ResolvedAt: utcOrZero(r.ResolvedAt), CreatedAt: r.CreatedAt.UTC()}
}

func (r spotCheckRow) toDomain() domain.SpotCheck {
	return domain.SpotCheck{ID: r.ID, TitleID: r.TitleID, CheckedOn: r.CheckedOn.Date, Inspectors: r.Inspectors,
		Findings: r.Findings, Passed: r.Passed, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
}

func (r noticeViewRow) toDomain() domain.NoticeView {
	return domain.NoticeView{PublicNotice: r.publicNoticeRow.toDomain(), Community: r.CommunityName,
		RegionCode: r.CommunityRegion}
}

func (r titleViewRow) toDomain() domain.TitleView {
	return domain.TitleView{Title: r.titleRow.toDomain(), Community: r.CommunityName, RegionCode: r.CommunityRegion}
}

// noticeViews selects notices with their communities' names and regions.
func (q queries) noticeViews(rows *[]noticeViewRow) *bun.SelectQuery {
	return q.db.NewSelect().Model(rows).ColumnExpr("pn.*").
		ColumnExpr("c.name AS community_name, c.region_code AS community_region").
		Join("JOIN communities AS c ON c.id = pn.community_id")
}

func (q queries) NoticeViews(ctx context.Context, f domain.NoticeFilter, p domain.Page) (_ []domain.NoticeView, err error) {
	defer wrap(&err, "store.NoticeViews(%+v)", f)
	var rows []noticeViewRow
	sq := q.noticeViews(&rows)
	if len(f.Statuses) > 0 {
		ss := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			ss[i] = string(s)
		}
		sq = sq.Where("pn.status IN (?)", bun.List(ss))
	}
	if !f.PublicOn.IsZero() {
		sq = sq.Where("pn.from_on <= ?", sqlDate{f.PublicOn})
	}
	if !f.EndedBefore.IsZero() {
		sq = sq.Where("pn.to_on < ?", sqlDate{f.EndedBefore})
	}
	if !f.InPeriodOn.IsZero() {
		sq = sq.Where("pn.from_on <= ? AND pn.to_on >= ?", sqlDate{f.InPeriodOn}, sqlDate{f.InPeriodOn})
	}
	if f.CityCode != "" {
		sq = sq.Where("pn.city_code = ?", f.CityCode)
	}
	if f.Waiting {
		sq = sq.Where("EXISTS (SELECT 1 FROM notice_objections AS ob WHERE ob.notice_id = pn.id AND ob.status = ?)",
			string(domain.ObjectionOpen))
	}
	if err := page(sq, "pn.id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.NoticeView, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) NoticeView(ctx context.Context, id int64) (_ domain.NoticeView, err error) {
	defer wrap(&err, "store.NoticeView(%d)", id)
	var rows []noticeViewRow
	if err := q.noticeViews(&rows).Where("pn.id = ?", id).Scan(ctx); err != nil {
		return domain.NoticeView{}, translate(err)
	}
	if len(rows) == 0 {
		return domain.NoticeView{}, domain.Fail(domain.ErrNotFound, "notice.not_found", id)
	}
	return rows[0].toDomain(), nil
}

func (q queries) Objection(ctx context.Context, id int64) (_ domain.Objection, err error) {
	defer wrap(&err, "store.Objection(%d)", id)
	var r objectionRow
	if err := q.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
		return domain.Objection{}, notFound(err, "objection.not_found", id)
	}
	return r.toDomain(), nil
}

func (q queries) Objections(ctx context.Context, f domain.ObjectionFilter, p domain.Page) (_ []domain.Objection, err error) {
	defer wrap(&err, "store.Objections(%+v)", f)
	var rows []objectionRow
	sq := q.db.NewSelect().Model(&rows)
	if f.Status != "" {
		sq = sq.Where("status = ?", string(f.Status))
	}
	if f.NoticeID != 0 {
		sq = sq.Where("notice_id = ?", f.NoticeID)
	}
	if f.CityCode != "" {
		sq = sq.Where("city_code = ?", f.CityCode)
	}
	if err := page(sq, "id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	return objectionsOf(rows), nil
}

func objectionsOf(rows []objectionRow) []domain.Objection {
	out := make([]domain.Objection, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out
}

func (q queries) NoticeObjections(ctx context.Context, noticeID int64) (_ []domain.Objection, err error) {
	defer wrap(&err, "store.NoticeObjections(%d)", noticeID)
	var rows []objectionRow
	if err := q.db.NewSelect().Model(&rows).Where("notice_id = ?", noticeID).Order("id").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	return objectionsOf(rows), nil
}

// titleViews selects titles with their communities' names and regions.
func (q queries) titleViews(rows *[]titleViewRow) *bun.SelectQuery {
	return q.db.NewSelect().Model(rows).ColumnExpr("ti.*").
		ColumnExpr("c.name AS community_name, c.region_code AS community_region").
		Join("JOIN communities AS c ON c.id = ti.community_id")
}

func (q queries) TitleView(ctx context.Context, id int64) (_ domain.TitleView, err error) {
	defer wrap(&err, "store.TitleView(%d)", id)
	var rows []titleViewRow
	if err := q.titleViews(&rows).Where("ti.id = ?", id).Scan(ctx); err != nil {
		return domain.TitleView{}, translate(err)
	}
	if len(rows) == 0 {
		return domain.TitleView{}, domain.Fail(domain.ErrNotFound, "title.not_found", id)
	}
	return rows[0].toDomain(), nil
}

func (q queries) TitleViews(ctx context.Context, f domain.TitleFilter, p domain.Page) (_ []domain.TitleView, err error) {
	defer wrap(&err, "store.TitleViews(%+v)", f)
	var rows []titleViewRow
	sq := q.titleViews(&rows)
	if f.Status != "" {
		sq = sq.Where("ti.status = ?", string(f.Status))
	}
	if f.Level != "" {
		sq = sq.Where("ti.level = ?", string(f.Level))
	}
	if f.CityCode != "" {
		sq = sq.Where("ti.city_code = ?", f.CityCode)
	}
	if f.RegionCode != "" {
		sq = sq.Where("c.region_code = ?", f.RegionCode)
	}
	if f.CommunityID != 0 {
		sq = sq.Where("ti.community_id = ?", f.CommunityID)
	}
	if err := page(sq, "ti.id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.TitleView, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) TitlesExpiringBy(ctx context.Context, d domain.Date, n int) (_ []domain.Title, err error) {
	defer wrap(&err, "store.TitlesExpiringBy(%s)", d)
	var rows []titleRow
	err = q.db.NewSelect().Model(&rows).Where("status = ?", string(domain.TitleActive)).
		Where("expires_on <= ?", sqlDate{d}).OrderExpr("expires_on, id").Limit(int64(n)).Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]domain.Title, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) SpotChecks(ctx context.Context, titleID int64) (_ []domain.SpotCheck, err error) {
	defer wrap(&err, "store.SpotChecks(%d)", titleID)
	var rows []spotCheckRow
	err = q.db.NewSelect().Model(&rows).Where("title_id = ?", titleID).OrderExpr("checked_on DESC, id DESC").Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]domain.SpotCheck, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// likeEscape escapes the LIKE wildcards of s (with \ as the escape).
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func (q queries) CountCertificates(ctx context.Context, prefix string) (_ int, err error) {
	defer wrap(&err, "store.CountCertificates(%q)", prefix)
	n, err := q.db.NewSelect().Model((*titleRow)(nil)).
		Where(`certificate_no LIKE ? ESCAPE '\'`, likeEscape(prefix)+"%").Count(ctx)
	return int(n), translate(err)
}

func (q queries) ReassessmentOf(ctx context.Context, titleID int64) (_ domain.Application, _ bool, err error) {
	defer wrap(&err, "store.ReassessmentOf(title %d)", titleID)
	var rows []applicationRow
	err = q.db.NewSelect().Model(&rows).Where("reassessment_of = ?", titleID).OrderExpr("id DESC").Limit(1).Scan(ctx)
	if err != nil {
		return domain.Application{}, false, translate(err)
	}
	if len(rows) == 0 {
		return domain.Application{}, false, nil
	}
	return rows[0].toDomain(), true, nil
}

func (q queries) LatestStandard(ctx context.Context, level domain.StandardLevel, region string) (_ domain.Standard, _ bool, err error) {
	defer wrap(&err, "store.LatestStandard(%s, %q)", level, region)
	var id int64
	err = q.db.NewSelect().Table("standards").Column("id").Where("level = ?", string(level)).
		Where("region_code = ?", region).Where("status = ?", string(domain.StandardPublished)).
		OrderExpr("id DESC").Limit(1).Scan(ctx, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Standard{}, false, nil
	}
	if err != nil {
		return domain.Standard{}, false, translate(err)
	}
	s, err := q.Standard(ctx, id)
	return s, err == nil, err
}

func (q queries) MoveNotice(ctx context.Context, id int64, from, to domain.NoticeStatus, at time.Time) (_ bool, err error) {
	defer wrap(&err, "store.MoveNotice(%d, %s→%s)", id, from, to)
	res, err := q.db.NewUpdate().Model((*publicNoticeRow)(nil)).Set("status = ?", string(to)).
		Set("updated_at = ?", at.UTC()).Where("id = ?", id).Where("status = ?", string(from)).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}

func (q queries) CreateObjection(ctx context.Context, o *domain.Objection) (err error) {
	defer wrap(&err, "store.CreateObjection(notice %d)", o.NoticeID)
	r := objectionFromDomain(o)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	o.ID = r.ID
	return nil
}

func (q queries) ResolveObjection(ctx context.Context, o *domain.Objection) (err error) {
	defer wrap(&err, "store.ResolveObjection(%d)", o.ID)
	res, err := q.db.NewUpdate().Model(objectionFromDomain(o)).Column("status", "note", "resolved_by", "resolved_at").
		Where("id = ?", o.ID).Where("status = ?", string(domain.ObjectionOpen)).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err != nil {
			return translate(err)
		}
		return domain.Fail(domain.ErrConflict, "objection.resolved", string(o.Status))
	}
	return nil
}

func (q queries) CreateSpotCheck(ctx context.Context, s *domain.SpotCheck) (err error) {
	defer wrap(&err, "store.CreateSpotCheck(title %d)", s.TitleID)
	r := &spotCheckRow{TitleID: s.TitleID, CheckedOn: sqlDate{s.CheckedOn}, Inspectors: s.Inspectors,
		Findings: s.Findings, Passed: s.Passed, CreatedBy: s.CreatedBy, CreatedAt: s.CreatedAt.UTC()}
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	s.ID = r.ID
	return nil
}
