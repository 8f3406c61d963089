package inbound

import (
	"bytes"
	"encoding/base64"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"
	"time"
)

// readHeader splits raw into its header and body. It uses net/mail and falls
// back to a line-by-line reading that skips what it cannot parse, because
// real mail has broken headers (a space before the colon, 8-bit bytes, a
// missing blank line) and a reply with one broken header is still a reply.
//
// The body returned is a slice of raw, never a copy: a message may be tens
// of megabytes.
func readHeader(raw []byte) (mail.Header, []byte) {
	raw = skipMboxLine(raw)
	head, body := splitHeader(raw)
	if msg, err := mail.ReadMessage(bytes.NewReader(head)); err == nil {
		return canonicalKeys(msg.Header), body
	}
	return readHeaderLenient(raw)
}

// splitHeader cuts raw after the first empty line, where textproto ends a
// header; without one, all of raw is the header.
func splitHeader(raw []byte) (head, body []byte) {
	if bytes.HasPrefix(raw, []byte("\r\n")) {
		return raw[:2], raw[2:]
	}
	if bytes.HasPrefix(raw, []byte("\n")) {
		return raw[:1], raw[1:]
	}
	for i := 0; ; {
		j := bytes.IndexByte(raw[i:], '\n')
		if j < 0 {
			return raw, nil
		}
		i += j + 1
		switch {
		case bytes.HasPrefix(raw[i:], []byte("\r\n")):
			return raw[:i+2], raw[i+2:]
		case bytes.HasPrefix(raw[i:], []byte("\n")):
			return raw[:i+1], raw[i+1:]
		}
	}
}

// canonicalKeys merges keys textproto kept with a space before the colon
// ("From : x") into their canonical form.
func canonicalKeys(h mail.Header) mail.Header {
	for k, v := range h {
		if ck := textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k)); ck != k {
			delete(h, k)
			h[ck] = append(h[ck], v...)
		}
	}
	return h
}

// skipMboxLine drops the "From sender date" envelope line that an MTA's
// pipe delivery may put before the header.
func skipMboxLine(raw []byte) []byte {
	if !bytes.HasPrefix(raw, []byte("From ")) || bytes.HasPrefix(bytes.TrimLeft(raw[5:], " \t"), []byte(":")) {
		return raw // not an envelope line but a "From :" header
	}
	if i := bytes.IndexByte(raw, '\n'); i >= 0 {
		return raw[i+1:]
	}
	return raw
}

// readHeaderLenient reads "Key: value" lines with continuations up to the
// first empty line, skipping lines that are not header fields.
func readHeaderLenient(raw []byte) (mail.Header, []byte) {
	h := mail.Header{}
	var key string
	rest := raw
	for len(rest) > 0 {
		line := rest
		next := []byte(nil)
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, next = rest[:i], rest[i+1:]
		}
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 {
			return h, next
		}
		rest = next
		if line[0] == ' ' || line[0] == '\t' {
			if vs := h[key]; key != "" && len(vs) > 0 {
				vs[len(vs)-1] += " " + strings.TrimSpace(string(line))
			}
			continue
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		k = bytes.TrimSpace(k)
		if !ok || len(k) == 0 || bytes.ContainsAny(k, " \t") {
			key = ""
			continue
		}
		key = textproto.CanonicalMIMEHeaderKey(string(k))
		h[key] = append(h[key], strings.TrimSpace(string(v)))
	}
	return h, nil
}

// encodedWord matches one RFC 2047 encoded word.
var encodedWord = regexp.MustCompile(`=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=`)

// decodeHeader decodes RFC 2047 encoded words and raw 8-bit text in a header
// value to UTF-8. Unlike mime.WordDecoder it joins adjacent words of one
// charset before converting, because clients split GBK and UTF-8 characters
// across words, and it reads raw non-UTF-8 bytes as GB18030.
func decodeHeader(s string) string {
	if !strings.Contains(s, "=?") {
		return guessCharset([]byte(s))
	}
	var out strings.Builder
	var pend []byte
	var pendCS string
	flush := func() {
		if pend != nil {
			out.WriteString(decodeCharset(pend, pendCS))
			pend, pendCS = nil, ""
		}
	}
	last := 0
	for _, m := range encodedWord.FindAllStringSubmatchIndex(s, -1) {
		gap := s[last:m[0]]
		if pend == nil || strings.TrimSpace(gap) != "" {
			flush()
			out.WriteString(guessCharset([]byte(gap)))
		}
		cs := normCharset(s[m[2]:m[3]])
		data, ok := decodeWord(s[m[4]:m[5]], s[m[6]:m[7]])
		last = m[1]
		if !ok {
			flush()
			out.WriteString(guessCharset([]byte(s[m[0]:m[1]])))
			continue
		}
		if pend != nil && cs != pendCS {
			flush()
		}
		pend = append(pend, data...)
		pendCS = cs
	}
	flush()
	out.WriteString(guessCharset([]byte(s[last:])))
	return out.String()
}

// decodeWord decodes the text of an encoded word in encoding enc (B or Q).
func decodeWord(enc, text string) ([]byte, bool) {
	if enc == "b" || enc == "B" {
		b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(text, "="))
		return b, err == nil
	}
	out := make([]byte, 0, len(text))
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '_':
			out = append(out, ' ')
		case c == '=' && i+2 < len(text) && isHex(text[i+1]) && isHex(text[i+2]):
			out = append(out, unhex(text[i+1])<<4|unhex(text[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out, true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// msgIDPattern finds <id> tokens in Message-ID, In-Reply-To and References.
var msgIDPattern = regexp.MustCompile(`<([^<>\s]+)>`)

// parseMsgIDs returns the ids in a header value, without angle brackets.
// Ids written without brackets, as some clients do, are split on spaces.
func parseMsgIDs(v string) []string {
	var ids []string
	for _, m := range msgIDPattern.FindAllStringSubmatch(v, -1) {
		ids = append(ids, m[1])
	}
	if ids == nil {
		for f := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
			if strings.Contains(f, "@") {
				ids = append(ids, strings.Trim(f, "<>"))
			}
		}
	}
	return ids
}

// dateLayouts are tried when net/mail cannot read a Date header.
var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700 (MST)",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon Jan 2 15:04:05 2006",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02T15:04:05Z07:00",
}

// parseDate reads a Date header; the zero time means unreadable.
func parseDate(v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t
	}
	v = strings.Join(strings.Fields(v), " ")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t
		}
	}
	return time.Time{}
}
