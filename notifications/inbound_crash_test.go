package notifications_test

import (
	"context"
	"testing"

	"xietong/domain"
	"xietong/domain/store"
	"xietong/domain/store/storetest"
)

// crashStore is the store of a process that dies while finishing a reply:
// once the action is applied, marking the message finished panics, as if
// the process were killed between the two steps.
type crashStore struct {
	*store.Store
	crash bool
}

func (c *crashStore) InTx(ctx context.Context, fn func(domain.Tx) error) error {
	return c.Store.InTx(ctx, func(tx domain.Tx) error { return fn(crashTx{Tx: tx, c: c}) })
}

type crashTx struct {
	domain.Tx
	c *crashStore
}

func (t crashTx) FinishInbound(ctx context.Context, id int64, o domain.InboundOutcome) error {
	if t.c.crash {
		panic("killed")
	}
	return t.Tx.FinishInbound(ctx, id, o)
}

// handle delivers raw and reports whether the process "died".
func handle(e *replyEnv, raw []byte) (res domain.ReplyResult, err error, died bool) {
	defer func() {
		if recover() != nil {
			died = true
		}
	}()
	res, err = e.inbound.Handle(context.Background(), raw, "imap")
	return res, err, false
}

// TestReplyAppliedOnceAcrossACrash: the process dies after the action is
// applied and before the message is marked finished; the message is
// delivered again. The note is recorded once and its mail queued once.
func TestReplyAppliedOnceAcrossACrash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newReplyEnv(t, db)
		cs := &crashStore{Store: db.Store, crash: true}
		e.inbound.Replies.Store = cs
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")
		mails := e.outboxCount(t)

		raw := reply(orig, "police@dept.example.cn", replyTo(orig), "已安排专人入户排查。")
		if _, _, died := handle(e, raw); !died {
			t.Fatal("the process did not die")
		}
		cs.crash = false
		if res, err, _ := handle(e, raw); err != nil || res.Status != domain.ReplyApplied && res.Status != domain.ReplyDuplicate {
			t.Fatalf("redelivery: %+v (%v)", res, err)
		}
		afterRedelivery := e.outboxCount(t)
		// One more reply, as a measure of what one applied note queues.
		if res, err, _ := handle(e, reply(orig, "police@dept.example.cn", replyTo(orig), "另有一条说明。")); err != nil || res.Status != domain.ReplyApplied {
			t.Fatalf("reference reply: %+v (%v)", res, err)
		}
		perReply := e.outboxCount(t) - afterRedelivery
		if got := afterRedelivery - mails; got != perReply {
			t.Errorf("mail queued by the crashed and redelivered reply: %d, want %d", got, perReply)
		}
		notes := 0
		for _, ev := range e.task(t, id).Events {
			if ev.Note == "已安排专人入户排查。" {
				notes++
			}
		}
		if notes != 1 {
			t.Errorf("the note is recorded %d times, want once", notes)
		}
	})
}
