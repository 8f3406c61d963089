package server

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"xietong/domain/store/storetest"
)

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))

	wantStatus(t, e.get("/healthz", ""), http.StatusOK)
	wantStatus(t, e.get("/readyz", ""), http.StatusOK)
	wantStatus(t, e.get("/api/v1/organizations", e.admin), http.StatusOK)

	e.setReady(errors.New("database is away"))
	r := e.get("/readyz", "")
	wantStatus(t, r, http.StatusServiceUnavailable)
	wantStatus(t, e.get("/healthz", ""), http.StatusOK)

	// /readyz refreshed the gate's cache, so the API is closed at once.
	for _, path := range []string{"/api/v1/organizations", "/api/v1/me"} {
		r = e.get(path, e.admin)
		wantStatus(t, r, http.StatusServiceUnavailable)
		if code := r.errorCode(t); code != "unavailable" {
			t.Errorf("%s: code: got %q, want unavailable", path, code)
		}
		if r.header.Get("Retry-After") == "" {
			t.Errorf("%s: no Retry-After", path)
		}
	}
	r = e.do(request{method: http.MethodPost, path: "/api/v1/auth/login",
		body: loginJSON{Username: "admin", Password: adminPassword}})
	wantStatus(t, r, http.StatusServiceUnavailable)

	e.setReady(nil)
	wantStatus(t, e.get("/readyz", ""), http.StatusOK)
	wantStatus(t, e.get("/api/v1/organizations", e.admin), http.StatusOK)
}

// A store call that finds the database unreachable is a 503 with the
// envelope, whether it happens in a handler or while authenticating.
func TestStoreUnavailable(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	communities := e.get("/api/v1/communities", e.admin)
	wantStatus(t, communities, http.StatusOK)

	e.store.down.Store(true)
	for _, path := range []string{"/api/v1/organizations", "/api/v1/me"} {
		r := e.get(path, e.admin)
		wantStatus(t, r, http.StatusServiceUnavailable)
		if code := r.errorCode(t); code != "unavailable" {
			t.Errorf("%s: code: got %q, want unavailable", path, code)
		}
		if r.header.Get("Retry-After") == "" {
			t.Errorf("%s: no Retry-After", path)
		}
	}
	e.store.down.Store(false)
	wantStatus(t, e.get("/api/v1/organizations", e.admin), http.StatusOK)
}

// A full disk is reported from the failed write until a write succeeds or
// the hold passes, so readiness recovers without a restart.
func TestReadinessStorageFull(t *testing.T) {
	t.Parallel()
	r := newReadiness(nil)
	at := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		step func()
		now  time.Time
		want bool
	}{
		{"never full", func() {}, at, false},
		{"a write failed", func() { r.storageFull(at) }, at.Add(time.Second), true},
		{"within the hold", func() {}, at.Add(storageFullHold - time.Second), true},
		{"after the hold", func() {}, at.Add(storageFullHold), false},
		{"failed again", func() { r.storageFull(at) }, at, true},
		{"a write succeeded", r.storageFreed, at, false},
	}
	for _, tt := range tests {
		tt.step()
		if got := r.isStorageFull(tt.now); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestBusy: the server counts as busy while it answers requests and for a
// second after the last one; probes do not count (the mail relay's pace).
func TestBusy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	deadline := time.Now().Add(10 * time.Second)
	for e.srv.Busy() { // the set-up's own requests
		if time.Now().After(deadline) {
			t.Fatal("still busy 10 s after the last request")
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		wantStatus(t, e.get(path, ""), http.StatusOK)
	}
	if e.srv.Busy() {
		t.Error("busy after probes only")
	}
	wantStatus(t, e.get("/api/v1/organizations", e.admin), http.StatusOK)
	if !e.srv.Busy() {
		t.Error("not busy right after a request")
	}
}
