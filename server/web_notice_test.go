package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestPublicNoticePages: a visitor without an account reads the notices,
// lodges an objection through the form (CSRF), and sees it back as text;
// staff resolve it on their page; the register shows the named community.
func TestPublicNoticePages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newNoticeEnv(t, db, domain.LevelCity)
		// Sessions live in the browser's time: the pages run in 2099.
		w.clock.Set(webNow)
		n := publicizeFixture(t, db, "baoji-jinhe", domain.LevelCity, "2099-03-02", "2099-03-06")
		w.mustUser("bjbureau", "department", "baoji-housing", "")
		visitor := (&webEnv{t: t, URL: w.ts.URL}).client()

		res, doc := visitor.get("/public/notices")
		wantWebStatus(t, res, http.StatusOK)
		if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("public page without the security headers: %v", res.Header)
		}
		if got := doc.Find(".pub-notice h2").First().Text(); got != "金合尙居" {
			t.Errorf("notice list shows %q", got)
		}
		if doc.Find("nav.main").Length() != 0 || doc.Find("form.logout").Length() != 0 {
			t.Error("the public page shows the staff's navigation")
		}
		if res, doc = visitor.get("/public/notices?lang=en"); !strings.Contains(doc.Find("h1").Text(), "public notices") {
			t.Errorf("English list: %d %q", res.StatusCode, doc.Find("h1").Text())
		}
		res, doc = visitor.get(fmt.Sprintf("/public/notices/%d?lang=zh-CN", n.ID))
		wantWebStatus(t, res, http.StatusOK)
		if doc.Find("#objection-form").Length() != 1 {
			t.Fatal("no objection form in the period")
		}
		csrf := webCSRFOf(t, doc)
		res, _ = visitor.post(fmt.Sprintf("/public/notices/%d/objections", n.ID),
			url.Values{"content": {"x"}})
		wantWebStatus(t, res, http.StatusForbidden) // no CSRF token

		req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/public/notices/%d/objections", w.ts.URL, n.ID),
			strings.NewReader(url.Values{"_csrf": {csrf}, "content": {`<script>alert("x")</script>物业费公示不实`},
				"name": {"<b>王</b>"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		raw, err := visitor.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(raw.Body)
		raw.Body.Close()
		if raw.StatusCode != http.StatusOK || !strings.Contains(string(body), "已收到您的异议") {
			t.Fatalf("objection: %d\n%s", raw.StatusCode, body)
		}
		if strings.Contains(string(body), "<script>alert") || !strings.Contains(string(body), "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;物业费公示不实") {
			t.Errorf("the objection is not shown back as text:\n%s", body)
		}
		// An empty objection: the form again with its error.
		res, doc = visitor.post(fmt.Sprintf("/public/notices/%d/objections", n.ID),
			url.Values{"_csrf": {csrf}, "content": {"  "}})
		if res.StatusCode != http.StatusBadRequest || doc.Find("#objection-form .alert").Length() != 1 {
			t.Errorf("empty objection: %d", res.StatusCode)
		}
		res, _ = visitor.get("/public/notices/99999")
		wantWebStatus(t, res, http.StatusNotFound)

		// A department that is no housing bureau is told so.
		police := (&webEnv{t: t, URL: w.ts.URL}).client()
		if res, _ := police.login("police", "user-password-1", ""); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: %d", res.StatusCode)
		}
		if res, doc := police.get("/campaign/notices"); res.StatusCode != http.StatusOK || doc.Find("#no-scope").Length() != 1 {
			t.Errorf("a department's notice page: %d", res.StatusCode)
		}

		// Staff: the city bureau dismisses it from the notice page.
		staff := (&webEnv{t: t, URL: w.ts.URL}).client()
		if res, _ := staff.login("bjbureau", "user-password-1", ""); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: %d", res.StatusCode)
		}
		res, doc = staff.get("/campaign/notices?list=open")
		wantWebStatus(t, res, http.StatusOK)
		if doc.Find(`nav.main a[href="/campaign/notices"]`).Length() != 1 {
			t.Error("no navigation entry for the notices")
		}
		res, doc = staff.get(fmt.Sprintf("/campaign/notices/%d", n.ID))
		wantWebStatus(t, res, http.StatusOK)
		html, _ := doc.Find(".objection-content").Html()
		if !strings.Contains(html, "&lt;script&gt;") {
			t.Errorf("staff page shows the objection as %q", html)
		}
		action, _ := doc.Find(".resolve-form").Attr("action")
		res, _ = staff.post(action, url.Values{"_csrf": {webCSRFOf(t, doc)}, "outcome": {"dismissed"}, "note": {"经核查不成立"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		_, doc = staff.get(res.Header.Get("Location"))
		if doc.Find(`.objection[data-status="dismissed"]`).Length() != 1 {
			t.Error("the objection is not dismissed")
		}

		// The naming job runs after the period; the register shows the community.
		w.clock.Set(time.Date(2099, 3, 9, 2, 0, 0, 0, storetest.Shanghai))
		if r, err := w.svc.Run(context.Background(), w.clock.Now(), false); err != nil || len(r.Named) != 2 {
			t.Fatalf("naming: %+v %v", r, err)
		}
		res, doc = visitor.get("/public/titles")
		wantWebStatus(t, res, http.StatusOK)
		if got := doc.Find(`.pub-city[data-city="610300"] .pub-community`).Text(); got != "金合尙居" {
			t.Errorf("register shows %q", got)
		}
		if res, _ := staff.login("bjbureau", "user-password-1", ""); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login again: %d", res.StatusCode)
		}
		res, doc = staff.get("/campaign/titles")
		wantWebStatus(t, res, http.StatusOK)
		href, _ := doc.Find("#campaign-titles a.name").Attr("href")
		res, doc = staff.get(href)
		wantWebStatus(t, res, http.StatusOK)
		// A spot check from the title's page: without an outcome the form
		// comes back with its error and what was typed; a failed one is listed
		// and leaves the title valid.
		check := url.Values{"_csrf": {webCSRFOf(t, doc)}, "checked_on": {"2099-03-09"}, "inspectors": {"李四、王五"},
			"findings": {"<b>台账</b>缺失"}}
		res, doc = staff.post(href+"/spot-checks", check)
		wantWebStatus(t, res, http.StatusBadRequest)
		if doc.Find("#spot-check-form .alert").Length() != 1 || doc.Find("#inspectors").AttrOr("value", "") != "李四、王五" {
			t.Errorf("spot check without an outcome: %q", webText(doc.Find("#spot-check-form")))
		}
		check.Set("passed", "no")
		res, _ = staff.post(href+"/spot-checks", check)
		wantWebStatus(t, res, http.StatusSeeOther)
		res, doc = staff.get(res.Header.Get("Location"))
		wantWebStatus(t, res, http.StatusOK)
		if got := webText(doc.Find("#spot-checks .spot-check")); !strings.Contains(got, "2099-03-09") ||
			!strings.Contains(got, "李四、王五") || !strings.Contains(got, "<b>台账</b>缺失") ||
			doc.Find("#spot-checks .badge.failed").Length() != 1 {
			t.Errorf("spot check listed as %q", got)
		}
		if doc.Find("#revoke-form").Length() != 1 {
			t.Error("a failed spot check took the revocation form away")
		}
		if _, pub := visitor.get("/public/titles"); pub.Find(`.pub-city[data-city="610300"]`).Length() != 1 {
			t.Error("a failed spot check took the title off the public register")
		}
		res, _ = staff.post(href+"/revoke", url.Values{"_csrf": {webCSRFOf(t, doc)}, "reason": {"抽查不合格"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		_, doc = visitor.get("/public/titles")
		if doc.Find(`.pub-city[data-city="610300"]`).Length() != 0 || doc.Find(".pub-community").Length() != 1 {
			t.Error("a revoked title stays on the register")
		}
	})
}
