package server

import (
	"io"
	"strings"
	"testing"

	kpgzip "github.com/klauspost/compress/gzip"
)

// benchPage is about a page of 50 tasks as JSON (31 KB).
var benchPage = []byte(strings.Repeat(`{"id":73181,"title":"治安防控问题督办（73181号）","description":"","status":"in_progress",`+
	`"lead_org_id":76,"co_org_ids":[],"community_id":null,"priority":"normal","due_date":"2026-10-09",`+
	`"assigned_on":"2026-09-24","provisional":false,"deadline_state":"overdue","days_overdue":40},`, 110))

// BenchmarkGzipPage compresses a page as gzhttp writes it, in two pieces
// (the first compressMin bytes, then the rest): statelessly piece by piece,
// as before coalescedGzip, coalesced into one, and the same page again
// from the compressed-response cache.
func BenchmarkGzipPage(b *testing.B) {
	b.Run("stateless", func(b *testing.B) {
		gz, _ := kpgzip.NewWriterLevel(io.Discard, kpgzip.StatelessCompression)
		b.SetBytes(int64(len(benchPage)))
		for b.Loop() {
			gz.Reset(io.Discard)
			gz.Write(benchPage[:compressMin])
			gz.Write(benchPage[compressMin:])
			gz.Close()
		}
	})
	b.Run("coalesced", func(b *testing.B) {
		b.SetBytes(int64(len(benchPage)))
		for b.Loop() {
			w := coalescedGzip(nil).New(io.Discard, kpgzip.StatelessCompression)
			w.Write(benchPage[:compressMin])
			w.Write(benchPage[compressMin:])
			w.Close()
		}
	})
	// The same page again, found in the compressed-response cache.
	b.Run("cached", func(b *testing.B) {
		factory := coalescedGzip(newGzipCache(gzipCacheBytes))
		b.SetBytes(int64(len(benchPage)))
		for b.Loop() {
			w := factory.New(io.Discard, kpgzip.StatelessCompression)
			w.Write(benchPage[:compressMin])
			w.Write(benchPage[compressMin:])
			w.Close()
		}
	})
}
