package store_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// TestStorageFullIsUnavailable fills the database up for real (SQLite: a
// page limit, SQLITE_FULL; PostgreSQL: a trigger raising disk_full, 53100),
// checks that a write fails as ErrUnavailable and ErrStorageFull, leaves
// nothing behind, and succeeds once there is room again.
func TestStorageFullIsUnavailable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		task := mustStoreTask(t, db)
		add := func() error {
			return db.InTx(ctx, func(tx domain.Tx) error {
				a := domain.Attachment{TaskID: task, Filename: "big.pdf", ContentType: domain.TypePDF, Size: 4 << 20,
					SHA256: "00", Channel: domain.ChannelAPI, CreatedAt: storetest.Now}
				return tx.CreateAttachment(ctx, &a, bytes.NewReader(make([]byte, 4<<20)))
			})
		}
		release := storetest.FillStorage(t, db)
		err := add()
		if !errors.Is(err, domain.ErrUnavailable) || !errors.Is(err, domain.ErrStorageFull) {
			t.Fatalf("write on a full disk: got %v, want ErrUnavailable and ErrStorageFull", err)
		}
		if got, err := db.Attachments(ctx, domain.AttachmentTarget{TaskID: task}, domain.Page{Limit: 10}); err != nil || len(got) != 0 {
			t.Errorf("after the failed write: %d attachments (%v), want none", len(got), err)
		}
		release()
		if err := add(); err != nil {
			t.Errorf("write after space was freed: %v", err)
		}
	})
}

// mustStoreTask creates a task for the store's own tests and returns its id.
func mustStoreTask(t *testing.T, db *storetest.DB) int64 {
	t.Helper()
	ctx := context.Background()
	o, err := db.OrganizationByCode(ctx, "xian-health")
	if err != nil {
		t.Fatal(err)
	}
	task := &domain.Task{Title: "材料", LeadOrgID: o.ID, Priority: domain.PriorityNormal, Source: domain.SourcePlan,
		Category: "other", Status: domain.StatusAssigned, Due: calendar.NewDate(2025, 3, 10),
		CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
	if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateTask(ctx, task) }); err != nil {
		t.Fatal(err)
	}
	return task.ID
}

// TestAttachmentChunks stores a file of several chunks and reads it back
// whole, a chunk at a time.
func TestAttachmentChunks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		task := mustStoreTask(t, db)
		data := make([]byte, 5<<19+123) // two and a half chunks
		for i := range data {
			data[i] = byte(i * 7 / 3)
		}
		a := domain.Attachment{TaskID: task, Filename: "big.pdf", ContentType: domain.TypePDF, Size: int64(len(data)),
			SHA256: "00", Channel: domain.ChannelAPI, CreatedAt: storetest.Now}
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateAttachment(ctx, &a, bytes.NewReader(data)) }); err != nil {
			t.Fatal(err)
		}
		r, err := db.AttachmentData(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("read back %d bytes (%v), want the %d stored", len(got), err, len(data))
		}
		if _, err := db.AttachmentData(ctx, a.ID+1); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("missing attachment: got %v, want ErrNotFound", err)
		}
	})
}
