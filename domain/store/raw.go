package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/schema"
)

// The hot paths (authenticating a request; reading, listing, creating and
// changing a task; queueing its mail) send their statements with their
// arguments as parameters, not written into the text as bun does. The text
// of each statement is then the same every time, so PostgreSQL parses and
// plans it once per connection (pgx's statement cache) and a request costs
// one round trip per statement; bun's statements, whose text is new each
// time, go by the simple protocol (see withDefaultExecMode). BENCHMARKS.md
// ("Parameters and round trips") has the figures.
//
// Raw statements are written once, for PostgreSQL, with $1 … $n; on SQLite
// they run with ?1 … ?n, the same numbered parameters. Times are written as
// bun writes them on SQLite, so that rows written either way compare and
// sort alike.

// sqlConn is the database/sql side of a bun.IDB: the pool or a transaction.
type sqlConn interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Trace, when set before the store is used, sees every raw statement with
// its arguments (the benchmark's statement recorder).
type Trace func(query string, args []any)

// conn returns the database/sql handle under q.db.
func (q queries) conn() sqlConn {
	switch d := q.db.(type) {
	case *bun.DB:
		return d.DB
	case bun.Tx:
		return d.Tx
	case bun.Conn:
		return d.Conn
	}
	panic("store: unknown bun.IDB")
}

var sqliteParams = regexp.MustCompile(`\$(\d+)`)

// sqliteTexts caches each raw statement's SQLite form.
var sqliteTexts sync.Map

// prepare returns the text and arguments as the dialect takes them.
func (q queries) prepare(query string, args []any) (string, []any) {
	if q.trace != nil {
		q.trace(query, args)
	}
	if q.db.Dialect().Name() == dialect.PG {
		// Cached statement: planned once per connection, whatever the
		// connection's default mode.
		return query, append([]any{pgx.QueryExecModeCacheStatement}, args...)
	}
	text, ok := sqliteTexts.Load(query)
	if !ok {
		text, _ = sqliteTexts.LoadOrStore(query, sqliteParams.ReplaceAllString(query, "?$1"))
	}
	out := make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			a = sqliteTime(t)
		}
		out[i] = a
	}
	return text.(string), out
}

// sqliteTime writes t as bun writes times on SQLite.
func sqliteTime(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04:05.999999-07:00")
}

// query runs a raw statement that returns rows.
func (q queries) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	text, a := q.prepare(query, args)
	rows, err := q.conn().QueryContext(ctx, text, a...)
	return rows, translate(err)
}

// rowScanner is what a read needs of its rows: *sql.Rows and pgx.Rows both
// have it.
type rowScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// queryRows runs a raw statement and hands its rows to fn. Outside a
// transaction on PostgreSQL the rows come from pgx itself, on a connection
// of the pool: database/sql would turn every column into a driver value and
// then convert that into the scan target (a boxed value, often an
// allocation, per column; a fifth of a list request's CPU with the
// collector), where pgx decodes the binary column straight into it. Scan
// targets must therefore be types both read: Go's own, sql.Scanners that
// also implement pgx's scanner of the column's type (sqlDate, sqlTime), or
// pgtype's nullable types. Elsewhere (SQLite, a transaction) the rows are
// database/sql's.
func (q queries) queryRows(ctx context.Context, query string, args []any, fn func(rowScanner) error) error {
	text, a := q.prepare(query, args)
	if d, ok := q.db.(*bun.DB); ok && d.Dialect().Name() == dialect.PG {
		conn, err := d.DB.Conn(ctx)
		if err != nil {
			return translate(err)
		}
		defer conn.Close()
		return conn.Raw(func(dc any) error {
			pc, ok := dc.(interface{ Conn() *pgx.Conn })
			if !ok {
				return fmt.Errorf("store: the PostgreSQL driver's connection is a %T", dc)
			}
			rows, err := pc.Conn().Query(ctx, text, a...)
			if err != nil {
				return translate(err)
			}
			defer rows.Close()
			if err := fn(rows); err != nil {
				return err
			}
			rows.Close()
			return translate(rows.Err())
		})
	}
	rows, err := q.conn().QueryContext(ctx, text, a...)
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	if err := fn(rows); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return translate(err)
	}
	return translate(rows.Close())
}

// exec runs a raw statement that returns no rows.
func (q queries) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	text, a := q.prepare(query, args)
	res, err := q.conn().ExecContext(ctx, text, a...)
	return res, translate(err)
}

// scan reads rows into dest as bun's models do (the same row structs and
// column names), and closes them.
func (q queries) scan(ctx context.Context, rows *sql.Rows, dest ...any) error {
	return translate(q.bun.ScanRows(ctx, rows, dest...))
}

// params numbers a raw statement's parameters as they are added, so that a
// statement built from parts (a list's filters) has one text per shape.
type params struct{ args []any }

// add appends v and returns its placeholder.
func (p *params) add(v any) string {
	p.args = append(p.args, v)
	return "$" + strconv.Itoa(len(p.args))
}

// list returns placeholders for vs, separated by commas.
func list[T any](p *params, vs []T) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.add(v))
	}
	return b.String()
}

// selectRaw runs sq, built with placeholders from p instead of arguments,
// as a raw statement, and scans its rows into dest.
func (q queries) selectRaw(ctx context.Context, sq *bun.SelectQuery, p *params, dest ...any) error {
	rows, err := q.query(ctx, sq.String(), p.args...)
	if err != nil {
		return err
	}
	return q.scan(ctx, rows, dest...)
}

// rowSQL is the cached text of one raw insert or update shape.
var rowSQL sync.Map

// rowSQLBuild serialises the building of rowSQL's texts: each is built
// once, by one goroutine, and stored as a copy of its own rather than the
// builder's buffer.
var rowSQLBuild sync.Mutex

// cachedSQL returns the text cached under key, building it with build the
// first time.
func cachedSQL(key string, build func() string) string {
	if text, ok := rowSQL.Load(key); ok {
		return text.(string)
	}
	rowSQLBuild.Lock()
	defer rowSQLBuild.Unlock()
	if text, ok := rowSQL.Load(key); ok {
		return text.(string)
	}
	text := strings.Clone(build())
	rowSQL.Store(key, text)
	return text
}

// writable are the columns of t a raw insert writes: all but an
// auto-incremented key.
func writable(t *schema.Table, skip ...string) []*schema.Field {
	var out []*schema.Field
	for _, f := range t.Fields {
		if f.AutoIncrement || slices.Contains(skip, f.Name) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// fieldArg is f's value in strct as a parameter: NULL for a nullzero
// field's zero value, as bun writes it.
func fieldArg(f *schema.Field, strct reflect.Value) any {
	v := f.Value(strct)
	if f.NullZero && f.HasZeroValue(strct) || f.IsPtr && v.IsNil() {
		return nil
	}
	return v.Interface()
}

// insertRows inserts rows, a slice of one row struct type, in one statement
// with parameters; suffix (ON CONFLICT …, RETURNING …) follows the values.
// With RETURNING the rows come back to scan (closed by the caller's scan).
func (q queries) insertRows(ctx context.Context, rows any, suffix string) (*sql.Rows, sql.Result, error) {
	rv := reflect.ValueOf(rows)
	t := q.bun.Table(rv.Type().Elem())
	fields := writable(t)
	n := rv.Len()
	key := fmt.Sprintf("insert %s %d %s", t.Name, n, suffix)
	args := make([]any, 0, n*len(fields))
	text := cachedSQL(key, func() string {
		var ps params
		var b strings.Builder
		writeInsert(&b, &ps, string(t.SQLName), fields, n)
		if suffix != "" {
			b.WriteString(" " + suffix)
		}
		return b.String()
	})
	for r := range n {
		strct := reflect.Indirect(rv.Index(r))
		if err := beforeAppend(ctx, strct, q.bun.NewInsert()); err != nil {
			return nil, nil, err
		}
		for _, f := range fields {
			args = append(args, fieldArg(f, strct))
		}
	}
	if strings.Contains(suffix, "RETURNING") {
		rs, err := q.query(ctx, text, args...)
		return rs, nil, err
	}
	res, err := q.exec(ctx, text, args...)
	return nil, res, err
}

// writeInsert writes "INSERT INTO table (columns) VALUES (…), …" for n
// rows of fields, their placeholders numbered on from ps.
func writeInsert(b *strings.Builder, ps *params, table string, fields []*schema.Field, n int) {
	b.WriteString("INSERT INTO " + table + " (")
	for i, f := range fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(f.SQLName))
	}
	b.WriteString(") VALUES ")
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for i := range fields {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(ps.add(nil))
		}
		b.WriteString(")")
	}
}

// queryOne runs a raw statement and scans its first row into dest; found
// is false when it returned none.
func (q queries) queryOne(ctx context.Context, query string, args []any, dest ...any) (found bool, err error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, translate(rows.Err())
	}
	if err := rows.Scan(dest...); err != nil {
		return false, translate(err)
	}
	return true, translate(rows.Close())
}

// insertReturningID inserts one row and returns the id the database gave it.
func (q queries) insertReturningID(ctx context.Context, row any) (int64, error) {
	slice := reflect.MakeSlice(reflect.SliceOf(reflect.TypeOf(row)), 1, 1)
	slice.Index(0).Set(reflect.ValueOf(row))
	rows, _, err := q.insertRows(ctx, slice.Interface(), "RETURNING id")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var id int64
	if rows.Next() {
		err = rows.Scan(&id)
	}
	if err == nil {
		err = rows.Err()
	}
	return id, translate(err)
}

// updateRow writes row's columns (but skip) to the row with its id whose
// version is still prev, setting version to prev+1 as the row says; it
// returns the number of rows changed.
func (q queries) updateRow(ctx context.Context, row any, prev int, skip ...string) (int64, error) {
	rv := reflect.Indirect(reflect.ValueOf(row))
	text, args, err := q.updateArgs(ctx, rv, prev, skip)
	if err != nil {
		return 0, err
	}
	res, err := q.exec(ctx, text, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return n, translate(err)
}

// updateArgs is updateRow's statement for the row rv and its parameters:
// the columns' values ($1 … $n), then the id and prev.
func (q queries) updateArgs(ctx context.Context, rv reflect.Value, prev int, skip []string) (string, []any, error) {
	t := q.bun.Table(rv.Type())
	fields := writable(t, append(skip, "id")...)
	key := fmt.Sprintf("update %s %s", t.Name, strings.Join(skip, ","))
	text := cachedSQL(key, func() string {
		var ps params
		var b strings.Builder
		b.WriteString("UPDATE " + string(t.SQLName) + " SET ")
		for i, f := range fields {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(string(f.SQLName) + " = " + ps.add(nil))
		}
		b.WriteString(" WHERE id = " + ps.add(nil) + " AND version = " + ps.add(nil))
		return b.String()
	})
	if err := beforeAppend(ctx, rv, q.bun.NewUpdate()); err != nil {
		return "", nil, err
	}
	args := make([]any, 0, len(fields)+2)
	for _, f := range fields {
		args = append(args, fieldArg(f, rv))
	}
	return text, append(args, t.PKs[0].Value(rv).Interface(), prev), nil
}

// beforeAppend runs the row's BeforeAppendModel hook (input.go: the text
// checks) as bun would before writing it; strct must be addressable.
func beforeAppend(ctx context.Context, strct reflect.Value, q bun.Query) error {
	if h, ok := strct.Addr().Interface().(bun.BeforeAppendModelHook); ok {
		return h.BeforeAppendModel(ctx, q)
	}
	return nil
}

// selectOne runs sq like selectRaw for one row: none is sql.ErrNoRows.
func (q queries) selectOne(ctx context.Context, sq *bun.SelectQuery, p *params, dest ...any) error {
	rows, err := q.query(ctx, sq.String(), p.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return translate(err)
		}
		return sql.ErrNoRows
	}
	return translate(q.bun.ScanRow(ctx, rows, dest...))
}
