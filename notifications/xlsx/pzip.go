package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"runtime"
	"strings"
	"sync"
)

// parallelZip is the zip writer the workbook is written through: it
// deflates each entry in blocks on every core instead of in one stream on
// one. A province's task list is a sheet of a few hundred megabytes of XML,
// and compressing it was most of a monthly workbook's time.
//
// Each block of an entry is compressed on its own and ended with a sync
// flush, which leaves it byte-aligned and not final; the blocks are joined
// in order and closed with an empty final block, which makes one valid
// deflate stream (the technique of parallel gzip tools). A block does not
// see the block before it, which costs a little compression at each
// boundary: at 1 MiB blocks, well under 1%. The CRC of the entry is taken
// over the uncompressed bytes as they come. Entries are stored with their
// sizes known (zip.Writer.CreateRaw), as Excel reads them.
//
// It implements excelize.ZipWriter.
type parallelZip struct {
	zw      *zip.Writer
	workers chan struct{}
	cur     *zipEntry
	err     error
	// long are the long sheets whose rows are placed when their sheet's
	// part is stored (longsheet.go), by marker; placed counts them.
	long   []*longSheet
	placed int
}

// blockSize is the uncompressed size of one block.
const blockSize = 1 << 20

// level is deflate's fastest: at the default level compressing took twice
// as long for a file about a third smaller (BENCHMARKS.md, issue 5).
const level = flate.BestSpeed

// finalBlock is an empty final deflate block with fixed codes: BFINAL=1,
// BTYPE=01 and the end-of-block code, in two bytes.
var finalBlock = []byte{0x03, 0x00}

func newParallelZip(w io.Writer) *parallelZip {
	return &parallelZip{zw: zip.NewWriter(w), workers: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// Create ends the entry being written and starts the next.
func (z *parallelZip) Create(name string) (io.Writer, error) {
	if err := z.endEntry(); err != nil {
		return nil, err
	}
	z.cur = &zipEntry{z: z, name: name, crc: crc32.NewIEEE()}
	if len(z.long) > z.placed && strings.HasPrefix(name, "xl/worksheets/") {
		return &z.cur.held, nil
	}
	return z.cur, nil
}

// AddFS is not used by the workbook; it writes the files as they are.
func (z *parallelZip) AddFS(fsys fs.FS) error {
	if err := z.endEntry(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

// Close ends the last entry and writes the zip's directory.
func (z *parallelZip) Close() error {
	if err := z.endEntry(); err != nil {
		return err
	}
	if z.placed != len(z.long) {
		return fmt.Errorf("the rows of %d long sheets found no sheet", len(z.long)-z.placed)
	}
	return z.zw.Close()
}

// place writes a held sheet part, with the rows of the long sheet whose
// marker row it holds in place of that row.
func (z *parallelZip) place(e *zipEntry) error {
	part := e.held.Bytes()
	for _, s := range z.long {
		i := bytes.Index(part, []byte(s.marker))
		if i < 0 {
			continue
		}
		start := bytes.LastIndex(part[:i], []byte("<row "))
		end := bytes.Index(part[i:], []byte("</row>"))
		if start < 0 || end < 0 {
			return fmt.Errorf("%s: the marker row of a long sheet is not a row", e.name)
		}
		end += i + len("</row>")
		if _, err := e.Write(part[:start]); err != nil {
			return err
		}
		if err := s.writeRows(e); err != nil {
			return err
		}
		z.placed++
		_, err := e.Write(part[end:])
		return err
	}
	_, err := e.Write(part)
	return err
}

// endEntry waits for the current entry's blocks and stores the entry.
func (z *parallelZip) endEntry() error {
	e := z.cur
	if e == nil {
		return z.err
	}
	z.cur = nil
	if e.held.Len() > 0 {
		if err := z.place(e); err != nil {
			z.err = err
			return err
		}
	}
	e.submit(true)
	e.wg.Wait()
	if z.err != nil {
		return z.err
	}
	var size uint64
	for _, b := range e.out {
		if b.err != nil {
			z.err = b.err
			return z.err
		}
		size += uint64(len(b.data))
	}
	size += uint64(len(finalBlock))
	w, err := z.zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: e.crc.Sum32(),
		CompressedSize64: size, UncompressedSize64: e.n})
	if err == nil {
		for _, b := range e.out {
			if _, err = w.Write(b.data); err != nil {
				break
			}
		}
	}
	if err == nil {
		_, err = w.Write(finalBlock)
	}
	z.err = err
	return err
}

// zipEntry is one entry being written: its bytes are gathered into blocks,
// each handed to a worker as it fills.
type zipEntry struct {
	z    *parallelZip
	name string
	crc  interface {
		io.Writer
		Sum32() uint32
	}
	n    uint64
	buf  []byte
	out  []*compressed
	wg   sync.WaitGroup
	held bytes.Buffer // a sheet part that may hold a marker row
}

type compressed struct {
	data []byte
	err  error
}

func (e *zipEntry) Write(p []byte) (int, error) {
	if e.z.err != nil {
		return 0, e.z.err
	}
	_, _ = e.crc.Write(p) // hash writes do not fail
	e.n += uint64(len(p))
	written := len(p)
	for len(p) > 0 {
		if e.buf == nil {
			e.buf = make([]byte, 0, blockSize)
		}
		k := min(len(p), blockSize-len(e.buf))
		e.buf = append(e.buf, p[:k]...)
		p = p[k:]
		if len(e.buf) == blockSize {
			e.submit(false)
		}
	}
	return written, nil
}

// submit hands the gathered block to a worker; at the end of the entry an
// empty block is not worth one.
func (e *zipEntry) submit(last bool) {
	if last && len(e.buf) == 0 {
		return
	}
	data := e.buf
	e.buf = nil
	slot := &compressed{}
	e.out = append(e.out, slot)
	e.wg.Add(1)
	e.z.workers <- struct{}{}
	go func() {
		defer func() { <-e.z.workers; e.wg.Done() }()
		slot.data, slot.err = deflateBlock(data)
	}()
}

var flaters sync.Pool

// deflateBlock compresses one block and ends it with a sync flush.
func deflateBlock(data []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(data) / 4)
	fw, _ := flaters.Get().(*flate.Writer)
	if fw == nil {
		var err error
		if fw, err = flate.NewWriter(&out, level); err != nil {
			return nil, err
		}
	} else {
		fw.Reset(&out)
	}
	defer flaters.Put(fw)
	if _, err := fw.Write(data); err != nil {
		return nil, err
	}
	if err := fw.Flush(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
