package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xietong/domain/store/storetest"
)

// TestBrowserCaseWalk drives a city bureau in a real browser: it records a
// typical case for a community of its city, uploads a photo, publishes the
// case and finds it on the public pages with its photo; then it
// unpublishes the case, and the case and its photo are gone from the
// public. Set XIETONG_SCREENSHOT_DIR=DIR to keep screenshots.
func TestBrowserCaseWalk(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	w := newCaseEnv(t, storetest.SQLite(t))
	w.clock.Set(webNow) // sessions that expire after the browser's today
	ctx := newChrome(t)
	b := tab{t, ctx}
	eval := tab{t, ctx}.eval
	pic := filepath.Join(t.TempDir(), "议事会.png")
	if err := os.WriteFile(pic, pngBytes(t), 0o600); err != nil {
		t.Fatal(err)
	}
	const title = "民安花园：楼栋长议事会"

	b.do("sign in as 汉中's housing bureau", signInSteps(w.ts.URL+"/login?next=/campaign", "hzbureau", "user-password-1", "#link-cases")...)
	b.do("open the case hub",
		chromedp.Click(chromedp.CSS("#link-cases")),
		chromedp.WaitVisible(chromedp.CSS("#new-case")),
		chromedp.Click(chromedp.CSS("#new-case")),
		chromedp.WaitVisible(chromedp.CSS("#case-form")))
	b.do("record the case",
		chromedp.SetValue(chromedp.CSS("#community_id"), webID(w.minan)),
		chromedp.SendKeys(chromedp.CSS("#title"), title),
		chromedp.SendKeys(chromedp.CSS("#text"), "每栋楼选出楼栋长。\n\n每月开一次议事会。"),
		chromedp.Click(chromedp.CSS("#case-save")),
		chromedp.WaitVisible(chromedp.CSS("#case-status")))
	if got := b.text("#case-status"); got != "草稿" {
		t.Fatalf("status %q, want 草稿", got)
	}
	if got := eval(`String(document.querySelectorAll("#case-text p").length)`); got != "2" {
		t.Errorf("paragraphs: %s, want 2", got)
	}
	b.do("upload a photo",
		chromedp.SetUploadFiles(chromedp.CSS("#upload-file"), []string{pic}),
		chromedp.Click(chromedp.CSS(`#upload-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#attachments li.file.image img")))
	b.do("publish",
		chromedp.Click(chromedp.CSS("#case-publish")),
		chromedp.WaitVisible(chromedp.CSS("#case-public")))
	b.shot("case_published.png")
	casePage := eval(`location.pathname`)

	b.do("find the case on the public list and open it",
		chromedp.Navigate(w.ts.URL+"/public/notices"),
		chromedp.WaitVisible(chromedp.CSS("#link-public-cases")),
		chromedp.Click(chromedp.CSS("#link-public-cases")),
		chromedp.WaitVisible(chromedp.CSS("#public-cases")))
	if got := b.text("#public-cases"); !strings.Contains(got, title) {
		t.Fatalf("public list: %q lacks the case", got)
	}
	b.do("open the public case",
		chromedp.Click(chromedp.CSS("#public-cases .pub-case h2 a")),
		chromedp.WaitVisible(chromedp.CSS("#public-case")))
	if got := eval(`(async () => { const i = document.querySelector("#public-case img");
		if (!i.complete) { await new Promise(r => i.addEventListener("load", r)); }
		return String(i.naturalWidth); })()`); got != "4" {
		t.Errorf("public photo width: %q, want 4", got)
	}
	b.shot("case_public.png")
	photo := eval(`document.querySelector("#public-case img").getAttribute("src")`)

	b.do("unpublish",
		chromedp.Navigate(w.ts.URL+casePage),
		chromedp.WaitVisible(chromedp.CSS("#case-unpublish")),
		chromedp.Click(chromedp.CSS("#case-unpublish")),
		chromedp.WaitVisible(chromedp.CSS("#case-publish")))
	if got := b.text("#case-status"); got != "已撤回" {
		t.Errorf("status %q, want 已撤回", got)
	}
	b.do("the public list again",
		chromedp.Navigate(w.ts.URL+"/public/cases"),
		chromedp.WaitVisible(chromedp.CSS("#public-cases")))
	if got := b.text("#public-cases"); strings.Contains(got, title) {
		t.Errorf("public list still shows the case: %q", got)
	}
	if got := eval(`fetch("` + photo + `").then(r => String(r.status))`); got != "404" {
		t.Errorf("public photo after unpublishing: %s, want 404", got)
	}
	if got := eval(`fetch("` + strings.Replace(casePage, "/campaign/cases/", "/public/cases/", 1) + `").then(r => String(r.status))`); got != "404" {
		t.Errorf("public page after unpublishing: %s, want 404", got)
	}
}
