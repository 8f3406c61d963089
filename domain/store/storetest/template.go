package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/domain/store"
)

// Main runs a package's tests (m.Run) and exits with their status. Called
// from TestMain, it lets Postgres hand out copies of one template database
// instead of migrating and seeding a schema per test, and drops the template
// when the tests are done:
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
//
// Every database this makes on the server is named after the test database
// (XIETONG_TEST_DATABASE_URL's) with a "__" suffix, so that a run killed
// before it could drop them leaves names its caller can find (.ci/run drops
// them with the test database).
func Main(m *testing.M) {
	templates.on.Store(true)
	code := m.Run()
	if err := templates.drop(); err != nil {
		fmt.Fprintf(os.Stderr, "storetest: drop the template database: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// templates is the process's template database, made on first use.
var templates templateDB

type templateDB struct {
	on   atomic.Bool // Main was called
	once sync.Once
	name string // the template's database name
	err  error

	adminOnce sync.Once
	admin     *sql.DB // a pool on the test database, for CREATE/DROP DATABASE
	adminErr  error
}

// conn returns the pool on the test database that creates and drops
// databases, opened on first use.
func (d *templateDB) conn() (*sql.DB, error) {
	d.adminOnce.Do(func() {
		d.admin, d.adminErr = sql.Open("pgx", os.Getenv(EnvDatabaseURL))
		if d.adminErr == nil {
			d.admin.SetMaxIdleConns(2)
		}
	})
	return d.admin, d.adminErr
}

// get returns the template's name, creating, migrating and seeding it on
// the first call.
func (d *templateDB) get() (string, error) {
	d.once.Do(func() { d.name, d.err = d.create() })
	return d.name, d.err
}

func (d *templateDB) create() (string, error) {
	admin, err := d.conn()
	if err != nil {
		return "", err
	}
	name := databaseName("tpl_" + randomHex(6))
	if _, err := admin.Exec("CREATE DATABASE " + ident(name)); err != nil {
		return "", fmt.Errorf("create template: %w", err)
	}
	s, err := store.Open(store.Options{Driver: "postgres", DSN: databaseURL(name), MaxOpenConns: 4,
		Now: func() time.Time { return Now }})
	if err == nil {
		err = migrateAndSeed(s)
		// CREATE DATABASE … TEMPLATE refuses a template anyone is connected
		// to (it waits up to 5 s for sessions to end): close them all now.
		if cerr := s.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + ident(name) + " WITH (FORCE)")
		return "", fmt.Errorf("template %s: %w", name, err)
	}
	return name, nil
}

// drop drops the template, if one was made, and closes the admin pool.
func (d *templateDB) drop() error {
	if d.name == "" {
		if d.admin != nil {
			return d.admin.Close()
		}
		return nil
	}
	_, err := d.admin.Exec("DROP DATABASE IF EXISTS " + ident(d.name) + " WITH (FORCE)")
	if cerr := d.admin.Close(); err == nil {
		err = cerr
	}
	return err
}

// postgresCopy creates a database for the test from the template (skipping
// the test when XIETONG_TEST_DATABASE_URL is unset), drops it at the test's
// end, and returns its URL.
func postgresCopy(t testing.TB) string {
	t.Helper()
	if os.Getenv(EnvDatabaseURL) == "" {
		t.Skip(EnvDatabaseURL + " is not set")
	}
	tpl, err := templates.get()
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	admin, err := templates.conn()
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	name := databaseName(randomHex(8))
	if _, err := admin.Exec("CREATE DATABASE " + ident(name) + " TEMPLATE " + ident(tpl)); err != nil {
		t.Fatalf("storetest: create database from template: %v", err)
	}
	t.Cleanup(func() {
		// Registered before the store's own cleanup, so it runs after the
		// store is closed; FORCE ends the sessions of anything the test
		// left open. A database left behind is harmless (see Main).
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)"); err != nil {
			t.Logf("storetest: drop database %s: %v", name, err)
		}
	})
	return databaseURL(name)
}

// databaseName is the name of a database this package makes: the test
// database's name, "__" and suffix, within PostgreSQL's 63 bytes.
func databaseName(suffix string) string {
	base := strings.TrimPrefix(testURL().Path, "/")
	if base == "" {
		base = "postgres"
	}
	if n := 63 - len("__") - len(suffix); len(base) > n {
		base = base[:n]
	}
	return base + "__" + suffix
}

// databaseURL is XIETONG_TEST_DATABASE_URL with its database replaced.
func databaseURL(name string) string {
	u := testURL()
	u.Path = "/" + name
	return u.String()
}

func testURL() *url.URL {
	u, err := url.Parse(os.Getenv(EnvDatabaseURL))
	if err != nil {
		return &url.URL{}
	}
	return u
}

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }
