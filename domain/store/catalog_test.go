package store_test

import (
	"context"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestOrganizationsByID states the read of a change's organisations: each
// id that exists once, in id order, whole; ids that do not exist left out;
// the same in a transaction as outside one (PostgreSQL reads them by key
// with its own statement, SQLite by "id IN").
func TestOrganizationsByID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		a, b, c := db.OrgID(t, "xian-health"), db.OrgID(t, "xian-finance"), db.OrgID(t, "xian-civil_affairs")
		want := map[int64]domain.Organization{}
		for _, id := range []int64{a, b, c} {
			o, err := db.Organization(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			want[id] = o
		}
		const nowhere = 987654321
		ids := []int64{c, nowhere, a, c, b, a}
		check := func(how string, got []domain.Organization, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", how, err)
			}
			if len(got) != 3 {
				t.Fatalf("%s: %d organisations for %v, want 3 (%v)", how, len(got), ids, got)
			}
			for i, o := range got {
				if i > 0 && got[i-1].ID >= o.ID {
					t.Errorf("%s: %d before %d, want id order", how, got[i-1].ID, o.ID)
				}
				if o != want[o.ID] {
					t.Errorf("%s: %+v, want %+v", how, o, want[o.ID])
				}
			}
		}
		got, err := db.Organizations(ctx, domain.OrgFilter{IDs: ids}, domain.Page{Limit: len(ids)})
		check("outside a transaction", got, err)
		err = db.InTx(ctx, func(tx domain.Tx) error {
			got, err := tx.Organizations(ctx, domain.OrgFilter{IDs: ids}, domain.Page{Limit: len(ids)})
			check("in a transaction", got, err)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err = db.Organizations(ctx, domain.OrgFilter{IDs: []int64{b, b}}, domain.Page{Limit: 2})
		if err != nil || len(got) != 1 || got[0] != want[b] {
			t.Errorf("one id twice: %v, %v; want [%+v]", got, err, want[b])
		}
		got, err = db.Organizations(ctx, domain.OrgFilter{IDs: []int64{nowhere}}, domain.Page{Limit: 1})
		if err != nil || len(got) != 0 {
			t.Errorf("an id that does not exist: %v, %v; want none", got, err)
		}
	})
}
