package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// outboxEnv is a task environment with mail in the queue: three tasks, each
// assigned to police with health co-organising, so six messages.
type outboxEnv struct {
	*taskEnv
	tasks []int64
}

func newOutboxEnv(t *testing.T) *outboxEnv {
	t.Helper()
	w := &outboxEnv{taskEnv: newTaskEnv(t, storetest.SQLite(t))}
	for range 3 {
		w.tasks = append(w.tasks, w.createTask(t, nil).ID)
	}
	return w
}

func (w *outboxEnv) outbox(t testing.TB, tok, query string) listJSON[outboxJSON] {
	t.Helper()
	r := w.doT(t, request{method: http.MethodGet, path: "/api/v1/outbox" + query, token: tok})
	wantStatus(t, r, http.StatusOK)
	var out listJSON[outboxJSON]
	r.json(t, &out)
	return out
}

// deliver has a relay take every due message: the first is sent (with raw
// as its bytes), the second fails for good, the rest wait for tomorrow.
func (w *outboxEnv) deliver(t testing.TB, raw string) (sent, failed int64) {
	t.Helper()
	ctx := context.Background()
	now := w.clock.Now()
	// The relay addresses the changes' mail before it claims.
	if err := domain.AddressAllMail(ctx, w.db); err != nil {
		t.Fatal(err)
	}
	claimed, err := w.db.ClaimMail(ctx, now, time.Minute, 50)
	if err != nil || len(claimed) < 3 {
		t.Fatalf("claim: %d (%v), want at least 3", len(claimed), err)
	}
	sent, failed = claimed[0].ID, claimed[1].ID
	if err := w.db.MarkSent(ctx, sent, []byte(raw), now); err != nil {
		t.Fatal(err)
	}
	if err := w.db.MarkFailed(ctx, failed, "550 5.1.1 <police@example.cn>: mailbox unavailable"); err != nil {
		t.Fatal(err)
	}
	for _, m := range claimed[2:] {
		if err := w.db.MarkRetry(ctx, m.ID, "421 try later", now.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	return sent, failed
}

func TestOutboxListAPI(t *testing.T) {
	w := newOutboxEnv(t)
	all := w.outbox(t, w.admin, "")
	if len(all.Items) != 6 || all.Next != nil {
		t.Fatalf("got %d messages (next %v), want 6 on one page", len(all.Items), all.Next)
	}
	ids := make([]int64, len(all.Items))
	for i, m := range all.Items {
		ids[i] = m.ID
	}
	if !slices.IsSortedFunc(ids, func(a, b int64) int { return int(b - a) }) {
		t.Errorf("ids %v: want newest first", ids)
	}
	m := all.Items[0]
	if m.Kind != "task_assigned" || m.Status != "queued" || m.Attempts != 0 || m.TaskID == nil ||
		*m.TaskID != w.tasks[2] || m.HotspotID != nil || m.CreatedAt == nil || m.NextAttemptAt == nil ||
		m.SentAt != nil || m.To == "" || m.Raw != nil {
		t.Errorf("newest message: %+v", m)
	}

	// The JSON has exactly the documented fields; a list never carries raw.
	r := w.get("/api/v1/outbox?limit=1", w.admin)
	var raw struct {
		Items []map[string]any `json:"items"`
	}
	r.json(t, &raw)
	want := []string{"attempts", "created_at", "hotspot_id", "id", "kind", "last_error", "message_id",
		"next_attempt_at", "sent_at", "status", "subject", "task_id", "to", "to_name"}
	if s, _ := raw.Items[0]["subject"].(string); !strings.Contains(s, "督办#") {
		t.Errorf("subject %q: want the rendered subject with its task tag", s)
	}
	var got []string
	for k := range raw.Items[0] {
		got = append(got, k)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("fields: got %v, want %v", got, want)
	}

	// Pages of four, then two.
	p1 := w.outbox(t, w.admin, "?limit=4")
	if len(p1.Items) != 4 || p1.Next == nil {
		t.Fatalf("page 1: %d items, next %v", len(p1.Items), p1.Next)
	}
	p2 := w.outbox(t, w.admin, "?limit=4&cursor="+*p1.Next)
	if len(p2.Items) != 2 || p2.Next != nil || p2.Items[0].ID != ids[4] {
		t.Fatalf("page 2: %+v, want the last two", p2)
	}

	if l := w.outbox(t, w.admin, fmt.Sprintf("?task_id=%d", w.tasks[0])); len(l.Items) != 2 {
		t.Errorf("task filter: %d messages, want 2", len(l.Items))
	}
	if l := w.outbox(t, w.admin, "?status=failed"); len(l.Items) != 0 {
		t.Errorf("failed: %d messages, want 0", len(l.Items))
	}
	sent, failed := w.deliver(t, "Subject: hi\r\n\r\nhello\r\n")
	if l := w.outbox(t, w.admin, "?status=failed"); len(l.Items) != 1 || l.Items[0].ID != failed ||
		l.Items[0].LastError == "" || l.Items[0].NextAttemptAt != nil || l.Items[0].Attempts != 1 {
		t.Errorf("failed after delivery: %+v", l.Items)
	}
	if l := w.outbox(t, w.admin, "?status=sent"); len(l.Items) != 1 || l.Items[0].ID != sent || l.Items[0].SentAt == nil {
		t.Errorf("sent after delivery: %+v", l.Items)
	}

	bad := []struct {
		name, path, tok string
		status          int
		code            string
	}{
		{"unknown status", "/api/v1/outbox?status=lost", w.admin, 400, "invalid"},
		{"bad task id", "/api/v1/outbox?task_id=abc", w.admin, 400, "invalid"},
		{"bad limit", "/api/v1/outbox?limit=0", w.admin, 400, "invalid"},
		{"bad cursor", "/api/v1/outbox?cursor=%25%25", w.admin, 400, "invalid"},
		{"lead", "/api/v1/outbox", w.tok["lead"], 403, "forbidden"},
		{"department", "/api/v1/outbox", w.tok["police"], 403, "forbidden"},
		{"community", "/api/v1/outbox", w.tok["mijiaya"], 403, "forbidden"},
		{"signed out", "/api/v1/outbox", "", 401, "unauthenticated"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r := w.doT(t, request{method: http.MethodGet, path: tt.path, token: tt.tok})
			wantStatus(t, r, tt.status)
			if got := r.errorCode(t); got != tt.code {
				t.Errorf("code: got %q, want %q", got, tt.code)
			}
		})
	}
}

func TestOutboxGetAndRetryAPI(t *testing.T) {
	w := newOutboxEnv(t)
	body := "Subject: =?UTF-8?b?5Lu75Yqh?=\r\n\r\n请签收\r\n"
	sent, failed := w.deliver(t, body)

	var got outboxJSON
	r := w.get(fmt.Sprintf("/api/v1/outbox/%d", sent), w.admin)
	wantStatus(t, r, http.StatusOK)
	r.json(t, &got)
	if got.ID != sent || got.Status != "sent" || got.Raw == nil || *got.Raw != body {
		t.Errorf("sent message: %+v, want its raw bytes", got)
	}
	got = outboxJSON{}
	r = w.get(fmt.Sprintf("/api/v1/outbox/%d", failed), w.admin)
	wantStatus(t, r, http.StatusOK)
	r.json(t, &got)
	if got.Status != "failed" || got.Raw != nil {
		t.Errorf("failed message: %+v, want no raw", got)
	}

	retry := func(tok string, id int64) response {
		return w.post(t, tok, fmt.Sprintf("/api/v1/outbox/%d/retry", id), nil)
	}
	w.clock.Set(w.clock.Now().Add(time.Hour))
	r = retry(w.admin, failed)
	wantStatus(t, r, http.StatusOK)
	got = outboxJSON{}
	r.json(t, &got)
	if got.ID != failed || got.Status != "queued" || got.Attempts != 0 || got.NextAttemptAt == nil ||
		*got.NextAttemptAt != w.clock.Now().UTC().Format(time.RFC3339) || got.LastError == "" {
		t.Errorf("retried: %+v, want queued now with attempts reset and the last error kept", got)
	}
	var audit listJSON[auditJSON]
	w.get("/api/v1/audit?action=outbox.retry", w.admin).json(t, &audit)
	if len(audit.Items) != 1 || audit.Items[0].Target != fmt.Sprintf("outbox:%d", failed) || audit.Items[0].Actor != "admin" {
		t.Errorf("audit: %+v, want one outbox.retry by admin", audit.Items)
	}

	tests := []struct {
		name   string
		method string
		path   string
		tok    string
		status int
	}{
		{"retry again: now queued", http.MethodPost, fmt.Sprintf("/api/v1/outbox/%d/retry", failed), w.admin, 409},
		{"retry a sent message", http.MethodPost, fmt.Sprintf("/api/v1/outbox/%d/retry", sent), w.admin, 409},
		{"retry a missing message", http.MethodPost, "/api/v1/outbox/999999/retry", w.admin, 404},
		{"retry as a department", http.MethodPost, fmt.Sprintf("/api/v1/outbox/%d/retry", failed), w.tok["police"], 403},
		{"retry signed out", http.MethodPost, fmt.Sprintf("/api/v1/outbox/%d/retry", failed), "", 401},
		{"get a missing message", http.MethodGet, "/api/v1/outbox/999999", w.admin, 404},
		{"get a bad id", http.MethodGet, "/api/v1/outbox/abc", w.admin, 400},
		{"get as a lead", http.MethodGet, fmt.Sprintf("/api/v1/outbox/%d", sent), w.tok["lead"], 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.doT(t, request{method: tt.method, path: tt.path, token: tt.tok})
			wantStatus(t, r, tt.status)
			r.errorCode(t)
		})
	}
	r = retry(w.admin, sent)
	if msg := r.message(t); msg != fmt.Sprintf("邮件 %d 未处于发送失败状态，无需重试", sent) {
		t.Errorf("conflict message: %q", msg)
	}
	w.get("/api/v1/audit?action=outbox.retry", w.admin).json(t, &audit)
	if len(audit.Items) != 1 {
		t.Errorf("refused retries wrote audit rows: %d, want 1", len(audit.Items))
	}
}

// TestMailBacklogMetrics: /metrics shows the task changes whose mail is not
// addressed yet and the messages not sent yet.
func TestMailBacklogMetrics(t *testing.T) {
	w := newOutboxEnv(t) // three changes recorded, nothing addressed
	metric := func(name string) string {
		t.Helper()
		r := w.doT(t, request{method: http.MethodGet, path: "/metrics"})
		wantStatus(t, r, http.StatusOK)
		for _, line := range strings.Split(string(r.body), "\n") {
			if v, ok := strings.CutPrefix(line, name+" "); ok {
				return v
			}
		}
		t.Fatalf("/metrics has no %s", name)
		return ""
	}
	if q, u := metric("xietong_mail_queued"), metric("xietong_mail_unaddressed"); q != "0" || u != "3" {
		t.Errorf("before addressing: queued %s, unaddressed %s; want 0 and 3", q, u)
	}
	if err := domain.AddressAllMail(context.Background(), w.db); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // the gauges read the database at most once a second
	if q, u := metric("xietong_mail_queued"), metric("xietong_mail_unaddressed"); q != "6" || u != "0" {
		t.Errorf("after addressing: queued %s, unaddressed %s; want 6 and 0", q, u)
	}
}
