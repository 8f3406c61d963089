package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// TestParallelZip: entries of every size, written in pieces of odd sizes,
// read back byte for byte by the standard library's reader, which checks
// each entry's CRC and size.
func TestParallelZip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sheetLike := func(n int) []byte {
		var b bytes.Buffer
		for row := 1; b.Len() < n; row++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>任务%d</t></is></c><c r="B%d"><v>%d</v></c></row>`,
				row, row, rng.IntN(1000), row, rng.IntN(100000))
		}
		return b.Bytes()[:n]
	}
	noise := make([]byte, 3*blockSize+17)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	entries := []struct {
		name string
		data []byte
	}{
		{"empty.xml", nil},
		{"tiny.xml", []byte("<x/>")},
		{"block.xml", sheetLike(blockSize)},
		{"xl/worksheets/sheet4.xml", sheetLike(7*blockSize + 12345)},
		{"noise.bin", noise}, // incompressible: stored blocks
		{"after.xml", sheetLike(5000)},
	}
	var out bytes.Buffer
	z := newParallelZip(&out)
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
		want := entries[i]
		if f.Name != want.name || f.Method != zip.Deflate {
			t.Errorf("entry %d: %s method %d", i, f.Name, f.Method)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // fails on a wrong CRC or size
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !bytes.Equal(got, want.data) {
			t.Errorf("%s: read %d bytes that differ from the %d written", f.Name, len(got), len(want.data))
		}
	}
	// A sheet compresses as a sheet should: far below its size.
	if f := r.File[3]; f.CompressedSize64*4 > f.UncompressedSize64 {
		t.Errorf("sheet: %d bytes compressed to %d", f.UncompressedSize64, f.CompressedSize64)
	}
}
