package i18n

import (
	"fmt"
	"slices"
	"strings"
)

// Localizer translates catalogue keys into one language.
type Localizer struct {
	// Lang is the language tag: "zh-CN" or "en".
	Lang     string
	msgs     map[string]string
	fallback map[string]string
}

// Localizer returns the Localizer for lang, zh-CN when lang is not one of
// Langs.
func (c *Catalogue) Localizer(lang string) *Localizer {
	if !slices.Contains(Langs(), lang) {
		lang = LangZH
	}
	return &Localizer{Lang: lang, msgs: c.texts[lang], fallback: c.texts[LangZH]}
}

// T returns the text of key, formatted with args by the fmt verbs in it.
// A key missing from the language falls back to Chinese, then to the key
// itself, so a gap shows up as a readable key rather than an empty text.
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
	// A text with fewer verbs than the caller has arguments (a domain
	// error may carry more than one language says) must not show fmt's
	// "%!(EXTRA …)" noise to a user.
	if i := strings.Index(out, "%!(EXTRA"); i >= 0 {
		out = strings.TrimSpace(out[:i])
	}
	return out
}
