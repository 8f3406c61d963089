package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

func TestUsers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		other, _ := e.mustUser("police1", "department", "xian-public_security", "")
		self, dept := e.mustUser("health1", "department", "xian-health", "")

		create := map[string]any{"username": "Lead.One", "display_name": "李一", "email": "Lead One <LEAD1@example.cn>",
			"role": "lead", "password": "long-enough-1"}
		r := e.do(request{method: "POST", path: "/api/v1/users", token: dept, body: create})
		wantStatus(t, r, http.StatusForbidden)

		r = e.do(request{method: "POST", path: "/api/v1/users", token: e.admin, body: create})
		wantStatus(t, r, http.StatusCreated)
		if strings.Contains(string(r.body), "password") || strings.Contains(string(r.body), "argon") {
			t.Errorf("the response shows the password or its hash: %s", r.body)
		}
		var u userJSON
		r.json(t, &u)
		if u.Username != "lead.one" || u.Email != "lead1@example.cn" || u.Role != "lead" || u.OrgID != nil || u.Lang != "zh-CN" {
			t.Errorf("created: %+v", u)
		}
		wantStatus(t, e.do(request{method: "POST", path: "/api/v1/users", token: e.admin, body: create}), http.StatusConflict)

		bad := []struct {
			name string
			body map[string]any
		}{
			{"department without org", map[string]any{"username": "d2", "email": "d2@example.cn", "role": "department", "password": "long-enough-1"}},
			{"unknown org", map[string]any{"username": "d2", "email": "d2@example.cn", "role": "department", "org_code": "nowhere", "password": "long-enough-1"}},
			{"unknown org id", map[string]any{"username": "d2", "email": "d2@example.cn", "role": "department", "org_id": 999999, "password": "long-enough-1"}},
			{"short password", map[string]any{"username": "d2", "email": "d2@example.cn", "role": "lead", "password": "short"}},
			{"bad role", map[string]any{"username": "d2", "email": "d2@example.cn", "role": "king", "password": "long-enough-1"}},
		}
		for _, b := range bad {
			r := e.do(request{method: "POST", path: "/api/v1/users", token: e.admin, body: b.body})
			if r.status != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400: %s", b.name, r.status, r.body)
			}
		}

		r = e.do(request{method: "POST", path: "/api/v1/users", token: e.admin, body: map[string]any{
			"username": "comm1", "email": "c1@example.cn", "role": "community", "community_code": "baoji-jinhe",
			"password": "long-enough-1", "lang": "en"}})
		wantStatus(t, r, http.StatusCreated)
		r.json(t, &u)
		if u.CommunityID == nil || u.Lang != "en" {
			t.Errorf("community user: %+v", u)
		}

		// A department user sees only themselves.
		wantStatus(t, e.get(fmt.Sprintf("/api/v1/users/%d", other.ID), dept), http.StatusNotFound)
		wantStatus(t, e.get(fmt.Sprintf("/api/v1/users/%d", self.ID), dept), http.StatusOK)
		wantStatus(t, e.get("/api/v1/users", dept), http.StatusForbidden)
		r = e.get("/api/v1/me", dept)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &u)
		if u.ID != self.ID || u.OrgID == nil || *u.OrgID != self.OrgID {
			t.Errorf("me: %+v", u)
		}

		// Users edit themselves, but not others and not their own activation.
		selfPath := fmt.Sprintf("/api/v1/users/%d", self.ID)
		r = e.do(request{method: "PATCH", path: selfPath, token: dept, body: map[string]any{"display_name": "卫健一号", "lang": "en"}})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &u)
		if u.DisplayName != "卫健一号" || u.Lang != "en" {
			t.Errorf("self edit: %+v", u)
		}
		wantStatus(t, e.do(request{method: "PATCH", path: selfPath, token: dept, body: map[string]any{"active": false}}), http.StatusBadRequest)
		wantStatus(t, e.do(request{method: "PATCH", path: fmt.Sprintf("/api/v1/users/%d", other.ID), token: dept,
			body: map[string]any{"display_name": "x"}}), http.StatusForbidden)
		wantStatus(t, e.do(request{method: "PATCH", path: "/api/v1/users/999999", token: e.admin,
			body: map[string]any{"display_name": "x"}}), http.StatusNotFound)

		// An admin deactivates a user, whose tokens stop working.
		otherToken := e.token("police1")
		r = e.do(request{method: "PATCH", path: fmt.Sprintf("/api/v1/users/%d", other.ID), token: e.admin, body: map[string]any{"active": false}})
		wantStatus(t, r, http.StatusOK)
		wantStatus(t, e.get("/api/v1/me", otherToken), http.StatusUnauthorized)

		tests := []struct {
			query string
			want  []string
		}{
			{"role=department", []string{"police1", "health1"}},
			{"role=department&active=true", []string{"health1"}},
			{fmt.Sprintf("org_id=%d", self.OrgID), []string{"health1"}},
			{"q=lead", []string{"lead.one"}},
			{"role=community", []string{"comm1"}},
		}
		for _, tt := range tests {
			items, _ := allPages[userJSON](t, e, "/api/v1/users?"+tt.query)
			var got []string
			for _, u := range items {
				got = append(got, u.Username)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("%s: got %v, want %v", tt.query, got, tt.want)
			}
		}
		wantStatus(t, e.get("/api/v1/users?role=king", e.admin), http.StatusBadRequest)
	})
}

func TestAudit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		_, dept := e.mustUser("health1", "department", "xian-health", "")
		wantStatus(t, login(e, "admin", "wrong-password", nil), http.StatusUnauthorized)
		wantStatus(t, login(e, "admin", adminPassword, nil), http.StatusOK)

		r := e.get("/api/v1/audit?limit=3", e.admin)
		wantStatus(t, r, http.StatusOK)
		var l listJSON[auditJSON]
		r.json(t, &l)
		if len(l.Items) != 3 || l.Next == nil {
			t.Fatalf("got %d entries, next %v", len(l.Items), l.Next)
		}
		if l.Items[0].Action != "auth.login" || l.Items[1].Action != "auth.login_failed" {
			t.Errorf("not newest first: %+v", l.Items)
		}
		for i := 1; i < len(l.Items); i++ {
			if l.Items[i].ID >= l.Items[i-1].ID {
				t.Errorf("not newest first: %+v", l.Items)
			}
		}
		if l.Items[0].At == nil || !strings.HasSuffix(*l.Items[0].At, "Z") || l.Items[0].IP == "" {
			t.Errorf("entry: %+v", l.Items[0])
		}
		items, _ := allPages[auditJSON](t, e, "/api/v1/audit?action=user.create")
		if len(items) != 2 {
			t.Errorf("user.create: got %d, want 2", len(items))
		}
		items, _ = allPages[auditJSON](t, e, "/api/v1/audit?actor_id=1")
		for _, it := range items {
			if it.ActorID == nil || *it.ActorID != 1 {
				t.Errorf("actor_id=1: got %+v", it)
			}
		}
		wantStatus(t, e.get("/api/v1/audit", dept), http.StatusForbidden)
	})
}

// TestUserTurnsMailOff: a user may turn non-essential mail off for themselves.
func TestUserTurnsMailOff(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	u, tok := e.mustUser("police9", domain.RoleDepartment, "xian-public_security", "")
	r := e.do(request{method: http.MethodPatch, path: fmt.Sprintf("/api/v1/users/%d", u.ID), token: tok,
		body: map[string]any{"mail_off": true}})
	wantStatus(t, r, http.StatusOK)
	var got struct {
		MailOff bool `json:"mail_off"`
	}
	e.get("/api/v1/me", tok).json(t, &got)
	if !got.MailOff {
		t.Error("mail_off not stored")
	}
}

// TestSelfChangeNeedsCurrentPassword: a token alone cannot take an account
// over by changing its password or email; with the current password it can.
func TestSelfChangeNeedsCurrentPassword(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		self, tok := e.mustUser("health1", "department", "xian-health", "")
		path := fmt.Sprintf("/api/v1/users/%d", self.ID)
		tests := []struct {
			name string
			body map[string]any
			want int
		}{
			{"password alone", map[string]any{"password": "taken-over-1"}, http.StatusBadRequest},
			{"email alone", map[string]any{"email": "thief@example.cn"}, http.StatusBadRequest},
			{"wrong current", map[string]any{"password": "taken-over-1", "current_password": "guess-1234"}, http.StatusForbidden},
			{"email taken", map[string]any{"email": "admin@example.cn", "current_password": "user-password-1"}, http.StatusConflict},
			{"right current", map[string]any{"password": "my-new-password-1", "current_password": "user-password-1"}, http.StatusOK},
		}
		for _, tt := range tests {
			r := e.do(request{method: "PATCH", path: path, token: tok, body: tt.body})
			if r.status != tt.want {
				t.Errorf("%s: status %d, want %d: %s", tt.name, r.status, tt.want, r.body)
			}
		}
		if r := login(e, "health1", "my-new-password-1", nil); r.status != http.StatusOK {
			t.Errorf("sign in with the new password: %d %s", r.status, r.body)
		}
	})
}
