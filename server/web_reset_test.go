package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestWebResetLink: the admin gets a link shown once; the user sets a new
// password through it once; the old password, a second use and the link as
// a bearer token all fail.
func TestWebResetLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newWebEnvOn(t, db, false)
		u := e.user("police", domain.RoleDepartment, orgPolice, "")
		admin := e.as("admin")
		doc := admin.mustGet(usersPath + "/" + webID(u.UserID))
		doc = admin.follow200(admin.submit(doc, "#reset-link-form", nil))
		link := webText(doc.Find("#reset-url"))
		parsed, err := url.Parse(link)
		if err != nil || parsed.Path != resetPath || !strings.HasPrefix(link, e.URL) {
			t.Fatalf("link: got %q", link)
		}
		tok := parsed.Query().Get("token")
		if admin.mustGet(usersPath+"/"+webID(u.UserID)).Find("#reset-url").Length() != 0 {
			t.Error("the link shows again")
		}

		// The token is no bearer credential.
		res, _ := e.client().get("/api/v1/tasks", "Authorization", "Bearer "+tok)
		wantWebStatus(t, res, http.StatusUnauthorized)

		user := e.client()
		doc = user.mustGet(resetPath + "?token=" + url.QueryEscape(tok))
		if got := webText(doc.Find("#reset .muted")); !strings.Contains(got, "police") {
			t.Errorf("intro: got %q", got)
		}
		res, doc = user.submit(doc, "#reset-form", url.Values{"password": {"new-password-1"}, "confirm": {"new-password-2"}})
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(doc.Find("#reset-error")); got != "两次输入的新密码不一致" {
			t.Errorf("mismatch: got %q", got)
		}
		res, doc = user.submit(doc, "#reset-form", url.Values{"password": {"new-password-1"}, "confirm": {"new-password-1"}})
		wantWebStatus(t, res, http.StatusOK)
		if doc.Find("#reset-done").Length() != 1 {
			t.Fatalf("no confirmation: %s", webText(doc.Find("main")))
		}
		res, doc = user.get(resetPath + "?token=" + url.QueryEscape(tok))
		wantWebStatus(t, res, http.StatusBadRequest)
		if doc.Find("#reset-invalid").Length() != 1 || doc.Find("#reset-form").Length() != 0 {
			t.Error("a used link still offers the form")
		}
		if res, _ := e.client().login("police", webAdminPassword, ""); res.StatusCode == http.StatusSeeOther {
			t.Error("the old password still signs in")
		}
		if res, _ := e.client().login("police", "new-password-1", ""); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the new password: got %d", res.StatusCode)
		}
	})
}

// follow200 checks that a form's answer is a page (200) and returns it.
func (b *webClient) follow200(res *http.Response, doc *goquery.Document) *goquery.Document {
	b.env.t.Helper()
	wantWebStatus(b.env.t, res, http.StatusOK)
	return doc
}
