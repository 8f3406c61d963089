package store_test

import (
	"context"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestHotReadsKeepTheirPlans: on PostgreSQL the reads of a change's
// organisations and of a community, which creates and actions make, are
// prepared statements whose one plan is kept on the connection after the
// first few calls, not planned again on every call (planning took four
// times as long as reading). PostgreSQL plans a prepared statement for its
// values five times, then keeps a plan for any values unless that looks
// dearer than the plans made for the values; the test calls each read a
// dozen times on one connection and reads the counts from
// pg_prepared_statements. It fails with the organisations' ids as unnest
// of an array (a plan for any values counts on ten ids) and with the
// community's id written into its statement (not prepared at all).
//
// An organisation's page of tasks is read the same way, for the same
// reason; whether PostgreSQL keeps its plan depends on the tables' sizes
// (a test's few thousand tasks are planned otherwise), so it is measured
// where it matters, by make bench-load's statements tables at 100,000 and
// 1,000,000 tasks (BENCHMARKS.md, issue 15, fourteenth round).
func TestHotReadsKeepTheirPlans(t *testing.T) {
	db := storetest.Postgres(t)
	ctx := context.Background()
	all, err := db.Organizations(ctx, domain.OrgFilter{}, domain.Page{Limit: 10})
	if err != nil || len(all) < 10 {
		t.Fatalf("organisations: %d, %v", len(all), err)
	}
	a, b, c := all[0].ID, all[1].ID, all[2].ID
	db.DB.SetMaxOpenConns(1) // every statement, and the view of them, on one connection

	comm := domain.Community{Code: "plans-1", Name: "计划小区", Region: "xian", Scale: "neighborhood", Active: true,
		RegionCode: "610102", CityCode: "610100", CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
	if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateCommunity(ctx, &comm) }); err != nil {
		t.Fatal(err)
	}
	for range 12 {
		if orgs, err := db.Organizations(ctx, domain.OrgFilter{IDs: []int64{c, a, b}}, domain.Page{}); err != nil || len(orgs) != 3 {
			t.Fatalf("organisations: %d, %v", len(orgs), err)
		}
		if _, err := db.Community(ctx, comm.ID); err != nil {
			t.Fatal(err)
		}
	}

	rows, err := db.DB.QueryContext(ctx, "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var text string
		var generic, custom int
		if err := rows.Scan(&text, &generic, &custom); err != nil {
			t.Fatal(err)
		}
		for _, read := range []struct{ name, marker string }{
			{"a change's organisations", "AS org_row"},
			{"a community", `"community_row"`},
		} {
			if !strings.Contains(text, read.marker) {
				continue
			}
			seen[read.name] = true
			if custom > 5 || generic < 6 {
				t.Errorf("%s: planned for its values %d times of 12, one plan kept for %d:\n%s",
					read.name, custom, generic, text)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 {
		t.Errorf("prepared statements seen for %v, want both reads", seen)
	}
}
