package domain

import (
	"bytes"
	"encoding/binary"
	"io"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// textType accepts plain text in UTF-8, UTF-16 with a byte-order mark, or
// GBK/GB18030 (what Chinese Windows writes by default). Text that is
// markup (HTML, XML, SVG) or a script (#!) is refused. It reads r a chunk
// at a time; a character cut by a chunk's end is judged with the next.
func textType(r io.ReaderAt, size int64) string {
	var bom [3]byte
	n, _ := r.ReadAt(bom[:min(size, 3)], 0)
	b := bom[:n]
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		le := b[0] == 0xFF
		if !utf16Text(r, size, le) {
			return ""
		}
		if le {
			return TypeTextUTF16LE
		}
		return TypeTextUTF16BE
	}
	var off int64
	if bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		off = 3
	}
	var c textCheck
	valid := scanChunks(r, off, size, func(b []byte, final bool) (int, bool) {
		cut := utf8Cut(b, final)
		if !utf8.Valid(b[:cut]) {
			return 0, false
		}
		c.feed(b[:cut])
		return len(b) - cut, true
	})
	if valid {
		if !c.plain() {
			return ""
		}
		return TypeText
	}
	c = textCheck{}
	valid = scanChunks(r, 0, size, func(b []byte, final bool) (int, bool) {
		cut, ok := gb18030Cut(b, final)
		if ok {
			c.feed(b[:cut])
		}
		return len(b) - cut, ok && !c.bad
	})
	if valid && c.plain() {
		return TypeTextGB
	}
	return ""
}

// utf16Text reports whether the UTF-16 text after r's byte-order mark is
// well-formed plain text.
func utf16Text(r io.ReaderAt, size int64, le bool) bool {
	if size%2 != 0 {
		return false
	}
	var c textCheck
	return scanChunks(r, 2, size, func(b []byte, final bool) (int, bool) {
		u := make([]uint16, len(b)/2)
		for i := range u {
			if le {
				u[i] = binary.LittleEndian.Uint16(b[2*i:])
			} else {
				u[i] = binary.BigEndian.Uint16(b[2*i:])
			}
		}
		keep := 0
		if n := len(u); !final && n > 0 && u[n-1] >= 0xD800 && u[n-1] < 0xDC00 {
			u, keep = u[:n-1], 2 // a high surrogate whose pair is in the next chunk
		}
		s, ok := decodeUTF16(u)
		if ok {
			c.feed([]byte(s))
		}
		return keep, ok && !c.bad
	}) && c.plain()
}

// textCheck judges text fed to it in pieces, each whole characters: no
// binary control characters anywhere, and a start (after white space)
// that is neither markup nor a script.
type textCheck struct {
	bad   bool   // a control character was seen
	begun bool   // the leading white space is behind
	start []byte // the first two bytes after it
}

func (c *textCheck) feed(b []byte) {
	for _, x := range b {
		if x < 0x20 && x != '\t' && x != '\n' && x != '\r' && x != '\f' || x == 0x7F {
			c.bad = true
			return
		}
	}
	if !c.begun {
		b = bytes.TrimLeftFunc(b, unicode.IsSpace)
		if len(b) == 0 {
			return
		}
		c.begun = true
	}
	if len(c.start) < 2 {
		c.start = append(c.start, b[:min(len(b), 2-len(c.start))]...)
	}
}

// plain reports whether everything fed was plain text.
func (c *textCheck) plain() bool {
	if c.bad {
		return false
	}
	s := c.start
	if bytes.HasPrefix(s, []byte("#!")) {
		return false
	}
	if len(s) >= 2 && s[0] == '<' {
		x := s[1]
		if x == '!' || x == '?' || x == '/' || x >= 'a' && x <= 'z' || x >= 'A' && x <= 'Z' {
			return false
		}
	}
	return true
}

// utf8Cut returns how much of b ends on a whole UTF-8 character: all of
// it, unless b ends inside one that the next chunk completes.
func utf8Cut(b []byte, final bool) int {
	if final {
		return len(b)
	}
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			break
		}
	}
	return len(b)
}

func decodeUTF16(u []uint16) (string, bool) {
	for i := 0; i < len(u); i++ { // refuse unpaired surrogates
		switch {
		case utf16.IsSurrogate(rune(u[i])) && u[i] < 0xDC00 && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] <= 0xDFFF:
			i++
		case utf16.IsSurrogate(rune(u[i])):
			return "", false
		}
	}
	return string(utf16.Decode(u)), true
}

// gb18030Cut checks that b is well-formed GB18030 (and so GBK): ASCII,
// two-byte sequences 81–FE 40–FE (not 7F), and four-byte sequences 81–FE
// 30–39 81–FE 30–39. It returns how much of b ends on a whole sequence;
// unless final, a sequence cut by b's end waits for the next chunk.
func gb18030Cut(b []byte, final bool) (int, bool) {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			i++
			continue
		case c == 0x80 || c == 0xFF:
			return 0, false
		case i+1 >= len(b):
			return i, !final
		}
		d := b[i+1]
		switch {
		case d >= 0x40 && d <= 0xFE && d != 0x7F:
			i += 2
		case d >= 0x30 && d <= 0x39 && i+3 >= len(b):
			if final {
				return 0, false
			}
			return i, true
		case d >= 0x30 && d <= 0x39 && b[i+2] >= 0x81 && b[i+2] <= 0xFE && b[i+3] >= 0x30 && b[i+3] <= 0x39:
			i += 4
		default:
			return 0, false
		}
	}
	return len(b), true
}
