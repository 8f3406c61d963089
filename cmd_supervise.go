package main

import (
	"context"
	"flag"
	"io"
	"strings"
	"time"

	"xietong/config"
	"xietong/domain"
)

// superviseCmd runs one supervision sweep as if it were TIME (default now):
// every ladder rung due by then is sent or skipped, and the mail queued for
// the relay of any running server. With --dry-run it prints what it would do
// and changes nothing: operators preview a policy change with it.
func (o *term) superviseCmd(ctx context.Context, cfg config.Config, clk clock, args []string) error {
	fs := flag.NewFlagSet("supervise", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	atText := fs.String("at", "", "")
	dry := fs.Bool("dry-run", false, "")
	fs.Func("lang", "", o.setLang)
	if err := fs.Parse(args); err != nil {
		return o.usageError("cli.supervise.bad_flags", err, o.T("cli.usage.supervise"))
	}
	if fs.NArg() > 0 {
		return o.usageError("cli.supervise.unexpected", fs.Arg(0), o.T("cli.usage.supervise"))
	}
	now := clk.now().In(cfg.Location)
	if *atText != "" {
		t, ok := parseInstant(*atText, cfg.Location)
		if !ok {
			return o.usageError("cli.supervise.bad_at", o.T("cli.bad_time", *atText, cfg.Location))
		}
		now = t
	}
	return withApp(ctx, cfg, clk, func(a app) error {
		res, err := a.supervision.Sweep(ctx, now, *dry)
		if err != nil {
			return o.describe(err)
		}
		o.printSweep(res, cfg.Location)
		return nil
	})
}

// instantLayouts are the forms --at accepts; those without a zone are read
// in the configured one.
var instantLayouts = []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"2006-01-02"}

// parseInstant reads an RFC 3339 instant or a local date and time; false
// means s is neither (the caller says so in the operator's language).
func parseInstant(s string, loc *time.Location) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), true
	}
	for _, l := range instantLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// printSweep writes a summary line and one line per decision. A decision's
// line has six tab-separated columns in either language: task, rung,
// action, due date, lead organisation, title and recipients.
func (o *term) printSweep(r domain.SweepResult, loc *time.Location) {
	mode := ""
	if r.DryRun {
		mode = o.T("cli.supervise.dry_run")
	}
	when := r.At.In(loc).Format("2006-01-02 15:04 MST")
	if !r.Open {
		o.say("cli.supervise.closed", when, mode)
		return
	}
	o.say("cli.supervise.summary", when, mode, r.Tasks, r.Sent, r.Skipped, r.Messages)
	for _, s := range r.Steps {
		what := o.T("cli.supervise.send")
		if s.Action == domain.LadderSkip {
			what = o.T("cli.supervise.skip", string(s.Reason))
		}
		to := ""
		switch {
		case len(s.Recipients) > 0:
			to = " -> " + strings.Join(s.Recipients, ", ")
		case s.Action == domain.LadderSend:
			to = " -> " + o.T("cli.supervise.nobody")
		}
		o.say("cli.supervise.step", s.TaskID, s.RungID, what, s.Due, s.LeadOrg, s.Title, to)
	}
}
