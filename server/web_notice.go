package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The campaign's public pages (公示 and the register of named communities,
// no sign-in, the same for everyone) and the staff's notice pages.

// noticeRow is a notice as the lists show it.
type noticeRow struct {
	ID         int64
	Community  string
	City       string
	County     string
	Level      string
	Score      string
	From, To   string
	Open       bool   // objections are taken now
	Status     string // in words
	StatusCode string
	Objections int // staff lists: how many (open ones for the waiting list)
}

func (s *Server) noticeRowOf(loc *Localizer, n domain.NoticeView) noticeRow {
	en := loc.Lang == "en"
	r := noticeRow{ID: n.ID, Community: n.Community, City: domain.RegionName(n.CityCode, en),
		Level: loc.T("web.campaign.level." + string(n.Level)), Score: strconv.FormatFloat(n.Score, 'f', -1, 64),
		From: n.From.String(), To: n.To.String(), Open: s.deps.Notices.InPeriod(n.PublicNotice),
		StatusCode: string(n.Status)}
	if n.RegionCode != "" && n.RegionCode != n.CityCode {
		r.County = domain.RegionName(n.RegionCode, en)
	}
	switch {
	case r.Open:
		r.Status, r.StatusCode = loc.T("web.public.in_period"), "in_period"
	case n.Status == domain.NoticeOpen:
		r.Status, r.StatusCode = loc.T("web.public.ended"), "ended"
	default:
		r.Status = loc.T("web.campaign.notice_status." + string(n.Status))
	}
	return r
}

// publicPage builds the chrome of a public page: the same for every
// visitor of a language, signed in or not (no user, no navigation).
func (s *Server) publicPage(c echo.Context, title string, data any) page {
	p := s.newPage(c, title, data)
	p.User, p.Nav = "", nil
	return p
}

// publicNoticesData is the public list's content.
type publicNoticesData struct {
	Items []noticeRow
	Pager pager
}

// publicCacheTTL is how long a rendered public list is served as it is.
const publicCacheTTL = 5 * time.Second

// publicCache keeps rendered public pages for a few seconds: they are the
// same for every visitor of a language, and the busiest pages there are.
type publicCache struct {
	mu      sync.Mutex
	entries map[string]publicEntry
}

type publicEntry struct {
	body []byte
	at   time.Time
}

func (pc *publicCache) get(key string, now time.Time) ([]byte, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	e, ok := pc.entries[key]
	if !ok || now.Sub(e.at) >= publicCacheTTL || now.Before(e.at) {
		return nil, false
	}
	return e.body, true
}

func (pc *publicCache) put(key string, body []byte, now time.Time) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.entries == nil || len(pc.entries) > 1000 {
		pc.entries = map[string]publicEntry{}
	}
	pc.entries[key] = publicEntry{body: body, at: now}
}

// clear forgets every cached page: a change made through this process
// shows at once (a change made elsewhere, within publicCacheTTL).
func (pc *publicCache) clear() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.entries = nil
}

// publicPages caches the public lists of every server in the process.
var publicPages = &publicCache{}

// renderPublic renders a public page, served from the cache for a few
// seconds when cacheable: keyed by the path, query and language.
func (s *Server) renderPublic(c echo.Context, name string, p page, key string) error {
	return s.renderPublicWith(c, name, p, key, s.deps.Notices.Now(), publicMaxAge)
}

// The Cache-Control of the public pages: the notices may be kept by
// browsers and proxies as long as this server keeps them; a page that
// must go at once when withdrawn (an unpublished case) is asked for again
// each time, and the server's own cache, cleared by the change, answers.
const (
	publicMaxAge     = "public, max-age=5"
	publicRevalidate = "public, no-cache"
)

// renderPublicWith is renderPublic with the instant the cache entry is
// stamped with and the Cache-Control, for public pages of another service.
func (s *Server) renderPublicWith(c echo.Context, name string, p page, key string, now time.Time, cacheControl string) error {
	t, err := webViews.lookup(name)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	if key != "" {
		publicPages.put(key, buf.Bytes(), now)
	}
	return s.sendPublicAs(c, buf.Bytes(), cacheControl)
}

func (s *Server) sendPublic(c echo.Context, body []byte) error {
	return s.sendPublicAs(c, body, publicMaxAge)
}

func (s *Server) sendPublicAs(c echo.Context, body []byte, cacheControl string) error {
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, cacheControl)
	h.Add(echo.HeaderVary, "Cookie, Accept-Language")
	return c.HTMLBlob(http.StatusOK, body)
}

// publicKey is the cache key of a public page: the server, path, page
// cursor and language. Other query parameters (lang, which the localizer
// has read, or anything a visitor makes up) do not change the page, so
// they neither miss the cache nor fill it with copies.
func (s *Server) publicKey(c echo.Context) string {
	return fmt.Sprintf("%p|%s?cursor=%s|%s", s, c.Request().URL.Path, url.QueryEscape(c.QueryParam("cursor")),
		s.localizer(c).Lang)
}

// handlePublicNotices lists the notices whose period has begun: open ones
// and past ones, newest first. No sign-in.
func (s *Server) handlePublicNotices(c echo.Context) error {
	key := s.publicKey(c)
	if body, ok := publicPages.get(key, s.deps.Notices.Now()); ok && c.QueryParam("lang") == "" {
		return s.sendPublic(c, body)
	}
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	l, err := s.deps.Notices.PublicNotices(c.Request().Context(), pg)
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	d := publicNoticesData{Pager: newPager(c, l.Next, len(l.Items))}
	for _, n := range l.Items {
		d.Items = append(d.Items, s.noticeRowOf(loc, n))
	}
	return s.renderPublic(c, "public_notices", s.publicPage(c, "web.title.public_notices", d), key)
}

// publicNoticeData is a public notice's page: the notice, and the
// objection form while it is in its period.
type publicNoticeData struct {
	Notice   noticeRow
	MaxLen   int
	Error    string
	In       objectionInputJSON
	Received bool   // the objection was stored
	Echo     string // what was received, shown back as text
}

// handlePublicNotice shows one public notice with its objection form.
func (s *Server) handlePublicNotice(c echo.Context) error {
	return s.renderPublicNotice(c, http.StatusOK, publicNoticeData{})
}

func (s *Server) renderPublicNotice(c echo.Context, status int, d publicNoticeData) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	n, err := s.deps.Notices.PublicNotice(c.Request().Context(), id)
	if err != nil {
		return err
	}
	d.Notice, d.MaxLen = s.noticeRowOf(s.localizer(c), n), s.deps.Notices.ObjectionPolicy().MaxContent
	p := s.publicPage(c, "web.title.public_notice", d)
	return s.render(c, status, "public_notice", p)
}

// handlePublicObjectionForm lodges an objection from the form: the page
// again with the acknowledgement, or with the form's error.
func (s *Server) handlePublicObjectionForm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	in := objectionInputJSON{Content: c.FormValue("content"), Name: c.FormValue("name"),
		Contact: c.FormValue("contact")}
	o, err := s.deps.Notices.Lodge(c.Request().Context(), id,
		domain.ObjectionInput{Content: in.Content, Name: in.Name, Contact: in.Contact}, c.RealIP())
	if err == nil {
		return s.renderPublicNotice(c, http.StatusOK, publicNoticeData{Received: true, Echo: o.Content})
	}
	f, known := classify(err)
	if !known || f.status != http.StatusBadRequest && f.status != http.StatusConflict && f.status != http.StatusTooManyRequests {
		return err
	}
	if f.retryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(f.retryAfter))
	}
	return s.renderPublicNotice(c, f.status, publicNoticeData{In: in, Error: s.localizer(c).T(f.key, f.args...)})
}

// titleGroup is one city's titles on the public register.
type titleGroup struct {
	Code   string
	City   string
	Titles []titleItem
}

// titleItem is one title on the public register.
type titleItem struct {
	Community     string
	County        string
	Level         string
	LevelText     string
	CertificateNo string
	GrantedOn     string
	ExpiresOn     string
}

// groupTitles groups titles by city (in code order), each city's by
// community name.
func groupTitles(ts []domain.TitleView, en bool) []titleGroup {
	by := map[string]*titleGroup{}
	var codes []string
	for _, t := range ts {
		g, ok := by[t.CityCode]
		if !ok {
			g = &titleGroup{Code: t.CityCode, City: domain.RegionName(t.CityCode, en)}
			by[t.CityCode] = g
			codes = append(codes, t.CityCode)
		}
		it := titleItem{Community: t.Community, Level: string(t.Level), CertificateNo: t.CertificateNo,
			GrantedOn: t.GrantedOn.String(), ExpiresOn: t.ExpiresOn.String()}
		if t.RegionCode != "" && t.RegionCode != t.CityCode {
			it.County = domain.RegionName(t.RegionCode, en)
		}
		g.Titles = append(g.Titles, it)
	}
	slices.Sort(codes)
	out := make([]titleGroup, 0, len(codes))
	for _, code := range codes {
		g := by[code]
		slices.SortStableFunc(g.Titles, func(a, b titleItem) int {
			if a.Level != b.Level {
				return -strings.Compare(a.Level, b.Level) // province titles first
			}
			return strings.Compare(a.Community, b.Community)
		})
		out = append(out, *g)
	}
	return out
}

// publicTitlesData is the public register's content.
type publicTitlesData struct {
	Groups []titleGroup
	Count  int
}

// handlePublicTitles lists the valid titles by city. No sign-in.
func (s *Server) handlePublicTitles(c echo.Context) error {
	key := s.publicKey(c)
	if body, ok := publicPages.get(key, s.deps.Notices.Now()); ok && c.QueryParam("lang") == "" {
		return s.sendPublic(c, body)
	}
	ts, err := s.deps.Notices.PublicTitles(c.Request().Context(), maxPublicTitles)
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	d := publicTitlesData{Groups: groupTitles(ts, loc.Lang == "en"), Count: len(ts)}
	for gi := range d.Groups {
		for ti := range d.Groups[gi].Titles {
			it := &d.Groups[gi].Titles[ti]
			it.LevelText = loc.T("web.campaign.level." + it.Level)
		}
	}
	return s.renderPublic(c, "public_titles", s.publicPage(c, "web.title.public_titles", d), key)
}

// ---- staff --------------------------------------------------------------

// campaignNav reports whether a may have the campaign's staff pages: the
// province, leadership and the housing bureaus (departments whose
// organisation is not a bureau find the pages empty or refused).
func campaignNav(a domain.Actor) bool {
	return a.Role == domain.RoleAdmin || a.Role == domain.RoleLead || a.Role == domain.RoleLeadership ||
		a.Role == domain.RoleDepartment
}

// titlesNav reports whether a may have the titles pages: also communities,
// their own.
func titlesNav(a domain.Actor) bool { return campaignNav(a) || a.Role == domain.RoleCommunity }

// staffNoticesData is the staff's notice list.
type staffNoticesData struct {
	NoScope bool // the user's organisation has no part in the campaign
	Lists   []option
	Items   []noticeRow
	Pager   pager
}

// handleNoticePage lists notices for staff: in their period, waiting for
// objections, past.
func (s *Server) handleNoticePage(c echo.Context) error {
	which := domain.NoticeList(c.QueryParam("list"))
	sel := string(which)
	if which == "all" || which == "" {
		which, sel = domain.NoticesAll, "all"
	}
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	l, err := s.deps.Notices.Notices(ctx, a, which, pg)
	if errors.Is(err, domain.ErrForbidden) {
		// A department that is not a housing bureau: say so rather than refuse.
		return s.render(c, http.StatusOK, "campaign_notices", s.newPage(c, "web.title.campaign_notices",
			staffNoticesData{NoScope: true}))
	}
	if err != nil {
		return err
	}
	d := staffNoticesData{Pager: newPager(c, l.Next, len(l.Items)),
		Lists: codeOptions(loc, "web.campaign.list.", []domain.NoticeList{"all", domain.NoticesOpen,
			domain.NoticesWaiting, domain.NoticesPast}, sel)}
	for _, n := range l.Items {
		r := s.noticeRowOf(loc, n)
		obs, err := s.deps.Notices.Objections(ctx, a, domain.ObjectionFilter{NoticeID: n.ID}, domain.Page{Limit: domain.MaxPageSize})
		if err != nil {
			return err
		}
		r.Objections = len(obs.Items)
		d.Items = append(d.Items, r)
	}
	return s.render(c, http.StatusOK, "campaign_notices", s.newPage(c, "web.title.campaign_notices", d))
}

// objectionRow is an objection on the staff's notice page.
type objectionRow struct {
	ID         int64
	Content    string
	Name       string
	Contact    string
	Lodged     string
	Status     string
	StatusCode string
	Note       string
	Resolved   string
	CanResolve bool
	Error      string
}

// staffNoticeData is a notice's staff page.
type staffNoticeData struct {
	Notice     noticeRow
	Objections []objectionRow
	Flash      string
}

// handleNoticeDetail shows a notice with its objections and their resolve
// forms.
func (s *Server) handleNoticeDetail(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderNotice(c, http.StatusOK, id, 0, "")
}

func (s *Server) renderNotice(c echo.Context, status int, id, errFor int64, msg string) error {
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	n, obs, err := s.deps.Notices.Notice(ctx, a, id)
	if err != nil {
		return err
	}
	sc, err := s.deps.Notices.Scope(ctx, a)
	if err != nil {
		return err
	}
	d := staffNoticeData{Notice: s.noticeRowOf(loc, n), Flash: flashOf(loc, c.QueryParam("done"))}
	for _, o := range obs {
		r := objectionRow{ID: o.ID, Content: o.Content, Name: o.Name, Contact: o.Contact, Lodged: s.fmtTime(o.CreatedAt),
			Status: loc.T("web.campaign.objection." + string(o.Status)), StatusCode: string(o.Status), Note: o.Note,
			Resolved:   s.fmtTime(o.ResolvedAt),
			CanResolve: o.Status == domain.ObjectionOpen && domain.CanResolveObjection(sc, o.Level, o.CityCode)}
		if o.ID == errFor {
			r.Error = msg
		}
		d.Objections = append(d.Objections, r)
	}
	return s.render(c, status, "campaign_notice", s.newPage(c, "web.title.campaign_notice", d))
}

// handleObjectionResolveForm upholds or dismisses an objection from the
// notice page.
func (s *Server) handleObjectionResolveForm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actorOf(c)
	o, err := s.deps.Notices.Resolve(ctx, a, id, domain.ObjectionStatus(c.FormValue("outcome")), c.FormValue("note"))
	if err == nil {
		publicPages.clear()
		return c.Redirect(http.StatusSeeOther, "/campaign/notices/"+strconv.FormatInt(o.NoticeID, 10)+"?done=objection_"+string(o.Status))
	}
	status, msg, ok := s.formError(c, err)
	if !ok {
		return err
	}
	// The objection is in sight (the error was not a 404): show its notice.
	nid, err2 := s.objectionNotice(c, id)
	if err2 != nil {
		return err
	}
	return s.renderNotice(c, status, nid, id, msg)
}

// objectionNotice finds the notice of objection id among those a sees.
func (s *Server) objectionNotice(c echo.Context, id int64) (int64, error) {
	ctx, a := c.Request().Context(), actorOf(c)
	pg := domain.Page{Limit: domain.MaxPageSize}
	for {
		l, err := s.deps.Notices.Objections(ctx, a, domain.ObjectionFilter{}, pg)
		if err != nil {
			return 0, err
		}
		for _, o := range l.Items {
			if o.ID == id {
				return o.NoticeID, nil
			}
		}
		if l.Next == nil {
			return 0, domain.Fail(domain.ErrNotFound, "objection.not_found", id)
		}
		pg.After = *l.Next
	}
}
