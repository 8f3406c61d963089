package notifications_test

import (
	"context"
	"strings"
	"testing"
)

func TestPollerSurvivesOutage(t *testing.T) {
	s := newIMAPServer(t, imapStartTLS, nil)
	msgs := [][]byte{imapReply(1), imapReply(2), imapReply(3)}
	s.deliver("INBOX", nil, msgs...)
	s.stop()
	h := &imapHandler{}
	p, logs := newPoller(s, h)

	if _, err := p.PollOnce(t.Context()); err == nil || !strings.Contains(err.Error(), "imap connect") {
		t.Fatalf("PollOnce with the server down: err = %v, want a connect error", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := p.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	waitFor(t, "three backoff steps", func() bool {
		return strings.Count(logs.String(), "imap unavailable, retrying") >= 3
	})
	if n := len(h.calls()); n != 0 {
		t.Fatalf("Handle called %d times while the server was down", n)
	}

	s.start()
	waitFor(t, "the poller to recover", func() bool {
		return strings.Contains(logs.String(), `msg="imap available again" job=imap failures=`)
	})
	cancel()
	<-done

	checkCalls(t, h, msgs)
	checkMailbox(t, s, "INBOX", nil, false)
	checkMailbox(t, s, "Processed", msgs, true)
}

func TestPollerWrongPassword(t *testing.T) {
	s := newIMAPServer(t, imapImplicit, nil)
	s.deliver("INBOX", nil, imapReply(1))
	h := &imapHandler{}
	p, logs := newPoller(s, h)
	const wrong = "not-the-password-42"
	p.URL = s.urlFor(wrong, "INBOX")

	_, err := p.PollOnce(t.Context())
	if err == nil || !strings.Contains(err.Error(), `imap login refused for user "huifu"`) ||
		!strings.Contains(err.Error(), "AUTHENTICATIONFAILED") {
		t.Fatalf("PollOnce err = %v, want a refused login", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := p.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	waitFor(t, "two logged login failures", func() bool {
		return strings.Count(logs.String(), "level=ERROR msg=\"imap login failed, retrying\" job=imap") >= 2
	})
	cancel()
	<-done

	if n := len(h.calls()); n != 0 {
		t.Errorf("Handle called %d times without a login", n)
	}
	checkMailbox(t, s, "INBOX", [][]byte{imapReply(1)}, false)
	if strings.Contains(logs.String(), wrong) {
		t.Errorf("log shows the password:\n%s", logs.String())
	}
}

func TestPollerTLSFailures(t *testing.T) {
	tests := []struct {
		name    string
		mode    string
		url     func(s *imapTestServer) string
		trusted bool
		want    string
	}{
		{"imap:// needs STARTTLS", imapPlain,
			func(s *imapTestServer) string { return "imap://huifu:" + imapPass + "@" + s.addr + "/INBOX" },
			true, "imap starttls"},
		{"imaps:// to a plain server", imapPlain,
			func(s *imapTestServer) string { return "imaps://huifu:" + imapPass + "@" + s.addr + "/INBOX" },
			true, "imap tls"},
		{"untrusted certificate", imapImplicit,
			func(s *imapTestServer) string { return s.URL().String() },
			false, "certificate"},
		{"untrusted certificate with STARTTLS", imapStartTLS,
			func(s *imapTestServer) string { return s.URL().String() },
			false, "certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newIMAPServer(t, tt.mode, nil)
			s.deliver("INBOX", nil, imapReply(1))
			h := &imapHandler{}
			p, _ := newPoller(s, h)
			u, err := p.URL.Parse(tt.url(s))
			if err != nil {
				t.Fatal(err)
			}
			p.URL = u
			if !tt.trusted {
				p.TLSConfig = nil
			}
			_, err = p.PollOnce(t.Context())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("PollOnce err = %v, want one containing %q", err, tt.want)
			}
			if n := len(h.calls()); n != 0 {
				t.Errorf("Handle called %d times", n)
			}
			checkMailbox(t, s, "INBOX", [][]byte{imapReply(1)}, false)
		})
	}
}
