package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestCleanupJob: the job drops the text of mail sent before the retention
// period and keeps newer text; with retention 0 it keeps everything.
func TestCleanupJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		now := storetest.Now
		ms := []domain.OutboxMessage{
			{DedupeKey: "old", Kind: domain.MailTaskAssigned, Lang: "zh-CN", To: "a@x.cn", Payload: []byte(`{}`),
				Status: domain.OutboxQueued, NextAttemptAt: now, CreatedAt: now},
			{DedupeKey: "new", Kind: domain.MailTaskAssigned, Lang: "zh-CN", To: "b@x.cn", Payload: []byte(`{}`),
				Status: domain.OutboxQueued, NextAttemptAt: now, CreatedAt: now},
		}
		if err := db.EnqueueMails(ctx, ms); err != nil {
			t.Fatal(err)
		}
		claimed, err := db.ClaimMail(ctx, now, time.Minute, 2)
		if err != nil || len(claimed) != 2 {
			t.Fatalf("claimed %d: %v", len(claimed), err)
		}
		sent := map[string]time.Time{"old": now.AddDate(0, 0, -31), "new": now.AddDate(0, 0, -29)}
		for _, m := range claimed {
			if err := db.MarkSent(ctx, m.ID, []byte("text of "+m.DedupeKey), sent[m.DedupeKey]); err != nil {
				t.Fatal(err)
			}
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		clock := func() time.Time { return now }
		if err := cleanupJob(db.Store, 0, clock, log)(ctx, now); err != nil {
			t.Fatal(err)
		}
		if err := cleanupJob(db.Store, 30, clock, log)(ctx, now); err != nil {
			t.Fatal(err)
		}
		for _, c := range claimed {
			m, err := db.OutboxMessage(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if kept := len(m.Raw) > 0; kept != (c.DedupeKey == "new") {
				t.Errorf("%s: text kept %v", c.DedupeKey, kept)
			}
		}
	})
}
