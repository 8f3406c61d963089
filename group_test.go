package main

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"
)

// TestGroupStopsOnFirstError: a failing part ends the others' context, and
// Wait returns its error, named.
func TestGroupStopsOnFirstError(t *testing.T) {
	g := newGroup(context.Background(), slog.New(slog.DiscardHandler))
	g.Go("patient", func(ctx context.Context) error { <-ctx.Done(); return nil })
	g.Go("broken", func(context.Context) error { return errors.New("boom") })
	err := g.Wait(10 * time.Second)
	if err == nil || err.Error() != "broken: boom" {
		t.Errorf("got %v, want broken: boom", err)
	}
}

// TestGroupNamesPartsThatDoNotStop: once stopped, Wait gives the parts the
// timeout and then returns, naming those still running.
func TestGroupNamesPartsThatDoNotStop(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	g := newGroup(ctx, slog.New(slog.DiscardHandler))
	hang := make(chan struct{})
	defer close(hang)
	g.Go("http server", func(ctx context.Context) error { <-ctx.Done(); return nil })
	g.Go("scheduler", func(context.Context) error { <-hang; return nil })
	started := make(chan struct{})
	g.Go("startup", func(ctx context.Context) error {
		g.Go("mail relay", func(context.Context) error { <-hang; return nil })
		close(started)
		return nil
	})
	<-started
	cancel()
	start := time.Now()
	err := g.Wait(50 * time.Millisecond)
	if err == nil || err.Error() != "shutdown: mail relay, scheduler did not stop within 50ms" {
		t.Errorf("got %v, want the two parts that did not stop", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Wait took %v, want about the timeout", d)
	}
}

// TestGroupCleanStop: parts that return nil when told to stop make Wait
// return nil.
func TestGroupCleanStop(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	g := newGroup(ctx, slog.New(slog.DiscardHandler))
	for _, n := range []string{"a", "b"} {
		g.Go(n, func(ctx context.Context) error { <-ctx.Done(); return nil })
	}
	cancel()
	if err := g.Wait(10 * time.Second); err != nil {
		t.Errorf("got %v, want nil", err)
	}
}
