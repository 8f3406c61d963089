// Command xietong is the supervision server of the provincial housing
// department: "xietong serve" runs it; the other subcommands administer the
// same database. Everything is wired here and nowhere else.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"xietong/config"
	"xietong/domain"
	"xietong/domain/store"
	"xietong/migrations"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// exitCode is an error that carries the process exit status.
type exitCode struct {
	code int
	err  error
}

func (e *exitCode) Error() string { return e.err.Error() }
func (e *exitCode) Unwrap() error { return e.err }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	o, err := newTerm(os.Getenv, os.Stdout)
	if err == nil {
		err = o.run(ctx, os.Args[1:], os.Getenv, os.Stderr, wallClock())
	}
	stop()
	if err != nil {
		o.printError(os.Stderr, err)
		var ec *exitCode
		if errors.As(err, &ec) {
			os.Exit(ec.code)
		}
		os.Exit(1)
	}
}

// run is the whole program, callable from tests: args without the program
// name, the environment as a function, the two output streams, and the
// clock every part reads.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, clk clock) error {
	o, err := newTerm(getenv, stdout)
	if err != nil {
		return err
	}
	return o.run(ctx, args, getenv, stderr, clk)
}

// run is the program once the catalogue is loaded: global flags, then the
// subcommand, speaking to the operator through o.
func (o *term) run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, clk clock) error {
	args, err := o.langFlags(args)
	if err != nil {
		return err
	}
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(o.w, o.T("cli.usage"))
		return nil
	case "version", "--version":
		fmt.Fprintln(o.w, "xietong", version)
		return nil
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return &exitCode{code: 2, err: err}
	}
	log := newLogger(cfg.Log, stderr)
	switch cmd {
	case "serve":
		return serve(ctx, cfg, clk, log, o)
	case "migrate":
		return o.migrateCmd(ctx, cfg, clk, args)
	case "user":
		return o.userCmd(ctx, cfg, clk, args)
	case "token":
		return o.tokenCmd(ctx, cfg, clk, args)
	case "supervise":
		return o.superviseCmd(ctx, cfg, clk, args)
	case "campaign":
		return o.campaignCmd(ctx, cfg, clk, args)
	case "report":
		return o.reportCmd(ctx, cfg, clk, args, log)
	case "backup":
		return o.backupCmd(ctx, cfg, clk, args)
	case "restore":
		return o.restoreCmd(ctx, cfg, args)
	}
	return o.usageError("cli.unknown_command", cmd)
}

func newLogger(c config.Log, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.Level}
	if c.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// openStore opens the configured database; every transaction's instant
// comes from clk.
func openStore(cfg config.Config, clk clock) (*store.Store, error) {
	return store.Open(store.Options{Driver: cfg.Database.Driver, DSN: cfg.Database.URL.String(),
		SQLitePath: cfg.Database.SQLitePath, MaxOpenConns: cfg.Database.MaxOpenConns, Now: clk.now})
}

// prepare applies pending migrations and loads the reference data; every
// entry point calls it, and both steps are idempotent and safe to race.
func prepare(ctx context.Context, st *store.Store, now time.Time) (domain.SeedReport, error) {
	if _, err := migrations.Up(ctx, st.DB); err != nil {
		return domain.SeedReport{}, fmt.Errorf("apply migrations: %w", err)
	}
	r, err := domain.SeedReference(ctx, st, now)
	if err != nil {
		return r, fmt.Errorf("load reference data: %w", err)
	}
	return r, nil
}

// clock is the program's one view of time. Only main reads the wall clock
// (wallClock); every service, job and part gets this clock's now, so a
// test can run the whole program at a time of its choosing.
type clock struct {
	// now is the current instant.
	now func() time.Time
	// sleep waits d or until ctx ends: the slowdown of a failed sign-in.
	sleep func(ctx context.Context, d time.Duration)
}

// wallClock is the machine's clock.
func wallClock() clock { return clock{now: time.Now, sleep: sleep} }

// hashSlots is how many password hashes run at once: each holds argon2id's
// 64 MiB while it runs, so parallel sign-ins wait rather than add up.
const hashSlots = 2

// services builds the domain services over st.
func services(cfg config.Config, st *store.Store, clk clock) app {
	now := clk.now
	cal := &domain.CalendarService{Store: st, Now: now}
	tasks := &domain.TaskService{Store: st, Now: now, Calendar: cal, Location: cfg.Location}
	// The reports carry the progress to the campaign's target, as the dashboard counts it.
	progress := &domain.ProgressService{Store: st, Now: now, Location: cfg.Location}
	cal.AfterChange = tasks.RecomputeDeadlines
	pilots := pilotService(cfg, st, tasks, now)
	cases := caseService(cfg, st, now)
	return app{
		users: &domain.UserService{Store: st, Hasher: store.NewHashSlots(store.DefaultArgon2id(), hashSlots), Now: now,
			Policy: domain.LoginPolicy{MaxFailures: cfg.Auth.MaxLoginFailures, Window: cfg.Auth.LockoutDuration,
				Lockout: cfg.Auth.LockoutDuration},
			SessionTTL: cfg.Auth.SessionTTL, APITokenTTL: 90 * 24 * time.Hour, AuthCacheTTL: cfg.Auth.AuthCacheTTL,
			MinPasswordLength: cfg.Auth.MinPasswordLength, Sleep: clk.sleep},
		catalog:  &domain.CatalogService{Store: st, Now: now},
		calendar: cal,
		audit:    &domain.AuditService{Store: st},
		tasks:    tasks,
		hotspots: &domain.HotspotService{Store: st, Now: now, Tasks: tasks},

		attachments: &domain.AttachmentService{Store: st, Now: now, MaxSize: cfg.HTTP.UploadLimit, OrgQuota: cfg.Uploads.OrgQuota},
		outbox:      &domain.OutboxService{Store: st, Now: now},
		supervision: &domain.SupervisionService{Store: st, Calendar: cal, Location: cfg.Location, Now: now,
			Hours: domain.WorkingHours{Start: cfg.Schedule.LadderStart, End: cfg.Schedule.LadderEnd}},
		reports: &domain.ReportService{Store: st, Calendar: cal, Location: cfg.Location, Now: now, Progress: progress,
			Pilots: pilots, Cases: cases},
		standards: &domain.StandardService{Store: st, Now: now},
		progress:  progress,
		campaign: &domain.CampaignService{Store: st, Tasks: tasks, Now: now, Location: cfg.Location,
			NoticeDays: cfg.Applications.NoticeDays, StepDays: cfg.Applications.StepDays},
		policies: &domain.ReportPolicyService{Store: st},
		notices:  noticeService(cfg, st, now),
		pilots:   pilots,
		cases:    cases,
	}
}

type app struct {
	users    *domain.UserService
	catalog  *domain.CatalogService
	calendar *domain.CalendarService
	audit    *domain.AuditService
	tasks    *domain.TaskService
	hotspots *domain.HotspotService

	attachments *domain.AttachmentService
	outbox      *domain.OutboxService
	supervision *domain.SupervisionService
	reports     *domain.ReportService
	standards   *domain.StandardService
	progress    *domain.ProgressService
	campaign    *domain.CampaignService
	policies    *domain.ReportPolicyService
	notices     *domain.CampaignNoticeService
	pilots      *domain.PilotService
	cases       *domain.CaseService
}

// sleep waits d or until ctx ends: the login slowdown.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
