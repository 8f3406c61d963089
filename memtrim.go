package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// memoryTrim hands the memory a burst of work left behind back to the
// system once the server is idle again.
//
// Go's collector sizes the heap to the last load: after a minute of
// requests at 32 clients, or the relay sending a backlog, the heap keeps
// room for that load (free spans, garbage not yet collected) until the
// runtime's own two-minute collection and its slow background return bring
// it down. A server that serves bursts with quiet between them holds, in
// the quiet, what the last burst needed. memoryTrim looks every few
// seconds; when no request has been answered for a second (the same test
// that paces the mail relay) and more than threshold bytes of the heap
// could go back, it collects and returns them at once
// (runtime/debug.FreeOSMemory: one collection, a few milliseconds of one
// core at this server's size). Under load it does nothing: the heap a busy
// server needs is the runtime's business.
type memoryTrim struct {
	busy      func() bool   // the server is answering requests
	every     time.Duration // how often to look
	threshold uint64        // bytes that could go back before a trim is worth it
	log       *slog.Logger

	// reclaimable and free are runtime/debug's and runtime/metrics' by
	// default; tests replace them.
	reclaimable func() uint64
	free        func()
}

// newMemoryTrim looks every five seconds and trims above 8 MiB: about the
// heap a quiet server keeps live, so a trim at most halves what it holds.
func newMemoryTrim(busy func() bool, log *slog.Logger) *memoryTrim {
	return &memoryTrim{busy: busy, every: 5 * time.Second, threshold: 8 << 20, log: log,
		reclaimable: heapReclaimable, free: debug.FreeOSMemory}
}

// Run trims until ctx ends.
func (m *memoryTrim) Run(ctx context.Context) error {
	t := time.NewTicker(m.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			m.check()
		}
	}
}

// check trims if the server is idle and enough could go back; it reports
// whether it did.
func (m *memoryTrim) check() bool {
	if m.busy != nil && m.busy() {
		return false
	}
	before := m.reclaimable()
	if before < m.threshold {
		return false
	}
	start := time.Now()
	m.free()
	m.log.Debug("memory returned to the system while idle", "before_mib", before>>20,
		"after_mib", m.reclaimable()>>20, "took", time.Since(start).Round(time.Microsecond))
	return true
}

// heapReclaimable is what a collection and a return to the system would
// give back now: the heap's free spans not yet returned, and the objects
// allocated beyond what the last collection found live (garbage, or new).
func heapReclaimable() uint64 {
	s := []metrics.Sample{
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/live:bytes"},
	}
	metrics.Read(s)
	for _, x := range s {
		if x.Value.Kind() != metrics.KindUint64 {
			return 0 // not this runtime's metric: never trim
		}
	}
	free, objects, live := s[0].Value.Uint64(), s[1].Value.Uint64(), s[2].Value.Uint64()
	if objects > live {
		free += objects - live
	}
	return free
}
