package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"xietong/config"
	"xietong/domain"
	"xietong/notifications"
	"xietong/notifications/mail"
	"xietong/notifications/xlsx"
)

// reportCmd is "report send": the province's weekly or monthly supervision
// report for the period before TIME (default now), queued for every active
// leadership user as the scheduled job would, then delivered: the command
// runs the mail relay until the queue holds nothing due (at most a
// minute), so the report goes out now even with no server running. With
// --queue-only it leaves delivery to the servers' relays. Rerunning it for
// the same period queues nothing twice.
func (o *term) reportCmd(ctx context.Context, cfg config.Config, clk clock, args []string, log *slog.Logger) error {
	if len(args) == 0 || args[0] != "send" {
		return o.usageError("cli.usage.report")
	}
	fs := flag.NewFlagSet("report send", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	period := fs.String("period", "", "")
	atText := fs.String("at", "", "")
	queueOnly := fs.Bool("queue-only", false, "")
	fs.Func("lang", "", o.setLang)
	if err := fs.Parse(args[1:]); err != nil {
		return o.usageError("cli.report.bad_flags", err, o.T("cli.usage.report"))
	}
	if fs.NArg() > 0 {
		return o.usageError("cli.report.unexpected", fs.Arg(0), o.T("cli.usage.report"))
	}
	summary := map[string]string{"weekly": "cli.report.summary_weekly", "monthly": "cli.report.summary_monthly"}[*period]
	if summary == "" {
		return o.usageError("cli.report.bad_period", o.T("cli.usage.report"))
	}
	at := clk.now().In(cfg.Location)
	if *atText != "" {
		t, ok := parseInstant(*atText, cfg.Location)
		if !ok {
			return o.usageError("cli.report.bad_at", o.T("cli.bad_time", *atText, cfg.Location))
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
	rd, err := mail.NewRenderer(o.cat)
	if err != nil {
		return err
	}
	a := services(cfg, st, clk)
	mailer := &notifications.ReportMailer{Reports: a.reports, Store: st, Renderer: rd,
		Workbooks: xlsx.NewWriter(o.cat), BaseURL: cfg.BaseURL, Now: clk.now}
	sent, err := mailer.Send(ctx, *period, at)
	if err != nil {
		return o.describe(err)
	}
	r := sent.Report
	rate := "—" // nothing due: no rate, never 0%
	if r.Total.OnTimeRate != nil {
		rate = strconv.FormatFloat(*r.Total.OnTimeRate*100, 'f', 1, 64) + "%"
	}
	o.say(summary, r.From, r.To, r.Total.DueInPeriod, rate, r.Total.Assigned, r.Total.Closed, r.Total.OpenOverdue,
		r.Policy.Version)
	if len(sent.Recipients) == 0 {
		o.say("cli.report.none")
		return nil
	}
	if sent.Queued == 0 {
		o.say("cli.report.nothing_new", len(sent.Recipients))
	} else {
		o.say("cli.report.queued", sent.Queued, strings.Join(sent.Recipients, ", "))
	}
	if *queueOnly {
		return nil
	}
	key, err := secretKey(ctx, cfg, st, clk.now())
	if err != nil {
		return err
	}
	relay := newRelay(cfg, st, tr, rd, key, clk.now, log, nil)
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
	o.say("cli.report.delivered", total, relay.Transport.Name())
	pending, err := st.Outbox(ctx, domain.OutboxFilter{Status: domain.OutboxQueued}, domain.Page{Limit: 1})
	if err == nil && len(pending) > 0 {
		o.say("cli.report.retry_pending")
	}
	return nil
}
