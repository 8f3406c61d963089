package notifications_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"xietong/notifications"
)

// imapReply is a department's reply as it sits in the mailbox: 8-bit UTF-8,
// CRLF, and a body marker the logs must never show.
func imapReply(n int) []byte {
	return fmt.Appendf(nil, "From: =?UTF-8?B?5YWs5a6J5bGA?= <gaj@example.gov.cn>\r\n"+
		"To: reply+tok%d@xt.example.gov.cn\r\n"+
		"Subject: Re: [XT-%d] =?UTF-8?B?5Lu75Yqh?=\r\n"+
		"Message-ID: <reply-%d@example.gov.cn>\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n"+
		"Content-Transfer-Encoding: 8bit\r\n"+
		"\r\n"+
		"接收。body-marker-%d\r\n", n, n, n, n)
}

// imapHandler records what the poller hands over; decide, when set, says
// what Handle returns for each message (it sees the call count so far).
type imapHandler struct {
	mu     sync.Mutex
	got    [][]byte
	decide func(raw []byte, calls int) error
}

func (h *imapHandler) Handle(_ context.Context, raw []byte) error {
	h.mu.Lock()
	h.got = append(h.got, bytes.Clone(raw))
	n, decide := len(h.got), h.decide
	h.mu.Unlock()
	if decide == nil {
		return nil
	}
	return decide(raw, n)
}

func (h *imapHandler) calls() [][]byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([][]byte(nil), h.got...)
}

// logBuffer collects a poller's log lines; Run writes from its goroutine.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newPoller(s *imapTestServer, h *imapHandler) (*notifications.Poller, *logBuffer) {
	logs := &logBuffer{}
	return &notifications.Poller{
		URL:       s.URL(),
		Handle:    h.Handle,
		Log:       slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Interval:  20 * time.Millisecond,
		TLSConfig: s.clientTLS,
		Backoff:   func(int) time.Duration { return 10 * time.Millisecond },
	}, logs
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// checkMailbox compares a mailbox's messages (in UID order) and their \Seen flags.
func checkMailbox(t *testing.T, s *imapTestServer, mailbox string, want [][]byte, seen bool) {
	t.Helper()
	got := s.read(mailbox)
	if got == nil {
		t.Fatalf("mailbox %q does not exist", mailbox)
	}
	if len(got) != len(want) {
		t.Fatalf("%s holds %d messages, want %d", mailbox, len(got), len(want))
	}
	for i, m := range got {
		if !bytes.Equal(m.Raw, want[i]) {
			t.Errorf("%s message %d = %q, want %q", mailbox, i+1, m.Raw, want[i])
		}
		if m.Seen != seen {
			t.Errorf("%s message %d seen = %v, want %v", mailbox, i+1, m.Seen, seen)
		}
	}
}

func checkCalls(t *testing.T, h *imapHandler, want [][]byte) {
	t.Helper()
	got := h.calls()
	if len(got) != len(want) {
		t.Fatalf("Handle called %d times, want %d", len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("Handle call %d got %q, want %q", i+1, got[i], want[i])
		}
	}
}

func TestPollerHandlesAndMoves(t *testing.T) {
	for _, mode := range []string{imapPlain, imapStartTLS, imapImplicit} {
		t.Run(mode, func(t *testing.T) {
			s := newIMAPServer(t, mode, nil)
			msgs := [][]byte{imapReply(1), imapReply(2), imapReply(3)}
			s.deliver("INBOX", nil, msgs...)
			h := &imapHandler{}
			p, logs := newPoller(s, h)

			n, err := p.PollOnce(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if n != 3 {
				t.Errorf("handled %d, want 3", n)
			}
			checkCalls(t, h, msgs)
			checkMailbox(t, s, "INBOX", nil, false)
			checkMailbox(t, s, "Processed", msgs, true)
			checkMailbox(t, s, "Failed", nil, true)
			if l := logs.String(); strings.Contains(l, "body-marker") || !strings.Contains(l, "job=imap uid=3") {
				t.Errorf("log shows a body or lacks job/uid:\n%s", l)
			}

			// A second poll finds nothing new.
			if n, err := p.PollOnce(t.Context()); err != nil || n != 0 {
				t.Errorf("second poll = %d, %v; want 0, nil", n, err)
			}
			if got := len(h.calls()); got != 3 {
				t.Errorf("Handle called %d times after the second poll, want 3", got)
			}
		})
	}
}

func TestPollerMoveFallback(t *testing.T) {
	tests := []struct {
		name    string
		caps    imap.CapSet
		hasMove bool
	}{
		{"IMAP4rev2", imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}, true},
		{"rev1 with MOVE", imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapMove: {}, imap.CapUIDPlus: {}}, true},
		{"rev1 with UIDPLUS, no MOVE", imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapUIDPlus: {}}, false},
		{"rev1 only", imap.CapSet{imap.CapIMAP4rev1: {}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newIMAPServer(t, imapPlain, tt.caps)
			if got := s.capabilities().Has(imap.CapMove); got != tt.hasMove {
				t.Fatalf("server MOVE = %v, want %v", got, tt.hasMove)
			}
			msgs := [][]byte{imapReply(1), imapReply(2), imapReply(3)}
			s.deliver("INBOX", nil, msgs...)
			h := &imapHandler{decide: func(_ []byte, n int) error {
				if n == 2 {
					return errors.New("not a reply")
				}
				return nil
			}}
			p, _ := newPoller(s, h)
			if n, err := p.PollOnce(t.Context()); err != nil || n != 3 {
				t.Fatalf("PollOnce = %d, %v; want 3, nil", n, err)
			}
			checkMailbox(t, s, "INBOX", nil, false)
			checkMailbox(t, s, "Processed", [][]byte{msgs[0], msgs[2]}, true)
			checkMailbox(t, s, "Failed", [][]byte{msgs[1]}, true)
		})
	}
}

func TestPollerPermanentFailureDoesNotBlock(t *testing.T) {
	s := newIMAPServer(t, imapPlain, nil)
	msgs := [][]byte{imapReply(1), imapReply(2), imapReply(3), imapReply(4)}
	s.deliver("INBOX", nil, msgs...)
	h := &imapHandler{decide: func(_ []byte, n int) error {
		switch n {
		case 1:
			return fmt.Errorf("parse: %w", errors.New("malformed MIME"))
		case 3:
			panic("handler bug")
		}
		return nil
	}}
	p, logs := newPoller(s, h)
	if n, err := p.PollOnce(t.Context()); err != nil || n != 4 {
		t.Fatalf("PollOnce = %d, %v; want 4, nil", n, err)
	}
	checkCalls(t, h, msgs)
	checkMailbox(t, s, "INBOX", nil, false)
	checkMailbox(t, s, "Processed", [][]byte{msgs[1], msgs[3]}, true)
	checkMailbox(t, s, "Failed", [][]byte{msgs[0], msgs[2]}, true)
	l := logs.String()
	for _, want := range []string{"uid=1 err=\"parse: malformed MIME\"", "uid=3 err=\"handler panicked: handler bug\""} {
		if !strings.Contains(l, want) {
			t.Errorf("log lacks %q:\n%s", want, l)
		}
	}
}

func TestPollerRetryLeavesMessageUnseen(t *testing.T) {
	s := newIMAPServer(t, imapPlain, nil)
	msgs := [][]byte{imapReply(1), imapReply(2), imapReply(3)}
	s.deliver("INBOX", nil, msgs...)
	h := &imapHandler{decide: func(raw []byte, n int) error {
		if n == 2 {
			return fmt.Errorf("store reply: %w: %w", notifications.ErrRetry, errors.New("database is away"))
		}
		return nil
	}}
	p, _ := newPoller(s, h)

	if n, err := p.PollOnce(t.Context()); err != nil || n != 2 {
		t.Fatalf("first poll = %d, %v; want 2, nil", n, err)
	}
	checkMailbox(t, s, "INBOX", [][]byte{msgs[1]}, false)
	checkMailbox(t, s, "Processed", [][]byte{msgs[0], msgs[2]}, true)

	if n, err := p.PollOnce(t.Context()); err != nil || n != 1 {
		t.Fatalf("second poll = %d, %v; want 1, nil", n, err)
	}
	checkCalls(t, h, [][]byte{msgs[0], msgs[1], msgs[2], msgs[1]})
	checkMailbox(t, s, "INBOX", nil, false)
	checkMailbox(t, s, "Processed", [][]byte{msgs[0], msgs[2], msgs[1]}, true)
	checkMailbox(t, s, "Failed", nil, true)
}

func TestPollerSkipsSeenAndTooLarge(t *testing.T) {
	s := newIMAPServer(t, imapPlain, nil)
	seen, small := imapReply(1), imapReply(2)
	large := append(imapReply(3), bytes.Repeat([]byte("x"), 500)...)
	s.deliver("INBOX", []imap.Flag{imap.FlagSeen}, seen)
	s.deliver("INBOX", nil, small, large)
	h := &imapHandler{}
	p, logs := newPoller(s, h)
	p.MaxSize = int64(len(small)) + 100

	if n, err := p.PollOnce(t.Context()); err != nil || n != 2 {
		t.Fatalf("PollOnce = %d, %v; want 2, nil", n, err)
	}
	checkCalls(t, h, [][]byte{small})
	checkMailbox(t, s, "INBOX", [][]byte{seen}, true)
	checkMailbox(t, s, "Processed", [][]byte{small}, true)
	checkMailbox(t, s, "Failed", [][]byte{large}, true)
	if want := fmt.Sprintf("imap message too large\" job=imap uid=3 size=%d", len(large)); !strings.Contains(logs.String(), want) {
		t.Errorf("log lacks %q:\n%s", want, logs.String())
	}
}

func TestPollerMailboxAndFoldersFromConfig(t *testing.T) {
	s := newIMAPServer(t, imapPlain, nil)
	if err := s.user.Create("回复", nil); err != nil {
		t.Fatal(err)
	}
	other, reply := imapReply(1), imapReply(2)
	s.deliver("INBOX", nil, other)
	s.deliver("回复", nil, reply)
	h := &imapHandler{}
	p, _ := newPoller(s, h)
	p.URL = s.urlFor(imapPass, "回复")
	p.Processed, p.Failed = "已处理", "归档/失败"

	if n, err := p.PollOnce(t.Context()); err != nil || n != 1 {
		t.Fatalf("PollOnce = %d, %v; want 1, nil", n, err)
	}
	checkCalls(t, h, [][]byte{reply})
	checkMailbox(t, s, "INBOX", [][]byte{other}, false)
	checkMailbox(t, s, "回复", nil, false)
	checkMailbox(t, s, "已处理", [][]byte{reply}, true)
	checkMailbox(t, s, "归档/失败", nil, true)
	if got := s.read("Processed"); got != nil {
		t.Errorf("default folder Processed was created")
	}
}

func TestPollerCancelledDuringHandle(t *testing.T) {
	s := newIMAPServer(t, imapPlain, nil)
	msgs := [][]byte{imapReply(1), imapReply(2)}
	s.deliver("INBOX", nil, msgs...)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	h := &imapHandler{decide: func([]byte, int) error {
		cancel() // shutdown arrives while the reply is being stored
		return context.Canceled
	}}
	p, _ := newPoller(s, h)

	if _, err := p.PollOnce(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("PollOnce err = %v, want context.Canceled", err)
	}
	checkCalls(t, h, msgs[:1])
	checkMailbox(t, s, "INBOX", msgs, false)
}
