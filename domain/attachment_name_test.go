package domain_test

import (
	"testing"

	"xietong/domain"
)

func TestDownloadName(t *testing.T) {
	tests := []struct {
		name        string
		filename    string
		contentType string
		want        string
	}{
		{"pdf keeps its name", "整改报告.pdf", domain.TypePDF, "整改报告.pdf"},
		{"extension case does not matter", "SCAN.PDF", domain.TypePDF, "SCAN.PDF"},
		{"jpeg has two spellings", "photo.jpeg", domain.TypeJPEG, "photo.jpeg"},
		{"text as txt", "说明.txt", domain.TypeText, "说明.txt"},
		{"GBK text as txt", "说明.txt", domain.TypeTextGB, "说明.txt"},
		{"UTF-16 text as log", "run.log", domain.TypeTextUTF16LE, "run.log"},
		{"docx", "a.docx", domain.TypeDOCX, "a.docx"},
		{"WPS writer file sniffed as Word 97", "a.wps", domain.TypeDOC, "a.wps"},
		{"heif photo", "IMG_0001.HEIC", domain.TypeHEIC, "IMG_0001.HEIC"},
		{"text as bat", "invoice.bat", domain.TypeText, "invoice.bat.txt"},
		{"text as cmd", "setup.cmd", domain.TypeText, "setup.cmd.txt"},
		{"text as ps1", "a.ps1", domain.TypeText, "a.ps1.txt"},
		{"text as vbs", "a.vbs", domain.TypeText, "a.vbs.txt"},
		{"text as js", "a.js", domain.TypeText, "a.js.txt"},
		{"text as hta", "report.hta", domain.TypeTextGB, "report.hta.txt"},
		{"text as html", "report.html", domain.TypeText, "report.html.txt"},
		{"text as svg", "report.svg", domain.TypeText, "report.svg.txt"},
		{"text as csv, which a spreadsheet would run", "data.csv", domain.TypeText, "data.csv.txt"},
		{"upper-case script", "RUN.BAT", domain.TypeText, "RUN.BAT.txt"},
		{"text named as a picture", "photo.jpg", domain.TypeText, "photo.jpg.txt"},
		{"pdf named exe", "scan.exe", domain.TypePDF, "scan.exe.pdf"},
		{"no extension", "README", domain.TypeText, "README.txt"},
		{"docx named doc", "a.doc", domain.TypeDOCX, "a.doc.docx"},
		{"mov named mp4", "clip.mp4", domain.TypeMOV, "clip.mp4.mov"},
		{"dot file", ".bashrc", domain.TypeText, ".bashrc.txt"},
		{"unknown type keeps nothing runnable", "a.bat", "application/x-unknown", "a.bat.bin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.DownloadName(tt.filename, tt.contentType); got != tt.want {
				t.Errorf("DownloadName(%q, %q): got %q, want %q", tt.filename, tt.contentType, got, tt.want)
			}
		})
	}
}

func TestDownloadNameCoversEveryType(t *testing.T) {
	for _, ct := range []string{domain.TypePDF, domain.TypeOFD, domain.TypeDOCX, domain.TypeXLSX, domain.TypePPTX,
		domain.TypeDOC, domain.TypeXLS, domain.TypePPT, domain.TypeJPEG, domain.TypePNG, domain.TypeGIF,
		domain.TypeWebP, domain.TypeHEIC, domain.TypeMP4, domain.TypeMOV, domain.Type3GP, domain.TypeText,
		domain.TypeTextGB, domain.TypeTextUTF16LE, domain.TypeTextUTF16BE} {
		if got := domain.DownloadName("x", ct); got == "x.bin" || got == "x" {
			t.Errorf("type %q has no extension: %q", ct, got)
		}
	}
}
