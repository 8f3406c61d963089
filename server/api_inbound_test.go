package server

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications"
)

const inboundSecret = "a-secret-of-some-length"

func TestInboundEmailHook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db, func(d *Deps) {
			replies := &domain.ReplyService{Store: db.Store, Tasks: d.Tasks, Key: []byte("k"), Now: d.Tasks.Now,
				Attachments: &domain.AttachmentService{Store: db.Store, Now: d.Tasks.Now}}
			d.Inbound = &notifications.Inbound{Replies: replies, ReplyAddress: "reply@example.cn",
				OwnAddress: "xietong@example.cn", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			d.InboundSecret = inboundSecret
		})
		msg := "From: someone@example.org\r\nTo: reply@example.cn\r\nSubject: hello\r\nMessage-ID: <m1@example.org>\r\n\r\n签收\r\n"
		post := func(secret, ct, body string) response {
			return e.do(request{method: http.MethodPost, path: "/api/v1/inbound/email", body: strings.NewReader(body),
				header: map[string]string{"X-Inbound-Secret": secret, "Content-Type": ct}})
		}
		r := post("wrong", "message/rfc822", msg)
		wantStatus(t, r, http.StatusUnauthorized)
		r = post(inboundSecret, "application/json", msg)
		wantStatus(t, r, http.StatusBadRequest)
		r = post(inboundSecret, "message/rfc822", "")
		wantStatus(t, r, http.StatusBadRequest)
		r = post(inboundSecret, "message/rfc822", msg)
		wantStatus(t, r, http.StatusAccepted)
		var out struct{ Status, Reason string }
		r.json(t, &out)
		if out.Status != domain.ReplyRefused || out.Reason != domain.ReasonUnknownTask {
			t.Errorf("a reply naming no task: %+v", out)
		}
		r = post(inboundSecret, "message/rfc822", msg)
		r.json(t, &out)
		if out.Status != domain.ReplyDuplicate {
			t.Errorf("the same message again: %+v", out)
		}
	})
}

func TestInboundHookOffWithoutSecret(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	r := e.do(request{method: http.MethodPost, path: "/api/v1/inbound/email", body: strings.NewReader("x"),
		header: map[string]string{"Content-Type": "message/rfc822"}})
	if r.status != http.StatusNotFound && r.status != http.StatusMethodNotAllowed {
		t.Errorf("hook without a secret: %d, want 404", r.status)
	}
}
