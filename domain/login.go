package domain

import "time"

// Throttle counts recent sign-in attempts for one key (each counted before
// its password is checked; a success takes its count back): "user:NAME" for an
// account, "ip:ADDR" for a client address. It lives in the database so that
// every replica sees the same count.
type Throttle struct {
	Key         string
	Failures    int
	LastFailure time.Time
	LockedUntil time.Time
}

// LoginPolicy is how sign-in failures slow down and lock out: after each
// failure the answer is delayed a little more; after MaxFailures within
// Window the key is locked for Lockout.
type LoginPolicy struct {
	MaxFailures int
	Window      time.Duration
	Lockout     time.Duration
}

// DefaultLoginPolicy returns five failures in fifteen minutes, then fifteen
// minutes' lockout.
func DefaultLoginPolicy() LoginPolicy {
	return LoginPolicy{MaxFailures: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
}

// IPFactor multiplies MaxFailures for client-address keys: an office behind
// one NAT address has many honest users.
const IPFactor = 4

// LockedFor returns how long t is still locked at now (0 if not locked).
func (p LoginPolicy) LockedFor(t Throttle, now time.Time) time.Duration {
	if d := t.LockedUntil.Sub(now); d > 0 {
		return d
	}
	return 0
}

// Refused returns how long an attempt counted as t (see
// ThrottleWriter.CountLoginAttempt) is refused at now, with max the limit
// for its kind of key; 0 means the password may be checked. Attempts are
// counted before the password is checked, atomically, so parallel guesses
// cannot all read a count below the limit: past max the answer is no, even
// before the attempt that reached max has written its lock.
func (p LoginPolicy) Refused(t Throttle, now time.Time, max int) time.Duration {
	if d := p.LockedFor(t, now); d > 0 {
		return d
	}
	if t.Failures > max {
		return p.Lockout
	}
	return 0
}

// Locks reports whether a failed attempt counted as t locks its key.
func (p LoginPolicy) Locks(t Throttle, max int) bool { return t.Failures >= max }

// Delay is how long to hold the answer to a failed sign-in, growing with
// the failures so far: nothing for the first, then 250 ms doubling to 4 s.
func (p LoginPolicy) Delay(failures int) time.Duration {
	if failures <= 1 {
		return 0
	}
	d := 250 * time.Millisecond << min(failures-2, 4)
	return d
}
