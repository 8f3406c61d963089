// Command xietong-bench measures xietong on PostgreSQL at the scale of a
// province: "generate" bulk-loads a realistic dataset of tasks, "load" drives
// a running server over its JSON API with concurrent clients, "explain"
// prints the plans of the task-list queries exactly as the store builds
// them, and "sql" prints the statements of one create and one action, from
// which the pgbench scripts beside this file are written. bench.sh runs
// everything in order; BENCHMARKS.md holds the figures.
//
// It is a benchmark tool, not part of the server: it talks to the database
// directly (generate, explain, sql) and to the server only over HTTP (load).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "xietong-bench:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

const usage = `usage: xietong-bench command [flags]

commands:
  generate  bulk-load tasks, co-organisers and events into PostgreSQL
  load      drive a running server with concurrent clients and report latencies
  explain   EXPLAIN (ANALYZE, BUFFERS) the task-list queries the store builds
  sql       print the SQL of one task creation and one action (for pgbench)
  register  add a campaign register (communities, titles) for the progress figures
  report    time the weekly and monthly province reports, their workbook and mail,
            and the progress dashboard
  supervise prime the supervision ladder, then time one sweep, its dry run and a rerun
  watch     run a command (pgbench) and report the CPU other programs used meanwhile
  uploads   start the server, send parallel 19 MB uploads, report its peak memory

Run "xietong-bench command -h" for a command's flags. The database is
XIETONG_DATABASE_URL unless -db is given.
`

func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(out, usage)
		return errUsage
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "generate":
		return generateCmd(ctx, args, getenv, out)
	case "load":
		return loadCmd(ctx, args, out)
	case "explain":
		return explainCmd(ctx, args, getenv, out)
	case "sql":
		return sqlCmd(ctx, args, getenv, out)
	case "watch":
		return watchCmd(ctx, args, out)
	case "supervise":
		return superviseCmd(ctx, args, getenv, out)
	case "register":
		return registerCmd(ctx, args, getenv, out)
	case "report":
		return reportCmd(ctx, args, getenv, out)
	case "uploads":
		return uploadsCmd(ctx, args, out)
	case "help", "-h", "--help":
		fmt.Fprint(out, usage)
		return nil
	}
	fmt.Fprint(out, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
}
