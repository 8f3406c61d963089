package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestProfiler: the profiler answers on its own address and stops with its
// context.
func TestProfiler(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- profiler(addr, slog.New(slog.NewTextHandler(io.Discard, nil)))(ctx) }()
	var body string
	for range 50 {
		resp, err := http.Get("http://" + addr + "/debug/pprof/cmdline")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = string(b)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(body, ".test") {
		t.Errorf("cmdline answered %q", body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("profiler: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the profiler did not stop")
	}
}
