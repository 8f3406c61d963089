package server

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// readinessTTL is how long a readiness answer is reused by the API gate,
// so that a busy server does not ping the database on every request.
const readinessTTL = time.Second

// readinessTimeout bounds one readiness check.
const readinessTimeout = 2 * time.Second

// readiness caches the answer of Deps.Ready.
type readiness struct {
	check func(ctx context.Context) error

	mu       sync.Mutex
	at       time.Time
	err      error
	checking bool
	fullAt   time.Time // when a write last failed for a full disk
}

// storageFullHold is how long /readyz reports a full disk after a write
// failed for one, unless a write succeeds first.
const storageFullHold = time.Minute

// storageFull records that a write failed for want of space.
func (r *readiness) storageFull(now time.Time) {
	r.mu.Lock()
	r.fullAt = now
	r.mu.Unlock()
}

// storageFreed records that a write succeeded, so the disk has room again.
func (r *readiness) storageFreed() {
	r.mu.Lock()
	r.fullAt = time.Time{}
	r.mu.Unlock()
}

// isStorageFull reports whether a write failed for a full disk within the
// hold before now and none has succeeded since.
func (r *readiness) isStorageFull(now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.fullAt.IsZero() && now.Sub(r.fullAt) < storageFullHold
}

func newReadiness(check func(ctx context.Context) error) *readiness {
	if check == nil {
		check = func(context.Context) error { return nil }
	}
	return &readiness{check: check}
}

// cached returns the last answer while it is fresh. When it is stale, one
// caller checks again and the others keep using the last answer meanwhile,
// so a slow database does not pile requests up behind the check.
func (r *readiness) cached(ctx context.Context) error {
	r.mu.Lock()
	if !r.at.IsZero() && (time.Since(r.at) < readinessTTL || r.checking) {
		err := r.err
		r.mu.Unlock()
		return err
	}
	r.checking = true
	r.mu.Unlock()
	return r.refresh(ctx)
}

// refresh checks now and remembers the answer.
func (r *readiness) refresh(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), readinessTimeout)
	defer cancel()
	err := r.check(ctx)
	r.mu.Lock()
	r.at, r.err, r.checking = time.Now(), err, false
	r.mu.Unlock()
	return err
}

// handleHealthz answers 200 while the process runs.
func (s *Server) handleHealthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok\n")
}

// handleReadyz answers 200 when the database answers and 503 otherwise. It
// always checks afresh, and its answer also updates the API gate's cache.
// A full disk is a 503 too ("storage full"), from the last write refused
// for it until a write succeeds or storageFullHold passes, but it does not
// close the API gate: reading still works.
func (s *Server) handleReadyz(c echo.Context) error {
	if s.ready.isStorageFull(time.Now()) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(retryUnavailable))
		return c.String(http.StatusServiceUnavailable, "storage full\n")
	}
	if err := s.ready.refresh(c.Request().Context()); err != nil {
		s.log.Warn("not ready", "err", err, "request_id", requestIDOf(c))
		c.Response().Header().Set("Retry-After", strconv.Itoa(retryUnavailable))
		return c.String(http.StatusServiceUnavailable, "unavailable\n")
	}
	return c.String(http.StatusOK, "ok\n")
}
