package server

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// Languages the catalogs cover. The first is the default.
const (
	langZH = "zh-CN"
	langEN = "en"
)

var languages = []string{langZH, langEN}

// langCookie names the cookie where the web UI may remember a chosen language.
const langCookie = "xietong_lang"

//go:embed i18n/*.json
var catalogFiles embed.FS

// catalogs maps a language to its messages (dotted key → text).
type catalogs map[string]map[string]string

// loadCatalogs reads every embedded i18n/*.json file. A file's language is
// the last dot-separated part of its name ("zh-CN.json" and "web.zh-CN.json"
// are both zh-CN), so the API and the web UI keep separate files that merge
// here. A key defined twice for one language is an error, so that two files
// cannot silently disagree.
func loadCatalogs(fsys fs.FS) (catalogs, error) {
	names, err := fs.Glob(fsys, "i18n/*.json")
	if err != nil {
		return nil, err
	}
	cs := catalogs{}
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".json")
		lang := base[strings.LastIndex(base, ".")+1:]
		if !slices.Contains(languages, lang) {
			return nil, fmt.Errorf("i18n: %s: unknown language %q", name, lang)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		if cs[lang] == nil {
			cs[lang] = map[string]string{}
		}
		for k, v := range m {
			if _, dup := cs[lang][k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q is defined in another %s file too", name, k, lang)
			}
			cs[lang][k] = v
		}
	}
	if len(cs[langZH]) == 0 {
		return nil, fmt.Errorf("i18n: no %s messages", langZH)
	}
	return cs, nil
}

// Localizer translates catalog keys into one language.
type Localizer struct {
	// Lang is the language tag: "zh-CN" or "en".
	Lang     string
	msgs     map[string]string
	fallback map[string]string
}

// localizer returns the Localizer for lang, zh-CN when lang is not supported.
func (cs catalogs) localizer(lang string) *Localizer {
	if !slices.Contains(languages, lang) {
		lang = langZH
	}
	return &Localizer{Lang: lang, msgs: cs[lang], fallback: cs[langZH]}
}

// T returns the message for key, formatted with args by the fmt verbs in the
// catalog text. A key missing from the language falls back to Chinese, then
// to the key itself, so a gap shows up as a readable key rather than an
// empty message.
func (l *Localizer) T(key string, args ...any) string {
	msg, ok := l.msgs[key]
	if !ok {
		if msg, ok = l.fallback[key]; !ok {
			return key
		}
	}
	if len(args) == 0 || !strings.Contains(msg, "%") {
		return msg
	}
	out := fmt.Sprintf(msg, args...)
	// A catalog text with fewer verbs than the error has arguments must not
	// show fmt's "%!(EXTRA …)" noise to a user.
	if i := strings.Index(out, "%!(EXTRA"); i >= 0 {
		out = strings.TrimSpace(out[:i])
	}
	return out
}

// localizer picks the language of a request: ?lang=, then the language
// cookie, then Accept-Language, then Chinese.
func (s *Server) localizer(c echo.Context) *Localizer {
	return s.catalogs.localizer(requestLang(c))
}

func requestLang(c echo.Context) string {
	if l := normalizeLang(c.QueryParam("lang")); l != "" {
		return l
	}
	if ck, err := c.Cookie(langCookie); err == nil {
		if l := normalizeLang(ck.Value); l != "" {
			return l
		}
	}
	return acceptLanguage(c.Request().Header.Get("Accept-Language"))
}

// normalizeLang maps a language tag to a supported language, or "".
func normalizeLang(tag string) string {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	switch primary {
	case "zh":
		return langZH
	case "en":
		return langEN
	}
	return ""
}

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
