package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/xuri/excelize/v2"
)

// TestSheetZip: entries of every size, written in pieces of odd sizes, read
// back byte for byte by the standard library's reader, which checks each
// entry's CRC and size; a sheet part holding a long sheet's marker row reads
// back with the sheet's rows in that row's place.
func TestSheetZip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sheetLike := func(n int) []byte {
		var b bytes.Buffer
		for row := 1; b.Len() < n; row++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>任务%d</t></is></c><c r="B%d"><v>%d</v></c></row>`,
				row, row, rng.IntN(1000), row, rng.IntN(100000))
		}
		return b.Bytes()[:n]
	}
	noise := make([]byte, 3<<20+17)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	long := &longSheet{marker: "xietong-rows-test-0", n: 3, cols: 1, row: func(i int, cells []excelize.Cell) {
		cells[0] = excelize.Cell{Value: i * 10}
	}}
	entries := []struct {
		name       string
		data, want []byte
	}{
		{name: "empty.xml"},
		{name: "tiny.xml", data: []byte("<x/>")},
		{name: "xl/worksheets/sheet1.xml", data: sheetLike(7<<20 + 12345)},
		{name: "xl/worksheets/sheet2.xml",
			data: []byte(`<sheetData><row r="1"/><row r="2"><c r="A2" t="inlineStr"><is><t>xietong-rows-test-0</t></is></c></row></sheetData>`),
			want: []byte(`<sheetData><row r="1"/><row r="2"><c r="A2"><v>0</v></c></row><row r="3"><c r="A3"><v>10</v></c></row><row r="4"><c r="A4"><v>20</v></c></row></sheetData>`)},
		{name: "noise.bin", data: noise}, // incompressible: stored blocks
		{name: "xl/worksheets/sheet3.xml", data: sheetLike(5000)},
	}
	var out bytes.Buffer
	z := newSheetZip(&out, []*longSheet{long})
	for _, e := range entries {
		w, err := z.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		for p := e.data; len(p) > 0; {
			k := min(len(p), 1+rng.IntN(70000))
			if n, err := w.Write(p[:k]); err != nil || n != k {
				t.Fatalf("%s: wrote %d of %d: %v", e.name, n, k, err)
			}
			p = p[k:]
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}

	r, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.File) != len(entries) {
		t.Fatalf("got %d entries, want %d", len(r.File), len(entries))
	}
	for i, f := range r.File {
		e := entries[i]
		want := e.want
		if want == nil {
			want = e.data
		}
		if f.Name != e.name || f.Method != zip.Deflate {
			t.Errorf("entry %d: %s method %d, want %s deflated", i, f.Name, f.Method, e.name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // fails on a wrong CRC or size
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: read %d bytes that differ from the %d wanted", f.Name, len(got), len(want))
		}
	}
	// A sheet compresses as a sheet should: far below its size.
	if f := r.File[2]; f.CompressedSize64*4 > f.UncompressedSize64 {
		t.Errorf("sheet: %d bytes compressed to %d", f.UncompressedSize64, f.CompressedSize64)
	}
}

// TestSheetZipFails: storing the workbook fails, rather than leaving a sheet
// empty or the process dead, when a long sheet's marker is never found or
// when formatting its rows panics; no goroutine is left behind.
func TestSheetZipFails(t *testing.T) {
	marked := `<sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>xietong-rows-test-0</t></is></c></row></sheetData>`
	tests := []struct {
		name string
		part string
		row  func(i int, cells []excelize.Cell)
		want string
	}{
		{"marker never found", `<sheetData/>`, func(int, []excelize.Cell) {}, "found no sheet"},
		{"rows panic", marked, func(i int, cells []excelize.Cell) {
			if i == 4321 {
				panic("no such organisation")
			}
		}, "panic: no such organisation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				long := &longSheet{marker: "xietong-rows-test-0", n: 3 * chunkRows, cols: 1, row: tt.row}
				z := newSheetZip(io.Discard, []*longSheet{long})
				w, err := z.Create("xl/worksheets/sheet1.xml")
				if err != nil {
					t.Fatal(err)
				}
				if _, err := io.WriteString(w, tt.part); err != nil {
					t.Fatal(err)
				}
				err = z.Close()
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("got %v, want an error saying %q", err, tt.want)
				}
			})
		})
	}
}
