package inbound

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// decodeCharset converts b, labelled with charset, to valid UTF-8.
//
// Chinese mail is often mislabelled: GB2312 bodies carry GBK characters,
// GBK ones carry GB18030 four-byte sequences, "us-ascii" or missing labels
// hide 8-bit GBK, Big5 or Latin-1, and "gb2312" or "iso-8859-1" parts are
// sometimes UTF-8. So the GB family is decoded as GB18030 (a superset of
// all three); text that is valid UTF-8 is read as UTF-8 whatever its label
// says, unless it is also valid in the label and too short to tell; and
// unlabelled or mislabelled 8-bit text goes to the detector.
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
	if high := nonASCII(b); high > 0 && utf8.Valid(b) {
		if err != nil || high >= minUTF8Evidence || invalidIn(out, b) {
			return string(b)
		}
	}
	if err != nil {
		return guessCharset(b)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// minUTF8Evidence is how many bytes outside ASCII make valid UTF-8 text
// UTF-8 regardless of its label: two Chinese characters, or two accented
// Latin letters. Text in GBK, Big5 or Latin-1 that long is almost never
// valid UTF-8 by chance; one GBK character may be ("签" is C7 A9).
const minUTF8Evidence = 4

// nonASCII counts the bytes of b outside ASCII.
func nonASCII(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= utf8.RuneSelf {
			n++
		}
	}
	return n
}

// invalidIn reports that decoding in a label replaced bytes: out has
// U+FFFD that the input did not spell in UTF-8.
func invalidIn(out, in []byte) bool {
	return bytes.ContainsRune(out, utf8.RuneError) && !bytes.Contains(in, []byte("\uFFFD"))
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
// otherwise decodes it in the charset detectCharset finds; when the
// detector cannot tell (short text), in the first of GB18030, Big5 and
// Windows-1252 that holds every byte, GB18030 being the likeliest here.
// The result is always valid UTF-8.
func guessCharset(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	if enc := detectCharset(b); enc != nil {
		if out, err := enc.NewDecoder().Bytes(b); err == nil {
			return strings.ToValidUTF8(string(out), "\uFFFD")
		}
	}
	var first []byte
	for _, enc := range []encoding.Encoding{simplifiedchinese.GB18030, traditionalchinese.Big5, charmap.Windows1252} {
		out, err := enc.NewDecoder().Bytes(b)
		if err != nil {
			continue
		}
		if !invalidIn(out, b) {
			return string(out)
		}
		if first == nil {
			first = out
		}
	}
	if first == nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return strings.ToValidUTF8(string(first), "\uFFFD")
}

// minConfidence is the detector's confidence (0–100) below which its
// guess is not taken: on a few bytes it rates every CJK charset 10.
const minConfidence = 50

// maxDetect bounds the bytes the detector reads: a few pages tell as
// much as a whole attachment-sized body.
const maxDetect = 64 << 10

// detectCharset guesses the charset of 8-bit text that is not UTF-8 with
// a statistical detector, among the charsets this deployment meets: the
// GB family, Big5 and Latin-1 (as Windows-1252, its superset in mail).
// It returns nil when the detector is not confident.
func detectCharset(b []byte) encoding.Encoding {
	results, err := chardet.NewTextDetector().DetectAll(b[:min(len(b), maxDetect)])
	if err != nil {
		return nil
	}
	for _, r := range results {
		if r.Confidence < minConfidence {
			break // sorted by confidence
		}
		switch strings.ToLower(r.Charset) {
		case "gb-18030", "gb18030":
			return simplifiedchinese.GB18030
		case "big5":
			return traditionalchinese.Big5
		case "iso-8859-1", "windows-1252":
			return charmap.Windows1252
		}
	}
	return nil
}
