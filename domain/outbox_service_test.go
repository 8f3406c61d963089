package domain_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

func TestOutboxService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		admin := domain.ActorOf(mustUser(t, newUsers(db, w.clk), domain.CreateUser{Username: "admin1", Role: domain.RoleAdmin}),
			domain.ChannelWeb, "10.0.0.9")
		svc := &domain.OutboxService{Store: db.Store, Now: w.clk.Now}

		// Assigning tasks queues mail: two messages for the first task (lead
		// and co-organiser), one for the second.
		first := w.mustTask(t, domain.CreateTask{CoOrgIDs: []int64{w.orgs["xian-health"]}})
		second := w.mustTask(t, domain.CreateTask{})

		all, err := svc.List(ctx, admin, domain.OutboxFilter{}, domain.Page{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(all.Items) != 2 || all.Next == nil || all.Items[0].ID <= all.Items[1].ID {
			t.Fatalf("first page: %d items, next %v; want 2, newest first, and a next page", len(all.Items), all.Next)
		}
		if m := all.Items[0]; m.TaskID != second.ID || m.Kind != "task_assigned" || m.Status != domain.OutboxQueued || m.To != "police@example.cn" {
			t.Errorf("newest: %+v, want task %d's assignment to police, queued", m, second.ID)
		}
		rest, err := svc.List(ctx, admin, domain.OutboxFilter{}, domain.Page{Limit: 2, After: *all.Next})
		if err != nil || len(rest.Items) != 1 || rest.Next != nil || rest.Items[0].ID >= all.Items[1].ID {
			t.Fatalf("second page: %+v (%v), want the one older message and no next page", rest, err)
		}

		filters := []struct {
			name string
			f    domain.OutboxFilter
			want int
		}{
			{"first task", domain.OutboxFilter{TaskID: first.ID}, 2},
			{"second task", domain.OutboxFilter{TaskID: second.ID}, 1},
			{"queued", domain.OutboxFilter{Status: domain.OutboxQueued}, 3},
			{"failed", domain.OutboxFilter{Status: domain.OutboxFailed}, 0},
			{"queued of the second task", domain.OutboxFilter{Status: domain.OutboxQueued, TaskID: second.ID}, 1},
		}
		for _, tt := range filters {
			l, err := svc.List(ctx, admin, tt.f, domain.Page{Limit: 50})
			if err != nil || len(l.Items) != tt.want {
				t.Errorf("%s: got %d (%v), want %d", tt.name, len(l.Items), err, tt.want)
			}
		}
		_, err = svc.List(ctx, admin, domain.OutboxFilter{Status: "lost"}, domain.Page{Limit: 50})
		wantKind(t, err, domain.ErrInvalid)

		// The relay tries all three: one is delivered, one fails for good, one
		// waits for another attempt tomorrow.
		claimed, err := db.ClaimMail(ctx, w.clk.Now(), time.Minute, 10)
		if err != nil || len(claimed) != 3 {
			t.Fatalf("claim: %d (%v), want 3", len(claimed), err)
		}
		sent, failed := all.Items[0].ID, all.Items[1].ID
		if err := db.MarkSent(ctx, sent, []byte("Subject: test\r\n\r\nbody\r\n"), w.clk.Now()); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkFailed(ctx, failed, "550 5.1.1 mailbox unavailable"); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkRetry(ctx, rest.Items[0].ID, "421 try again later", w.clk.Now().Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		l, err := svc.List(ctx, admin, domain.OutboxFilter{Status: domain.OutboxFailed}, domain.Page{Limit: 50})
		if err != nil || len(l.Items) != 1 || l.Items[0].ID != failed || l.Items[0].Attempts != 1 {
			t.Fatalf("failed: %+v (%v), want message %d after one attempt", l.Items, err, failed)
		}
		m, err := svc.Message(ctx, admin, sent)
		if err != nil || string(m.Raw) != "Subject: test\r\n\r\nbody\r\n" || m.Status != domain.OutboxSent {
			t.Errorf("sent message: %q %s (%v), want its raw bytes", m.Raw, m.Status, err)
		}
		_, err = svc.Message(ctx, admin, 999999)
		wantKind(t, err, domain.ErrNotFound)

		// Only an admin sees or retries mail.
		for _, a := range []domain.Actor{w.lead, w.police, w.resident} {
			_, err := svc.List(ctx, a, domain.OutboxFilter{}, domain.Page{Limit: 50})
			wantKind(t, err, domain.ErrForbidden)
			_, err = svc.Message(ctx, a, failed)
			wantKind(t, err, domain.ErrForbidden)
			_, err = svc.Retry(ctx, a, failed)
			wantKind(t, err, domain.ErrForbidden)
		}
		_, err = svc.Retry(ctx, domain.Actor{}, failed)
		wantKind(t, err, domain.ErrUnauthenticated)

		w.clk.Advance(time.Hour)
		got, err := svc.Retry(ctx, admin, failed)
		if err != nil {
			t.Fatalf("retry: %v", err)
		}
		if got.Status != domain.OutboxQueued || got.Attempts != 0 || !got.NextAttemptAt.Equal(w.clk.Now()) ||
			got.LastError != "550 5.1.1 mailbox unavailable" {
			t.Errorf("retried: status %s, attempts %d, next %v, last error %q; want queued, 0, now, the old error",
				got.Status, got.Attempts, got.NextAttemptAt, got.LastError)
		}
		audit, err := db.Audit(ctx, domain.AuditFilter{Action: "outbox.retry"}, domain.Page{Limit: 10})
		if err != nil || len(audit) != 1 || audit[0].ActorID != admin.UserID || audit[0].Target != "outbox:"+strconv.FormatInt(failed, 10) {
			t.Errorf("audit: %+v (%v), want one outbox.retry by the admin", audit, err)
		}
		again, err := db.ClaimMail(ctx, w.clk.Now(), time.Minute, 10)
		if err != nil || len(again) != 1 || again[0].ID != failed {
			t.Errorf("after retry the relay claims %d messages (%v), want the retried one", len(again), err)
		}

		tests := []struct {
			name string
			id   int64
			kind error
		}{
			{"sending (just claimed)", failed, domain.ErrConflict},
			{"sent", sent, domain.ErrConflict},
			{"queued", rest.Items[0].ID, domain.ErrConflict},
			{"missing", 999999, domain.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.Retry(ctx, admin, tt.id)
				wantKind(t, err, tt.kind)
			})
		}
		if audit, _ := db.Audit(ctx, domain.AuditFilter{Action: "outbox.retry"}, domain.Page{Limit: 10}); len(audit) != 1 {
			t.Errorf("refused retries left %d audit rows, want 1", len(audit))
		}
	})
}

// TestOutboxRetryRace has several admins retry one failed message at once:
// it is requeued once, with one audit row, and the others are told it is
// no longer failed.
func TestOutboxRetryRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		svc := &domain.OutboxService{Store: db.Store, Now: w.clk.Now}
		w.mustTask(t, domain.CreateTask{})
		if err := domain.AddressAllMail(ctx, db); err != nil {
			t.Fatal(err)
		}
		claimed, err := db.ClaimMail(ctx, w.clk.Now(), time.Minute, 10)
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %d (%v), want 1", len(claimed), err)
		}
		id := claimed[0].ID
		if err := db.MarkFailed(ctx, id, "550 no such user"); err != nil {
			t.Fatal(err)
		}
		const n = 6
		errs := make(chan error, n)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				_, err := svc.Retry(ctx, domain.SystemActor(), id)
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		ok := 0
		for err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, domain.ErrConflict):
				t.Errorf("concurrent retry: %v, want success or conflict", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d retries succeeded, want 1", ok)
		}
		if audit, _ := db.Audit(ctx, domain.AuditFilter{Action: "outbox.retry"}, domain.Page{Limit: 10}); len(audit) != 1 {
			t.Errorf("%d audit rows, want 1", len(audit))
		}
	})
}
