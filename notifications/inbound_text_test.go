package notifications_test

import (
	"context"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// A reply's text reaches the record without the control characters that
// carry no meaning in mail, and is applied rather than refused for them.
func TestReplyControlCharactersStripped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newReplyEnv(t, db)
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")
		raw := reply(orig, "police@dept.example.cn", replyTo(orig), "签收\x00\r\n我局已\x07安排\x1b专人\t办理。\x00")
		res, err := e.inbound.Handle(context.Background(), raw, "imap")
		if err != nil || res.Status != domain.ReplyApplied || res.TaskID != id {
			t.Fatalf("reply: %+v (%v)", res, err)
		}
		d := e.task(t, id)
		last := d.Events[len(d.Events)-1]
		if want := "我局已安排专人\t办理。"; !strings.Contains(last.Note, want) || strings.ContainsAny(last.Note, "\x00\x07\x1b") {
			t.Errorf("note: got %q, want it to hold %q and no control character", last.Note, want)
		}
	})
}
