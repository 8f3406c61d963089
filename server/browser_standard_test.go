package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xietong/domain/store/storetest"
)

// TestBrowserStandardRevision drives a lead through revising the example
// standard in a real browser: copy it to a new version, change an
// indicator's points, add an indicator, publish, and find the new version
// read-only. Set XIETONG_SCREENSHOT_DIR=DIR to keep a screenshot of the
// published standard's page (standard.png).
func TestBrowserStandardRevision(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	w := newStandardWorld(t, storetest.SQLite(t))
	ctx := newChrome(t)

	do := tab{t, ctx}.do
	text := tab{t, ctx}.text
	count := func(sel string) int {
		t.Helper()
		nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(sel), chromedp.AtLeast(0)))
		if err != nil {
			t.Fatalf("find %s: %v", sel, err)
		}
		return len(nodes)
	}

	do("sign in as the lead",
		signInSteps(w.URL+"/login", "lead", webAdminPassword, ".tiles")...)
	do("open the campaign and its standards",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/campaign"]`)),
		chromedp.WaitVisible(chromedp.CSS("#link-standards")),
		chromedp.Click(chromedp.CSS("#link-standards")),
		chromedp.WaitVisible(chromedp.CSS("#standards tbody tr")))
	do("open the example",
		chromedp.Click(chromedp.CSS(`#standards a.name`)),
		chromedp.WaitVisible(chromedp.CSS("#copy-form")))
	if got := text("#standard-name"); got != "示例标准（供复制修改）" {
		t.Fatalf("opened %q", got)
	}
	do("copy it to a new version",
		chromedp.Click(chromedp.CSS(`#copy-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#publish-form")))
	if got := text("#standard-version"); got != "第 2 版" {
		t.Errorf("the copy's version: got %q", got)
	}
	if got := text("#standard-status"); got != "草稿" {
		t.Errorf("the copy's status: got %q", got)
	}

	do("edit SG-1's points",
		chromedp.Click(chromedp.CSS(`tr[data-code="SG-1"] a.edit-indicator`)),
		chromedp.WaitVisible(chromedp.CSS("#indicator-form")),
		chromedp.SetValue(chromedp.CSS("#ind-points-residential_district"), "8"),
		chromedp.Click(chromedp.CSS(`#indicator-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#sheet-table")))
	if got := text(`tr[data-code="SG-1"] td.pts[data-scale="residential_district"]`); got != "8" {
		t.Errorf("SG-1's points: got %q, want 8", got)
	}

	do("add an indicator",
		chromedp.Click(chromedp.CSS("#add-indicator")),
		chromedp.WaitVisible(chromedp.CSS("#indicator-form")),
		chromedp.SendKeys(chromedp.CSS("#ind-code"), "CV-9"),
		chromedp.SetValue(chromedp.CSS("#ind-dimension"), "civility"),
		chromedp.SendKeys(chromedp.CSS("#ind-title"), "邻里互助活动"),
		chromedp.SendKeys(chromedp.CSS("#ind-guidance"), "每季度至少开展一次邻里互助活动，有记录和照片。"),
		chromedp.Click(chromedp.CSS(`input[name="methods"][value="site_visit"]`)),
		chromedp.SendKeys(chromedp.CSS("#ind-points-neighborhood"), "2"),
		chromedp.SendKeys(chromedp.CSS("#ind-points-cluster"), "2"),
		chromedp.Click(chromedp.CSS(`#indicator-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-code="CV-9"]`)))
	if got := text(`#dim-civility tr[data-code="CV-9"]`); !strings.Contains(got, "邻里互助活动") ||
		!strings.Contains(got, "材料审核、实地察看") {
		t.Errorf("the new indicator's row: got %q", got)
	}
	if got := text("#max-scores"); got != "居住区 102、小区 102、组团 102" {
		t.Errorf("maximum scores: got %q", got)
	}

	do("publish",
		chromedp.Click(chromedp.CSS(`#publish-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#copy-form")))
	if got := text(".notice"); got != "标准已发布。" {
		t.Errorf("confirmation: got %q", got)
	}
	if got := text("#standard-status"); got != "已发布" {
		t.Errorf("status: got %q", got)
	}
	if n := count(".row-actions, #publish-form, #standard-form, #add-indicator"); n != 0 {
		t.Errorf("the published standard still offers %d editing controls", n)
	}
	if got := count("#sheet-table tr.indicator"); got != 22 {
		t.Errorf("indicators: got %d, want 22", got)
	}
	if dir := os.Getenv("XIETONG_SCREENSHOT_DIR"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 is PNG
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, "standard.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
