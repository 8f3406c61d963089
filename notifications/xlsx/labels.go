package xlsx

import (
	"strings"
	"sync"

	"xietong/domain/catalog"
	"xietong/notifications/i18n"
)

// words holds every text the workbook writes, Chinese first, English
// second: labels are the catalogue's workbook.* texts, codes its
// workbook.code.* texts (the enumerations the sheets show). They are
// indexed by a book's en so that a cell's word is one map lookup, even in
// a sheet of 130,000 rows.
type words struct {
	labels map[string][2]string
	codes  map[string][2]string
}

// Catalogue key prefixes of the workbook's texts.
const (
	labelPrefix = "workbook."
	codePrefix  = "workbook.code."
)

// wordsOf picks the workbook's texts out of c.
func wordsOf(c *i18n.Catalogue) words {
	w := words{labels: map[string][2]string{}, codes: map[string][2]string{}}
	for i, lang := range []string{i18n.LangZH, i18n.LangEN} {
		for _, key := range c.Keys(lang, labelPrefix) {
			m, k := w.labels, strings.TrimPrefix(key, labelPrefix)
			if code, ok := strings.CutPrefix(key, codePrefix); ok {
				m, k = w.codes, code
			}
			l := m[k]
			l[i], _ = c.Text(lang, key)
			m[k] = l
		}
	}
	return w
}

// t returns the label for key in the workbook's language.
func (b *book) t(key string) string {
	l, ok := b.words.labels[key]
	if !ok {
		return key
	}
	return l[b.en]
}

// code returns the display word for an enumeration value.
func (b *book) code(c string) string {
	if l, ok := b.words.codes[c]; ok {
		return l[b.en]
	}
	return c
}

// regionName returns the name of a region code from the catalogue.
func (b *book) regionName(code string) string {
	if r, ok := regionsByCode()[code]; ok {
		return pick(b.en, r.Name, r.NameEn)
	}
	return code
}

// regionsByCode is the catalogue's regions by code, built once: a
// workbook names a region on each of its many rows.
var regionsByCode = sync.OnceValue(func() map[string]catalog.Region {
	m := map[string]catalog.Region{}
	for _, r := range catalog.Regions() {
		m[r.Code] = r
	}
	return m
})

// pick returns en when the workbook is English and en is not empty, else zh.
func pick(en int, zh, enText string) string {
	if en == 1 && enText != "" {
		return enText
	}
	return zh
}
