package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/uptrace/bun"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store"
	"xietong/migrations"
)

// generateCmd bulk-loads tasks. It migrates the database and loads the
// reference catalogue the way the server does, then writes tasks,
// co-organisers and events with COPY, in chunks of one transaction each,
// from several connections at once.
func generateCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(out)
	dsn := fs.String("db", getenv("XIETONG_DATABASE_URL"), "PostgreSQL URL")
	n := fs.Int("tasks", 1_000_000, "number of tasks")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same data")
	todayS := fs.String("today", "", "the day the data is generated for (YYYY-MM-DD); empty: today in Asia/Shanghai")
	workers := fs.Int("workers", 2, "parallel COPY connections")
	chunk := fs.Int("chunk", 20_000, "tasks per transaction")
	reset := fs.Bool("reset", false, "delete existing tasks, hot-spots and their records first")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *dsn == "" {
		return fmt.Errorf("%w: -db or XIETONG_DATABASE_URL is required", errUsage)
	}
	today := calendar.DateOf(time.Now(), shanghai())
	if *todayS != "" {
		d, err := calendar.ParseDate(*todayS)
		if err != nil {
			return fmt.Errorf("%w: -today: %v", errUsage, err)
		}
		today = d
	}
	start := time.Now()
	st, err := store.Open(store.Options{Driver: "postgres", DSN: *dsn, MaxOpenConns: 4})
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := migrations.Up(ctx, st.DB); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := domain.SeedReference(ctx, st, time.Now()); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	var orgs, communities []int64
	if err := st.DB.NewSelect().Table("organizations").Column("id").Where("active").Order("id").Scan(ctx, &orgs); err != nil {
		return err
	}
	if err := st.DB.NewSelect().Table("communities").Column("id").Order("id").Scan(ctx, &communities); err != nil {
		return err
	}
	var existing int
	if err := st.DB.NewRaw("SELECT count(*) FROM (SELECT 1 FROM tasks LIMIT 1) x").Scan(ctx, &existing); err != nil {
		return err
	}
	switch {
	case existing > 0 && !*reset:
		return fmt.Errorf("the database already has tasks; pass -reset to replace them")
	case *reset:
		if _, err := st.DB.ExecContext(ctx, "TRUNCATE task_events, task_participants, tasks, hotspots RESTART IDENTITY CASCADE"); err != nil {
			return fmt.Errorf("reset: %w", err)
		}
	}
	lead, depts, err := ensureUsers(ctx, st, orgs)
	if err != nil {
		return err
	}
	m := newModel(orgs, communities, today, *seed)
	m.assigner, m.depts = lead, depts
	m.planTasks(*n, *seed)
	fmt.Fprintf(out, "generating %d tasks over %d organisations for %s with %d workers\n", *n, len(orgs), today, *workers)

	// Building an index once is several times faster than growing it row
	// by row: the secondary indexes go for the load and come back after,
	// exactly as the migrations defined them.
	restore, err := dropIndexes(ctx, st)
	if err != nil {
		return err
	}
	var stats [3]atomic.Int64
	err = parallel(ctx, *workers, int64(*n), int64(*chunk), func(ctx context.Context, conn *pgx.Conn, first, last int64) error {
		c, err := loadChunk(ctx, conn, m, *seed, first, last)
		for i := range stats {
			stats[i].Add(c[i])
		}
		return err
	}, *dsn)
	if rerr := restore(); err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %d tasks, %d co-organisers, %d events in %s\n", stats[0].Load(), stats[1].Load(), stats[2].Load(),
		time.Since(start).Round(time.Second))
	for _, s := range []string{
		"SELECT setval(pg_get_serial_sequence('tasks', 'id'), (SELECT max(id) FROM tasks))",
		"VACUUM (ANALYZE) tasks", "VACUUM (ANALYZE) task_participants",
		"VACUUM (ANALYZE) task_events",
	} {
		if _, err := st.DB.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	fmt.Fprintf(out, "done in %s (vacuumed and analysed)\n", time.Since(start).Round(time.Second))
	return nil
}

// parallel runs fn over the chunks of 1..n from workers connections, each
// set up for a bulk load, and returns the first error.
func parallel(ctx context.Context, workers int, n, chunk int64,
	fn func(ctx context.Context, conn *pgx.Conn, first, last int64) error, dsn string) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	chunks := make(chan int64)
	go func() {
		defer close(chunks)
		for first := int64(1); first <= n; first += chunk {
			select {
			case chunks <- first:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			if err := worker(ctx, dsn, chunks, n, chunk, fn); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && err != context.Canceled {
		return err
	}
	return ctx.Err()
}

func worker(ctx context.Context, dsn string, chunks <-chan int64, n, chunk int64,
	fn func(ctx context.Context, conn *pgx.Conn, first, last int64) error) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	// The rows satisfy the foreign keys by construction; skipping their
	// per-row checks is what pg_restore --disable-triggers does. Nothing
	// waits for this bulk load to be durable row by row.
	for _, s := range []string{"SET session_replication_role = replica", "SET synchronous_commit = off"} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	for first := range chunks {
		if err := fn(ctx, conn, first, min(first+chunk-1, n)); err != nil {
			return err
		}
	}
	return nil
}

// loadChunk writes tasks first..last in one transaction. Each chunk has its
// own random stream, so the data does not depend on the number of workers.
func loadChunk(ctx context.Context, conn *pgx.Conn, m *model, seed uint64, first, last int64) ([3]int64, error) {
	r := rand.New(rand.NewPCG(seed, uint64(first)))
	var tasks, parts, events [][]any
	for id := first; id <= last; id++ {
		t := m.task(r, id)
		tasks = append(tasks, t.row)
		parts = append(parts, []any{id, t.lead, true, t.closed, t.due})
		for _, o := range t.coOrgs {
			parts = append(parts, []any{id, o, false, t.closed, t.due})
		}
		events = append(events, t.events...)
	}
	var n [3]int64
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var err error
		if n[0], err = tx.CopyFrom(ctx, pgx.Identifier{"tasks"}, taskColumns, pgx.CopyFromRows(tasks)); err != nil {
			return fmt.Errorf("copy tasks: %w", err)
		}
		// Every participation, the lead's (the insert trigger's, off for
		// the load) and the co-organisers' (the store's) alike.
		var all int64
		if all, err = tx.CopyFrom(ctx, pgx.Identifier{"task_participants"}, participantColumns, pgx.CopyFromRows(parts)); err != nil {
			return fmt.Errorf("copy participants: %w", err)
		}
		n[1] = all - n[0] // the co-organisers' rows
		if n[2], err = tx.CopyFrom(ctx, pgx.Identifier{"task_events"}, eventColumns, pgx.CopyFromRows(events)); err != nil {
			return fmt.Errorf("copy events: %w", err)
		}
		return nil
	})
	return n, err
}

// benchPassword is the password of the users generate adds. They sign in
// with API tokens ("xietong token create"); the password is never used.
const benchPassword = "bench-password-not-for-use"

// ensureUsers adds the people the tasks are between, unless they exist: a
// bureau lead, bench-lead, who assigns every task, and one department user
// per organisation, bench-dept-ID, who works on its tasks. Mail about a task
// goes to them, so the server does the notification work a real province
// would make it do.
func ensureUsers(ctx context.Context, st *store.Store, orgs []int64) (int64, map[int64]int64, error) {
	hash, err := store.DefaultArgon2id().Hash(benchPassword)
	if err != nil {
		return 0, nil, err
	}
	now := time.Now()
	depts := map[int64]int64{}
	var lead int64
	err = st.InTx(ctx, func(tx domain.Tx) error {
		ensure := func(u domain.User) (int64, error) {
			if old, err := tx.UserByUsername(ctx, u.Username); err == nil {
				return old.ID, nil
			} else if !errors.Is(err, domain.ErrNotFound) {
				return 0, err
			}
			u.Email, u.Lang, u.Active, u.PasswordHash = u.Username+"@bench.example.org", "zh-CN", true, hash
			u.CreatedAt, u.UpdatedAt = now, now
			err := tx.CreateUser(ctx, &u)
			return u.ID, err
		}
		var err error
		if lead, err = ensure(domain.User{Username: "bench-lead", DisplayName: "督办科（压测）", Role: domain.RoleLead}); err != nil {
			return err
		}
		for _, o := range orgs {
			id, err := ensure(domain.User{Username: fmt.Sprintf("bench-dept-%d", o), DisplayName: fmt.Sprintf("联络员 %d", o),
				Role: domain.RoleDepartment, OrgID: o})
			if err != nil {
				return err
			}
			depts[o] = id
		}
		return nil
	})
	return lead, depts, err
}

// bulkTables are the tables generate writes.
var bulkTables = []string{"tasks", "task_participants", "task_events"}

// dropIndexes drops the indexes of the bulk tables that back no constraint
// and returns the function that creates them again from their definitions.
func dropIndexes(ctx context.Context, st *store.Store) (func() error, error) {
	var defs []struct {
		Name string `bun:"indexname"`
		Def  string `bun:"indexdef"`
	}
	err := st.DB.NewRaw(`SELECT indexname, indexdef FROM pg_indexes i
		WHERE schemaname = current_schema() AND tablename IN (?)
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
		ORDER BY indexname`, bun.List(bulkTables)).Scan(ctx, &defs)
	if err != nil {
		return nil, fmt.Errorf("read index definitions: %w", err)
	}
	restore := func() error {
		// Not ctx: the indexes must come back even when the load was interrupted.
		bg := context.Background()
		for _, d := range defs {
			if _, err := st.DB.ExecContext(bg, strings.Replace(d.Def, "CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1)); err != nil {
				return fmt.Errorf("recreate index %s: %w", d.Name, err)
			}
		}
		return nil
	}
	for _, d := range defs {
		if _, err := st.DB.ExecContext(ctx, "DROP INDEX "+pgx.Identifier{d.Name}.Sanitize()); err != nil {
			return nil, errors.Join(fmt.Errorf("drop index %s: %w", d.Name, err), restore())
		}
	}
	return restore, nil
}

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}
