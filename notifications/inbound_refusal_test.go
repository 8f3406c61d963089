package notifications_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestReplyAfterReassignment: an organisation reassigned away from a task
// is told so, and the answer does not name the task it can no longer see.
func TestReplyAfterReassignment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		e := newReplyEnv(t, db)
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")
		housing, err := db.OrganizationByCode(ctx, "xian-housing")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.tasks.Act(ctx, e.lead, id, domain.TaskCommand{Action: domain.ActReassign, LeadOrgID: housing.ID,
			Note: "改由住建局牵头"}); err != nil {
			t.Fatal(err)
		}
		before := len(e.task(t, id).Events)
		res, err := e.inbound.Handle(ctx, reply(orig, "police@dept.example.cn", replyTo(orig), "签收"), "imap")
		if err != nil || res.Status != domain.ReplyRefused || res.Reason != domain.ReasonReassigned {
			t.Errorf("reply after reassignment: %+v (%v), want refused %s", res, err, domain.ReasonReassigned)
		}
		if n := len(e.task(t, id).Events); n != before {
			t.Errorf("events: %d, want %d", n, before)
		}
		list, err := db.Outbox(ctx, domain.OutboxFilter{}, domain.Page{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range list {
			if m.Kind != domain.MailReplyRefused || m.To != "police@dept.example.cn" {
				continue
			}
			found = true
			n, err := domain.DecodeNotice(m.Payload)
			if err != nil || m.TaskID != 0 || n.TaskID != 0 || n.TaskTitle != "" || n.Reason != domain.ReasonReassigned {
				t.Errorf("the refusal names the task the sender can no longer see: %+v %+v (%v)", m, n, err)
			}
		}
		if !found {
			t.Error("no refusal queued for the reassigned organisation")
		}
	})
}

// TestReplyFromOurOwnAddresses: mail from the server's sender address or
// its reply address (with or without a token) is its own: never applied,
// never answered.
func TestReplyFromOurOwnAddresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		e := newReplyEnv(t, db)
		e.assign(t, 1)
		orig := e.sentTo(t, "police@dept.example.cn")
		sent := len(e.srv.messages())
		for _, from := range []string{"xietong@example.cn", "reply@example.cn", "Reply+t1u2k3@Example.cn"} {
			res, err := e.inbound.Handle(ctx, reply(orig, from, replyTo(orig), "签收"), "imap")
			if err != nil || res.Status != domain.ReplyDropped {
				t.Errorf("from %s: %+v (%v), want dropped", from, res, err)
			}
		}
		drain(t, e.relay)
		if n := len(e.srv.messages()); n != sent {
			t.Errorf("answers to our own addresses: %d", n-sent)
		}
	})
}

// TestLongReplyKept: a reply over the note limit is applied with its first
// part as the note, marked as cut, and the whole text as an attachment.
func TestLongReplyKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		e := newReplyEnv(t, db)
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")
		long := strings.Repeat("排查情况详见如下。", 1000) // 9,000 characters
		res, err := e.inbound.Handle(ctx, reply(orig, "police@dept.example.cn", replyTo(orig), long), "imap")
		if err != nil || res.Status != domain.ReplyApplied {
			t.Fatalf("a long reply: %+v (%v), want applied", res, err)
		}
		d := e.task(t, id)
		var note string
		for _, ev := range d.Events {
			if ev.Action == string(domain.ActNote) {
				note = ev.Note
			}
		}
		if n := utf8.RuneCountInString(note); n > 5000 || !strings.HasPrefix(note, "排查情况详见如下。") || !strings.Contains(note, "inbound.note.truncated") {
			t.Errorf("note: %d characters, ends %q", n, string([]rune(note)[max(0, utf8.RuneCountInString(note)-60):]))
		}
		atts, err := db.Attachments(ctx, domain.AttachmentTarget{TaskID: id}, domain.Page{Limit: 10})
		if err != nil || len(atts) != 1 {
			t.Fatalf("attachments: %+v (%v), want the whole text", atts, err)
		}
		r, err := db.AttachmentData(ctx, atts[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		if err != nil || !strings.Contains(string(data), long) {
			t.Errorf("attachment %q holds %d bytes (%v), want the whole text", atts[0].Filename, len(data), err)
		}
	})
}

// TestReplyFromCoOrganiser: a co-organiser may add notes by mail, but a
// command only the lead organisation may give is refused with that reason,
// not as a matter of the task's state.
func TestReplyFromCoOrganiser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		e := newReplyEnv(t, db)
		housing, err := db.OrganizationByCode(ctx, "xian-housing")
		if err != nil {
			t.Fatal(err)
		}
		d, err := e.tasks.Create(ctx, e.lead, domain.CreateTask{Title: "排查小区消防隐患", LeadOrgID: housing.ID,
			CoOrgIDs: []int64{e.org}, DueInWorkingDays: 5})
		if err != nil {
			t.Fatal(err)
		}
		users, err := db.UsersByEmail(ctx, "police@dept.example.cn")
		if err != nil || len(users) != 1 {
			t.Fatalf("police: %v %v", users, err)
		}
		to := "reply+" + domain.ReplyToken(testKey, d.ID, users[0].ID, "", e.now) + "@example.cn"
		raw := func(body string) []byte {
			return []byte("From: police@dept.example.cn\r\nTo: " + to + "\r\nSubject: Re: 督办\r\nMessage-ID: <" + body + "@dept.example.cn>\r\n" +
				"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n")
		}
		res, err := e.inbound.Handle(ctx, raw("签收"), "imap")
		if err != nil || res.Status != domain.ReplyRefused || res.Reason != domain.ReasonLeadOrgOnly {
			t.Errorf("a co-organiser accepting: %+v (%v), want refused %s", res, err, domain.ReasonLeadOrgOnly)
		}
		if res, err := e.inbound.Handle(ctx, raw("已配合完成排查"), "imap"); err != nil || res.Status != domain.ReplyApplied {
			t.Errorf("a co-organiser's note: %+v (%v), want applied", res, err)
		}
	})
}
