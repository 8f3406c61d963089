package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// The public case pages (/public/cases): the published typical cases, no
// sign-in, the same for every visitor of a language and cached for a few
// seconds like the public notices. They show only public fields (title,
// community, place, text, photos and video; no author, no draft), the text
// as escaped paragraphs, and the files through a URL that works only while
// the case is published.

// publicCasePath is a published case's public page.
func publicCasePath(id int64) string { return "/public/cases/" + strconv.FormatInt(id, 10) }

// publicCaseFile is the public URL of a case's photo or video.
func publicCaseFile(caseID, id int64) string {
	return publicCasePath(caseID) + "/files/" + strconv.FormatInt(id, 10)
}

// publicCaseRow is a case as the public sees it.
type publicCaseRow struct {
	ID         int64
	Title      string
	Community  string
	City       string
	County     string
	Published  string
	Paragraphs []string
	Excerpt    string
	Cover      string // the first picture's public URL, or ""
	Photos     []fileRow
	Videos     []fileRow
}

func (s *Server) publicCaseRowOf(loc *Localizer, v domain.CaseView) publicCaseRow {
	en := loc.Lang == "en"
	r := publicCaseRow{ID: v.ID, Title: v.Title, Community: v.Community, City: domain.RegionName(v.CityCode, en),
		Published: calendar.DateOf(v.FirstPublishedAt, s.deps.Location).String(), Paragraphs: paragraphs(v.Text)}
	if v.RegionCode != "" && v.RegionCode != v.CityCode {
		r.County = domain.RegionName(v.RegionCode, en)
	}
	if len(r.Paragraphs) > 0 {
		r.Excerpt = excerpt(r.Paragraphs[0], 120)
	}
	return r
}

// excerpt cuts s to n characters with an ellipsis.
func excerpt(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// publicCasesData is the public list's content.
type publicCasesData struct {
	Items []publicCaseRow
	Pager pager
}

// handlePublicCases lists the published cases, newest first. No sign-in.
func (s *Server) handlePublicCases(c echo.Context) error {
	key := s.publicKey(c)
	if body, ok := publicPages.get(key, s.deps.Cases.Now()); ok && c.QueryParam("lang") == "" {
		return s.sendPublicAs(c, body, publicRevalidate)
	}
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	l, err := s.deps.Cases.PublicCases(c.Request().Context(), pg)
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	d := publicCasesData{Pager: newPager(c, l.Next, len(l.Items))}
	for _, v := range l.Items {
		d.Items = append(d.Items, s.publicCaseRowOf(loc, v))
	}
	return s.renderPublicWith(c, "public_cases", s.publicPage(c, "web.title.public_cases", d), key, s.deps.Cases.Now(), publicRevalidate)
}

// handlePublicCase shows one published case; any other is 404.
func (s *Server) handlePublicCase(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	key := s.publicKey(c)
	if body, ok := publicPages.get(key, s.deps.Cases.Now()); ok && c.QueryParam("lang") == "" {
		return s.sendPublicAs(c, body, publicRevalidate)
	}
	v, files, err := s.deps.Cases.PublicCase(c.Request().Context(), id)
	if err != nil {
		return err
	}
	r := s.publicCaseRowOf(s.localizer(c), v)
	for _, att := range files {
		f := fileRow{ID: att.ID, Name: att.Filename, URL: publicCaseFile(id, att.ID), Size: humanSize(att.Size),
			Image: thumbnailTypes[att.ContentType], ContentType: att.ContentType}
		if isVideo(att.ContentType) {
			r.Videos = append(r.Videos, f)
		} else {
			r.Photos = append(r.Photos, f)
		}
	}
	return s.renderPublicWith(c, "public_case", s.publicPage(c, "web.title.public_case", r), key, s.deps.Cases.Now(), publicRevalidate)
}

func isVideo(ct string) bool { return strings.HasPrefix(ct, "video/") }

// handlePublicCaseFile sends a published case's photo or video, under the
// type sniffed at upload with nosniff and a sandbox; 404 for any other
// file and once the case is unpublished. Caches must ask again each time
// (no-cache, with the ETag), so an unpublished photo stops at once.
func (s *Server) handlePublicCaseFile(c echo.Context) error {
	caseID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	id, err := pathID(c, "file")
	if err != nil {
		return err
	}
	att, data, err := s.deps.Cases.PublicFile(c.Request().Context(), caseID, id)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	etag := `"` + att.SHA256 + `"`
	h.Set("ETag", etag)
	h.Set(echo.HeaderCacheControl, "no-cache")
	h.Set(echo.HeaderContentDisposition, strings.Replace(downloadDisposition(att.DownloadName()), "attachment", "inline", 1))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if ifNoneMatch(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	h.Set(echo.HeaderContentLength, strconv.FormatInt(att.Size, 10))
	return c.Stream(http.StatusOK, att.ContentType, data)
}
