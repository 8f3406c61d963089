package server

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
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

// Reads take text from a person too: a query or form value holding a
// control character or invalid UTF-8 is refused, never a 500.
func TestControlCharactersInReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		for _, q := range []string{"%00", "%FF", "%07", "a%C0%AFb"} {
			for _, path := range []string{"/api/v1/tasks?q=", "/api/v1/organizations?q=", "/api/v1/users?q=",
				"/api/v1/hotspots?q=", "/api/v1/communities?q="} {
				r := e.get(path+q, e.admin)
				if r.status >= 500 {
					t.Errorf("GET %s%s: %d %s", path, q, r.status, r.body)
				}
			}
		}
		for _, name := range []string{"adm\x00in", "adm\x07in"} {
			body, err := json.Marshal(map[string]string{"username": name, "password": "x"})
			if err != nil {
				t.Fatal(err)
			}
			r := e.do(request{method: http.MethodPost, path: "/api/v1/auth/login", body: string(body)})
			if r.status >= 500 {
				t.Errorf("API login %q: %d %s", name, r.status, r.body)
			}
		}
	})
}

// A web form carries any byte: invalid UTF-8 and control characters in a
// sign-in or a new task are refused, never a 500.
func TestWebFormControlCharacters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newWebEnvOn(t, db, false)
		b := e.client()
		for _, name := range []string{"adm\x00in", "adm\xffin", "admin\x07"} {
			if res, _ := b.login(name, webAdminPassword, ""); res.StatusCode >= 500 {
				t.Errorf("login %q: %d", name, res.StatusCode)
			}
		}
		b.mustLogin()
		_, doc := b.get("/tasks/new")
		lead, _ := doc.Find(`select[name="lead_org_id"] optgroup option`).First().Attr("value")
		for _, tc := range []struct{ title, description string }{
			{"任务\xff", "说明"}, {"任务", "说明\x00"}, {"任务", "\x1b[31m说明"}, {"任\u0085务", "说明"},
		} {
			form := url.Values{"_csrf": {webCSRFOf(t, doc)}, "title": {tc.title}, "description": {tc.description},
				"lead_org_id": {lead}, "priority": {"normal"}, "source": {"meeting"}, "category": {"elderly"},
				"due_days": {"5"}}
			if res, _ := b.post("/tasks", form); res.StatusCode != http.StatusBadRequest {
				t.Errorf("new task %q, %q: got %d, want 400", tc.title, tc.description, res.StatusCode)
			}
		}
	})
}

// A JSON body is checked once decoded: an escaped control character is
// refused naming its field, while the six characters `\u0000` typed as
// text are text.
func TestBindRefusesControlCharacters(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	patch := func(body string) response {
		return e.do(request{method: http.MethodPatch, path: "/api/v1/organizations/1", token: e.admin, body: body})
	}
	for _, body := range []string{`{"head_name":"a\u0000b"}`, `{"head_name":"a\u0007b"}`, `{"head_name":"\u001b[31m"}`,
		`{"head_name":"a\u0085b"}`} {
		r := patch(body)
		wantStatus(t, r, http.StatusBadRequest)
		if msg := r.message(t); !strings.Contains(msg, "head_name") || !strings.Contains(msg, "控制字符") {
			t.Errorf("%s: message %q, want the field and the reason", body, msg)
		}
	}
	r := patch(`{"head_name":"写作 \\u0000 的文本"}`)
	wantStatus(t, r, http.StatusOK)
	var o orgJSON
	r.json(t, &o)
	if o.HeadName != `写作 \u0000 的文本` {
		t.Errorf("head_name: got %q", o.HeadName)
	}
}
