package domain

import (
	"context"
	"errors"
	"time"
)

// TokenReset is the kind of a one-time password-reset link's token. It
// only ever sets a password: Authenticate refuses it as a bearer token, and
// ResetWithLink refuses every other kind.
const TokenReset = "reset"

// ResetLinkTTL is how long a reset link works.
const ResetLinkTTL = 24 * time.Hour

// CreateResetLink makes a one-time link for user id to set a new password
// (admin): the token's secret is returned this once, to be put in the link;
// only its hash is stored. A new link replaces the user's earlier unused
// ones. Audited as "user.reset_link". The user's password and sessions stay
// as they are until the link is used.
func (s *UserService) CreateResetLink(ctx context.Context, a Actor, id int64) (string, time.Time, error) {
	defer s.authCache.clear() // the user or their tokens may change
	if err := Require(a, PermManageUsers); err != nil {
		return "", time.Time{}, err
	}
	if a.UserID == id {
		return "", time.Time{}, Invalid("user.reset_self")
	}
	secret := newTokenSecret()
	tok := Token{UserID: id, Hash: HashToken(secret), Kind: TokenReset, Name: "reset"}
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		u, err := tx.User(ctx, id)
		if err != nil {
			return err
		}
		if !u.Active {
			return Invalid("user.inactive", u.Username)
		}
		old, err := tx.Tokens(ctx, id)
		if err != nil {
			return err
		}
		for _, t := range old {
			if t.Kind == TokenReset && t.RevokedAt.IsZero() {
				if err := tx.RevokeToken(ctx, id, t.ID, now); err != nil {
					return err
				}
			}
		}
		tok.CreatedAt, tok.ExpiresAt = now, now.Add(ResetLinkTTL)
		if err := tx.CreateToken(ctx, &tok); err != nil {
			return err
		}
		e := auditOf(a, now, "user.reset_link", userTarget(id), "")
		return tx.AddAudit(ctx, &e)
	})
	return secret, tok.ExpiresAt, err
}

// CheckResetLink reports whether secret is a live reset link, and whose:
// ErrInvalid ("web.reset.link_invalid") for anything else, so the page
// can say so before asking for a password.
func (s *UserService) CheckResetLink(ctx context.Context, secret string) (User, error) {
	_, u, err := s.resetToken(ctx, s.Store, secret, s.Now())
	return u, err
}

// ResetWithLink sets the password of the reset link's user to next, once:
// the link's token is revoked in the same transaction, with every session
// and API token of the user, so the old password and everything signed in
// with it stop working. Audited as "user.password_reset_link" by the user.
func (s *UserService) ResetWithLink(ctx context.Context, secret, next, ip string) error {
	defer s.authCache.clear() // the user or their tokens may change
	if err := CheckPassword(next, s.MinPasswordLength); err != nil {
		return err
	}
	if _, _, err := s.resetToken(ctx, s.Store, secret, s.Now()); err != nil {
		return err // before the slow hash
	}
	h, err := s.Hasher.Hash(next)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		tok, u, err := s.resetToken(ctx, tx, secret, now)
		if err != nil {
			return err
		}
		// The conditional revoke lets one of two concurrent uses through.
		if err := tx.RevokeToken(ctx, u.ID, tok.ID, now); errors.Is(err, ErrNotFound) {
			return Invalid("web.reset.link_invalid")
		} else if err != nil {
			return err
		}
		u.PasswordHash, u.UpdatedAt = h, now
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		if err := tx.RevokeUserTokens(ctx, u.ID, now); err != nil {
			return err
		}
		e := auditOf(ActorOf(u, ChannelWeb, ip), now, "user.password_reset_link", userTarget(u.ID), "")
		return tx.AddAudit(ctx, &e)
	})
}

// resetToken finds the live reset token of secret and its active user.
func (s *UserService) resetToken(ctx context.Context, r TokenReader, secret string, now time.Time) (Token, User, error) {
	bad := Invalid("web.reset.link_invalid")
	if !looksLikeToken(secret) {
		return Token{}, User{}, bad
	}
	tok, u, err := r.TokenWithUser(ctx, HashToken(secret))
	if errors.Is(err, ErrNotFound) || err == nil && (tok.Kind != TokenReset || !tok.Active(now) || !u.Active) {
		return Token{}, User{}, bad
	}
	return tok, u, err
}
