package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xietong/domain/store"
	"xietong/domain/store/storetest"
)

func TestServeEndToEnd(t *testing.T) {
	e := sqliteEnv(t)
	stop, logs := startServe(t, e)
	base := "http://" + e["XIETONG_HTTP_ADDR"]
	waitStatus(t, base+"/healthz", 200, 30*time.Second)
	waitStatus(t, base+"/readyz", 200, 30*time.Second)

	// A second server on the same SQLite file is refused with a clear error.
	e2 := env{}
	for k, v := range e {
		e2[k] = v
	}
	e2["XIETONG_HTTP_ADDR"] = freeAddr(t)
	err := run(context.Background(), []string{"serve"}, e2.get, io.Discard, io.Discard, wallClock())
	if !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second serve: got %v, want ErrLocked", err)
	}

	token := login(t, base, "admin", "admin password 123")
	var orgs struct {
		Items []map[string]any `json:"items"`
		Next  *string          `json:"next"`
	}
	getJSON(t, base+"/api/v1/organizations?limit=200", token, &orgs)
	if len(orgs.Items) != 200 || orgs.Next == nil {
		t.Errorf("organizations: got %d and next %v, want a full page of 200 and more", len(orgs.Items), orgs.Next)
	}
	var comms struct {
		Items []map[string]any `json:"items"`
	}
	getJSON(t, base+"/api/v1/communities", token, &comms)
	if len(comms.Items) != 5 {
		t.Errorf("communities: got %d, want 5", len(comms.Items))
	}

	// Subcommands work while the server runs.
	var out bytes.Buffer
	err = run(context.Background(), []string{"user", "add", "--username", "police1", "--role", "department",
		"--org", "xian-public_security", "--email", "police1@example.cn", "--password", "police password 1"},
		e.get, &out, io.Discard, wallClock())
	if err != nil {
		t.Fatalf("user add: %v", err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"token", "create", "--username", "police1"}, e.get, &out, io.Discard, wallClock()); err != nil {
		t.Fatalf("token create: %v", err)
	}
	tok := strings.TrimSpace(out.String())
	if strings.Contains(tok, "\n") || !strings.HasPrefix(tok, "xt_") {
		t.Fatalf("token create printed %q, want only the token", out.String())
	}
	var me map[string]any
	getJSON(t, base+"/api/v1/me", tok, &me)
	if me["username"] != "police1" {
		t.Errorf("me: got %v, want police1", me["username"])
	}
	err = run(context.Background(), []string{"user", "add", "--username", "xx", "--role", "department", "--email", "x@y.cn"},
		e.get, io.Discard, io.Discard, wallClock())
	if err == nil || !strings.Contains(err.Error(), "org") {
		t.Errorf("department without --org: got %v, want an error about the organisation", err)
	}

	if err := stop(); err != nil {
		t.Fatalf("serve returned %v after a clean stop; logs:\n%s", err, logs)
	}
}

// TestServeSurvivesDatabaseOutage puts a switchable TCP proxy between the
// server and PostgreSQL: the server starts while the database is away,
// becomes ready when it appears, answers 503 while it is gone again and
// recovers by itself.
func TestServeSurvivesDatabaseOutage(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.addr
	q := u.Query()
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	e := sqliteEnv(t)
	e["XIETONG_DATABASE_URL"] = u.String()
	stop, logs := startServe(t, e)
	base := "http://" + e["XIETONG_HTTP_ADDR"]

	waitStatus(t, base+"/healthz", 200, 30*time.Second)
	waitStatus(t, base+"/readyz", 503, 5*time.Second)
	waitFor(t, "a retry log line", 10*time.Second, func() bool {
		return strings.Contains(logs.String(), "database unavailable, retrying")
	})

	p.setUp(true)
	waitStatus(t, base+"/readyz", 200, 60*time.Second)
	token := login(t, base, "admin", "admin password 123")

	p.setUp(false)
	waitStatus(t, base+"/readyz", 503, 10*time.Second)
	resp := get(t, base+"/api/v1/organizations", token)
	if resp.StatusCode != 503 {
		t.Errorf("API while the database is away: got %d, want 503", resp.StatusCode)
	}

	p.setUp(true)
	waitStatus(t, base+"/readyz", 200, 30*time.Second)
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp := get(t, base+"/api/v1/organizations", token)
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("API did not recover: last status %d", resp.StatusCode)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestGracefulShutdown stops the server while a request is in flight (a
// failed sign-in held in the slowdown): the server stops listening at once,
// waits for the request, which gets its answer, and only then returns.
func TestGracefulShutdown(t *testing.T) {
	e := sqliteEnv(t)
	var armed atomic.Bool
	entered, release := make(chan struct{}), make(chan struct{})
	clk := wallClock()
	clk.sleep = func(ctx context.Context, d time.Duration) {
		if armed.CompareAndSwap(true, false) {
			close(entered)
			<-release
			return
		}
		sleep(ctx, d)
	}
	stop, _ := startServeWith(t, e, clk)
	var releaseOnce sync.Once
	unblock := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(unblock) // before stop's cleanup, should the test fail early
	base := "http://" + e["XIETONG_HTTP_ADDR"]
	waitStatus(t, base+"/readyz", 200, 30*time.Second)

	armed.Store(true)
	status := make(chan int, 1)
	go func() {
		bad := `{"username":"admin","password":"wrong password"}`
		resp, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(bad))
		if err != nil {
			status <- -1
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	select {
	case <-entered:
	case <-time.After(30 * time.Second):
		t.Fatal("the sign-in never reached the slowdown")
	}
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	waitFor(t, "the server to stop listening", 10*time.Second, func() bool {
		resp, err := fresh.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err != nil
	})
	select {
	case err := <-stopped:
		t.Fatalf("serve returned (%v) with a request in flight", err)
	default:
	}
	unblock()
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if got := <-status; got != http.StatusUnauthorized {
		t.Errorf("in-flight request during shutdown: got %d, want its normal answer (401)", got)
	}
}

// TestServeStopsWhenMigrationFails: a schema that cannot be migrated (here a
// foreign table in the way) stops the server with the reason, instead of
// leaving it unready for ever.
func TestServeStopsWhenMigrationFails(t *testing.T) {
	e := sqliteEnv(t)
	path := strings.TrimPrefix(e["XIETONG_DATABASE_URL"], "sqlite://")
	st, err := store.Open(store.Options{Driver: "sqlite", SQLitePath: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.Exec("CREATE TABLE organizations (x INTEGER)"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"serve"}, e.get, io.Discard, io.Discard, wallClock())
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "startup") {
			t.Errorf("got %v, want a startup error", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve kept running with a failed migration")
	}
}
