package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// wireConn is one load client's keep-alive connection to the server: the
// request written in one piece, the answer read with net/http's
// ReadResponse and its body read to the end and dropped but for its first
// bytes.
//
// The load generator shares two cores with the server and PostgreSQL, so
// what it spends per request is taken from what it measures. net/http's
// client cost about 0.09 ms of CPU per request here, half the server's own
// cost of a get: most of it the transport (two goroutines per connection
// handing each answer over channels, a context per request), not the
// parsing, which ReadResponse does in a few microseconds. This costs about
// half (BENCHMARKS.md, "Ninth round"). It is not a general client: it does
// not follow redirects, does not inflate, and sends only what the operations
// send. Its context is watched once per connection, not per request: when it
// ends, the open connection's deadline is moved to the past, so a request in
// flight fails at once with the context's error.
type wireConn struct {
	ctx     context.Context
	addr    string // host:port
	timeout time.Duration
	c       net.Conn
	unwatch func() bool // stops the context's watch of c
	br      *bufio.Reader
	req     []byte
	head    []byte // the first bytes of the last answer's body
}

// headMax is how much of an answer's body is kept: enough for the samples of
// unexpected answers.
const headMax = 512

func newWireConn(ctx context.Context, addr string, timeout time.Duration) *wireConn {
	return &wireConn{ctx: ctx, addr: addr, timeout: timeout}
}

// close closes the connection, if one is open.
func (w *wireConn) close() {
	if w.c != nil {
		w.unwatch()
		w.c.Close()
		w.c = nil
	}
}

// expired is a deadline already past: setting it fails the reads and writes
// in flight on a connection.
var expired = time.Unix(1, 0)

// do sends one request and reads its whole answer, returning its status and
// the first headMax bytes of its body (valid until the next call). A
// connection that failed or that the server closes is dialled again on the
// next call.
func (w *wireConn) do(method, path, token string, body []byte, gzip bool) (int, []byte, error) {
	if err := w.ctx.Err(); err != nil {
		return 0, nil, err
	}
	if w.c == nil {
		d := net.Dialer{Timeout: w.timeout}
		c, err := d.DialContext(w.ctx, "tcp", w.addr)
		if err != nil {
			return 0, nil, err
		}
		w.c = c
		w.unwatch = context.AfterFunc(w.ctx, func() { c.SetDeadline(expired) })
		if w.br == nil {
			w.br = bufio.NewReaderSize(c, 32<<10)
		} else {
			w.br.Reset(c)
		}
	}
	code, keep, err := w.roundTrip(method, path, token, body, gzip)
	if err != nil || !keep {
		w.close()
	}
	if err != nil {
		if cerr := w.ctx.Err(); cerr != nil {
			err = cerr // the deadline the watch set, not the server's fault
		}
		return code, nil, err // not the last answer's bytes
	}
	return code, w.head, nil
}

func (w *wireConn) roundTrip(method, path, token string, body []byte, gzip bool) (code int, keep bool, err error) {
	// This deadline would undo the watch's had the context just ended, so
	// the context is looked at again after it is set.
	if err := w.c.SetDeadline(time.Now().Add(w.timeout)); err != nil {
		return 0, false, err
	}
	if w.ctx.Err() != nil {
		w.c.SetDeadline(expired)
	}
	r := append(w.req[:0], method...)
	r = append(r, ' ')
	r = append(r, path...)
	r = append(r, " HTTP/1.1\r\nHost: "...)
	r = append(r, w.addr...)
	r = append(r, "\r\nUser-Agent: xietong-bench\r\nAccept: application/json\r\nAuthorization: Bearer "...)
	r = append(r, token...)
	if gzip {
		r = append(r, "\r\nAccept-Encoding: gzip"...)
	}
	if body != nil {
		r = append(r, "\r\nContent-Type: application/json\r\nContent-Length: "...)
		r = strconv.AppendInt(r, int64(len(body)), 10)
	}
	r = append(r, "\r\n\r\n"...)
	r = append(r, body...)
	w.req = r
	if _, err := w.c.Write(r); err != nil {
		return 0, false, err
	}
	return w.readAnswer(method)
}

// readAnswer reads the answer, keeping the first headMax bytes of its
// body, and reports whether the connection can carry the next request.
// Closing the body reads the rest of it.
func (w *wireConn) readAnswer(method string) (code int, keep bool, err error) {
	resp, err := http.ReadResponse(w.br, &http.Request{Method: method})
	if err != nil {
		return 0, false, err
	}
	buf := bytes.NewBuffer(w.head[:0])
	_, err = io.CopyN(buf, resp.Body, headMax)
	w.head = buf.Bytes()
	if err != nil && !errors.Is(err, io.EOF) {
		resp.Body.Close()
		return resp.StatusCode, false, err
	}
	if err := resp.Body.Close(); err != nil {
		return resp.StatusCode, false, err
	}
	return resp.StatusCode, !resp.Close, nil
}
