package domain_test

import (
	"context"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

func TestGeneratePassword(t *testing.T) {
	for _, min := range []int{0, 10, 20, 27, 60} {
		pw := domain.GeneratePassword(min)
		if len(pw) < max(min, 20) {
			t.Errorf("GeneratePassword(%d): %d characters", min, len(pw))
		}
		if domain.CheckPassword(pw, min) != nil {
			t.Errorf("GeneratePassword(%d) fails the policy", min)
		}
	}
	if a, b := domain.GeneratePassword(10), domain.GeneratePassword(10); a == b {
		t.Error("two generated passwords are equal")
	}
}

// An admin's reset: the old password and every token stop, the new one
// signs in, and the trail says "password_reset".
func TestResetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		users := newUsers(db, &clock{storetest.Now})
		admin := mustUser(t, users, domain.CreateUser{Username: "boss", Role: domain.RoleAdmin})
		u := mustUser(t, users, domain.CreateUser{Username: "lead1", Role: domain.RoleLead})
		old, _, err := users.Login(ctx, "lead1", "correct horse battery", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		by := domain.ActorOf(admin, domain.ChannelWeb, "")
		if _, _, err := users.ResetPassword(ctx, domain.ActorOf(u, domain.ChannelWeb, ""), admin.ID); err == nil {
			t.Fatal("a lead reset the admin's password")
		}
		if _, _, err := users.ResetPassword(ctx, by, admin.ID); domain.ErrorKey(err) != "user.reset_self" {
			t.Fatalf("own reset: got %v, want user.reset_self", err)
		}
		_, pw, err := users.ResetPassword(ctx, by, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := users.Authenticate(ctx, old); err == nil {
			t.Error("the session from before the reset still works")
		}
		if _, _, err := users.Login(ctx, "lead1", "correct horse battery", "10.0.0.1"); err == nil {
			t.Error("the old password still signs in")
		}
		if _, _, err := users.Login(ctx, "lead1", pw, "10.0.0.1"); err != nil {
			t.Errorf("the new password: %v", err)
		}
		trail, err := db.Audit(ctx, domain.AuditFilter{Action: "user.password_reset"}, domain.Page{Limit: 10})
		if err != nil || len(trail) != 1 || trail[0].ActorID != admin.ID || trail[0].Detail != "password" {
			t.Errorf("audit: %+v (%v)", trail, err)
		}
	})
}

// Changing one's own password: a wrong current password changes nothing;
// the right one revokes every token and hands back a fresh session.
func TestChangeOwnPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		users := newUsers(db, &clock{storetest.Now})
		u := mustUser(t, users, domain.CreateUser{Username: "dept1", Role: domain.RoleDepartment,
			OrgCode: "xian-public_security"})
		self := domain.ActorOf(u, domain.ChannelWeb, "10.0.0.2")
		other, _, err := users.Login(ctx, "dept1", "correct horse battery", "10.0.0.2")
		if err != nil {
			t.Fatal(err)
		}
		api, _, err := users.CreateToken(ctx, domain.SystemActor(), "dept1", "script", 0)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, current, next, key string
		}{
			{"no current", "", "a new password 1", "user.current_password_required"},
			{"too short", "correct horse battery", "short", "user.password_too_short"},
			{"wrong current", "not my password", "a new password 1", "user.current_password_wrong"},
		}
		for _, tt := range tests {
			if _, _, err := users.ChangeOwnPassword(ctx, self, tt.current, tt.next); domain.ErrorKey(err) != tt.key {
				t.Errorf("%s: got %v, want %s", tt.name, err, tt.key)
			}
		}
		if _, _, err := users.Authenticate(ctx, other); err != nil {
			t.Fatalf("a refused change signed the user out: %v", err)
		}
		fresh, _, err := users.ChangeOwnPassword(ctx, self, "correct horse battery", "a new password 1")
		if err != nil {
			t.Fatal(err)
		}
		for name, tok := range map[string]string{"other session": other, "API token": api} {
			if _, _, err := users.Authenticate(ctx, tok); err == nil {
				t.Errorf("the %s still works after the change", name)
			}
		}
		if got, _, err := users.Authenticate(ctx, fresh); err != nil || got.ID != u.ID {
			t.Errorf("the fresh session: %v", err)
		}
		if _, _, err := users.Login(ctx, "dept1", "a new password 1", "10.0.0.2"); err != nil {
			t.Errorf("the new password: %v", err)
		}
	})
}

// An admin changes what a user is; the binding follows the role.
func TestUpdateUserRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		users := newUsers(db, &clock{storetest.Now})
		admin := mustUser(t, users, domain.CreateUser{Username: "boss", Role: domain.RoleAdmin})
		by := domain.ActorOf(admin, domain.ChannelWeb, "")
		u := mustUser(t, users, domain.CreateUser{Username: "dept1", Role: domain.RoleDepartment,
			OrgCode: "xian-public_security"})
		police, err := db.OrganizationByCode(ctx, "xian-public_security")
		if err != nil {
			t.Fatal(err)
		}
		health, err := db.OrganizationByCode(ctx, "xian-health")
		if err != nil {
			t.Fatal(err)
		}
		role := func(r domain.Role) *domain.Role { return &r }
		id := func(v int64) *int64 { return &v }
		tests := []struct {
			name      string
			actor     domain.Actor
			target    int64
			c         domain.UpdateUser
			key       string
			wantRole  domain.Role
			wantOrgID int64
		}{
			{"own role", by, admin.ID, domain.UpdateUser{Role: role(domain.RoleLead)}, "user.cannot_change_own_role", "", 0},
			{"not an admin", domain.ActorOf(u, domain.ChannelWeb, ""), u.ID, domain.UpdateUser{OrgID: id(health.ID)}, "user.cannot_change_own_role", "", 0},
			{"bad role", by, u.ID, domain.UpdateUser{Role: role("boss")}, "user.role_invalid", "", 0},
			{"department without org", by, u.ID, domain.UpdateUser{Role: role(domain.RoleDepartment), OrgID: id(0)}, "user.org_required", "", 0},
			{"unknown org", by, u.ID, domain.UpdateUser{OrgID: id(999999)}, "user.org_unknown", "", 0},
			{"lead with org", by, u.ID, domain.UpdateUser{Role: role(domain.RoleLead), OrgID: id(police.ID)}, "user.org_not_allowed", "", 0},
			{"community without one", by, u.ID, domain.UpdateUser{Role: role(domain.RoleCommunity)}, "user.community_required", "", 0},
			{"move organisation", by, u.ID, domain.UpdateUser{OrgID: id(health.ID)}, "", domain.RoleDepartment, health.ID},
			{"to lead drops the org", by, u.ID, domain.UpdateUser{Role: role(domain.RoleLead)}, "", domain.RoleLead, 0},
		}
		for _, tt := range tests {
			got, err := users.UpdateUser(ctx, tt.actor, tt.target, tt.c)
			if domain.ErrorKey(err) != tt.key || tt.key == "" && err != nil {
				t.Errorf("%s: got %v, want %q", tt.name, err, tt.key)
				continue
			}
			if tt.key == "" && (got.Role != tt.wantRole || got.OrgID != tt.wantOrgID) {
				t.Errorf("%s: got %s/%d, want %s/%d", tt.name, got.Role, got.OrgID, tt.wantRole, tt.wantOrgID)
			}
		}
		trail, err := db.Audit(ctx, domain.AuditFilter{Action: "user.update", Target: "user:" + itoa(u.ID)}, domain.Page{Limit: 10})
		if err != nil || len(trail) != 2 || trail[0].Detail != "role" {
			t.Errorf("audit: %+v (%v)", trail, err)
		}
	})
}
