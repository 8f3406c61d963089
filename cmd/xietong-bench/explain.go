package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store"
)

// recorder is a bun query hook that keeps the SQL the store sends, exactly
// as it goes to the database.
type recorder struct {
	mu      sync.Mutex
	queries []statement
}

// statement is one statement sent: bun's with its values in the text, the
// store's hot paths' with parameters.
type statement struct {
	Query string
	Args  []any
}

// String is the statement with its parameters' values after it.
func (s statement) String() string {
	if len(s.Args) == 0 {
		return s.Query
	}
	var b strings.Builder
	b.WriteString(s.Query + " -- ")
	for i, a := range s.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d = %v", i+1, a)
	}
	return b.String()
}

func (r *recorder) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (r *recorder) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.queries = append(r.queries, statement{Query: e.Query})
}

// trace records a statement the store sends with parameters.
func (r *recorder) trace(query string, args []any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.queries = append(r.queries, statement{Query: query, Args: slices.Clone(args)})
}

func (r *recorder) take() []statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	q := r.queries
	r.queries = nil
	return q
}

// openRecorded opens the store with a recorder attached.
func openRecorded(dsn string) (*store.Store, *recorder, error) {
	rec := &recorder{}
	st, err := store.Open(store.Options{Driver: "postgres", DSN: dsn, MaxOpenConns: 2, Trace: rec.trace})
	if err != nil {
		return nil, nil, err
	}
	//lint:ignore SA1019 the store's queries hold this *bun.DB; WithQueryHook would return a copy they never use.
	st.DB.AddQueryHook(rec)
	return st, rec, nil
}

// explainCmd runs the task reads of the API through the real store,
// records the SQL it sends, and prints EXPLAIN (ANALYZE, BUFFERS) of each
// statement. It fails when a plan scans the whole tasks table.
func explainCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(out)
	dsn := fs.String("db", getenv("XIETONG_DATABASE_URL"), "PostgreSQL URL")
	todayS := fs.String("today", "", "the day \"overdue\" is judged on (YYYY-MM-DD); empty: today in Asia/Shanghai")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	today := calendar.DateOf(time.Now(), shanghai())
	if *todayS != "" {
		d, err := calendar.ParseDate(*todayS)
		if err != nil {
			return fmt.Errorf("%w: -today: %v", errUsage, err)
		}
		today = d
	}
	st, rec, err := openRecorded(*dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	big, small, task, err := explainSubjects(ctx, st)
	if err != nil {
		return err
	}
	page := domain.Page{Limit: domain.DefaultPageSize}
	overdue := domain.TaskFilter{Overdue: true, Today: today}
	type subject struct {
		name string
		run  func() error
	}
	list := func(scope domain.TaskScope, f domain.TaskFilter) func() error {
		return func() error { _, err := st.Tasks(ctx, scope, f, page); return err }
	}
	withOrg := func(f domain.TaskFilter, org int64) domain.TaskFilter { f.OrgID = org; return f }
	subjects := []subject{
		{fmt.Sprintf("lead: overdue tasks of the busiest organisation (id %d)", big),
			list(domain.TaskScope{All: true}, withOrg(overdue, big))},
		{fmt.Sprintf("lead: overdue tasks of the quietest organisation (id %d)", small),
			list(domain.TaskScope{All: true}, withOrg(overdue, small))},
		{fmt.Sprintf("department of the busiest organisation: its overdue tasks (id %d)", big),
			list(domain.TaskScope{OrgID: big}, overdue)},
		{fmt.Sprintf("department of the busiest organisation: all its tasks by due date (id %d)", big),
			list(domain.TaskScope{OrgID: big}, domain.TaskFilter{Today: today})},
		{fmt.Sprintf("department of the busiest organisation: its overdue tasks, second page (id %d)", big),
			func() error {
				rows, err := st.Tasks(ctx, domain.TaskScope{OrgID: big}, overdue, page)
				if err != nil || len(rows) <= page.Limit {
					return err
				}
				last := rows[page.Limit-1]
				rec.take() // only the second page's queries
				next := domain.Page{Limit: page.Limit, After: domain.Cursor{Key: last.Due.String(), ID: last.ID}}
				_, err = st.Tasks(ctx, domain.TaskScope{OrgID: big}, overdue, next)
				return err
			}},
		{fmt.Sprintf("lead: submitted tasks of the busiest organisation (id %d)", big),
			list(domain.TaskScope{All: true}, domain.TaskFilter{OrgID: big, Status: []domain.Status{domain.StatusSubmitted}, Today: today})},
		{"lead: every overdue task", list(domain.TaskScope{All: true}, overdue)},
		{"lead: every task by due date", list(domain.TaskScope{All: true}, domain.TaskFilter{Today: today})},
		{fmt.Sprintf("one task with its record (id %d)", task), func() error {
			if _, err := st.Task(ctx, task); err != nil {
				return err
			}
			_, err := st.TaskEvents(ctx, task)
			return err
		}},
	}
	seqScans := 0
	for _, s := range subjects {
		rec.take()
		if err := s.run(); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(out, "### %s\n\n", s.name)
		for _, q := range rec.take() {
			if !strings.HasPrefix(q.Query, "SELECT") {
				continue
			}
			plan, err := explain(ctx, st.DB, q)
			if err != nil {
				return err
			}
			if strings.Contains(plan, "Seq Scan on tasks") {
				seqScans++
			}
			fmt.Fprintf(out, "```sql\n%s\n```\n```\n%s\n```\n\n", q, plan)
		}
	}
	if seqScans > 0 {
		return fmt.Errorf("%d plans scan the whole tasks table", seqScans)
	}
	fmt.Fprintln(out, "no plan scans the whole tasks table")
	return nil
}

// explainSubjects picks the organisation that leads the most tasks, the one
// that leads the fewest, and a task with a typical record.
func explainSubjects(ctx context.Context, st *store.Store) (big, small, task int64, err error) {
	var counts []struct {
		LeadOrgID int64 `bun:"lead_org_id"`
		N         int64 `bun:"n"`
	}
	err = st.DB.NewRaw("SELECT lead_org_id, count(*) AS n FROM tasks GROUP BY lead_org_id ORDER BY n DESC, lead_org_id").
		Scan(ctx, &counts)
	if err != nil || len(counts) == 0 {
		return 0, 0, 0, fmt.Errorf("no tasks to explain (run generate first): %v", err)
	}
	err = st.DB.NewRaw("SELECT max(id) / 2 FROM tasks").Scan(ctx, &task)
	return counts[0].LeadOrgID, counts[len(counts)-1].LeadOrgID, task, err
}

// explain returns the plan of q, executed, with buffer counts. It goes
// through database/sql, not bun, so that nothing in q is read as a bun
// placeholder.
func explain(ctx context.Context, db *bun.DB, q statement) (string, error) {
	rows, err := db.DB.QueryContext(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+q.Query, q.Args...)
	if err != nil {
		return "", fmt.Errorf("explain %s: %w", q, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return "", err
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n"), rows.Err()
}
