package main

import (
	"context"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// TestServeStopsWithSilentSMTP: a mail server that accepts the relay's
// connection and never says a word does not keep serve alive past its
// shutdown timeout; serve stops promptly and cleanly.
func TestServeStopsWithSilentSMTP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c) // silent: no greeting, ever
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			_ = c.Close()
		}
	})
	accepted := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(held) > 0
	}

	e := sqliteEnv(t)
	e["XIETONG_SMTP_URL"] = "smtp://" + ln.Addr().String() + "?tls=none"
	e["XIETONG_SHUTDOWN_TIMEOUT"] = "5s"
	stop, logs := startServe(t, e)
	base := "http://" + e["XIETONG_HTTP_ADDR"]
	waitStatus(t, base+"/readyz", 200, 30*time.Second)
	err = run(context.Background(), []string{"user", "add", "--username", "police1", "--role", "department",
		"--org", "xian-public_security", "--email", "police1@example.cn", "--password", "police password 1"},
		e.get, io.Discard, io.Discard, wallClock())
	if err != nil {
		t.Fatalf("user add: %v", err)
	}
	token := login(t, base, "admin", "admin password 123")
	police := orgID(t, base, token, "xian-public_security")
	postJSON(t, base+"/api/v1/tasks", token, map[string]any{"title": "排查小区消防隐患", "lead_org_id": police,
		"due_in_working_days": 5}, &struct{}{})
	waitFor(t, "the relay to connect to the silent server", 30*time.Second, accepted)

	began := time.Now()
	if err := stop(); err != nil {
		t.Fatalf("serve: %v; logs:\n%s", err, logs)
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("serve took %v to stop, want well inside the 5s shutdown timeout", took)
	}
}
