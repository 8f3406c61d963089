package notifications_test

import (
	"context"
	"database/sql/driver"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications"
)

// TestRelayRunStopsMidSend: a relay stuck on a server that went silent in
// the middle of a message returns from Run as soon as its context ends,
// and the messages it was sending are back in the queue, due at once.
func TestRelayRunStopsMidSend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		srv := newScriptedSMTP(t, "MAIL")
		f := newFixture(t, db)
		f.assign(t, 2)
		tr, err := notifications.NewSMTP(srv.URL(), time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		r := f.relay(db.Store, tr)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- r.Run(ctx) }()
		waitFor(t, "the relay to connect", func() bool { return srv.connections() > 0 })
		time.Sleep(100 * time.Millisecond) // into the silence
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: got %v, want nil", err)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("Run did not return within 3s of its context ending")
		}
		if st := f.statuses(t); st[domain.OutboxQueued] != 4 {
			t.Errorf("outbox after shutdown: %v, want 4 queued", st)
		}
		list, err := db.Outbox(context.Background(), domain.OutboxFilter{}, domain.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range list {
			if m.NextAttemptAt.After(f.now) {
				t.Errorf("message %d due %v, want at once (%v): shutdown is not the server's fault", m.ID, m.NextAttemptAt, f.now)
			}
			if m.Attempts != 0 {
				t.Errorf("message %d: %d attempts, want 0: an interrupted send does not count", m.ID, m.Attempts)
			}
		}
	})
}

// cancelAfterSend is a transport that delivers through its inner one and
// then ends the relay's context, as SIGTERM arriving just after delivery.
type cancelAfterSend struct {
	notifications.Transport
	cancel context.CancelFunc
}

func (c cancelAfterSend) Send(ctx context.Context, batch []notifications.Outgoing) []error {
	errs := c.Transport.Send(ctx, batch)
	c.cancel()
	return errs
}

// TestRelayRecordsAfterShutdown: messages delivered just before shutdown
// are recorded as sent, not sent again after the restart.
func TestRelayRecordsAfterShutdown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		srv := newMailServer(t)
		f := newFixture(t, db)
		f.assign(t, 2)
		tr, err := notifications.NewSMTP(srv.URL(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		r := f.relay(db.Store, cancelAfterSend{tr, cancel})
		_, _ = r.RunOnce(ctx) // may report the shutdown; what counts is the record
		if st := f.statuses(t); st[domain.OutboxSent] != 4 {
			t.Fatalf("outbox: %v, want 4 sent", st)
		}
		r = f.relay(db.Store, tr) // the restart
		f.now = f.now.Add(time.Hour)
		drain(t, r)
		if n := len(srv.messages()); n != 4 {
			t.Errorf("delivered %d, want 4: none twice", n)
		}
	})
}

// droppingQueue is the real store, except that its first attempts to
// record outcomes fail as on a database connection that was just lost.
type droppingQueue struct {
	notifications.Queue
	mu    sync.Mutex
	drops int
}

func (q *droppingQueue) RecordMail(ctx context.Context, o []domain.MailOutcome) error {
	q.mu.Lock()
	drop := q.drops > 0
	q.drops--
	q.mu.Unlock()
	if drop {
		return driver.ErrBadConn
	}
	return q.Queue.RecordMail(ctx, o)
}

// TestRelayRetriesRecording: a record that fails on a dropped connection is
// written again, so the messages it holds are not sent twice.
func TestRelayRetriesRecording(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		srv := newMailServer(t)
		f := newFixture(t, db)
		f.assign(t, 2)
		tr, err := notifications.NewSMTP(srv.URL(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		r := f.relay(db.Store, tr)
		r.Queue = &droppingQueue{Queue: db.Store, drops: 2}
		if _, err := r.RunOnce(context.Background()); err != nil {
			t.Fatalf("RunOnce: %v", err)
		}
		if st := f.statuses(t); st[domain.OutboxSent] != 4 {
			t.Fatalf("outbox: %v, want 4 sent", st)
		}
		f.now = f.now.Add(time.Hour) // past any lease
		drain(t, f.relay(db.Store, tr))
		if n := len(srv.messages()); n != 4 {
			t.Errorf("delivered %d, want 4: none twice", n)
		}
	})
}

// TestRelayBatchOutlastingItsLease: two relays share the queue while the
// mail server takes a second per command, so a batch takes three times its
// lease to send. The relay sending it keeps its lease, the other does not
// take the batch over, and every message is delivered once.
func TestRelayBatchOutlastingItsLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		srv := newMailServer(t)
		srv.delay = time.Second
		f := newFixture(t, db)
		f.assign(t, 1)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var wg sync.WaitGroup
		for _, st := range []notifications.Queue{db.Store, db.Open(t)} {
			tr, err := notifications.NewSMTP(srv.URL(), 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			r := f.relay(db.Store, tr)
			r.Queue, r.Now = st, time.Now
			r.Batch, r.Lease, r.Interval = 2, 2*time.Second, 50*time.Millisecond
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := r.Run(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		waitFor(t, "both messages to be recorded as sent", func() bool {
			return f.statuses(t)[domain.OutboxSent] == 2
		})
		time.Sleep(2500 * time.Millisecond) // a reclaimed copy would be on its way by now
		cancel()
		wg.Wait()
		if got := srv.messages(); len(got) != 2 {
			t.Errorf("delivered %d messages, want 2: each once", len(got))
		}
	})
}
