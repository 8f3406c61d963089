package domain

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The content types an attachment may have. Anything else (executables,
// HTML, SVG, archives, unknown data) is refused: an evidence file is a
// document, a picture, plain text or a video, and a type we name ourselves
// cannot turn into a script in a colleague's browser.
const (
	TypePDF  = "application/pdf"
	TypeOFD  = "application/ofd" // GB/T 33190, China's fixed-layout e-document
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	TypeDOC  = "application/msword"
	TypeXLS  = "application/vnd.ms-excel"
	TypePPT  = "application/vnd.ms-powerpoint"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeGIF  = "image/gif"
	TypeWebP = "image/webp"
	TypeHEIC = "image/heic" // what iPhones photograph in
	TypeMP4  = "video/mp4"
	TypeMOV  = "video/quicktime"
	Type3GP  = "video/3gpp"
	TypeText = "text/plain; charset=utf-8"
	// TypeTextGB is GBK text, labelled with its superset so browsers decode it.
	TypeTextGB      = "text/plain; charset=gb18030"
	TypeTextUTF16LE = "text/plain; charset=utf-16le"
	TypeTextUTF16BE = "text/plain; charset=utf-16be"
)

var (
	sigPDF  = []byte("%PDF-")
	sigOLE2 = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	sigZIP  = []byte("PK\x03\x04")
	sigPNG  = []byte("\x89PNG\r\n\x1a\n")
	sigJPEG = []byte{0xFF, 0xD8, 0xFF}
)

// AttachmentType names the type of data from its bytes alone; the file
// name's extension is never consulted. ok is false for anything not on the
// allow-list, the empty file included.
func AttachmentType(data []byte) (contentType string, ok bool) {
	return AttachmentTypeAt(bytes.NewReader(data), int64(len(data)))
}

// sniffHead is how much of a file's start the signatures are read from.
const sniffHead = 4 << 10

// sniffChunk is how much of a file is read at once where its whole
// content is judged (text, compound-file directories): the memory a
// sniff takes, whatever the file's size. A multiple of 128, the size of a
// compound-file directory entry.
const sniffChunk = 64 << 10

// AttachmentTypeAt is AttachmentType for the size bytes of r (a spooled
// upload), read a chunk at a time, never whole.
func AttachmentTypeAt(r io.ReaderAt, size int64) (contentType string, ok bool) {
	if size <= 0 {
		return "", false
	}
	head := make([]byte, min(size, sniffHead))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return "", false
	}
	var t string
	switch {
	case bytes.HasPrefix(head, sigPDF):
		t = TypePDF
	case bytes.HasPrefix(head, sigOLE2):
		t = oleType(r, size)
	case bytes.HasPrefix(head, sigZIP):
		t = zipType(r, size)
	case bytes.HasPrefix(head, sigPNG):
		t = TypePNG
	case bytes.HasPrefix(head, sigJPEG):
		t = TypeJPEG
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		t = TypeGIF
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		t = TypeWebP
	default:
		if t = isoMediaType(head, size); t == "" {
			t = textType(r, size)
		}
	}
	return t, t != ""
}

// scanChunks reads r from off to size a chunk at a time and hands each to
// fn with the bytes fn left over from the chunk before in front. fn
// returns how many trailing bytes it could not judge yet (a character cut
// by the chunk's end) and whether the data is still acceptable; on the
// last chunk (final) nothing may be left over.
func scanChunks(r io.ReaderAt, off, size int64, fn func(b []byte, final bool) (keep int, ok bool)) bool {
	buf := make([]byte, sniffChunk+8)
	carry := 0
	for off < size {
		n := int(min(int64(sniffChunk), size-off))
		if _, err := r.ReadAt(buf[carry:carry+n], off); err != nil && !errors.Is(err, io.EOF) {
			return false
		}
		off += int64(n)
		b := buf[:carry+n]
		keep, ok := fn(b, off >= size)
		if !ok || keep > 8 || off >= size && keep != 0 {
			return false
		}
		carry = copy(buf, b[len(b)-keep:])
	}
	return true
}

// oleType tells Word, Excel and PowerPoint 97–2003 files apart by the
// streams in their compound-file directory. Other compound files (MSI
// installers, password-protected Office files) are refused.
func oleType(r io.ReaderAt, size int64) string {
	// Directory entries are 128 bytes and sectors are 512 or 4096 bytes,
	// so every entry starts at a multiple of 128 after the header sector.
	var t string
	scanChunks(r, 512, size, func(b []byte, _ bool) (int, bool) {
		for off := 0; off+128 <= len(b) && t == ""; off += 128 {
			t = oleEntryType(b[off : off+128])
		}
		return 0, t == "" // stop at the first stream that names the type
	})
	return t
}

// oleEntryType names the document type a compound-file directory entry
// stands for, or "".
func oleEntryType(e []byte) string {
	n := int(binary.LittleEndian.Uint16(e[64:66]))
	if e[66] != 2 || n < 4 || n > 64 || n%2 != 0 { // type 2: a stream
		return ""
	}
	u := make([]uint16, n/2-1) // without the terminating NUL
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(e[2*i:])
	}
	switch string(utf16.Decode(u)) {
	case "WordDocument":
		return TypeDOC
	case "Workbook", "Book":
		return TypeXLS
	case "PowerPoint Document":
		return TypePPT
	}
	return ""
}

// zipType accepts the zip files that are Office Open XML or OFD documents,
// judged by their parts. Plain archives, Java and Android packages, and
// macro-enabled Office files are refused.
func zipType(r io.ReaderAt, size int64) string {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return ""
	}
	var contentTypes, ofd bool
	var kind string
	for _, f := range zr.File {
		name := f.Name
		switch {
		case name == "[Content_Types].xml":
			contentTypes = true
		case name == "OFD.xml":
			ofd = true
		case path.Base(name) == "vbaProject.bin":
			return "" // macros
		case kind == "" && strings.HasPrefix(name, "word/"):
			kind = TypeDOCX
		case kind == "" && strings.HasPrefix(name, "xl/"):
			kind = TypeXLSX
		case kind == "" && strings.HasPrefix(name, "ppt/"):
			kind = TypePPTX
		}
	}
	switch {
	case contentTypes && kind != "":
		return kind
	case ofd && !contentTypes:
		return TypeOFD
	}
	return ""
}

// isoBrands maps ISO base media brands to the types we accept.
var isoBrands = map[string]string{
	"isom": TypeMP4, "iso2": TypeMP4, "iso4": TypeMP4, "iso5": TypeMP4, "iso6": TypeMP4,
	"mp41": TypeMP4, "mp42": TypeMP4, "avc1": TypeMP4, "M4V ": TypeMP4, "M4VH": TypeMP4, "M4VP": TypeMP4,
	"qt  ": TypeMOV,
	"3gp4": Type3GP, "3gp5": Type3GP, "3gp6": Type3GP, "3g2a": Type3GP,
	"heic": TypeHEIC, "heix": TypeHEIC, "heim": TypeHEIC, "heis": TypeHEIC, "hevc": TypeHEIC, "hevx": TypeHEIC,
}

// isoMediaType reads the brands of an ISO base media file (MP4, QuickTime,
// 3GP, HEIF) from its head: the major brand decides, else the first
// compatible one we know. Old QuickTime files begin with a moov, mdat or
// wide atom instead. total is the file's size.
func isoMediaType(data []byte, total int64) string {
	if len(data) < 16 {
		return ""
	}
	size := int64(binary.BigEndian.Uint32(data[:4]))
	switch string(data[4:8]) {
	case "moov", "mdat", "wide":
		// 0: up to the end of the file; 1: a 64-bit size follows.
		if size == 0 || size == 1 || size >= 8 && size <= total {
			return TypeMOV
		}
		return ""
	case "ftyp":
	default:
		return ""
	}
	if size < 16 || size > total || size%4 != 0 {
		return ""
	}
	if t, ok := isoBrands[string(data[8:12])]; ok {
		return t
	}
	for off := 16; off+4 <= int(min(size, int64(len(data)))); off += 4 {
		if t, ok := isoBrands[string(data[off:off+4])]; ok {
			return t
		}
	}
	return ""
}

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
