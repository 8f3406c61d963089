package inbound

import (
	"fmt"
	"io"
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Address is one mailbox: a display name and a normalised address.
type Address struct {
	Name string // display name, decoded to UTF-8
	Addr string // "local@domain", lower-cased, domain in ASCII (punycode)
}

// String renders a as "Name <addr>" or "addr".
func (a Address) String() string {
	if a.Name == "" {
		return a.Addr
	}
	return a.Name + " <" + a.Addr + ">"
}

// Domain returns the part of a.Addr after the last '@'.
func (a Address) Domain() string {
	_, d := splitAddr(a.Addr)
	return d
}

// Local returns the part of a.Addr before the last '@'.
func (a Address) Local() string {
	l, _ := splitAddr(a.Addr)
	return l
}

// NormalizeAddr returns addr in the form Address.Addr uses: trimmed, angle
// brackets removed, lower-cased, and the domain converted to ASCII with
// IDNA, so addresses from mail, configuration and the database compare
// equal. It is meant for comparing; it validates nothing.
func NormalizeAddr(addr string) string {
	addr = strings.TrimSpace(strings.Trim(strings.TrimSpace(addr), "<>"))
	local, domain := splitAddr(addr)
	local = strings.ToLower(local)
	if domain == "" {
		return local
	}
	return local + "@" + normalizeDomain(domain)
}

// normalizeDomain lower-cases a domain and converts it to ASCII. A domain
// IDNA rejects is kept lower-cased rather than dropped: it still has to
// compare equal to itself.
func normalizeDomain(d string) string {
	d = strings.TrimSuffix(strings.TrimSpace(d), ".")
	d = strings.Map(func(r rune) rune {
		switch r {
		case '。', '．', '｡': // ideographic and full-width full stops, as IDNA maps them
			return '.'
		}
		return r
	}, d)
	if a, err := idna.Lookup.ToASCII(d); err == nil && a != "" {
		return a
	}
	if a, err := idna.Punycode.ToASCII(strings.ToLower(d)); err == nil && a != "" {
		return a
	}
	return strings.ToLower(d)
}

// splitAddr splits at the last '@'.
func splitAddr(addr string) (local, domain string) {
	i := strings.LastIndexByte(addr, '@')
	if i < 0 {
		return addr, ""
	}
	return addr[:i], addr[i+1:]
}

// addrParser reads address lists, decoding encoded-word names in any
// charset this package knows.
var addrParser = mail.AddressParser{WordDecoder: &mime.WordDecoder{
	CharsetReader: func(charset string, r io.Reader) (io.Reader, error) {
		enc := lookupCharset(normCharset(charset))
		if enc == nil {
			return nil, fmt.Errorf("inbound: unknown charset %q", charset)
		}
		return enc.NewDecoder().Reader(r), nil
	},
}}

// parseAddressList reads a From/To/Cc-style header. It tries net/mail and
// falls back to a tolerant split on ',' and ';' (QQ Mail and Foxmail write
// `"张三"<a@qq.com>;`), so one odd mailbox does not lose the others.
func parseAddressList(v string) []Address {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	if list, err := addrParser.ParseList(strings.TrimRight(v, ";, ")); err == nil && !brokenNames(list) {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			out = append(out, Address{Name: cleanName(a.Name), Addr: NormalizeAddr(a.Address)})
		}
		return out
	}
	var out []Address
	for _, part := range splitAddressList(v) {
		if a, ok := parseAddressLenient(part); ok {
			out = append(out, a)
		}
	}
	return out
}

// brokenNames reports a name that net/mail decoded into U+FFFD, which
// happens when a client splits one character across two encoded words; the
// tolerant path joins the words first.
func brokenNames(list []*mail.Address) bool {
	for _, a := range list {
		if strings.ContainsRune(a.Name, utf8.RuneError) {
			return true
		}
	}
	return false
}

// splitAddressList splits at ',' and ';' outside quotes and angle brackets.
func splitAddressList(v string) []string {
	var parts []string
	var quoted bool
	angle, start := 0, 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '"':
			quoted = !quoted
		case '<':
			if !quoted {
				angle++
			}
		case '>':
			if !quoted && angle > 0 {
				angle--
			}
		case ',', ';':
			if !quoted && angle == 0 {
				parts = append(parts, v[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, v[start:])
}

// parseAddressLenient reads `name <addr>` or a bare address.
func parseAddressLenient(s string) (Address, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Address{}, false
	}
	name, addr := "", s
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			j = len(s) - i
		}
		name, addr = s[:i], s[i+1:i+j]
	} else if f := strings.Fields(s); len(f) > 1 {
		addr = f[len(f)-1]
		name = strings.Join(f[:len(f)-1], " ")
	}
	addr = strings.Trim(strings.TrimSpace(addr), `"'`)
	if !strings.Contains(addr, "@") {
		return Address{}, false
	}
	name = strings.ReplaceAll(strings.Trim(strings.TrimSpace(name), `"`), `\"`, `"`)
	return Address{Name: cleanName(name), Addr: NormalizeAddr(addr)}, true
}

// cleanName decodes encoded words left in a display name (net/mail leaves
// them inside quotes, where Foxmail, QQ Mail and NetEase put them) and raw
// 8-bit names, and drops the single quotes Outlook wraps names in.
func cleanName(name string) string {
	name = strings.TrimSpace(decodeHeader(name))
	if len(name) >= 2 && name[0] == '\'' && name[len(name)-1] == '\'' {
		name = strings.TrimSpace(name[1 : len(name)-1])
	}
	return name
}

// firstAddress returns the first mailbox of a header, or the zero Address.
func firstAddress(v string) Address {
	if l := parseAddressList(v); len(l) > 0 {
		return l[0]
	}
	return Address{}
}
