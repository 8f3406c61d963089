package store

import (
	"context"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
)

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
	return nil
}

func (q queries) UpdateCommunity(ctx context.Context, c *domain.Community) (err error) {
	defer wrap(&err, "store.UpdateCommunity(%d)", c.ID)
	_, err = q.db.NewUpdate().Model(communityFromDomain(c)).WherePK().ExcludeColumn("code", "created_at").Exec(ctx)
	return translate(err)
}

func (q queries) EnsureCommunity(ctx context.Context, c *domain.Community) (_ bool, err error) {
	defer wrap(&err, "store.EnsureCommunity(%q)", c.Code)
	res, err := q.db.NewInsert().Model(communityFromDomain(c)).On("CONFLICT (code) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n > 0, translate(err)
}

func (q queries) CreateUser(ctx context.Context, u *domain.User) (err error) {
	defer wrap(&err, "store.CreateUser(%q)", u.Username)
	r := userFromDomain(u)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	u.ID = r.ID
	return nil
}

func (q queries) UpdateUser(ctx context.Context, u *domain.User) (err error) {
	defer wrap(&err, "store.UpdateUser(%d)", u.ID)
	_, err = q.db.NewUpdate().Model(userFromDomain(u)).WherePK().
		ExcludeColumn("username", "created_at").Exec(ctx)
	return translate(err)
}

func (q queries) CreateToken(ctx context.Context, t *domain.Token) (err error) {
	defer wrap(&err, "store.CreateToken(user %d)", t.UserID)
	r := &tokenRow{UserID: t.UserID, Hash: t.Hash, Kind: t.Kind, Name: t.Name, CreatedAt: t.CreatedAt.UTC(),
		ExpiresAt: t.ExpiresAt.UTC()}
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	t.ID = r.ID
	return nil
}

func (q queries) RevokeToken(ctx context.Context, userID, tokenID int64, at time.Time) (err error) {
	defer wrap(&err, "store.RevokeToken(user %d, token %d)", userID, tokenID)
	res, err := q.db.NewUpdate().Model((*tokenRow)(nil)).Set("revoked_at = ?", at.UTC()).
		Where("id = ?", tokenID).Where("user_id = ?", userID).Where("revoked_at IS NULL").Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return translate(err)
	} else if n == 0 {
		return domain.Fail(domain.ErrNotFound, "token.not_found")
	}
	return nil
}

func (q queries) RevokeUserTokens(ctx context.Context, userID int64, at time.Time) (err error) {
	defer wrap(&err, "store.RevokeUserTokens(user %d)", userID)
	_, err = q.db.NewUpdate().Model((*tokenRow)(nil)).Set("revoked_at = ?", at.UTC()).
		Where("user_id = ?", userID).Where("revoked_at IS NULL").Exec(ctx)
	return translate(err)
}

func (q queries) TouchToken(ctx context.Context, tokenID int64, at time.Time) (err error) {
	defer wrap(&err, "store.TouchToken(%d)", tokenID)
	_, err = q.db.NewUpdate().Model((*tokenRow)(nil)).Set("last_used_at = ?", at.UTC()).
		Where("id = ?", tokenID).Exec(ctx)
	return translate(err)
}

func (q queries) SaveLoginThrottle(ctx context.Context, t domain.Throttle) (err error) {
	defer wrap(&err, "store.SaveLoginThrottle(%q)", t.Key)
	r := &throttleRow{Key: t.Key, Failures: t.Failures, LastFailure: t.LastFailure.UTC(),
		LockedUntil: utcOrZero(t.LockedUntil)}
	_, err = q.db.NewInsert().Model(r).
		On("CONFLICT (key) DO UPDATE").
		Set("failures = EXCLUDED.failures").
		Set("last_failure = EXCLUDED.last_failure").
		Set("locked_until = EXCLUDED.locked_until").
		Exec(ctx)
	return translate(err)
}

func (q queries) DeleteLoginThrottle(ctx context.Context, key string) (err error) {
	defer wrap(&err, "store.DeleteLoginThrottle(%q)", key)
	_, err = q.db.NewDelete().Model((*throttleRow)(nil)).Where("key = ?", key).Exec(ctx)
	return translate(err)
}

func (q queries) PutCalendarYear(ctx context.Context, y calendar.Year, at time.Time) (err error) {
	defer wrap(&err, "store.PutCalendarYear(%d)", y.Year)
	if _, err := q.db.NewDelete().Model((*calendarDayRow)(nil)).Where("year = ?", y.Year).Exec(ctx); err != nil {
		return translate(err)
	}
	_, err = q.db.NewInsert().Model(&calendarYearRow{Year: y.Year, Source: y.Source, UpdatedAt: at.UTC()}).
		On("CONFLICT (year) DO UPDATE").
		Set("source = EXCLUDED.source").
		Set("updated_at = EXCLUDED.updated_at").
		Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return q.insertDays(ctx, y)
}

func (q queries) EnsureCalendarYear(ctx context.Context, y calendar.Year, at time.Time) (_ bool, err error) {
	defer wrap(&err, "store.EnsureCalendarYear(%d)", y.Year)
	res, err := q.db.NewInsert().Model(&calendarYearRow{Year: y.Year, Source: y.Source, UpdatedAt: at.UTC()}).
		On("CONFLICT (year) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, translate(err)
	} else if n == 0 {
		return false, nil
	}
	return true, q.insertDays(ctx, y)
}

func (q queries) insertDays(ctx context.Context, y calendar.Year) error {
	if len(y.Days) == 0 {
		return nil
	}
	rows := make([]calendarDayRow, len(y.Days))
	for i, d := range y.Days {
		rows[i] = calendarDayRow{Day: sqlDate{d.Date}, Year: y.Year, Kind: string(d.Kind), Name: d.Name, NameEn: d.NameEn}
	}
	_, err := q.db.NewInsert().Model(&rows).Exec(ctx)
	return translate(err)
}

func (q queries) AddAudit(ctx context.Context, e *domain.AuditEntry) (err error) {
	defer wrap(&err, "store.AddAudit(%s)", e.Action)
	r := &auditRow{At: e.At.UTC(), ActorID: e.ActorID, Actor: e.Actor, Action: e.Action, Target: e.Target,
		Detail: truncate(e.Detail, 1000), IP: e.IP, Channel: string(e.Channel)}
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	e.ID = r.ID
	return nil
}

// truncate cuts s to at most n characters (not bytes).
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
