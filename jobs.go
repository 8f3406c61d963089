package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"xietong/config"
	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store"
	"xietong/notifications"
	"xietong/notifications/scheduler"
)

// The scheduled jobs' names: the keys of their claimed slots in job_runs.
const (
	jobSweep   = "supervision_sweep"
	jobWeekly  = "report_weekly"
	jobMonthly = "report_monthly"
	jobNaming  = "campaign_naming"
	jobCleanup = "cleanup"
)

// checkSchedule checks the configured cron specs, one line per variable
// that is wrong. Config keeps them as written; the scheduler owns the parser.
func checkSchedule(s config.Schedule) error {
	var errs []error
	for _, v := range []struct{ name, spec string }{
		{"XIETONG_SCHEDULE_SWEEP", s.Sweep},
		{"XIETONG_SCHEDULE_WEEKLY_REPORT", s.WeeklyReport},
		{"XIETONG_SCHEDULE_MONTHLY_REPORT", s.MonthlyReport},
		{"XIETONG_SCHEDULE_CLEANUP", s.Cleanup},
	} {
		if err := scheduler.CheckSpec(v.spec); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", v.name, err))
		}
	}
	return errors.Join(errs...)
}

// checkCampaignSchedule checks the campaign job's cron spec.
func checkCampaignSchedule(c config.Campaign) error {
	if err := scheduler.CheckSpec(c.NamingSchedule); err != nil {
		return fmt.Errorf("XIETONG_SCHEDULE_CAMPAIGN_NAMING: %w", err)
	}
	return nil
}

// newScheduler builds the scheduler of this process: the supervision sweep
// and the weekly and monthly reports, on the configured schedules. Every
// replica runs one; each scheduled run happens once, in whichever replica
// claims its slot first (notifications/scheduler).
func newScheduler(cfg config.Config, st *store.Store, a app, mailer *notifications.ReportMailer, now func() time.Time, log *slog.Logger) *scheduler.Scheduler {
	host, _ := os.Hostname()
	log = log.With("part", "scheduler") // each job adds its own "job"
	return &scheduler.Scheduler{Claims: st, Location: cfg.Location, Owner: fmt.Sprintf("%s:%d", host, os.Getpid()),
		Log: log, Now: now, Jobs: []scheduler.Job{
			{Name: jobSweep, Spec: cfg.Schedule.Sweep, CatchUp: 6 * time.Hour,
				// The sweep takes everything due by now, whatever slot
				// started it: a late or caught-up slot loses nothing.
				Run: func(ctx context.Context, _ time.Time) error {
					r, err := a.supervision.Sweep(ctx, now(), false)
					if err == nil {
						logSweep(log, r)
					}
					return err
				}},
			{Name: jobWeekly, Spec: cfg.Schedule.WeeklyReport, CatchUp: 3 * 24 * time.Hour,
				Run: reportJob(mailer, "weekly", log)},
			{Name: jobMonthly, Spec: cfg.Schedule.MonthlyReport, CatchUp: 7 * 24 * time.Hour,
				Due: firstWorkingDayOfMonth(a.calendar, cfg.Location), Run: reportJob(mailer, "monthly", log)},
			{Name: jobNaming, Spec: cfg.Campaign.NamingSchedule, CatchUp: 24 * time.Hour,
				// Each step is guarded by the row it changes, so a late or
				// repeated slot does nothing twice (CampaignNoticeService.Run).
				Run: func(ctx context.Context, _ time.Time) error {
					r, err := a.notices.Run(ctx, now(), false)
					if err == nil {
						log.Info("campaign job", "named", len(r.Named), "waiting", len(r.Waiting),
							"reassessing", len(r.Reassessing), "expired", len(r.Expired))
					}
					return err
				}},
			{Name: jobCleanup, Spec: cfg.Schedule.Cleanup, CatchUp: 24 * time.Hour,
				Run: cleanupJob(st, cfg.Mail.RawRetentionDays, now, log)},
		}}
}

// cleanupJob drops the text of mail sent more than retentionDays ago
// (XIETONG_MAIL_RAW_RETENTION_DAYS; 0 keeps it). A rerun finds nothing new.
func cleanupJob(st *store.Store, retentionDays int, now func() time.Time, log *slog.Logger) func(context.Context, time.Time) error {
	return func(ctx context.Context, _ time.Time) error {
		if retentionDays == 0 {
			return nil
		}
		before := now().AddDate(0, 0, -retentionDays)
		n, err := st.ForgetSentMail(ctx, before, 0)
		if err == nil {
			log.Info("cleanup", "mail_texts_dropped", n, "sent_before", before.Format(time.RFC3339))
		}
		return err
	}
}

// reportJob queues the report of the period before the slot: a rerun of the
// same slot makes the same report and queues nothing twice.
func reportJob(m *notifications.ReportMailer, period string, log *slog.Logger) func(context.Context, time.Time) error {
	return func(ctx context.Context, slot time.Time) error {
		sent, err := m.Send(ctx, period, slot)
		if err != nil {
			return err
		}
		log.Info("report queued", "period", period, "from", sent.Report.From.String(), "to", sent.Report.To.String(),
			"recipients", len(sent.Recipients))
		if len(sent.Recipients) == 0 {
			log.Warn("report has no recipient: no active leadership user has an address", "period", period)
		}
		return nil
	}
}

// firstWorkingDayOfMonth filters the monthly schedule's days (1–7 by
// default) down to the month's first working day on the official calendar.
// When the calendar cannot be read it lets the slot through, and the run
// fails and is retried, rather than skip the month's report.
func firstWorkingDayOfMonth(cs *domain.CalendarService, loc *time.Location) func(time.Time) bool {
	return func(slot time.Time) bool {
		cal, err := cs.Calendar(context.Background())
		if err != nil {
			return true
		}
		d := calendar.DateOf(slot, loc)
		return d == cal.NextWorkingDay(calendar.NewDate(d.Year, d.Month, 1))
	}
}

// logSweep records what a sweep did, warning about rungs that reached nobody.
func logSweep(log *slog.Logger, r domain.SweepResult) {
	if !r.Open {
		log.Info("sweep outside the send window", "at", r.At)
		return
	}
	log.Info("sweep", "tasks", r.Tasks, "sent", r.Sent, "skipped", r.Skipped, "messages", r.Messages)
	for _, s := range r.Steps {
		if s.Action == domain.LadderSend && len(s.Recipients) == 0 {
			log.Warn("ladder step reached nobody: the organisation has no active users or contact address",
				"task_id", s.TaskID, "rung", s.RungID, "lead_org", s.LeadOrg)
		}
	}
}

// lastRun reads a job's latest run from job_runs for the schedules page.
func lastRun(st *store.Store) scheduler.LastRun {
	return func(ctx context.Context, job string) (scheduler.RunRecord, bool, error) {
		runs, err := st.JobRuns(ctx, job, 1)
		if err != nil || len(runs) == 0 {
			return scheduler.RunRecord{}, false, err
		}
		r := runs[0]
		return scheduler.RunRecord{Slot: r.Slot, ClaimedAt: r.ClaimedAt, FinishedAt: r.FinishedAt,
			Attempts: r.Attempts, Error: r.LastError}, true, nil
	}
}
