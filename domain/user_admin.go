package domain

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// CreateUser adds a user. Admins create anyone; the system actor (command
// line, first start) too.
func (s *UserService) CreateUser(ctx context.Context, a Actor, c CreateUser) (User, error) {
	if err := Require(a, PermManageUsers); err != nil {
		return User{}, err
	}
	c.Normalize()
	if err := c.Validate(s.MinPasswordLength); err != nil {
		return User{}, err
	}
	email, _ := NormalizeEmail(c.Email) // validated above
	hash, err := s.Hasher.Hash(c.Password)
	if err != nil {
		return User{}, err
	}
	u := User{Username: c.Username, DisplayName: c.DisplayName, Email: email, Role: c.Role,
		Lang: c.Lang, Active: true, PasswordHash: hash}
	if u.DisplayName == "" {
		u.DisplayName = u.Username
	}
	err = s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		u.CreatedAt, u.UpdatedAt = now, now
		if err := resolveBinding(ctx, tx, &c); err != nil {
			return err
		}
		u.OrgID, u.CommunityID = c.OrgID, c.CommunityID
		if _, err := tx.UserByUsername(ctx, u.Username); err == nil {
			return Fail(ErrConflict, "user.username_taken", u.Username)
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		if err := emailFree(ctx, tx, u); err != nil {
			return err
		}
		if err := tx.CreateUser(ctx, &u); err != nil {
			if errors.Is(err, ErrConflict) { // a concurrent create won the race
				return Fail(ErrConflict, "user.username_or_email_taken", u.Username, u.Email)
			}
			return err
		}
		e := auditOf(a, now, "user.create", userTarget(u.ID), string(u.Role))
		return tx.AddAudit(ctx, &e)
	})
	return u, err
}

// emailFree checks that no other active user has u's email: replies are
// matched to users by sender, so an address must name one active user. A
// unique index over the active users' addresses holds it under races.
func emailFree(ctx context.Context, q UserReader, u User) error {
	if !u.Active {
		return nil
	}
	other, err := q.ActiveUserByEmail(ctx, u.Email)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil
	case err != nil:
		return err
	case other.ID != u.ID:
		return Fail(ErrConflict, "user.email_taken", u.Email)
	}
	return nil
}

// resolveBinding turns organisation and community codes into IDs and checks
// that the IDs exist.
func resolveBinding(ctx context.Context, q interface {
	OrgReader
	CommunityReader
}, c *CreateUser) error {
	if c.OrgID == 0 && c.OrgCode != "" {
		o, err := q.OrganizationByCode(ctx, c.OrgCode)
		if errors.Is(err, ErrNotFound) {
			return Invalid("user.org_unknown", c.OrgCode)
		} else if err != nil {
			return err
		}
		c.OrgID = o.ID
	} else if c.OrgID != 0 {
		if _, err := q.Organization(ctx, c.OrgID); errors.Is(err, ErrNotFound) {
			return Invalid("user.org_unknown", strconv.FormatInt(c.OrgID, 10))
		} else if err != nil {
			return err
		}
	}
	if c.CommunityID == 0 && c.CommunityCode != "" {
		m, err := q.CommunityByCode(ctx, c.CommunityCode)
		if errors.Is(err, ErrNotFound) {
			return Invalid("user.community_unknown", c.CommunityCode)
		} else if err != nil {
			return err
		}
		c.CommunityID = m.ID
	} else if c.CommunityID != 0 {
		if _, err := q.Community(ctx, c.CommunityID); errors.Is(err, ErrNotFound) {
			return Invalid("user.community_unknown", strconv.FormatInt(c.CommunityID, 10))
		} else if err != nil {
			return err
		}
	}
	return nil
}

func userTarget(id int64) string { return "user:" + strconv.FormatInt(id, 10) }

// User returns one user, if a may see them.
func (s *UserService) User(ctx context.Context, a Actor, id int64) (User, error) {
	u, err := s.Store.User(ctx, id)
	if err != nil {
		return User{}, err
	}
	if !CanSeeUser(a, u) {
		return User{}, Fail(ErrNotFound, "user.not_found", id)
	}
	return u, nil
}

// Users lists users for an admin.
func (s *UserService) Users(ctx context.Context, a Actor, f UserFilter, p Page) (List[User], error) {
	if err := Require(a, PermManageUsers); err != nil {
		return List[User]{}, err
	}
	if f.Role != "" && !f.Role.Valid() {
		return List[User]{}, Invalid("user.role_invalid", string(f.Role))
	}
	rows, err := s.Store.Users(ctx, f, p)
	if err != nil {
		return List[User]{}, err
	}
	return Paginate(rows, p.Limit, func(u User) Cursor { return Cursor{ID: u.ID} }), nil
}

// UpdateUser edits a user. Admins edit anyone; a user may change their own
// display name, email, language and password, but not deactivate themselves.
// Changing one's own password or email needs the current password
// (c.CurrentPassword), which counts against the sign-in lockout like a
// login; an admin setting another user's password is audited as a reset.
// A password change or deactivation revokes the user's tokens.
func (s *UserService) UpdateUser(ctx context.Context, a Actor, id int64, c UpdateUser) (User, error) {
	defer s.authCache.clear() // the user or their tokens may change
	self := a.UserID == id && id != 0
	if !self {
		if err := Require(a, PermManageUsers); err != nil {
			return User{}, err
		}
	}
	if self && c.Active != nil && !*c.Active {
		return User{}, Invalid("user.cannot_deactivate_self")
	}
	if c.changesBinding() && (self || !Allowed(a, PermManageUsers)) {
		return User{}, Invalid("user.cannot_change_own_role")
	}
	if self && c.needsSecret() {
		if err := s.proveSecret(ctx, a, id, c.CurrentPassword); err != nil {
			return User{}, err
		}
	}
	var u User
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		var err error
		if u, err = tx.User(ctx, id); err != nil {
			return err
		}
		wasActive := u.Active
		revoke, changed, err := s.applyUpdate(&u, c)
		if err != nil {
			return err
		}
		if c.changesBinding() {
			if err := rebind(ctx, tx, &u, c); err != nil {
				return err
			}
			changed = append(changed, "role")
		}
		if c.Email != nil || !wasActive && u.Active {
			if err := emailFree(ctx, tx, u); err != nil {
				return err
			}
		}
		u.UpdatedAt = now
		if err := tx.UpdateUser(ctx, &u); err != nil {
			if errors.Is(err, ErrConflict) { // a concurrent change took the address
				return Fail(ErrConflict, "user.email_taken", u.Email)
			}
			return err
		}
		if revoke {
			if err := tx.RevokeUserTokens(ctx, u.ID, now); err != nil {
				return err
			}
		}
		action := "user.update"
		if !self && c.Password != nil {
			action = "user.password_reset"
		}
		e := auditOf(a, now, action, userTarget(u.ID), strings.Join(changed, ","))
		return tx.AddAudit(ctx, &e)
	})
	return u, err
}

// rebind applies a change of role or binding to u and checks the result
// as CreateUser does: a department user has an existing organisation, a
// community user an existing community, and nobody else either.
func rebind(ctx context.Context, tx Tx, u *User, c UpdateUser) error {
	if c.Role != nil {
		u.Role = *c.Role
	}
	switch {
	case c.OrgID != nil:
		u.OrgID = *c.OrgID
	case u.Role != RoleDepartment:
		u.OrgID = 0
	}
	switch {
	case c.CommunityID != nil:
		u.CommunityID = *c.CommunityID
	case u.Role != RoleCommunity:
		u.CommunityID = 0
	}
	var p Problems
	p.Add(!u.Role.Valid(), "user.role_invalid", string(u.Role))
	p.Add(u.Role == RoleDepartment && u.OrgID == 0, "user.org_required")
	p.Add(u.Role != RoleDepartment && u.OrgID != 0, "user.org_not_allowed")
	p.Add(u.Role == RoleCommunity && u.CommunityID == 0, "user.community_required")
	p.Add(u.Role != RoleCommunity && u.CommunityID != 0, "user.community_not_allowed")
	p.Add(u.OrgID < 0, "user.org_unknown", strconv.FormatInt(u.OrgID, 10))
	p.Add(u.CommunityID < 0, "user.community_unknown", strconv.FormatInt(u.CommunityID, 10))
	if err := p.Err(); err != nil {
		return err
	}
	return resolveBinding(ctx, tx, &CreateUser{OrgID: u.OrgID, CommunityID: u.CommunityID})
}

// applyUpdate copies the set fields and says whether tokens must be revoked
// and which fields changed (for the audit row; never the values).
func (s *UserService) applyUpdate(u *User, c UpdateUser) (revoke bool, changed []string, err error) {
	if c.DisplayName != nil {
		v := strings.TrimSpace(*c.DisplayName)
		if v == "" || len([]rune(v)) > 100 {
			return false, nil, Invalid("user.display_name_invalid")
		}
		u.DisplayName, changed = v, append(changed, "display_name")
	}
	if c.Email != nil {
		v, err := NormalizeEmail(*c.Email)
		if err != nil {
			return false, nil, err
		}
		u.Email, changed = v, append(changed, "email")
	}
	if c.Lang != nil {
		if *c.Lang != "zh-CN" && *c.Lang != "en" {
			return false, nil, Invalid("user.lang_invalid")
		}
		u.Lang, changed = *c.Lang, append(changed, "lang")
	}
	if c.Active != nil {
		revoke = revoke || !*c.Active
		u.Active, changed = *c.Active, append(changed, "active")
	}
	if c.MailOff != nil {
		u.MailOff, changed = *c.MailOff, append(changed, "mail_off")
	}
	if c.Password != nil {
		if err := CheckPassword(*c.Password, s.MinPasswordLength); err != nil {
			return false, nil, err
		}
		h, err := s.Hasher.Hash(*c.Password)
		if err != nil {
			return false, nil, err
		}
		u.PasswordHash, revoke, changed = h, true, append(changed, "password")
	}
	return revoke, changed, nil
}

// proveSecret checks that current is the password of user id, for a change
// the user makes to their own account. Each check counts against the
// sign-in lockout of the account and the address, as a login does, so a
// stolen token cannot be used to guess the password.
func (s *UserService) proveSecret(ctx context.Context, a Actor, id int64, current *string) error {
	if current == nil || *current == "" {
		return Invalid("user.current_password_required")
	}
	u, err := s.Store.User(ctx, id)
	if err != nil {
		return err
	}
	keys := loginKeys(u.Username, a.IP)
	counted, err := s.admit(ctx, keys)
	if err != nil {
		return err
	}
	ok := false
	if len(*current) <= 256 {
		if ok, err = s.Hasher.Verify(u.PasswordHash, *current); err != nil {
			return fmt.Errorf("verify password of user %d: %w", u.ID, err)
		}
	}
	if !ok {
		if err := s.loginFailed(ctx, counted, u.Username, a.IP); errors.Is(err, ErrRateLimited) {
			return err
		} else if !errors.Is(err, ErrUnauthenticated) {
			return err
		}
		return Fail(ErrForbidden, "user.current_password_wrong")
	}
	return s.Store.InTx(ctx, func(tx Tx) error { return s.forgive(ctx, tx, keys) })
}
