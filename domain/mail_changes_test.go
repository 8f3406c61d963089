package domain_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// stored returns "kind→address" for every message in the outbox as it is,
// without addressing the recorded changes first.
func stored(t *testing.T, db *storetest.DB) []string {
	t.Helper()
	list, err := db.Outbox(context.Background(), domain.OutboxFilter{}, domain.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(list))
	for i, m := range list {
		out[i] = m.Kind + "→" + m.To
	}
	return out
}

// pending returns the recorded changes no one has addressed yet.
func pending(t *testing.T, db *storetest.DB) []domain.MailChange {
	t.Helper()
	var cs []domain.MailChange
	err := db.InTx(context.Background(), func(tx domain.Tx) error {
		var err error
		cs, err = tx.TakeMailChanges(context.Background(), 1000, true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// TestMailChangeAddressedOnce: a change records its mail as one change and
// queues no message itself; addressing it queues its messages once, even
// when the same change is addressed again, and a change whose record cannot
// be read is dropped and reported without holding up the others.
func TestMailChangeAddressedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		d := w.mustTask(t, domain.CreateTask{CoOrgIDs: []int64{w.orgs["xian-health"]}})
		if got := stored(t, db); len(got) != 0 {
			t.Fatalf("the create queued %v itself, want nothing until its change is addressed", got)
		}
		cs := pending(t, db)
		if len(cs) != 1 || cs[0].TaskID != d.ID || !cs[0].At.Equal(d.CreatedAt) {
			t.Fatalf("recorded changes: %+v, want one of task %d at %s", cs, d.ID, d.CreatedAt)
		}
		if b, err := db.MailBacklog(ctx); err != nil || b != (domain.MailBacklog{Unaddressed: 1}) {
			t.Errorf("backlog before addressing: %+v (%v), want one change", b, err)
		}
		n, err := domain.AddressMail(ctx, db, 10, false)
		if err != nil || n != 1 {
			t.Fatalf("address: %d (%v), want 1", n, err)
		}
		if b, err := db.MailBacklog(ctx); err != nil || b != (domain.MailBacklog{Queued: 2}) {
			t.Errorf("backlog after addressing: %+v (%v), want two messages", b, err)
		}
		first := stored(t, db)
		if len(first) != 2 {
			t.Fatalf("messages %v, want the lead's and the co-organiser's", first)
		}
		list, err := db.Outbox(ctx, domain.OutboxFilter{TaskID: d.ID}, domain.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range list {
			nt, err := domain.DecodeNotice(m.Payload)
			if err != nil || nt.LeadOrg != "西安市公安局" || nt.TaskTitle != d.Title || nt.RecipientName == "" ||
				!m.CreatedAt.Equal(d.CreatedAt) || m.Kind != domain.MailTaskAssigned {
				t.Errorf("message %+v, notice %+v (%v)", m, nt, err)
			}
		}
		if n, err := domain.AddressMail(ctx, db, 10, false); err != nil || n != 0 {
			t.Fatalf("second address: %d (%v), want nothing left", n, err)
		}

		// The same change recorded again (a relay that died after queueing and
		// before its commit is the same case): no second message.
		err = db.InTx(ctx, func(tx domain.Tx) error { return tx.QueueMailChange(ctx, cs[0]) })
		if err != nil {
			t.Fatal(err)
		}
		if n, err := domain.AddressMail(ctx, db, 10, false); err != nil || n != 1 {
			t.Fatalf("address again: %d (%v), want 1", n, err)
		}
		if got := stored(t, db); len(got) != len(first) {
			t.Errorf("after addressing the change twice: %v, want %v", got, first)
		}

		// An unreadable record is dropped, named in the error, and the good
		// change beside it is addressed.
		w.act(t, w.police, d.ID, domain.TaskCommand{Action: domain.ActAccept})
		err = db.InTx(ctx, func(tx domain.Tx) error {
			return tx.QueueMailChange(ctx, domain.MailChange{TaskID: d.ID, At: w.clk.Now(), Body: []byte("{")})
		})
		if err != nil {
			t.Fatal(err)
		}
		n, err = domain.AddressMail(ctx, db, 10, false)
		if n != 2 || err == nil || !strings.Contains(err.Error(), "dropped") {
			t.Fatalf("address with a bad record: %d (%v), want 2 and the bad one reported", n, err)
		}
		if got := diff(mailbox(t, db), first); !equal(got, []string{"task_accepted→lead@example.cn"}) {
			t.Errorf("mail of the good change: %v", got)
		}
		if cs := pending(t, db); len(cs) != 0 {
			t.Errorf("left recorded: %+v", cs)
		}
	})
}

// TestMailChangesAddressedByManyAtOnce has several relays address one
// backlog at once: every change is addressed by exactly one of them, and
// every message is queued once.
func TestMailChangesAddressedByManyAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		const tasks = 24
		for range tasks {
			w.mustTask(t, domain.CreateTask{CoOrgIDs: []int64{w.orgs["xian-health"]}})
		}
		var mu sync.Mutex
		total := 0
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					n, err := domain.AddressMail(ctx, db, 3, false)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					total += n
					mu.Unlock()
					if n == 0 {
						return
					}
				}
			})
		}
		wg.Wait()
		// A relay that found every change taken stops early; what is left,
		// if any, is addressed here and counted too.
		n, err := domain.AddressMail(ctx, db, tasks, false)
		if err != nil {
			t.Fatal(err)
		}
		if total+n != tasks {
			t.Errorf("changes addressed %d times, want %d", total+n, tasks)
		}
		got := stored(t, db)
		seen := map[string]int{}
		for _, m := range got {
			seen[m]++
		}
		if len(got) != 2*tasks || len(seen) != 2 || seen["task_assigned→police@example.cn"] != tasks {
			t.Errorf("queued %d messages (%v), want %d, one per task and recipient", len(got), seen, 2*tasks)
		}
	})
}

// TestOutboxListWaitsForAddressing: the admin's listing addresses what is
// recorded, waiting for a relay that holds changes rather than passing them
// over, so that the mail of a committed change is always listed.
func TestOutboxListWaitsForAddressing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		svc := &domain.OutboxService{Store: db.Store, Now: w.clk.Now}
		admin := domain.ActorOf(mustUser(t, newUsers(db, w.clk), domain.CreateUser{Username: "admin1", Role: domain.RoleAdmin}),
			domain.ChannelWeb, "10.0.0.9")
		w.mustTask(t, domain.CreateTask{CoOrgIDs: []int64{w.orgs["xian-health"]}})

		// A relay takes the change and is slow to address it.
		taken, release := make(chan struct{}), make(chan struct{})
		relayDone := make(chan error, 1)
		go func() {
			relayDone <- db.InTx(ctx, func(tx domain.Tx) error {
				cs, err := tx.TakeMailChanges(ctx, 10, false)
				close(taken)
				if err != nil || len(cs) != 1 {
					return fmt.Errorf("relay took %d changes (%v), want 1", len(cs), err)
				}
				<-release
				return nil // it gives up: the change stays recorded
			})
		}()
		<-taken
		listed := make(chan int, 1)
		go func() {
			l, err := svc.List(ctx, admin, domain.OutboxFilter{}, domain.Page{Limit: 50})
			if err != nil {
				t.Error(err)
			}
			listed <- len(l.Items)
		}()
		select {
		case n := <-listed:
			t.Fatalf("the listing returned %d messages while a relay held the change, want it to wait", n)
		case <-time.After(300 * time.Millisecond):
		}
		close(release)
		if err := <-relayDone; err != nil {
			t.Fatal(err)
		}
		if n := <-listed; n != 2 {
			t.Errorf("listed %d messages, want the change's 2", n)
		}
	})
}
