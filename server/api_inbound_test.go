package server

import (
	"context"
	"fmt"
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
		if out.Status != domain.ReplyRefused || out.Reason != domain.ReasonNoToken {
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

// TestInboundForgeriesApplyNothing: only a valid reply token authorises. A
// subject tag, a forged From, a made-up or garbled token, a token for
// another task and a Message-ID we never issued each change nothing; a
// reply carrying the token (in the address or in our Message-ID) is applied.
func TestInboundForgeriesApplyNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		key := []byte("k")
		var tasks *domain.TaskService
		e := newEnv(t, db, func(d *Deps) {
			tasks = d.Tasks
			replies := &domain.ReplyService{Store: db.Store, Tasks: d.Tasks, Key: key, Now: d.Tasks.Now,
				Attachments: &domain.AttachmentService{Store: db.Store, Now: d.Tasks.Now}}
			d.Inbound = &notifications.Inbound{Replies: replies, ReplyAddress: "reply@example.cn",
				OwnAddress: "xietong@example.cn", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			d.InboundSecret = inboundSecret
		})
		ctx := context.Background()
		lead, _ := e.mustUser("lead", domain.RoleLead, "", "")
		police, _ := e.mustUser("police", domain.RoleDepartment, "xian-public_security", "")
		other, _ := e.mustUser("other", domain.RoleDepartment, "xian-housing", "")
		mk := func(org int64) int64 {
			d, err := tasks.Create(ctx, domain.ActorOf(lead, domain.ChannelAPI, ""), domain.CreateTask{
				Title: "排查小区消防隐患", LeadOrgID: org, DueInWorkingDays: 5})
			if err != nil {
				t.Fatal(err)
			}
			return d.ID
		}
		id, otherID := mk(police.OrgID), mk(other.OrgID)
		events := func() int {
			d, err := tasks.Task(ctx, domain.ActorOf(lead, domain.ChannelAPI, ""), id)
			if err != nil {
				t.Fatal(err)
			}
			if d.Status != domain.StatusAssigned {
				t.Errorf("task %d is %s, want assigned", id, d.Status)
			}
			return len(d.Events)
		}
		before := events()
		good := domain.ReplyToken(key, id, police.ID, "", e.clock.Now())
		tag := fmt.Sprintf("[督办#%d] 签收", id)
		n := 0
		mail := func(to, subject string, headers ...string) string {
			n++
			return fmt.Sprintf("From: police@example.cn\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <f%d@evil.example>\r\n%s\r\n签收\r\n",
				to, subject, n, strings.Join(append(headers, ""), "\r\n"))
		}
		forgeries := []struct {
			name, raw, reason string
		}{
			{"subject tag only", mail("reply@example.cn", tag), domain.ReasonNoToken},
			{"forged From only", mail("reply@example.cn", "签收"), domain.ReasonNoToken},
			{"made-up token", mail(fmt.Sprintf("reply+t%du%dkaaaaaaaaaaaaaaaaaaaaaaaa@example.cn", id, police.ID), tag), domain.ReasonUnknownTask},
			{"garbled token", mail("reply+"+good[:len(good)-2]+"zz@example.cn", tag), domain.ReasonUnknownTask},
			{"token for another task", mail("reply+"+domain.ReplyToken(key, otherID, other.ID, "", e.clock.Now())+"@example.cn", tag), domain.ReasonSenderNotAllowed},
			{"Message-ID never issued", mail("reply@example.cn", tag,
				fmt.Sprintf("In-Reply-To: <xt.t%du%dkbbbbbbbbbbbbbbbbbbbbbbbb.0011223344556677@example.cn>", id, police.ID),
				fmt.Sprintf("References: <task-%d@example.cn>", id)), domain.ReasonUnknownTask},
		}
		for _, f := range forgeries {
			r := e.do(request{method: http.MethodPost, path: "/api/v1/inbound/email", body: strings.NewReader(f.raw),
				header: map[string]string{"X-Inbound-Secret": inboundSecret, "Content-Type": "message/rfc822"}})
			wantStatus(t, r, http.StatusAccepted)
			var out struct{ Status, Reason string }
			r.json(t, &out)
			if out.Status != domain.ReplyRefused || out.Reason != f.reason {
				t.Errorf("%s: got %s %s, want refused %s", f.name, out.Status, out.Reason, f.reason)
			}
			if got := events(); got != before {
				t.Errorf("%s: %d events, want %d", f.name, got, before)
			}
		}
		// The real token, through our Message-ID in In-Reply-To: applied.
		r := e.do(request{method: http.MethodPost, path: "/api/v1/inbound/email", header: map[string]string{
			"X-Inbound-Secret": inboundSecret, "Content-Type": "message/rfc822"},
			body: strings.NewReader(mail("reply@example.cn", "Re: "+tag, "In-Reply-To: <xt."+good+".0011223344556677@example.cn>"))})
		var out struct{ Status, Reason string }
		r.json(t, &out)
		if out.Status != domain.ReplyApplied {
			t.Errorf("a reply with our Message-ID: %+v", out)
		}
	})
}
