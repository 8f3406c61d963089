package domain

import (
	"testing"
	"time"
)

func TestLoginPolicyRefused(t *testing.T) {
	p := LoginPolicy{MaxFailures: 3, Window: 10 * time.Minute, Lockout: 15 * time.Minute}
	t0 := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		th        Throttle
		want      time.Duration
		wantLocks bool
	}{
		{"first attempt", Throttle{Failures: 1, LastFailure: t0}, 0, false},
		{"reaches the limit", Throttle{Failures: 3, LastFailure: t0}, 0, true},
		{"past the limit, lock not yet written", Throttle{Failures: 4, LastFailure: t0}, 15 * time.Minute, true},
		{"locked", Throttle{Failures: 4, LastFailure: t0, LockedUntil: t0.Add(5 * time.Minute)}, 5 * time.Minute, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Refused(tt.th, t0, p.MaxFailures); got != tt.want {
				t.Errorf("Refused: got %v, want %v", got, tt.want)
			}
			if got := p.Locks(tt.th, p.MaxFailures); got != tt.wantLocks {
				t.Errorf("Locks: got %v, want %v", got, tt.wantLocks)
			}
		})
	}
}

func TestLoginPolicyDelay(t *testing.T) {
	p := DefaultLoginPolicy()
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{0, 0}, {1, 0}, {2, 250 * time.Millisecond}, {3, 500 * time.Millisecond},
		{6, 4 * time.Second}, {50, 4 * time.Second},
	}
	for _, tt := range tests {
		if got := p.Delay(tt.failures); got != tt.want {
			t.Errorf("Delay(%d): got %v, want %v", tt.failures, got, tt.want)
		}
	}
}
