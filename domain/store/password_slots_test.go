package store_test

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"xietong/domain/store"
)

// overlapHasher records the most calls that ran at once.
type overlapHasher struct {
	running, most atomic.Int32
	gate          chan struct{}
}

func (h *overlapHasher) enter() {
	n := h.running.Add(1)
	for m := h.most.Load(); n > m && !h.most.CompareAndSwap(m, n); m = h.most.Load() {
	}
	<-h.gate
	h.running.Add(-1)
}

func (h *overlapHasher) Hash(string) (string, error)         { h.enter(); return "h", nil }
func (h *overlapHasher) Verify(string, string) (bool, error) { h.enter(); return true, nil }

// TestHashSlots: with two slots, sixteen parallel sign-ins never run more
// than two hashes at once, and every one of them completes.
func TestHashSlots(t *testing.T) {
	h := &overlapHasher{gate: make(chan struct{})}
	s := store.NewHashSlots(h, 2)
	var wg sync.WaitGroup
	var done atomic.Int32
	for i := range 16 {
		wg.Go(func() {
			if i%2 == 0 {
				_, _ = s.Hash("p")
			} else {
				_, _ = s.Verify("h", "p")
			}
			done.Add(1)
		})
	}
	for h.running.Load() < 2 {
		runtime.Gosched() // until both slots are taken
	}
	for range 16 {
		h.gate <- struct{}{} // let one call finish at a time
	}
	wg.Wait()
	if got := h.most.Load(); got != 2 {
		t.Errorf("at most %d hashes ran at once, want 2", got)
	}
	if got := done.Load(); got != 16 {
		t.Errorf("%d calls completed, want 16", got)
	}
}
