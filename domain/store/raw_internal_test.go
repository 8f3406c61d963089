package store

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
)

func TestWithDefaultExecMode(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://u@h:5432/db", "postgres://u@h:5432/db?default_query_exec_mode=simple_protocol"},
		{"postgres://u@h/db?sslmode=disable", "postgres://u@h/db?sslmode=disable&default_query_exec_mode=simple_protocol"},
		{"postgresql://h/db", "postgresql://h/db?default_query_exec_mode=simple_protocol"},
		{"host=h dbname=db", "host=h dbname=db default_query_exec_mode=simple_protocol"},
		{"postgres://h/db?default_query_exec_mode=cache_statement", "postgres://h/db?default_query_exec_mode=cache_statement"},
	} {
		if got := withDefaultExecMode(c.in); got != c.want {
			t.Errorf("withDefaultExecMode(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// On SQLite a raw statement's $n become ?n and its times are written as bun
// writes them, so that rows written either way compare alike.
func TestPrepareSQLite(t *testing.T) {
	q := queries{db: bun.NewDB(nil, sqlitedialect.New())}
	at := time.Date(2026, 12, 5, 22, 46, 15, 376813000, time.FixedZone("CST", 8*3600))
	text, args := q.prepare("SELECT 1 WHERE a = $1 AND b IN ($2, $10) AND c = '$x'", []any{at, 2, "s"})
	if want := "SELECT 1 WHERE a = ?1 AND b IN (?2, ?10) AND c = '$x'"; text != want {
		t.Errorf("text %q, want %q", text, want)
	}
	if args[0] != "2026-12-05 14:46:15.376813+00:00" || args[1] != 2 || args[2] != "s" {
		t.Errorf("args %#v", args)
	}
}

func TestParams(t *testing.T) {
	var p params
	if got := p.add(7) + " " + list(&p, []string{"a", "b"}); got != "$1 $2, $3" {
		t.Errorf("placeholders %q", got)
	}
	if len(p.args) != 3 || p.args[0] != 7 || p.args[2] != "b" {
		t.Errorf("args %#v", p.args)
	}
}

// TestTaskColumnsComplete: the typed task scan reads every column of the
// model, each once, so that a column added to taskRow is not silently left
// unread by the request paths.
func TestTaskColumnsComplete(t *testing.T) {
	db := bun.NewDB(nil, sqlitedialect.New())
	var model []string
	for _, f := range db.Table(reflect.TypeFor[taskRow]()).Fields {
		model = append(model, f.Name)
	}
	got := slices.Clone(taskColumnNames)
	slices.Sort(got)
	slices.Sort(model)
	if !slices.Equal(got, model) {
		t.Errorf("scan columns %v\nmodel columns %v", got, model)
	}
	if n := len(newTaskScanner().dest); n != len(taskColumnNames) {
		t.Errorf("%d scan targets for %d columns", n, len(taskColumnNames))
	}
}
