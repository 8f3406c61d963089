package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestWebLoginPageLanguage(t *testing.T) {
	env := newWebEnv(t, false)
	tests := []struct {
		name     string
		path     string
		header   []string
		lang     string
		heading  string
		siteName string
	}{
		{"chinese by default", "/login", nil, "zh-CN", "登录", "协同 · 保障房小区督办平台"},
		{"english by query", "/login?lang=en", nil, "en", "Sign in", "Xietong · Supervision platform"},
		{"english by Accept-Language", "/login", []string{"Accept-Language", "en-GB,en;q=0.9"}, "en", "Sign in", "Xietong · Supervision platform"},
		{"chinese by Accept-Language", "/login", []string{"Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5"}, "zh-CN", "登录", "协同 · 保障房小区督办平台"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, doc := env.client().get(tt.path, tt.header...)
			wantWebStatus(t, res, http.StatusOK)
			if got, _ := doc.Find("html").Attr("lang"); got != tt.lang {
				t.Errorf("html lang: got %q, want %q", got, tt.lang)
			}
			if got := strings.TrimSpace(doc.Find("main h1").Text()); got != tt.heading {
				t.Errorf("heading: got %q, want %q", got, tt.heading)
			}
			if got := strings.TrimSpace(doc.Find("a.brand").Text()); got != tt.siteName {
				t.Errorf("site name: got %q, want %q", got, tt.siteName)
			}
			if doc.Find(`form[action="/login"] input[name="_csrf"]`).Length() != 1 {
				t.Error("the login form has no _csrf field")
			}
		})
	}
}

func TestWebLanguageIsRemembered(t *testing.T) {
	env := newWebEnv(t, false)
	b := env.client()
	b.get("/login?lang=en")
	_, doc := b.get("/login")
	if got, _ := doc.Find("html").Attr("lang"); got != "en" {
		t.Fatalf("after ?lang=en, html lang: got %q, want en", got)
	}
	b.get("/login?lang=zh-CN")
	_, doc = b.get("/login")
	if got, _ := doc.Find("html").Attr("lang"); got != "zh-CN" {
		t.Fatalf("after ?lang=zh-CN, html lang: got %q, want zh-CN", got)
	}
}

func TestWebLoginFailures(t *testing.T) {
	env := newWebEnv(t, false)
	tests := []struct {
		name, username, password, lang, want string
	}{
		{"wrong password", "admin", "wrong-password", "", "用户名或密码错误。"},
		{"unknown user reads the same", "nobody", "wrong-password", "", "用户名或密码错误。"},
		{"english", "admin", "wrong-password", "en", "Wrong username or password."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := env.client()
			if tt.lang != "" {
				b.get("/login?lang=" + tt.lang)
			}
			res, doc := b.login(tt.username, tt.password, "")
			wantWebStatus(t, res, http.StatusUnauthorized)
			if got := strings.TrimSpace(doc.Find(".alert").Text()); got != tt.want {
				t.Errorf("error: got %q, want %q", got, tt.want)
			}
			if got, _ := doc.Find("#username").Attr("value"); got != tt.username {
				t.Errorf("username field: got %q, want it kept as %q", got, tt.username)
			}
			if doc.Find("#password[value]").Length() != 0 {
				t.Error("the password was echoed back")
			}
			for _, c := range res.Cookies() {
				if c.Name == sessionCookie {
					t.Errorf("a failed login set the session cookie")
				}
			}
		})
	}
}

func TestWebLoginLockout(t *testing.T) {
	env := newWebEnv(t, false)
	b := env.client()
	var res *http.Response
	var doc *goquery.Document
	for range 5 {
		res, doc = b.login("admin", "wrong-password", "")
	}
	wantWebStatus(t, res, http.StatusTooManyRequests)
	if got := doc.Find(".alert").Text(); !strings.Contains(got, "登录失败次数过多") || !strings.Contains(got, "15 分钟") {
		t.Errorf("lockout message: got %q", got)
	}
	// The right password does not help while locked.
	res, _ = b.login("admin", webAdminPassword, "")
	wantWebStatus(t, res, http.StatusTooManyRequests)
}

func TestWebCSRF(t *testing.T) {
	env := newWebEnv(t, false)
	tests := []struct {
		name string
		form url.Values
	}{
		{"no token", url.Values{"username": {"admin"}, "password": {webAdminPassword}}},
		{"wrong token", url.Values{"_csrf": {"forged"}, "username": {"admin"}, "password": {webAdminPassword}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := env.client()
			b.get("/login") // the CSRF cookie is set
			res, doc := b.post("/login", tt.form)
			wantWebStatus(t, res, http.StatusForbidden)
			if !strings.Contains(doc.Find("main").Text(), "表单已过期") {
				t.Errorf("403 page: got %q", doc.Find("main").Text())
			}
		})
	}
	t.Run("logout needs the token too", func(t *testing.T) {
		b := env.client()
		b.mustLogin()
		res, _ := b.post("/logout", url.Values{})
		wantWebStatus(t, res, http.StatusForbidden)
		res, _ = b.get("/")
		wantWebStatus(t, res, http.StatusOK)
	})
	t.Run("the API has no CSRF token", func(t *testing.T) {
		res, err := http.Post(env.URL+"/api/v1/auth/login", "application/json",
			strings.NewReader(`{"username":"admin","password":"`+webAdminPassword+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		wantWebStatus(t, res, http.StatusOK)
	})
}

func TestWebSessionCookie(t *testing.T) {
	for _, secure := range []bool{false, true} {
		t.Run("secure="+strconv.FormatBool(secure), func(t *testing.T) {
			// Under https the cookies take the __Host- prefix: the browser
			// then keeps them Secure, host-only and on Path=/, so that a
			// neighbouring subdomain cannot plant a session or a CSRF token.
			prefix := ""
			if secure {
				prefix = "__Host-"
			}
			env := newWebEnv(t, secure)
			b := env.client()
			res, _ := b.get("/login?lang=en")
			csrf, lang := cookieOf(res, prefix+csrfCookie), cookieOf(res, prefix+langCookie)
			if csrf == nil || !csrf.HttpOnly || csrf.SameSite != http.SameSiteStrictMode || csrf.Secure != secure ||
				csrf.Path != "/" || csrf.Domain != "" {
				t.Fatalf("%s cookie: got %+v, want HttpOnly, SameSite=Strict, Secure=%v, Path=/", prefix+csrfCookie, csrf, secure)
			}
			if lang == nil || lang.Secure != secure || lang.Path != "/" || lang.Domain != "" {
				t.Fatalf("%s cookie: got %+v", prefix+langCookie, lang)
			}
			form := url.Values{"_csrf": {csrf.Value}, "username": {"admin"}, "password": {webAdminPassword}}
			req, _ := http.NewRequest(http.MethodPost, env.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(csrf) // a jar keeps Secure cookies from plain http
			res, _ = b.do(req)
			wantWebStatus(t, res, http.StatusSeeOther)
			sess := cookieOf(res, prefix+sessionCookie)
			if sess == nil || sess.Value == "" || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode ||
				sess.Path != "/" || sess.Domain != "" || sess.Secure != secure || sess.Expires.IsZero() {
				t.Fatalf("session cookie: got %+v", sess)
			}
			// Signing in rotates the CSRF token: one set before, perhaps by
			// someone else, is worthless afterwards.
			var rotated []*http.Cookie
			for _, c := range res.Cookies() {
				if c.Name == prefix+csrfCookie {
					rotated = append(rotated, c)
				}
			}
			if len(rotated) != 1 || rotated[0].Value == "" || rotated[0].Value == csrf.Value || rotated[0].Secure != secure {
				t.Fatalf("CSRF cookie after sign-in: got %+v, want one new token", rotated)
			}
			req, _ = http.NewRequest(http.MethodGet, env.URL+"/", nil)
			req.AddCookie(sess)
			req.AddCookie(rotated[0])
			res, doc := b.do(req)
			wantWebStatus(t, res, http.StatusOK)
			if got := webCSRFOf(t, doc); got != rotated[0].Value {
				t.Errorf("the page after sign-in has token %q, want the new %q", got, rotated[0].Value)
			}
			form = url.Values{"_csrf": {csrf.Value}}
			req, _ = http.NewRequest(http.MethodPost, env.URL+"/logout", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(sess)
			req.AddCookie(rotated[0])
			res, _ = b.do(req)
			wantWebStatus(t, res, http.StatusForbidden)
			if !secure {
				return
			}
			// Without the prefix a cookie is not a session under https.
			req, _ = http.NewRequest(http.MethodGet, env.URL+"/", nil)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: sess.Value})
			res, _ = env.client().do(req) // a fresh jar: this one holds the prefixed cookie
			wantWebStatus(t, res, http.StatusSeeOther)
		})
	}
}

// cookieOf returns the last cookie named name that res sets, or nil.
func cookieOf(res *http.Response, name string) *http.Cookie {
	var found *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == name {
			found = c
		}
	}
	return found
}

func TestWebRedirectsToLogin(t *testing.T) {
	env := newWebEnv(t, false)
	tests := []struct{ path, want string }{
		{"/", "/login"},
		{"/organizations", "/login?next=%2Forganizations"},
		{"/organizations?type=housing", "/login?next=%2Forganizations%3Ftype%3Dhousing"},
		{"/communities", "/login?next=%2Fcommunities"},
		{"/calendar", "/login?next=%2Fcalendar"},
		{"/tasks?overdue=1", "/login?next=%2Ftasks%3Foverdue%3D1"},
		{"/tasks/1", "/login?next=%2Ftasks%2F1"},
		{"/hotspots", "/login?next=%2Fhotspots"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, _ := env.client().get(tt.path)
			wantWebStatus(t, res, http.StatusSeeOther)
			if got := res.Header.Get("Location"); got != tt.want {
				t.Errorf("Location: got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWebLoginNext(t *testing.T) {
	env := newWebEnv(t, false)
	tests := []struct{ next, want string }{
		{"/communities?pilot=1", "/communities?pilot=1"},
		{"//evil.example", "/"},
		{"https://evil.example/x", "/"},
		{`/\evil.example`, "/"},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			res, _ := env.client().login("admin", webAdminPassword, tt.next)
			wantWebStatus(t, res, http.StatusSeeOther)
			if got := res.Header.Get("Location"); got != tt.want {
				t.Errorf("Location: got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("a signed-in user is sent on", func(t *testing.T) {
		b := env.client()
		b.mustLogin()
		res, _ := b.get("/login?next=//evil.example")
		if got := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || got != "/" {
			t.Errorf("got %d to %q, want 303 to /", res.StatusCode, got)
		}
	})
}

func TestWebDashboard(t *testing.T) {
	env := newWebEnv(t, false)
	b := env.client()
	b.mustLogin()
	res, doc := b.get("/")
	wantWebStatus(t, res, http.StatusOK)
	if got := doc.Find("main h1").Text(); got != "欢迎，管理员" {
		t.Errorf("welcome: got %q", got)
	}
	// An admin with no work yet: the bureau's lists, each empty and saying so.
	for _, id := range []string{"dash-approve", "dash-triage", "dash-by-org"} {
		if got := webText(doc.Find("#" + id + " .empty")); got == "" {
			t.Errorf("%s: no empty note", id)
		}
	}
	if got := strings.TrimSpace(doc.Find("header .user").Text()); got != "管理员" {
		t.Errorf("header user: got %q, want 管理员 (the display name)", got)
	}
	if got := doc.Find("header a.user").AttrOr("href", ""); got != "/account" {
		t.Errorf("header user link: got %q, want /account", got)
	}
	if doc.Find(`form.logout input[name="_csrf"]`).Length() != 1 {
		t.Error("no logout form with a CSRF token")
	}
	if doc.Find(`nav.main a[aria-current="page"]`).AttrOr("href", "") != "/" {
		t.Error("the home link is not marked current")
	}
}

func TestWebOrganizations(t *testing.T) {
	env := newWebEnv(t, false)
	b := env.client()
	b.mustLogin()

	var names []string
	pages := 0
	for path := "/organizations"; path != ""; pages++ {
		res, doc := b.get(path)
		wantWebStatus(t, res, http.StatusOK)
		doc.Find("#organizations tbody td .name").Each(func(_ int, s *goquery.Selection) {
			names = append(names, s.Text())
		})
		path = doc.Find(".pager a.next").AttrOr("href", "")
		if path != "" && !strings.Contains(doc.Find(".pager a.next").Text(), "下一页") {
			t.Errorf("next link: got %q, want 下一页", doc.Find(".pager a.next").Text())
		}
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
	}
	if len(names) < 312 || pages < 2 {
		t.Errorf("got %d organisations on %d pages, want at least 312 on several pages", len(names), pages)
	}
	if !containsString(names, "西安市公安局") {
		t.Error("西安市公安局 is not listed")
	}

	_, doc := b.get("/organizations")
	if n := doc.Find(`select[name="type"] option`).Length(); n != 27 {
		t.Errorf("type options: got %d, want 26 types and \"all\"", n)
	}
	if doc.Find(`select[name="type"] option[value="public_security"]`).Text() != "公安" {
		t.Error("the type options are not in Chinese")
	}

	res, doc := b.get("/organizations?type=public_security&region=xian")
	wantWebStatus(t, res, http.StatusOK)
	rows := doc.Find("#organizations tbody tr")
	if rows.Length() != 1 || rows.Find(".name").Text() != "西安市公安局" {
		t.Errorf("filtered: got %d rows (%q), want 西安市公安局 alone", rows.Length(), rows.Find(".name").Text())
	}
	if !doc.Find(`select[name="type"] option[value="public_security"]`).Is("[selected]") {
		t.Error("the chosen type is not selected")
	}

	_, doc = b.get("/organizations?q=" + url.QueryEscape("公安局"))
	if got := doc.Find("#organizations tbody tr").Length(); got < 4 {
		t.Errorf("search 公安局: got %d rows, want one per pilot city", got)
	}

	res, doc = b.get("/organizations?type=nonsense")
	wantWebStatus(t, res, http.StatusBadRequest)
	if doc.Find(".error .status").Text() != "400" {
		t.Error("a bad filter does not show the error page")
	}
}

func TestWebOrganizationsInEnglish(t *testing.T) {
	env := newWebEnv(t, false)
	b := env.client()
	b.mustLogin()
	_, doc := b.get("/organizations?lang=en&type=public_security&region=xian")
	if got := doc.Find("main h1").Text(); got != "Organisations" {
		t.Errorf("heading: got %q", got)
	}
	row := doc.Find("#organizations tbody tr").First()
	if got := row.Find(".name").Text(); got != "Xi'an Municipal Public Security Bureau" {
		t.Errorf("name: got %q", got)
	}
	if got := row.Find(".alt").Text(); got != "西安市公安局" {
		t.Errorf("Chinese name under it: got %q", got)
	}
	if got := row.Find("td").Eq(1).Text(); got != "Public security" {
		t.Errorf("type: got %q", got)
	}
}

func TestWebCommunities(t *testing.T) {
	env := newWebEnv(t, false)
	b := env.client()
	b.mustLogin()
	res, doc := b.get("/communities")
	wantWebStatus(t, res, http.StatusOK)
	rows := doc.Find("#communities tbody tr")
	for _, want := range []string{"米家崖小区", "兰博公寓", "金合尙居", "民安花园", "竹儿湾小区"} {
		row := rows.FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Find(".name").Text() == want })
		if row.Length() != 1 {
			t.Errorf("%s: got %d rows, want 1", want, row.Length())
			continue
		}
		if row.Find(".badge.pilot").Text() != "省级试点" {
			t.Errorf("%s has no pilot badge", want)
		}
	}
	minan := rows.FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Find(".name").Text() == "民安花园" })
	cells := minan.Find("td").Map(func(_ int, s *goquery.Selection) string { return strings.TrimSpace(s.Text()) })
	if len(cells) < 5 || cells[1] != "汉中市" || cells[2] != "勉县" || cells[3] != "组团" {
		t.Errorf("民安花园: got %q, want 汉中市, 勉县, 组团", cells)
	}

	_, doc = b.get("/communities?lang=en")
	if got := doc.Find("#communities thead th").First().Text(); got != "Community" {
		t.Errorf("English header: got %q", got)
	}
	if !strings.Contains(doc.Find("#communities").Text(), "Neighbourhood") {
		t.Error("the scale is not in English")
	}
}

func TestWebCalendar(t *testing.T) {
	env := newWebEnv(t, false)
	b := env.client()
	b.mustLogin()
	res, doc := b.get("/calendar")
	wantWebStatus(t, res, http.StatusOK)
	y := doc.Find("#y2025")
	if y.Length() != 1 {
		t.Fatal("2025 is not shown")
	}
	spring := y.Find("tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Find(".name").Text() == "春节"
	})
	text := spring.Text()
	for _, want := range []string{"1月28日 至 2月4日", "共 8 天", "1月26日（周日）", "2月8日（周六）"} {
		if !strings.Contains(text, want) {
			t.Errorf("2025 春节 row lacks %q: %q", want, strings.Join(strings.Fields(text), " "))
		}
	}

	_, doc = b.get("/calendar?lang=en")
	first := strings.Join(strings.Fields(doc.Find("#y2025 tbody tr").First().Text()), " ")
	if first != "New Year's Day 1 Jan 1 day —" {
		t.Errorf("English 2025 first row: got %q", first)
	}
}

func TestWebLogout(t *testing.T) {
	env := newWebEnv(t, false)
	b := env.client()
	b.mustLogin()
	u, _ := url.Parse(env.URL)
	var token string
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == sessionCookie {
			token = c.Value
		}
	}
	_, doc := b.get("/")
	res, _ := b.post("/logout", url.Values{"_csrf": {webCSRFOf(t, doc)}})
	wantWebStatus(t, res, http.StatusSeeOther)
	if got := res.Header.Get("Location"); got != "/login" {
		t.Errorf("Location: got %q, want /login", got)
	}
	res, _ = b.get("/")
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("after logout GET /: got %d, want 303 to /login", res.StatusCode)
	}
	// The token itself is revoked, not only the cookie forgotten.
	req, _ := http.NewRequest(http.MethodGet, env.URL+"/organizations", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	res, _ = env.client().do(req)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("the old session still works: %d", res.StatusCode)
	}
}

func TestWebErrorPages(t *testing.T) {
	env := newWebEnv(t, false)
	b := env.client()
	res, doc := b.get("/no-such-page", "X-Request-ID", "req-404-test")
	wantWebStatus(t, res, http.StatusNotFound)
	if got := doc.Find(".error h1").Text(); got != "页面不存在" {
		t.Errorf("404 title: got %q", got)
	}
	if got := doc.Find(".error code").Text(); got != "req-404-test" {
		t.Errorf("request ID: got %q", got)
	}
	_, doc = b.get("/no-such-page?lang=en")
	if got := doc.Find(".error h1").Text(); got != "Page not found" {
		t.Errorf("English 404 title: got %q", got)
	}
	res, _ = b.get("/api/v1/no-such-thing")
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("API 404 Content-Type: got %q, want JSON", ct)
	}
}

func TestWebUnavailable(t *testing.T) {
	env := newWebEnv(t, false)
	env.down.Store(true)
	res, doc := env.client().get("/login")
	wantWebStatus(t, res, http.StatusServiceUnavailable)
	if got := doc.Find(".error h1").Text(); got != "服务暂时不可用" {
		t.Errorf("503 title: got %q", got)
	}
	if res.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
}

func TestWebStatic(t *testing.T) {
	env := newWebEnv(t, false)
	res, err := http.Get(env.URL + "/static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	wantWebStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type: got %q", ct)
	}
	for _, p := range []string{"/static/nope.css", "/static/", "/static/../web.go"} {
		res, err := http.Get(env.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: got %d, want 404", p, res.StatusCode)
		}
	}
}

func containsString(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}
