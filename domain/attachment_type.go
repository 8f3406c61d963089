package domain

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"path"
	"strings"
	"unicode/utf16"
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
