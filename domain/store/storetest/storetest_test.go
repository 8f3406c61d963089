package storetest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain/store"
)

// TestSQLiteCopyIsFresh: a test's SQLite database, a copy of the template,
// holds what migrating and seeding an empty database gives, table by table
// and row by row.
func TestSQLiteCopyIsFresh(t *testing.T) {
	fresh := open(t, "sqlite", store.Options{Driver: "sqlite", SQLitePath: filepath.Join(t.TempDir(), "fresh.db")})
	copied := SQLite(t)
	want, got := dump(t, fresh.DB), dump(t, copied.DB)
	if len(want) < 20 {
		t.Fatalf("fresh database has %d tables", len(want))
	}
	for name, rows := range want {
		if !slices.Equal(got[name], rows) {
			t.Errorf("table %s differs:\ncopy  %q\nfresh %q", name, got[name], rows)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("table %s only in the copy", name)
		}
	}
	// The copy is a database of its own: a write to it leaves the next copy as it was.
	ctx := context.Background()
	res, err := copied.DB.ExecContext(ctx, "DELETE FROM organizations WHERE id NOT IN (SELECT org_id FROM users WHERE org_id IS NOT NULL)")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatal("deleted no organisations")
	}
	if next := dump(t, SQLite(t).DB); !slices.Equal(next["organizations"], want["organizations"]) {
		t.Error("a write to one copy shows in the next")
	}
}

// dump reads every table of db, each row as text, in rowid order.
func dump(t *testing.T, db *bun.DB) map[string][]string {
	t.Helper()
	var names []string
	err := db.NewRaw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").
		Scan(context.Background(), &names)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, name := range names {
		rows, err := db.Query(fmt.Sprintf("SELECT * FROM %q ORDER BY rowid", name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		out[name] = []string{}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				// What migrations stamp with the wall clock (when each ran)
				// differs between two databases by construction.
				if at, ok := v.(time.Time); ok && time.Since(at).Abs() < time.Hour {
					vals[i] = "(migration time)"
				}
			}
			out[name] = append(out[name], fmt.Sprint(vals...))
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return out
}
