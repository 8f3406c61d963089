package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"

	"xietong/config"
	"xietong/domain/store"
)

// backupCmd is "backup --to FILE [--force]": an online, consistent copy of
// the SQLite database, taken while the server runs. PostgreSQL has its own
// tools, which the command names.
func (o *term) backupCmd(ctx context.Context, cfg config.Config, clk clock, args []string) error {
	fl := flag.NewFlagSet("backup", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	to := fl.String("to", "", "")
	force := fl.Bool("force", false, "")
	if err := fl.Parse(args); err != nil {
		return o.usageError("cli.backup.bad_flags", err, o.T("cli.usage.backup"))
	}
	if *to == "" || fl.NArg() > 0 {
		return o.usageError("cli.usage.backup")
	}
	if cfg.Database.Driver != "sqlite" {
		return o.failure("cli.backup.postgres")
	}
	db := cfg.Database.SQLitePath
	if _, err := os.Stat(db); err != nil {
		return o.failure("cli.backup.no_database", db)
	}
	if sameFile(db, *to) {
		return o.failure("cli.backup.same_file", *to)
	}
	st, err := openStore(cfg, clk)
	if err != nil {
		return err
	}
	defer st.Close()
	size, err := st.Backup(ctx, *to, *force)
	if errors.Is(err, os.ErrExist) {
		return o.failure("cli.backup.exists", *to)
	}
	if err != nil {
		return err
	}
	o.say("cli.backup.done", *to, size)
	return nil
}

// restoreCmd is "restore --from FILE [--force]": it puts a backup in place
// of the configured SQLite database. It holds the database lock meanwhile,
// so it refuses while a server runs on the file, and a server cannot start
// on a half-restored one.
func (o *term) restoreCmd(ctx context.Context, cfg config.Config, args []string) error {
	fl := flag.NewFlagSet("restore", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	from := fl.String("from", "", "")
	force := fl.Bool("force", false, "")
	if err := fl.Parse(args); err != nil {
		return o.usageError("cli.restore.bad_flags", err, o.T("cli.usage.restore"))
	}
	if *from == "" || fl.NArg() > 0 {
		return o.usageError("cli.usage.restore")
	}
	if cfg.Database.Driver != "sqlite" {
		return o.failure("cli.restore.postgres")
	}
	db := cfg.Database.SQLitePath
	if sameFile(db, *from) {
		return o.failure("cli.backup.same_file", *from)
	}
	release, err := store.Lock(db)
	if errors.Is(err, store.ErrLocked) {
		return o.failure("cli.restore.locked", db)
	}
	if err != nil {
		return err
	}
	defer release()
	if _, err := os.Stat(db); err == nil && !*force {
		return o.failure("cli.restore.exists", db)
	}
	size, err := store.Restore(ctx, *from, db)
	switch {
	case errors.Is(err, store.ErrNotDatabase), errors.Is(err, os.ErrNotExist):
		return o.failure("cli.restore.not_database", *from)
	case err != nil:
		return err
	}
	o.say("cli.restore.done", *from, db, size)
	return nil
}

// failure is a refusal told by key: the command line was right, but the
// files are not as they must be (exit 1).
func (o *term) failure(key string, args ...any) error { return errors.New(o.T(key, args...)) }

// sameFile reports whether a and b name one existing file.
func sameFile(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}
