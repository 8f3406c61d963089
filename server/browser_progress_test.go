package server

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xietong/domain/store/storetest"
)

// TestBrowserProgressDashboard opens the campaign's dashboard as leadership
// in a real browser and finds its three inline SVG charts drawn, with the
// cities' bars, and still within the screen at phone width. Set
// XIETONG_SCREENSHOT_DIR=DIR to keep screenshots (progress.png,
// progress-phone.png).
func TestBrowserProgressDashboard(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	w := newProgressEnv(t, storetest.SQLite(t))
	w.clock.Set(webNow) // the session cookie must outlive the wall clock
	ctx := newChrome(t)
	do := tab{t, ctx}.do
	eval := func(js string) float64 {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return v
	}
	shot := func(name string) {
		t.Helper()
		dir := os.Getenv("XIETONG_SCREENSHOT_DIR")
		if dir == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(dir+"/"+name, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	do("sign in as leadership",
		signInSteps(w.ts.URL+"/login?next=%2Fcampaign%2Fprogress%3Fas_of%3D2025-12-31", "leadership", "user-password-1", "#progress-trend svg")...)
	if n := eval(`document.querySelectorAll("main svg.chart").length`); n != 3 {
		t.Errorf("%v charts, want 3 (trend, cities, pipeline)", n)
	}
	if n := eval(`document.querySelectorAll("#progress-cities svg rect.bar").length`); n != 13 {
		t.Errorf("%v city bars, want 13", n)
	}
	// Drawn, not just present: the trend's line has a length on screen.
	if l := eval(`document.querySelector("#progress-trend polyline.series").getTotalLength()`); l <= 0 {
		t.Errorf("the trend line has length %v", l)
	}
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#progress-cities svg > title").textContent`))
	if err != nil || !strings.Contains(title, "各市创建比例") {
		t.Errorf("the cities chart's title: %q %v", title, err)
	}
	shot("progress.png")

	do("narrow to a phone", chromedp.EmulateViewport(375, 740))
	width := eval(`Math.max(...[...document.querySelectorAll("main svg.chart")].map(s => s.getBoundingClientRect().right))`)
	if width > 375 || width < 200 {
		t.Errorf("at phone width the charts reach %vpx, want within 375", width)
	}
	shot("progress-phone.png")
}
