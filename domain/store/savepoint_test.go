package store_test

import (
	"context"
	"errors"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestSavepoint: a step that fails in a savepoint, even with a statement
// the database rejects (which aborts a PostgreSQL transaction), is undone
// alone; what came before and after it commits. A panic in a savepoint
// unwinds the whole transaction.
func TestSavepoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		org := func(code string) *domain.Organization {
			return &domain.Organization{Code: code, Name: code, Type: "health", Region: "xian", Level: "city",
				CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
		}
		err := db.InTx(ctx, func(tx domain.Tx) error {
			if err := tx.CreateOrganization(ctx, org("sp-before")); err != nil {
				return err
			}
			err := tx.Savepoint(ctx, func(tx domain.Tx) error {
				if err := tx.CreateOrganization(ctx, org("sp-undone")); err != nil {
					return err
				}
				return tx.CreateOrganization(ctx, org("xian-health")) // taken: the database refuses it
			})
			if !errors.Is(err, domain.ErrConflict) {
				t.Errorf("failed step: got %v, want ErrConflict", err)
			}
			return tx.CreateOrganization(ctx, org("sp-after"))
		})
		if err != nil {
			t.Fatalf("transaction: %v", err)
		}
		for code, want := range map[string]bool{"sp-before": true, "sp-undone": false, "sp-after": true} {
			_, err := db.OrganizationByCode(ctx, code)
			if got := err == nil; got != want {
				t.Errorf("%s stored: %v, want %v (%v)", code, got, want, err)
			}
		}

		func() {
			defer func() {
				if recover() == nil {
					t.Error("the panic did not come through")
				}
			}()
			_ = db.InTx(ctx, func(tx domain.Tx) error {
				if err := tx.CreateOrganization(ctx, org("sp-panic")); err != nil {
					return err
				}
				return tx.Savepoint(ctx, func(domain.Tx) error { panic("killed") })
			})
		}()
		if _, err := db.OrganizationByCode(ctx, "sp-panic"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("after a panic: %v, want nothing stored", err)
		}
	})
}
