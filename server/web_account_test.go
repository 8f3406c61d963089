package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications/i18n"
)

// webUserPassword is the password of the users these tests add.
const webUserPassword = "user-password-1"

// addWebUser adds a user through the domain and returns it.
func (e *webEnv) addWebUser(username string, role domain.Role, orgCode string) domain.User {
	e.t.Helper()
	u, err := e.users.CreateUser(context.Background(), domain.SystemActor(), domain.CreateUser{
		Username: username, DisplayName: "用户" + username, Email: username + "@example.cn", Role: role,
		OrgCode: orgCode, Password: webUserPassword})
	if err != nil {
		e.t.Fatalf("create %s: %v", username, err)
	}
	return u
}

// signIn signs username in with password on a new client.
func (e *webEnv) signIn(username, password string) *webClient {
	e.t.Helper()
	b := e.client()
	if res, _ := b.login(username, password, ""); res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: got %d, want 303", username, res.StatusCode)
	}
	return b
}

// canLogin reports whether username signs in with password.
func (e *webEnv) canLogin(username, password string) bool {
	e.t.Helper()
	res, _ := e.client().login(username, password, "")
	return res.StatusCode == http.StatusSeeOther
}

// signedIn reports whether the client's session still opens /account.
func (b *webClient) signedIn() bool {
	b.env.t.Helper()
	res, _ := b.get("/account")
	return res.StatusCode == http.StatusOK
}

// form posts a form from the page at page, with that page's CSRF token.
func (b *webClient) form(page, action string, v url.Values) (*http.Response, *goquery.Document) {
	b.env.t.Helper()
	_, doc := b.get(page)
	v.Set("_csrf", webCSRFOf(b.env.t, doc))
	return b.post(action, v)
}

// upload posts a multipart form with one file field.
func (b *webClient) upload(path string, fields url.Values, name string, data []byte) (*http.Response, *goquery.Document) {
	b.env.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	if name != "" {
		fw, err := w.CreateFormFile("file", name)
		if err != nil {
			b.env.t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, b.env.URL+path, &body)
	if err != nil {
		b.env.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}

func TestWebAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		env := newWebEnvOn(t, db, false)
		u := env.addWebUser("police1", domain.RoleDepartment, orgPolice)
		b := env.signIn("police1", webUserPassword)
		other := env.signIn("police1", webUserPassword) // another browser

		for lang, want := range map[string]string{"zh-CN": "我的账号", "en": "My account"} {
			res, doc := b.get("/account?lang=" + lang)
			wantWebStatus(t, res, http.StatusOK)
			if got := strings.TrimSpace(doc.Find("main h1").Text()); got != want {
				t.Errorf("%s heading: got %q, want %q", lang, got, want)
			}
			if got := strings.TrimSpace(doc.Find("header a.user").Text()); got != "用户police1" {
				t.Errorf("header link: got %q, want the display name", got)
			}
			if doc.Find(`#password-form input[name="_csrf"]`).Length() != 1 || doc.Find(`#account-form input[name="_csrf"]`).Length() != 1 {
				t.Error("a form without a CSRF field")
			}
		}
		b.get("/account?lang=zh-CN")

		// CSRF on both forms.
		for _, path := range []string{"/account", "/account/password"} {
			res, _ := b.post(path, url.Values{"current_password": {webUserPassword}, "new_password": {"x-new-password"},
				"confirm_password": {"x-new-password"}, "display_name": {"x"}, "email": {"police1@example.cn"}, "lang": {"en"}})
			wantWebStatus(t, res, http.StatusForbidden)
		}

		// A wrong current password: refused, nothing stored.
		res, doc := b.form("/account", "/account/password", url.Values{"current_password": {"not-my-password"},
			"new_password": {"brand-new-password"}, "confirm_password": {"brand-new-password"}})
		wantWebStatus(t, res, http.StatusForbidden)
		if got := doc.Find("#password-error").Text(); got != "当前密码不正确" {
			t.Errorf("wrong current: got %q", got)
		}
		res, doc = b.form("/account", "/account/password", url.Values{"current_password": {webUserPassword},
			"new_password": {"brand-new-password"}, "confirm_password": {"brand-new-passw0rd"}})
		wantWebStatus(t, res, http.StatusBadRequest)
		if doc.Find("#password-error").Length() != 1 {
			t.Error("a mismatch shows no error")
		}
		res, _ = b.form("/account", "/account/password", url.Values{"current_password": {webUserPassword},
			"new_password": {"short"}, "confirm_password": {"short"}})
		wantWebStatus(t, res, http.StatusBadRequest)
		if !other.signedIn() || env.canLogin("police1", "brand-new-password") {
			t.Fatal("a refused change changed the password or signed the user out")
		}

		// The right one: this browser stays signed in, the other is out.
		res, _ = b.form("/account", "/account/password", url.Values{"current_password": {webUserPassword},
			"new_password": {"brand-new-password"}, "confirm_password": {"brand-new-password"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); loc != "/account?done=password_changed" {
			t.Errorf("redirect: got %q", loc)
		}
		res, doc = b.get("/account?done=password_changed")
		wantWebStatus(t, res, http.StatusOK)
		if doc.Find("#account-flash").Length() != 1 {
			t.Error("no message after the change")
		}
		if other.signedIn() {
			t.Error("the other browser is still signed in")
		}
		if env.canLogin("police1", webUserPassword) || !env.canLogin("police1", "brand-new-password") {
			t.Error("after the change: the old password works or the new one does not")
		}

		// The profile: name, language, mail; an email change needs the password.
		res, doc = b.form("/account", "/account", url.Values{"display_name": {"张警官"}, "email": {"zhang@example.cn"},
			"lang": {"en"}})
		wantWebStatus(t, res, http.StatusBadRequest)
		if doc.Find("#account-error").Length() != 1 {
			t.Error("an email change without the password shows no error")
		}
		res, _ = b.form("/account", "/account", url.Values{"display_name": {"张警官"}, "email": {"POLICE1@example.cn"},
			"lang": {"en"}, "mail_off": {"1"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		got, err := env.users.User(context.Background(), domain.SystemActor(), u.ID)
		if err != nil || got.DisplayName != "张警官" || got.Lang != "en" || !got.MailOff || got.Email != "police1@example.cn" {
			t.Errorf("after saving: %+v (%v)", got, err)
		}
		res, _ = b.form("/account", "/account", url.Values{"display_name": {"张警官"}, "email": {"zhang@example.cn"},
			"lang": {"en"}, "current_password": {"brand-new-password"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		if got, _ = env.users.User(context.Background(), domain.SystemActor(), u.ID); got.Email != "zhang@example.cn" || got.MailOff {
			t.Errorf("after the email change: %+v", got)
		}
		trail, err := env.db.Audit(context.Background(), domain.AuditFilter{Action: "user.update", Target: "user:" + strconv.FormatInt(u.ID, 10)},
			domain.Page{Limit: 10})
		if err != nil || len(trail) != 3 {
			t.Errorf("audit: %d rows (%v), want 3 (password, profile, email)", len(trail), err)
		}
	})
}

// TestAccountWordsExist checks the keys the account and administration
// pages build in Go.
func TestAccountWordsExist(t *testing.T) {
	cs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range domain.Roles() {
		keys = append(keys, "web.role."+string(r))
	}
	for _, f := range []string{"account_saved", "password_changed", "user_created", "user_saved", "user_deactivated",
		"user_reactivated", "password_reset", "org_saved"} {
		keys = append(keys, "web.flash."+f)
	}
	for _, col := range []string{domain.OrgColCode, domain.OrgColContactEmail, domain.OrgColHeadName, domain.OrgColHeadEmail} {
		keys = append(keys, "web.orgimport.col."+col, "workbook.org_import.col."+col)
	}
	keys = append(keys, "workbook.org_import.col."+domain.OrgColName, "workbook.org_import.sheet",
		"org_import.code_required", "org_import.code_repeated", "org_import.code_unknown", "org_import.email_invalid",
		"org_import.head_name_too_long", "web.title.user", "web.title.user_new")
	for _, lang := range languages {
		for _, k := range keys {
			if _, ok := cs.Text(lang, k); !ok {
				t.Errorf("%s catalog lacks %q", lang, k)
			}
		}
	}
}
