package server

import (
	"bytes"
	"hash/maphash"
	"io"
	"sync"
	"sync/atomic"

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

// coalescedGzip is the gzhttp writer factory for coalescedWriters; a
// response gathered whole is looked up in cache (nil: none) before it is
// compressed.
func coalescedGzip(cache *gzipCache) writer.GzipWriterFactory {
	return writer.GzipWriterFactory{
		Levels: func() (int, int) { return gzip.StatelessCompression, gzip.StatelessCompression },
		New: func(w io.Writer, _ int) writer.GzipWriter {
			c := coalescedPool.Get().(*coalescedWriter)
			c.w, c.cache, c.streamed = w, cache, false
			c.gz.Reset(w)
			return c
		},
	}
}

var coalescedPool = sync.Pool{New: func() any {
	gz, _ := gzip.NewWriterLevel(nil, gzip.StatelessCompression) // the level is valid
	return &coalescedWriter{gz: gz}
}}

// coalescedWriter gathers writes and compresses them statelessly in pieces
// of up to coalesceMax bytes. An error writing to the client is returned
// by the write or close that meets it.
type coalescedWriter struct {
	gz       *gzip.Writer
	buf      bytes.Buffer
	w        io.Writer  // the client
	cache    *gzipCache // nil: none
	streamed bool       // some of the response has gone to gz already
}

func (c *coalescedWriter) Write(p []byte) (int, error) {
	if c.buf.Len() == 0 && len(p) >= coalesceMax {
		c.streamed = true
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
	c.streamed = true
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

// Close ends the stream and returns the writer to its pool. A response
// gathered whole is answered from the cache when it holds the same bytes
// compressed, and otherwise compressed and offered to the cache.
func (c *coalescedWriter) Close() error {
	var err error
	if c.cache != nil && !c.streamed && c.cache.takes(c.buf.Len()) {
		err = c.cached()
	} else {
		err = c.compress()
		if cerr := c.gz.Close(); err == nil {
			err = cerr
		}
	}
	c.gz.Reset(io.Discard)
	c.w, c.cache = nil, nil
	if c.buf.Cap() <= 2*coalesceMax {
		c.buf.Reset()
		coalescedPool.Put(c)
	}
	return err
}

// cached writes the gathered response compressed, from the cache or
// compressed now and kept there.
func (c *coalescedWriter) cached() error {
	key := c.cache.key(c.buf.Bytes())
	if z, ok := c.cache.get(key); ok {
		_, err := c.w.Write(z)
		return err
	}
	var z bytes.Buffer
	z.Grow(c.buf.Len()/4 + 64)
	c.gz.Reset(&z)
	c.gz.Write(c.buf.Bytes()) // a bytes.Buffer takes every write
	c.gz.Close()
	c.cache.put(key, z.Bytes())
	_, err := c.w.Write(z.Bytes())
	return err
}

// gzipCache keeps the compressed form of recent responses by their
// uncompressed bytes, so that an answer sent again unchanged — the same
// page of a list, a dashboard polled, the API's description — is not
// compressed again: compressing a page of 50 tasks was a quarter of the
// server's CPU for a list (BENCHMARKS.md, issue 15). The key is a keyed
// hash of the whole body (two 64-bit maphash sums under seeds chosen at
// start, and the length): no request reads a cached body except one whose
// own response had exactly those bytes, and nobody outside the process
// can compute the hash, let alone a collision. The cache holds at most
// maxBytes of compressed bodies, dropping the oldest first; a body is
// cached only between compressMin and coalesceMax bytes (smaller ones are
// not compressed at all, larger ones are streamed in pieces).
type gzipCache struct {
	seeds    [2]maphash.Seed
	maxBytes int

	mu      sync.Mutex
	entries map[gzipKey][]byte
	order   []gzipKey // insertion order; order[head:] are live
	head    int
	bytes   int

	hits, misses atomic.Uint64
}

type gzipKey struct {
	sum [2]uint64
	n   int
}

func newGzipCache(maxBytes int) *gzipCache {
	return &gzipCache{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, maxBytes: maxBytes,
		entries: map[gzipKey][]byte{}}
}

// gzipCacheBytes is the cache's size: the compressed pages of several
// hundred lists (a page of 50 tasks is about 3.4 KB compressed).
const gzipCacheBytes = 2 << 20

// takes reports whether a body of n bytes is cached.
func (g *gzipCache) takes(n int) bool { return n >= compressMin && n <= coalesceMax }

func (g *gzipCache) key(b []byte) gzipKey {
	return gzipKey{sum: [2]uint64{maphash.Bytes(g.seeds[0], b), maphash.Bytes(g.seeds[1], b)}, n: len(b)}
}

func (g *gzipCache) get(k gzipKey) ([]byte, bool) {
	g.mu.Lock()
	z, ok := g.entries[k]
	g.mu.Unlock()
	if ok {
		g.hits.Add(1)
	} else {
		g.misses.Add(1)
	}
	return z, ok
}

// put keeps a copy of z under k, dropping the oldest entries to stay
// within maxBytes.
func (g *gzipCache) put(k gzipKey, z []byte) {
	if len(z) > g.maxBytes/8 {
		return
	}
	z = bytes.Clone(z)
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.entries[k]; ok {
		return
	}
	for g.bytes+len(z) > g.maxBytes && g.head < len(g.order) {
		old := g.order[g.head]
		g.order[g.head] = gzipKey{}
		g.head++
		g.bytes -= len(g.entries[old])
		delete(g.entries, old)
	}
	if g.head > len(g.order)/2 { // reuse the queue's front
		g.order = append(g.order[:0], g.order[g.head:]...)
		g.head = 0
	}
	g.entries[k] = z
	g.order = append(g.order, k)
	g.bytes += len(z)
}
