package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestWebAdminPagesAreForAdmins: other roles get 403 on the admin pages
// (a lead may read the organisations' addresses, not edit them).
func TestWebAdminPagesAreForAdmins(t *testing.T) {
	env := newWebEnv(t, false)
	env.addWebUser("lead1", domain.RoleLead, "")
	env.addWebUser("police1", domain.RoleDepartment, orgPolice)
	police := strconv.FormatInt(env.orgID(orgPolice), 10)
	admin := env.client()
	admin.mustLogin()
	_, doc := admin.get("/")
	for _, href := range []string{"/admin/users", "/admin/organizations"} {
		if doc.Find(`nav.main a[href="`+href+`"]`).Length() != 1 {
			t.Errorf("the admin's navigation lacks %s", href)
		}
	}
	for _, who := range []string{"lead1", "police1"} {
		b := env.signIn(who, webUserPassword)
		_, home := b.get("/")
		if home.Find(`nav.main a[href="/admin/users"]`).Length() != 0 {
			t.Errorf("%s sees the users link", who)
		}
		csrf := webCSRFOf(t, home)
		for _, path := range []string{"/admin/users", "/admin/users/new", "/admin/users/1",
			"/admin/organizations/import", "/admin/organizations/import/template"} {
			if res, _ := b.get(path); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: got %d, want 403", who, path, res.StatusCode)
			}
		}
		for _, path := range []string{"/admin/users", "/admin/users/1", "/admin/users/1/reset",
			"/admin/users/1/active", "/admin/organizations/" + police, "/admin/organizations/import"} {
			res, _ := b.post(path, url.Values{"_csrf": {csrf}, "active": {"false"}, "name": {"x"},
				"contact_email": {"evil@example.cn"}})
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: got %d, want 403", who, path, res.StatusCode)
			}
		}
	}
	lead := env.signIn("lead1", webUserPassword)
	res, doc := lead.get("/admin/organizations")
	wantWebStatus(t, res, http.StatusOK)
	if doc.Find("#org-import").Length() != 0 {
		t.Error("a lead is offered the import")
	}
	res, doc = lead.get("/admin/organizations/" + police)
	wantWebStatus(t, res, http.StatusOK)
	if doc.Find("#org-form").Length() != 0 {
		t.Error("a lead is offered the edit form")
	}
	dept := env.signIn("police1", webUserPassword)
	if res, _ := dept.get("/admin/organizations"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a department reads the addresses: %d", res.StatusCode)
	}
	if o, _ := env.db.OrganizationByCode(context.Background(), orgPolice); o.ContactEmail != "" {
		t.Error("a refused edit was stored")
	}
}

func TestWebAdminUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		env := newWebEnvOn(t, db, false)
		ctx := context.Background()
		admin := env.client()
		admin.mustLogin()
		police := strconv.FormatInt(env.orgID(orgPolice), 10)

		for lang, want := range map[string]string{"zh-CN": "用户管理", "en": "Users"} {
			res, doc := admin.get("/admin/users?lang=" + lang)
			wantWebStatus(t, res, http.StatusOK)
			if got := strings.TrimSpace(doc.Find("main h1").Text()); got != want {
				t.Errorf("%s heading: got %q, want %q", lang, got, want)
			}
			if doc.Find(`#users a[href^="/admin/users/"]`).Text() != "admin" {
				t.Errorf("%s: the list does not show the admin", lang)
			}
		}
		admin.get("/admin/users?lang=zh-CN")
		res, doc := admin.get("/admin/users/new")
		wantWebStatus(t, res, http.StatusOK)
		if doc.Find(`#org_id optgroup`).Length() < 10 {
			t.Error("the organisation select is not grouped by region")
		}

		// CSRF; then refused input shows on the form.
		res, _ = admin.post("/admin/users", url.Values{"username": {"police1"}, "email": {"p@example.cn"}, "role": {"lead"}})
		wantWebStatus(t, res, http.StatusForbidden)
		res, doc = admin.form("/admin/users/new", "/admin/users", url.Values{"username": {"police1"},
			"email": {"p1@example.cn"}, "role": {"department"}, "lang": {"zh-CN"}})
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := doc.Find("#user-error").Text(); got != "部门角色的用户必须绑定单位" {
			t.Errorf("no organisation: got %q", got)
		}

		// Add a department user with a generated password.
		res, doc = admin.form("/admin/users/new", "/admin/users", url.Values{"username": {"police1"},
			"display_name": {"张警官"}, "email": {"p1@example.cn"}, "role": {"department"}, "org_id": {police},
			"community_id": {""}, "lang": {"zh-CN"}})
		wantWebStatus(t, res, http.StatusOK)
		pw := strings.TrimSpace(doc.Find("#new-password").Text())
		if len(pw) < 20 {
			t.Fatalf("generated password: got %q", pw)
		}
		u, err := db.UserByUsername(ctx, "police1")
		if err != nil || u.OrgID != env.orgID(orgPolice) || u.DisplayName != "张警官" {
			t.Fatalf("created: %+v (%v)", u, err)
		}
		id := strconv.FormatInt(u.ID, 10)
		user := env.signIn("police1", pw)

		// The filters.
		for q, want := range map[string]int{"role=department": 1, "role=admin": 1, "org=" + police: 1,
			"active=false": 0, "q=police": 1, "q=nobody": 0} {
			_, doc := admin.get("/admin/users?" + q)
			if got := doc.Find("#users tbody tr[data-id]").Length(); got != want {
				t.Errorf("?%s: got %d rows, want %d", q, got, want)
			}
		}

		// Reset: the old password and the session stop, the new one works.
		res, doc = admin.form("/admin/users/"+id, "/admin/users/"+id+"/reset", url.Values{})
		wantWebStatus(t, res, http.StatusOK)
		pw2 := strings.TrimSpace(doc.Find("#new-password").Text())
		if pw2 == "" || pw2 == pw {
			t.Fatalf("reset password: got %q", pw2)
		}
		if user.signedIn() || env.canLogin("police1", pw) || !env.canLogin("police1", pw2) {
			t.Error("after the reset: the session or the old password works, or the new one does not")
		}
		user = env.signIn("police1", pw2)

		// Edit: move to the lead role; the organisation goes.
		res, _ = admin.form("/admin/users/"+id, "/admin/users/"+id, url.Values{"display_name": {"张科长"},
			"email": {"p1@example.cn"}, "role": {"lead"}, "org_id": {police}, "lang": {"en"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		if u, _ = db.UserByUsername(ctx, "police1"); u.Role != domain.RoleLead || u.OrgID != 0 || u.Lang != "en" || u.DisplayName != "张科长" {
			t.Errorf("after the edit: %+v", u)
		}

		// Deactivate: no sign-in, the session stops; reactivate.
		res, _ = admin.form("/admin/users/"+id, "/admin/users/"+id+"/active", url.Values{"active": {"false"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		_, doc = admin.get("/admin/users/" + id + "?done=user_deactivated")
		if doc.Find("#user-inactive").Length() != 1 || doc.Find("#reactivate").Length() != 1 {
			t.Error("the page does not show the account as deactivated")
		}
		if user.signedIn() || env.canLogin("police1", pw2) {
			t.Error("a deactivated user is signed in or signs in")
		}
		res, _ = admin.form("/admin/users/"+id, "/admin/users/"+id+"/active", url.Values{"active": {"true"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		if !env.canLogin("police1", pw2) {
			t.Error("a reactivated user cannot sign in")
		}

		// The admin's own page offers neither reset nor deactivation.
		_, doc = admin.get("/admin/users")
		self := doc.Find(`#users tr[data-role="admin"] a`).AttrOr("href", "")
		_, doc = admin.get(self)
		if doc.Find("#user-actions").Length() != 0 || doc.Find("#role").Length() != 0 {
			t.Error("the admin's own page offers reset, deactivation or a role change")
		}

		for _, action := range []string{"user.create", "user.password_reset", "user.update"} {
			trail, err := db.Audit(ctx, domain.AuditFilter{Action: action, Target: "user:" + id}, domain.Page{Limit: 10})
			if err != nil || len(trail) == 0 || trail[0].Channel != domain.ChannelWeb {
				t.Errorf("audit %s: %+v (%v)", action, trail, err)
			}
		}
	})
}

// A user of an organisation that is no longer active keeps it on the edit
// form, so that saving their name does not unbind them.
func TestWebAdminUserOfInactiveOrg(t *testing.T) {
	env := newWebEnv(t, false)
	ctx := context.Background()
	u := env.addWebUser("police1", domain.RoleDepartment, orgPolice)
	off := false
	cat := &domain.CatalogService{Store: env.db.Store, Now: env.clock.Now}
	if _, err := cat.UpdateOrganization(ctx, domain.SystemActor(), u.OrgID, domain.SaveOrganization{Active: &off}); err != nil {
		t.Fatal(err)
	}
	admin := env.client()
	admin.mustLogin()
	id := strconv.FormatInt(u.ID, 10)
	_, doc := admin.get("/admin/users/" + id)
	org := doc.Find("#org_id option[selected]").AttrOr("value", "")
	if org != strconv.FormatInt(u.OrgID, 10) {
		t.Fatalf("selected organisation: got %q", org)
	}
	res, _ := admin.form("/admin/users/"+id, "/admin/users/"+id, url.Values{"display_name": {"新名字"},
		"email": {u.Email}, "role": {"department"}, "org_id": {org}, "lang": {"zh-CN"}})
	wantWebStatus(t, res, http.StatusSeeOther)
	if got, _ := env.db.UserByUsername(ctx, "police1"); got.OrgID != u.OrgID || got.DisplayName != "新名字" {
		t.Errorf("after saving: %+v", got)
	}
}
