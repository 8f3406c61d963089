package server

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/PuerkitoBio/goquery"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications/i18n"
)

// webAdminPassword is the test admin's password.
const webAdminPassword = "correct-horse-battery"

// webNow is the services' fixed clock. It lies in the future, unlike
// storetest.Now, because the session cookie expires with its token and
// clients (the cookie jar, Chromium) judge expiry by the wall clock.
var webNow = time.Date(2099, 3, 2, 9, 0, 0, 0, storetest.Shanghai)

// webEnv is the real server on a fresh database, behind
// httptest.NewServer, with an admin account and the task services.
type webEnv struct {
	t        *testing.T
	URL      string
	db       *storetest.DB
	down     atomic.Bool // Deps.Ready fails while set
	users    *domain.UserService
	tasks    *domain.TaskService
	hotspots *domain.HotspotService
	// clock is the task services' clock, which tests move forward; the
	// sessions keep webNow, so that advancing days does not sign anyone out.
	clock *webClock
}

// webClock is a clock a test can move.
type webClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *webClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// advance moves the clock on by days calendar days.
func (c *webClock) advance(days int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.AddDate(0, 0, days)
}

// newWebEnv starts the server on SQLite; secure sets Deps.SecureCookies.
func newWebEnv(t *testing.T, secure bool) *webEnv {
	t.Helper()
	return newWebEnvOn(t, storetest.SQLite(t), secure)
}

// newWebEnvOn starts the server on db; each of more may add to its Deps
// (which already hold the calendar and task services).
func newWebEnvOn(t *testing.T, db *storetest.DB, secure bool, more ...func(*Deps, *webEnv)) *webEnv {
	t.Helper()
	now := func() time.Time { return webNow }
	db.SetClock(now)
	users := &domain.UserService{Store: db.Store, Hasher: storetest.FastHasher, Now: now,
		Policy: domain.DefaultLoginPolicy(), SessionTTL: 12 * time.Hour, APITokenTTL: 24 * time.Hour,
		MinPasswordLength: 8}
	_, err := users.CreateUser(context.Background(), domain.SystemActor(), domain.CreateUser{
		Username: "admin", DisplayName: "管理员", Email: "admin@example.cn", Role: domain.RoleAdmin,
		Password: webAdminPassword})
	if err != nil {
		t.Fatalf("create admin: %v", err)
	}
	clock := &webClock{now: webNow}
	cal := &domain.CalendarService{Store: db.Store, Now: clock.Now}
	tasks := &domain.TaskService{Store: db.Store, Now: clock.Now, Calendar: cal, Location: storetest.Shanghai}
	cal.AfterChange = tasks.RecomputeDeadlines
	e := &webEnv{t: t, db: db, users: users, tasks: tasks, clock: clock,
		hotspots: &domain.HotspotService{Store: db.Store, Now: clock.Now, Tasks: tasks}}
	deps := Deps{
		Catalogue: mustCatalogue(t),
		Users:     users,
		Catalog:   &domain.CatalogService{Store: db.Store, Now: now},
		Calendar:  cal,
		Audit:     &domain.AuditService{Store: db.Store},
		Tasks:     tasks,
		Hotspots:  e.hotspots,
		Standards: &domain.StandardService{Store: db.Store, Now: now},
		// Evidence files on the task and hot-spot pages.
		Attachments: &domain.AttachmentService{Store: db.Store, Now: clock.Now},
		// The pilots' five-ones checklists, whose items are tasks.
		Pilots: &domain.PilotService{Store: db.Store, Tasks: tasks, Now: clock.Now, Location: storetest.Shanghai},
		// Typical cases and exchange activities, with the public case pages.
		Cases: &domain.CaseService{Store: db.Store, Now: clock.Now, Location: storetest.Shanghai},
		Ready: func(context.Context) error {
			if e.down.Load() {
				return errors.New("database away (test)")
			}
			return nil
		},
		Location:      storetest.Shanghai,
		SecureCookies: secure,
	}
	for _, f := range more {
		f(&deps, e)
	}
	s, err := New(deps)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	e.URL = ts.URL
	return e
}

// webClient is an HTTP client with a cookie jar that does not follow
// redirects, so that tests see them.
type webClient struct {
	env *webEnv
	c   *http.Client
}

func (e *webEnv) client() *webClient {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &webClient{env: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// do sends a request and returns the response with its body parsed as HTML.
func (b *webClient) do(req *http.Request) (*http.Response, *goquery.Document) {
	b.env.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.env.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		b.env.t.Fatalf("%s %s: parse HTML: %v", req.Method, req.URL, err)
	}
	return res, doc
}

func (b *webClient) get(path string, header ...string) (*http.Response, *goquery.Document) {
	b.env.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.env.URL+path, nil)
	if err != nil {
		b.env.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

func (b *webClient) post(path string, form url.Values) (*http.Response, *goquery.Document) {
	b.env.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.env.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.env.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// csrf returns the _csrf field of the first form on doc.
func webCSRFOf(t *testing.T, doc *goquery.Document) string {
	t.Helper()
	v, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value")
	if !ok || v == "" {
		t.Fatal("no _csrf field on the page")
	}
	return v
}

// login signs in through the form and returns the response to the POST.
func (b *webClient) login(username, password, next string) (*http.Response, *goquery.Document) {
	b.env.t.Helper()
	path := "/login"
	if next != "" {
		path += "?next=" + url.QueryEscape(next)
	}
	_, doc := b.get(path)
	nextField, _ := doc.Find(`input[name="next"]`).Attr("value")
	return b.post("/login", url.Values{"_csrf": {webCSRFOf(b.env.t, doc)}, "username": {username},
		"password": {password}, "next": {nextField}})
}

func (b *webClient) mustLogin() {
	b.env.t.Helper()
	res, _ := b.login("admin", webAdminPassword, "")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		b.env.t.Fatalf("login: got %d to %q, want 303 to /", res.StatusCode, res.Header.Get("Location"))
	}
}

func wantWebStatus(t *testing.T, res *http.Response, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: got status %d, want %d", res.Request.Method, res.Request.URL.Path, res.StatusCode, want)
	}
}

// TestWebTemplateKeysExist checks that every key a template names, and
// every key the Go code builds, is in the catalog.
func TestWebTemplateKeysExist(t *testing.T) {
	cs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keyRE := regexp.MustCompile(`"(web\.[a-z0-9_.-]+)"`)
	var keys []string
	files, _ := fs.Glob(templateFiles, "templates/*.html")
	for _, f := range files {
		b, _ := fs.ReadFile(templateFiles, f)
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
	}
	for _, n := range navItems {
		keys = append(keys, n.Key)
	}
	for _, s := range domain.Scales() {
		keys = append(keys, "web.scale."+s)
	}
	for _, l := range []string{"province", "city", "county"} {
		keys = append(keys, "web.level."+l)
	}
	for st := range errorTitles {
		keys = append(keys, "web.error.title."+strconv.Itoa(st))
	}
	for _, l := range languages {
		keys = append(keys, "web.lang."+l)
	}
	for d := range 7 {
		keys = append(keys, "web.weekday."+strconv.Itoa(d))
	}
	keys = append(keys, webTaskKeys()...)
	keys = append(keys, "web.title.login", "web.title.dashboard", "web.title.orgs", "web.title.communities",
		"web.title.calendar", "web.title.error", "web.error.title.other", "web.error.csrf",
		"web.login.failed", "web.login.locked", "web.calendar.date_layout", "web.calendar.range",
		"web.calendar.sep", "web.calendar.workday", "web.calendar.day", "web.calendar.days")
	for _, lang := range languages {
		for _, k := range keys {
			if _, ok := cs.Text(lang, k); !ok {
				t.Errorf("%s catalog lacks %q", lang, k)
			}
		}
	}
}

// TestWebViewsRenderWithZeroData renders every page template with the zero
// value of its data, signed in and out, in both languages (STYLE §4).
func TestWebViewsRenderWithZeroData(t *testing.T) {
	cs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{
		"login":          loginData{},
		"dashboard":      dashboardData{},
		"organizations":  orgPageData{},
		"communities":    communityPageData{},
		"community_form": communityFormData{},
		"calendar":       calendarPageData{},
		"error":          errorData{},
		"tasks":          taskListData{},
		"task_new":       taskFormData{},
		"task":           taskPageData{},
		"hotspots":       hotspotListData{},
		"hotspot_new":    hotspotFormData{},
		"hotspot":        hotspotPageData{},
		"mail":           mailListData{},
		"mail_message":   mailPageData{},
		"reports":        reportPageData{},
		"reset":          resetData{},

		// the campaign hub and its standards
		"campaign":           campaignData{},
		"standards":          standardListData{},
		"standard_new":       standardNewData{},
		"standard":           standardPageData{},
		"standard_indicator": indicatorFormData{},
		"progress":           progressPageData{},
		"applications":       appListData{},
		"application":        appPageData{},
		"report_policy":      reportPolicyPageData{},
		"pilots":             pilotsData{},
		"pilot_item":         pilotItemData{},

		// accounts and administration
		"account":          accountData{},
		"admin_users":      userListData{},
		"admin_user":       userFormData{},
		"admin_orgs":       orgAdminListData{},
		"admin_org":        orgFormData{},
		"admin_org_import": orgImportData{},
		"admin_calendar":   calendarEditData{},
		"admin_ladder":     ladderEditData{Preview: &ladderPreview{Open: true, Steps: []ladderPreviewStep{{StepKey: "mail.step.urge", ReasonKey: "web.admin.ladder.reason.stale"}}}},
		"admin_schedules":  schedulesData{Jobs: []scheduleRow{{NameKey: "web.admin.schedules.job.supervision_sweep", StateKey: "web.admin.schedules.state.failed", Attempts: 2}}},
		"admin_audit":      auditPageData{Items: []auditRow{{ChannelKey: "web.channel.web"}}},

		// public notices, objections and titles
		"public_notices":   publicNoticesData{},
		"public_notice":    publicNoticeData{},
		"public_titles":    publicTitlesData{},
		"campaign_notices": staffNoticesData{},
		"campaign_notice":  staffNoticeData{},
		"campaign_titles":  titlesData{},
		"campaign_title":   titlePageData{},

		// typical cases and exchange activities
		"cases":         casesData{},
		"case_form":     caseFormData{},
		"case":          casePageData{},
		"public_cases":  publicCasesData{},
		"public_case":   publicCaseRow{},
		"exchanges":     exchangesData{},
		"exchange_form": exchangeFormData{},
		"exchange":      exchangePageData{},
	}
	if got, want := slices.Sorted(maps.Keys(webViews)), slices.Sorted(maps.Keys(data)); !slices.Equal(got, want) {
		t.Fatalf("views: got %v, want %v (add the new page to this test)", got, want)
	}
	for name, d := range data {
		for _, lang := range languages {
			for _, user := range []string{"", "admin"} {
				p := page{Localizer: cs.Localizer(lang), Title: "web.title.error", User: user, Data: d}
				var buf bytes.Buffer
				if err := mustView(t, name).ExecuteTemplate(&buf, "layout", p); err != nil {
					t.Errorf("%s (%s, user %q): %v", name, lang, user, err)
					continue
				}
				out := buf.String()
				if strings.Contains(out, "%!") || regexp.MustCompile(`>\s*web\.`).MatchString(out) {
					t.Errorf("%s (%s): a catalog key or format error shows:\n%s", name, lang, out)
				}
			}
		}
	}
}

func TestParseViewsFailsOnABrokenTemplate(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
	}{
		{"syntax error", fstest.MapFS{
			"templates/_layout.html": {Data: []byte(`{{define "layout"}}{{template "content" .}}{{end}}`)},
			"templates/x.html":       {Data: []byte(`{{define "content"}}{{if}}{{end}}`)},
		}},
		{"no content", fstest.MapFS{
			"templates/_layout.html": {Data: []byte(`{{define "layout"}}{{end}}`)},
			"templates/x.html":       {Data: []byte(`hello`)},
		}},
		{"no pages", fstest.MapFS{
			"templates/_layout.html": {Data: []byte(`{{define "layout"}}{{end}}`)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseViews(tt.files); err == nil {
				t.Error("got no error, want one")
			}
		})
	}
	if webViewsErr != nil {
		t.Fatalf("embedded templates: %v", webViewsErr)
	}
}

func TestViewsParseOnFirstUse(t *testing.T) {
	vs, err := parseViews(fstest.MapFS{
		"templates/_layout.html": {Data: []byte(`{{define "layout"}}<p>{{template "content" .}}</p>{{end}}`)},
		"templates/x.html":       {Data: []byte(`{{define "content"}}{{.}}{{end}}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if vs["x"].t != nil {
		t.Fatal("x was kept parsed before its first use")
	}
	a, err := vs.lookup("x")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := vs.lookup("x"); a != b {
		t.Error("x was parsed twice")
	}
	var buf bytes.Buffer
	if err := a.ExecuteTemplate(&buf, "layout", "<b>"); err != nil || buf.String() != "<p>&lt;b&gt;</p>" {
		t.Errorf("x renders %q, %v", buf.String(), err)
	}
	if _, err := vs.lookup("y"); err == nil {
		t.Error("an unknown view was found")
	}
}

func TestLocalPath(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "/"},
		{"root", "/", "/"},
		{"page with query", "/organizations?type=housing", "/organizations?type=housing"},
		{"protocol-relative", "//evil.example", "/"},
		{"protocol-relative with path", "//evil.example/login", "/"},
		{"backslash", `/\evil.example`, "/"},
		{"absolute URL", "https://evil.example/", "/"},
		{"javascript", "javascript:alert(1)", "/"},
		{"relative", "organizations", "/"},
		{"newline", "/a\r\nSet-Cookie: x=1", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := localPath(tt.in); got != tt.want {
				t.Errorf("localPath(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// mustView is page view name's parsed template set.
func mustView(t testing.TB, name string) *template.Template {
	t.Helper()
	v, err := webViews.lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
