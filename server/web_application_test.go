package server

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xietong/domain/store/storetest"
)

// appWebClient is a browser-less client signed in through the login form, with
// its cookies and CSRF token, for posting the pages' forms.
type appWebClient struct {
	w    *appEnv
	jar  http.CookieJar
	csrf string
	c    *http.Client
}

// TestWebApplicationPages: the list and page render for each kind of user,
// the nav shows 创建申报 to those with a scope, and the forms post plainly.
func TestWebApplicationPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAppEnv(t, db)
		w.future()
		id := w.ready(t, w.tok["mijiaya"], w.comm["mijiaya"], "city", w.cityStd, allCodes...)
		get := func(user, path string) string {
			t.Helper()
			// Pages take the session cookie, not a bearer token: sign in.
			c := w.browserless(t, user)
			res, err := c.c.Get(w.ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var b strings.Builder
			buf := make([]byte, 4096)
			for {
				n, err := res.Body.Read(buf)
				b.Write(buf[:n])
				if err != nil {
					break
				}
			}
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s %s: %d %s", user, path, res.StatusCode, b.String())
			}
			return b.String()
		}
		page := get("mijiaya", "/applications")
		if !strings.Contains(page, `href="/applications"`) || !strings.Contains(page, "米家崖小区") {
			t.Errorf("community list lacks the nav entry or its application")
		}
		page = get("mijiaya", fmt.Sprintf("/applications/%d", id))
		for _, want := range []string{`id="self-form"`, `id="upload-form"`, `id="submit-form"`, "居民自治", `src="/static/upload.js"`} {
			if !strings.Contains(page, want) {
				t.Errorf("community page lacks %s", want)
			}
		}
		if strings.Contains(page, "<script>") {
			t.Errorf("inline script on the page")
		}
		page = get("police", "/")
		if strings.Contains(page, `href="/applications"`) {
			t.Errorf("another department sees the applications entry")
		}
		page = get("xah", "/")
		if !strings.Contains(page, `href="/applications"`) {
			t.Errorf("the city bureau lacks the applications entry")
		}

		// An upload form needs the session and the CSRF token.
		mc := w.browserless(t, "mijiaya")
		for _, tt := range []struct {
			name   string
			client *http.Client
			csrf   string
			want   int
		}{
			{"no session", &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, "x", http.StatusSeeOther},
			{"wrong token", mc.c, "forged", http.StatusForbidden},
		} {
			if code := postEvidence(t, tt.client, fmt.Sprintf("%s/applications/%d/attachments", w.ts.URL, id), tt.csrf,
				"a.pdf"); code != tt.want {
				t.Errorf("upload with %s: %d, want %d", tt.name, code, tt.want)
			}
		}

		// The forms: the community submits; the bureau scores and accepts.
		mc.post(t, fmt.Sprintf("/applications/%d/actions", id), url.Values{"action": {"submit"}}, "待市级审核")
		xc := w.browserless(t, "xah")
		// The bureau returns it with its reason (none is refused); the
		// community reads the reason on its page, changes its self-assessment
		// and adds evidence again, and submits anew.
		xc.post(t, fmt.Sprintf("/applications/%d/actions", id), url.Values{"action": {"return"}}, "“退回修改”需要填写理由")
		// A retired standard is named by its status in Chinese, too.
		mc.post(t, "/applications", url.Values{"community_id": {fmt.Sprint(w.comm["mijiaya"])}, "level": {"city"},
			"standard_id": {fmt.Sprint(w.retiredStd)}}, "（当前状态：已停用）")
		xc.post(t, fmt.Sprintf("/applications/%d/actions", id), url.Values{"action": {"return"}, "note": {"请补充 D3 的台账照片"}},
			"已退回")
		page = get("mijiaya", fmt.Sprintf("/applications/%d", id))
		for _, want := range []string{"已退回", "请补充 D3 的台账照片", `id="self-form"`, `id="upload-form"`, `id="submit-form"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the returned application's page lacks %s", want)
			}
		}
		self := url.Values{}
		for _, c := range allCodes {
			self.Set("points_"+c, "8")
		}
		mc.post(t, fmt.Sprintf("/applications/%d/self-assessment", id), self, "自评已保存")
		if code := postEvidence(t, mc.c, fmt.Sprintf("%s/applications/%d/attachments", w.ts.URL, id), mc.csrf,
			"台账照片.pdf"); code != http.StatusOK {
			t.Errorf("evidence after the return: %d", code)
		}
		page = get("mijiaya", fmt.Sprintf("/applications/%d", id))
		if !strings.Contains(page, "台账照片.pdf") || !strings.Contains(page, "48.00") {
			t.Errorf("after answering the return the page lacks the new file or self score")
		}
		mc.post(t, fmt.Sprintf("/applications/%d/actions", id), url.Values{"action": {"submit"}}, "待市级审核")
		form := url.Values{"action": {"score"}, "assessor": {"张专家"}}
		for _, c := range allCodes[:5] {
			form.Set("points_"+c, "9")
		}
		xc.post(t, fmt.Sprintf("/applications/%d/actions", id), form, "D6") // incomplete: the page shows what is missing
		form.Set("points_D6", "9")
		xc.post(t, fmt.Sprintf("/applications/%d/actions", id), form, "已评分")
		xc.post(t, fmt.Sprintf("/applications/%d/actions", id), url.Values{"action": {"accept"}}, "公示中")
	})
}

// future moves the clock to webNow, as browsers drop session cookies that
// expired before the real now, and gives every user a new API token.
func (w *appEnv) future() {
	w.clock.Set(webNow)
	for u := range w.tok {
		w.tok[u] = w.token(u)
	}
	w.admin = w.tok["admin"]
}

// browserless signs user in through the login form.
func (w *appEnv) browserless(t testing.TB, user string) *appWebClient {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &appWebClient{w: w, jar: jar, c: &http.Client{Jar: jar}}
	res, err := c.c.Get(w.ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	c.csrf = c.cookie(csrfCookie)
	res, err = c.c.PostForm(w.ts.URL+"/login", url.Values{"username": {user}, "password": {userPassword(user)},
		"_csrf": {c.csrf}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	c.csrf = c.cookie(csrfCookie)
	return c
}

func userPassword(user string) string {
	if user == "admin" {
		return adminPassword
	}
	return "user-password-1"
}

func (c *appWebClient) cookie(name string) string {
	u, _ := url.Parse(c.w.ts.URL)
	for _, ck := range c.jar.Cookies(u) {
		if ck.Name == name || strings.HasSuffix(ck.Name, name) {
			return ck.Value
		}
	}
	return ""
}

// post posts a form and fails unless the page it ends on contains want.
func (c *appWebClient) post(t testing.TB, path string, form url.Values, want string) {
	t.Helper()
	form.Set("_csrf", c.csrf)
	res, err := c.c.PostForm(c.w.ts.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if !strings.Contains(b.String(), want) {
		t.Errorf("POST %s: %d, the page lacks %q", path, res.StatusCode, want)
	}
}

// TestBrowserApplicationCityTitle drives the web path of a city title in a
// real browser: the community opens, self-assesses, uploads and submits;
// the city bureau scores and accepts. Then a rejected application and the
// rectification task the bureau opens from it. XIETONG_SCREENSHOT_DIR keeps
// screenshots.
func TestBrowserApplicationCityTitle(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	w := newAppEnv(t, storetest.SQLite(t))
	w.future()
	ctx := newChrome(t)
	do := tab{t, ctx}.do
	text := tab{t, ctx}.text
	shot := tab{t, ctx}.shot
	signIn := func(user, next string) {
		t.Helper()
		do("sign in as "+user,
			signInSteps(w.ts.URL+"/login?next="+url.QueryEscape(next), user, userPassword(user), "main h1")...)
	}
	signOut := func() {
		t.Helper()
		do("sign out", chromedp.Click(chromedp.CSS(`form.logout button`)), chromedp.WaitVisible(chromedp.CSS("#username")))
	}

	signIn("mijiaya", "/applications")
	do("open an application",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/applications"]`)),
		chromedp.WaitVisible(chromedp.CSS("#open-application summary")),
		chromedp.Click(chromedp.CSS("#open-application summary")),
		chromedp.SetValue(chromedp.CSS("#level"), "city"),
		chromedp.SetValue(chromedp.CSS("#standard_id"), fmt.Sprint(w.cityStd)),
		chromedp.Click(chromedp.CSS(`#open-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#self-form")))
	if got := text("#app-status"); got != "草稿" {
		t.Errorf("status: %q", got)
	}
	var steps []chromedp.Action[chromedp.Void]
	for _, c := range allCodes {
		steps = append(steps, chromedp.SetValue(chromedp.CSS("#points_"+c), "9"))
	}
	steps = append(steps, chromedp.SendKeys(chromedp.CSS("#note_D2"), "议事会每月召开"),
		chromedp.Click(chromedp.CSS("#save-self")), chromedp.WaitVisible(chromedp.CSS(`.notice[data-done="saved"]`)))
	do("self-assess", steps...)
	if got := text(".notice"); !strings.Contains(got, "自评已保存") {
		t.Errorf("after saving: %q", got)
	}
	do("submit without evidence",
		chromedp.Click(chromedp.CSS(`#submit-form button`)), chromedp.WaitVisible(chromedp.CSS("#app-error")))
	if got := text("#app-error"); !strings.Contains(got, "D2") {
		t.Errorf("missing list: %q", got)
	}
	pdf := filepath.Join(t.TempDir(), "议事会记录.pdf")
	if err := os.WriteFile(pdf, pdfBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	do("upload the evidence",
		chromedp.SetValue(chromedp.CSS("#upload-indicator"), "D2"),
		chromedp.SetUploadFiles(chromedp.CSS("#upload-file"), []string{pdf}),
		chromedp.Click(chromedp.CSS(`#upload-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#files-D2 li a")))
	shot("application_draft.png")
	do("submit", chromedp.Click(chromedp.CSS(`#submit-form button`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice[data-done="submit"]`)))
	if got := text("#app-status"); got != "待市级审核" {
		t.Errorf("status after submit: %q", got)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	appURL := strings.SplitN(loc, "?", 2)[0]
	signOut()

	signIn("xah", "/applications?inbox=true")
	if got := text("#applications tbody"); !strings.Contains(got, "米家崖小区") {
		t.Errorf("inbox: %q", got)
	}
	steps = []chromedp.Action[chromedp.Void]{chromedp.Navigate(appURL), chromedp.WaitVisible(chromedp.CSS("#act-score summary")),
		chromedp.Click(chromedp.CSS("#act-score summary")), chromedp.SendKeys(chromedp.CSS("#assessor"), "张专家")}
	for _, c := range allCodes {
		steps = append(steps, chromedp.SetValue(chromedp.CSS("#score_"+c), "8"))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(`#score-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#sheets")))
	do("score", steps...)
	if got := text("#app-scores"); !strings.Contains(got, "48.00") {
		t.Errorf("scores: %q", got)
	}
	do("accept",
		chromedp.Click(chromedp.CSS("#act-accept summary")),
		chromedp.Click(chromedp.CSS(`#accept-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice[data-done="accept"]`)))
	if got := text("#app-status"); got != "公示中" {
		t.Errorf("status after accept: %q", got)
	}
	shot("application_accepted.png")

	// A rejected application and its rectification.
	id := w.ready(t, w.tok["lanbo"], w.comm["lanbo"], "city", w.cityStd, allCodes[1:]...)
	w.mustAct(t, w.tok["lanbo"], id, map[string]any{"action": "submit"})
	w.mustAct(t, w.tok["xah"], id, map[string]any{"action": "score", "scores": scores(9, true, allCodes[1:]...)})
	do("reject",
		chromedp.Navigate(w.ts.URL+appWebPath(id)),
		chromedp.WaitVisible(chromedp.CSS("#veto-failed")),
		chromedp.Click(chromedp.CSS("#act-reject summary")),
		chromedp.SendKeys(chromedp.CSS("#note-reject"), "治安一票否决"),
		chromedp.Click(chromedp.CSS(`#reject-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice[data-done="reject"]`)))
	do("open a rectification",
		chromedp.Click(chromedp.CSS("#act-rectify summary")),
		chromedp.SetValue(chromedp.CSS("#rectify-indicator"), "D4"),
		chromedp.SendKeys(chromedp.CSS("#rectify-title"), "整改小区治安隐患"),
		chromedp.SetValue(chromedp.CSS("#rectify-org"), fmt.Sprint(w.org["xian-public_security"])),
		chromedp.Click(chromedp.CSS(`#rectify-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice[data-done="rectify"]`)))
	if got := text("#app-tasks"); !strings.Contains(got, "整改小区治安隐患") || !strings.Contains(got, "D4") {
		t.Errorf("tasks: %q", got)
	}
	shot("application_rectify.png")
}

// postEvidence uploads a PDF named name as evidence for indicator D3 to the
// application's attachment route u, as its upload form does, and returns
// the status.
func postEvidence(t *testing.T, c *http.Client, u, csrf, name string) int {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("_csrf", csrf)
	_ = mw.WriteField("indicator", "D3")
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(pdfBytes)
	_ = mw.Close()
	res, err := c.Post(u, mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
