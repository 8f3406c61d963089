// Package xlsx turns a domain.Report into an Excel workbook: the attachment
// of the report mail and the download of GET /api/v1/reports/supervision.
//
// The workbook holds a summary sheet (汇总), the ranking (排名) with a native
// Excel bar chart of the on-time closure rate, the overdue list (逾期清单),
// the raw task list (任务明细), the hot-spot figures per community when the
// report has communities, and, for a province's or a city's report, the
// campaign's progress to its target (创建进度) with a native column chart of
// each city's or county's rate against the target line.
//
// Why it is built the way it is:
//   - Every figure comes from domain.BuildReport; this package only lays
//     them out, so the workbook, the JSON and the mail cannot disagree.
//   - Numbers are written as numbers with a number format (rates as 0.0%,
//     counts as integers, dates as real dates), so leadership can sort,
//     filter and sum in Excel. A figure with no data (a rate over nothing)
//     is written as "—", never as 0%.
//   - Every sheet is laid out through excelize's StreamWriter. The rows of
//     the two long sheets (the overdue list and the task list, 130,000 rows
//     in a province's month) are formatted on every core and placed into
//     their sheets as the file is stored (longsheet.go, zip.go).
//   - The workbook's parts are a pure function of the report and the
//     language: its document dates come from the report, not the clock.
package xlsx

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"xietong/domain"
	"xietong/notifications/i18n"
)

// Writer writes reports as workbooks in the words of a catalogue. It is
// only read after NewWriter, so one Writer serves concurrent requests.
type Writer struct {
	words words
}

// NewWriter returns a Writer using the workbook.* texts of c.
func NewWriter(c *i18n.Catalogue) *Writer { return &Writer{words: wordsOf(c)} }

// Workbook returns the report r as an .xlsx file. lang "en" writes English
// headers and names; any other value writes Chinese.
func (w *Writer) Workbook(r domain.Report, lang string) ([]byte, error) {
	return w.WorkbookWith(r, lang, Options{})
}

// Options vary a workbook.
type Options struct {
	// OmitTaskList leaves out the raw task list (任务明细), the one sheet
	// that grows with the period's work: a mailed copy of a province's
	// workbook stays small enough for mail systems.
	OmitTaskList bool
}

// WorkbookWith is Workbook with options.
func (w *Writer) WorkbookWith(r domain.Report, lang string, o Options) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	b := &book{f: f, r: r, words: w.words, orgs: map[int64]domain.OrgFigures{}, comms: map[int64]domain.HotspotFigures{}}
	// Deflated at its fastest level, with the rows of the long sheets
	// placed as their sheets are stored (zip.go, longsheet.go).
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newSheetZip(w, b.long) })
	if lang == "en" {
		b.en = 1
	}
	for _, o := range r.OrgFigures {
		b.orgs[o.OrgID] = o
	}
	for _, c := range r.HotspotFigures {
		b.comms[c.CommunityID] = c
	}
	if err := b.newStyles(); err != nil {
		return nil, err
	}
	// The charts come second, so that they are one click from the summary;
	// they read the sheets written after them.
	// The progress to the target follows, as in the mail.
	steps := []func() error{b.summary, b.charts}
	if r.Progress != nil {
		steps = append(steps, b.progress)
	}
	steps = append(steps, b.ranking, b.categories, b.orgFigures, b.overdue)
	if !o.OmitTaskList {
		steps = append(steps, b.tasks)
	}
	if len(r.HotspotFigures) > 0 {
		steps = append(steps, b.hotspots)
	}
	if r.Pilots != nil {
		steps = append(steps, b.pilots)
	}
	if r.Cases != nil {
		steps = append(steps, b.cases)
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
	}
	created := r.Today.In(time.UTC).Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Title: b.title(), Creator: "xietong", Created: created,
		Modified: created, Language: pick(b.en, "zh-CN", "en")}); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

// book is one workbook being written.
type book struct {
	f     *excelize.File
	r     domain.Report
	en    int // 1 for English, 0 for Chinese: the index into words
	words words
	st    styles
	orgs  map[int64]domain.OrgFigures
	comms map[int64]domain.HotspotFigures
	first bool // the default sheet has been taken
	// long are the long sheets, whose rows are written as the workbook is
	// stored (longsheet.go).
	long  []*longSheet
	nonce string // makes the long sheets' markers unguessable
}

// styles are the cell style ids of the workbook.
type styles struct {
	header, text, integer, percent, decimal, date, none int
}

func (b *book) newStyles() error {
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	pct, dec, day := "0.0%", "0.0", "yyyy-mm-dd"
	defs := []struct {
		id *int
		s  excelize.Style
	}{
		{&b.st.header, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&b.st.text, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&b.st.integer, excelize.Style{Border: border, NumFmt: 1}},
		{&b.st.percent, excelize.Style{Border: border, CustomNumFmt: &pct}},
		{&b.st.decimal, excelize.Style{Border: border, CustomNumFmt: &dec}},
		{&b.st.date, excelize.Style{Border: border, CustomNumFmt: &day}},
		{&b.st.none, excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}}},
	}
	for _, d := range defs {
		id, err := b.f.NewStyle(&d.s)
		if err != nil {
			return err
		}
		*d.id = id
	}
	return nil
}

// column is one column of a sheet: its header label key and width.
type column struct {
	key   string
	width float64
}

// sheet writes one sheet: the header row from cols, frozen together with
// the first freezeCols columns, then the rows that fill gives to emit.
func (b *book) sheet(nameKey string, cols []column, freezeCols int, fill func(emit func(...any) error) error) error {
	sw, err := b.newSheet(nameKey, cols, freezeCols)
	if err != nil {
		return err
	}
	row := 1
	emit := func(cells ...any) error {
		row++
		return sw.SetRow("A"+strconv.Itoa(row), cells)
	}
	if err := fill(emit); err != nil {
		return err
	}
	return sw.Flush()
}

// longSheet writes a sheet of n rows whose row i fill makes: excelize
// writes the header and a marker row, and the rows take the marker's place
// when the workbook is stored.
func (b *book) longSheet(nameKey string, cols []column, freezeCols, n int, fill func(i int, cells []excelize.Cell)) error {
	sw, err := b.newSheet(nameKey, cols, freezeCols)
	if err != nil {
		return err
	}
	if b.nonce == "" {
		// The marker must not occur in any text of the workbook: a name
		// holding it would take the rows to the wrong sheet.
		r := make([]byte, 12)
		_, _ = rand.Read(r) // crypto/rand does not fail on supported platforms
		b.nonce = hex.EncodeToString(r)
	}
	s := &longSheet{marker: "xietong-rows-" + b.nonce + "-" + strconv.Itoa(len(b.long)), n: n, cols: len(cols), row: fill}
	if err := sw.SetRow("A2", []any{s.marker}); err != nil {
		return err
	}
	b.long = append(b.long, s)
	return sw.Flush()
}

// newSheet adds a sheet with its column widths, frozen panes and header row.
func (b *book) newSheet(nameKey string, cols []column, freezeCols int) (*excelize.StreamWriter, error) {
	name := b.t(nameKey)
	if !b.first {
		if err := b.f.SetSheetName(b.f.GetSheetName(0), name); err != nil {
			return nil, err
		}
		b.first = true
	} else if _, err := b.f.NewSheet(name); err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(freeze(freezeCols)); err != nil {
		return nil, err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: b.st.header, Value: b.t(c.key)}
	}
	return sw, sw.SetRow("A1", header, excelize.RowOpts{Height: 30})
}

// freeze returns the panes that keep the header row and the first cols
// columns in view.
func freeze(cols int) *excelize.Panes {
	top, _ := excelize.CoordinatesToCellName(cols+1, 2)
	pane := "bottomLeft"
	if cols > 0 {
		pane = "bottomRight"
	}
	return &excelize.Panes{Freeze: true, XSplit: cols, YSplit: 1, TopLeftCell: top, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: pane}}}
}

func (b *book) title() string {
	return fmt.Sprintf("%s %s %v%s%v", b.t("title"), b.r.Scope, b.r.From, b.t("period.sep"), b.r.To)
}

// The cell makers.

// text writes s; an empty s leaves the cell empty but bordered.
func (b *book) text(s string) excelize.Cell {
	if s == "" {
		return excelize.Cell{StyleID: b.st.text}
	}
	return excelize.Cell{StyleID: b.st.text, Value: s}
}

func (b *book) num(n int) excelize.Cell { return excelize.Cell{StyleID: b.st.integer, Value: n} }

func (b *book) id(n int64) excelize.Cell { return excelize.Cell{StyleID: b.st.integer, Value: n} }

// noData is the cell of a figure that has no value.
func (b *book) noData() excelize.Cell {
	return excelize.Cell{StyleID: b.st.none, Value: b.t("no_data")}
}

func (b *book) rate(p *float64) excelize.Cell {
	if p == nil {
		return b.noData()
	}
	return excelize.Cell{StyleID: b.st.percent, Value: *p}
}

func (b *book) share(v float64) excelize.Cell { return excelize.Cell{StyleID: b.st.percent, Value: v} }

func (b *book) decimal(p *float64) excelize.Cell {
	if p == nil {
		return b.noData()
	}
	return excelize.Cell{StyleID: b.st.decimal, Value: *p}
}

func (b *book) optInt(p *int) excelize.Cell {
	if p == nil {
		return b.noData()
	}
	return b.num(*p)
}

// date writes d as an Excel date; the zero date is an empty cell.
func (b *book) date(d domain.Date) excelize.Cell {
	if d.IsZero() {
		return excelize.Cell{StyleID: b.st.text}
	}
	return excelize.Cell{StyleID: b.st.date, Value: excelSerial(d)}
}

// excelEpoch is day 0 of Excel's 1900 date system (as Excel counts, with
// its phantom 29 February 1900 behind it).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelSerial is d as an Excel date serial: what excelize writes for a
// time.Time at midnight, computed here so that a date cell costs no lookup
// of the workbook's date system (a province's task list has half a million
// of them; the workbook is always in the 1900 system).
func excelSerial(d domain.Date) int {
	return int(d.In(time.UTC).Sub(excelEpoch).Hours() / 24)
}

// yes writes a flag as 是/否, or an empty cell when it does not apply.
func (b *book) yes(v, applies bool) excelize.Cell {
	switch {
	case !applies:
		return b.text("")
	case v:
		return b.text(b.t("yes"))
	}
	return b.text(b.t("no"))
}

func (b *book) orgName(id int64) string {
	o := b.orgs[id]
	return pick(b.en, o.Name, o.NameEn)
}

func (b *book) communityName(id int64, zh string) string {
	return pick(b.en, zh, b.comms[id].NameEn)
}
