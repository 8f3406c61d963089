package mail

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"

	"xietong/notifications/i18n"
)

// Languages Render writes; the first is the default.
const (
	LangZH = i18n.LangZH
	LangEN = i18n.LangEN
)

// Langs returns the languages Render writes, the default first.
func Langs() []string { return i18n.Langs() }

// NormalizeLang maps a user's language to one Render writes: English for
// "en" and its regional forms, Chinese for everything else (the default).
func NormalizeLang(lang string) string { return i18n.Normalize(lang) }

// catalogPrefix starts the catalogue keys of mail texts; a catalog holds
// them without it ("mail.greeting" is "greeting").
const catalogPrefix = "mail."

// catalog is one language's messages: dotted key → text/template over a
// view, so a message can use the payload ({{.TaskTitle}}) and choose words
// ({{if eq .Action "reopen"}}). Its output is plain text; the HTML
// templates escape it like any other value.
type catalog map[string]message

// message is one entry of a catalog. Most are fixed words with no action
// in them: those are kept as text and never executed (a mail looks up
// dozens; executing each was a fifth of rendering).
type message struct {
	t     *template.Template // nil for fixed text
	fixed string
}

// loadCatalogs compiles the mail texts (the mail.* keys) of c for every
// language.
func loadCatalogs(c *i18n.Catalogue) (map[string]catalog, error) {
	out := map[string]catalog{}
	for _, lang := range Langs() {
		keys := c.Keys(lang, catalogPrefix)
		if len(keys) == 0 {
			return nil, fmt.Errorf("mail: the catalogue has no %s texts", lang)
		}
		cat := catalog{}
		for _, key := range keys {
			v, _ := c.Text(lang, key)
			k := strings.TrimPrefix(key, catalogPrefix)
			t, err := template.New(k).Option("missingkey=error").Parse(v)
			if err != nil {
				return nil, fmt.Errorf("mail: %s %s: %w", lang, key, err)
			}
			if strings.Contains(v, "{{") {
				cat[k] = message{t: t}
			} else {
				cat[k] = message{fixed: v}
			}
		}
		out[lang] = cat
	}
	return out, nil
}

// text renders message key with data.
func (c catalog) text(key string, data any) (string, error) {
	m, ok := c[key]
	if !ok {
		return "", fmt.Errorf("mail: no message %q", key)
	}
	if m.t == nil {
		return m.fixed, nil
	}
	var b bytes.Buffer
	if err := m.t.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}
