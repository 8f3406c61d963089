package inbound

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// decodeCharset converts b, labelled with charset, to valid UTF-8.
//
// Chinese mail is often mislabelled: GB2312 bodies carry GBK characters,
// GBK ones carry GB18030 four-byte sequences, "us-ascii" or missing labels
// hide 8-bit GBK, and some "utf-8" parts are really GBK. So the GB family is
// decoded as GB18030 (a superset of all three), and bytes that are not valid
// in their declared Unicode or ASCII label are read as GB18030 too.
func decodeCharset(b []byte, charset string) string {
	cs := normCharset(charset)
	switch cs {
	case "", "us-ascii", "ascii", "utf-8", "utf8", "unicode-1-1-utf-8", "x-unknown", "unknown", "default":
		return guessCharset(b)
	}
	enc := lookupCharset(cs)
	if enc == nil {
		return guessCharset(b)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return guessCharset(b)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// normCharset lower-cases a charset label and drops quotes and an RFC 2231
// language suffix ("utf-8*en").
func normCharset(cs string) string {
	cs = strings.ToLower(strings.Trim(strings.TrimSpace(cs), `"'`))
	if i := strings.IndexByte(cs, '*'); i >= 0 {
		cs = cs[:i]
	}
	return cs
}

// lookupCharset finds the decoder for a normalised label, or nil.
func lookupCharset(cs string) encoding.Encoding {
	switch cs {
	case "gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn", "x-euc-cn", "csgb2312",
		"gb_2312-80", "chinese", "iso-ir-58", "windows-936", "ms936", "x-mac-chinesesimp":
		return simplifiedchinese.GB18030
	case "hz-gb-2312", "hz":
		return simplifiedchinese.HZGB2312
	case "big5", "big5-hkscs", "x-x-big5", "cp950", "csbig5", "x-big5", "windows-950", "big-5":
		return traditionalchinese.Big5
	}
	enc, err := htmlindex.Get(cs)
	if err != nil {
		return nil
	}
	return enc
}

// guessCharset returns b as-is when it is valid UTF-8 (ASCII included) and
// otherwise reads it as GB18030, the likeliest 8-bit charset in this
// deployment. The result is always valid UTF-8.
func guessCharset(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}
