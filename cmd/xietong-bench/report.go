package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store"
	"xietong/migrations"
	"xietong/notifications/i18n"
	"xietong/notifications/mail"
	"xietong/notifications/xlsx"
)

// reportCmd times the province's supervision reports on a generated
// database (issue 5): loading and computing the weekly and monthly report
// as of -today, with the progress to the campaign's target and the
// composite scores, building the Excel workbook and rendering the mail;
// and the progress dashboard's service call. Each is run -runs times; the
// table shows the fastest and the slowest.
func reportCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(out)
	dsn := fs.String("db", getenv("XIETONG_DATABASE_URL"), "PostgreSQL URL")
	todayS := fs.String("today", "", "the report day (YYYY-MM-DD); empty: today")
	runs := fs.Int("runs", 3, "runs of each measurement")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the runs to this file")
	memprofile := fs.String("memprofile", "", "write a profile of the runs' allocations to this file")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *dsn == "" {
		return fmt.Errorf("%w: -db or XIETONG_DATABASE_URL is required", errUsage)
	}
	loc := shanghai()
	at := time.Now().In(loc)
	if *todayS != "" {
		d, err := calendar.ParseDate(*todayS)
		if err != nil {
			return fmt.Errorf("%w: -today: %v", errUsage, err)
		}
		at = d.In(loc).Add(8*time.Hour + 30*time.Minute)
	}
	st, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	cal := &domain.CalendarService{Store: st, Now: time.Now}
	progress := &domain.ProgressService{Store: st, Location: loc, Now: func() time.Time { return at }}
	svc := &domain.ReportService{Store: st, Calendar: cal, Location: loc, Now: time.Now, Progress: progress}
	stop, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	if *memprofile != "" {
		defer func() {
			if err := writeHeapProfile(*memprofile); err != nil {
				fmt.Fprintf(out, "memory profile: %v\n", err)
			}
		}()
	}
	// The load alone, for the monthly period, to split load and compute.
	c, err := cal.Calendar(ctx)
	if err != nil {
		return err
	}
	from, to, err := domain.ReportPeriod("monthly", at, loc)
	if err != nil {
		return err
	}
	today := calendar.DateOf(at, loc)
	var loadOnly span
	for range *runs {
		start := time.Now()
		in, err := st.ReportInput(ctx, domain.ReportQuery{Scope: domain.ReportScope{Kind: domain.ScopeProvince},
			From: from, To: to, Today: today, Location: loc, OverdueCutoff: domain.OverdueCutoff(c, today)})
		if err != nil {
			return err
		}
		took := time.Since(start)
		loadOnly.add(took)
		in.From, in.To, in.Today = from, to, today
		start = time.Now()
		domain.BuildReport(in, c)
		fmt.Fprintf(out, "monthly: %d tasks loaded, %d organisations' open tasks counted in %v; BuildReport %v\n",
			in.TaskCount(), len(in.OpenCounts), took.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	}
	fmt.Fprintf(out, "monthly: load alone %s\n", loadOnly)
	// One organisation's report (the department's own page and mail): its
	// tasks picked out of the province's by lead_org_id. The busiest
	// organisation and the median one are planned differently.
	var picks []struct {
		Org  int64  `bun:"lead_org_id"`
		Name string `bun:"name"`
	}
	if err := st.DB.NewRaw(`WITH n AS (SELECT lead_org_id, count(*) AS n FROM tasks GROUP BY lead_org_id),
r AS (SELECT lead_org_id, row_number() OVER (ORDER BY n DESC, lead_org_id) AS i, count(*) OVER () AS k FROM n)
SELECT lead_org_id, CASE WHEN i = 1 THEN 'the busiest organisation' ELSE 'the median organisation' END AS name
FROM r WHERE i = 1 OR i = (k + 1) / 2 ORDER BY i`).Scan(ctx, &picks); err != nil {
		return err
	}
	for _, p := range picks {
		var orgLoad span
		var orgTasks int
		for range *runs {
			start := time.Now()
			in, err := st.ReportInput(ctx, domain.ReportQuery{Scope: domain.ReportScope{Kind: domain.ScopeOrg, OrgID: p.Org},
				From: from, To: to, Today: today, Location: loc, OverdueCutoff: domain.OverdueCutoff(c, today)})
			if err != nil {
				return err
			}
			orgLoad.add(time.Since(start))
			orgTasks = in.TaskCount()
		}
		fmt.Fprintf(out, "monthly, %s (%d, %d tasks loaded): load alone %s\n", p.Name, p.Org, orgTasks, orgLoad)
	}
	if err := progressRuns(ctx, progress, to, *runs, out); err != nil {
		return err
	}
	fmt.Fprintln(out)
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	rd, err := mail.NewRenderer(cat)
	if err != nil {
		return err
	}
	books := xlsx.NewWriter(cat)
	fmt.Fprintln(out, "| report | tasks counted | lines | overdue | load and compute | workbook | workbook size | mail |")
	fmt.Fprintln(out, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, period := range []string{"weekly", "monthly"} {
		var rep domain.Report
		var load, book, render span
		var size int
		for range *runs {
			// Each measurement starts on a collected heap: the previous
			// workbook's garbage is not this report's cost.
			runtime.GC()
			start := time.Now()
			if rep, err = svc.Periodic(ctx, period, at); err != nil {
				return err
			}
			load.add(time.Since(start))
			runtime.GC()
			start = time.Now()
			b, err := books.Workbook(rep, "zh-CN")
			if err != nil {
				return err
			}
			book.add(time.Since(start))
			size = len(b)
			start = time.Now()
			if _, err := rd.RenderReport(rep, "zh-CN", mail.ReportOptions{Period: period}); err != nil {
				return err
			}
			render.add(time.Since(start))
		}
		fmt.Fprintf(out, "| %s %s–%s | %d open, %d assigned, %d closed | %d | %d | %s | %s | %.1f MB | %s |\n",
			period, rep.From, rep.To, rep.Total.Open, rep.Total.Assigned, rep.Total.Closed, len(rep.Tasks),
			len(rep.Overdue), load, book, float64(size)/1e6, render)
	}
	return nil
}

// progressRuns times the progress figures a report carries (as of the
// monthly period's end) and the progress dashboard's work
// (ProgressService.Progress as leadership, today, at both title levels:
// the figures, the trend since the campaign's start, the projection and
// the pipeline), everything GET /api/v1/campaign/progress does but the
// JSON.
func progressRuns(ctx context.Context, p *domain.ProgressService, end domain.Date, runs int, out io.Writer) error {
	var inReport span
	var figures *domain.ReportProgress
	for range runs {
		start := time.Now()
		var err error
		if figures, err = p.ReportProgress(ctx, "", end); err != nil {
			return err
		}
		inReport.add(time.Since(start))
	}
	c := figures.Levels[0].Total
	fmt.Fprintf(out, "progress in the report (as of %s, %d of %d communities titled): %s\n", end, c.Titled, c.Communities, inReport)
	leadership := domain.Actor{UserID: 1, Role: domain.RoleLeadership}
	for _, level := range []domain.StandardLevel{domain.LevelCity, domain.LevelProvince} {
		var dash span
		var got domain.Progress
		for range runs {
			start := time.Now()
			var err error
			if got, err = p.Progress(ctx, leadership, domain.ProgressRequest{Level: level}); err != nil {
				return err
			}
			dash.add(time.Since(start))
		}
		fmt.Fprintf(out, "progress dashboard, %s titles (%d trend points, %d of %d titled): %s\n", level, len(got.Trend),
			got.Total.Titled, got.Total.Communities, dash)
	}
	return nil
}

// span is the fastest and slowest of several timings.
type span struct{ min, max time.Duration }

func (s *span) add(d time.Duration) {
	if s.min == 0 || d < s.min {
		s.min = d
	}
	s.max = max(s.max, d)
}

func (s span) String() string {
	r := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	if s.min == s.max {
		return r(s.min)
	}
	return r(s.min) + "–" + r(s.max)
}

// openMigrated opens a generated database and brings its schema up to
// date, so that a dataset made by an older generator gets the new columns
// and indexes.
func openMigrated(ctx context.Context, dsn string) (*store.Store, error) {
	st, err := store.Open(store.Options{Driver: "postgres", DSN: dsn, MaxOpenConns: 4})
	if err != nil {
		return nil, err
	}
	if _, err := migrations.Up(ctx, st.DB); err != nil {
		st.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return st, nil
}

// writeHeapProfile writes the allocations so far (pprof's allocs profile)
// to name.
func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	return errors.Join(pprof.Lookup("allocs").WriteTo(f, 0), f.Close())
}

// startCPUProfile writes a CPU profile to path until stop is called; with
// no path it does nothing.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
