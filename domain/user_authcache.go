package domain

import (
	"sync"
	"time"
)

// authCache remembers, for a short time, what a token resolved to, so that
// the requests of one client in quick succession do not each read the token
// and its user (a round trip and an eighth of the server's CPU on a page of
// tasks; BENCHMARKS.md, issue 15). It is keyed by the token's hash, never
// the secret.
//
// What it costs: a change made through this server's UserService (a
// logout, a password reset, a user deactivated or moved to another
// organisation or role) clears the cache at once; the same change made on
// another replica, or with the command line, is seen here at most TTL
// later. That is why the TTL is seconds, and 0 turns the cache off.
type authCache struct {
	mu      sync.Mutex
	entries map[string]authEntry
}

type authEntry struct {
	user  User
	tok   Token
	until time.Time
}

// authCacheMax bounds the entries: past it the cache starts again empty,
// which costs one read per active token, not a wrong answer.
const authCacheMax = 10000

func (c *authCache) get(hash string, now time.Time) (User, Token, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || !now.Before(e.until) {
		return User{}, Token{}, false
	}
	return e.user, e.tok, true
}

func (c *authCache) put(hash string, u User, tok Token, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= authCacheMax {
		c.entries = make(map[string]authEntry)
	}
	c.entries[hash] = authEntry{u, tok, until}
}

// clear forgets every token: something about a user or a token changed.
func (c *authCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = nil
}
