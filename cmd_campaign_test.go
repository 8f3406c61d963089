package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"xietong/config"
	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// TestCampaignNameCommand: a dry run lists what would be named and writes
// nothing; a run names; a rerun names nothing more.
func TestCampaignNameCommand(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	cfg, err := config.Load(e.get)
	if err != nil {
		t.Fatal(err)
	}
	var noticeID int64
	err = withApp(ctx, cfg, wallClock(), func(a app) error {
		st := a.notices.Store
		c, err := st.CommunityByCode(ctx, "hanzhong-minan")
		if err != nil {
			return err
		}
		std, ok, err := st.LatestStandard(ctx, domain.LevelProvince, "")
		if err != nil || !ok {
			t.Fatalf("standard: %v", err)
		}
		return st.InTx(ctx, func(tx domain.Tx) error {
			app := domain.Application{CommunityID: c.ID, CityCode: c.CityCode, RegionCode: c.RegionCode,
				Level: domain.LevelCity, StandardID: std.ID, Status: domain.AppPublicized, CreatedAt: storetest.Now,
				UpdatedAt: storetest.Now}
			if err := tx.CreateApplication(ctx, &app); err != nil {
				return err
			}
			n := domain.PublicNotice{ApplicationID: app.ID, CommunityID: c.ID, CityCode: c.CityCode,
				Level: domain.LevelCity, Score: 90, From: calendar.NewDate(2026, 3, 2), To: calendar.NewDate(2026, 3, 6),
				Status: domain.NoticeOpen, CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
			err := tx.CreatePublicNotice(ctx, &n)
			noticeID = n.ID
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	campaign := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, append([]string{"--lang", "en", "campaign", "name"}, args...), e.get, &out, io.Discard,
			wallClock()); err != nil {
			t.Fatalf("campaign name %v: %v", args, err)
		}
		return out.String()
	}
	if out := campaign("--at", "2026-03-06T12:00"); !strings.Contains(out, "0 named") {
		t.Errorf("in the period:\n%s", out)
	}
	dry := campaign("--at", "2026-03-09T02:00", "--dry-run")
	for _, want := range []string{"(dry run: nothing changed)", "1 named", "named\tnotice 1\t民安花园\t\tvalid until 2029-03-08"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run lacks %q:\n%s", want, dry)
		}
	}
	if again := campaign("--at", "2026-03-09T02:00", "--dry-run"); again != dry {
		t.Errorf("the dry run wrote something:\n%s\nthen\n%s", dry, again)
	}
	real := campaign("--at", "2026-03-09T02:00")
	if !strings.Contains(real, "named\tnotice 1\t民安花园\t陕和谐〔2026〕市-610700-0001\tvalid until 2029-03-08") {
		t.Errorf("run:\n%s", real)
	}
	if rerun := campaign("--at", "2026-03-09T03:00"); !strings.Contains(rerun, "0 named") {
		t.Errorf("rerun named again:\n%s", rerun)
	}
	zh := new(bytes.Buffer)
	if err := run(ctx, []string{"--lang", "zh-CN", "campaign", "name", "--at", "2026-03-10", "--dry-run"}, e.get, zh,
		io.Discard, wallClock()); err != nil || !strings.Contains(zh.String(), "命名 0 个") {
		t.Errorf("Chinese: %v\n%s", err, zh)
	}
	if err := run(ctx, []string{"campaign", "rename"}, e.get, io.Discard, io.Discard, wallClock()); err == nil {
		t.Error("an unknown subcommand ran")
	}
	_ = noticeID
}
