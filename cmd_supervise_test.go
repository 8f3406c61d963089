package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"xietong/config"
	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestSuperviseCommand previews and then runs a sweep from the command
// line over a task assigned Monday 2025-03-03 and due Monday 03-10.
func TestSuperviseCommand(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	cfg, err := config.Load(e.get)
	if err != nil {
		t.Fatal(err)
	}
	err = withApp(ctx, cfg, wallClock(), func(a app) error {
		a.tasks.Now = func() time.Time { return storetest.Now }
		a.tasks.Store = storetest.WithClock(a.tasks.Store, a.tasks.Now)
		lead, err := a.users.CreateUser(ctx, domain.SystemActor(), domain.CreateUser{Username: "lead",
			Role: domain.RoleLead, Email: "lead@example.cn", Password: "lead password 123"})
		if err != nil {
			return err
		}
		_, err = a.users.CreateUser(ctx, domain.SystemActor(), domain.CreateUser{Username: "police",
			Role: domain.RoleDepartment, OrgCode: "xian-public_security", Email: "police@example.cn",
			Password: "police password 123"})
		if err != nil {
			return err
		}
		orgs, err := a.catalog.Organizations(ctx, domain.ActorOf(lead, domain.ChannelAPI, ""),
			domain.OrgFilter{Q: "西安市公安局"}, domain.Page{Limit: 1})
		if err != nil || len(orgs.Items) == 0 {
			t.Fatalf("police: %v", err)
		}
		_, err = a.tasks.Create(ctx, domain.ActorOf(lead, domain.ChannelAPI, ""), domain.CreateTask{
			Title: "整治小区周边治安", LeadOrgID: orgs.Items[0].ID, DueInWorkingDays: 5})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	supervise := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, append([]string{"supervise"}, args...), e.get, &out, io.Discard, wallClock()); err != nil {
			t.Fatalf("supervise %v: %v", args, err)
		}
		return out.String()
	}
	dry := supervise("--at", "2025-03-12T09:00", "--dry-run")
	for _, want := range []string{"dry run", "1 tasks looked at, 1 steps sent, 2 skipped, 1 messages queued",
		"remind-3\tskip (stale)", "urge+1\tsend\tdue 2025-03-10\t西安市公安局\t整治小区周边治安 -> police@example.cn"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, dry)
		}
	}
	// In Chinese the decisions keep their tab-separated columns.
	zh := supervise("--lang", "zh-CN", "--at", "2025-03-12T09:00", "--dry-run")
	for _, want := range []string{"（演练：未作任何更改）", "查看任务 1 项，发送 1 步，跳过 2 步，排队邮件 1 封",
		"remind-3\t跳过（stale）", "urge+1\t发送\t期限 2025-03-10\t西安市公安局\t整治小区周边治安 -> police@example.cn"} {
		if !strings.Contains(zh, want) {
			t.Errorf("Chinese dry run lacks %q:\n%s", want, zh)
		}
	}
	if got, want := strings.Count(zh, "\t"), strings.Count(dry, "\t"); got != want {
		t.Errorf("Chinese dry run has %d tabs, English %d", got, want)
	}
	again := supervise("--at", "2025-03-12 09:00", "--dry-run")
	if again != dry {
		t.Errorf("the dry run changed something:\n%s\nthen\n%s", dry, again)
	}
	real := supervise("--at", "2025-03-12T09:00:00+08:00")
	if !strings.Contains(real, "1 steps sent, 2 skipped") || strings.Contains(real, "dry run") {
		t.Errorf("sweep output:\n%s", real)
	}
	if rerun := supervise("--at", "2025-03-12T09:00"); !strings.Contains(rerun, "0 tasks looked at, 0 steps sent") {
		t.Errorf("rerun:\n%s", rerun)
	}
	if night := supervise("--at", "2025-03-12T22:00"); !strings.Contains(night, "outside the send window") {
		t.Errorf("night:\n%s", night)
	}
	err = run(ctx, []string{"supervise", "--at", "soon"}, e.get, io.Discard, io.Discard, wallClock())
	if err == nil || !strings.Contains(err.Error(), `"soon" is not a time`) {
		t.Errorf("bad --at: %v", err)
	}
}
