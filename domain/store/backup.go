package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/uptrace/bun/dialect"
)

// ErrNotDatabase is returned by Restore when the file given is not a
// readable xietong SQLite database.
var ErrNotDatabase = errors.New("not a xietong SQLite database")

// xietongTables are tables every xietong database has; a file without them
// is some other SQLite database.
var xietongTables = []string{"bun_migrations", "settings", "users", "tasks", "task_events", "attachments", "outbox"}

// Backup writes a consistent copy of the SQLite database to path while the
// server keeps running: VACUUM INTO copies one read snapshot, WAL included.
// The copy is made beside path (mode 0600: it holds password hashes and,
// unless XIETONG_SECRET_KEY is set, the reply key), synced, and then moved
// onto path, so a failed backup never leaves a half-written file there. An
// existing path is an error matching fs.ErrExist unless replace is set. It
// returns the size of the copy.
func (s *Store) Backup(ctx context.Context, path string, replace bool) (size int64, err error) {
	defer wrap(&err, "store.Backup(%q)", path)
	if s.Dialect() != dialect.SQLite {
		return 0, errors.New("backup copies SQLite databases only; use pg_dump for PostgreSQL")
	}
	tmp, err := tempBeside(path)
	if err != nil {
		return 0, err
	}
	defer removeIfLeft(tmp)
	if _, err := s.DB.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return 0, translate(err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return 0, err
	}
	return install(tmp, path, replace)
}

// Restore copies the backup at from onto the SQLite database file to,
// after checking on the copy that it is a xietong database (ErrNotDatabase
// otherwise). The caller makes sure no server uses to (Lock). The old
// database's -wal and -shm files are removed, since SQLite would replay a
// stale WAL into the restored file. It returns the size restored.
func Restore(ctx context.Context, from, to string) (size int64, err error) {
	defer wrap(&err, "store.Restore(%q, %q)", from, to)
	if err := os.MkdirAll(filepath.Dir(to), 0o750); err != nil {
		return 0, err
	}
	tmp, err := tempBeside(to)
	if err != nil {
		return 0, err
	}
	defer removeIfLeft(tmp)
	if err := copyFile(from, tmp); err != nil {
		return 0, err
	}
	if err := checkDatabase(ctx, tmp); err != nil {
		return 0, err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(to + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, err
		}
	}
	return install(tmp, to, true)
}

// checkDatabase opens path as SQLite and checks its integrity and that it
// has xietong's tables.
func checkDatabase(ctx context.Context, path string) (err error) {
	head := make([]byte, 16)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	_, rerr := io.ReadFull(f, head)
	if err := errors.Join(rerr, f.Close()); err != nil || !bytes.Equal(head, []byte("SQLite format 3\x00")) {
		return fmt.Errorf("%w: no SQLite header", ErrNotDatabase)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)") // its journal mode stays as it is
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		return fmt.Errorf("%w: quick_check says %q (%v)", ErrNotDatabase, check, err)
	}
	for _, name := range xietongTables {
		var n int
		err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", name).Scan(&n)
		if err != nil {
			return translate(err)
		}
		if n == 0 {
			return fmt.Errorf("%w: no table %s", ErrNotDatabase, name)
		}
	}
	return nil
}

// tempBeside names a file that does not exist yet in path's directory, so
// that the final rename stays on one file system.
func tempBeside(path string) (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return path + ".tmp-" + hex.EncodeToString(b), nil
}

// install syncs tmp and moves it onto path; without replace an existing
// path is an fs.ErrExist error (the link fails rather than overwrite).
func install(tmp, path string, replace bool) (int64, error) {
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return 0, err
	}
	info, serr := f.Stat()
	if err := errors.Join(serr, f.Sync(), f.Close()); err != nil {
		return 0, err
	}
	if replace {
		err = os.Rename(tmp, path)
	} else {
		err = os.Link(tmp, path)
	}
	if err != nil {
		return 0, err
	}
	return info.Size(), syncDir(filepath.Dir(path))
}

func copyFile(from, to string) (err error) {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, in.Close()) }()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	return errors.Join(err, out.Close())
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

// removeIfLeft removes a temporary file that was not moved into place; one
// already moved is gone, and a failure leaves only a stray .tmp- file.
func removeIfLeft(tmp string) {
	_ = os.Remove(tmp)
}
