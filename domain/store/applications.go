package store

import (
	"context"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// Campaign applications, their record and their public notices
// (domain.ApplicationReader, ApplicationWriter).

type applicationRow struct {
	bun.BaseModel `bun:"table:campaign_applications,alias:ca"`

	ID             int64  `bun:",pk,autoincrement"`
	CommunityID    int64  `bun:",notnull"`
	CityCode       string `bun:",notnull"`
	RegionCode     string `bun:",notnull"`
	Level          string `bun:",notnull"`
	StandardID     int64  `bun:",notnull"`
	Status         string `bun:",notnull"`
	SelfScore      *float64
	CityScore      *float64
	ProvinceScore  *float64
	VetoFailed     bool      `bun:",notnull"`
	ReassessmentOf int64     `bun:",nullzero"`
	OpenedBy       int64     `bun:",nullzero"`
	SubmittedAt    time.Time `bun:",nullzero"`
	DecidedAt      time.Time `bun:",nullzero"`
	Version        int       `bun:",notnull"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

type applicationEventRow struct {
	bun.BaseModel `bun:"table:application_events"`

	ID            int64 `bun:",pk,autoincrement"`
	ApplicationID int64
	At            time.Time
	ActorID       int64 `bun:",nullzero"`
	Actor         string
	ActorOrgID    int64 `bun:",nullzero"`
	Channel       string
	Action        string
	Note          string
	FromStatus    string
	ToStatus      string
}

type publicNoticeRow struct {
	bun.BaseModel `bun:"table:public_notices,alias:pn"`

	ID            int64   `bun:",pk,autoincrement"`
	ApplicationID int64   `bun:",notnull"`
	CommunityID   int64   `bun:",notnull"`
	CityCode      string  `bun:",notnull"`
	Level         string  `bun:",notnull"`
	Score         float64 `bun:",notnull"`
	FromOn        sqlDate `bun:",type:date"`
	ToOn          sqlDate `bun:",type:date"`
	Status        string  `bun:",notnull"`
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (r *applicationRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}
func (r *applicationEventRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}
func (r *publicNoticeRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}

func applicationFromDomain(a *domain.Application) *applicationRow {
	return &applicationRow{ID: a.ID, CommunityID: a.CommunityID, CityCode: a.CityCode, RegionCode: a.RegionCode,
		Level: string(a.Level), StandardID: a.StandardID, Status: string(a.Status), SelfScore: a.SelfScore,
		CityScore: a.CityScore, ProvinceScore: a.ProvinceScore, VetoFailed: a.VetoFailed,
		ReassessmentOf: a.Reassessment, OpenedBy: a.OpenedBy, SubmittedAt: utcOrZero(a.SubmittedAt),
		DecidedAt: utcOrZero(a.DecidedAt), Version: a.Version, CreatedAt: a.CreatedAt.UTC(),
		UpdatedAt: a.UpdatedAt.UTC()}
}

func (r applicationRow) toDomain() domain.Application {
	return domain.Application{ID: r.ID, CommunityID: r.CommunityID, CityCode: r.CityCode, RegionCode: r.RegionCode,
		Level: domain.StandardLevel(r.Level), StandardID: r.StandardID, Status: domain.ApplicationStatus(r.Status),
		SelfScore: r.SelfScore, CityScore: r.CityScore, ProvinceScore: r.ProvinceScore, VetoFailed: r.VetoFailed,
		Reassessment: r.ReassessmentOf, OpenedBy: r.OpenedBy, SubmittedAt: utcOrZero(r.SubmittedAt),
		DecidedAt: utcOrZero(r.DecidedAt), Version: r.Version, CreatedAt: r.CreatedAt.UTC(),
		UpdatedAt: r.UpdatedAt.UTC()}
}

func (r applicationEventRow) toDomain() domain.ApplicationEvent {
	return domain.ApplicationEvent{ID: r.ID, ApplicationID: r.ApplicationID, At: r.At.UTC(), ActorID: r.ActorID,
		Actor: r.Actor, ActorOrgID: r.ActorOrgID, Channel: domain.Channel(r.Channel), Action: domain.AppAction(r.Action),
		Note: r.Note, From: domain.ApplicationStatus(r.FromStatus), To: domain.ApplicationStatus(r.ToStatus)}
}

func publicNoticeFromDomain(n *domain.PublicNotice) *publicNoticeRow {
	return &publicNoticeRow{ID: n.ID, ApplicationID: n.ApplicationID, CommunityID: n.CommunityID,
		CityCode: n.CityCode, Level: string(n.Level), Score: n.Score, FromOn: sqlDate{n.From}, ToOn: sqlDate{n.To},
		Status: string(n.Status), CreatedAt: n.CreatedAt.UTC(), UpdatedAt: n.UpdatedAt.UTC()}
}

func (r publicNoticeRow) toDomain() domain.PublicNotice {
	return domain.PublicNotice{ID: r.ID, ApplicationID: r.ApplicationID, CommunityID: r.CommunityID,
		CityCode: r.CityCode, Level: domain.StandardLevel(r.Level), Score: r.Score, From: r.FromOn.Date,
		To: r.ToOn.Date, Status: domain.NoticeStatus(r.Status), CreatedAt: r.CreatedAt.UTC(),
		UpdatedAt: r.UpdatedAt.UTC()}
}

func (q queries) Application(ctx context.Context, id int64) (_ domain.Application, err error) {
	defer wrap(&err, "store.Application(%d)", id)
	var r applicationRow
	if err := q.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
		return domain.Application{}, notFound(err, "application.not_found", id)
	}
	return r.toDomain(), nil
}

func (q queries) Applications(ctx context.Context, f domain.ApplicationFilter, p domain.Page) (_ []domain.Application, err error) {
	defer wrap(&err, "store.Applications(%+v)", f)
	var rows []applicationRow
	sq := q.db.NewSelect().Model(&rows)
	if f.Status != "" {
		sq = sq.Where("status = ?", string(f.Status))
	}
	if len(f.Statuses) > 0 {
		ss := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			ss[i] = string(s)
		}
		sq = sq.Where("status IN (?)", bun.List(ss))
	}
	if f.Level != "" {
		sq = sq.Where("level = ?", string(f.Level))
	}
	if f.CityCode != "" {
		sq = sq.Where("city_code = ?", f.CityCode)
	}
	if f.RegionCode != "" {
		sq = sq.Where("region_code = ?", f.RegionCode)
	}
	if f.CommunityID != 0 {
		sq = sq.Where("community_id = ?", f.CommunityID)
	}
	if err := page(sq, "id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.Application, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) ApplicationEvents(ctx context.Context, id int64) (_ []domain.ApplicationEvent, err error) {
	defer wrap(&err, "store.ApplicationEvents(%d)", id)
	var rows []applicationEventRow
	if err := q.db.NewSelect().Model(&rows).Where("application_id = ?", id).Order("id").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.ApplicationEvent, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) PublicNotice(ctx context.Context, id int64) (_ domain.PublicNotice, err error) {
	defer wrap(&err, "store.PublicNotice(%d)", id)
	var r publicNoticeRow
	if err := q.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
		return domain.PublicNotice{}, notFound(err, "notice.not_found", id)
	}
	return r.toDomain(), nil
}

func (q queries) PublicNoticeOf(ctx context.Context, applicationID int64) (_ domain.PublicNotice, err error) {
	defer wrap(&err, "store.PublicNoticeOf(application %d)", applicationID)
	var r publicNoticeRow
	if err := q.db.NewSelect().Model(&r).Where("application_id = ?", applicationID).Scan(ctx); err != nil {
		return domain.PublicNotice{}, notFound(err, "notice.not_found", applicationID)
	}
	return r.toDomain(), nil
}

func (q queries) CreateApplication(ctx context.Context, a *domain.Application) (err error) {
	defer wrap(&err, "store.CreateApplication(community %d, %s)", a.CommunityID, a.Level)
	a.Version = 1
	r := applicationFromDomain(a)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		if err = translate(err); errors.Is(err, domain.ErrConflict) {
			return domain.Fail(domain.ErrConflict, "application.open_exists")
		}
		return err
	}
	a.ID = r.ID
	return nil
}

func (q queries) UpdateApplication(ctx context.Context, a *domain.Application) (err error) {
	defer wrap(&err, "store.UpdateApplication(%d, version %d)", a.ID, a.Version)
	return updateVersioned(ctx, &a.Version, a.ID, "application.changed", string(a.Status), func() *bun.UpdateQuery {
		return q.db.NewUpdate().Model(applicationFromDomain(a)).
			ExcludeColumn("id", "community_id", "level", "created_at", "opened_by")
	})
}

func (q queries) AddApplicationEvent(ctx context.Context, e *domain.ApplicationEvent) (err error) {
	defer wrap(&err, "store.AddApplicationEvent(application %d, %s)", e.ApplicationID, e.Action)
	r := &applicationEventRow{ApplicationID: e.ApplicationID, At: e.At.UTC(), ActorID: e.ActorID, Actor: e.Actor,
		ActorOrgID: e.ActorOrgID, Channel: string(e.Channel), Action: string(e.Action), Note: e.Note,
		FromStatus: string(e.From), ToStatus: string(e.To)}
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	e.ID = r.ID
	return nil
}

func (q queries) CreatePublicNotice(ctx context.Context, n *domain.PublicNotice) (err error) {
	defer wrap(&err, "store.CreatePublicNotice(application %d)", n.ApplicationID)
	r := publicNoticeFromDomain(n)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		if err = translate(err); errors.Is(err, domain.ErrConflict) {
			return domain.Fail(domain.ErrConflict, "notice.exists", n.ApplicationID)
		}
		return err
	}
	n.ID = r.ID
	return nil
}

func (q queries) UpdatePublicNotice(ctx context.Context, n *domain.PublicNotice) (err error) {
	defer wrap(&err, "store.UpdatePublicNotice(%d)", n.ID)
	_, err = q.db.NewUpdate().Model(publicNoticeFromDomain(n)).
		Column("from_on", "to_on", "status", "updated_at").WherePK().Exec(ctx)
	return translate(err)
}

type titleRow struct {
	bun.BaseModel `bun:"table:titles,alias:ti"`

	ID            int64   `bun:",pk,autoincrement"`
	CommunityID   int64   `bun:",notnull"`
	CityCode      string  `bun:",notnull"`
	ApplicationID int64   `bun:",nullzero"`
	Level         string  `bun:",notnull"`
	CertificateNo string  `bun:",notnull"`
	GrantedOn     sqlDate `bun:",type:date"`
	ExpiresOn     sqlDate `bun:",type:date"`
	Status        string  `bun:",notnull"`
	EndedOn       sqlDate `bun:",type:date"`
	Reason        string  `bun:",notnull"`
	RevokedBy     int64   `bun:",nullzero"`
	Version       int     `bun:",notnull"`
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (r *titleRow) BeforeAppendModel(_ context.Context, q bun.Query) error { return checkText(q, r) }

func titleFromDomain(t *domain.Title) *titleRow {
	return &titleRow{ID: t.ID, CommunityID: t.CommunityID, CityCode: t.CityCode, ApplicationID: t.ApplicationID,
		Level: string(t.Level), CertificateNo: t.CertificateNo, GrantedOn: sqlDate{t.GrantedOn},
		ExpiresOn: sqlDate{t.ExpiresOn}, Status: string(t.Status), EndedOn: sqlDate{t.EndedOn}, Reason: t.Reason,
		RevokedBy: t.RevokedBy, Version: t.Version, CreatedAt: t.CreatedAt.UTC(), UpdatedAt: t.UpdatedAt.UTC()}
}

func (r titleRow) toDomain() domain.Title {
	return domain.Title{ID: r.ID, CommunityID: r.CommunityID, CityCode: r.CityCode, ApplicationID: r.ApplicationID,
		Level: domain.StandardLevel(r.Level), CertificateNo: r.CertificateNo, GrantedOn: r.GrantedOn.Date,
		ExpiresOn: r.ExpiresOn.Date, Status: domain.TitleStatus(r.Status), EndedOn: r.EndedOn.Date, Reason: r.Reason,
		RevokedBy: r.RevokedBy, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func (q queries) Title(ctx context.Context, id int64) (_ domain.Title, err error) {
	defer wrap(&err, "store.Title(%d)", id)
	var r titleRow
	if err := q.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
		return domain.Title{}, notFound(err, "title.not_found", id)
	}
	return r.toDomain(), nil
}

func (q queries) Titles(ctx context.Context, f domain.TitleFilter, p domain.Page) (_ []domain.Title, err error) {
	defer wrap(&err, "store.Titles(%+v)", f)
	var rows []titleRow
	sq := q.db.NewSelect().Model(&rows)
	if f.Status != "" {
		sq = sq.Where("status = ?", string(f.Status))
	}
	if f.Level != "" {
		sq = sq.Where("level = ?", string(f.Level))
	}
	if f.CityCode != "" {
		sq = sq.Where("city_code = ?", f.CityCode)
	}
	if f.RegionCode != "" {
		sq = sq.Where("community_id IN (SELECT id FROM communities WHERE region_code = ?)", f.RegionCode)
	}
	if f.CommunityID != 0 {
		sq = sq.Where("community_id = ?", f.CommunityID)
	}
	if err := page(sq, "id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.Title, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) ActiveTitle(ctx context.Context, communityID int64, level domain.StandardLevel) (_ domain.Title, _ bool, err error) {
	defer wrap(&err, "store.ActiveTitle(community %d, %s)", communityID, level)
	var rows []titleRow
	err = q.db.NewSelect().Model(&rows).Where("community_id = ?", communityID).Where("level = ?", string(level)).
		Where("status = ?", string(domain.TitleActive)).OrderExpr("expires_on DESC, id DESC").Limit(1).Scan(ctx)
	if err != nil {
		return domain.Title{}, false, translate(err)
	}
	if len(rows) == 0 {
		return domain.Title{}, false, nil
	}
	return rows[0].toDomain(), true, nil
}

func (q queries) CreateTitle(ctx context.Context, t *domain.Title) (err error) {
	defer wrap(&err, "store.CreateTitle(%q)", t.CertificateNo)
	t.Version = 1
	r := titleFromDomain(t)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		if err = translate(err); errors.Is(err, domain.ErrConflict) {
			return domain.Fail(domain.ErrConflict, "title.certificate_taken", t.CertificateNo)
		}
		return err
	}
	t.ID = r.ID
	return nil
}

func (q queries) UpdateTitle(ctx context.Context, t *domain.Title) (err error) {
	defer wrap(&err, "store.UpdateTitle(%d, version %d)", t.ID, t.Version)
	return updateVersioned(ctx, &t.Version, t.ID, "title.changed", string(t.Status), func() *bun.UpdateQuery {
		return q.db.NewUpdate().Model(titleFromDomain(t)).
			ExcludeColumn("id", "community_id", "application_id", "level", "certificate_no", "granted_on", "created_at")
	})
}
