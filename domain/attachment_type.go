package domain

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
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
	if len(data) == 0 {
		return "", false
	}
	var t string
	switch {
	case bytes.HasPrefix(data, sigPDF):
		t = TypePDF
	case bytes.HasPrefix(data, sigOLE2):
		t = oleType(data)
	case bytes.HasPrefix(data, sigZIP):
		t = zipType(data)
	case bytes.HasPrefix(data, sigPNG):
		t = TypePNG
	case bytes.HasPrefix(data, sigJPEG):
		t = TypeJPEG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		t = TypeGIF
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		t = TypeWebP
	default:
		if t = isoMediaType(data); t == "" {
			t = textType(data)
		}
	}
	return t, t != ""
}

// oleType tells Word, Excel and PowerPoint 97–2003 files apart by the
// streams in their compound-file directory. Other compound files (MSI
// installers, password-protected Office files) are refused.
func oleType(data []byte) string {
	// Directory entries are 128 bytes and sectors are 512 or 4096 bytes,
	// so every entry starts at a multiple of 128 after the header sector.
	for off := 512; off+128 <= len(data); off += 128 {
		e := data[off : off+128]
		n := int(binary.LittleEndian.Uint16(e[64:66]))
		if e[66] != 2 || n < 4 || n > 64 || n%2 != 0 { // type 2: a stream
			continue
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
	}
	return ""
}

// zipType accepts the zip files that are Office Open XML or OFD documents,
// judged by their parts. Plain archives, Java and Android packages, and
// macro-enabled Office files are refused.
func zipType(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
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
// 3GP, HEIF): the major brand decides, else the first compatible one we
// know. Old QuickTime files begin with a moov, mdat or wide atom instead.
func isoMediaType(data []byte) string {
	if len(data) < 16 {
		return ""
	}
	size := int64(binary.BigEndian.Uint32(data[:4]))
	switch string(data[4:8]) {
	case "moov", "mdat", "wide":
		// 0: up to the end of the file; 1: a 64-bit size follows.
		if size == 0 || size == 1 || size >= 8 && size <= int64(len(data)) {
			return TypeMOV
		}
		return ""
	case "ftyp":
	default:
		return ""
	}
	if size < 16 || size > int64(len(data)) || size%4 != 0 {
		return ""
	}
	if t, ok := isoBrands[string(data[8:12])]; ok {
		return t
	}
	for off := 16; off+4 <= int(size); off += 4 {
		if t, ok := isoBrands[string(data[off:off+4])]; ok {
			return t
		}
	}
	return ""
}

// textType accepts plain text in UTF-8, UTF-16 with a byte-order mark, or
// GBK/GB18030 (what Chinese Windows writes by default). Text that is
// markup (HTML, XML, SVG) or a script (#!) is refused.
func textType(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		le := data[0] == 0xFF
		s, ok := decodeUTF16(data[2:], le)
		if !ok || !plainText(s) {
			return ""
		}
		if le {
			return TypeTextUTF16LE
		}
		return TypeTextUTF16BE
	case utf8.Valid(data):
		if !plainText(string(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}))) {
			return ""
		}
		return TypeText
	case validGB18030(data) && plainText(string(data)):
		return TypeTextGB
	}
	return ""
}

// plainText reports whether s has no binary control characters and does
// not begin as markup or a script would.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F {
			return false
		}
	}
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if strings.HasPrefix(s, "#!") {
		return false
	}
	if len(s) >= 2 && s[0] == '<' {
		c := s[1]
		if c == '!' || c == '?' || c == '/' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

func decodeUTF16(b []byte, le bool) (string, bool) {
	if len(b)%2 != 0 {
		return "", false
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if le {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		} else {
			u[i] = binary.BigEndian.Uint16(b[2*i:])
		}
	}
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

// validGB18030 reports whether b is well-formed GB18030 (and so GBK):
// ASCII, two-byte sequences 81–FE 40–FE (not 7F), and four-byte sequences
// 81–FE 30–39 81–FE 30–39.
func validGB18030(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			i++
			continue
		case c == 0x80 || c == 0xFF || i+1 >= len(b):
			return false
		}
		d := b[i+1]
		switch {
		case d >= 0x40 && d <= 0xFE && d != 0x7F:
			i += 2
		case d >= 0x30 && d <= 0x39 && i+3 < len(b) &&
			b[i+2] >= 0x81 && b[i+2] <= 0xFE && b[i+3] >= 0x30 && b[i+3] <= 0x39:
			i += 4
		default:
			return false
		}
	}
	return true
}
