package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
	"xietong/domain/calendar"
)

// superviseCmd measures the supervision sweep on a generated database
// (issue 5): the ladder is first primed as if it had run every working day
// up to the day before -today (every rung due by then recorded as done,
// without events or mail), then the sweep of -today at -hour takes every
// rung falling due that day, and a rerun at the same instant finds nothing.
// Priming writes only ladder columns, so it can be repeated on one dataset.
func superviseCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("supervise", flag.ContinueOnError)
	fs.SetOutput(out)
	dsn := fs.String("db", getenv("XIETONG_DATABASE_URL"), "PostgreSQL URL")
	todayS := fs.String("today", "", "the day of the measured sweep (YYYY-MM-DD), a working day; empty: today")
	hour := fs.Int("hour", 10, "the hour of the measured sweep, in Asia/Shanghai")
	batch := fs.Int("batch", 0, "tasks per sweep transaction (0: the service default)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *dsn == "" {
		return fmt.Errorf("%w: -db or XIETONG_DATABASE_URL is required", errUsage)
	}
	loc := shanghai()
	today := calendar.DateOf(time.Now(), loc)
	if *todayS != "" {
		d, err := calendar.ParseDate(*todayS)
		if err != nil {
			return fmt.Errorf("%w: -today: %v", errUsage, err)
		}
		today = d
	}
	st, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	now := func() time.Time { return time.Now() }
	cal := &domain.CalendarService{Store: st, Now: now}
	c, err := cal.Calendar(ctx)
	if err != nil {
		return err
	}
	if !c.IsWorkingDay(today) {
		return fmt.Errorf("%w: -today %s is not a working day", errUsage, today)
	}
	yesterday := domain.RungDay(c, today, -1) // the working day before
	at := func(d calendar.Date) time.Time { return d.In(loc).Add(time.Duration(*hour) * time.Hour) }

	var total, open int
	if err := st.DB.NewRaw("SELECT count(*), count(*) FILTER (WHERE status IN ('assigned', 'accepted', 'in_progress')) FROM tasks").
		Scan(ctx, &total, &open); err != nil {
		return err
	}
	fmt.Fprintf(out, "tasks %d, held by the lead organisation (the ladder runs) %d\n", total, open)

	start := time.Now()
	primed, err := prime(ctx, st.DB, c, loc, at(yesterday))
	if err != nil {
		return fmt.Errorf("prime: %w", err)
	}
	fmt.Fprintf(out, "primed %d tasks as of %s in %v\n", primed, at(yesterday).Format(time.DateTime), time.Since(start).Round(time.Millisecond))
	if _, err := st.DB.ExecContext(ctx, "ANALYZE tasks"); err != nil {
		return err
	}

	sup := &domain.SupervisionService{Store: st, Calendar: cal, Location: loc, Now: now, Batch: *batch}
	for _, run := range []struct {
		name string
		dry  bool
	}{{"dry run", true}, {"sweep", false}, {"rerun", false}} {
		start := time.Now()
		r, err := sup.Sweep(ctx, at(today), run.dry)
		if err != nil {
			return fmt.Errorf("%s: %w", run.name, err)
		}
		fmt.Fprintf(out, "%-8s at %s: %v — %d tasks looked at, %d sent, %d skipped, %d messages\n", run.name,
			at(today).Format(time.DateTime), time.Since(start).Round(time.Millisecond), r.Tasks, r.Sent, r.Skipped, r.Messages)
	}
	return nil
}

// prime records as done every rung due by asOf on every task the ladder
// runs for, and stores when each task's next rung falls due: the state a
// server that swept every working day would have left.
func prime(ctx context.Context, db *bun.DB, cal *calendar.Calendar, loc *time.Location, asOf time.Time) (int, error) {
	policies := map[domain.Priority]domain.Policy{}
	for _, p := range domain.DefaultPolicies() {
		policies[p.Priority] = p
	}
	var rows []struct {
		ID         int64
		Priority   string
		Status     string
		DueDate    time.Time
		AssignedOn time.Time
		CreatedAt  time.Time
	}
	err := db.NewRaw(`SELECT id, priority, status, due_date, coalesce(assigned_on, due_date) AS assigned_on, created_at
		FROM tasks WHERE status IN ('assigned', 'accepted', 'in_progress')`).Scan(ctx, &rows)
	if err != nil {
		return 0, err
	}
	hours := domain.DefaultWorkingHours()
	var vals []string
	flush := func() error {
		if len(vals) == 0 {
			return nil
		}
		_, err := db.ExecContext(ctx, `UPDATE tasks t SET ladder_done = v.done, ladder_step = v.step,
			listed = v.listed, next_ladder_at = v.next::timestamptz
			FROM (VALUES `+strings.Join(vals, ",")+`) AS v(id, done, step, listed, next) WHERE t.id = v.id`)
		vals = vals[:0]
		return err
	}
	for _, r := range rows {
		t := domain.Task{ID: r.ID, Priority: domain.Priority(r.Priority), Status: domain.Status(r.Status),
			Due:        calendar.NewDate(r.DueDate.Year(), r.DueDate.Month(), r.DueDate.Day()),
			AssignedOn: calendar.NewDate(r.AssignedOn.Year(), r.AssignedOn.Month(), r.AssignedOn.Day()),
			CreatedAt:  r.CreatedAt}
		p := policies[t.Priority]
		done := map[string]bool{}
		var ids []string
		step, listed := "", false
		// The sweep's rule without its send window: every rung whose day has
		// come by asOf is done (sent or skipped).
		today := calendar.DateOf(asOf, loc)
		for _, rung := range p.Rungs {
			if !domain.RungDay(cal, t.Due, rung.OffsetWorkingDays).After(today) {
				done[rung.ID()], ids = true, append(ids, rung.ID())
				if rung.OffsetWorkingDays > 0 {
					step, listed = string(rung.Step), listed || rung.ListInReport
				}
			}
		}
		next := "NULL"
		if at, ok := domain.NextLadderAt(t, done, p, cal, loc, hours); ok {
			next = "'" + at.UTC().Format(time.RFC3339) + "'"
		}
		vals = append(vals, fmt.Sprintf("(%d, '%s', '%s', %t, %s)", t.ID, strings.Join(ids, ","), step, listed, next))
		if len(vals) == 2000 {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	return len(rows), flush()
}
