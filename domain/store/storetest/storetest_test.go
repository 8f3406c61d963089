package storetest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
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
	want := dump(t, fresh.DB)
	sameTables(t, want, dump(t, copied.DB))
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

// sameTables fails the test unless the copy's tables (got) hold the rows
// of the freshly migrated database's (want), and no more tables.
func sameTables(t *testing.T, want, got map[string][]string) {
	t.Helper()
	if len(want) < 20 {
		t.Fatalf("the fresh database has %d tables", len(want))
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

// TestMain makes Postgres copy the template, as in the packages that use it.
func TestMain(m *testing.M) { Main(m) }

// TestPostgresCopyIsFresh: a test's PostgreSQL database, a copy of the
// template, holds what migrating and seeding an empty schema gives, table
// by table and row by row; it is a database of its own, dropped at the
// test's end.
func TestPostgresCopyIsFresh(t *testing.T) {
	fresh := open(t, "postgres", store.Options{Driver: "postgres", DSN: PostgresURL(t), MaxOpenConns: 2})
	var name string
	t.Run("copy", func(t *testing.T) {
		copied := Postgres(t)
		want := pgDump(t, fresh.DB)
		sameTables(t, want, pgDump(t, copied.DB))
		ctx := context.Background()
		if err := copied.DB.QueryRowContext(ctx, "SELECT current_database()").Scan(&name); err != nil {
			t.Fatal(err)
		}
		if tpl, _ := templates.get(); name == tpl || !strings.HasPrefix(name, databaseName("")) {
			t.Errorf("the copy is database %q (template %q), want one of its own named %s…", name, tpl, databaseName(""))
		}
		if _, err := copied.DB.ExecContext(ctx, "DELETE FROM organizations WHERE id NOT IN (SELECT org_id FROM users WHERE org_id IS NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		if next := pgDump(t, Postgres(t).DB); !slices.Equal(next["organizations"], want["organizations"]) {
			t.Error("a write to one copy shows in the next")
		}
	})
	var n int
	if err := fresh.DB.QueryRow("SELECT count(*) FROM pg_database WHERE datname = ?", name).Scan(&n); err != nil || n != 0 {
		t.Errorf("database %s after its test: %d (%v), want dropped", name, n, err)
	}
}

// pgDump reads every table of db's schema, each row as text, sorted.
func pgDump(t *testing.T, db *bun.DB) map[string][]string {
	t.Helper()
	var names []string
	err := db.NewRaw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1").
		Scan(context.Background(), &names)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, name := range names {
		var rows []string
		// What migrations stamp with the wall clock (when each ran) differs
		// between two databases by construction.
		q := fmt.Sprintf("SELECT t::text FROM %q AS t ORDER BY 1", name)
		if name == "bun_migrations" {
			q = `SELECT name || ' ' || group_id FROM bun_migrations ORDER BY 1`
		}
		if err := db.NewRaw(q).Scan(context.Background(), &rows); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, r := range rows {
			rows[i] = migrationTime.ReplaceAllStringFunc(r, func(ts string) string {
				if at, err := time.Parse("2006-01-02 15:04:05.999999-07", ts); err == nil && time.Since(at).Abs() < time.Hour {
					return "(migration time)"
				}
				return ts
			})
		}
		out[name] = rows
	}
	return out
}

// migrationTime matches a timestamptz as PostgreSQL writes it in UTC.
var migrationTime = regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00`)
