package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// chromiumPath finds a Chromium or Chrome binary, or returns "".
func chromiumPath() string {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// tab drives one Chromium context for a test: each step fails the test
// with what it was doing, text reads collapse whitespace, and screenshots
// are written only when XIETONG_SCREENSHOT_DIR names a folder.
type tab struct {
	t   *testing.T
	ctx context.Context
}

// eval evaluates js in the page, awaiting a promise, and returns its
// string value, failing the test on error.
func (b tab) eval(js string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// do runs steps, failing the test with what on error.
func (b tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// text returns the visible text of sel, whitespace collapsed.
//
// Right after a navigation chromedp can find sel in its copy of the old
// document's tree and then ask the browser for a node the new document no
// longer has ("No node with given id found"); the read is tried again, a
// few times, before it fails the test.
func (b tab) text(sel string) string {
	b.t.Helper()
	var (
		s   string
		err error
	)
	for attempt := 0; attempt < 5; attempt++ {
		s, err = chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
		if err == nil || !staleNode(err) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		b.t.Fatalf("read %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// staleNode reports whether err is the browser's answer for a node id
// from a document that has since been replaced.
func staleNode(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "No node with given id found") || strings.Contains(msg, "Could not find node with given id")
}

// shot saves a full-page screenshot as name in XIETONG_SCREENSHOT_DIR (a
// relative path is taken from the repository's root), if set.
func (b tab) shot(name string) {
	b.t.Helper()
	dir := os.Getenv("XIETONG_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", dir) // relative to the repository; tests run in server/
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// browserTimeout bounds one test's use of the browser.
const browserTimeout = 4 * time.Minute

// newChrome starts a headless Chromium for the test, or skips the test when
// there is none (unless XIETONG_REQUIRE_BROWSER=1, as on CI).
func newChrome(t *testing.T) context.Context {
	t.Helper()
	bin := chromiumPath()
	if bin == "" {
		if os.Getenv("XIETONG_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found and XIETONG_REQUIRE_BROWSER=1")
		}
		t.Skip("no Chromium found (looked for chromium, chromium-browser, google-chrome)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// A bound on the whole test's browsing, against a hang. The longest
	// walk (TestBrowserCampaignWalk) takes 40 s alone and twice that while
	// make test runs the other packages and PostgreSQL beside it.
	ctx, cancelTimeout := context.WithTimeout(ctx, browserTimeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", bin, err)
	}
	return ctx
}

// TestBrowserLoginAndCatalog drives a real browser: sign in, reach the
// dashboard, open the organisations, switch to English. Set
// XIETONG_SCREENSHOT=FILE.png to keep a screenshot of the organisations page.
func TestBrowserLoginAndCatalog(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	env := newWebEnv(t, false)
	ctx := newChrome(t)

	do := tab{t, ctx}.do
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}

	do("open the site", chromedp.Navigate(env.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#username")))
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || !strings.HasSuffix(loc, "/login") {
		t.Errorf("start page: got %s (%v), want the login page", loc, err)
	}
	if got := text("main h1"); got != "登录" {
		t.Errorf("login heading: got %q, want 登录 (Chinese by default)", got)
	}
	do("sign in",
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), webAdminPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".tiles")))
	if got := text("main h1"); got != "欢迎，管理员" {
		t.Errorf("dashboard heading: got %q, want 欢迎，管理员", got)
	}

	do("open the organisations",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/organizations"]`)),
		chromedp.WaitVisible(chromedp.CSS("#organizations tbody tr")))
	if got := text("#organizations"); !strings.Contains(got, "西安市公安局") {
		t.Errorf("西安市公安局 is not visible on the organisations page")
	}
	if path := os.Getenv("XIETONG_SCREENSHOT"); path != "" {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()) // the viewport, as PNG
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	do("switch to English",
		chromedp.Click(chromedp.CSS(`a.lang[hreflang="en"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="en"] #organizations`)))
	if got := text("main h1"); got != "Organisations" {
		t.Errorf("English heading: got %q, want Organisations", got)
	}
	if got := text("#organizations thead th"); got != "Name" {
		t.Errorf("English first column: got %q, want Name", got)
	}
	if got := text("#organizations"); !strings.Contains(got, "Xi'an Municipal Public Security Bureau") {
		t.Errorf("the English organisation names are not shown")
	}
}

// TestBrowserCreateTask drives a bureau lead through the new-task form in
// a real browser and finds the task on the list with its traffic light.
// Set XIETONG_SCREENSHOT_DIR=DIR to keep screenshots of the form, the list
// and the task's page.
func TestBrowserCreateTask(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	w := newTaskWorld(t, storetest.SQLite(t))
	police, health := w.orgID(orgPolice), w.orgID(orgHealth)
	// Some work already on the list, one of it late, so the lights differ.
	w.task(w.lead, domain.CreateTask{Title: "排查小区消防通道占用", LeadOrgID: police, DueDate: calendar.NewDate(2099, 3, 3),
		Priority: domain.PriorityUrgent, Category: "public_security"})
	w.task(w.lead, domain.CreateTask{Title: "开展老年人健康体检", LeadOrgID: health, CoOrgIDs: []int64{w.orgID(orgCivil)},
		DueInWorkingDays: 4, Category: "elderly", CommunityID: w.communityID(commMijia)})
	w.clock.advance(3)
	ctx := newChrome(t)

	do := tab{t, ctx}.do
	text := tab{t, ctx}.text
	shot := tab{t, ctx}.shot

	do("sign in as the lead",
		signInSteps(w.URL+"/login?next=%2Ftasks", "lead", webAdminPassword, "#tasks")...)
	do("open the new-task form",
		chromedp.Click(chromedp.CSS("#new-task")),
		chromedp.WaitVisible(chromedp.CSS("#task-form")))
	if got := text("main h1"); got != "新建督办任务" {
		t.Errorf("form heading: got %q", got)
	}
	do("fill it in",
		chromedp.SendKeys(chromedp.CSS("#title"), "加装米家崖小区楼道扶手"),
		chromedp.SendKeys(chromedp.CSS("#description"), "3号楼、5号楼，每层两侧。"),
		chromedp.SetValue(chromedp.CSS("#lead_org_id"), webID(w.orgID(orgCivil))),
		chromedp.Click(chromedp.CSS(`input[name="co_org_ids"][value="`+webID(health)+`"]`)),
		chromedp.SetValue(chromedp.CSS("#community_id"), webID(w.communityID(commMijia))),
		chromedp.SetValue(chromedp.CSS("#priority"), "high"),
		chromedp.SetValue(chromedp.CSS("#category"), "elderly"),
		chromedp.SendKeys(chromedp.CSS(`input[name="due_days"]`), "10"))
	shot("task_new.png")
	do("assign it",
		chromedp.Click(chromedp.CSS(`#task-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#task-status")))
	if got := text(".notice"); !strings.Contains(got, "任务已交办") {
		t.Errorf("confirmation: got %q", got)
	}
	if got := text("#task-lead"); got != "西安市民政局" {
		t.Errorf("lead organisation: got %q", got)
	}
	if got := text("#record"); !strings.Contains(got, "交办") || !strings.Contains(got, "网页") {
		t.Errorf("record: got %q", got)
	}
	shot("task.png")

	do("back to the list",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/tasks"]`)),
		chromedp.WaitVisible(chromedp.CSS("#tasks tbody tr")))
	rows, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("#tasks tbody tr")))
	if err != nil || len(rows) != 3 {
		t.Fatalf("list rows: got %d (%v), want 3", len(rows), err)
	}
	if got := text(`#tasks tbody tr:last-child`); !strings.Contains(got, "加装米家崖小区楼道扶手") || !strings.Contains(got, "正常") {
		t.Errorf("the new task's row: got %q, want its title and a green light", got)
	}
	cls, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#tasks tbody tr:last-child .light`), "class"))
	if err != nil || cls.Value != "light on_track" {
		t.Errorf("the new task's light: got %+v (%v), want on_track", cls, err)
	}
	if got := text(`#tasks tbody tr:first-child .light`); got != "逾期 2 个工作日" {
		t.Errorf("the late task's light: got %q", got)
	}
	shot("tasks.png")
}

// signInSteps open the sign-in page at loginURL (with its next=, if any),
// sign in as user with password and wait for waitFor on the page that
// follows.
func signInSteps(loginURL, user, password, waitFor string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(loginURL),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(waitFor)),
	}
}
