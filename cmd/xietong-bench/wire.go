package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// wireConn is one load client's keep-alive connection to the server,
// speaking the part of HTTP/1.1 the load needs: a request written in one
// piece, the answer's status line and headers read, and its body read to the
// end (by Content-Length or chunked) and dropped but for its first bytes.
//
// The load generator shares two cores with the server and PostgreSQL, so
// what it spends per request is taken from what it measures. net/http's
// client cost about 0.1 ms of CPU per request here (two goroutines per
// connection handing each answer over a channel, a header map, a context
// per request), half the server's own cost of a get; this costs a fraction
// of it (BENCHMARKS.md, "Ninth round"). It is not a general client: it
// does not follow redirects, does not inflate, sends only what the
// operations send, and watches no context (an interrupted run waits for a
// request in flight up to the timeout).
type wireConn struct {
	addr    string // host:port
	timeout time.Duration
	c       net.Conn
	br      *bufio.Reader
	req     []byte
	head    []byte // the first bytes of the last answer's body
}

// errWire is an answer the client could not read as HTTP/1.1.
var errWire = errors.New("malformed HTTP answer")

// headMax is how much of an answer's body do keeps (for the samples of
// unexpected answers).
const headMax = 512

func newWireConn(addr string, timeout time.Duration) *wireConn {
	return &wireConn{addr: addr, timeout: timeout}
}

// close closes the connection, if one is open.
func (w *wireConn) close() {
	if w.c != nil {
		w.c.Close()
		w.c = nil
	}
}

// do sends one request and reads its whole answer, returning its status and
// the first headMax bytes of its body (valid until the next call). A
// connection that failed or that the server closes is dialled again on the
// next call.
func (w *wireConn) do(method, path, token string, body []byte, gzip bool) (int, []byte, error) {
	if w.c == nil {
		c, err := net.DialTimeout("tcp", w.addr, w.timeout)
		if err != nil {
			return 0, nil, err
		}
		w.c = c
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
	return code, w.head, err
}

func (w *wireConn) roundTrip(method, path, token string, body []byte, gzip bool) (code int, keep bool, err error) {
	if err := w.c.SetDeadline(time.Now().Add(w.timeout)); err != nil {
		return 0, false, err
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
	return w.readAnswer()
}

// readAnswer reads the status line, the headers and the body.
func (w *wireConn) readAnswer() (code int, keep bool, err error) {
	line, err := w.line()
	if err != nil {
		return 0, false, err
	}
	// "HTTP/1.1 200 OK"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' {
		return 0, false, fmt.Errorf("%w: status line %q", errWire, line)
	}
	code, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, false, fmt.Errorf("%w: status line %q", errWire, line)
	}
	keep = line[7] == '1'
	length, chunked := int64(-1), false
	for {
		line, err := w.line()
		if err != nil {
			return code, false, err
		}
		if len(line) == 0 {
			break
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return code, false, fmt.Errorf("%w: header %q", errWire, line)
		}
		v = bytes.TrimSpace(v)
		switch {
		case bytes.EqualFold(k, []byte("Content-Length")):
			if length, err = strconv.ParseInt(string(v), 10, 64); err != nil || length < 0 {
				return code, false, fmt.Errorf("%w: Content-Length %q", errWire, v)
			}
		case bytes.EqualFold(k, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(v, []byte("chunked"))
		case bytes.EqualFold(k, []byte("Connection")):
			if bytes.EqualFold(v, []byte("close")) {
				keep = false
			}
		}
	}
	w.head = w.head[:0]
	switch {
	case code == 204 || code == 304 || code/100 == 1:
	case chunked:
		for {
			line, err := w.line()
			if err != nil {
				return code, false, err
			}
			size, _, _ := bytes.Cut(line, []byte(";"))
			n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 64)
			if err != nil || n < 0 {
				return code, false, fmt.Errorf("%w: chunk size %q", errWire, line)
			}
			if n == 0 {
				break
			}
			if err := w.body(n); err != nil {
				return code, false, err
			}
			if line, err := w.line(); err != nil || len(line) != 0 {
				return code, false, fmt.Errorf("%w: no line end after a chunk", errWire)
			}
		}
		for { // trailers, up to the empty line
			line, err := w.line()
			if err != nil {
				return code, false, err
			}
			if len(line) == 0 {
				break
			}
		}
	case length >= 0:
		if err := w.body(length); err != nil {
			return code, false, err
		}
	default: // to the end of the connection
		if err := w.body(-1); err != nil {
			return code, false, err
		}
		keep = false
	}
	return code, keep, nil
}

// line reads one header line without its CRLF. The slice is valid until
// the next read.
func (w *wireConn) line() ([]byte, error) {
	line, err := w.br.ReadSlice('\n')
	if err != nil {
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, fmt.Errorf("%w: line longer than %d bytes", errWire, w.br.Size())
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return bytes.TrimSuffix(line[:len(line)-1], []byte("\r")), nil
}

// body reads n bytes of body (n < 0: to the end of the connection),
// keeping the first headMax.
func (w *wireConn) body(n int64) error {
	for n != 0 {
		if _, err := w.br.Peek(1); err != nil {
			if n < 0 && errors.Is(err, io.EOF) {
				return nil
			}
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		p, _ := w.br.Peek(w.br.Buffered())
		if n >= 0 && int64(len(p)) > n {
			p = p[:n]
		}
		if room := headMax - len(w.head); room > 0 {
			w.head = append(w.head, p[:min(room, len(p))]...)
		}
		if _, err := w.br.Discard(len(p)); err != nil {
			return err
		}
		if n > 0 {
			n -= int64(len(p))
		}
	}
	return nil
}
