package notifications

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/go-mail/mail"
)

// Outgoing is one built message and its envelope recipients.
type Outgoing struct {
	From string
	To   []string
	Raw  []byte
}

// Transport delivers messages. Send takes a batch, which an SMTP transport
// sends over one connection, and returns one error (or nil) per message.
type Transport interface {
	Send(ctx context.Context, batch []Outgoing) []error
	// Name is "smtp" or "log", for logs and the outbox list.
	Name() string
}

// PermanentError marks a failure that retrying cannot fix (a recipient the
// server rejects with a 5xx reply): the message is marked failed at once.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// LogTransport is the mail log: it delivers nothing, and the relay keeps the
// message as sent so admins can read it. It lets `make run` work with no
// mail server.
type LogTransport struct{}

// Send accepts every message.
func (LogTransport) Send(_ context.Context, batch []Outgoing) []error {
	return make([]error, len(batch))
}

// Name is "log".
func (LogTransport) Name() string { return "log" }

// SMTP sends through a mail server with the customer's go-mail dialer:
// STARTTLS required unless the URL says tls=none, implicit TLS for smtps://,
// AUTH when the URL has a user. Every exchange is bounded by the timeout:
// the connect, the greeting, each command and each whole message (see
// boundedConn); and a send whose context ends is abandoned at once.
type SMTP struct {
	dialer *gomail.Dialer
}

// NewSMTP builds the transport from an smtp:// or smtps:// URL
// (XIETONG_SMTP_URL): a host, an optional port, an optional user and
// password, and tls=none or tls=starttls for smtp://. It refuses a URL it
// could not dial, so that a server fails at start rather than at the first
// message; its errors never quote the URL, which may hold a password.
// The server's certificate is checked against the system's roots.
func NewSMTP(u *url.URL, timeout time.Duration) (*SMTP, error) {
	return NewSMTPWithRoots(u, timeout, nil)
}

// NewSMTPWithRoots is NewSMTP trusting the certificate authorities in roots
// (XIETONG_SMTP_CA_FILE) instead of the system's, for a mail server with a
// certificate from a private CA; nil roots are the system's.
func NewSMTPWithRoots(u *url.URL, timeout time.Duration, roots *x509.CertPool) (*SMTP, error) {
	if err := checkServerURL(u, "smtp", "smtps"); err != nil {
		return nil, err
	}
	if timeout <= 0 {
		return nil, errors.New("smtp: the timeout must be positive")
	}
	port := 25
	if u.Scheme == "smtps" {
		port = 465
	}
	if p := u.Port(); p != "" {
		port, _ = strconv.Atoi(p) // checkServerURL checked it
	}
	pass, _ := u.User.Password()
	d := gomail.NewDialer(u.Hostname(), port, u.User.Username(), pass)
	d.Timeout = timeout
	d.RetryFailure = false // the relay retries, with backoff and the same Message-ID
	d.SSL = u.Scheme == "smtps"
	d.TLSConfig = &tls.Config{ServerName: u.Hostname(), RootCAs: roots, MinVersion: tls.VersionTLS12}
	switch u.Query().Get("tls") {
	case "none":
		d.StartTLSPolicy = gomail.NoStartTLS
	default:
		d.StartTLSPolicy = gomail.MandatoryStartTLS
	}
	return &SMTP{dialer: d}, nil
}

// Name is "smtp".
func (s *SMTP) Name() string { return "smtp" }

// ErrAbandoned marks a message whose send was given up because its context
// ended: it may or may not have been delivered, so it is tried again with
// the same Message-ID.
var ErrAbandoned = errors.New("smtp: send abandoned")

// Send delivers the batch over one connection, dialling again after a
// message that failed (the server may have left the transaction open).
//
// When ctx ends, Send returns at once: go-mail cannot be interrupted, so the
// exchange goes on in its own goroutine until its current step times out
// or completes (boundedConn bounds both), and it starts nothing new. Every
// message not settled by then gets an error wrapping ErrAbandoned and the
// context's error.
func (s *SMTP) Send(ctx context.Context, batch []Outgoing) []error {
	var mu sync.Mutex
	errs := make([]error, len(batch))
	settled := make([]bool, len(batch))
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.send(ctx, batch, func(i int, err error) {
			mu.Lock()
			errs[i], settled[i] = err, true
			mu.Unlock()
		})
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
	mu.Lock()
	defer mu.Unlock()
	out := make([]error, len(batch))
	for i := range batch {
		out[i] = errs[i]
		if !settled[i] {
			out[i] = fmt.Errorf("%w: %w", ErrAbandoned, context.Cause(ctx))
		}
	}
	return out
}

// send is Send's exchange; settle reports each message's result.
func (s *SMTP) send(ctx context.Context, batch []Outgoing, settle func(int, error)) {
	var conn gomail.SendCloser
	defer func() {
		if conn != nil {
			_ = conn.Close() // QUIT; the messages are already accepted or not
		}
	}()
	for i, m := range batch {
		if ctx.Err() != nil {
			return // Send reports the rest abandoned
		}
		if conn == nil {
			c, err := s.dialer.Dial()
			if err != nil {
				for j := i; j < len(batch); j++ {
					settle(j, fmt.Errorf("dial: %w", err))
				}
				return
			}
			conn = c
		}
		err := conn.Send(m.From, m.To, rawMessage(m.Raw))
		if err != nil {
			err = classify(err)
			_ = conn.Close() // best effort; the next message dials afresh
			conn = nil
		}
		settle(i, err)
	}
}

// go-mail dials through its package variable NetDialTimeout and reads the
// server's greeting before it sets any deadline, so a server that accepts
// and stays silent would hold it forever. This package is the only user of
// go-mail in the process, so it replaces the variable once, before any
// transport exists, with a dial whose connection bounds every read and
// write by the dialer's timeout.
func init() { gomail.NetDialTimeout = dialBounded }

// dialBounded connects within timeout and returns a boundedConn.
func dialBounded(network, addr string, timeout time.Duration) (net.Conn, error) {
	c, err := net.DialTimeout(network, addr, timeout)
	if err != nil || timeout <= 0 {
		return c, err
	}
	return &boundedConn{Conn: c, step: timeout}, nil
}

// boundedConn gives each read and write at most step, and never more than
// the deadline its user set: go-mail sets one per message (now + timeout),
// which so bounds the whole message, and one after the greeting for the
// rest of the dial. Before that, the greeting itself is bounded by step.
type boundedConn struct {
	net.Conn
	step  time.Duration
	mu    sync.Mutex
	outer time.Time // the deadline set through SetDeadline; zero: none
}

func (c *boundedConn) arm() {
	c.mu.Lock()
	d := time.Now().Add(c.step)
	if !c.outer.IsZero() && c.outer.Before(d) {
		d = c.outer
	}
	c.mu.Unlock()
	_ = c.Conn.SetDeadline(d) // on a closed connection the I/O fails anyway
}

func (c *boundedConn) Read(p []byte) (int, error) {
	c.arm()
	return c.Conn.Read(p)
}

func (c *boundedConn) Write(p []byte) (int, error) {
	c.arm()
	return c.Conn.Write(p)
}

// SetDeadline records t as the outer bound; Read and Write apply it.
func (c *boundedConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	c.outer = t
	c.mu.Unlock()
	return nil
}

// checkServerURL checks a mail server URL: one of the schemes (plain,
// then the implicit-TLS one), a host, a port from 1 to 65535 if any, and
// at most tls=none or tls=starttls, only on the plain scheme.
func checkServerURL(u *url.URL, plain, implicit string) error {
	if u == nil {
		return fmt.Errorf("%s url: none", plain)
	}
	if u.Scheme != plain && u.Scheme != implicit {
		return fmt.Errorf("%s url: unsupported scheme %q (want %s:// or %s://)", plain, u.Scheme, plain, implicit)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("%s url: no host", plain)
	}
	// u.Port() hides a port that is not all digits, so look at Host.
	if i := strings.LastIndexByte(u.Host, ':'); i > strings.LastIndexByte(u.Host, ']') {
		p := u.Host[i+1:]
		if n, err := strconv.Atoi(p); p != "" && (err != nil || n < 1 || n > 65535) {
			return fmt.Errorf("%s url: bad port %q", plain, p)
		}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return fmt.Errorf("%s url: malformed query", plain)
	}
	for k, vs := range q {
		switch {
		case k != "tls":
			return fmt.Errorf("%s url: unknown query parameter %q", plain, k)
		case u.Scheme != plain:
			return fmt.Errorf("%s url: tls= is allowed only with %s://", plain, plain)
		case len(vs) != 1 || (vs[0] != "none" && vs[0] != "starttls"):
			return fmt.Errorf("%s url: tls must be none or starttls", plain)
		}
	}
	return nil
}

// classify wraps 5xx replies as permanent; everything else (4xx, network)
// is worth retrying.
func classify(err error) error {
	var tp *textproto.Error
	if errors.As(err, &tp) && tp.Code >= 500 {
		return &PermanentError{Err: err}
	}
	return err
}

type rawMessage []byte

func (r rawMessage) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(r)
	return int64(n), err
}
