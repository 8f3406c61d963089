package notifications_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// outboxCount is how many messages are queued or sent.
func (e *replyEnv) outboxCount(t *testing.T) int {
	t.Helper()
	list, err := e.db.Outbox(context.Background(), domain.OutboxFilter{}, domain.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// TestReplyReplayedWithNewMessageID: the same reply re-sent under a new
// Message-ID is recognised by its content, per task and sender, within the
// window: the note is recorded once and the lead mailed once.
func TestReplyReplayedWithNewMessageID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		e := newReplyEnv(t, db)
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")
		body := "已安排专人入户排查。"
		if res, err := e.inbound.Handle(ctx, reply(orig, "police@dept.example.cn", replyTo(orig), body), "imap"); err != nil || res.Status != domain.ReplyApplied {
			t.Fatalf("first: %+v (%v)", res, err)
		}
		events, mails := len(e.task(t, id).Events), e.outboxCount(t)
		e.now = e.now.Add(time.Hour)
		res, err := e.inbound.Handle(ctx, reply(orig, "police@dept.example.cn", replyTo(orig), body), "imap")
		if err != nil || res.Status != domain.ReplyDuplicate {
			t.Errorf("the same reply under a new Message-ID: %+v (%v), want duplicate", res, err)
		}
		if n := len(e.task(t, id).Events); n != events {
			t.Errorf("events after the replay: %d, want %d", n, events)
		}
		if n := e.outboxCount(t); n != mails {
			t.Errorf("mail after the replay: %d, want %d", n, mails)
		}
		// A different note is not a repeat, nor the same one after the window.
		if res, _ := e.inbound.Handle(ctx, reply(orig, "police@dept.example.cn", replyTo(orig), "补充：照片见附件。"), "imap"); res.Status != domain.ReplyApplied {
			t.Errorf("another note: %+v", res)
		}
		e.now = e.now.Add(25 * time.Hour)
		if res, _ := e.inbound.Handle(ctx, reply(orig, "police@dept.example.cn", replyTo(orig), "补充：照片见附件。"), "imap"); res.Status != domain.ReplyApplied {
			t.Errorf("the same note after the window: %+v", res)
		}
	})
}

// TestReplyTokenExpires: a token stops working when its task closes and
// once it is older than the configured age, each with its own reason.
func TestReplyTokenExpires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		e := newReplyEnv(t, db)
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")
		start := e.now
		e.now = e.now.Add(31 * 24 * time.Hour)
		res, _ := e.inbound.Handle(ctx, reply(orig, "police@dept.example.cn", replyTo(orig), "签收"), "imap")
		if res.Status != domain.ReplyRefused || res.Reason != domain.ReasonTokenExpired {
			t.Errorf("a token older than its age: %+v, want refused %s", res, domain.ReasonTokenExpired)
		}
		e.now = start
		for _, body := range []string{"签收", "办结：完成。"} {
			if res, _ := e.inbound.Handle(ctx, reply(orig, "police@dept.example.cn", replyTo(orig), body), "imap"); res.Status != domain.ReplyApplied || res.TaskID != id {
				t.Fatalf("%s: %+v", body, res)
			}
		}
		if _, err := e.tasks.Act(ctx, e.lead, id, domain.TaskCommand{Action: domain.ActClose}); err != nil {
			t.Fatal(err)
		}
		before := len(e.task(t, id).Events)
		res, _ = e.inbound.Handle(ctx, reply(orig, "police@dept.example.cn", replyTo(orig), "补充说明。"), "imap")
		if res.Status != domain.ReplyRefused || res.Reason != domain.ReasonTaskClosed {
			t.Errorf("a reply to a closed task: %+v, want refused %s", res, domain.ReasonTaskClosed)
		}
		if n := len(e.task(t, id).Events); n != before {
			t.Errorf("events on the closed task: %d, want %d", n, before)
		}

	})
}

// TestReplyReplayedAtOnce: copies of one reply under different
// Message-IDs that arrive together are applied once: replies to one task
// wait for each other, so each copy's repeat check sees the one before.
func TestReplyReplayedAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		e := newReplyEnv(t, db)
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")
		events := len(e.task(t, id).Events)
		const copies = 4
		raws := make([][]byte, copies)
		for i := range raws {
			raws[i] = reply(orig, "police@dept.example.cn", replyTo(orig), "已安排专人入户排查。")
		}
		results := make(chan string, copies)
		var wg sync.WaitGroup
		for _, raw := range raws {
			wg.Go(func() {
				res, err := e.inbound.Handle(ctx, raw, "imap")
				if err != nil {
					t.Errorf("handle: %v", err)
				}
				results <- res.Status
			})
		}
		wg.Wait()
		close(results)
		applied := 0
		for st := range results {
			switch st {
			case domain.ReplyApplied:
				applied++
			case domain.ReplyDuplicate:
			default:
				t.Errorf("a copy ended %q, want applied or duplicate", st)
			}
		}
		if applied != 1 {
			t.Errorf("%d copies applied, want 1", applied)
		}
		if n := len(e.task(t, id).Events); n != events+1 {
			t.Errorf("events: %d, want %d", n, events+1)
		}
	})
}
