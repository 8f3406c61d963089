package main

import (
	"context"
	"io"
	"log/slog"
	"runtime"
	"testing"
	"time"
)

// TestMemoryTrimDecides: a trim happens only when the server is idle and
// more than the threshold could go back.
func TestMemoryTrimDecides(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, c := range []struct {
		name        string
		busy        bool
		reclaimable uint64
		want        bool
	}{
		{"idle, much to give back", false, 64 << 20, true},
		{"idle, just at the threshold", false, 8 << 20, true},
		{"idle, little to give back", false, 8<<20 - 1, false},
		{"busy, much to give back", true, 64 << 20, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			freed := 0
			m := newMemoryTrim(func() bool { return c.busy }, log)
			m.reclaimable = func() uint64 { return c.reclaimable }
			m.free = func() { freed++ }
			if got := m.check(); got != c.want {
				t.Errorf("check() = %v, want %v", got, c.want)
			}
			if want := map[bool]int{true: 1, false: 0}[c.want]; freed != want {
				t.Errorf("freed %d times, want %d", freed, want)
			}
		})
	}
}

// TestMemoryTrimRuns: Run looks on its ticker and stops with its context.
func TestMemoryTrimRuns(t *testing.T) {
	m := newMemoryTrim(func() bool { return false }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	m.every = 5 * time.Millisecond
	m.reclaimable = func() uint64 { return 1 << 30 }
	freed := make(chan struct{}, 10)
	m.free = func() {
		select {
		case freed <- struct{}{}:
		default:
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	select {
	case <-freed:
	case <-time.After(5 * time.Second):
		t.Fatal("no trim within 5 s of idle with a gigabyte to give back")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

// TestHeapReclaimable: the runtime's figures see garbage as reclaimable,
// and a real trim gives it back.
func TestHeapReclaimable(t *testing.T) {
	runtime.GC()
	var keep [][]byte
	for range 64 {
		keep = append(keep, make([]byte, 1<<20))
	}
	runtime.KeepAlive(keep)
	keep = nil
	runtime.GC() // the 64 MiB are now free spans, not yet returned
	before := heapReclaimable()
	if before < 32<<20 {
		t.Fatalf("reclaimable after dropping 64 MiB = %d MiB, want at least 32", before>>20)
	}
	m := newMemoryTrim(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if !m.check() {
		t.Fatal("no trim with 64 MiB to give back")
	}
	// Other tests of the package may allocate meanwhile; most of the 64
	// MiB went back all the same.
	if after := heapReclaimable(); after > before-16<<20 {
		t.Errorf("reclaimable %d MiB before the trim, %d MiB after", before>>20, after>>20)
	}
}
