package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// idempotencyRow is a claimed Idempotency-Key (domain.IdempotencyWriter).
type idempotencyRow struct {
	bun.BaseModel `bun:"table:idempotency_keys"`

	UserID      int64  `bun:",pk"`
	KeyHash     string `bun:",pk"`
	RequestHash string `bun:",notnull"`
	Status      int    `bun:",notnull"`
	Body        []byte
	CreatedAt   time.Time `bun:",notnull"`
	ExpiresAt   time.Time `bun:",notnull"`
}

func (q queries) ClaimIdempotencyKey(ctx context.Context, k domain.IdempotencyKey) (_ bool, err error) {
	defer wrap(&err, "store.ClaimIdempotencyKey(user %d)", k.UserID)
	if _, err := q.db.NewDelete().Model((*idempotencyRow)(nil)).Where("user_id = ?", k.UserID).
		Where("expires_at <= ?", k.CreatedAt.UTC()).Exec(ctx); err != nil {
		return false, translate(err)
	}
	r := &idempotencyRow{UserID: k.UserID, KeyHash: k.KeyHash, RequestHash: k.RequestHash,
		CreatedAt: k.CreatedAt.UTC(), ExpiresAt: k.ExpiresAt.UTC()}
	// DO NOTHING: of parallel claims one inserts, the others wait for it
	// (the unique key) and then see its row.
	res, err := q.db.NewInsert().Model(r).On("CONFLICT (user_id, key_hash) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err)
}

func (q queries) IdempotencyKey(ctx context.Context, userID int64, keyHash string) (_ domain.IdempotencyKey, err error) {
	defer wrap(&err, "store.IdempotencyKey(user %d)", userID)
	var r idempotencyRow
	if err := q.db.NewSelect().Model(&r).Where("user_id = ?", userID).Where("key_hash = ?", keyHash).
		Scan(ctx); err != nil {
		return domain.IdempotencyKey{}, notFound(err, "idempotency.not_found")
	}
	return domain.IdempotencyKey{UserID: r.UserID, KeyHash: r.KeyHash, RequestHash: r.RequestHash,
		Status: r.Status, Body: r.Body, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}, nil
}

func (q queries) FinishIdempotencyKey(ctx context.Context, userID int64, keyHash string, status int, body []byte) (err error) {
	defer wrap(&err, "store.FinishIdempotencyKey(user %d)", userID)
	_, err = q.db.NewUpdate().Model((*idempotencyRow)(nil)).Set("status = ?", status).Set("body = ?", body).
		Where("user_id = ?", userID).Where("key_hash = ?", keyHash).Exec(ctx)
	return translate(err)
}

func (q queries) ReleaseIdempotencyKey(ctx context.Context, userID int64, keyHash string) (err error) {
	defer wrap(&err, "store.ReleaseIdempotencyKey(user %d)", userID)
	_, err = q.db.NewDelete().Model((*idempotencyRow)(nil)).Where("user_id = ?", userID).
		Where("key_hash = ?", keyHash).Where("status = 0").Exec(ctx)
	return translate(err)
}
