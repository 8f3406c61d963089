package store_test

import (
	"context"
	"errors"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestPilotItems: an item is assigned once per region; the list comes
// back by region and item with what was stored.
func TestPilotItems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		t1, t2 := mustStoreTask(t, db), mustStoreTask(t, db)
		add := func(region string, k domain.PilotItemKind, task int64) error {
			return db.InTx(ctx, func(tx domain.Tx) error {
				return tx.CreatePilotItem(ctx, &domain.PilotItem{RegionCode: region, Item: k, TaskID: task,
					CreatedAt: storetest.Now, UpdatedAt: storetest.Now})
			})
		}
		if err := add("610922", domain.PilotPlan, t1); err != nil {
			t.Fatal(err)
		}
		if err := add("610100", domain.PilotStandard, t2); err != nil {
			t.Fatal(err)
		}
		err := add("610922", domain.PilotPlan, t2)
		if !errors.Is(err, domain.ErrConflict) || domain.ErrorKey(err) != "pilot.item_assigned" {
			t.Errorf("second assignment: %v, want conflict pilot.item_assigned", err)
		}
		got, err := db.PilotItems(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].RegionCode != "610100" || got[0].TaskID != t2 || got[1].Item != domain.PilotPlan ||
			got[1].TaskID != t1 || got[1].ID == 0 || !got[1].CreatedAt.Equal(storetest.Now) {
			t.Errorf("items: %+v", got)
		}
	})
}
