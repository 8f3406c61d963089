package server

import (
	"bytes"
	"io"
	"sync"

	"github.com/klauspost/compress/gzhttp/writer"
	"github.com/klauspost/compress/gzip"
)

// The responses are compressed statelessly (see compressed), and a
// stateless writer compresses each write on its own: its own blocks, each
// with its own Huffman tables. gzhttp writes a response in two pieces, the
// first compressMin bytes it held back to decide whether to compress at
// all, then the rest, so a page of 50 tasks (31 KB of JSON) cost 40 % more
// to compress than in one piece, and came out 15 % larger (3.9 KB against
// 3.4 KB). coalescedGzip gathers the writes of a response up to
// coalesceMax bytes and compresses them together: a response up to that
// size in one piece, a longer one (an export) in pieces of about that size,
// so what it holds per response stays bounded.
const coalesceMax = 64 << 10

// coalescedGzip is the gzhttp writer factory for coalescedWriters.
var coalescedGzip = writer.GzipWriterFactory{
	Levels: func() (int, int) { return gzip.StatelessCompression, gzip.StatelessCompression },
	New: func(w io.Writer, _ int) writer.GzipWriter {
		c := coalescedPool.Get().(*coalescedWriter)
		c.gz.Reset(w)
		return c
	},
}

var coalescedPool = sync.Pool{New: func() any {
	gz, _ := gzip.NewWriterLevel(nil, gzip.StatelessCompression) // the level is valid
	return &coalescedWriter{gz: gz}
}}

// coalescedWriter gathers writes and compresses them statelessly in pieces
// of up to coalesceMax bytes. An error writing to the client is returned
// by the write or close that meets it.
type coalescedWriter struct {
	gz  *gzip.Writer
	buf bytes.Buffer
}

func (c *coalescedWriter) Write(p []byte) (int, error) {
	if c.buf.Len() == 0 && len(p) >= coalesceMax {
		return c.gz.Write(p) // a piece of its own already
	}
	c.buf.Write(p)
	if c.buf.Len() >= coalesceMax {
		if err := c.compress(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// compress compresses what is gathered.
func (c *coalescedWriter) compress() error {
	if c.buf.Len() == 0 {
		return nil
	}
	_, err := c.gz.Write(c.buf.Bytes())
	c.buf.Reset()
	return err
}

// Flush sends what is gathered on to the client (a handler that flushes
// wants its bytes to leave now).
func (c *coalescedWriter) Flush() error {
	if err := c.compress(); err != nil {
		return err
	}
	return c.gz.Flush()
}

// Close ends the stream and returns the writer to its pool.
func (c *coalescedWriter) Close() error {
	err := c.compress()
	if cerr := c.gz.Close(); err == nil {
		err = cerr
	}
	c.gz.Reset(io.Discard)
	if c.buf.Cap() <= 2*coalesceMax {
		c.buf.Reset()
		coalescedPool.Put(c)
	}
	return err
}
