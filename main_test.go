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
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
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
		"XIETONG_DATA_DIR":       dir, // the upload spool, kept out of the source tree
		"XIETONG_HTTP_ADDR":      freeAddr(t),
		"XIETONG_ADMIN_PASSWORD": "admin password 123",
		"XIETONG_LOG_LEVEL":      "warn",
		"LANG":                   "en_US.UTF-8", // the tests read the English texts
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
	return startServeWith(t, e, wallClock())
}

// startServeWith is startServe on clock clk.
func startServeWith(t *testing.T, e env, clk clock) (stop func() error, logs *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, e.get, io.Discard, logs, clk) }()
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

// waitFor polls cond until it holds or within passes.
func waitFor(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
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

// orgID returns the id of the organisation with code, as the API lists it.
func orgID(t *testing.T, base, token, code string) int64 {
	t.Helper()
	var orgs struct {
		Items []struct {
			ID   int64  `json:"id"`
			Code string `json:"code"`
		} `json:"items"`
	}
	getJSON(t, base+"/api/v1/organizations?limit=200", token, &orgs)
	for _, o := range orgs.Items {
		if o.Code == code {
			return o.ID
		}
	}
	t.Fatalf("no organisation %s", code)
	return 0
}
