package domain

import (
	"path"
	"strings"
)

// typeExtensions lists, per sniffed type, the extensions a file of that
// type may carry, the usual one first. A name is only ever read with one
// of these, so a desktop that runs files by their extension opens the
// file with the viewer for what it really is. Plain text may not pose as
// .csv: a spreadsheet evaluates formulas in it.
var typeExtensions = map[string][]string{
	TypePDF:      {".pdf"},
	TypeOFD:      {".ofd"},
	TypeDOCX:     {".docx"},
	TypeXLSX:     {".xlsx"},
	TypePPTX:     {".pptx"},
	TypeDOC:      {".doc", ".wps"},
	TypeXLS:      {".xls", ".et"},
	TypePPT:      {".ppt", ".dps"},
	TypeJPEG:     {".jpg", ".jpeg", ".jpe", ".jfif"},
	TypePNG:      {".png"},
	TypeGIF:      {".gif"},
	TypeWebP:     {".webp"},
	TypeHEIC:     {".heic", ".heif"},
	TypeMP4:      {".mp4", ".m4v"},
	TypeMOV:      {".mov", ".qt"},
	Type3GP:      {".3gp", ".3g2"},
	"text/plain": {".txt", ".log"},
}

// DownloadName is the name a file of contentType is stored under on a
// user's disk: filename itself when its extension matches the type, and
// otherwise filename with the type's usual extension appended
// ("invoice.bat" of plain text becomes "invoice.bat.txt"), so that a name
// never makes a document runnable (.bat, .js, .hta, .html, .svg …). The
// original name stays what lists and the record show.
func DownloadName(filename, contentType string) string {
	base, _, _ := strings.Cut(contentType, ";")
	exts, ok := typeExtensions[strings.TrimSpace(base)]
	if !ok {
		return filename + ".bin"
	}
	ext := strings.ToLower(path.Ext(filename))
	for _, e := range exts {
		if ext == e && len(filename) > len(ext) {
			return filename
		}
	}
	return filename + exts[0]
}

// DownloadName is a's name with an extension that matches its content;
// see DownloadName.
func (a Attachment) DownloadName() string { return DownloadName(a.Filename, a.ContentType) }
