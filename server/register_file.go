package server

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"xietong/domain"
	"xietong/notifications/i18n"
)

// The register of communities as a file: an uploaded .xlsx workbook or
// .csv file read into a domain.RegisterSheet a row at a time, and the
// template and export written as workbooks.

// registerSheetName is the name of the register's sheet in the template
// and the export; an import reads the sheet of that name, or the first.
const registerSheetName = "小区台账"

// readRegister reads an uploaded register from f into sheet. The type is
// sniffed from the bytes, never taken from the name: a zip is read as a
// workbook; text as CSV, in UTF-8 (with or without a BOM) or, when it is
// not valid UTF-8, GB18030 (what Chinese Excel saves as "CSV"). Anything
// else is ErrUnsupported.
func readRegister(f io.ReadSeeker, sheet *domain.RegisterSheet) error {
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read register: %w", err)
	}
	head = head[:n]
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("read register: %w", err)
	}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return readRegisterXLSX(f, sheet)
	case n == 0:
		sheet.Finish()
		return nil
	case bytes.IndexByte(head, 0) >= 0 || bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}) ||
		bytes.HasPrefix(head, []byte("%PDF")) || bytes.HasPrefix(head, []byte("\x89PNG")) ||
		bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}) || bytes.HasPrefix(head, []byte("GIF8")):
		return domain.Fail(domain.ErrUnsupported, "register.file_type")
	}
	return readRegisterCSV(f, sheet)
}

func readRegisterXLSX(r io.Reader, sheet *domain.RegisterSheet) error {
	x, err := excelize.OpenReader(r)
	if err != nil {
		return domain.Invalid("register.file_unreadable", err.Error())
	}
	defer x.Close()
	name := registerSheetName
	if idx, err := x.GetSheetIndex(name); err != nil || idx < 0 {
		list := x.GetSheetList()
		if len(list) == 0 {
			return domain.Invalid("register.file_unreadable", "no sheet")
		}
		name = list[0]
	}
	rows, err := x.Rows(name)
	if err != nil {
		return domain.Invalid("register.file_unreadable", err.Error())
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		cells, err := rows.Columns()
		if err != nil {
			return domain.Invalid("register.file_unreadable", err.Error())
		}
		if n == 1 {
			sheet.Header(cells)
			continue
		}
		if !sheet.Add(n, cells) {
			break
		}
	}
	if err := rows.Error(); err != nil {
		return domain.Invalid("register.file_unreadable", err.Error())
	}
	sheet.Finish()
	return nil
}

// readRegisterCSV reads f as CSV: a first pass decides the encoding, the
// second reads the rows.
func readRegisterCSV(f io.ReadSeeker, sheet *domain.RegisterSheet) error {
	utf, err := isUTF8(f)
	if err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("read register: %w", err)
	}
	var r io.Reader = bufio.NewReader(f)
	if !utf {
		r = transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	first := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return domain.Invalid("register.csv_invalid", pe.StartLine)
			}
			return domain.Fail(domain.ErrUnsupported, "register.file_type")
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if len(rec) > 0 {
				rec[0] = trimBOM(rec[0])
			}
			sheet.Header(rec)
			continue
		}
		if !sheet.Add(line, rec) {
			break
		}
	}
	sheet.Finish()
	return nil
}

func trimBOM(s string) string {
	if len(s) >= 3 && s[:3] == "\ufeff" {
		return s[3:]
	}
	return s
}

// isUTF8 reads r to its end and reports whether it is valid UTF-8.
func isUTF8(r io.Reader) (bool, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var carry []byte
	buf := make([]byte, 64<<10)
	for {
		n, err := br.Read(buf)
		chunk := append(carry, buf[:n]...)
		// Keep an incomplete rune at the end for the next chunk.
		cut := len(chunk)
		for i := 1; i <= utf8.UTFMax && i <= len(chunk); i++ {
			if utf8.RuneStart(chunk[len(chunk)-i]) {
				if !utf8.FullRune(chunk[len(chunk)-i:]) {
					cut = len(chunk) - i
				}
				break
			}
		}
		if !utf8.Valid(chunk[:cut]) {
			return false, nil
		}
		carry = append([]byte(nil), chunk[cut:]...)
		if errors.Is(err, io.EOF) {
			return len(carry) == 0, nil
		}
		if err != nil {
			return false, fmt.Errorf("read register: %w", err)
		}
	}
}

// registerHeaders are the template's headers, in order.
func registerHeaders() []any {
	var out []any
	for _, c := range domain.RegisterColumns() {
		out = append(out, c.Header)
	}
	return out
}

// registerWidths are the columns' widths in the template and the export.
var registerWidths = []float64{18, 24, 10, 36, 8, 12, 8, 14, 28, 6, 6}

// writeRegisterBook writes the register's workbook: the sheet 小区台账 with
// the template's header and one row per community, and an explanation
// sheet in the reader's language (the columns, their English keys and
// values, and the region codes). A template (no communities) also carries
// drop-downs for the coded columns.
func writeRegisterBook(w io.Writer, l *i18n.Localizer, cs []domain.Community, template bool) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", registerSheetName); err != nil {
		return err
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	header := registerHeaders()
	hc := make([]any, len(header))
	for i, h := range header {
		hc[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if template {
		// A template is one row: written directly, so that the drop-downs
		// below land in the same sheet part (a stream writer's part would
		// replace them).
		if err := x.SetSheetRow(registerSheetName, "A1", &header); err != nil {
			return err
		}
		if err := x.SetRowStyle(registerSheetName, 1, 1, bold); err != nil {
			return err
		}
		for i, wd := range registerWidths {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := x.SetColWidth(registerSheetName, col, col, wd); err != nil {
				return err
			}
		}
	} else if err := streamRegister(x, hc, cs); err != nil {
		return err
	}
	if template {
		lists := []struct {
			col    string
			values []string
		}{
			{"E", []string{"居住区", "小区", "组团"}},
			{"F", []string{"公租房", "廉租房", "经济适用房", "限价商品房", "棚改安置房", "其他"}},
			{"H", []string{"是", "否"}},
			{"J", []string{"是", "否"}},
			{"K", []string{"是", "否"}},
		}
		for _, v := range lists {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = fmt.Sprintf("%s2:%s%d", v.col, v.col, domain.MaxRegisterRows+1)
			if err := dv.SetDropList(v.values); err != nil {
				return err
			}
			if err := x.AddDataValidation(registerSheetName, dv); err != nil {
				return err
			}
		}
	}
	if err := writeRegisterNotes(x, l, bold); err != nil {
		return err
	}
	return x.Write(w)
}

// streamRegister writes the header and one row per community with a
// stream writer, so a large register is not held as cells.
func streamRegister(x *excelize.File, header []any, cs []domain.Community) error {
	sw, err := x.NewStreamWriter(registerSheetName)
	if err != nil {
		return err
	}
	for i, wd := range registerWidths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{}); err != nil {
		return err
	}
	for i, c := range cs {
		cells := domain.RegisterCells(c)
		row := make([]any, len(cells))
		for j, v := range cells {
			row[j] = v
		}
		row[6] = c.Households
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// writeRegisterNotes adds the sheet 说明.
func writeRegisterNotes(x *excelize.File, l *i18n.Localizer, bold int) error {
	name := l.T("workbook.register.notes")
	if _, err := x.NewSheet(name); err != nil {
		return err
	}
	rows := [][]any{{l.T("workbook.register.intro")}, {},
		{l.T("workbook.register.col_header"), l.T("workbook.register.col_key"), l.T("workbook.register.col_required"),
			l.T("workbook.register.col_values")}}
	for _, c := range domain.RegisterColumns() {
		req := ""
		if c.Required {
			req = l.T("workbook.register.required")
		}
		rows = append(rows, []any{c.Header, c.Key, req, l.T("workbook.register.values." + c.Key)})
	}
	rows = append(rows, []any{}, []any{l.T("workbook.register.regions")},
		[]any{l.T("workbook.register.col_code"), l.T("workbook.register.col_name"), l.T("workbook.register.col_level"),
			l.T("workbook.register.col_city")})
	for _, lv := range []string{domain.RegionCity, domain.RegionCounty, domain.RegionArea} {
		regions, err := domain.Regions(domain.RegionFilter{Level: lv})
		if err != nil {
			return err
		}
		for _, r := range regions {
			rows = append(rows, []any{r.Code, r.Name, l.T("workbook.register.level." + lv), domain.RegionName(domain.CityCodeOf(r.Code), false)})
		}
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(name, cell, &r); err != nil {
			return err
		}
	}
	for _, r := range []int{1, 3} {
		if err := x.SetRowStyle(name, r, r, bold); err != nil {
			return err
		}
	}
	if err := x.SetColWidth(name, "A", "A", 16); err != nil {
		return err
	}
	if err := x.SetColWidth(name, "B", "C", 18); err != nil {
		return err
	}
	return x.SetColWidth(name, "D", "D", 80)
}

// problemsJSON is one problem of an import, in the reader's language.
type problemJSON struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// registerImportJSON is the answer of an import or a dry run.
type registerImportJSON struct {
	DryRun    bool          `json:"dry_run"`
	Rows      int           `json:"rows"`
	Created   int           `json:"created"`
	Updated   int           `json:"updated"`
	Unchanged int           `json:"unchanged"`
	Errors    []problemJSON `json:"errors"`
}

func toRegisterImportJSON(l *i18n.Localizer, r domain.RegisterImport, dry bool) registerImportJSON {
	out := registerImportJSON{DryRun: dry, Rows: r.Rows, Created: r.Created, Updated: r.Updated,
		Unchanged: r.Unchanged, Errors: make([]problemJSON, 0, len(r.Problems))}
	for _, p := range r.Problems {
		out.Errors = append(out.Errors, problemJSON{Row: p.Row, Column: p.Column, Message: l.T(p.Key, p.Args...)})
	}
	return out
}
