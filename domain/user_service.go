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
	// AuthCacheTTL is how long Authenticate may answer a token from what it
	// read before (authCache); 0 reads the store every time.
	AuthCacheTTL time.Duration
	authCache    authCache
	// dummyHash is verified against for unknown users so that timing does
	// not tell which usernames exist.
	dummyOnce sync.Once
	dummyHash string
}

// Login checks a username and password from client address ip and returns
// a new session token and its expiry. Attempts are counted per account and
// per address before the password is checked; past the limit the key is
// locked (ErrRateLimited) and no more passwords are checked for it.
func (s *UserService) Login(ctx context.Context, username, password, ip string) (string, time.Time, error) {
	username = NormalizeUsername(username)
	// A name that no account could have is refused before any lookup: it
	// also keeps control characters (NUL) away from the database.
	if !usernameRE.MatchString(username) || password == "" || len(password) > 256 {
		return "", time.Time{}, Fail(ErrUnauthenticated, "auth.bad_credentials")
	}
	keys := loginKeys(username, ip)
	counted, err := s.admit(ctx, keys)
	if err != nil {
		return "", time.Time{}, err
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
		return "", time.Time{}, s.loginFailed(ctx, counted, username, ip)
	}
	secret := newTokenSecret()
	tok := Token{UserID: u.ID, Hash: HashToken(secret), Kind: TokenSession, Name: "login"}
	err = s.Store.InTx(ctx, func(tx Tx) error {
		at := tx.Now()
		tok.CreatedAt, tok.ExpiresAt = at, at.Add(s.SessionTTL)
		if err := tx.CreateToken(ctx, &tok); err != nil {
			return err
		}
		if err := s.forgive(ctx, tx, keys); err != nil {
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

// loginKeys are the throttle keys of a sign-in: the account, then the
// client address.
func loginKeys(username, ip string) []string { return []string{"user:" + username, "ip:" + ip} }

// limitOf is the failure limit of the i-th of loginKeys.
func (s *UserService) limitOf(i int) int {
	if i > 0 {
		return s.Policy.MaxFailures * IPFactor
	}
	return s.Policy.MaxFailures
}

// admit counts an attempt against each key in turn, atomically, and
// refuses it (ErrRateLimited) as soon as one key is locked or past its
// limit; keys after that one are not counted. It returns the counts.
func (s *UserService) admit(ctx context.Context, keys []string) ([]Throttle, error) {
	var counted []Throttle
	var refused time.Duration
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		counted, refused = counted[:0], 0
		for i, k := range keys {
			th, err := tx.CountLoginAttempt(ctx, k, now, s.Policy.Window)
			if err != nil {
				return err
			}
			counted = append(counted, th)
			if refused = s.Policy.Refused(th, now, s.limitOf(i)); refused > 0 {
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if refused > 0 {
		return nil, locked(refused)
	}
	return counted, nil
}

// forgive takes a successful attempt's counts back: the account starts
// over, the address loses the one attempt (many honest users may share it).
func (s *UserService) forgive(ctx context.Context, tx Tx, keys []string) error {
	if err := tx.DeleteLoginThrottle(ctx, keys[0]); err != nil {
		return err
	}
	return tx.UncountLoginAttempt(ctx, keys[1])
}

func locked(d time.Duration) error {
	e := Fail(ErrRateLimited, "auth.locked")
	e.RetryAfter = int(d.Seconds()) + 1
	return e
}

func (s *UserService) equalizeTiming(password string) {
	s.dummyOnce.Do(func() {
		s.dummyHash, _ = s.Hasher.Hash("xietong-timing-equalizer") // on error Verify below fails fast; timing is best effort
	})
	_, _ = s.Hasher.Verify(s.dummyHash, password) // the result is meaningless by design
}

// loginFailed locks the keys whose count reached the limit, records the
// failure, waits the slowdown and returns the error the client sees.
func (s *UserService) loginFailed(ctx context.Context, counted []Throttle, username, ip string) error {
	worst := 0
	var lock time.Duration
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		for i, th := range counted {
			worst = max(worst, th.Failures)
			if s.Policy.Locks(th, s.limitOf(i)) {
				lock = s.Policy.Lockout
				if err := tx.LockLogin(ctx, th.Key, now.Add(s.Policy.Lockout)); err != nil {
					return err
				}
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
		s.Sleep(ctx, s.Policy.Delay(worst))
	}
	if lock > 0 {
		return locked(lock)
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
	hash := HashToken(secret)
	if s.AuthCacheTTL > 0 {
		// A cached token is checked again for expiry: the cache may not
		// stretch a token's life.
		if u, tok, ok := s.authCache.get(hash, now); ok && tok.Active(now) {
			return u, tok, nil
		}
	}
	tok, u, err := s.Store.TokenWithUser(ctx, hash)
	// Only sessions and API tokens sign in: a reset link only sets a password.
	if errors.Is(err, ErrNotFound) || err == nil && (tok.Kind != TokenSession && tok.Kind != TokenAPI || !tok.Active(now) || !u.Active) {
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
		tok.LastUsedAt = now
	}
	if s.AuthCacheTTL > 0 {
		s.authCache.put(hash, u, tok, now.Add(s.AuthCacheTTL))
	}
	return u, tok, nil
}

// Logout revokes the token the actor is using.
func (s *UserService) Logout(ctx context.Context, a Actor, tokenID int64) error {
	defer s.authCache.clear()
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
