package notifications_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications/inbound"
)

// TestReplyAttachmentLimit: attachments past the configured count are not
// stored, and the reply itself still applies.
func TestReplyAttachmentLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		e := newReplyEnv(t, db)
		e.inbound.Limits = inbound.Limits{MaxAttachments: 2}
		id := e.assign(t, 1)[0]
		orig := e.sentTo(t, "police@dept.example.cn")

		var b strings.Builder
		fmt.Fprintf(&b, "From: police@dept.example.cn\r\nTo: %s\r\nSubject: Re: %s\r\nMessage-ID: <limit.reply@dept.example.cn>\r\n",
			replyTo(orig), orig.Header.Get("Subject"))
		b.WriteString("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n")
		b.WriteString("--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n签收，现场照片见附件。\r\n")
		for i := range 3 {
			fmt.Fprintf(&b, "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"p%d.pdf\"\r\n\r\n%%PDF-1.4 %d\r\n", i, i)
		}
		b.WriteString("--b--\r\n")
		res, err := e.inbound.Handle(ctx, []byte(b.String()), "imap")
		if err != nil || res.Status != domain.ReplyApplied {
			t.Fatalf("reply: %+v (%v)", res, err)
		}
		list, err := e.inbound.Replies.Attachments.List(ctx, e.lead, domain.AttachmentTarget{TaskID: id}, domain.Page{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Items) != 2 {
			t.Errorf("%d attachments stored, want 2", len(list.Items))
		}
	})
}

// TestReplyRobotsNotAnswered: mail that a stranger's address would have
// been refused for gets no answer when a machine sent it or no answer can
// reach anyone: a no-reply sender, a list manager, a bare-CR bounce.
func TestReplyRobotsNotAnswered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		e := newReplyEnv(t, db)
		e.assign(t, 1)
		orig := e.sentTo(t, "police@dept.example.cn")
		tests := []struct {
			name string
			raw  []byte
		}{
			{"no-reply sender", reply(orig, "no-reply@oa.evil.example", replyTo(orig), "签收")},
			{"list manager", reply(orig, "list-request@evil.example", replyTo(orig), "签收", "List-Subscribe: <mailto:list-request@evil.example>")},
			{"bare-CR bounce", []byte(strings.ReplaceAll(string(reply(orig, "daemon@evil.example", replyTo(orig), "failed", "Return-Path: <>")), "\r\n", "\r"))},
			{"no From", []byte(strings.Replace(string(reply(orig, "x@evil.example", replyTo(orig), "签收")), "From: x@evil.example", "From: undisclosed-recipients:;", 1))},
		}
		for _, tt := range tests {
			res, err := e.inbound.Handle(ctx, tt.raw, "imap")
			if err != nil || res.Status != domain.ReplyDropped || res.Reason != "automatic" {
				t.Errorf("%s: %+v (%v), want dropped as automatic", tt.name, res, err)
			}
		}
		drain(t, e.relay)
		for _, m := range e.srv.messages() {
			if to := m.To[0]; strings.HasSuffix(to, "evil.example") || to == "" {
				t.Errorf("answer sent to %q", to)
			}
		}
	})
}
