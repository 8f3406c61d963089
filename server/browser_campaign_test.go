package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// campaignWalk is the whole server as main wires it for the campaign (the
// register, the standards, applications, evidence, notices, titles and
// progress) on one clock, and a Chromium driven through it.
type campaignWalk struct {
	*testEnv
	t       *testing.T
	ctx     context.Context
	notices *domain.CampaignNoticeService
	shots   string // where screenshots go; empty: none
}

// newCampaignWalk starts the server on db with every campaign service and
// the clock at webNow (browsers drop cookies that expired by the wall clock).
func newCampaignWalk(t *testing.T, db *storetest.DB, more ...func(*Deps)) *campaignWalk {
	t.Helper()
	var notices *domain.CampaignNoticeService
	e := newEnv(t, db, append([]func(*Deps){func(d *Deps) {
		st, now := d.Tasks.Store, d.Tasks.Now
		d.Standards = &domain.StandardService{Store: st, Now: now}
		d.Attachments = &domain.AttachmentService{Store: st, Now: now}
		d.Campaign = &domain.CampaignService{Store: st, Tasks: d.Tasks, Now: now, Location: storetest.Shanghai}
		d.Progress = &domain.ProgressService{Store: st, Now: now, Location: storetest.Shanghai}
		notices = &domain.CampaignNoticeService{Store: st.(domain.NoticeStore), Now: now, Location: storetest.Shanghai,
			ObjectionRules: domain.ObjectionPolicy{MaxContent: 2000, Rate: 5, Window: time.Hour}}
		d.Notices = notices
		d.BodyLimit = 1 << 20
		d.UploadLimit = 4 << 20
	}}, more...)...)
	e.clock.Set(webNow)
	e.admin = e.token("admin")
	w := &campaignWalk{testEnv: e, t: t, notices: notices}
	// The campaign began this year, so that the dashboard's trend is a few
	// months long rather than the default's eighty-odd years.
	wantStatus(t, e.doT(t, request{method: http.MethodPut, path: "/api/v1/campaign/settings", token: e.admin,
		body: map[string]any{"target": 0.5, "start_date": "2099-01-01", "target_date": "2101-12-31", "version": 0}}),
		http.StatusOK)
	e.mustUser("hzbureau", domain.RoleDepartment, "hanzhong-housing", "")
	e.mustUser("hzpolice", domain.RoleDepartment, "hanzhong-public_security", "")
	e.mustUser("lead", domain.RoleLead, "", "")
	e.mustUser("leadership", domain.RoleLeadership, "", "")
	return w
}

func (w *campaignWalk) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	if err := chromedp.Do(w.ctx, steps...); err != nil {
		w.t.Fatalf("%s: %v", what, err)
	}
}

// text is what the element shows, with its white space folded.
func (w *campaignWalk) text(sel string) string {
	w.t.Helper()
	s, err := chromedp.Run(w.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		w.t.Fatalf("read %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// contains fails the test unless the element shows every one of want.
func (w *campaignWalk) contains(where, sel string, want ...string) {
	w.t.Helper()
	got := w.text(sel)
	for _, s := range want {
		if !strings.Contains(got, s) {
			w.t.Errorf("%s: %q lacks %q", where, got, s)
		}
	}
}

// untilText waits until the element shows want, across the navigation a
// form's post makes (an evaluation cut short by it is tried again).
func (w *campaignWalk) untilText(sel, want string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e !== null && e.textContent.includes(%q); })()`, sel, want)
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("%s never showed %q: %w", sel, want, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// fitsPhone fails the test when the page is wider than a 390px phone.
func (w *campaignWalk) fitsPhone(page string) {
	w.t.Helper()
	width, err := chromedp.Run(w.ctx, chromedp.Evaluate[int]("document.documentElement.scrollWidth"))
	if err != nil {
		w.t.Fatalf("width of %s: %v", page, err)
	}
	if width > 390 {
		w.t.Errorf("%s is %dpx wide on a 390px phone", page, width)
	}
}

func (w *campaignWalk) status(want string) {
	w.t.Helper()
	if got := w.text("#app-status"); got != want {
		w.t.Errorf("application status: got %q, want %q", got, want)
	}
}

// shot keeps a screenshot of the viewport (full: the whole page) when
// screenshots are asked for.
func (w *campaignWalk) shot(name string, full bool) {
	w.t.Helper()
	if w.shots == "" {
		return
	}
	var png []byte
	var err error
	if full {
		png, err = chromedp.Run(w.ctx, chromedp.FullScreenshot(100)) // quality 100 is PNG
	} else {
		png, err = chromedp.Run(w.ctx, chromedp.CaptureScreenshot())
	}
	if err != nil {
		w.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(w.shots, name), png, 0o644); err != nil {
		w.t.Fatal(err)
	}
}

func (w *campaignWalk) signIn(user, next, waitFor string) {
	w.t.Helper()
	w.do("sign in as "+user,
		signInSteps(w.ts.URL+"/login?next="+url.QueryEscape(next), user, "user-password-1", waitFor)...)
}

func (w *campaignWalk) signOut() {
	w.t.Helper()
	w.do("sign out", chromedp.Click(chromedp.CSS(`form.logout button`)), chromedp.WaitVisible(chromedp.CSS("#username")))
}

// indicator is one line of an application's self-assessment as the page
// shows it.
type indicator struct {
	Code     string `json:"code"`
	Max      string `json:"max"`
	Evidence bool   `json:"evidence"`
}

// indicators reads the sheet off the application page: each indicator's
// code, its highest points and whether it needs evidence.
func (w *campaignWalk) indicators() []indicator {
	w.t.Helper()
	l, err := chromedp.Run(w.ctx, chromedp.Evaluate[[]indicator](`[...document.querySelectorAll("#self-form .indicator")].map(d => {
		const s = d.querySelector("select");
		return {code: d.id.slice(4), max: s.options[s.options.length - 1].value,
			evidence: d.querySelector("p .badge:not(.overdue)") !== null};
	})`))
	if err != nil || len(l) == 0 {
		w.t.Fatalf("the application's indicators: %v %v", l, err)
	}
	return l
}

// fillIn self-assesses every indicator at its highest points with a note,
// uploads a PDF for each that needs evidence, and answers the application's
// address.
func (w *campaignWalk) fillIn(pdf string) string {
	w.t.Helper()
	inds := w.indicators()
	var steps []chromedp.Action[chromedp.Void]
	for _, in := range inds {
		steps = append(steps, chromedp.SetValue(chromedp.CSS("#points_"+in.Code), in.Max),
			chromedp.SendKeys(chromedp.CSS("#note_"+in.Code), "已自查，材料齐全"))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS("#save-self")),
		chromedp.WaitVisible(chromedp.CSS(`.notice[data-done="saved"]`)))
	w.do("self-assess", steps...)
	w.contains("after saving", ".notice", "自评已保存")
	for _, in := range inds {
		if !in.Evidence {
			continue
		}
		w.do("upload the evidence of "+in.Code,
			chromedp.SetValue(chromedp.CSS("#upload-indicator"), in.Code),
			chromedp.SetUploadFiles(chromedp.CSS("#upload-file"), []string{pdf}),
			chromedp.Click(chromedp.CSS(`#upload-form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS("#files-"+in.Code+" li a")))
	}
	loc, err := chromedp.Run(w.ctx, chromedp.Location())
	if err != nil {
		w.t.Fatal(err)
	}
	return strings.SplitN(loc, "?", 2)[0]
}

// score enters the bureau's sheet: every indicator at its highest points,
// the veto items passed unless failVeto names one.
func (w *campaignWalk) score(appURL, assessor, failVeto string, sheetShot bool) {
	w.t.Helper()
	w.do("open the score sheet", chromedp.Navigate(appURL), chromedp.WaitVisible(chromedp.CSS("#act-score summary")),
		chromedp.Click(chromedp.CSS("#act-score summary")), chromedp.WaitVisible(chromedp.CSS("#assessor")))
	steps := []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS("#assessor"), assessor)}
	for _, in := range w.indicators() {
		steps = append(steps, chromedp.SetValue(chromedp.CSS("#score_"+in.Code), in.Max))
	}
	if failVeto != "" {
		steps = append(steps, chromedp.Click(chromedp.CSS(`#score-form input[name="veto_`+failVeto+`"]`)))
	}
	steps = append(steps, chromedp.SendKeys(chromedp.CSS("#score-note"), "经实地察看和材料审核评分"))
	w.do("fill in the sheet", steps...)
	if sheetShot {
		if _, err := chromedp.Run(w.ctx, chromedp.Evaluate[any](`document.activeElement.blur(); document.querySelector("#act-score").scrollIntoView(true)`)); err != nil {
			w.t.Fatalf("scroll to the sheet: %v", err)
		}
		w.shot("campaign-score-sheet.png", false)
	}
	w.do("score", chromedp.Click(chromedp.CSS(`#score-form button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#sheets")))
	w.status("已评分")
	w.contains("the sheets", "#sheets", assessor)
}

// step takes one of the application's plain steps (accept, reject,
// recommend…) with a note.
func (w *campaignWalk) step(action, note string) {
	w.t.Helper()
	steps := []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS("#act-" + action + " summary")),
		chromedp.WaitVisible(chromedp.CSS("#note-" + action))}
	if note != "" {
		steps = append(steps, chromedp.SendKeys(chromedp.CSS("#note-"+action), note))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS("#"+action+`-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice[data-done="`+action+`"]`)))
	w.do(action, steps...)
}

// TestBrowserCampaignWalk walks the creation campaign's whole path in a
// real browser, as its users do, across the parts: Hanzhong's housing
// bureau imports two communities into the register; one applies for a city
// title, self-assesses, uploads its evidence and submits; the bureau finds
// it in its inbox, scores and accepts it; a visitor without an account sees
// the public notice; after the notice period the naming job names it and
// the public register lists its certificate. The other applies for a
// province title, which the bureau recommends and the province inspects and
// accepts; a third application is rejected on a veto item and the bureau
// assigns the police a rectification task from it, which the police find
// on their list. Set XIETONG_SCREENSHOT_DIR=docs/screenshots (a relative path
// is taken from the repository's root) to keep the README's screenshots.
func TestBrowserCampaignWalk(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	shots := os.Getenv("XIETONG_SCREENSHOT_DIR")
	if shots != "" && !filepath.IsAbs(shots) {
		shots = filepath.Join("..", shots) // tests run in server/
	}
	first := true
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newCampaignWalk(t, db)
		if first {
			w.shots, first = shots, false
		}
		w.ctx = newChrome(t)
		walkCampaign(t, w, db)
	})
}

func walkCampaign(t *testing.T, w *campaignWalk, db *storetest.DB) {
	ctx := context.Background()
	dir := t.TempDir()
	csv := filepath.Join(dir, "汉中市台账.csv")
	if err := os.WriteFile(csv, []byte("小区编码,小区名称,区划代码,地址,规模,住房类型,户数,社会化物业管理,物业服务企业\n"+
		"hz-e2e-1,阳光家园,610702,汉台区天汉大道 1 号,小区,公租房,420,是,汉江物业\n"+
		"hz-e2e-2,汉江花苑,610703,南郑区汉源路 2 号,小区,廉租房,260,是,南郑物业\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "佐证材料.pdf")
	if err := os.WriteFile(pdf, pdfBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	example, ok, err := db.LatestStandard(ctx, domain.LevelProvince, "")
	if err != nil || !ok || example.Name != domain.ExampleStandardName {
		t.Fatalf("the example standard: %+v %v %v", example, ok, err)
	}
	police, err := db.OrganizationByCode(ctx, "hanzhong-public_security")
	if err != nil {
		t.Fatal(err)
	}
	minan, err := db.CommunityByCode(ctx, "hanzhong-minan")
	if err != nil {
		t.Fatal(err)
	}

	// 1. The register: Hanzhong's bureau checks its file, then imports it.
	w.do("desktop", chromedp.EmulateViewport(1100, 760))
	w.signIn("hzbureau", "/communities", "#register-import")
	w.do("check the file",
		chromedp.SetUploadFiles(chromedp.CSS("#register-file"), []string{csv}),
		chromedp.Click(chromedp.CSS("#register-dry-run")),
		chromedp.WaitVisible(chromedp.CSS("#import-result")))
	w.contains("the check", "#import-result", "检查通过", "将新增 2 个", "尚未导入")
	w.do("import it",
		chromedp.SetUploadFiles(chromedp.CSS("#register-file"), []string{csv}),
		chromedp.Click(chromedp.CSS("#register-import-button")),
		// The checked page has a result too: wait for the import's.
		w.untilText("#import-result", "导入完成"))
	w.contains("the import", "#import-result", "导入完成", "新增 2 个")
	w.shot("campaign-register.png", true)
	w.do("Hanzhong's list",
		chromedp.SetValue(chromedp.CSS(`select[name="city"]`), "610700"),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("form.filters a.reset")),
		chromedp.WaitVisible(chromedp.CSS("#communities tbody tr")))
	w.contains("Hanzhong's register", "#communities", "阳光家园", "汉江花苑", "汉台区", "南郑区", "廉租房", "汉江物业")
	w.signOut()

	// The new communities get their accounts.
	w.mustUser("yangguang", domain.RoleCommunity, "", "hz-e2e-1")
	w.mustUser("hanjiang", domain.RoleCommunity, "", "hz-e2e-2")

	// 2. 阳光家园 applies for a city title.
	w.signIn("yangguang", "/applications", "#open-application summary")
	w.do("open an application for a city title",
		chromedp.Click(chromedp.CSS("#open-application summary")),
		chromedp.WaitVisible(chromedp.CSS("#level")),
		chromedp.SetValue(chromedp.CSS("#level"), "city"),
		chromedp.SetValue(chromedp.CSS("#standard_id"), fmt.Sprint(example.ID)),
		chromedp.Click(chromedp.CSS(`#open-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#self-form")))
	w.status("草稿")
	if got := w.text("main h1"); got != "阳光家园 · 市级和谐社区" {
		t.Errorf("heading: %q", got)
	}
	w.do("submit before filling in", chromedp.Click(chromedp.CSS(`#submit-form button`)), chromedp.WaitVisible(chromedp.CSS("#app-error")))
	w.contains("what is missing", "#app-error", "SG-1", "CV-3")
	cityApp := w.fillIn(pdf)
	w.contains("the evidence", "#files-OM-1", "佐证材料.pdf")
	if _, err := chromedp.Run(w.ctx, chromedp.Evaluate[any](`document.querySelector(".page-head").scrollIntoView(true)`)); err != nil {
		t.Fatalf("scroll to the self-assessment: %v", err)
	}
	w.shot("campaign-self-assessment.png", false)
	w.do("submit", chromedp.Click(chromedp.CSS(`#submit-form button`)), chromedp.WaitVisible(chromedp.CSS(`.notice[data-done="submit"]`)))
	w.status("待市级审核")
	w.contains("the scores", "#app-scores", "自评 100")
	w.do("a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch), chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS("#app-status")))
	w.fitsPhone("the application")
	w.do("desktop again", chromedp.EmulateViewport(1100, 760))

	// 汉江花苑 applies for a province title the same way.
	w.signOut()
	w.signIn("hanjiang", "/applications", "#open-application summary")
	w.do("open an application for a province title",
		chromedp.Click(chromedp.CSS("#open-application summary")),
		chromedp.WaitVisible(chromedp.CSS("#level")),
		chromedp.SetValue(chromedp.CSS("#level"), "province"),
		chromedp.SetValue(chromedp.CSS("#standard_id"), fmt.Sprint(example.ID)),
		chromedp.Click(chromedp.CSS(`#open-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#self-form")))
	provApp := w.fillIn(pdf)
	w.do("submit", chromedp.Click(chromedp.CSS(`#submit-form button`)), chromedp.WaitVisible(chromedp.CSS(`.notice[data-done="submit"]`)))
	w.status("待市级审核")
	w.signOut()

	// 3. The bureau: both in its inbox; it scores and accepts the city title.
	w.signIn("hzbureau", "/applications?inbox=true", "#applications")
	w.contains("the inbox", "#applications tbody", "阳光家园", "汉江花苑", "待市级审核", "市级", "省级")
	w.shot("campaign-inbox.png", false)
	w.do("open 阳光家园 from the inbox",
		chromedp.Click(chromedp.CSS(`#applications tbody tr:has(a.name[href="`+strings.TrimPrefix(cityApp, w.ts.URL)+`"]) a.name`)),
		chromedp.WaitVisible(chromedp.CSS("#act-score summary")))
	w.contains("the step's deadline", "#step-due", "2099-")
	w.score(cityApp, "张专家", "", true)
	w.contains("the scores", "#app-scores", "市级 100")
	w.step("accept", "")
	w.status("公示中")
	w.contains("the notice", "#app-notice", "2099-")

	// The province title: scored and recommended.
	w.score(provApp, "李专家", "", false)
	w.step("recommend", "材料齐全，推荐省级验收")
	w.status("已推荐省级")

	// A third application, opened by the bureau for 民安花园, fails a veto
	// item and is rejected; the police get a rectification task.
	w.do("open one for 民安花园",
		chromedp.Navigate(w.ts.URL+"/applications"),
		chromedp.WaitVisible(chromedp.CSS("#open-application summary")),
		chromedp.Click(chromedp.CSS("#open-application summary")),
		chromedp.WaitVisible(chromedp.CSS("#community_id")),
		chromedp.SetValue(chromedp.CSS("#community_id"), webID(minan.ID)),
		chromedp.SetValue(chromedp.CSS("#level"), "city"),
		chromedp.SetValue(chromedp.CSS("#standard_id"), fmt.Sprint(example.ID)),
		chromedp.Click(chromedp.CSS(`#open-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#self-form")))
	rejApp := w.fillIn(pdf)
	w.do("submit", chromedp.Click(chromedp.CSS(`#submit-form button`)), chromedp.WaitVisible(chromedp.CSS(`.notice[data-done="submit"]`)))
	w.score(rejApp, "王专家", "PS-V", false)
	if got := w.text("#veto-failed"); got != "一票否决" {
		t.Errorf("veto marker: %q", got)
	}
	w.step("reject", "小区发生燃气安全责任事故，一票否决")
	w.status("未通过")
	w.contains("the record", "#app-record", "燃气安全责任事故")
	w.do("open a rectification for the police",
		chromedp.Click(chromedp.CSS("#act-rectify summary")),
		chromedp.WaitVisible(chromedp.CSS("#rectify-title")),
		chromedp.SetValue(chromedp.CSS("#rectify-indicator"), "PS-V"),
		chromedp.SendKeys(chromedp.CSS("#rectify-title"), "排查民安花园燃气安全隐患"),
		chromedp.SetValue(chromedp.CSS("#rectify-org"), webID(police.ID)),
		chromedp.Click(chromedp.CSS(`#rectify-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice[data-done="rectify"]`)))
	w.contains("the application's tasks", "#app-tasks", "排查民安花园燃气安全隐患", "PS-V")
	w.do("the inbox again", chromedp.Navigate(w.ts.URL+"/applications?inbox=true"),
		chromedp.WaitVisible(chromedp.CSS("#applications tbody tr")))
	if got := w.text("#applications tbody"); strings.Contains(got, "阳光家园") || strings.Contains(got, "汉江花苑") ||
		strings.Contains(got, "民安花园") {
		t.Errorf("the bureau's inbox after deciding: %q", got)
	}
	w.do("all of its applications", chromedp.Navigate(w.ts.URL+"/applications"),
		chromedp.WaitVisible(chromedp.CSS("#applications tbody tr")))
	w.contains("the bureau's list", "#applications tbody", "公示中", "已推荐省级", "未通过")
	w.signOut()

	w.signIn("hzpolice", "/tasks", "#tasks")
	w.contains("the police's tasks", "#tasks tbody", "排查民安花园燃气安全隐患")
	w.signOut()

	// 4. The province inspects the province title and accepts it.
	w.signIn("lead", "/applications?inbox=true", "#applications")
	w.contains("the province's inbox", "#applications tbody", "汉江花苑", "省级和谐社区", "已推荐省级")
	w.do("open 汉江花苑 from the inbox",
		chromedp.Click(chromedp.CSS(`#applications tbody tr:has(a.name[href="`+strings.TrimPrefix(provApp, w.ts.URL)+`"]) a.name`)),
		chromedp.WaitVisible(chromedp.CSS("#act-inspect summary")))
	w.do("inspect",
		chromedp.Click(chromedp.CSS("#act-inspect summary")),
		chromedp.WaitVisible(chromedp.CSS("#inspectors")),
		chromedp.SetValue(chromedp.CSS("#inspected_on"), "2099-03-02"),
		chromedp.SendKeys(chromedp.CSS("#inspectors"), "省住建厅 赵处长、钱科长"),
		chromedp.SendKeys(chromedp.CSS("#inspect-note"), "台账规范，设施完好，居民满意度高"),
		chromedp.Click(chromedp.CSS(`#inspect-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#inspections")))
	w.status("已验收检查")
	w.contains("the inspection", "#inspections", "2099-03-02", "赵处长", "居民满意度高")
	w.step("accept", "")
	w.status("公示中")
	period := strings.Fields(w.text("#app-notice")) // FROM – TO · SCORE
	noticeEnd, err := calendar.ParseDate(period[2])
	if err != nil || len(period) < 3 {
		t.Fatalf("the notice's period %q: %v", period, err)
	}
	w.signOut()

	// 5. A visitor without an account, on a phone, sees both notices.
	anon, cancel := chromedp.NewContext(w.ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	signedIn := w.ctx
	w.ctx = anon
	w.do("a phone opens the public notices",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)),
		chromedp.Navigate(w.ts.URL+"/public/notices"),
		chromedp.WaitVisible(chromedp.CSS(".pub-notice")))
	if got := w.text("main h1"); got != "和谐社区创建公示" {
		t.Errorf("public heading %q", got)
	}
	w.contains("the public notices", "#public-notices", "阳光家园", "汉江花苑", "汉中市", "汉台区")
	if strings.Contains(w.text("#public-notices"), "民安花园") {
		t.Error("the rejected application is on the public notices")
	}
	w.do("no sign-in", chromedp.WaitNotPresent(chromedp.CSS("form.logout")))
	w.fitsPhone("the public notices")
	w.shot("campaign-public-notices.png", true)
	w.ctx = signedIn

	// 6. The notice period ends; the daily job names both.
	after := noticeEnd.AddDays(1)
	at := after.In(storetest.Shanghai).Add(65 * time.Minute)
	w.clock.Set(at)
	if r, err := w.notices.Run(ctx, at, false); err != nil || len(r.Named) != 2 {
		t.Fatalf("naming on %s: %+v %v", at, r, err)
	}
	w.ctx = anon
	w.do("the public titles",
		chromedp.EmulateViewport(1100, 760),
		chromedp.Navigate(w.ts.URL+"/public/titles"),
		chromedp.WaitVisible(chromedp.CSS(`.pub-city[data-city="610700"]`)))
	year := fmt.Sprint(after.Year)
	w.contains("the public titles", `.pub-city[data-city="610700"]`, "汉中市", "阳光家园", "陕和谐〔"+year+"〕市-610700-0001",
		"汉江花苑", "陕和谐〔"+year+"〕省-0001")
	w.shot("campaign-public-titles.png", true)
	w.ctx = signedIn

	w.signIn("yangguang", "/applications", "#applications")
	w.contains("the community's list", "#applications tbody", "阳光家园", "已命名")
	w.do("its application", chromedp.Navigate(cityApp), chromedp.WaitVisible(chromedp.CSS("#app-status")))
	w.status("已命名")
	w.signOut()

	// 7. The progress dashboard: Hanzhong's two titles.
	w.signIn("lead", "/campaign/progress", "#progress-trend svg")
	w.contains("the cities", "#progress-cities", "汉中市")
	w.shot("campaign-progress.png", true)
	w.signOut()
}
