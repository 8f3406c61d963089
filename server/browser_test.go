package server

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
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

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
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
