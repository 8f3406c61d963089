package store

import (
	"context"
	"strings"
	"time"

	"xietong/domain"
)

// Accounts: users, their tokens and the login throttle (domain.UserReader,
// UserWriter, TokenReader, TokenWriter, ThrottleReader, ThrottleWriter).

func (q queries) User(ctx context.Context, id int64) (_ domain.User, err error) {
	defer wrap(&err, "store.User(%d)", id)
	var r userRow
	var p params
	if err := q.selectOne(ctx, q.db.NewSelect().Model(&r).Where("id = "+p.add(id)), &p, &r); err != nil {
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

func (q queries) ActiveUserByEmail(ctx context.Context, email string) (_ domain.User, err error) {
	defer wrap(&err, "store.ActiveUserByEmail()")
	var r userRow
	err = q.db.NewSelect().Model(&r).Where("lower(email) = ?", strings.ToLower(email)).
		Where("active = ?", true).Limit(1).Scan(ctx)
	if err != nil {
		return domain.User{}, notFound(err, "user.not_found", email)
	}
	return r.toDomain(), nil
}

func (q queries) Users(ctx context.Context, f domain.UserFilter, p domain.Page) (_ []domain.User, err error) {
	defer wrap(&err, "store.Users(%+v)", f)
	var rows []userRow
	var ps params
	sq := q.db.NewSelect().Model(&rows)
	if f.Role != "" {
		sq = sq.Where("role = " + ps.add(string(f.Role)))
	}
	if f.OrgID != 0 {
		sq = sq.Where("org_id = " + ps.add(f.OrgID))
	}
	if len(f.OrgIDs) > 0 {
		sq = sq.Where("org_id IN (" + list(&ps, f.OrgIDs) + ")")
	}
	if f.CommunityID != 0 {
		sq = sq.Where("community_id = " + ps.add(f.CommunityID))
	}
	if f.Active != nil {
		sq = sq.Where("active = " + ps.add(*f.Active))
	}
	if f.Q != "" {
		pat := likePattern(f.Q)
		sq = sq.Where(`(username LIKE ` + ps.add(pat) + ` ESCAPE '\' OR lower(display_name) LIKE ` + ps.add(pat) +
			` ESCAPE '\' OR email LIKE ` + ps.add(pat) + ` ESCAPE '\')`)
	}
	if p.After.ID > 0 {
		sq = sq.Where("id > " + ps.add(p.After.ID))
	}
	if err := q.selectRaw(ctx, sq.Order("id").Limit(int64(p.Limit+1)), &ps, &rows); err != nil {
		return nil, err
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
	var p params
	if err := q.selectOne(ctx, q.db.NewSelect().Model(&r).Relation("User").Where("?TableAlias.hash = "+p.add(hash)), &p, &r); err != nil {
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

func (q queries) CountLoginAttempt(ctx context.Context, key string, now time.Time, window time.Duration) (_ domain.Throttle, err error) {
	defer wrap(&err, "store.CountLoginAttempt(%q)", key)
	now = now.UTC()
	// One upsert: the row lock (PostgreSQL) or the write lock (SQLite)
	// orders parallel attempts, and each reads back its own count.
	forget := "login_throttles.last_failure < ? OR (login_throttles.locked_until IS NOT NULL AND login_throttles.locked_until <= ?)"
	var r throttleRow
	err = q.db.NewRaw(`INSERT INTO login_throttles (key, failures, last_failure) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN `+forget+` THEN 1 ELSE login_throttles.failures + 1 END,
			locked_until = CASE WHEN `+forget+` THEN NULL ELSE login_throttles.locked_until END,
			last_failure = EXCLUDED.last_failure
		RETURNING key, failures, last_failure, locked_until`,
		key, now, now.Add(-window), now, now.Add(-window), now).Scan(ctx, &r)
	if err != nil {
		return domain.Throttle{}, translate(err)
	}
	return domain.Throttle{Key: r.Key, Failures: r.Failures, LastFailure: r.LastFailure.UTC(),
		LockedUntil: utcOrZero(r.LockedUntil)}, nil
}

func (q queries) LockLogin(ctx context.Context, key string, until time.Time) (err error) {
	defer wrap(&err, "store.LockLogin(%q)", key)
	_, err = q.db.NewUpdate().Model((*throttleRow)(nil)).Set("locked_until = ?", until.UTC()).
		Where("key = ?", key).Exec(ctx)
	return translate(err)
}

func (q queries) UncountLoginAttempt(ctx context.Context, key string) (err error) {
	defer wrap(&err, "store.UncountLoginAttempt(%q)", key)
	_, err = q.db.NewUpdate().Model((*throttleRow)(nil)).Set("failures = failures - 1").
		Where("key = ?", key).Where("failures > 0").Exec(ctx)
	return translate(err)
}

func (q queries) DeleteLoginThrottle(ctx context.Context, key string) (err error) {
	defer wrap(&err, "store.DeleteLoginThrottle(%q)", key)
	_, err = q.db.NewDelete().Model((*throttleRow)(nil)).Where("key = ?", key).Exec(ctx)
	return translate(err)
}
