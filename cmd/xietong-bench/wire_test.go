package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// wireServer is an httptest server counting the connections it accepts.
func wireServer(t *testing.T, h http.HandlerFunc) (addr string, conns *atomic.Int32) {
	t.Helper()
	conns = new(atomic.Int32)
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://"), conns
}

func TestWireConnSendsTheRequest(t *testing.T) {
	addr, _ := wireServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, r.Method+" "+r.URL.RequestURI()+" auth="+r.Header.Get("Authorization")+
			" ct="+r.Header.Get("Content-Type")+" ae="+r.Header.Get("Accept-Encoding")+" body="+string(b))
	})
	w := newWireConn(context.Background(), addr, 5*time.Second)
	defer w.close()
	code, head, err := w.do("POST", "/api/v1/tasks?x=1", "tok", []byte(`{"a":"督办"}`), true)
	if err != nil || code != http.StatusCreated {
		t.Fatalf("do: %d %v", code, err)
	}
	want := `POST /api/v1/tasks?x=1 auth=Bearer tok ct=application/json ae=gzip body={"a":"督办"}`
	if string(head) != want {
		t.Errorf("the server saw\n%s\nwant\n%s", head, want)
	}
	code, head, err = w.do("GET", "/t/1", "tok", nil, false)
	if err != nil || code != http.StatusCreated || string(head) != "GET /t/1 auth=Bearer tok ct= ae= body=" {
		t.Errorf("second request: %d %q %v", code, head, err)
	}
}

// Answers of every framing are read to their end, so the connection is
// reused and the next answer is the next request's; only the first bytes
// are kept.
func TestWireConnReadsWholeAnswersAndKeepsTheConnection(t *testing.T) {
	big := strings.Repeat("0123456789", 5000) // 50 KB, more than the reader's buffer
	addr, conns := wireServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/chunked":
			for i := 0; i < 5; i++ {
				io.WriteString(w, big[:10000])
				w.(http.Flusher).Flush()
			}
		case "/length":
			w.Header().Set("Content-Length", "50000")
			io.WriteString(w, big)
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		case "/missing":
			http.Error(w, "no such task", http.StatusNotFound)
		}
	})
	w := newWireConn(context.Background(), addr, 5*time.Second)
	defer w.close()
	for i := 0; i < 3; i++ {
		for _, c := range []struct {
			path string
			code int
			head string
		}{
			{"/chunked", 200, big[:headMax]},
			{"/length", 200, big[:headMax]},
			{"/empty", 204, ""},
			{"/missing", 404, "no such task\n"},
		} {
			code, head, err := w.do("GET", c.path, "t", nil, false)
			if err != nil || code != c.code || string(head) != c.head {
				t.Fatalf("%s: %d %.40q %v, want %d %.40q", c.path, code, head, err, c.code, c.head)
			}
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections for 12 requests, want 1", n)
	}
}

// A server that closes the connection after its answer is dialled again.
func TestWireConnDialsAgainAfterClose(t *testing.T) {
	addr, conns := wireServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		io.WriteString(w, "bye")
	})
	w := newWireConn(context.Background(), addr, 5*time.Second)
	for i := 0; i < 3; i++ {
		if code, head, err := w.do("GET", "/", "t", nil, false); err != nil || code != 200 || string(head) != "bye" {
			t.Fatalf("request %d: %d %q %v", i, code, head, err)
		}
	}
	if n := conns.Load(); n != 3 {
		t.Errorf("%d connections, want 3", n)
	}
}

// What is not HTTP/1.1 is an error, not a status.
func TestWireConnRejectsMalformedAnswers(t *testing.T) {
	for _, answer := range []string{
		"HELLO\r\n\r\n",
		"HTTP/1.1 2x0 OK\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
	} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 4096)
			c.Read(buf)
			io.WriteString(c, answer)
			c.Close()
		}()
		w := newWireConn(context.Background(), ln.Addr().String(), 5*time.Second)
		w.head = append(w.head[:0], "an earlier answer"...)
		_, head, err := w.do("GET", "/", "t", nil, false)
		if head != nil {
			t.Errorf("answer %q: body %q returned with the error", answer, head)
		}
		ln.Close()
		if err == nil {
			t.Errorf("answer %q: no error", answer)
		}
		if w.c != nil {
			t.Errorf("answer %q: the connection was kept after an error", answer)
		}
	}
}

// An interrupted run does not wait for a request in flight: ending the
// context fails it at once with the context's error, not the timeout's, and
// a connection to a server that never answers is dropped.
func TestWireConnStopsWithItsContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		// Read the whole request, so that the client is past writing it
		// and waits for the answer, which never comes.
		var got []byte
		buf := make([]byte, 4096)
		for !bytes.Contains(got, []byte("\r\n\r\n")) {
			n, err := c.Read(buf)
			if err != nil {
				break
			}
			got = append(got, buf[:n]...)
		}
		accepted <- c
	}()
	ctx, cancel := context.WithCancel(context.Background())
	w := newWireConn(ctx, ln.Addr().String(), time.Hour)
	done := make(chan error, 1)
	go func() {
		_, _, err := w.do("GET", "/", "t", nil, false)
		done <- err
	}()
	c := <-accepted
	defer c.Close()
	cancel()
	// A hang detector, not a measure: the request fails as soon as the
	// watch moves the deadline; without the watch it would wait an hour.
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("do after the context ended: %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("do still waits for the answer a minute after its context ended")
	}
	if w.c != nil {
		t.Error("the connection was kept after the context ended")
	}
	if _, _, err := w.do("GET", "/", "t", nil, false); !errors.Is(err, context.Canceled) {
		t.Errorf("the next do: %v, want context.Canceled without dialling", err)
	}
}
