package notifications

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	mathrand "math/rand/v2"
	"net"
	"net/url"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// ErrRetry marks a transient failure of Poller.Handle, such as the database
// being away: the message stays unseen in the mailbox and is tried again at
// the next poll. Handle wraps it, e.g. fmt.Errorf("store reply: %w: %w",
// ErrRetry, err). Any other error is permanent.
var ErrRetry = errors.New("retry later")

// errLoginRefused marks a server that answered LOGIN with NO or BAD: wrong
// credentials, which waiting alone will not fix, so Run says so plainly.
var errLoginRefused = errors.New("imap login refused")

// Poller reads new replies from a mailbox (XIETONG_IMAP_URL) and hands each
// raw message to Handle, idling between polls where the server offers IDLE. A message Handle accepts is marked \Seen and moved
// to Processed; one it fails permanently (or one larger than MaxSize) is
// moved to Failed, so it never blocks the ones behind it; one it fails with
// ErrRetry stays unseen in the mailbox for the next poll.
//
// Messages are fetched with BODY.PEEK[], so a crash before Handle returns
// leaves them unseen; Handle must be idempotent (it dedupes by Message-ID)
// because a crash after Handle but before the move hands a message over
// again.
type Poller struct {
	// URL is imaps://user:pass@host:port/MAILBOX (implicit TLS, port 993),
	// imap://… (STARTTLS required, port 143) or imap://…?tls=none (no TLS,
	// for a server on a trusted network). The path names the mailbox to
	// read, INBOX when empty.
	URL    *url.URL
	Handle func(ctx context.Context, raw []byte) error
	Log    *slog.Logger
	// Interval is the wait between polls (default 30 s); while idling, the
	// longest wait before polling again without news from the server.
	Interval time.Duration
	// Processed and Failed are the folders messages are moved to (default
	// "Processed" and "Failed"); they are created when missing.
	Processed, Failed string
	// TLSConfig, when set, is used for TLS (e.g. to trust a private CA);
	// ServerName defaults to the URL's host.
	TLSConfig *tls.Config
	// MaxSize is the largest message handed to Handle (default 25 MiB);
	// larger ones are moved to Failed unread.
	MaxSize int64
	// Backoff is the wait after the n-th poll in a row that failed (n ≥ 1).
	// The default doubles from 1 s to 5 min, ±20 % jitter.
	Backoff func(n int) time.Duration
}

// Validate reports what makes the poller unable to run: a URL it cannot
// dial or a missing Handle. Run checks it first; a server checks it before
// it starts, so a bad XIETONG_IMAP_URL stops the start rather than a poll.
func (p *Poller) Validate() error {
	if p.Handle == nil {
		return errors.New("imap poller: no Handle")
	}
	if p.Log == nil {
		return errors.New("imap poller: no Log")
	}
	return checkServerURL(p.URL, "imap", "imaps")
}

// Run polls until ctx ends, and then returns nil. Where the server offers
// IDLE it stays connected between polls and polls again as soon as the
// server announces new mail, or after Interval at the latest (so a message
// deferred with ErrRetry is tried again); otherwise it reconnects every
// Interval. While the server is unreachable or refuses the login it backs
// off, logging once per attempt, and it resumes by itself when the server
// answers again. It returns an error only for a poller that does not pass
// Validate, at once.
func (p *Poller) Run(ctx context.Context) error {
	if err := p.Validate(); err != nil {
		return err
	}
	failures := 0
	passed := func() {
		if failures > 0 {
			p.Log.Info("imap available again", "job", "imap", "failures", failures)
			failures = 0
		}
	}
	for {
		_, err := p.connect(ctx, true, passed)
		if ctx.Err() != nil {
			return nil
		}
		wait := p.interval()
		if err != nil {
			failures++
			wait = p.backoff(failures)
			if errors.Is(err, errLoginRefused) {
				p.Log.Error("imap login failed, retrying", "job", "imap", "err", err, "failures", failures, "retry_in", wait)
			} else {
				p.Log.Warn("imap unavailable, retrying", "job", "imap", "err", err, "failures", failures, "retry_in", wait)
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

func (p *Poller) interval() time.Duration {
	if p.Interval <= 0 {
		return 30 * time.Second
	}
	return p.Interval
}

func (p *Poller) backoff(n int) time.Duration {
	if p.Backoff != nil {
		return p.Backoff(n)
	}
	d := min(time.Second<<min(max(n-1, 0), 9), 5*time.Minute)
	return d*4/5 + mathrand.N(d*2/5+1)
}

// PollOnce connects, logs in, selects the mailbox, handles every unseen
// message in UID order, and logs out. It returns how many messages left the
// mailbox (to Processed or Failed). An error means the server could not be
// reached or refused a command; messages not yet moved stay where they were.
func (p *Poller) PollOnce(ctx context.Context) (handled int, err error) {
	return p.connect(ctx, false, nil)
}

// connect runs one session: a single poll, or with idle polls for as long
// as the server offers IDLE and answers; passed is called after each poll
// that went through.
func (p *Poller) connect(ctx context.Context, idle bool, passed func()) (handled int, err error) {
	conn, err := p.dial(ctx)
	if err != nil {
		return 0, err
	}
	// The client takes no context: closing the connection unblocks it.
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	defer conn.Close()

	handled, err = p.session(ctx, conn, idle, passed)
	if ctx.Err() != nil {
		return handled, ctx.Err()
	}
	return handled, err
}

// session logs in and polls over an open connection, then idles and polls
// again while idle is set and the server offers IDLE.
func (p *Poller) session(ctx context.Context, conn net.Conn, idle bool, passed func()) (int, error) {
	wake := make(chan struct{}, 1)
	c, err := p.client(conn, wake)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if err := p.login(c); err != nil {
		return 0, err
	}
	handled := 0
	for {
		n, err := p.poll(ctx, c)
		handled += n
		if err != nil {
			return handled, err
		}
		if passed != nil {
			passed()
		}
		if !idle || !c.Caps().Has(imap.CapIdle) {
			logout(c)
			return handled, nil
		}
		if err := p.idle(ctx, c, wake); err != nil {
			return handled, err
		}
	}
}

// poll handles every unseen message of the mailbox once.
func (p *Poller) poll(ctx context.Context, c *imapclient.Client) (int, error) {
	uids, err := p.unseen(c)
	if err != nil || len(uids) == 0 {
		return 0, err
	}
	processed, failed := cmp.Or(p.Processed, "Processed"), cmp.Or(p.Failed, "Failed")
	// Make the folders before handling anything, so a server that refuses
	// them leaves every message unseen rather than handled and stuck.
	for _, f := range []string{processed, failed} {
		if err := ensureMailbox(c, f); err != nil {
			return 0, err
		}
	}
	sizes, err := fetchSizes(c, uids)
	if err != nil {
		return 0, err
	}
	handled := 0
	for _, uid := range uids {
		if err := ctx.Err(); err != nil {
			return handled, err
		}
		size, ok := sizes[uid]
		if !ok {
			continue // expunged by another client since the search
		}
		dest, err := p.process(ctx, c, uid, size, processed, failed)
		if err != nil {
			return handled, err
		}
		if dest == "" {
			continue
		}
		if err := move(c, uid, dest); err != nil {
			return handled, err
		}
		handled++
	}
	return handled, nil
}

// process hands one message to Handle and says where it goes: processed,
// failed, or "" to leave it unseen for the next poll. An error is a failure
// of the connection, not of the message.
func (p *Poller) process(ctx context.Context, c *imapclient.Client, uid imap.UID, size int64, processed, failed string) (string, error) {
	limit := p.MaxSize
	if limit <= 0 {
		limit = 25 << 20
	}
	if size > limit {
		p.Log.Warn("imap message too large", "job", "imap", "uid", uid, "size", size, "max_size", limit)
		return failed, nil
	}
	raw, ok, err := fetchRaw(c, uid)
	if err != nil || !ok {
		return "", err
	}
	err = p.handle(ctx, raw)
	switch {
	case err == nil:
		p.Log.Info("imap message handled", "job", "imap", "uid", uid)
		return processed, nil
	case ctx.Err() != nil:
		return "", ctx.Err()
	case errors.Is(err, ErrRetry):
		p.Log.Warn("imap message deferred", "job", "imap", "uid", uid, "err", err)
		return "", nil
	default:
		p.Log.Warn("imap message failed", "job", "imap", "uid", uid, "err", err)
		return failed, nil
	}
}

// handle calls Handle, turning a panic into a permanent failure so that one
// message cannot stop the server at every poll.
func (p *Poller) handle(ctx context.Context, raw []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panicked: %v", r)
		}
	}()
	return p.Handle(ctx, raw)
}
