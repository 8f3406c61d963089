package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// group runs serve's long-running parts, each a Run(ctx) error, under one
// errgroup: the first part to fail ends the context of all, and Wait joins
// them. A part that returns nil while the others run is simply done (the
// startup part, once it has started the others).
type group struct {
	g   *errgroup.Group
	ctx context.Context
	log *slog.Logger

	mu      sync.Mutex
	running map[string]int // parts not yet returned, by name
	first   error          // the first part's error, named
}

// newGroup starts an empty group whose parts stop when ctx ends.
func newGroup(ctx context.Context, log *slog.Logger) *group {
	g, gctx := errgroup.WithContext(ctx)
	return &group{g: g, ctx: gctx, log: log, running: map[string]int{}}
}

// Go runs part name. A part may start others; their errors carry their name.
func (g *group) Go(name string, run func(context.Context) error) {
	g.mu.Lock()
	g.running[name]++
	g.mu.Unlock()
	g.g.Go(func() error {
		err := run(g.ctx)
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.running[name]--; g.running[name] == 0 {
			delete(g.running, name)
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", name, err)
			if g.first == nil {
				g.first = err
			}
			return err
		}
		g.log.Info("part stopped", "part", name)
		return nil
	})
}

// Wait returns when every part has returned: nil after a clean stop, or the
// first part's error. Once the parts have been told to stop (the parent
// context ended or a part failed) it waits at most timeout, and then
// returns, with an error naming the parts that are still running.
func (g *group) Wait(timeout time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- g.g.Wait() }()
	select {
	case err := <-done:
		return err
	case <-g.ctx.Done():
	}
	g.log.Info("shutting down", "timeout", timeout.String())
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		if err == nil {
			g.log.Info("stopped")
		}
		return err
	case <-t.C:
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	names := make([]string, 0, len(g.running))
	for n := range g.running {
		names = append(names, n)
	}
	slices.Sort(names)
	return errors.Join(g.first, fmt.Errorf("shutdown: %s did not stop within %v", strings.Join(names, ", "), timeout))
}

// webPart serves HTTP on ln until its context ends, then shuts down
// gracefully: in-flight requests get timeout to finish.
type webPart struct {
	srv     *http.Server
	ln      net.Listener
	timeout time.Duration
}

// Run serves until ctx ends or serving fails.
func (w *webPart) Run(ctx context.Context) error {
	served := make(chan error, 1)
	go func() { served <- w.srv.Serve(w.ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), w.timeout)
	defer cancel()
	if err := w.srv.Shutdown(sctx); err != nil {
		_ = w.srv.Close() // drop what did not finish; the timeout is the operator's
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
