package domain

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// Token kinds: a session comes from signing in (web or API), an API token
// from "xietong token create".
const (
	TokenSession = "session"
	TokenAPI     = "api"
)

// tokenPrefix marks xietong tokens so that secret scanners can find leaked ones.
const tokenPrefix = "xt_"

// Token is a bearer credential. Only the SHA-256 of the secret is stored;
// the secret itself is shown once, when the token is made.
type Token struct {
	ID         int64
	UserID     int64
	Hash       string
	Kind       string
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	RevokedAt  time.Time
	LastUsedAt time.Time
}

// Active reports whether t may be used at now.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && now.Before(t.ExpiresAt)
}

// HashToken is the stored form of a token secret. A fast hash is right here:
// the secret has 256 bits of entropy, so there is nothing to brute-force.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// newTokenSecret returns a fresh random secret with the xietong prefix.
func newTokenSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// looksLikeToken rejects strings that cannot be tokens before any lookup.
func looksLikeToken(s string) bool {
	return strings.HasPrefix(s, tokenPrefix) && len(s) == len(tokenPrefix)+43
}
