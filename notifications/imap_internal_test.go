package notifications

import (
	"context"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestPollerDefaultBackoff(t *testing.T) {
	tests := []struct {
		name string
		n    int
		base time.Duration
	}{
		{"first failure", 1, time.Second},
		{"second", 2, 2 * time.Second},
		{"fifth", 5, 16 * time.Second},
		{"ninth", 9, 256 * time.Second},
		{"capped", 10, 5 * time.Minute},
		{"long outage", 1000, 5 * time.Minute},
	}
	p := &Poller{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := tt.base*4/5, tt.base*6/5
			seen := map[time.Duration]bool{}
			for range 50 {
				d := p.backoff(tt.n)
				if d < lo || d > hi {
					t.Fatalf("backoff(%d) = %v, want within [%v, %v]", tt.n, d, lo, hi)
				}
				seen[d] = true
			}
			if len(seen) < 2 {
				t.Errorf("backoff(%d) has no jitter: always %v", tt.n, seen)
			}
		})
	}
}

func TestPollerValidate(t *testing.T) {
	handle := func(context.Context, []byte) error { return nil }
	log := slog.New(slog.DiscardHandler)
	mustURL := func(s string) *url.URL {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	tests := []struct {
		name string
		p    Poller
		want string // "" for valid
	}{
		{"imaps", Poller{URL: mustURL("imaps://u:p@mail.test/INBOX"), Handle: handle, Log: log}, ""},
		{"imap plain", Poller{URL: mustURL("imap://u:p@mail.test:143?tls=none"), Handle: handle, Log: log}, ""},
		{"no url", Poller{Handle: handle, Log: log}, "imap url: none"},
		{"scheme", Poller{URL: mustURL("pop3://mail.test"), Handle: handle, Log: log}, `unsupported scheme "pop3"`},
		{"port", Poller{URL: &url.URL{Scheme: "imap", Host: "mail.test:x"}, Handle: handle, Log: log}, `bad port "x"`},
		{"no handle", Poller{URL: mustURL("imaps://mail.test"), Log: log}, "no Handle"},
		{"no log", Poller{URL: mustURL("imaps://mail.test"), Handle: handle}, "no Log"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("got %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
			if tt.want != "" {
				ctx, cancel := context.WithCancel(context.Background())
				cancel() // a poller that passed Validate would return nil at once
				if err := tt.p.Run(ctx); err == nil {
					t.Error("Run accepted a poller that Validate refuses")
				}
			}
		})
	}
}
