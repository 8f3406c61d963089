package server

import (
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications"
)

// withInbound gives the server the inbound hook, as main wires it.
func withInbound(db *storetest.DB) func(*Deps) {
	return func(d *Deps) {
		replies := &domain.ReplyService{Store: db.Store, Tasks: d.Tasks, Key: []byte("k"), Now: d.Tasks.Now,
			Attachments: &domain.AttachmentService{Store: db.Store, Now: d.Tasks.Now}}
		d.Inbound = &notifications.Inbound{Replies: replies, ReplyAddress: "reply@example.cn",
			OwnAddress: "xietong@example.cn", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		d.InboundSecret = inboundSecret
	}
}

// postInbound sends raw to the inbound hook.
func (e *testEnv) postInbound(t testing.TB, raw string) response {
	t.Helper()
	return e.doT(t, request{method: http.MethodPost, path: "/api/v1/inbound/email", body: strings.NewReader(raw),
		header: map[string]string{"X-Inbound-Secret": inboundSecret, "Content-Type": "message/rfc822"}})
}

// TestInboundBounceSubjectEndingInNUL is the bounce seen in production: its
// encoded Subject decodes to text ending in NUL, which once cut the SQL text
// and made the hook answer 500.
func TestInboundBounceSubjectEndingInNUL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db, withInbound(db))
		subject := "=?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte("退信：无法投递\x00")) + "?="
		msg := "From: MAILER-DAEMON@mail.example.org\r\nTo: xietong@example.cn\r\n" +
			"Subject: " + subject + "\r\nMessage-ID: <bounce-nul@mail.example.org>\r\n" +
			"Auto-Submitted: auto-replied\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
			"投递失败\x00\r\n"
		r := e.postInbound(t, msg)
		wantStatus(t, r, http.StatusAccepted)
		var out struct{ Status, Reason string }
		r.json(t, &out)
		if out.Status != domain.ReplyDropped {
			t.Errorf("a bounce: got %+v, want dropped", out)
		}
	})
}
