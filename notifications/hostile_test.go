package notifications_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"xietong/notifications"
)

// TestSMTPBoundsEveryExchange: a server that accepts the connection and then
// goes quiet, whether before its greeting or at any later command, costs the
// transport at most its timeout (plus a little), never forever.
func TestSMTPBoundsEveryExchange(t *testing.T) {
	for _, at := range []string{"greeting", "EHLO", "MAIL", "RCPT", "DATA", "body"} {
		t.Run(at, func(t *testing.T) {
			srv := newScriptedSMTP(t, at)
			tr, err := notifications.NewSMTP(srv.URL(), 300*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			batch := []notifications.Outgoing{
				{From: "a@example.cn", To: []string{"b@example.cn"}, Raw: []byte("Subject: x\r\n\r\nx\r\n")},
				{From: "a@example.cn", To: []string{"c@example.cn"}, Raw: []byte("Subject: y\r\n\r\ny\r\n")},
			}
			start := time.Now()
			errs := sendWithin(t, tr, context.Background(), batch, 5*time.Second)
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("took %v against a silent server, want about the 300ms timeout per exchange", took)
			}
			for i, err := range errs {
				if err == nil {
					t.Errorf("message %d: got nil, want a timeout", i)
				}
			}
		})
	}
}

// TestSMTPAbandonsOnCancel: a send stuck on a silent server returns as soon
// as its context ends, however long the transport's timeout.
func TestSMTPAbandonsOnCancel(t *testing.T) {
	for _, at := range []string{"greeting", "MAIL", "body"} {
		t.Run(at, func(t *testing.T) {
			srv := newScriptedSMTP(t, at)
			tr, err := notifications.NewSMTP(srv.URL(), time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(300*time.Millisecond, cancel)
			batch := []notifications.Outgoing{{From: "a@example.cn", To: []string{"b@example.cn"}, Raw: []byte("Subject: x\r\n\r\nx\r\n")}}
			errs := sendWithin(t, tr, ctx, batch, 3*time.Second)
			if !errors.Is(errs[0], context.Canceled) {
				t.Errorf("got %v, want an error wrapping context.Canceled", errs[0])
			}
		})
	}
}

// sendWithin sends batch and fails the test if Send has not returned within d.
func sendWithin(t *testing.T, tr notifications.Transport, ctx context.Context, batch []notifications.Outgoing, d time.Duration) []error {
	t.Helper()
	done := make(chan []error, 1)
	go func() { done <- tr.Send(ctx, batch) }()
	select {
	case errs := <-done:
		return errs
	case <-time.After(d):
		t.Fatalf("Send did not return within %v", d)
		return nil
	}
}
