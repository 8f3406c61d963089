package store_test

import (
	"context"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

func TestFailInbound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		now := storetest.Now
		record := func(id, status string) {
			t.Helper()
			if _, err := db.RecordInbound(ctx, &domain.InboundMessage{MessageID: id, Via: "imap", From: "a@example.cn",
				Subject: "Re: 任务", Raw: []byte("raw"), Status: status, ReceivedAt: now}); err != nil {
				t.Fatal(err)
			}
		}
		record("waiting@x", "received")
		record("done@x", "applied")
		for _, id := range []string{"waiting@x", "done@x", "new@x"} {
			if err := db.FailInbound(ctx, id, "imap", []byte("raw"), "failed", now); err != nil {
				t.Fatalf("FailInbound(%s): %v", id, err)
			}
		}
		tests := []struct {
			id, status, reason, from string
		}{
			{"waiting@x", "dropped", "failed", "a@example.cn"}, // keeps what was stored
			{"done@x", "applied", "", "a@example.cn"},          // a handled message stays handled
			{"new@x", "dropped", "failed", ""},                 // one the database refused at first
		}
		for _, tt := range tests {
			var status, reason, from string
			err := db.DB.NewSelect().Table("inbound_messages").Column("status", "reason", "from_addr").
				Where("message_id = ?", tt.id).Scan(ctx, &status, &reason, &from)
			if err != nil || status != tt.status || reason != tt.reason || from != tt.from {
				t.Errorf("%s: got %q, %q, %q, %v; want %q, %q, %q", tt.id, status, reason, from, err, tt.status, tt.reason, tt.from)
			}
		}
	})
}
