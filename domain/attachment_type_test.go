package domain_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"xietong/domain"
)

// zipOf builds a zip archive holding the named (empty) parts.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte("<x/>")); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// oleOf builds the start of a compound file: the header sector and one
// directory sector with a root entry and the named streams.
func oleOf(streams ...string) []byte {
	b := make([]byte, 1024)
	copy(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	entry := func(off int, name string, typ byte) {
		u := utf16.Encode([]rune(name))
		for i, c := range u {
			binary.LittleEndian.PutUint16(b[off+2*i:], c)
		}
		binary.LittleEndian.PutUint16(b[off+64:], uint16(2*len(u)+2))
		b[off+66] = typ
	}
	entry(512, "Root Entry", 5)
	for i, s := range streams {
		entry(512+128*(i+1), s, 2)
	}
	return b
}

// ftypOf builds an ISO media file's first box and an empty mdat.
func ftypOf(major string, compatible ...string) []byte {
	var b bytes.Buffer
	size := 16 + 4*len(compatible)
	_ = binary.Write(&b, binary.BigEndian, uint32(size)) // a bytes.Buffer never fails
	b.WriteString("ftyp" + major + "\x00\x00\x02\x00" + strings.Join(compatible, ""))
	b.Write([]byte{0, 0, 0, 8, 'm', 'd', 'a', 't'})
	return b.Bytes()
}

func TestAttachmentType(t *testing.T) {
	t.Parallel()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	gbk := []byte{0xD5, 0xFB, 0xB8, 0xC4, 0xCD, 0xEA, 0xB3, 0xC9, '\r', '\n'} // 整改完成 in GBK
	tests := []struct {
		name string
		data []byte
		want string // "" means refused
	}{
		{"png", png, domain.TypePNG},
		{"jpeg", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01"), domain.TypeJPEG},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00"), domain.TypeGIF},
		{"webp", []byte("RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00"), domain.TypeWebP},
		{"pdf", []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), domain.TypePDF},
		{"docx", zipOf(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml"), domain.TypeDOCX},
		{"xlsx", zipOf(t, "[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"), domain.TypeXLSX},
		{"pptx", zipOf(t, "[Content_Types].xml", "ppt/presentation.xml"), domain.TypePPTX},
		{"ofd", zipOf(t, "OFD.xml", "Doc_0/Document.xml"), domain.TypeOFD},
		{"docm with macros", zipOf(t, "[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), ""},
		{"plain zip", zipOf(t, "readme.txt", "setup.exe"), ""},
		{"jar", zipOf(t, "META-INF/MANIFEST.MF", "a/Main.class"), ""},
		{"word parts without content types", zipOf(t, "word/document.xml"), ""},
		{"doc", oleOf("\x01CompObj", "WordDocument", "1Table"), domain.TypeDOC},
		{"xls", oleOf("Workbook"), domain.TypeXLS},
		{"ppt", oleOf("PowerPoint Document"), domain.TypePPT},
		{"msi and other compound files", oleOf("\x05SummaryInformation"), ""},
		{"mp4", ftypOf("isom", "isom", "iso2", "avc1", "mp41"), domain.TypeMP4},
		{"mp4 by compatible brand", ftypOf("xxxx", "zzzz", "mp42"), domain.TypeMP4},
		{"quicktime", ftypOf("qt  ", "qt  "), domain.TypeMOV},
		{"3gp", ftypOf("3gp5", "3gp5", "isom"), domain.Type3GP},
		{"heic photo", ftypOf("heic", "mif1", "heic"), domain.TypeHEIC},
		{"unknown iso brand", ftypOf("abcd", "efgh"), ""},
		{"utf-8 text", []byte("整改情况说明\n已完成路灯更换。\n"), domain.TypeText},
		{"utf-8 text with bom", []byte("\xEF\xBB\xBF会议纪要"), domain.TypeText},
		{"text with angle quotes", []byte("<<通知>> a < b"), domain.TypeText},
		{"gbk text", gbk, domain.TypeTextGB},
		{"utf-16le text", []byte{0xFF, 0xFE, 'h', 0, 'i', 0}, domain.TypeTextUTF16LE},
		{"utf-16 html", []byte{0xFF, 0xFE, '<', 0, 'b', 0}, ""},
		{"latin-1 text", []byte("caf\xe9 au lait"), ""},
		{"html", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), ""},
		{"html after blank lines", []byte("\n\n  <html><body>x</body></html>"), ""},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ""},
		{"xml svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), ""},
		{"shell script", []byte("#!/bin/sh\nrm -rf /\n"), ""},
		{"elf", append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 56)...), ""},
		{"pe", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 54)...), ""},
		{"binary", []byte{0x00, 0x01, 0x02, 0x03}, ""},
		{"avi", []byte("RIFF\x1a\x00\x00\x00AVI LIST"), ""},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := domain.AttachmentType(tt.data)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("got %q %v, want %q", got, ok, tt.want)
			}
		})
	}
}

func TestSanitizeFilename(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("长", 250)
	tests := []struct {
		name, in, want string
	}{
		{"chinese kept", "整改报告.pdf", "整改报告.pdf"},
		{"quotes kept for display", `整改报告 "final".pdf`, `整改报告 "final".pdf`},
		{"windows path", `C:\Users\张三\Desktop\报告.docx`, "报告.docx"},
		{"unix traversal", "../../etc/passwd", "passwd"},
		{"mixed slashes", `a/b\c.txt`, "c.txt"},
		{"header injection", "a\r\nX-Evil: 1.pdf", "aX-Evil: 1.pdf"},
		{"nul", "a\x00b.pdf", "ab.pdf"},
		{"right-to-left override", "invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"zero width space", "a\u200bb.png", "ab.png"},
		{"invalid utf-8", "a\xffb.txt", "ab.txt"},
		{"trailing dots and spaces", "report.pdf. . ", "report.pdf"},
		{"empty", "", "attachment"},
		{"dot dot", "..", "attachment"},
		{"only spaces", "   ", "attachment"},
		{"directory", "photos/", "attachment"},
		{"too long keeps extension", long + ".pdf", strings.Repeat("长", 196) + ".pdf"},
		{"too long without extension", long, strings.Repeat("长", 200)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.SanitizeFilename(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAttachmentTypeLarge judges files far larger than the chunk the
// sniffer reads, with characters cut by every chunk boundary and the
// telling byte far from the start, as AttachmentType does whole.
func TestAttachmentTypeLarge(t *testing.T) {
	t.Parallel()
	rep := func(s string, n int) []byte { return bytes.Repeat([]byte(s), n) }
	utf16le := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			b = binary.LittleEndian.AppendUint16(b, u)
		}
		return b
	}
	gbk := []byte{0xD5, 0xFB, 0xB8, 0xC4} // 整改
	gb4 := []byte{0x81, 0x30, 0x81, 0x30} // a four-byte GB18030 sequence
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"UTF-8, three-byte characters across chunks", rep("整改完成，", 50000), domain.TypeText},
		{"UTF-8 with a control character late", append(rep("整改", 50000), 0x01), ""},
		{"UTF-8 cut off at the end", rep("整改", 50000)[:300000-1], ""},
		{"white space, then markup", append(rep(" \n", 100000), "<html><script>x</script>"...), ""},
		{"ideographic spaces, then a script", append(rep("\u3000", 40000), "#!/bin/sh\n"...), ""},
		{"white space, then text", append(rep(" \n", 100000), "<5 件已办结"...), domain.TypeText},
		{"GBK across chunks", rep(string(gbk)+"\r\n", 40000), domain.TypeTextGB},
		{"GB18030 four-byte sequences across chunks", append(rep(string(gb4), 50000), 'a'), domain.TypeTextGB},
		{"GBK with a bad byte late", append(rep(string(gbk), 50000), 0xFF, 0x41), ""},
		{"UTF-16 with surrogate pairs across chunks", utf16le(strings.Repeat("现场📷", 40000)), domain.TypeTextUTF16LE},
		{"UTF-16 with a lone surrogate late", append(utf16le(strings.Repeat("现场", 40000)), 0x00, 0xD8, 'a', 0), ""},
		{"Word 97 with its stream far in", append(oleOf(), append(make([]byte, 200<<10), oleOf("WordDocument")[512:]...)...), domain.TypeDOC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := domain.AttachmentType(tt.data)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			got, _ = domain.AttachmentTypeAt(bytes.NewReader(tt.data), int64(len(tt.data)))
			if got != tt.want {
				t.Errorf("at: got %q, want %q", got, tt.want)
			}
		})
	}
}
