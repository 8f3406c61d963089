package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"xietong/config"
	"xietong/domain/store"
	"xietong/domain/store/storetest"
)

// TestServeAtFixedClock runs the whole server at 2025-03-03 09:00 in
// Shanghai (a Monday), on a clock that advances from there: the API, the
// relay and the scheduler all read it, not the machine's.
func TestServeAtFixedClock(t *testing.T) {
	start := time.Date(2025, 3, 3, 9, 0, 0, 0, storetest.Shanghai)
	began := time.Now()
	clk := wallClock()
	clk.now = func() time.Time { return start.Add(time.Since(began)) }
	near := func(what, rfc3339 string) {
		t.Helper()
		at, err := time.Parse(time.RFC3339, rfc3339)
		if err != nil || at.Before(start) || at.After(start.Add(10*time.Minute)) {
			t.Errorf("%s: got %q, want just after %v", what, rfc3339, start)
		}
	}

	e := sqliteEnv(t)
	// The installation dates from the Saturday before: a new one would not
	// catch up reports of before its first start (TestRunCatchUpSince).
	if err := run(context.Background(), []string{"migrate", "up"}, e.get, io.Discard, io.Discard, clk); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	func() {
		st, err := store.Open(store.Options{Driver: "sqlite", SQLitePath: strings.TrimPrefix(e["XIETONG_DATABASE_URL"], "sqlite://")})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := st.InstalledAt(context.Background(), start.AddDate(0, 0, -2)); err != nil {
			t.Fatal(err)
		}
	}()
	stop, logs := startServeWith(t, e, clk)
	base := "http://" + e["XIETONG_HTTP_ADDR"]
	waitStatus(t, base+"/readyz", 200, 30*time.Second)
	err := run(context.Background(), []string{"user", "add", "--username", "police1", "--role", "department",
		"--org", "xian-public_security", "--email", "police1@example.cn", "--password", "police password 1"},
		e.get, io.Discard, io.Discard, clk)
	if err != nil {
		t.Fatalf("user add: %v", err)
	}
	token := login(t, base, "admin", "admin password 123")
	police := orgID(t, base, token, "xian-public_security")

	// The task is assigned on the clock's day, and its deadline counts five
	// working days from there: Tuesday 4th to Monday 10th.
	var task struct {
		AssignedOn string `json:"assigned_on"`
		DueDate    string `json:"due_date"`
		CreatedAt  string `json:"created_at"`
	}
	postJSON(t, base+"/api/v1/tasks", token, map[string]any{"title": "排查小区消防隐患", "lead_org_id": police,
		"due_in_working_days": 5}, &task)
	if task.AssignedOn != "2025-03-03" || task.DueDate != "2025-03-10" {
		t.Errorf("task assigned on %s, due %s; want 2025-03-03, due 2025-03-10", task.AssignedOn, task.DueDate)
	}
	near("task created_at", task.CreatedAt)

	// The relay sends the assignment mail at the clock's time.
	var sent string
	waitFor(t, "the relay to send police1's mail", 30*time.Second, func() bool {
		var box struct {
			Items []struct {
				To     string  `json:"to"`
				Status string  `json:"status"`
				SentAt *string `json:"sent_at"`
			} `json:"items"`
		}
		getJSON(t, base+"/api/v1/outbox", token, &box)
		for _, m := range box.Items {
			if m.To == "police1@example.cn" && m.Status == "sent" && m.SentAt != nil {
				sent = *m.SentAt
				return true
			}
		}
		return false
	})
	near("mail sent_at", sent)

	// The scheduler, started at 09:00 on a Monday, catches up the weekly
	// report's slot of 08:30 that day, and records the run at the clock's
	// time.
	path := strings.TrimPrefix(e["XIETONG_DATABASE_URL"], "sqlite://")
	st, err := store.Open(store.Options{Driver: "sqlite", SQLitePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	slot := time.Date(2025, 3, 3, 8, 30, 0, 0, storetest.Shanghai)
	var run store.JobRun
	waitFor(t, "the weekly report's catch-up run", 30*time.Second, func() bool {
		runs, err := st.JobRuns(context.Background(), jobWeekly, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			if r.Slot.Equal(slot) && !r.FinishedAt.IsZero() {
				run = r
				return true
			}
		}
		return false
	})
	near("weekly report run finished_at", run.FinishedAt.Format(time.RFC3339))
	if err := stop(); err != nil {
		t.Fatalf("serve: %v; logs:\n%s", err, logs)
	}
}

// TestServeJoinsPoller: the IMAP poller runs in serve's group, so stopping
// serve interrupts a poll in progress and waits for the poller to return.
func TestServeJoinsPoller(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	// A mail server that accepts and never greets: the poll hangs until its
	// connection is closed.
	accepted, hungUp := make(chan struct{}), make(chan struct{})
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		close(accepted)
		_, _ = io.Copy(io.Discard, c) // until the poller closes its end
		c.Close()
		close(hungUp)
	}()
	e := sqliteEnv(t)
	e["XIETONG_IMAP_URL"] = "imap://huifu:secret@" + ln.Addr().String() + "/INBOX?tls=none"
	e["XIETONG_LOG_LEVEL"] = "info"
	stop, logs := startServe(t, e)
	select {
	case <-accepted:
	case <-time.After(30 * time.Second):
		t.Fatalf("the poller never connected; logs:\n%s", logs)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(logs.String(), `"msg":"part stopped","part":"imap poller"`) {
		t.Errorf("serve returned without the poller having stopped; logs:\n%s", logs)
	}
	select {
	case <-hungUp:
	case <-time.After(10 * time.Second):
		t.Error("the poll in progress was not interrupted")
	}
}

// TestServeRefusesUnbuildableSMTP: a mail transport that cannot be built
// stops serve before it opens the database or listens, naming the variable,
// rather than sending mail to the log.
func TestServeRefusesUnbuildableSMTP(t *testing.T) {
	e := sqliteEnv(t)
	cfg, err := config.Load(e.get)
	if err != nil {
		t.Fatal(err)
	}
	// Config refuses such a URL too; serve must not rely on it.
	cfg.Mail.SMTPURL = &url.URL{Scheme: "smtp", Host: "mx.example.cn:smtp", User: url.UserPassword("u", "s3cret")}
	log := newLogger(cfg.Log, io.Discard)
	o, err := newTerm(e.get, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	err = serve(context.Background(), cfg, wallClock(), log, o)
	var ec *exitCode
	if !errors.As(err, &ec) || ec.code != 2 || !strings.HasPrefix(err.Error(), "XIETONG_SMTP_URL: ") {
		t.Fatalf("got %v, want a configuration error naming XIETONG_SMTP_URL", err)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %q shows the password", err)
	}
	if _, err := os.Stat(cfg.Database.SQLitePath); err == nil {
		t.Error("serve opened the database before it checked the transport")
	}
}

// postJSON posts body with token and decodes a 201 answer into v.
func postJSON(t *testing.T, url, token string, body, v any) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", url, strings.NewReader(string(b)))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		msg, _ := io.ReadAll(resp.Body)
		t.Fatalf("POST %s: %d %s", url, resp.StatusCode, msg)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
}
