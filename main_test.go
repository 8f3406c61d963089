package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"xietong/domain/store"
	"xietong/domain/store/storetest"
)

// env is a test environment for run.
type env map[string]string

func (e env) get(k string) string { return e[k] }

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func sqliteEnv(t *testing.T) env {
	dir := t.TempDir()
	return env{
		"XIETONG_DATABASE_URL":   "sqlite://" + filepath.Join(dir, "x.db"),
		"XIETONG_HTTP_ADDR":      freeAddr(t),
		"XIETONG_ADMIN_PASSWORD": "admin password 123",
		"XIETONG_LOG_LEVEL":      "warn",
	}
}

// syncBuffer is a bytes.Buffer safe for the server goroutine to write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs "serve" in the background and returns a function that
// stops it and reports run's error.
func startServe(t *testing.T, e env) (stop func() error, logs *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, e.get, io.Discard, logs, wallClock()) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				err = errors.New("serve did not stop within 30 s")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop, logs
}

// waitStatus polls url until it answers want or the deadline passes.
func waitStatus(t *testing.T, url string, want int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	last := 0
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			last = resp.StatusCode
			resp.Body.Close()
			if last == want {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: last status %d, want %d within %v", url, last, want, within)
}

func TestBadConfigurationExitsTwo(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"serve"}, env{"XIETONG_TIMEZONE": "Mars/Base"}.get, io.Discard, &stderr, wallClock())
	var ec *exitCode
	if !errors.As(err, &ec) || ec.code != 2 {
		t.Fatalf("got %v, want exit code 2", err)
	}
	if !strings.Contains(err.Error(), "XIETONG_TIMEZONE") || strings.Count(err.Error(), "\n") != 0 {
		t.Errorf("message %q should be one line naming XIETONG_TIMEZONE", err.Error())
	}
}

// TestBadCronSpecExitsTwo: the scheduler checks the cron specs before the
// server starts, and a bad one is a configuration error naming its variable.
func TestBadCronSpecExitsTwo(t *testing.T) {
	e := sqliteEnv(t)
	e["XIETONG_SCHEDULE_WEEKLY_REPORT"] = "30 25 * * 1"
	e["XIETONG_SCHEDULE_SWEEP"] = "@every 1h"
	err := run(context.Background(), []string{"serve"}, e.get, io.Discard, io.Discard, wallClock())
	var ec *exitCode
	if !errors.As(err, &ec) || ec.code != 2 {
		t.Fatalf("got %v, want exit code 2", err)
	}
	want := `XIETONG_SCHEDULE_SWEEP: @every is not allowed (replicas would not agree on its times), got "@every 1h"` + "\n" +
		`XIETONG_SCHEDULE_WEEKLY_REPORT: invalid cron spec "30 25 * * 1": end of range (25) above maximum (23): 25`
	if err.Error() != want {
		t.Errorf("got %q, want %q", err.Error(), want)
	}
	if _, statErr := os.Stat(strings.TrimPrefix(e["XIETONG_DATABASE_URL"], "sqlite://")); statErr == nil {
		t.Error("the database was opened before the schedule was checked")
	}
}

func TestUnknownCommand(t *testing.T) {
	err := run(context.Background(), []string{"frobnicate"}, env{}.get, io.Discard, io.Discard, wallClock())
	var ec *exitCode
	if !errors.As(err, &ec) || ec.code != 2 {
		t.Fatalf("got %v, want a usage error (exit 2)", err)
	}
}

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
	if len(orgs.Items) < 104 {
		t.Errorf("organizations: got %d, want ≥104", len(orgs.Items))
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

func TestMigrateCommand(t *testing.T) {
	e := sqliteEnv(t)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "status"}, e.get, &out, io.Discard, wallClock()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "pending") {
		t.Errorf("status on an empty database: %q, want pending migrations", out.String())
	}
	for _, step := range []string{"up", "down", "up"} {
		out.Reset()
		if err := run(context.Background(), []string{"migrate", step}, e.get, &out, io.Discard, wallClock()); err != nil {
			t.Fatalf("migrate %s: %v", step, err)
		}
	}
	out.Reset()
	_ = run(context.Background(), []string{"migrate", "status"}, e.get, &out, io.Discard, wallClock())
	if strings.Contains(out.String(), "pending") {
		t.Errorf("after up: %q, want all applied", out.String())
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
	time.Sleep(1500 * time.Millisecond)
	if !strings.Contains(logs.String(), "database unavailable, retrying") {
		t.Errorf("no retry log line; logs:\n%s", logs)
	}

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

func login(t *testing.T, base, user, pw string) string {
	t.Helper()
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, user, pw)
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&out) != nil || out.Token == "" {
		t.Fatalf("login %s: status %d", user, resp.StatusCode)
	}
	return out.Token
}

// get makes an authenticated GET and closes the body (for the status).
func get(t *testing.T, url, token string) *http.Response {
	t.Helper()
	resp := do(t, url, token)
	resp.Body.Close()
	return resp
}

// do makes an authenticated GET; the caller closes the body.
func do(t *testing.T, url, token string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func getJSON(t *testing.T, url, token string, v any) {
	t.Helper()
	resp := do(t, url, token)
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// proxy forwards TCP connections to target while up; switching it down
// closes every open connection and refuses new ones, like a database that
// went away.
type proxy struct {
	addr   string
	target string
	mu     sync.Mutex
	up     bool
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	p := &proxy{addr: ln.Addr().String(), target: target}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.handle(c)
		}
	}()
	t.Cleanup(func() { p.setUp(false) })
	return p
}

func (p *proxy) handle(c net.Conn) {
	p.mu.Lock()
	if !p.up {
		p.mu.Unlock()
		c.Close()
		return
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		p.mu.Unlock()
		c.Close()
		return
	}
	p.conns = append(p.conns, c, up)
	p.mu.Unlock()
	go func() { _, _ = io.Copy(up, c); up.Close() }()
	_, _ = io.Copy(c, up)
	c.Close()
}

func (p *proxy) setUp(up bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = up
	if !up {
		for _, c := range p.conns {
			c.Close()
		}
		p.conns = nil
	}
}

// TestGracefulShutdown stops the server while a request is in flight (a
// failed sign-in held by the slowdown): the request still gets its answer.
func TestGracefulShutdown(t *testing.T) {
	e := sqliteEnv(t)
	stop, _ := startServe(t, e)
	base := "http://" + e["XIETONG_HTTP_ADDR"]
	waitStatus(t, base+"/readyz", 200, 30*time.Second)
	bad := `{"username":"admin","password":"wrong password"}`
	for range 3 { // the third failure is held for half a second
		resp, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	status := make(chan int, 1)
	go func() {
		resp, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(bad))
		if err != nil {
			status <- -1
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	time.Sleep(200 * time.Millisecond)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if got := <-status; got != http.StatusUnauthorized && got != http.StatusTooManyRequests {
		t.Errorf("in-flight request during shutdown: got %d, want its normal answer (401/429)", got)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
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
