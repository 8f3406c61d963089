package domain

import (
	"strings"
	"unicode/utf8"
)

// StrayControl reports whether r is a control character that stored text
// never needs: C0 controls other than TAB, LF and CR (NUL first among them),
// DEL and the C1 controls. NUL cuts SQL text and PostgreSQL refuses it in
// text columns; the others only hide in a page or a workbook.
func StrayControl(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r':
		return false
	case r < 0x20, r == 0x7f:
		return true
	default:
		return r >= 0x80 && r <= 0x9f
	}
}

// StorableText reports whether s may be stored as it is: valid UTF-8 with
// no stray control character.
func StorableText(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || StrayControl(r) {
			return false
		}
		i += n
	}
	return true
}

// CleanText returns s fit to store: stray control characters dropped and
// invalid UTF-8 replaced by U+FFFD. It is for text no person typed here,
// such as a received mail's headers and body, where refusing is no answer.
func CleanText(s string) string {
	if StorableText(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else if !StrayControl(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
