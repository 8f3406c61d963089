// Package storetest runs tests against real databases: SQLite always, and
// PostgreSQL when XIETONG_TEST_DATABASE_URL is set. Each test gets a fresh,
// migrated and seeded database of its own (a file in t.TempDir() for
// SQLite; for PostgreSQL a database copied from a template, or a new schema
// in packages whose TestMain does not call Main), so tests can run in
// parallel.
//
// A SQLite database starts as a copy of one migrated and seeded once per
// test binary: migrating and seeding takes about two seconds under the race
// detector (the driver is C translated to Go), writing the copy a few
// milliseconds.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zoneinfo

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for schema set-up

	"xietong/domain"
	"xietong/domain/store"
	"xietong/migrations"
)

// EnvDatabaseURL names the PostgreSQL server that tests may use.
const EnvDatabaseURL = "XIETONG_TEST_DATABASE_URL"

// DB is one test database: the store and how to open it again (for a
// second process or replica in the same test). Its transactions take their
// instant (domain.Tx.Now) from the DB's clock, Now until SetClock.
type DB struct {
	*store.Store
	Name    string // "sqlite" or "postgres"
	Options store.Options
	clock   *clock
}

// SetClock makes now the clock of db's transactions, and of every store
// Open opens on it; a test gives it the clock it gives its services, so
// that what a service writes carries the service's instant.
func (db *DB) SetClock(now func() time.Time) { db.clock.set(now) }

// OrgID returns the id of the seeded organisation code ("xian-health"),
// failing the test when there is none.
func (db *DB) OrgID(t testing.TB, code string) int64 {
	t.Helper()
	o, err := db.OrganizationByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// clock is a replaceable clock, safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now func() time.Time
}

func (c *clock) set(now func() time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = now
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	now := c.now
	c.mu.Unlock()
	return now()
}

// Each runs fn as a subtest on SQLite and, when configured, on PostgreSQL.
func Each(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	if os.Getenv(EnvDatabaseURL) != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
	}
}

// SQLite returns a fresh migrated and seeded SQLite database: a copy of
// sqliteTemplate's.
func SQLite(t testing.TB) *DB {
	t.Helper()
	tmpl, err := sqliteTemplate()
	if err != nil {
		t.Fatalf("sqlite template: %v", err)
	}
	path := filepath.Join(t.TempDir(), "test.db")
	if err := os.WriteFile(path, tmpl, 0o600); err != nil {
		t.Fatalf("sqlite database: %v", err)
	}
	return openStore(t, "sqlite", store.Options{Driver: "sqlite", SQLitePath: path})
}

// sqliteTemplate returns the file of a SQLite database migrated and seeded
// as open does it, made on first use and kept in memory (under 1 MB).
var sqliteTemplate = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "xietong-storetest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	s, err := store.Open(store.Options{Driver: "sqlite", SQLitePath: path, Now: func() time.Time { return Now }})
	if err != nil {
		return nil, err
	}
	err = migrateAndSeed(s)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	// Closing the last connection checkpoints the write-ahead log into the
	// file and removes it; a log left behind would hold part of the data.
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("%s-wal was not checkpointed (%d bytes)", path, fi.Size())
	}
	return os.ReadFile(path)
})

// Postgres returns a fresh migrated and seeded PostgreSQL database; it
// skips the test when XIETONG_TEST_DATABASE_URL is unset.
//
// In a package whose TestMain calls Main, the database is a copy of a
// template migrated and seeded once per test binary (CREATE DATABASE …
// TEMPLATE: about 0.1 s, where migrating and seeding takes about 0.45 s
// under the race detector), dropped at the test's end. Elsewhere it is a
// new schema of the test database, migrated and seeded for the test.
func Postgres(t testing.TB) *DB {
	t.Helper()
	o := store.Options{Driver: "postgres", MaxOpenConns: 10}
	if !templates.on.Load() {
		o.DSN = PostgresURL(t)
		return open(t, "postgres", o)
	}
	o.DSN = postgresCopy(t)
	return openStore(t, "postgres", o)
}

// PostgresURL creates an empty schema for the test, dropped at its end, and
// returns a URL whose connections use it (search_path). It skips the test
// when XIETONG_TEST_DATABASE_URL is unset.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvDatabaseURL)
	if base == "" {
		t.Skip(EnvDatabaseURL + " is not set")
	}
	schema := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", EnvDatabaseURL, err)
	}
	_, err = admin.Exec("CREATE SCHEMA " + schema)
	if cerr := admin.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		// Best effort: a schema left behind is harmless, and CI drops the
		// database anyway; a failure is logged, not fatal.
		db, err := sql.Open("pgx", base)
		if err != nil {
			t.Logf("drop schema %s: %v", schema, err)
			return
		}
		_, err = db.Exec("DROP SCHEMA " + schema + " CASCADE")
		if err = errors.Join(err, db.Close()); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvDatabaseURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens another store on the same database as db (a second replica).
func (db *DB) Open(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(db.Options)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { closeStore(t, s) })
	return s
}

// open opens a store on an empty database, migrates and seeds it.
func open(t testing.TB, name string, o store.Options) *DB {
	t.Helper()
	db := openStore(t, name, o)
	if err := migrateAndSeed(db.Store); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return db
}

// openStore opens a store on a database as it is, with the test clock.
func openStore(t testing.TB, name string, o store.Options) *DB {
	t.Helper()
	clk := &clock{now: func() time.Time { return Now }}
	o.Now = clk.Now
	s, err := store.Open(o)
	if err != nil {
		t.Fatalf("open %s store: %v", name, err)
	}
	t.Cleanup(func() { closeStore(t, s) })
	return &DB{Store: s, Name: name, Options: o, clock: clk}
}

// migrateAndSeed applies every migration to s and loads the reference data
// as of Now.
func migrateAndSeed(s *store.Store) error {
	ctx := context.Background()
	if _, err := migrations.Up(ctx, s.DB); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := domain.SeedReference(ctx, s, Now); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}

// Shanghai is the zone tests use.
var Shanghai = mustZone("Asia/Shanghai")

// Now is the fixed instant tests run at: Monday 3 March 2025, 09:00 in Shanghai.
var Now = time.Date(2025, 3, 3, 9, 0, 0, 0, Shanghai)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("load zone %s: %v", name, err))
	}
	return loc
}

// closeStore closes s at a test's end, failing the test if it cannot.
func closeStore(t testing.TB, s *store.Store) {
	if err := s.Close(); err != nil {
		t.Errorf("close store: %v", err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// FastHasher is an argon2id hasher with test-sized cost, so that suites
// that create many users stay quick. Production uses store.DefaultArgon2id.
var FastHasher = store.Argon2id{Time: 1, Memory: 1024, Threads: 1}

// WithClock returns st with its transactions' instant (domain.Tx.Now) read
// from now instead of st's own clock: for a test that holds a store it did
// not open, such as one an application wired up.
func WithClock(st domain.Store, now func() time.Time) domain.Store {
	return clockStore{Store: st, now: now}
}

type clockStore struct {
	domain.Store
	now func() time.Time
}

func (s clockStore) InTx(ctx context.Context, fn func(domain.Tx) error) error {
	at := s.now()
	return s.Store.InTx(ctx, func(tx domain.Tx) error { return fn(clockTx{Tx: tx, at: at}) })
}

type clockTx struct {
	domain.Tx
	at time.Time
}

func (t clockTx) Now() time.Time { return t.at }

// FillStorage makes the database refuse to grow, as a full disk does, until
// the returned release is called: on SQLite a page limit just above the
// current size (writes fail with SQLITE_FULL; the pool is cut to one
// connection, because the limit is per connection), on PostgreSQL a
// trigger that raises disk_full (53100) on every new attachment.
func FillStorage(t testing.TB, db *DB) (release func()) {
	t.Helper()
	ctx := context.Background()
	exec := func(q string) {
		t.Helper()
		if _, err := db.DB.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if db.Name == "sqlite" {
		db.DB.DB.SetMaxOpenConns(1)
		var pages int64
		if err := db.DB.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
			t.Fatalf("page_count: %v", err)
		}
		exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages+8))
		return func() { exec("PRAGMA max_page_count = 1073741823") }
	}
	exec(`CREATE FUNCTION storage_full() RETURNS trigger LANGUAGE plpgsql AS
		$$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$`)
	exec(`CREATE TRIGGER storage_full BEFORE INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION storage_full()`)
	return func() { exec("DROP TRIGGER storage_full ON attachments") }
}
