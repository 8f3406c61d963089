package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"xietong/domain/store/storetest"
)

// registerCmd adds a campaign register to a generated database: -n
// communities over the 13 campaign cities with their status history and
// titles (storetest.BenchRegister, the same register BenchmarkProgress
// counts), so that the reports' progress section and the progress
// dashboard count a province's worth. A database that has the register
// already is left alone.
func registerCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("register", flag.ContinueOnError)
	fs.SetOutput(out)
	dsn := fs.String("db", getenv("XIETONG_DATABASE_URL"), "PostgreSQL URL")
	n := fs.Int("n", 10_000, "number of communities")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *dsn == "" {
		return fmt.Errorf("%w: -db or XIETONG_DATABASE_URL is required", errUsage)
	}
	st, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	var have int
	if err := st.DB.NewRaw("SELECT count(*) FROM communities WHERE code LIKE 'bench-%'").Scan(ctx, &have); err != nil {
		return err
	}
	if have > 0 {
		fmt.Fprintf(out, "register: %d bench communities already there\n", have)
		return nil
	}
	start := time.Now()
	if err := storetest.BenchRegister(ctx, st.DB, *n); err != nil {
		return err
	}
	var titles int
	if err := st.DB.NewRaw("SELECT count(*) FROM titles").Scan(ctx, &titles); err != nil {
		return err
	}
	fmt.Fprintf(out, "register: %d communities, %d titles in %s\n", *n, titles, time.Since(start).Round(time.Millisecond))
	return nil
}
