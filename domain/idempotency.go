package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// IdempotencyKey is a client's Idempotency-Key on a create, claimed by one
// user: while the create runs it has no Status; once it is done it holds
// the first answer, which a retry with the same key gets again instead of
// a second create. Keys are stored hashed and expire after the service's
// TTL.
type IdempotencyKey struct {
	UserID      int64
	KeyHash     string
	RequestHash string // what was asked: a retry must ask the same
	Status      int    // 0 while the first request runs
	Body        []byte
	CreatedAt   time.Time
	ExpiresAt   time.Time
}

// IdempotencyService makes creates safe to retry: a client that lost the
// answer (a timeout, a 503 from a proxy after the commit) sends the same
// request with the same key and gets the first answer, not a duplicate.
type IdempotencyService struct {
	Store Store
	// TTL is how long a key is remembered; 24 hours when 0.
	TTL time.Duration
}

// DefaultIdempotencyTTL is how long keys are remembered unless configured.
const DefaultIdempotencyTTL = 24 * time.Hour

// maxIdempotencyKey bounds a key's length, as a header a client makes up.
const maxIdempotencyKey = 255

// Claim claims key for the actor's request, whose content hashes to
// requestHash. It returns nil, nil when the key is new: the caller runs the
// create and then calls Finish (or Release when it failed). When the key
// has an answer already it returns it. The same key on another request is
// ErrConflict ("idempotency.key_reused"); a key whose first request still
// runs is ErrConflict ("idempotency.in_progress"), to be retried later.
func (s *IdempotencyService) Claim(ctx context.Context, a Actor, key, requestHash string) (*IdempotencyKey, error) {
	if a.UserID == 0 {
		return nil, Fail(ErrUnauthenticated, "auth.required")
	}
	if err := checkIdempotencyKey(key); err != nil {
		return nil, err
	}
	var replay *IdempotencyKey
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		k := IdempotencyKey{UserID: a.UserID, KeyHash: hashIdempotencyKey(key), RequestHash: requestHash,
			CreatedAt: now, ExpiresAt: now.Add(s.ttl())}
		claimed, err := tx.ClaimIdempotencyKey(ctx, k)
		if err != nil || claimed {
			return err
		}
		old, err := tx.IdempotencyKey(ctx, a.UserID, k.KeyHash)
		if errors.Is(err, ErrNotFound) { // expired and swept in between
			return Fail(ErrConflict, "idempotency.in_progress")
		} else if err != nil {
			return err
		}
		switch {
		case old.RequestHash != requestHash:
			return Fail(ErrConflict, "idempotency.key_reused")
		case old.Status == 0:
			e := Fail(ErrConflict, "idempotency.in_progress")
			e.RetryAfter = 1
			return e
		}
		replay = &old
		return nil
	})
	return replay, err
}

// Finish stores the answer to the claimed key's first request.
func (s *IdempotencyService) Finish(ctx context.Context, a Actor, key string, status int, body []byte) error {
	return s.Store.InTx(ctx, func(tx Tx) error {
		return tx.FinishIdempotencyKey(ctx, a.UserID, hashIdempotencyKey(key), status, body)
	})
}

// Release forgets a claimed key whose request failed, so that the client
// may try again with it.
func (s *IdempotencyService) Release(ctx context.Context, a Actor, key string) error {
	return s.Store.InTx(ctx, func(tx Tx) error {
		return tx.ReleaseIdempotencyKey(ctx, a.UserID, hashIdempotencyKey(key))
	})
}

func (s *IdempotencyService) ttl() time.Duration {
	if s.TTL > 0 {
		return s.TTL
	}
	return DefaultIdempotencyTTL
}

// checkIdempotencyKey accepts 1 to 255 printable ASCII characters (a UUID,
// usually).
func checkIdempotencyKey(key string) error {
	if key == "" || len(key) > maxIdempotencyKey {
		return Invalid("idempotency.key_invalid", maxIdempotencyKey)
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return Invalid("idempotency.key_invalid", maxIdempotencyKey)
		}
	}
	return nil
}

// hashIdempotencyKey is the stored form of a key: clients choose keys, so
// they are kept at a fixed size and never shown.
func hashIdempotencyKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}
