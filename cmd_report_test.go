package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"xietong/config"
	"xietong/domain"
)

// TestReportSendCommand queues the weekly report for leadership and
// delivers it (to the mail log, with no SMTP server configured); a rerun
// for the same week sends nothing twice.
func TestReportSendCommand(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	cfg, err := config.Load(e.get)
	if err != nil {
		t.Fatal(err)
	}
	err = withApp(ctx, cfg, wallClock(), func(a app) error {
		_, err := a.users.CreateUser(ctx, domain.SystemActor(), domain.CreateUser{Username: "boss",
			Role: domain.RoleLeadership, Email: "boss@example.cn", Password: "boss password 123"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	send := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, append([]string{"report", "send"}, args...), e.get, &out, io.Discard, wallClock()); err != nil {
			t.Fatalf("report send %v: %v", args, err)
		}
		return out.String()
	}
	out := send("--period", "weekly", "--at", "2025-03-10T08:30")
	for _, want := range []string{"weekly report 2025-03-03 to 2025-03-09", "queued for 1 leadership users: boss@example.cn",
		"delivered the mail queue (1 messages handed to log)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if again := send("--period", "weekly", "--at", "2025-03-10T09:00"); !strings.Contains(again, "(0 messages handed") ||
		!strings.Contains(again, "nothing new queued") || strings.Contains(again, "queued for 1") {
		t.Errorf("rerun sent again:\n%s", again)
	}
	if monthly := send("--period", "monthly", "--at", "2025-03-03T08:30", "--queue-only"); !strings.Contains(monthly,
		"monthly report 2025-02-01 to 2025-02-28") || strings.Contains(monthly, "delivered") {
		t.Errorf("monthly, queue only:\n%s", monthly)
	}
	for _, bad := range [][]string{{"report", "send"}, {"report", "send", "--period", "daily"}, {"report"},
		{"report", "send", "--period", "weekly", "--at", "later"}} {
		err := run(ctx, bad, e.get, io.Discard, io.Discard, wallClock())
		if err == nil || !strings.Contains(err.Error(), "report") {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
}
