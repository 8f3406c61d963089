package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The long sheets.
//
// A province's monthly task list is 130,000 rows of 26 cells. Written
// through excelize's stream writer, one cell at a time on one core, its rows
// were half of the workbook's time. So excelize lays out every sheet (its
// columns, frozen panes, header row) but the rows of the long sheets are
// written here: cut into chunks of rows, each chunk formatted on its own
// core into SpreadsheetML, the chunks joined in order into the sheet's part
// as the zip writer stores it (zip.go).
//
// excelize writes the sheet with a header row and one marker row (row 2,
// one cell holding the sheet's marker); when the zip writer stores that
// sheet, the marker row is replaced by the real rows. A marker that is
// never found fails the workbook rather than leaving a sheet empty, and so
// does a panic while formatting the rows: it is recovered in its goroutine
// and returned with its stack, so a bug in one report's rows cannot take
// down the server or the job that asked for the workbook.
//
// The cells are written as excelize writes them: inline strings escaped
// for XML (line feeds kept, leading or trailing blanks preserved, literal
// _xHHHH_ sequences escaped, at most 32,767 UTF-16 units), integers and
// floats as numbers, a cell without a value as an empty styled cell.

// longSheet is the rows of one long sheet: n rows of cols cells, row i
// filled by row (which must be safe to call from several goroutines at
// once: it only reads the report).
type longSheet struct {
	marker string
	n      int
	cols   int
	row    func(i int, cells []excelize.Cell)
}

// chunkRows is how many rows one goroutine formats at a time.
const chunkRows = 2000

// writeRows writes the sheet's rows, numbered from 2 (under the header), to
// w: chunks are formatted in parallel and written in order, with at most
// two chunks per core in memory. A panic while formatting a chunk (in row,
// the report's code) comes back as an error with its stack, and writeRows
// returns only when every goroutine it started has ended.
func (s *longSheet) writeRows(w io.Writer) error {
	chunks := (s.n + chunkRows - 1) / chunkRows
	ahead := 2 * runtime.GOMAXPROCS(0)
	slots := make([]chan formatted, chunks)
	var wg sync.WaitGroup
	defer wg.Wait() // chunks still being formatted land in their buffered slots
	started := 0
	for c := range chunks {
		for ; started < min(chunks, c+ahead); started++ {
			slot, i := make(chan formatted, 1), started
			slots[i] = slot
			wg.Go(func() { slot <- s.formatChunk(i) })
		}
		f := <-slots[c]
		if f.err != nil {
			return f.err
		}
		_, err := w.Write(f.buf.Bytes())
		chunkBufs.Put(f.buf)
		if err != nil {
			return err
		}
	}
	return nil
}

// formatted is one chunk of rows as SpreadsheetML, or why it is not.
type formatted struct {
	buf *bytes.Buffer
	err error
}

// formatChunk formats chunk c of the rows, recovering a panic.
func (s *longSheet) formatChunk(c int) (f formatted) {
	f.err = recovered(func() {
		f.buf = chunkBufs.Get().(*bytes.Buffer)
		f.buf.Reset()
		s.format(f.buf, c*chunkRows, min((c+1)*chunkRows, s.n))
	})
	return f
}

var chunkBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// format writes rows [from, to) into buf.
func (s *longSheet) format(buf *bytes.Buffer, from, to int) {
	cells := make([]excelize.Cell, s.cols)
	names := columnNames(s.cols)
	out := buf.AvailableBuffer()
	var num []byte
	for i := from; i < to; i++ {
		clear(cells)
		s.row(i, cells)
		num = strconv.AppendInt(num[:0], int64(i+2), 10)
		out = append(out, `<row r="`...)
		out = append(out, num...)
		out = append(out, `">`...)
		for j, c := range cells {
			out = appendCell(out, names[j], num, c)
		}
		out = append(out, `</row>`...)
		if len(out) > 1<<16 {
			buf.Write(out)
			out = buf.AvailableBuffer()
		}
	}
	buf.Write(out)
}

// columnNames are the letters of the first n columns.
func columnNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i], _ = excelize.ColumnNumberToName(i + 1)
	}
	return out
}

// appendCell appends one cell at column col of row num.
func appendCell(out []byte, col string, num []byte, c excelize.Cell) []byte {
	out = append(out, `<c r="`...)
	out = append(out, col...)
	out = append(out, num...)
	out = append(out, '"')
	if c.StyleID != 0 {
		out = append(out, ` s="`...)
		out = strconv.AppendInt(out, int64(c.StyleID), 10)
		out = append(out, '"')
	}
	switch v := c.Value.(type) {
	case nil:
		return append(out, `/>`...)
	case int:
		return append(strconv.AppendInt(append(out, `><v>`...), int64(v), 10), `</v></c>`...)
	case int64:
		return append(strconv.AppendInt(append(out, `><v>`...), v, 10), `</v></c>`...)
	case float64:
		return append(strconv.AppendFloat(append(out, `><v>`...), v, 'f', -1, 64), `</v></c>`...)
	case string:
		return appendString(out, v)
	default:
		return appendString(out, fmt.Sprint(v))
	}
}

// appendString appends an inline string cell's type and value.
func appendString(out []byte, s string) []byte {
	if len(s) > maxCellChars { // bytes bound UTF-16 units from above
		s = truncateUTF16(s, maxCellChars)
	}
	out = append(out, ` t="inlineStr"><is><t`...)
	if s != "" && (isBlank(s[0]) || isBlank(s[len(s)-1])) {
		out = append(out, ` xml:space="preserve"`...)
	}
	out = append(out, '>')
	out = appendEscaped(out, s)
	return append(out, `</t></is></c>`...)
}

// maxCellChars is the most an Excel cell holds, in UTF-16 units.
const maxCellChars = 32767

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func truncateUTF16(s string, limit int) string {
	units := 0
	for i, r := range s {
		units += len(utf16.AppendRune(nil, r))
		if units > limit {
			return s[:i]
		}
	}
	return s
}

// appendEscaped appends s escaped as encoding/xml escapes text (which
// excelize uses), with line feeds kept as they are, as excelize keeps
// them; characters XML cannot hold become U+FFFD; a literal _xHHHH_, which
// Excel would read as an escaped character, is itself escaped.
func appendEscaped(out []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				out = append(out, "&amp;"...)
			case c == '<':
				out = append(out, "&lt;"...)
			case c == '>':
				out = append(out, "&gt;"...)
			case c == '"':
				out = append(out, "&#34;"...)
			case c == '\'':
				out = append(out, "&#39;"...)
			case c == '\t':
				out = append(out, "&#x9;"...)
			case c == '\r':
				out = append(out, "&#xD;"...)
			case c == '\n':
				out = append(out, '\n')
			case c < 0x20:
				out = append(out, "\uFFFD"...)
			case c == '_' && isEscapeSequence(s[i:]):
				out = append(out, "_x005F"...)
				out = append(out, '_')
			default:
				out = append(out, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || !inXMLRange(r) {
			out = append(out, "\uFFFD"...)
		} else {
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return out
}

// isEscapeSequence reports whether s starts with _xHHHH_.
func isEscapeSequence(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// inXMLRange is XML 1.0's Char production beyond ASCII.
func inXMLRange(r rune) bool {
	return r >= 0x80 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
