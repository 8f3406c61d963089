package domain

import (
	"testing"
	"time"
)

func TestLoginPolicyFail(t *testing.T) {
	p := LoginPolicy{MaxFailures: 3, Window: 10 * time.Minute, Lockout: 15 * time.Minute}
	t0 := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		start      Throttle
		at         time.Time
		wantFails  int
		wantLocked bool
	}{
		{"first failure", Throttle{}, t0, 1, false},
		{"below the limit", Throttle{Failures: 1, LastFailure: t0}, t0.Add(time.Minute), 2, false},
		{"reaches the limit", Throttle{Failures: 2, LastFailure: t0}, t0.Add(time.Minute), 3, true},
		{"old failures forgotten", Throttle{Failures: 2, LastFailure: t0}, t0.Add(11 * time.Minute), 1, false},
		{"lock expired starts over", Throttle{Failures: 3, LastFailure: t0, LockedUntil: t0.Add(15 * time.Minute)}, t0.Add(9 * time.Minute).Add(7 * time.Minute), 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.Fail(tt.start, tt.at, p.MaxFailures)
			if got.Failures != tt.wantFails {
				t.Errorf("failures: got %d, want %d", got.Failures, tt.wantFails)
			}
			if locked := p.LockedFor(got, tt.at) > 0; locked != tt.wantLocked {
				t.Errorf("locked: got %v, want %v", locked, tt.wantLocked)
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
