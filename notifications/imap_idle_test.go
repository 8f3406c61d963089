package notifications_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"xietong/notifications"
)

// runPoller runs p.Run until the test ends or stop is called; stop waits
// for Run to return and fails the test if that takes over two seconds.
func runPoller(t *testing.T, run func(context.Context) error) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	stop = func() {
		cancel()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			t.Fatal("Run did not return within 2 s of its context ending")
		}
	}
	t.Cleanup(stop)
	return stop
}

func TestPollerIdleHandlesNewMailAtOnce(t *testing.T) {
	s := newIMAPServer(t, imapStartTLS, nil) // IMAP4rev2 includes IDLE
	first, second := imapReply(1), imapReply(2)
	s.deliver("INBOX", nil, first)
	h := &imapHandler{}
	p, logs := newPoller(s, h)
	p.Interval = time.Hour // only IDLE can bring the second message in time

	stop := runPoller(t, p.Run)
	waitFor(t, "the poller to idle", func() bool { return strings.Contains(logs.String(), `msg="imap idling"`) })
	checkCalls(t, h, [][]byte{first})

	start := time.Now()
	s.deliver("INBOX", nil, second)
	waitFor(t, "the new message to be filed", func() bool { return len(h.calls()) == 2 && len(s.read("Processed")) == 2 })
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the new message took %v", d)
	}
	stop()
	checkCalls(t, h, [][]byte{first, second})
	checkMailbox(t, s, "INBOX", nil, false)
	checkMailbox(t, s, "Processed", [][]byte{first, second}, true)
}

func TestPollerIdleRepollsAfterInterval(t *testing.T) {
	s := newIMAPServer(t, imapPlain, nil)
	s.deliver("INBOX", nil, imapReply(1))
	h := &imapHandler{decide: func(_ []byte, n int) error {
		if n == 1 {
			return fmt.Errorf("store reply: %w: database away", notifications.ErrRetry)
		}
		return nil
	}}
	p, logs := newPoller(s, h)
	p.Interval = 200 * time.Millisecond // the deferred message is tried again while idling

	stop := runPoller(t, p.Run)
	// The retry is handled, then filed: wait for the filing, not the call,
	// or the stop can come between the two.
	waitFor(t, "the retry to be filed", func() bool { return len(h.calls()) == 2 && len(s.read("Processed")) == 1 })
	stop()
	checkMailbox(t, s, "Processed", [][]byte{imapReply(1)}, true)
	if !strings.Contains(logs.String(), `msg="imap idling"`) {
		t.Errorf("the poller did not idle:\n%s", logs.String())
	}
}

func TestPollerWithoutIdlePolls(t *testing.T) {
	s := newIMAPServer(t, imapPlain, imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapMove: {}})
	s.hideIdle.Store(true)
	if s.capabilities().Has(imap.CapIdle) {
		t.Fatal("the server still offers IDLE")
	}
	h := &imapHandler{}
	p, logs := newPoller(s, h)
	p.Interval = 100 * time.Millisecond

	stop := runPoller(t, p.Run)
	s.deliver("INBOX", nil, imapReply(1))
	waitFor(t, "the message to be filed", func() bool { return len(h.calls()) == 1 && len(s.read("Processed")) == 1 })
	stop()
	if strings.Contains(logs.String(), "imap idling") {
		t.Errorf("the poller idled on a server without IDLE:\n%s", logs.String())
	}
	checkMailbox(t, s, "Processed", [][]byte{imapReply(1)}, true)
}

func TestPollerIdleNoticesServerGone(t *testing.T) {
	s := newIMAPServer(t, imapPlain, nil)
	h := &imapHandler{}
	p, logs := newPoller(s, h)
	p.Interval = time.Hour // only the closed connection can end the IDLE in time

	stop := runPoller(t, p.Run)
	waitFor(t, "the poller to idle", func() bool { return strings.Contains(logs.String(), `msg="imap idling"`) })
	s.stop()
	waitFor(t, "the poller to notice", func() bool { return strings.Contains(logs.String(), "imap unavailable, retrying") })
	s.start()
	s.deliver("INBOX", nil, imapReply(1))
	waitFor(t, "the message after the server's return to be filed", func() bool {
		return len(h.calls()) == 1 && len(s.read("Processed")) == 1
	})
	stop()
	checkMailbox(t, s, "Processed", [][]byte{imapReply(1)}, true)
}
