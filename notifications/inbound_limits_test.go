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
