package inbound

import (
	"bytes"
	"encoding/base64"
	"mime/quotedprintable"
	"slices"
	"strconv"
	"strings"
)

// parseParams is a tolerant reader for "type; k=v; k*=cs'lang'pct; ..."
// values. It decodes RFC 2231 extended and continued parameters in any
// charset decodeCharset knows (mime.ParseMediaType only knows UTF-8 and
// ASCII, and Chinese clients send GBK), RFC 2047 words inside quoted values
// (Outlook's name="=?gb2312?B?...?="), and raw 8-bit values.
func parseParams(v string) (string, map[string]string) {
	pieces := splitParams(v)
	t := strings.ToLower(strings.TrimSpace(pieces[0]))
	plain := map[string]string{}
	segs := map[string][]segment{}
	for _, p := range pieces[1:] {
		k, val, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		val = unquote(strings.TrimSpace(val))
		ext := strings.HasSuffix(k, "*")
		k = strings.TrimSuffix(k, "*")
		base, num, cont := strings.Cut(k, "*")
		if !cont && !ext {
			if _, dup := plain[k]; !dup {
				plain[k] = val
			}
			continue
		}
		n := 0
		if cont {
			var err error
			if n, err = strconv.Atoi(num); err != nil || n < 0 || n > 999 {
				continue
			}
		}
		segs[base] = append(segs[base], segment{n: n, ext: ext, val: val})
	}
	out := make(map[string]string, len(plain)+len(segs))
	for k, v := range plain {
		out[k] = decodeHeader(v)
	}
	for k, ss := range segs {
		out[k] = joinSegments(ss)
	}
	return t, out
}

// segment is one piece of an RFC 2231 parameter: name*N or name*N*.
type segment struct {
	n   int
	ext bool // percent-encoded, and the first carries charset'lang'
	val string
}

// joinSegments puts a continued parameter back together and decodes it.
func joinSegments(ss []segment) string {
	slices.SortStableFunc(ss, func(a, b segment) int { return a.n - b.n })
	var raw []byte
	charset := ""
	for i, s := range ss {
		val := s.val
		if i == 0 && s.ext {
			if cs, rest, ok := strings.Cut(val, "'"); ok {
				if _, rest2, ok := strings.Cut(rest, "'"); ok {
					charset, val = cs, rest2
				}
			}
		}
		if s.ext {
			raw = append(raw, percentDecode(val)...)
		} else {
			raw = append(raw, val...)
		}
	}
	return decodeCharset(raw, charset)
}

// splitParams splits at ';' outside double quotes.
func splitParams(v string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			if quoted {
				i++
			}
		case '"':
			quoted = !quoted
		case ';':
			if !quoted {
				out = append(out, v[start:i])
				start = i + 1
			}
		}
	}
	return append(out, v[start:])
}

// unquote removes surrounding double quotes and the backslash before a
// quote or a backslash. Other backslashes are kept, because Windows clients
// send paths unescaped: filename="C:\Users\zw\报告.pdf".
func unquote(s string) string {
	if len(s) < 2 || s[0] != '"' {
		return s
	}
	s = strings.TrimSuffix(s[1:], `"`)
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// percentDecode decodes %XX escapes, keeping malformed ones as written.
func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

// decodeTransfer undoes a Content-Transfer-Encoding, leniently: mail with a
// stray character in its base64 or quoted-printable keeps the rest.
func decodeTransfer(cte string, data []byte) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return decodeBase64(data)
	case "quoted-printable":
		var out bytes.Buffer
		out.Grow(len(data) + bytes.MinRead) // decoded is never longer; ReadFrom wants MinRead spare
		if _, err := out.ReadFrom(quotedprintable.NewReader(bytes.NewReader(data))); err != nil {
			return decodeQPLenient(data)
		}
		return out.Bytes()
	}
	return data
}

// decodeBase64 ignores everything outside the base64 alphabet, as mail
// readers do, and decodes what is left. It works through a small buffer,
// so the only allocation is the result.
func decodeBase64(data []byte) []byte {
	out := make([]byte, 0, base64.StdEncoding.DecodedLen(len(data))+3)
	var chunk [4096]byte // a multiple of 4
	n := 0
	flush := func(final bool) {
		k := n
		if !final {
			k -= k % 4
		} else if k%4 == 1 {
			k-- // a lone sextet holds no byte
		}
		m, _ := base64.RawStdEncoding.Decode(out[len(out):cap(out)], chunk[:k])
		out = out[:len(out)+m]
		n = copy(chunk[:], chunk[k:n])
	}
	for _, c := range data {
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' {
			chunk[n] = c
			n++
			if n == len(chunk) {
				flush(false)
			}
		}
	}
	flush(true)
	return out
}

// decodeQPLenient decodes quoted-printable, passing malformed escapes and
// control bytes through.
func decodeQPLenient(data []byte) []byte {
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		switch {
		case i+2 < len(data) && isHex(data[i+1]) && isHex(data[i+2]):
			out = append(out, unhex(data[i+1])<<4|unhex(data[i+2]))
			i += 2
		case i+1 < len(data) && data[i+1] == '\n':
			i++
		case i+2 < len(data) && data[i+1] == '\r' && data[i+2] == '\n':
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out
}

// unflow joins the soft line breaks of format=flowed text (RFC 3676), which
// Apple Mail and Thunderbird send, so a paragraph reads as one line.
func unflow(s string, delsp bool) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out strings.Builder
	open, openDepth := false, 0
	for line := range strings.SplitSeq(s, "\n") {
		depth := 0
		for depth < len(line) && line[depth] == '>' {
			depth++
		}
		content := strings.TrimPrefix(line[depth:], " ")
		if open && depth != openDepth {
			out.WriteString("\n")
			open = false
		}
		if !open && depth > 0 {
			out.WriteString(strings.Repeat(">", depth) + " ")
		}
		flowed := strings.HasSuffix(content, " ") && content != "-- "
		if flowed && delsp {
			content = content[:len(content)-1]
		}
		out.WriteString(content)
		if flowed {
			open, openDepth = true, depth
			continue
		}
		out.WriteString("\n")
		open = false
	}
	return strings.TrimSuffix(out.String(), "\n")
}
