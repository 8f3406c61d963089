package notifications

import (
	"testing"
	"time"
)

func TestPollerDefaultBackoff(t *testing.T) {
	tests := []struct {
		name string
		n    int
		base time.Duration
	}{
		{"first failure", 1, time.Second},
		{"second", 2, 2 * time.Second},
		{"fifth", 5, 16 * time.Second},
		{"ninth", 9, 256 * time.Second},
		{"capped", 10, 5 * time.Minute},
		{"long outage", 1000, 5 * time.Minute},
	}
	p := &Poller{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := tt.base*4/5, tt.base*6/5
			seen := map[time.Duration]bool{}
			for range 50 {
				d := p.backoff(tt.n)
				if d < lo || d > hi {
					t.Fatalf("backoff(%d) = %v, want within [%v, %v]", tt.n, d, lo, hi)
				}
				seen[d] = true
			}
			if len(seen) < 2 {
				t.Errorf("backoff(%d) has no jitter: always %v", tt.n, seen)
			}
		})
	}
}
