package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestBrowserPublicNotice drives a real browser at phone width: a visitor
// without an account opens the public notices, lodges an objection and
// sees it acknowledged; the city bureau dismisses it; the naming job runs;
// the public register shows the community; a revocation takes it off.
// Set XIETONG_SCREENSHOT_DIR=DIR to keep screenshots.
func TestBrowserPublicNotice(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	db := storetest.SQLite(t)
	w := newNoticeEnv(t, db, domain.LevelCity)
	w.clock.Set(webNow) // the browser keeps sessions by its own clock
	n := publicizeFixture(t, db, "baoji-jinhe", domain.LevelCity, "2099-03-02", "2099-03-06")
	w.mustUser("bjbureau", "department", "baoji-housing", "")
	ctx := newChrome(t)

	do := tab{t, ctx}.do
	text := tab{t, ctx}.text
	shot := tab{t, ctx}.shot
	fitsPhone := func(page string) {
		t.Helper()
		width, err := chromedp.Run(ctx, chromedp.Evaluate[int]("document.documentElement.scrollWidth"))
		if err != nil {
			t.Fatalf("width of %s: %v", page, err)
		}
		if width > 390 {
			t.Errorf("%s is %dpx wide on a 390px phone", page, width)
		}
	}

	do("a phone opens the public notices",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)),
		chromedp.Navigate(w.ts.URL+"/public/notices"),
		chromedp.WaitVisible(chromedp.CSS(".pub-notice")))
	if got := text("main h1"); got != "和谐社区创建公示" {
		t.Errorf("heading %q", got)
	}
	fitsPhone("the notice list")
	shot("public_notices.png")
	do("open the objection form",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.pub-notice[data-id="%d"] a.button`, n.ID))),
		chromedp.WaitVisible(chromedp.CSS("#objection-content")))
	if got := text("#notice-period"); got != "2099-03-02 — 2099-03-06" {
		t.Errorf("period %q", got)
	}
	fitsPhone("the notice")
	do("lodge an objection",
		chromedp.SendKeys(chromedp.CSS("#objection-content"), "<b>小区</b>物业服务满意度测评数据与实际不符"),
		chromedp.SendKeys(chromedp.CSS("#objection-name"), "张女士"),
		chromedp.Click(chromedp.CSS(`#objection-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#objection-received")))
	if got := text("#objection-received .notice"); !strings.Contains(got, "已收到您的异议") {
		t.Errorf("acknowledgement %q", got)
	}
	if got := text("#objection-echo"); got != "<b>小区</b>物业服务满意度测评数据与实际不符" {
		t.Errorf("echo %q, want the text as typed", got)
	}
	shot("public_objection.png")

	login := func() {
		t.Helper()
		do("sign in as the city bureau",
			signInSteps(w.ts.URL+"/login?next=%2Fcampaign%2Fnotices", "bjbureau", "user-password-1", "#campaign-notices")...)
	}
	login()
	do("open the notice",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#campaign-notices tr[data-id="%d"] a.name`, n.ID))),
		chromedp.WaitVisible(chromedp.CSS(".resolve-form")))
	do("dismiss the objection",
		chromedp.Click(chromedp.CSS(`.resolve-form input[value="dismissed"]`)),
		chromedp.SendKeys(chromedp.CSS(".resolve-form textarea"), "经实地核查，测评数据属实，异议不成立。"),
		chromedp.Click(chromedp.CSS(`.resolve-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.objection[data-status="dismissed"]`)))
	if got := text(".notice"); !strings.Contains(got, "异议不成立") {
		t.Errorf("confirmation %q", got)
	}

	// The period has ended: the naming job runs with a fixed clock.
	w.clock.Set(time.Date(2099, 3, 9, 1, 5, 0, 0, storetest.Shanghai))
	if r, err := w.svc.Run(context.Background(), w.clock.Now(), false); err != nil || len(r.Named) != 2 {
		t.Fatalf("naming: %+v %v", r, err)
	}
	do("the register", chromedp.Navigate(w.ts.URL+"/public/titles"),
		chromedp.WaitVisible(chromedp.CSS(`.pub-city[data-city="610300"]`)))
	if got := text(`.pub-city[data-city="610300"]`); !strings.Contains(got, "宝鸡市") || !strings.Contains(got, "金合尙居") ||
		!strings.Contains(got, "陕和谐〔2099〕市-610300-0001") {
		t.Errorf("register %q", got)
	}
	fitsPhone("the register")
	shot("public_titles.png")

	login()
	do("open the titles",
		chromedp.Navigate(w.ts.URL+"/campaign/titles"),
		chromedp.WaitVisible(chromedp.CSS("#campaign-titles a.name")),
		chromedp.Click(chromedp.CSS("#campaign-titles a.name")),
		chromedp.WaitVisible(chromedp.CSS("#revoke-form")))
	do("revoke it",
		chromedp.SendKeys(chromedp.CSS("#revoke-reason"), "抽查发现台账缺失，整改不到位。"),
		chromedp.Click(chromedp.CSS(`#revoke-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice")))
	if got := text("#title-status"); got != "已撤销" {
		t.Errorf("title status %q", got)
	}
	do("the register again", chromedp.Navigate(w.ts.URL+"/public/titles"),
		chromedp.WaitVisible(chromedp.CSS("#public-titles")))
	if got := text("#public-titles"); strings.Contains(got, "金合尙居") || !strings.Contains(got, "民安花园") {
		t.Errorf("register after the revocation %q", got)
	}
}
