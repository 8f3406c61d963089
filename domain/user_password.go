package domain

import (
	"context"
	"crypto/rand"
	"strconv"
	"strings"
	"time"
)

// GeneratePassword returns a random password of at least min characters
// (and at least 20): base32 letters and digits, easy to read out and type.
func GeneratePassword(min int) string {
	var b strings.Builder
	for b.Len() < max(min, 20) {
		b.WriteString(rand.Text())
	}
	return b.String()
}

// ResetPassword gives user id a new generated password (admin): it is
// returned this once and never stored in clear. The change is audited as
// "user.password_reset" and revokes the user's sessions and API tokens, so
// the old password and everything signed in with it stop working. Admins
// change their own password with ChangeOwnPassword instead.
func (s *UserService) ResetPassword(ctx context.Context, a Actor, id int64) (User, string, error) {
	if err := Require(a, PermManageUsers); err != nil {
		return User{}, "", err
	}
	if a.UserID == id {
		return User{}, "", Invalid("user.reset_self")
	}
	pw := GeneratePassword(s.MinPasswordLength)
	u, err := s.UpdateUser(ctx, a, id, UpdateUser{Password: &pw})
	if err != nil {
		return User{}, "", err
	}
	return u, pw, nil
}

// ChangeOwnPassword changes the actor's own password, proved with the
// current one (a wrong one counts against the sign-in lockout and changes
// nothing). Every session and API token of the user is revoked, including
// the one in use; a fresh session is returned in its place, so the browser
// the change was made in stays signed in while every other one is signed
// out.
func (s *UserService) ChangeOwnPassword(ctx context.Context, a Actor, current, next string) (string, time.Time, error) {
	if a.UserID == 0 {
		return "", time.Time{}, Fail(ErrUnauthenticated, "auth.required")
	}
	if current == "" {
		return "", time.Time{}, Invalid("user.current_password_required")
	}
	if err := CheckPassword(next, s.MinPasswordLength); err != nil {
		return "", time.Time{}, err
	}
	u, err := s.UpdateUser(ctx, a, a.UserID, UpdateUser{Password: &next, CurrentPassword: &current})
	if err != nil {
		return "", time.Time{}, err
	}
	secret := newTokenSecret()
	tok := Token{UserID: u.ID, Hash: HashToken(secret), Kind: TokenSession, Name: "login"}
	err = s.Store.InTx(ctx, func(tx Tx) error {
		at := tx.Now()
		tok.CreatedAt, tok.ExpiresAt = at, at.Add(s.SessionTTL)
		if err := tx.CreateToken(ctx, &tok); err != nil {
			return err
		}
		e := auditOf(a, at, "auth.session_renewed", "user:"+strconv.FormatInt(u.ID, 10), "password")
		return tx.AddAudit(ctx, &e)
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return secret, tok.ExpiresAt, nil
}
