package notifications_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications"
)

// replyEnv is the whole loop: tasks assigned, mail sent to a real SMTP
// server, replies handled as the IMAP poller and HTTP hook hand them over.
type replyEnv struct {
	*fixture
	srv     *mailServer
	relay   *notifications.Relay
	inbound *notifications.Inbound
}

func newReplyEnv(t *testing.T, db *storetest.DB) *replyEnv {
	t.Helper()
	f := newFixture(t, db)
	srv := newMailServer(t)
	tr, err := notifications.NewSMTP(srv.URL(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return f.now }
	atts := &domain.AttachmentService{Store: db.Store, Now: clock}
	replies := &domain.ReplyService{Store: db.Store, Tasks: f.tasks, Attachments: atts, Key: testKey, Now: clock,
		RepeatWindow: 24 * time.Hour, TokenMaxAge: 30 * 24 * time.Hour}
	return &replyEnv{fixture: f, srv: srv, relay: f.relay(db.Store, tr),
		inbound: &notifications.Inbound{Replies: replies, ReplyAddress: "reply@example.cn",
			OwnAddress: "xietong@example.cn", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}}
}

// sentTo returns the last message delivered to addr.
func (e *replyEnv) sentTo(t *testing.T, addr string) *netmail.Message {
	t.Helper()
	drain(t, e.relay)
	msgs := e.srv.messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if len(msgs[i].To) == 1 && msgs[i].To[0] == addr {
			m, err := netmail.ReadMessage(strings.NewReader(string(msgs[i].Data)))
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
	}
	t.Fatalf("no message to %s", addr)
	return nil
}

// reply writes a plain reply to orig from sender, as a mail client would,
// with the quoted original below the text.
func reply(orig *netmail.Message, from, to, body string, extra ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: Re: %s\r\nMessage-ID: <%d.reply@dept.example.cn>\r\n", from, to,
		orig.Header.Get("Subject"), time.Now().UnixNano())
	fmt.Fprintf(&b, "In-Reply-To: %s\r\nReferences: %s\r\n", orig.Header.Get("Message-Id"), orig.Header.Get("Message-Id"))
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(body + "\r\n\r\n-----原始邮件-----\r\n发件人: 协同督办平台\r\n> 签收\r\n")
	return []byte(b.String())
}

func replyTo(m *netmail.Message) string {
	a, _ := netmail.ParseAddress(m.Header.Get("Reply-To"))
	return a.Address
}

func (e *replyEnv) task(t *testing.T, id int64) domain.TaskDetail {
	t.Helper()
	d, err := e.tasks.Task(context.Background(), e.lead, id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestReplyByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		e := newReplyEnv(t, db)
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")

		raw := reply(orig, "police@dept.example.cn", replyTo(orig), "签收\r\n我局已安排专人办理。")
		res, err := e.inbound.Handle(ctx, raw, "imap")
		if err != nil || res.Status != domain.ReplyApplied || res.TaskID != id {
			t.Fatalf("reply: %+v (%v)", res, err)
		}
		d := e.task(t, id)
		last := d.Events[len(d.Events)-1]
		if d.Status != domain.StatusAccepted || last.Channel != domain.ChannelEmail || last.Actor != "police" {
			t.Fatalf("after the reply: status %s, last event %+v", d.Status, last)
		}
		if strings.Contains(last.Note, "原始邮件") {
			t.Errorf("quoted history kept in the note: %q", last.Note)
		}
		// The same message again, through the other way in: applied once.
		res, err = e.inbound.Handle(ctx, raw, "http")
		if err != nil || res.Status != domain.ReplyDuplicate {
			t.Errorf("second delivery: %+v (%v)", res, err)
		}
		if n := len(e.task(t, id).Events); n != len(d.Events) {
			t.Errorf("events after a duplicate: %d, want %d", n, len(d.Events))
		}

		// A colleague of the same organisation may answer the police user's mail.
		raw = reply(orig, "police2@dept.example.cn", replyTo(orig), "进展：已完成入户排查三栋楼。")
		if res, err := e.inbound.Handle(ctx, raw, "imap"); err != nil || res.Status != domain.ReplyApplied {
			t.Errorf("colleague: %+v (%v)", res, err)
		}
		if d := e.task(t, id); d.Status != domain.StatusInProgress {
			t.Errorf("after progress: %s", d.Status)
		}
	})
}

func TestReplyRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		e := newReplyEnv(t, db)
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")
		before := len(e.task(t, id).Events)

		// A stranger with a valid token: refused, answered once an hour.
		for i := 0; i < 3; i++ {
			raw := reply(orig, "stranger@evil.example", replyTo(orig), "签收")
			res, err := e.inbound.Handle(ctx, raw, "imap")
			if err != nil || res.Status != domain.ReplyRefused || res.Reason != domain.ReasonSenderNotAllowed {
				t.Fatalf("stranger: %+v (%v)", res, err)
			}
		}
		drain(t, e.relay)
		answers := 0
		for _, m := range e.srv.messages() {
			if m.To[0] == "stranger@evil.example" {
				answers++
				msg, _ := netmail.ReadMessage(strings.NewReader(string(m.Data)))
				if msg.Header.Get("Auto-Submitted") != "auto-replied" || msg.Header.Get("Reply-To") != "" {
					t.Errorf("refusal headers: Auto-Submitted %q, Reply-To %q", msg.Header.Get("Auto-Submitted"), msg.Header.Get("Reply-To"))
				}
			}
		}
		if answers != 1 {
			t.Errorf("explanations to the stranger: %d, want 1", answers)
		}
		// An out-of-office reply: dropped, never answered.
		raw := reply(orig, "police@dept.example.cn", replyTo(orig), "我正在休假。", "Auto-Submitted: auto-replied")
		if res, _ := e.inbound.Handle(ctx, raw, "imap"); res.Status != domain.ReplyDropped {
			t.Errorf("auto-reply: %+v", res)
		}
		// Our own mail coming back: dropped.
		raw = reply(orig, "xietong@example.cn", replyTo(orig), "签收")
		if res, _ := e.inbound.Handle(ctx, raw, "imap"); res.Status != domain.ReplyDropped {
			t.Errorf("own address: %+v", res)
		}
		// A forged token: unknown task.
		raw = reply(orig, "police@dept.example.cn", "reply+t"+fmt.Sprint(id)+"u1kaaaaaaaaaaaaaaaaaaaaaaaa@example.cn", "签收")
		raw = []byte(strings.Replace(string(raw), "In-Reply-To:", "X-Old-In-Reply-To:", 1))
		raw = []byte(strings.Replace(string(raw), "References:", "X-Old-References:", 1))
		if res, _ := e.inbound.Handle(ctx, raw, "imap"); res.Status != domain.ReplyRefused || res.Reason != domain.ReasonUnknownTask {
			t.Errorf("forged token: %+v", res)
		}
		// A command the status does not allow (done before accepting).
		raw = reply(orig, "police@dept.example.cn", replyTo(orig), "延期 2020-01-01")
		if res, _ := e.inbound.Handle(ctx, raw, "imap"); res.Status != domain.ReplyRefused {
			t.Errorf("extension into the past: %+v", res)
		}
		if n := len(e.task(t, id).Events); n != before {
			t.Errorf("refused mail changed the task: %d events, want %d", n, before)
		}
	})
}

// TestReplyWithoutPlusAddress: the reply went to the bare reply address;
// the token is found through In-Reply-To (our Message-ID carries it).
func TestReplyWithoutPlusAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newReplyEnv(t, db)
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")
		raw := reply(orig, "police@dept.example.cn", "reply@example.cn", "收到，马上安排。")
		res, err := e.inbound.Handle(context.Background(), raw, "http")
		if err != nil || res.Status != domain.ReplyApplied || res.TaskID != id {
			t.Fatalf("reply via In-Reply-To: %+v (%v)", res, err)
		}
		d := e.task(t, id)
		if last := d.Events[len(d.Events)-1]; last.Action != "note" || last.Note != "收到，马上安排。" {
			t.Errorf("note: %+v", last)
		}
	})
}

// TestAssignMailReplyIMAP is the whole way round with real servers: a task
// is assigned, its mail arrives at the SMTP server, the department's reply
// is placed in the IMAP mailbox, the poller reads it, and the task changes
// with channel email.
func TestAssignMailReplyIMAP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newReplyEnv(t, db)
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")
		box := newIMAPServer(t, imapPlain, nil)
		box.deliver("INBOX", nil, reply(orig, "police@dept.example.cn", replyTo(orig), "签收"),
			reply(orig, "police@dept.example.cn", replyTo(orig), "办结：已整改完毕，附照片。"))
		p := &notifications.Poller{URL: box.URL(), Log: e.inbound.Log, TLSConfig: box.clientTLS,
			Handle: func(ctx context.Context, raw []byte) error {
				_, err := e.inbound.Handle(ctx, raw, "imap")
				return err
			}}
		if n, err := p.PollOnce(t.Context()); err != nil || n != 2 {
			t.Fatalf("poll: %d handled (%v), want 2", n, err)
		}
		d := e.task(t, id)
		if d.Status != domain.StatusSubmitted {
			t.Fatalf("status after the replies: %s, want submitted", d.Status)
		}
		for _, ev := range d.Events[len(d.Events)-2:] {
			if ev.Channel != domain.ChannelEmail {
				t.Errorf("event %s came through %s, want email", ev.Action, ev.Channel)
			}
		}
		if got := len(box.read("Processed")); got != 2 {
			t.Errorf("Processed holds %d, want 2", got)
		}
		// The lead hears of the submission by mail.
		if m := e.sentTo(t, "lead@dept.example.cn"); !strings.Contains(m.Header.Get("Subject"), "=?") {
			t.Errorf("submission mail to the lead: subject %q", m.Header.Get("Subject"))
		}
	})
}

// TestReplyDMARC: only the trusted relay's (topmost) verdict counts.
func TestReplyDMARC(t *testing.T) {
	db := storetest.SQLite(t)
	e := newReplyEnv(t, db)
	e.inbound.TrustedRelay = "mx.example.cn"
	e.assign(t, 1)
	orig := e.sentTo(t, "police@dept.example.cn")
	tests := []struct {
		name   string
		header string
		want   string
	}{
		{"trusted relay says fail", "Authentication-Results: mx.example.cn; dmarc=fail (p=reject) header.from=dept.example.cn", domain.ReplyRefused},
		{"someone else says fail", "Authentication-Results: mx.evil.example; dmarc=fail header.from=dept.example.cn", domain.ReplyApplied},
		{"trusted relay says pass", "Authentication-Results: mx.example.cn; dmarc=pass header.from=dept.example.cn", domain.ReplyApplied},
	}
	for _, tt := range tests {
		raw := reply(orig, "police@dept.example.cn", replyTo(orig), "备注一条："+tt.name, tt.header)
		res, err := e.inbound.Handle(context.Background(), raw, "imap")
		if err != nil || res.Status != tt.want {
			t.Errorf("%s: %+v (%v), want %s", tt.name, res, err, tt.want)
		}
	}
}
