package notifications

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"net/url"
	"strconv"
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

// NewSMTP builds the transport from XIETONG_SMTP_URL (already validated by config).
func NewSMTP(u *url.URL, timeout time.Duration) (*SMTP, error) {
	port := 25
	if u.Scheme == "smtps" {
		port = 465
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("smtp url: bad port %q", p)
		}
		port = n
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
