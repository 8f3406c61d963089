package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/catalog"
)

// option is one choice of a filter's select box.
type option struct {
	Value    string
	Label    string
	Selected bool
}

// pager links a list page to the first page and the next one.
type pager struct {
	First string // "" on the first page
	Next  string // "" on the last page
	Shown int    // rows on this page
}

// orgRow is one organisation as the table shows it: the name in the page's
// language first, the other language under it.
type orgRow struct {
	Name, NameAlt, Type, Region, LevelKey, Code string
}

// orgPageData is the organisations page's content.
type orgPageData struct {
	Types, Regions []option
	Q              string
	Filtered       bool
	Items          []orgRow
	Pager          pager
}

// handleOrgPage lists the organisations, filtered by type, region and a
// search text, a page at a time.
func (s *Server) handleOrgPage(c echo.Context) error {
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	f := domain.OrgFilter{Type: c.QueryParam("type"), Region: c.QueryParam("region"),
		Q: strings.TrimSpace(c.QueryParam("q"))}
	list, err := s.deps.Catalog.Organizations(c.Request().Context(), actorOf(c), f, pg)
	if err != nil {
		return err
	}
	lang := s.localizer(c).Lang
	d := orgPageData{Types: typeOptions(lang, f.Type), Regions: regionOptions(lang, f.Region), Q: f.Q,
		Filtered: !f.IsZero(), Pager: newPager(c, list.Next, len(list.Items))}
	for _, o := range list.Items {
		d.Items = append(d.Items, orgRowOf(lang, o))
	}
	return s.render(c, http.StatusOK, "organizations", s.newPage(c, "web.title.orgs", d))
}

// newPager builds the page links from the request's query, so that the
// filters carry over to the next page.
func newPager(c echo.Context, next *domain.Cursor, shown int) pager {
	q := c.Request().URL.Query()
	q.Del("lang") // the language is remembered in its cookie already
	p := pager{Shown: shown}
	base := c.Request().URL.Path + "?"
	if q.Get("cursor") != "" {
		q.Del("cursor")
		p.First = strings.TrimSuffix(base+q.Encode(), "?")
	}
	if next != nil {
		q.Set("cursor", next.String())
		p.Next = base + q.Encode()
	}
	return p
}

// inLang picks the Chinese or the English form of a name; an empty English
// name falls back to the Chinese one.
func inLang(lang, zh, en string) string {
	if lang == langEN && en != "" {
		return en
	}
	return zh
}

// typeOptions lists the 26 organisation types for the type filter.
func typeOptions(lang, selected string) []option {
	var out []option
	for _, t := range catalog.OrgTypes() {
		out = append(out, option{Value: t.Code, Label: inLang(lang, t.Name, t.NameEn), Selected: t.Code == selected})
	}
	return out
}

// regionOptions lists the province and its city-level regions.
func regionOptions(lang, selected string) []option {
	var out []option
	for _, r := range catalog.Regions() {
		out = append(out, option{Value: r.Code, Label: inLang(lang, r.Name, r.NameEn), Selected: r.Code == selected})
	}
	return out
}

// labelOf returns the label of code among opts, or code itself for a value
// the catalogue does not know (an admin's own region code, say).
func labelOf(opts []option, code string) string {
	for _, o := range opts {
		if o.Value == code {
			return o.Label
		}
	}
	return code
}

// orgRowOf shows an organisation in lang. An English page gives the
// official Chinese name beside the English one; a Chinese page shows no
// English.
func orgRowOf(lang string, o domain.Organization) orgRow {
	r := orgRow{Name: o.Name, Code: o.Code, LevelKey: "web.level." + o.Level,
		Type: labelOf(typeOptions(lang, ""), o.Type), Region: labelOf(regionOptions(lang, ""), o.Region)}
	if lang == langEN && o.NameEn != "" {
		r.Name, r.NameAlt = o.NameEn, o.Name
	}
	return r
}
