package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"xietong/config"
	"xietong/domain"
	"xietong/notifications"
	"xietong/notifications/i18n"
	"xietong/notifications/mail"
	"xietong/notifications/xlsx"
)

const reportUsage = "usage: xietong report send --period weekly|monthly [--at TIME] [--queue-only]"

// reportCmd is "report send": the province's weekly or monthly supervision
// report for the period before TIME (default now), queued for every active
// leadership user as the scheduled job would, then delivered: the command
// runs the mail relay until the queue holds nothing due (at most a
// minute), so the report goes out now even with no server running. With
// --queue-only it leaves delivery to the servers' relays. Rerunning it for
// the same period queues nothing twice.
func reportCmd(ctx context.Context, cfg config.Config, clk clock, args []string, stdout io.Writer, log *slog.Logger) error {
	if len(args) == 0 || args[0] != "send" {
		return usageError(reportUsage)
	}
	fs := flag.NewFlagSet("report send", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	period := fs.String("period", "", "")
	atText := fs.String("at", "", "")
	queueOnly := fs.Bool("queue-only", false, "")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError("report send: %v; %s", err, reportUsage)
	}
	if fs.NArg() > 0 {
		return usageError("report send: unexpected argument %q; %s", fs.Arg(0), reportUsage)
	}
	if *period != "weekly" && *period != "monthly" {
		return usageError("report send: --period must be weekly or monthly; %s", reportUsage)
	}
	at := clk.now().In(cfg.Location)
	if *atText != "" {
		t, err := parseInstant(*atText, cfg.Location)
		if err != nil {
			return usageError("report send: --at: %v", err)
		}
		at = t
	}
	tr, err := newTransport(cfg.Mail)
	if err != nil {
		return &exitCode{code: 2, err: err}
	}
	st, err := openStore(cfg, clk)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := prepare(ctx, st, clk.now()); err != nil {
		return err
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	rd, err := mail.NewRenderer(cat)
	if err != nil {
		return err
	}
	a := services(cfg, st, clk)
	mailer := &notifications.ReportMailer{Reports: a.reports, Store: st, Renderer: rd,
		Workbooks: xlsx.NewWriter(cat), BaseURL: cfg.BaseURL, Now: clk.now}
	sent, err := mailer.Send(ctx, *period, at)
	if err != nil {
		return describe(err)
	}
	r := sent.Report
	fmt.Fprintf(stdout, "%s report %s to %s: %d tasks assigned, %d closed, %d open and overdue\n",
		*period, r.From, r.To, r.Total.Assigned, r.Total.Closed, r.Total.OpenOverdue)
	if len(sent.Recipients) == 0 {
		fmt.Fprintln(stdout, "no active leadership user has an email address: nothing queued")
		return nil
	}
	fmt.Fprintf(stdout, "queued for %d leadership users: %s\n", len(sent.Recipients), strings.Join(sent.Recipients, ", "))
	if *queueOnly {
		return nil
	}
	key, err := secretKey(ctx, cfg, st, clk.now())
	if err != nil {
		return err
	}
	relay := newRelay(cfg, st, tr, rd, key, clk.now, log)
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	total := 0
	for {
		n, err := relay.RunOnce(dctx)
		total += n
		if err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				break
			}
			return fmt.Errorf("deliver: %w", err)
		}
		if n == 0 {
			break
		}
	}
	fmt.Fprintf(stdout, "delivered the mail queue (%d messages handed to %s); see /admin/mail for each outcome\n",
		total, relay.Transport.Name())
	pending, err := st.Outbox(ctx, domain.OutboxFilter{Status: domain.OutboxQueued}, domain.Page{Limit: 1})
	if err == nil && len(pending) > 0 {
		fmt.Fprintln(stdout, "some messages wait for a retry; a running server's relay will send them")
	}
	return nil
}
