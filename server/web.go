package server

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The web UI's templates and static files are embedded, so that the binary
// is the whole deployment; the machines it runs on have no internet, so
// nothing comes from a CDN.
var (
	//go:embed templates/*.html
	templateFiles embed.FS
	//go:embed static
	staticFiles embed.FS
)

// views holds one template set per page, each made of the shared partials
// (files whose names start with "_") and the page's own file, keyed by page
// name. Every page is parsed at start-up to prove it parses, but what is
// kept is parsed again on the page's first render: a set is a copy of every
// partial's parse tree (html/template escapes each set on its own), about
// 8 MB for all the pages, which a replica that serves only the API never
// needs (BENCHMARKS.md, issue 15, third round). A view is safe for
// concurrent use.
type views map[string]*view

// view is one page's template set, parsed when first asked for.
type view struct {
	fsys     fs.FS
	partials []string
	file     string
	once     sync.Once
	t        *template.Template
	err      error
}

// template returns the page's parsed set.
func (v *view) template() (*template.Template, error) {
	v.once.Do(func() { v.t, v.err = parseView(v.fsys, v.partials, v.file) })
	return v.t, v.err
}

// webViews are the embedded templates. A template that does not parse is a
// programmer error: webViewsErr makes New panic, so the server never starts
// with a broken page.
var webViews, webViewsErr = parseViews(templateFiles)

// parseViews finds templates/*.html of fsys and checks that each page
// parses with the partials; it returns views keyed by page name ("login"
// for templates/login.html) that parse again when first used.
func parseViews(fsys fs.FS) (views, error) {
	names, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var partials, pages []string
	for _, n := range names {
		if strings.HasPrefix(path.Base(n), "_") {
			partials = append(partials, n)
		} else {
			pages = append(pages, n)
		}
	}
	if len(partials) == 0 || len(pages) == 0 {
		return nil, fmt.Errorf("web templates: no partials or no pages in %v", names)
	}
	vs := views{}
	for _, p := range pages {
		if _, err := parseView(fsys, partials, p); err != nil {
			return nil, err
		}
		vs[strings.TrimSuffix(path.Base(p), ".html")] = &view{fsys: fsys, partials: partials, file: p}
	}
	return vs, nil
}

// parseView parses one page's set: the partials, then the page, which must
// define "content".
func parseView(fsys fs.FS, partials []string, file string) (*template.Template, error) {
	t, err := template.New("").Funcs(templateFuncs).ParseFS(fsys, append(slices.Clip(partials), file)...)
	if err != nil {
		return nil, fmt.Errorf("web templates: %w", err)
	}
	if t.Lookup("content") == nil {
		return nil, fmt.Errorf("web templates: %s defines no \"content\"", file)
	}
	return t, nil
}

// lookup is the parsed set of page view name.
func (vs views) lookup(name string) (*template.Template, error) {
	v, ok := vs[name]
	if !ok {
		return nil, fmt.Errorf("web: no view %q", name)
	}
	return v.template()
}

// partial is what a shared partial gets when it needs more than the page:
// the localizer, for its words, and the values it shows.
type partial struct {
	*Localizer
	V, W any
}

// templateFuncs are the few functions templates may call. "part" builds a
// partial's argument: {{template "record" (part $ .Events)}}.
var templateFuncs = template.FuncMap{
	"part": func(p page, vs ...any) partial {
		a := partial{Localizer: p.Localizer}
		if len(vs) > 0 {
			a.V = vs[0]
		}
		if len(vs) > 1 {
			a.W = vs[1]
		}
		return a
	},
}

// page is what every template gets: the request's localizer (so templates
// write {{.T "web.key"}} and {{.Lang}}), the chrome around the content, and
// the page's own Data.
type page struct {
	*Localizer
	Title     string // catalog key of the page title
	User      string // the signed-in username; "" on the login and error pages when signed out
	UserName  string // the signed-in user's display name, which links to their account page
	CSRF      string // the token for the forms' _csrf field
	RequestID string
	Nav       []navItem
	Langs     []langLink
	Data      any
}

// navItem is one link of the main navigation.
type navItem struct {
	Href    string
	Key     string
	Current bool
	// show, when set, says whether the signed-in user has this page at
	// all: a community user has no task list, a department no hot-spots.
	show func(domain.Actor) bool
	// bureau shows the link to a city's housing bureau too, whatever show
	// says: the role alone does not tell a bureau from another department.
	bureau bool
	// campaign limits the link to those who take part in the campaign
	// (Server.inCampaign), which for a department needs its organisation.
	campaign bool
	// served, when set, says whether the server has the page at all (its
	// dependency was given).
	served func(Deps) bool
}

// langLink switches the UI to another language, staying on the same page.
type langLink struct {
	Code    string
	Label   string
	Href    string
	Current bool
}

var navItems = []navItem{
	{Href: "/", Key: "web.nav.home"},
	{Href: "/tasks", Key: "web.nav.tasks", show: func(a domain.Actor) bool {
		sc := domain.ScopeOf(a)
		return sc.All || sc.OrgID != 0
	}},
	{Href: "/hotspots", Key: "web.nav.hotspots", show: func(a domain.Actor) bool {
		_, ok := domain.HotspotScopeOf(a)
		return ok
	}},
	{Href: "/organizations", Key: "web.nav.orgs"},
	{Href: "/campaign", Key: "web.nav.campaign", campaign: true},
	{Href: "/communities", Key: "web.nav.communities"},
	{Href: "/calendar", Key: "web.nav.calendar"},
	{Href: "/applications", Key: "web.nav.applications", campaign: true},
	{Href: "/reports", Key: "web.nav.reports", show: canSeeReports},
	{Href: "/campaign/progress", Key: "web.nav.progress", show: canSeeProgressNav, bureau: true},
	{Href: "/admin/mail", Key: "web.nav.mail", show: canSeeMail},
	{Href: usersPath, Key: "web.nav.users", show: canManageUsers},
	{Href: orgAdminPath, Key: "web.nav.org_admin", show: canSeeOrgAdmin},
	{Href: "/campaign/notices", Key: "web.nav.campaign_notices", show: campaignNav},
	{Href: "/campaign/titles", Key: "web.nav.campaign_titles", show: titlesNav},
	{Href: calendarAdminPath, Key: "web.admin.nav.calendar", show: can(domain.PermEditCalendar)},
	{Href: ladderAdminPath, Key: "web.admin.nav.ladder", show: can(domain.PermManagePolicies),
		served: func(d Deps) bool { return d.Supervision != nil }},
	{Href: schedulesAdminPath, Key: "web.admin.nav.schedules", show: can(domain.PermManageOutbox),
		served: func(d Deps) bool { return d.Schedules != nil }},
	{Href: auditAdminPath, Key: "web.admin.nav.audit", show: can(domain.PermReadAudit)},
}

// can shows a link to the holders of permission p.
func can(p domain.Permission) func(domain.Actor) bool {
	return func(a domain.Actor) bool { return domain.Allowed(a, p) }
}

// newPage builds the chrome of a page for request c.
func (s *Server) newPage(c echo.Context, title string, data any) page {
	loc := s.localizer(c)
	p := page{Localizer: loc, Title: title, User: actorOf(c).Username, UserName: actorOf(c).Name,
		RequestID: requestIDOf(c), Data: data}
	p.CSRF, _ = c.Get(csrfContextKey).(string)
	if ck, err := c.Cookie(s.cookieName(csrfCookie)); p.CSRF == "" && err == nil {
		// A page outside the CSRF middleware (an error page) still gets
		// the token for its logout form: the form field mirrors the cookie.
		p.CSRF = ck.Value
	}
	cur, a := c.Request().URL.Path, actorOf(c)
	for _, n := range navItems {
		shown := n.show == nil || n.show(a) || n.bureau && s.campaignScope(c).City != ""
		if !shown || n.campaign && !s.inCampaign(c) || n.served != nil && !n.served(s.deps) ||
			(n.Href == "/campaign/notices" || n.Href == "/campaign/titles") && s.deps.Notices == nil {
			continue
		}
		n.Current = n.Href == cur || n.Href != "/" && strings.HasPrefix(cur, n.Href+"/")
		p.Nav = append(p.Nav, n)
	}
	for _, l := range languages {
		q := c.Request().URL.Query()
		q.Set("lang", l)
		p.Langs = append(p.Langs, langLink{Code: l, Label: loc.T("web.lang." + l),
			Href: cur + "?" + q.Encode(), Current: l == loc.Lang})
	}
	return p
}

// render executes page view name into a buffer first, so that a template
// error becomes a clean 500 instead of half a page.
func (s *Server) render(c echo.Context, status int, name string, p page) error {
	t, err := webViews.lookup(name)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Add(echo.HeaderVary, "Cookie, Accept-Language")
	return c.HTMLBlob(status, buf.Bytes())
}

// errorData is the error page's content.
type errorData struct {
	Status   int
	TitleKey string
	Message  string
}

// errorTitles are the statuses with a title of their own in the catalog.
var errorTitles = map[int]bool{400: true, 401: true, 403: true, 404: true, 405: true, 409: true,
	413: true, 429: true, 500: true, 503: true}

// renderErrorPage answers an error outside /api/ with a friendly, localized
// page that shows the request ID, so that a user can quote it to support.
// msg is already localized by the error handler.
func (s *Server) renderErrorPage(c echo.Context, status int, msg string) error {
	key := "web.error.title.other"
	if errorTitles[status] {
		key = "web.error.title." + strconv.Itoa(status)
	}
	p := s.newPage(c, "web.title.error", errorData{Status: status, TitleKey: key, Message: msg})
	if c.Request().Method == http.MethodHead {
		return c.NoContent(status)
	}
	if err := s.render(c, status, "error", p); err != nil {
		// The error page itself failed: fall back to plain text, which cannot.
		return c.String(status, strconv.Itoa(status)+" "+msg)
	}
	return nil
}

// handleStatic serves the embedded CSS. Files change only with a new
// binary, so browsers may cache them for a day.
func (s *Server) handleStatic() echo.HandlerFunc {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return func(c echo.Context) error {
		name := c.Param("*")
		if st, err := fs.Stat(sub, name); err != nil || st.IsDir() {
			return echo.ErrNotFound
		}
		c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=86400")
		http.ServeFileFS(c.Response(), c.Request(), sub, name)
		return nil
	}
}

// localPath returns next when it is a path on this site, and "/" otherwise,
// so that ?next= cannot send a user elsewhere after signing in (an open
// redirect): "//evil.example", "/\evil.example" and "https://…" are refused.
func localPath(next string) string {
	if next == "" || next[0] != '/' || len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	return next
}
