package inbound

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Command kinds, the words of the reply commands (README, Mail) ("done" becomes submit).
const (
	CmdNone     = ""
	CmdAccept   = "accept"
	CmdProgress = "progress"
	CmdSubmit   = "submit"
	CmdExtend   = "extend"
)

// Command is what the first line of a reply asks for.
type Command struct {
	Kind string // CmdNone, CmdAccept, CmdProgress, CmdSubmit or CmdExtend
	// Note is the text to record with the command: for progress and
	// submit the text after the colon and the lines below it, for accept
	// and extend what follows the command, for CmdNone the whole reply.
	Note string
	// Date is the new deadline of an extend, "YYYY-MM-DD". It is "" when
	// the date is missing or not a real date; the caller explains.
	Date string
}

// keyword is one spelling of a command.
type keyword struct {
	word    string
	kind    string
	english bool
}

// keywords in the order they are tried; traditional forms for Big5 users.
var keywords = []keyword{
	{"签收", CmdAccept, false}, {"簽收", CmdAccept, false}, {"accept", CmdAccept, true},
	{"进展", CmdProgress, false}, {"進展", CmdProgress, false}, {"progress", CmdProgress, true},
	{"办结", CmdSubmit, false}, {"辦結", CmdSubmit, false}, {"done", CmdSubmit, true},
	{"延期", CmdExtend, false}, {"extend", CmdExtend, true},
}

// Date forms accepted after 延期/extend, on width-folded text.
var (
	dateNumRe  = regexp.MustCompile(`^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})`)
	dateHanRe  = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?`)
	dateCompRe = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})`)
)

// ParseCommand reads the command on the first non-empty line of a reply's
// Text. English keywords are case-insensitive; full-width colons, spaces and
// digits count as their ASCII forms. A line that is no command, or a
// keyword that runs on into a word ("进展顺利", "accepted"), makes the
// whole text a note.
func ParseCommand(text string) Command {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	first, rest, _ := strings.Cut(text, "\n")
	if r := strings.TrimLeft(rest, " \t\u3000"); strings.HasPrefix(r, "\n") {
		rest = "\n" + strings.TrimSpace(r) // keep the paragraph break below the command
	} else {
		rest = strings.TrimSpace(rest)
	}
	orig := []rune(strings.TrimSpace(first))
	norm := foldWidth(orig)
	for _, kw := range keywords {
		w := []rune(kw.word)
		if len(norm) < len(w) || string(norm[:len(w)]) != kw.word {
			continue
		}
		if len(norm) > len(w) && !boundary(norm[len(w)], kw) {
			continue
		}
		if c, ok := kw.parse(orig, norm, len(w), rest); ok {
			return c
		}
	}
	return Command{Note: text}
}

// boundary reports whether r may follow a keyword: not a letter, so that
// "进展顺利" and "accepted" stay notes; digits only where a date may follow.
func boundary(r rune, kw keyword) bool {
	if unicode.IsDigit(r) {
		return !kw.english || kw.kind == CmdExtend
	}
	if kw.kind == CmdExtend && (r == '至' || r == '到') {
		return true
	}
	return !unicode.IsLetter(r)
}

// parse reads what follows the keyword at rune index pos.
func (kw keyword) parse(orig, norm []rune, pos int, rest string) (Command, bool) {
	pos = skip(norm, pos, " ")
	switch kw.kind {
	case CmdAccept:
		pos = skip(norm, pos, " :,.;!、，。；！-")
		return Command{Kind: CmdAccept, Note: joinNote(string(orig[pos:]), rest)}, true
	case CmdProgress, CmdSubmit:
		seps := " :"
		if !kw.english {
			seps = " :,、，"
		} else if pos < len(norm) && norm[pos] != ':' {
			return Command{}, false // "Progress is slow", "Done with …": prose, not a command
		}
		pos = skip(norm, pos, seps)
		return Command{Kind: kw.kind, Note: joinNote(string(orig[pos:]), rest)}, true
	}
	// CmdExtend
	if kw.english && pos+3 <= len(norm) && string(norm[pos:pos+2]) == "to" && norm[pos+2] == ' ' {
		pos += 3
	}
	pos = skip(norm, pos, " 至到:")
	date, n := parseDate8601(string(norm[pos:]))
	if date == "" {
		pos = skip(norm, pos, " :,.;、，。；")
		return Command{Kind: CmdExtend, Note: joinNote(string(orig[pos:]), rest)}, true
	}
	pos = skip(norm, pos+n, " :,.;、，。；")
	return Command{Kind: CmdExtend, Date: date, Note: joinNote(string(orig[pos:]), rest)}, true
}

// parseDate8601 reads a date at the start of s and returns it as
// YYYY-MM-DD with the number of runes it took, or "" when s does not start
// with a real date (2025-02-30 is not one).
func parseDate8601(s string) (string, int) {
	for _, re := range []*regexp.Regexp{dateNumRe, dateHanRe, dateCompRe} {
		m := re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
			return "", 0
		}
		return fmt.Sprintf("%04d-%02d-%02d", y, mo, d), utf8.RuneCountInString(m[0])
	}
	return "", 0
}

// foldWidth maps full-width ASCII forms and the ideographic space to ASCII
// and lower-cases ASCII letters, rune for rune, so indexes stay valid in the
// original.
func foldWidth(rs []rune) []rune {
	out := make([]rune, len(rs))
	for i, r := range rs {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000 || r == 0x00A0:
			r = ' '
		}
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		out[i] = r
	}
	return out
}

// skip advances pos past runes in set.
func skip(norm []rune, pos int, set string) int {
	for pos < len(norm) && strings.ContainsRune(set, norm[pos]) {
		pos++
	}
	return pos
}

// joinNote joins the rest of the command line and the lines below it
// (rest starts with "\n" when a blank line separated them).
func joinNote(line, rest string) string {
	line = strings.TrimSpace(line)
	switch {
	case line == "":
		return strings.TrimSpace(rest)
	case rest == "":
		return line
	}
	return line + "\n" + rest
}
