package mail

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"text/template"
)

// Languages Render writes; the first is the default.
const (
	LangZH = "zh-CN"
	LangEN = "en"
)

// Langs returns the languages Render writes, the default first.
func Langs() []string { return []string{LangZH, LangEN} }

// NormalizeLang maps a user's language to one Render writes: English for
// "en" and its regional forms, Chinese for everything else (the default).
func NormalizeLang(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return LangEN
	}
	return LangZH
}

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

// loadCatalogs reads templates/LANG.json for every language.
func loadCatalogs(fsys fs.FS) (map[string]catalog, error) {
	out := map[string]catalog{}
	for _, lang := range Langs() {
		name := path.Join("templates", lang+".json")
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var raw map[string]string
		if err := json.Unmarshal(b, &raw); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		c := catalog{}
		for k, v := range raw {
			t, err := template.New(k).Option("missingkey=error").Parse(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if strings.Contains(v, "{{") {
				c[k] = message{t: t}
			} else {
				c[k] = message{fixed: v}
			}
		}
		out[lang] = c
	}
	return out, nil
}

// keys returns c's keys, sorted.
func (c catalog) keys() []string {
	out := make([]string, 0, len(c))
	for k := range c {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
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
