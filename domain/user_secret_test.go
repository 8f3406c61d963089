package domain_test

import (
	"context"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// A bearer token alone must not change the password or the email: a
// stolen token would otherwise become a permanent takeover.
func TestSelfChangeNeedsCurrentPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		users := newUsers(db, &clock{storetest.Now})
		u := mustUser(t, users, domain.CreateUser{Username: "lead1", Role: domain.RoleLead})
		self := domain.ActorOf(u, domain.ChannelAPI, "")
		pw, mail := "a brand new password", "new@example.cn"
		wrong, right := "not my password", "correct horse battery"
		tests := []struct {
			name string
			c    domain.UpdateUser
			kind error
			key  string
		}{
			{"password without current", domain.UpdateUser{Password: &pw}, domain.ErrInvalid, "user.current_password_required"},
			{"email without current", domain.UpdateUser{Email: &mail}, domain.ErrInvalid, "user.current_password_required"},
			{"password with wrong current", domain.UpdateUser{Password: &pw, CurrentPassword: &wrong}, domain.ErrForbidden, "user.current_password_wrong"},
			{"email with wrong current", domain.UpdateUser{Email: &mail, CurrentPassword: &wrong}, domain.ErrForbidden, "user.current_password_wrong"},
		}
		for _, tt := range tests {
			_, err := users.UpdateUser(ctx, self, u.ID, tt.c)
			wantKind(t, err, tt.kind)
			if got := domain.ErrorKey(err); got != tt.key {
				t.Errorf("%s: key %q, want %q", tt.name, got, tt.key)
			}
		}
		if got, _ := users.User(ctx, self, u.ID); got.Email != u.Email || got.PasswordHash != u.PasswordHash {
			t.Fatalf("a refused change was written: %+v", got)
		}
		// With the current password both change.
		got, err := users.UpdateUser(ctx, self, u.ID, domain.UpdateUser{Password: &pw, Email: &mail, CurrentPassword: &right})
		if err != nil || got.Email != mail {
			t.Fatalf("change with the current password: %+v, %v", got, err)
		}
		if _, _, err := users.Login(ctx, "lead1", pw, "::1"); err != nil {
			t.Fatalf("sign in with the new password: %v", err)
		}
		// An admin resets another's password without theirs, and the audit
		// log tells the reset from a change.
		admin := mustUser(t, users, domain.CreateUser{Username: "root", Role: domain.RoleAdmin})
		reset := "reset by the admin"
		if _, err := users.UpdateUser(ctx, domain.ActorOf(admin, domain.ChannelAPI, ""), u.ID, domain.UpdateUser{Password: &reset}); err != nil {
			t.Fatalf("admin reset: %v", err)
		}
		list, err := (&domain.AuditService{Store: db.Store}).Entries(ctx, domain.SystemActor(),
			domain.AuditFilter{Action: "user.password_reset"}, domain.Page{Limit: 10})
		if err != nil || len(list.Items) != 1 || list.Items[0].ActorID != admin.ID {
			t.Errorf("audit of the reset: %+v, %v", list.Items, err)
		}
	})
}

// Replies are matched by sender, so two active users cannot share an email.
func TestEmailUniqueAmongActiveUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		users := newUsers(db, &clock{storetest.Now})
		sys := domain.SystemActor()
		a := mustUser(t, users, domain.CreateUser{Username: "a1", Role: domain.RoleLead, Email: "same@example.cn"})
		_, err := users.CreateUser(ctx, sys, domain.CreateUser{Username: "b1", Role: domain.RoleLead,
			Email: "Same@Example.cn", Password: "correct horse battery"})
		wantKind(t, err, domain.ErrConflict)
		if got := domain.ErrorKey(err); got != "user.email_taken" {
			t.Errorf("create: key %q, want user.email_taken", got)
		}
		b := mustUser(t, users, domain.CreateUser{Username: "b1", Role: domain.RoleLead, Email: "b1@example.cn"})
		same := "SAME@example.cn"
		_, err = users.UpdateUser(ctx, sys, b.ID, domain.UpdateUser{Email: &same})
		wantKind(t, err, domain.ErrConflict)
		// A deactivated user's address may be reused, but the user cannot
		// come back while another active user has it.
		off, on := false, true
		if _, err := users.UpdateUser(ctx, sys, a.ID, domain.UpdateUser{Active: &off}); err != nil {
			t.Fatal(err)
		}
		if _, err := users.UpdateUser(ctx, sys, b.ID, domain.UpdateUser{Email: &same}); err != nil {
			t.Fatalf("reuse a deactivated user's address: %v", err)
		}
		_, err = users.UpdateUser(ctx, sys, a.ID, domain.UpdateUser{Active: &on})
		wantKind(t, err, domain.ErrConflict)
		// The store holds it too, without the service's check.
		err = db.Store.InTx(ctx, func(tx domain.Tx) error {
			u := domain.User{Username: "c1", Email: "same@example.cn", Role: domain.RoleLead, Lang: "zh-CN",
				Active: true, PasswordHash: "x", CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
			return tx.CreateUser(ctx, &u)
		})
		wantKind(t, err, domain.ErrConflict)
	})
}

// Guessing the current password through a stolen token meets the sign-in
// lockout.
func TestCurrentPasswordGuessesLock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		users := newUsers(db, &clock{storetest.Now})
		u := mustUser(t, users, domain.CreateUser{Username: "lead1", Role: domain.RoleLead})
		self := domain.ActorOf(u, domain.ChannelAPI, "10.0.0.9")
		pw := "a brand new password"
		var err error
		for i := 0; i < users.Policy.MaxFailures; i++ {
			guess := "guess number " + string(rune('a'+i))
			_, err = users.UpdateUser(ctx, self, u.ID, domain.UpdateUser{Password: &pw, CurrentPassword: &guess})
		}
		wantKind(t, err, domain.ErrRateLimited)
		right := "correct horse battery"
		_, err = users.UpdateUser(ctx, self, u.ID, domain.UpdateUser{Password: &pw, CurrentPassword: &right})
		wantKind(t, err, domain.ErrRateLimited)
	})
}
