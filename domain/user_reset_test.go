package domain_test

import (
	"context"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// A reset link sets a password once: the old password and sessions stop,
// the link does not work twice, nor after a day, nor as a bearer token, and
// a session token does not work as a link.
func TestResetLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{storetest.Now}
		users := newUsers(db, clk)
		admin := mustUser(t, users, domain.CreateUser{Username: "boss", Role: domain.RoleAdmin})
		u := mustUser(t, users, domain.CreateUser{Username: "lead1", Role: domain.RoleLead})
		by := domain.ActorOf(admin, domain.ChannelWeb, "")
		session, _, err := users.Login(ctx, "lead1", "correct horse battery", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := users.CreateResetLink(ctx, domain.ActorOf(u, domain.ChannelWeb, ""), admin.ID); err == nil {
			t.Fatal("a lead made a reset link for the admin")
		}
		if _, _, err := users.CreateResetLink(ctx, by, admin.ID); domain.ErrorKey(err) != "user.reset_self" {
			t.Fatalf("own link: got %v, want user.reset_self", err)
		}
		first, _, err := users.CreateResetLink(ctx, by, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		link, expires, err := users.CreateResetLink(ctx, by, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := storetest.Now.Add(24 * time.Hour); !expires.Equal(want) {
			t.Errorf("expires: got %v, want %v", expires, want)
		}
		invalid := func(what string, err error) {
			t.Helper()
			if domain.ErrorKey(err) != "web.reset.link_invalid" {
				t.Errorf("%s: got %v, want web.reset.link_invalid", what, err)
			}
		}
		invalid("the earlier link", users.ResetWithLink(ctx, first, "a new password 1", ""))
		invalid("a session token as a link", users.ResetWithLink(ctx, session, "a new password 1", ""))
		if _, _, err := users.Authenticate(ctx, link); err == nil {
			t.Error("the reset link works as a bearer token")
		}
		if _, _, err := users.Login(ctx, "lead1", "correct horse battery", ""); err != nil {
			t.Errorf("the old password stopped before the link was used: %v", err)
		}
		if err := users.ResetWithLink(ctx, link, "short", ""); domain.ErrorKey(err) == "" {
			t.Errorf("a short password: got %v", err)
		}
		if got, err := users.CheckResetLink(ctx, link); err != nil || got.ID != u.ID {
			t.Fatalf("check: got %d, %v", got.ID, err)
		}
		if err := users.ResetWithLink(ctx, link, "a new password 1", "10.0.0.2"); err != nil {
			t.Fatal(err)
		}
		invalid("the second use", users.ResetWithLink(ctx, link, "a new password 2", ""))
		if _, _, err := users.Authenticate(ctx, session); err == nil {
			t.Error("the session from before the reset still works")
		}
		if _, _, err := users.Login(ctx, "lead1", "correct horse battery", ""); err == nil {
			t.Error("the old password still signs in")
		}
		if _, _, err := users.Login(ctx, "lead1", "a new password 1", ""); err != nil {
			t.Errorf("the new password: %v", err)
		}
		trail, err := db.Audit(ctx, domain.AuditFilter{Action: "user.password_reset_link"}, domain.Page{Limit: 10})
		if err != nil || len(trail) != 1 || trail[0].ActorID != u.ID || trail[0].IP != "10.0.0.2" {
			t.Errorf("audit of the use: %+v (%v)", trail, err)
		}
		made, err := db.Audit(ctx, domain.AuditFilter{Action: "user.reset_link"}, domain.Page{Limit: 10})
		if err != nil || len(made) != 2 || made[0].ActorID != admin.ID {
			t.Errorf("audit of the links: %+v (%v)", made, err)
		}

		late, _, err := users.CreateResetLink(ctx, by, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(24*time.Hour + time.Second)
		invalid("an expired link", users.ResetWithLink(ctx, late, "a new password 3", ""))
	})
}
