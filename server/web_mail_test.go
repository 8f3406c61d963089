package server

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications"
	"xietong/notifications/i18n"
	"xietong/notifications/mail"
)

// mailWorld is the server with the mail log as `make run` has it: tasks
// queue mail, the relay "sends" it through the log transport, and an admin
// reads it on the mail pages.
type mailWorld struct {
	*testEnv
	web            *webEnv
	task           domain.TaskDetail
	sent, failed   int64 // a message sent through the log, one given up
	queuedTomorrow int64 // one waiting for another attempt
}

func newMailWorld(t *testing.T) *mailWorld {
	t.Helper()
	e := newEnv(t, storetest.SQLite(t))
	e.clock.Set(webNow) // the session cookie must outlive the wall clock
	w := &mailWorld{testEnv: e, web: &webEnv{t: t, URL: e.ts.URL, db: e.db, users: e.users}}
	lead, _ := e.mustUser("lead", domain.RoleLead, "", "")
	e.mustUser("police", domain.RoleDepartment, orgPolice, "")
	e.mustUser("health", domain.RoleDepartment, orgHealth, "")
	ctx := context.Background()
	health, err := e.db.OrganizationByCode(ctx, orgHealth)
	if err != nil {
		t.Fatal(err)
	}
	police, err := e.db.OrganizationByCode(ctx, orgPolice)
	if err != nil {
		t.Fatal(err)
	}
	w.task, err = e.srv.deps.Tasks.Create(ctx, domain.ActorOf(lead, domain.ChannelWeb, ""), domain.CreateTask{
		Title: "整治小区周边治安", LeadOrgID: police.ID, DueInWorkingDays: 5})
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("https://xietong.example.cn")
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	rd, err := mail.NewRenderer(cat)
	if err != nil {
		t.Fatal(err)
	}
	relay := &notifications.Relay{Queue: e.db.Store, Transport: notifications.LogTransport{}, Renderer: rd, Now: e.clock.Now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), From: "xietong@example.cn", FromName: "协同督办平台",
		ReplyAddress: "reply@example.cn", BaseURL: base, Key: []byte("0123456789abcdef0123456789abcdef"),
		Address: func(ctx context.Context, n int) (int, error) { return domain.AddressMail(ctx, e.db.Store, n, false) }}
	if n, err := relay.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("relay: %d messages (%v), want 1", n, err)
	}
	sent, err := e.db.Outbox(ctx, domain.OutboxFilter{Status: domain.OutboxSent}, domain.Page{Limit: 10})
	if err != nil || len(sent) != 1 {
		t.Fatalf("sent: %d (%v), want 1", len(sent), err)
	}
	w.sent = sent[0].ID

	// A second task: the relay gives up on one of its messages and will try
	// the other again tomorrow.
	if _, err := e.srv.deps.Tasks.Create(ctx, domain.ActorOf(lead, domain.ChannelWeb, ""), domain.CreateTask{
		Title: "排查燃气管道", LeadOrgID: police.ID, CoOrgIDs: []int64{health.ID}, DueInWorkingDays: 3}); err != nil {
		t.Fatal(err)
	}
	// The relay addresses the changes' mail before it claims.
	if err := domain.AddressAllMail(ctx, e.db); err != nil {
		t.Fatal(err)
	}
	claimed, err := e.db.ClaimMail(ctx, e.clock.Now(), time.Minute, 10)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("claim: %d (%v), want 2", len(claimed), err)
	}
	w.failed, w.queuedTomorrow = claimed[0].ID, claimed[1].ID
	if err := e.db.MarkFailed(ctx, w.failed, "550 5.1.1 mailbox unavailable"); err != nil {
		t.Fatal(err)
	}
	if err := e.db.MarkRetry(ctx, w.queuedTomorrow, "421 busy", e.clock.Now().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	return w
}

// as signs username in on the web (the admin has its own password).
func (w *mailWorld) as(username string) *webClient {
	w.t.Helper()
	b := w.web.client()
	pw := "user-password-1"
	if username == "admin" {
		pw = adminPassword
	}
	if res, _ := b.login(username, pw, ""); res.StatusCode != http.StatusSeeOther {
		w.t.Fatalf("login %s: got %d", username, res.StatusCode)
	}
	return b
}

func TestWebMailLog(t *testing.T) {
	w := newMailWorld(t)
	admin := w.as("admin")

	res, doc := admin.get("/")
	wantWebStatus(t, res, http.StatusOK)
	if doc.Find(`nav.main a[href="/admin/mail"]`).Length() != 1 {
		t.Error("the admin's navigation has no mail link")
	}
	res, doc = admin.get("/admin/mail")
	wantWebStatus(t, res, http.StatusOK)
	if got, want := rowIDs(doc, "#mail"), []string{webID(w.queuedTomorrow), webID(w.failed), webID(w.sent)}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("rows: got %v, want %v (newest first)", got, want)
	}
	sentRow := doc.Find(`#mail tr[data-id="` + webID(w.sent) + `"]`)
	if st := sentRow.AttrOr("data-status", ""); st != "sent" || !strings.Contains(webText(sentRow), "已发送") ||
		!strings.Contains(webText(sentRow), "任务交办") || !strings.Contains(webText(sentRow), "police@example.cn") {
		t.Errorf("sent row: status %q, text %q", st, webText(sentRow))
	}
	if sentRow.Find("form.retry").Length() != 0 {
		t.Error("a sent message offers a retry")
	}
	failedRow := doc.Find(`#mail tr[data-id="` + webID(w.failed) + `"]`)
	if !strings.Contains(webText(failedRow), "发送失败") || !strings.Contains(webText(failedRow), "550 5.1.1 mailbox unavailable") ||
		failedRow.Find(`form.retry[action="/admin/mail/`+webID(w.failed)+`/retry"] input[name="_csrf"]`).Length() != 1 {
		t.Errorf("failed row: %q, want its error and a retry form", webText(failedRow))
	}
	_, doc = admin.get("/admin/mail?status=failed")
	if got := rowIDs(doc, "#mail"); len(got) != 1 || got[0] != webID(w.failed) {
		t.Errorf("status filter: rows %v", got)
	}
	_, doc = admin.get("/admin/mail?task_id=" + webID(w.task.ID))
	if got := rowIDs(doc, "#mail"); len(got) != 1 || got[0] != webID(w.sent) {
		t.Errorf("task filter: rows %v", got)
	}

	// The mail log: the message as sent, decoded for reading.
	res, doc = admin.get("/admin/mail/" + webID(w.sent))
	wantWebStatus(t, res, http.StatusOK)
	subject := webText(doc.Find(`#mail-headers dd[data-header="Subject"]`))
	if !strings.Contains(subject, "新交办：整治小区周边治安") {
		t.Errorf("subject: %q, want the decoded Chinese subject", subject)
	}
	if from := webText(doc.Find(`#mail-headers dd[data-header="From"]`)); !strings.Contains(from, "协同督办平台") {
		t.Errorf("from: %q, want the decoded display name", from)
	}
	if to := webText(doc.Find(`#mail-headers dd[data-header="To"]`)); !strings.Contains(to, "police@example.cn") {
		t.Errorf("to: %q", to)
	}
	text := doc.Find("#mail-text").Text()
	if !strings.Contains(text, "整治小区周边治安") || !strings.Contains(text, "https://xietong.example.cn/tasks/"+webID(w.task.ID)) {
		t.Errorf("text part: %q, want the task title and its link", text)
	}
	if src := doc.Find("#mail-source").Text(); !strings.Contains(src, "=?UTF-8?") || strings.Contains(src, "整治") {
		t.Error("the source must be the encoded message as sent")
	}

	// A message not sent yet has nothing to read, and no retry while queued.
	_, doc = admin.get("/admin/mail/" + webID(w.queuedTomorrow))
	if doc.Find("#mail-not-sent").Length() != 1 || doc.Find("#retry-form").Length() != 0 {
		t.Error("queued message: want the not-sent note and no retry form")
	}

	// Retry the failed one from its page.
	_, doc = admin.get("/admin/mail/" + webID(w.failed))
	csrf := webCSRFOf(t, doc)
	res, _ = admin.post("/admin/mail/"+webID(w.failed)+"/retry", url.Values{"_csrf": {csrf}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/mail/"+webID(w.failed)+"?done=mail_retried" {
		t.Fatalf("retry: got %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, doc = admin.get(res.Header.Get("Location"))
	if st := doc.Find("#mail-status").Text(); st != "待发送" || !strings.Contains(doc.Find(".notice").Text(), "重新排队") {
		t.Errorf("after retry: status %q, flash %q", st, doc.Find(".notice").Text())
	}
	res, doc = admin.post("/admin/mail/"+webID(w.failed)+"/retry", url.Values{"_csrf": {csrf}})
	wantWebStatus(t, res, http.StatusConflict)
	if !strings.Contains(doc.Find(".alert").Text(), "未处于发送失败状态") {
		t.Errorf("second retry: alert %q", doc.Find(".alert").Text())
	}

	_, doc = admin.get("/admin/mail?lang=en")
	if h := doc.Find("h1").Text(); h != "Mail log" || !strings.Contains(webText(doc.Find("#mail")), "Task assigned") {
		t.Errorf("English: heading %q, table %q", h, webText(doc.Find("#mail")))
	}
}

func TestWebMailIsForAdmins(t *testing.T) {
	w := newMailWorld(t)
	for _, name := range []string{"police", "lead"} {
		t.Run(name, func(t *testing.T) {
			b := w.as(name)
			_, doc := b.get("/")
			if doc.Find(`a[href="/admin/mail"]`).Length() != 0 {
				t.Error("the navigation shows the mail link")
			}
			for _, path := range []string{"/admin/mail", "/admin/mail/" + webID(w.sent)} {
				res, doc := b.get(path)
				if res.StatusCode != http.StatusForbidden || doc.Find("#mail-text, #mail").Length() != 0 {
					t.Errorf("GET %s: got %d, want 403 and no mail", path, res.StatusCode)
				}
			}
			res, _ := b.post("/admin/mail/"+webID(w.failed)+"/retry", url.Values{"_csrf": {webCSRFOf(t, doc)}})
			wantWebStatus(t, res, http.StatusForbidden)
		})
	}
	if m, _ := w.db.OutboxMessage(context.Background(), w.failed); m.Status != domain.OutboxFailed {
		t.Errorf("a non-admin's retry moved the message to %s", m.Status)
	}
	res, _ := w.web.client().get("/admin/mail")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("signed out: got %d to %q, want the sign-in page", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestWebMailWordsExist checks the names the mail pages build from codes:
// every kind the mail package renders, every status.
func TestWebMailWordsExist(t *testing.T) {
	cs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"web.title.mail", "web.title.mail_message", "web.flash.mail_retried"}
	for _, k := range domain.MailKinds() {
		keys = append(keys, "web.mail.kind."+k)
	}
	for _, s := range domain.OutboxStatuses() {
		keys = append(keys, "web.mail.status."+string(s))
	}
	for _, lang := range languages {
		for _, k := range keys {
			if _, ok := cs.Text(lang, k); !ok {
				t.Errorf("%s catalog lacks %q", lang, k)
			}
		}
	}
	if got := mailKindName(cs.Localizer(langZH), "escalation_step"); got != "escalation_step" {
		t.Errorf("an unknown kind shows as %q, want its code", got)
	}
}

func TestReadMail(t *testing.T) {
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b64 := base64.StdEncoding.EncodeToString
	foxmail := "From: =?GBK?B?" + b64(gbk("西安市公安局")) + "?= <police@example.cn>\r\n" +
		"To: reply+t1u2.abc@example.cn\r\n" +
		"Subject: " + mime.BEncoding.Encode("UTF-8", "回复：新交办：整治小区周边治安") + "\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n" +
		"--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n" +
		"--inner\r\nContent-Type: text/plain; charset=\"GB2312\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		b64(gbk("签收\r\n已安排专人办理。\r\n")) + "\r\n" +
		"--inner\r\nContent-Type: text/html; charset=\"GB2312\"\r\n\r\n<p>ignored</p>\r\n--inner--\r\n" +
		"--outer\r\nContent-Type: application/pdf; name=\"=?UTF-8?B?" + b64([]byte("现场照片.pdf")) + "?=\"\r\n" +
		"Content-Disposition: attachment; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.pdf\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--outer--\r\n"
	tests := []struct {
		name, raw       string
		wantErr         bool
		header, value   string
		text            string
		attachments     int
		firstAttachment string
	}{
		{name: "GBK multipart with an attachment", raw: foxmail, header: "From", value: "西安市公安局 <police@example.cn>",
			text: "签收\n已安排专人办理。\n", attachments: 1, firstAttachment: "现场照片.pdf"},
		{name: "plain quoted-printable", raw: "Subject: =?UTF-8?Q?=E5=8A=9E=E7=BB=93?=\r\nContent-Type: text/plain; charset=utf-8\r\n" +
			"Content-Transfer-Encoding: quoted-printable\r\n\r\n=E5=B7=B2=E5=AE=8C=E6=88=90\r\n",
			header: "Subject", value: "办结", text: "已完成\n"},
		{name: "no content type is plain ASCII", raw: "Subject: hi\r\n\r\nhello\r\n", header: "Subject", value: "hi", text: "hello\n"},
		{name: "not a message", raw: "no headers here", wantErr: true},
		{name: "unknown charset", raw: "Subject: x\r\nContent-Type: text/plain; charset=klingon\r\n\r\nqapla\r\n",
			wantErr: true, header: "Subject", value: "x"},
		{name: "multipart without a boundary", raw: "Subject: x\r\nContent-Type: multipart/mixed\r\n\r\n--\r\n",
			wantErr: true, header: "Subject", value: "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rm, err := readMail([]byte(tt.raw))
			if (err != nil) != tt.wantErr {
				t.Fatalf("error: %v, want error %v", err, tt.wantErr)
			}
			if tt.header != "" {
				got := ""
				for _, h := range rm.Headers {
					if h.Name == tt.header {
						got = h.Value
					}
				}
				if got != tt.value {
					t.Errorf("%s: got %q, want %q", tt.header, got, tt.value)
				}
			}
			if rm.Text != tt.text {
				t.Errorf("text: got %q, want %q", rm.Text, tt.text)
			}
			if len(rm.Attachments) != tt.attachments || tt.attachments > 0 && rm.Attachments[0] != tt.firstAttachment {
				t.Errorf("attachments: got %q, want %d starting %q", rm.Attachments, tt.attachments, tt.firstAttachment)
			}
		})
	}
}
