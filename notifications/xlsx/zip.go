package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/klauspost/compress/flate"
)

// sheetZip is the zip writer the workbook is stored through. It does two
// things excelize's own does not:
//
//   - It deflates with github.com/klauspost/compress/flate at its fastest
//     level instead of the standard library's: a province's task list is a
//     sheet of a few hundred megabytes of XML, and compressing it was most of
//     a monthly workbook's time (BENCHMARKS.md, issues 5 and 10).
//   - It places the rows of the long sheets (longsheet.go): a sheet part
//     that may hold a long sheet's marker row is held until it is complete,
//     then stored with the marker row replaced by the sheet's rows.
//
// It implements excelize.ZipWriter.
type sheetZip struct {
	zw *zip.Writer
	// long are the long sheets whose rows are placed when their sheet's
	// part is stored, by marker; placed counts them.
	long   []*longSheet
	placed int
	// held is the sheet part being written while long sheets are left to
	// place, named heldName.
	held     *bytes.Buffer
	heldName string
}

// level is deflate's fastest: at the default level compressing took twice
// as long for a file about a third smaller (BENCHMARKS.md, issue 5).
const level = flate.BestSpeed

func newSheetZip(w io.Writer, long []*longSheet) *sheetZip {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, level)
	})
	return &sheetZip{zw: zw, long: long}
}

// Create ends the entry being written and starts the next.
func (z *sheetZip) Create(name string) (io.Writer, error) {
	if err := z.storeHeld(); err != nil {
		return nil, err
	}
	if len(z.long) > z.placed && strings.HasPrefix(name, "xl/worksheets/") {
		z.held, z.heldName = new(bytes.Buffer), name
		return z.held, nil
	}
	return z.zw.Create(name)
}

// AddFS is not used by the workbook; it writes the files as they are.
func (z *sheetZip) AddFS(fsys fs.FS) error {
	if err := z.storeHeld(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

// Close stores the last entry and writes the zip's directory.
func (z *sheetZip) Close() error {
	if err := z.storeHeld(); err != nil {
		return err
	}
	if z.placed != len(z.long) {
		return fmt.Errorf("the rows of %d long sheets found no sheet", len(z.long)-z.placed)
	}
	return z.zw.Close()
}

// storeHeld stores the held sheet part, if any, with the rows of the long
// sheet whose marker row it holds in place of that row.
func (z *sheetZip) storeHeld() error {
	if z.held == nil {
		return nil
	}
	part, name := z.held.Bytes(), z.heldName
	z.held, z.heldName = nil, ""
	w, err := z.zw.Create(name)
	if err != nil {
		return err
	}
	for _, s := range z.long {
		i := bytes.Index(part, []byte(s.marker))
		if i < 0 {
			continue
		}
		start := bytes.LastIndex(part[:i], []byte("<row "))
		end := bytes.Index(part[i:], []byte("</row>"))
		if start < 0 || end < 0 {
			return fmt.Errorf("%s: the marker row of a long sheet is not a row", name)
		}
		end += i + len("</row>")
		if _, err := w.Write(part[:start]); err != nil {
			return err
		}
		if err := s.writeRows(w); err != nil {
			return err
		}
		z.placed++
		_, err := w.Write(part[end:])
		return err
	}
	_, err = w.Write(part)
	return err
}
