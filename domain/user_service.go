package domain

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// UserService signs users in, checks their tokens and manages accounts.
type UserService struct {
	Store             UserStore
	Hasher            PasswordHasher
	Now               func() time.Time
	Policy            LoginPolicy
	SessionTTL        time.Duration
	APITokenTTL       time.Duration
	MinPasswordLength int
	// Sleep holds a failed sign-in's answer (the slowdown); nil means no delay.
	Sleep func(ctx context.Context, d time.Duration)
	// dummyHash is verified against for unknown users so that timing does
	// not tell which usernames exist.
	dummyOnce sync.Once
	dummyHash string
}

// Login checks a username and password from client address ip and returns
// a new session token and its expiry. Failures are counted per account and
// per address; past the limit the key is locked (ErrRateLimited).
func (s *UserService) Login(ctx context.Context, username, password, ip string) (string, time.Time, error) {
	now := s.Now()
	username = NormalizeUsername(username)
	// A name that no account could have is refused before any lookup: it
	// also keeps control characters (NUL) away from the database.
	if !usernameRE.MatchString(username) || password == "" || len(password) > 256 {
		return "", time.Time{}, Fail(ErrUnauthenticated, "auth.bad_credentials")
	}
	keys := []string{"user:" + username, "ip:" + ip}
	for _, k := range keys {
		th, err := s.Store.LoginThrottle(ctx, k)
		if err != nil {
			return "", time.Time{}, err
		}
		if d := s.Policy.LockedFor(th, now); d > 0 {
			e := Fail(ErrRateLimited, "auth.locked")
			e.RetryAfter = int(d.Seconds()) + 1
			return "", time.Time{}, e
		}
	}
	u, err := s.Store.UserByUsername(ctx, username)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", time.Time{}, err
	}
	ok := false
	if err == nil && u.Active {
		ok, err = s.Hasher.Verify(u.PasswordHash, password)
		if err != nil {
			return "", time.Time{}, fmt.Errorf("verify password of user %d: %w", u.ID, err)
		}
	} else {
		s.equalizeTiming(password)
	}
	if !ok {
		return "", time.Time{}, s.loginFailed(ctx, keys, username, ip)
	}
	secret := newTokenSecret()
	tok := Token{UserID: u.ID, Hash: HashToken(secret), Kind: TokenSession, Name: "login"}
	err = s.Store.InTx(ctx, func(tx Tx) error {
		at := tx.Now()
		tok.CreatedAt, tok.ExpiresAt = at, at.Add(s.SessionTTL)
		if err := tx.CreateToken(ctx, &tok); err != nil {
			return err
		}
		if err := tx.DeleteLoginThrottle(ctx, keys[0]); err != nil {
			return err
		}
		a := ActorOf(u, ChannelAPI, ip)
		e := auditOf(a, at, "auth.login", "user:"+strconv.FormatInt(u.ID, 10), "")
		return tx.AddAudit(ctx, &e)
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return secret, tok.ExpiresAt, nil
}

func (s *UserService) equalizeTiming(password string) {
	s.dummyOnce.Do(func() {
		s.dummyHash, _ = s.Hasher.Hash("xietong-timing-equalizer") // on error Verify below fails fast; timing is best effort
	})
	_, _ = s.Hasher.Verify(s.dummyHash, password) // the result is meaningless by design
}

// loginFailed counts the failure against every key, records it, waits the
// slowdown and returns the error the client sees.
func (s *UserService) loginFailed(ctx context.Context, keys []string, username, ip string) error {
	var worst Throttle
	var now time.Time
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now = tx.Now()
		for i, k := range keys {
			th, err := tx.LoginThrottle(ctx, k)
			if err != nil {
				return err
			}
			max := s.Policy.MaxFailures
			if i > 0 {
				max *= IPFactor
			}
			th = s.Policy.Fail(th, now, max)
			th.Key = k
			if err := tx.SaveLoginThrottle(ctx, th); err != nil {
				return err
			}
			if th.Failures > worst.Failures || th.LockedUntil.After(worst.LockedUntil) {
				worst = th
			}
		}
		e := auditOf(Actor{Username: username, IP: ip, Channel: ChannelAPI}, now,
			"auth.login_failed", "user:"+username, "")
		return tx.AddAudit(ctx, &e)
	})
	if err != nil {
		return err
	}
	if s.Sleep != nil {
		s.Sleep(ctx, s.Policy.Delay(worst.Failures))
	}
	if d := s.Policy.LockedFor(worst, now); d > 0 {
		e := Fail(ErrRateLimited, "auth.locked")
		e.RetryAfter = int(d.Seconds()) + 1
		return e
	}
	return Fail(ErrUnauthenticated, "auth.bad_credentials")
}

// Authenticate resolves a bearer token to its user. Unknown, expired and
// revoked tokens, and tokens of deactivated users, are ErrUnauthenticated.
func (s *UserService) Authenticate(ctx context.Context, secret string) (User, Token, error) {
	bad := Fail(ErrUnauthenticated, "auth.bad_token")
	if !looksLikeToken(secret) {
		return User{}, Token{}, bad
	}
	now := s.Now()
	tok, u, err := s.Store.TokenWithUser(ctx, HashToken(secret))
	if errors.Is(err, ErrNotFound) || err == nil && (!tok.Active(now) || !u.Active) {
		return User{}, Token{}, bad
	}
	if err != nil {
		return User{}, Token{}, err
	}
	// Record use at most once a minute: a write per request would cost more
	// than the information is worth.
	if now.Sub(tok.LastUsedAt) > time.Minute {
		if err := s.Store.InTx(ctx, func(tx Tx) error { return tx.TouchToken(ctx, tok.ID, tx.Now()) }); err != nil {
			return User{}, Token{}, err
		}
	}
	return u, tok, nil
}

// Logout revokes the token the actor is using.
func (s *UserService) Logout(ctx context.Context, a Actor, tokenID int64) error {
	return s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		if err := tx.RevokeToken(ctx, a.UserID, tokenID, now); err != nil {
			return err
		}
		e := auditOf(a, now, "auth.logout", "token:"+strconv.FormatInt(tokenID, 10), "")
		return tx.AddAudit(ctx, &e)
	})
}

// CreateToken makes an API token for username (the command line's "token
// create"); ttl 0 means the service's APITokenTTL. It returns the secret,
// shown this once.
func (s *UserService) CreateToken(ctx context.Context, a Actor, username, name string, ttl time.Duration) (string, Token, error) {
	if a.Role != RoleAdmin && NormalizeUsername(username) != a.Username {
		return "", Token{}, Fail(ErrForbidden, "auth.forbidden")
	}
	if ttl == 0 {
		ttl = s.APITokenTTL
	}
	if ttl < time.Minute || ttl > 5*366*24*time.Hour {
		return "", Token{}, Invalid("token.ttl_invalid")
	}
	secret := newTokenSecret()
	tok := Token{Hash: HashToken(secret), Kind: TokenAPI, Name: name}
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		tok.CreatedAt, tok.ExpiresAt = now, now.Add(ttl)
		u, err := tx.UserByUsername(ctx, NormalizeUsername(username))
		if errors.Is(err, ErrNotFound) {
			return Fail(ErrNotFound, "user.not_found", username)
		}
		if err != nil {
			return err
		}
		if !u.Active {
			return Invalid("user.inactive", username)
		}
		tok.UserID = u.ID
		if err := tx.CreateToken(ctx, &tok); err != nil {
			return err
		}
		e := auditOf(a, now, "token.create", "user:"+strconv.FormatInt(u.ID, 10), name)
		return tx.AddAudit(ctx, &e)
	})
	return secret, tok, err
}
