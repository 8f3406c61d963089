package store

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"xietong/domain"
	"xietong/domain/calendar"
)

// queries implements the reads and writes of domain.Tx on any bun.IDB:
// the pool outside a transaction, a bun.Tx inside one (see tx).
type queries struct {
	db bun.IDB
}

// likePattern escapes s for a LIKE ... ESCAPE '\' substring match.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + strings.ToLower(r.Replace(s)) + "%"
}

// page applies keyset pagination by id, fetching one row more than asked.
func page(q *bun.SelectQuery, col string, p domain.Page, desc bool) *bun.SelectQuery {
	if desc {
		if p.After.ID > 0 {
			q = q.Where("? < ?", bun.Ident(col), p.After.ID)
		}
		return q.OrderExpr("? DESC", bun.Ident(col)).Limit(int64(p.Limit + 1))
	}
	if p.After.ID > 0 {
		q = q.Where("? > ?", bun.Ident(col), p.After.ID)
	}
	return q.OrderExpr("? ASC", bun.Ident(col)).Limit(int64(p.Limit + 1))
}

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

func (q queries) User(ctx context.Context, id int64) (_ domain.User, err error) {
	defer wrap(&err, "store.User(%d)", id)
	var r userRow
	if err := q.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
		return domain.User{}, notFound(err, "user.not_found", id)
	}
	return r.toDomain(), nil
}

func (q queries) UserByUsername(ctx context.Context, username string) (_ domain.User, err error) {
	defer wrap(&err, "store.UserByUsername(%q)", username)
	var r userRow
	if err := q.db.NewSelect().Model(&r).Where("username = ?", username).Scan(ctx); err != nil {
		return domain.User{}, notFound(err, "user.not_found", username)
	}
	return r.toDomain(), nil
}

func (q queries) Users(ctx context.Context, f domain.UserFilter, p domain.Page) (_ []domain.User, err error) {
	defer wrap(&err, "store.Users(%+v)", f)
	var rows []userRow
	sq := q.db.NewSelect().Model(&rows)
	if f.Role != "" {
		sq = sq.Where("role = ?", string(f.Role))
	}
	if f.OrgID != 0 {
		sq = sq.Where("org_id = ?", f.OrgID)
	}
	if f.CommunityID != 0 {
		sq = sq.Where("community_id = ?", f.CommunityID)
	}
	if f.Active != nil {
		sq = sq.Where("active = ?", *f.Active)
	}
	if f.Q != "" {
		pat := likePattern(f.Q)
		sq = sq.WhereGroup(" AND ", func(w *bun.SelectQuery) *bun.SelectQuery {
			return w.Where(`username LIKE ? ESCAPE '\'`, pat).
				WhereOr(`lower(display_name) LIKE ? ESCAPE '\'`, pat).
				WhereOr(`email LIKE ? ESCAPE '\'`, pat)
		})
	}
	if err := page(sq, "id", p, false).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.User, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) CountUsers(ctx context.Context) (_ int, err error) {
	defer wrap(&err, "store.CountUsers()")
	n, err := q.db.NewSelect().Model((*userRow)(nil)).Count(ctx)
	return int(n), translate(err)
}

func (q queries) TokenByHash(ctx context.Context, hash string) (_ domain.Token, err error) {
	defer wrap(&err, "store.TokenByHash()")
	var r tokenRow
	if err := q.db.NewSelect().Model(&r).Where("hash = ?", hash).Scan(ctx); err != nil {
		return domain.Token{}, notFound(err, "token.not_found")
	}
	return r.toDomain(), nil
}

// tokenUserRow is a token joined to its user: authenticating a request
// reads both in one statement.
type tokenUserRow struct {
	tokenRow `bun:",extend"`
	User     *userRow `bun:"rel:belongs-to,join:user_id=id"`
}

func (q queries) TokenWithUser(ctx context.Context, hash string) (_ domain.Token, _ domain.User, err error) {
	defer wrap(&err, "store.TokenWithUser()")
	var r tokenUserRow
	if err := q.db.NewSelect().Model(&r).Relation("User").Where("?TableAlias.hash = ?", hash).Scan(ctx); err != nil {
		return domain.Token{}, domain.User{}, notFound(err, "token.not_found")
	}
	if r.User == nil || r.User.ID == 0 {
		return domain.Token{}, domain.User{}, domain.Fail(domain.ErrNotFound, "user.not_found", r.UserID)
	}
	return r.toDomain(), r.User.toDomain(), nil
}

func (q queries) Tokens(ctx context.Context, userID int64) (_ []domain.Token, err error) {
	defer wrap(&err, "store.Tokens(user %d)", userID)
	var rows []tokenRow
	if err := q.db.NewSelect().Model(&rows).Where("user_id = ?", userID).Order("id").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.Token, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) LoginThrottle(ctx context.Context, key string) (_ domain.Throttle, err error) {
	defer wrap(&err, "store.LoginThrottle(%q)", key)
	var r throttleRow
	err = q.db.NewSelect().Model(&r).Where("key = ?", key).Scan(ctx)
	if err != nil {
		if err = translate(err); domain.ErrorKey(err) == "not_found" {
			return domain.Throttle{Key: key}, nil
		}
		return domain.Throttle{}, err
	}
	return domain.Throttle{Key: r.Key, Failures: r.Failures, LastFailure: r.LastFailure.UTC(),
		LockedUntil: utcOrZero(r.LockedUntil)}, nil
}

func (q queries) CalendarYears(ctx context.Context) (_ []calendar.Year, err error) {
	defer wrap(&err, "store.CalendarYears()")
	var years []calendarYearRow
	if err := q.db.NewSelect().Model(&years).Order("year").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	var days []calendarDayRow
	if err := q.db.NewSelect().Model(&days).Order("day").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	byYear := map[int][]calendar.Day{}
	for _, d := range days {
		byYear[d.Year] = append(byYear[d.Year], calendar.Day{Date: d.Day.Date, Kind: calendar.Kind(d.Kind),
			Name: d.Name, NameEn: d.NameEn})
	}
	out := make([]calendar.Year, len(years))
	for i, y := range years {
		out[i] = calendar.Year{Year: y.Year, Source: y.Source, Days: byYear[y.Year]}
	}
	return out, nil
}

func (q queries) Audit(ctx context.Context, f domain.AuditFilter, p domain.Page) (_ []domain.AuditEntry, err error) {
	defer wrap(&err, "store.Audit(%+v)", f)
	var rows []auditRow
	sq := q.db.NewSelect().Model(&rows)
	if f.Action != "" {
		sq = sq.Where("action = ?", f.Action)
	}
	if f.ActorID != 0 {
		sq = sq.Where("actor_id = ?", f.ActorID)
	}
	if f.Target != "" {
		sq = sq.Where("target = ?", f.Target)
	}
	if err := page(sq, "id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// notFound translates err, giving a missing row the caller's message key.
func notFound(err error, key string, args ...any) error {
	err = translate(err)
	if domain.ErrorKey(err) == "not_found" {
		return domain.Fail(domain.ErrNotFound, key, args...)
	}
	return err
}
