package notifications

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
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
// AUTH when the URL has a user, a dial and I/O timeout.
type SMTP struct {
	dialer *gomail.Dialer
}

// NewSMTP builds the transport from an smtp:// or smtps:// URL
// (XIETONG_SMTP_URL): a host, an optional port, an optional user and
// password, and tls=none or tls=starttls for smtp://. It refuses a URL it
// could not dial, so that a server fails at start rather than at the first
// message; its errors never quote the URL, which may hold a password.
func NewSMTP(u *url.URL, timeout time.Duration) (*SMTP, error) {
	if err := checkServerURL(u, "smtp", "smtps"); err != nil {
		return nil, err
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

// Send delivers the batch over one connection, dialling again after a
// message that failed (the server may have left the transaction open).
func (s *SMTP) Send(ctx context.Context, batch []Outgoing) []error {
	errs := make([]error, len(batch))
	var conn gomail.SendCloser
	defer func() {
		if conn != nil {
			_ = conn.Close() // QUIT; the messages are already accepted or not
		}
	}()
	for i, m := range batch {
		if err := ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if conn == nil {
			c, err := s.dialer.Dial()
			if err != nil {
				for j := i; j < len(batch); j++ {
					errs[j] = fmt.Errorf("dial: %w", err)
				}
				return errs
			}
			conn = c
		}
		if err := conn.Send(m.From, m.To, rawMessage(m.Raw)); err != nil {
			errs[i] = classify(err)
			_ = conn.Close() // best effort; the next message dials afresh
			conn = nil
		}
	}
	return errs
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
