package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// TestHotReadsKeepTheirPlans: on PostgreSQL the reads every request makes
// — an organisation's page of overdue tasks, a change's organisations, a
// community — are prepared statements whose one plan is kept on the
// connection after the first few calls, not planned again on every call:
// planning a page cost as much as running it. PostgreSQL plans a prepared
// statement for its values five times, then keeps a plan for any values
// unless that looks dearer than the plans made for the values; the test
// calls each read a dozen times on one connection and reads the counts
// from pg_prepared_statements. It fails with the page's size written into
// the statement, with the organisations' ids as unnest of an array (a plan
// for any values counts on ten ids), and with the community's id written
// into its statement (not prepared at all).
func TestHotReadsKeepTheirPlans(t *testing.T) {
	db := storetest.Postgres(t)
	ctx := context.Background()
	all, err := db.Organizations(ctx, domain.OrgFilter{}, domain.Page{Limit: 10})
	if err != nil || len(all) < 10 {
		t.Fatalf("organisations: %d, %v", len(all), err)
	}
	a, b, c := all[0].ID, all[1].ID, all[2].ID
	db.DB.SetMaxOpenConns(1) // every statement, and the view of them, on one connection

	// Ten organisations with 400 overdue tasks each. With the page's size
	// written in, the plan for any organisation (a third of its tasks
	// overdue, sorted after a hash join) looks dearer than the plan for an
	// organisation's own values (its index in order, stopping at the
	// page's end), so each call was planned.
	comm := domain.Community{Code: "plans-1", Name: "计划小区", Region: "xian", Scale: "neighborhood", Active: true,
		RegionCode: "610102", CityCode: "610100", CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
	err = db.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.CreateCommunity(ctx, &comm); err != nil {
			return err
		}
		for i := range 4000 {
			task := &domain.Task{Title: fmt.Sprintf("计划 %d", i), LeadOrgID: all[i%10].ID, Priority: domain.PriorityNormal,
				Source: domain.SourcePlan, Category: "other", Status: domain.StatusAssigned,
				Due: calendar.NewDate(2025, 1, 1+i%28), CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
			if err := tx.CreateTask(ctx, task); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.DB.ExecContext(ctx, "ANALYZE tasks, task_participants, organizations, communities"); err != nil {
		t.Fatal(err)
	}

	today := calendar.NewDate(2025, 3, 3)
	for range 12 {
		if _, err := db.Tasks(ctx, domain.TaskScope{OrgID: a}, domain.TaskFilter{Overdue: true, Today: today},
			domain.Page{Limit: 50}); err != nil {
			t.Fatal(err)
		}
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
			{"an organisation's page", "JOIN task_participants AS p"},
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
	if len(seen) != 3 {
		t.Errorf("prepared statements seen for %v, want all three reads", seen)
	}
}
