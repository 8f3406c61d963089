package i18n

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// Languages the catalogue covers. LangZH is the default.
const (
	LangZH = "zh-CN"
	LangEN = "en"
)

// Langs returns the languages the catalogue covers, the default first.
func Langs() []string { return []string{LangZH, LangEN} }

//go:embed zh-CN.json en.json
var files embed.FS

// Catalogue holds the texts of every language: key → text. It is read
// only after Load, so it may be shared.
type Catalogue struct {
	texts map[string]map[string]string
}

// Load parses the embedded catalogue files.
func Load() (*Catalogue, error) { return LoadFS(files) }

// LoadFS parses LANG.json in fsys for every language of Langs. A file that
// does not parse, a value that is not a string or a key given twice is an
// error, so that two entries cannot silently disagree.
func LoadFS(fsys fs.FS) (*Catalogue, error) {
	c := &Catalogue{texts: map[string]map[string]string{}}
	for _, lang := range Langs() {
		b, err := fs.ReadFile(fsys, lang+".json")
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		m, err := parse(b)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s.json: %w", lang, err)
		}
		c.texts[lang] = m
	}
	if len(c.texts[LangZH]) == 0 {
		return nil, fmt.Errorf("i18n: no %s texts", LangZH)
	}
	return c, nil
}

// parse reads one flat JSON object of strings, refusing duplicate keys
// (encoding/json would keep the last one).
func parse(b []byte) (map[string]string, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	m := map[string]string{}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, err
		}
		k, _ := t.(string)
		var v string
		if err := d.Decode(&v); err != nil {
			return nil, fmt.Errorf("key %q: %w", k, err)
		}
		if _, dup := m[k]; dup {
			return nil, fmt.Errorf("key %q is given twice", k)
		}
		m[k] = v
	}
	if _, err := d.Token(); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("text after the object")
	}
	return m, nil
}

// Text returns the raw text of key in lang, unformatted, and whether lang
// has it. It does not fall back to another language.
func (c *Catalogue) Text(lang, key string) (string, bool) {
	s, ok := c.texts[lang][key]
	return s, ok
}

// Keys returns the keys of lang that start with prefix, in no order.
func (c *Catalogue) Keys(lang, prefix string) []string {
	var out []string
	for k := range c.texts[lang] {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	return out
}

// Normalize maps a user's stored language to one the catalogue covers:
// English for "en" and its regional forms ("en-GB", "en_US"), Chinese for
// everything else, "" included. Mail and the workbook use it: a message
// always goes out in some language.
func Normalize(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return LangEN
	}
	return LangZH
}

// Match maps a language tag of a request (a ?lang= value, a cookie, an
// Accept-Language entry) to a language the catalogue covers by its primary
// subtag, or returns "" when it names none, so that the caller can try
// the next source.
func Match(tag string) string {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	switch primary {
	case "zh":
		return LangZH
	case "en":
		return LangEN
	}
	return ""
}
