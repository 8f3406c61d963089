package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"xietong/domain"
)

// Options say which database to open.
type Options struct {
	// Driver is "postgres" or "sqlite".
	Driver string
	// DSN is the PostgreSQL URL (postgres://…) when Driver is postgres.
	DSN string
	// SQLitePath is the database file when Driver is sqlite.
	SQLitePath string
	// MaxOpenConns caps PostgreSQL connections per process.
	MaxOpenConns int
	// Now is the clock a transaction takes its instant from (domain.Tx.Now);
	// time.Now when nil. A server passes its own clock, tests a fixed one,
	// so that the instants written agree with the services' clock.
	Now func() time.Time
	// SecondConnWait is how long a report waits for its second connection
	// before reading on its own (one second when not positive).
	SecondConnWait time.Duration
	// ReportReadHook, when set, runs first in every goroutine a report load
	// starts. It lets a test make such a goroutine fail or panic; a panic is
	// recovered there and returned to the caller as an error.
	ReportReadHook func()
	// Trace, when set, sees every statement the hot paths send with
	// parameters (bun's own statements reach bun's query hooks instead).
	Trace Trace
}

// Store implements domain.Store over bun.
type Store struct {
	queries
	DB *bun.DB

	now            func() time.Time
	secondConnWait time.Duration
	reportReadHook func()
}

var _ domain.Store = (*Store)(nil)

// Open connects lazily: it checks the options and prepares the pool but does
// not wait for the database, so a server can start and report not-ready
// while the database is still coming up.
func Open(o Options) (*Store, error) {
	var db *bun.DB
	switch o.Driver {
	case "postgres":
		sqldb, err := sql.Open("pgx", withDefaultExecMode(o.DSN))
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		n := o.MaxOpenConns
		if n <= 0 {
			n = 20
		}
		sqldb.SetMaxOpenConns(n)
		sqldb.SetMaxIdleConns(n)
		sqldb.SetConnMaxIdleTime(5 * time.Minute)
		sqldb.SetConnMaxLifetime(time.Hour)
		db = bun.NewDB(sqldb, pgdialect.New())
	case "sqlite":
		if dir := filepath.Dir(o.SQLitePath); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create database directory: %w", err)
			}
		}
		sqldb, err := sql.Open("sqlite", sqliteDSN(o.SQLitePath))
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		// One writer at a time is SQLite's model; a small pool lets reads
		// proceed under WAL while the busy timeout queues writers.
		sqldb.SetMaxOpenConns(4)
		db = bun.NewDB(sqldb, sqlitedialect.New())
	default:
		return nil, fmt.Errorf("unknown database driver %q", o.Driver)
	}
	s := &Store{queries: queries{db: db, bun: db, trace: o.Trace}, DB: db, now: o.Now, secondConnWait: o.SecondConnWait,
		reportReadHook: o.ReportReadHook}
	if s.now == nil {
		s.now = time.Now
	}
	if s.secondConnWait <= 0 {
		s.secondConnWait = time.Second
	}
	return s, nil
}

// withDefaultExecMode makes bun's statements, whose text carries their
// values and so differs every time, go by the simple protocol: one round
// trip, nothing prepared that would never be used again or push the hot
// paths' statements out of pgx's cache (raw.go sends those as cached
// statements, whatever the default). A URL that names a mode keeps it.
func withDefaultExecMode(dsn string) string {
	if strings.Contains(dsn, "default_query_exec_mode") {
		return dsn
	}
	const mode = "default_query_exec_mode=simple_protocol"
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		if strings.Contains(dsn, "?") {
			return dsn + "&" + mode
		}
		return dsn + "?" + mode
	}
	return strings.TrimSpace(dsn + " " + mode)
}

// sqliteDSN sets the pragmas on every connection the pool opens.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Close closes the pool.
func (s *Store) Close() error { return s.DB.Close() }

// Dialect names the database in use ("pg" or "sqlite").
func (s *Store) Dialect() dialect.Name { return s.DB.Dialect().Name() }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) (err error) {
	defer wrap(&err, "store.Ping()")
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err = s.DB.PingContext(ctx); err != nil {
		return wrapKind(domain.ErrUnavailable, err)
	}
	return nil
}

// InTx runs fn in a transaction whose instant (Tx.Now) is read from the
// store's clock once, as the transaction starts. fn's own error comes back
// as it is (translated); a failure to begin or commit is wrapped as
// store.InTx's.
func (s *Store) InTx(ctx context.Context, fn func(domain.Tx) error) error {
	now := s.now()
	var fnErr error
	err := s.DB.RunInTx(ctx, nil, func(ctx context.Context, btx bun.Tx) error {
		fnErr = fn(tx{queries: s.on(btx), now: now})
		return fnErr
	})
	if err != nil && fnErr == nil {
		wrap(&err, "store.InTx()")
	}
	return translate(err)
}

// tx is a transaction: the queries on a bun.Tx, and the one instant every
// write in it is stamped with.
type tx struct {
	queries
	now time.Time
}

var _ domain.Tx = tx{}

// Now returns the instant fixed when the transaction started.
func (t tx) Now() time.Time { return t.now }

// Savepoint runs fn in a savepoint (bun's nested RunInTx): when fn fails or
// panics, what it wrote is rolled back to the savepoint and the
// transaction goes on. fn's error comes back as it is (translated).
func (t tx) Savepoint(ctx context.Context, fn func(domain.Tx) error) error {
	var fnErr error
	err := t.db.RunInTx(ctx, nil, func(_ context.Context, sp bun.Tx) error {
		fnErr = fn(tx{queries: t.on(sp), now: t.now})
		return fnErr
	})
	if err != nil && fnErr == nil {
		wrap(&err, "store.Savepoint()")
	}
	return translate(err)
}

// Setting returns a stored setting, or ErrNotFound.
func (s *Store) Setting(ctx context.Context, key string) (_ string, err error) {
	defer wrap(&err, "store.Setting(%q)", key)
	var v string
	err = s.DB.NewSelect().Table("settings").Column("value").Where("key = ?", key).Scan(ctx, &v)
	return v, translate(err)
}

// EnsureSetting stores value under key unless the key has one, and returns
// the value that is stored: two replicas generating a secret at once both
// end up with the first one's.
func (s *Store) EnsureSetting(ctx context.Context, key, value string, now time.Time) (_ string, err error) {
	defer wrap(&err, "store.EnsureSetting(%q)", key)
	_, err = s.DB.NewRaw("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
		key, value, now.UTC()).Exec(ctx)
	if err != nil {
		return "", translate(err)
	}
	return s.Setting(ctx, key)
}

// InstalledAt returns when this installation first started, recording it
// on the first call: now for a new database, or for one that predates the
// record, its oldest audit entry (the first start's seeding writes one).
// Every replica gets the same instant.
func (s *Store) InstalledAt(ctx context.Context, now time.Time) (_ time.Time, err error) {
	defer wrap(&err, "store.InstalledAt()")
	const key = "installed_at"
	v, err := s.Setting(ctx, key)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return time.Time{}, err
	}
	if v == "" {
		first := now.UTC()
		var oldest []auditRow
		if err := s.DB.NewSelect().Model(&oldest).Column("at").Order("id").Limit(1).Scan(ctx); err != nil {
			return time.Time{}, translate(err)
		}
		if len(oldest) == 1 && !oldest[0].At.IsZero() && oldest[0].At.Before(first) {
			first = oldest[0].At.UTC()
		}
		if v, err = s.EnsureSetting(ctx, key, first.Format(time.RFC3339Nano), now); err != nil {
			return time.Time{}, err
		}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("setting %s: %w", key, err)
	}
	return t, nil
}

// ErrLocked is returned by Lock when another process serves the same SQLite file.
var ErrLocked = errors.New("the SQLite database is in use by another xietong server process")
