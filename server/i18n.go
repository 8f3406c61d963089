package server

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/notifications/i18n"
)

// Languages the catalogue covers. The first is the default.
const (
	langZH = i18n.LangZH
	langEN = i18n.LangEN
)

var languages = i18n.Langs()

// langCookie names the cookie where the web UI may remember a chosen language.
const langCookie = "xietong_lang"

// Localizer translates catalogue keys into one language; pages embed it
// so that templates write {{.T "web.key"}}.
type Localizer = i18n.Localizer

// localizer picks the language of a request: ?lang=, then the language
// cookie, then Accept-Language, then Chinese.
func (s *Server) localizer(c echo.Context) *Localizer {
	return s.catalogs.Localizer(requestLang(c))
}

func requestLang(c echo.Context) string {
	if l := normalizeLang(c.QueryParam("lang")); l != "" {
		return l
	}
	for _, name := range []string{hostPrefix + langCookie, langCookie} {
		if ck, err := c.Cookie(name); err == nil {
			if l := normalizeLang(ck.Value); l != "" {
				return l
			}
		}
	}
	return acceptLanguage(c.Request().Header.Get("Accept-Language"))
}

// normalizeLang maps a language tag to a supported language, or "".
func normalizeLang(tag string) string { return i18n.Match(tag) }

// acceptLanguage returns the supported language the header prefers most
// (highest q; the earlier one on a tie), or zh-CN.
func acceptLanguage(header string) string {
	best, bestQ := langZH, 0.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(part, ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				continue
			}
			q = f
		}
		if l := normalizeLang(tag); l != "" && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}
