package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"xietong/config"
	"xietong/domain"
)

const superviseUsage = "usage: xietong supervise [--at TIME] [--dry-run]"

// superviseCmd runs one supervision sweep as if it were TIME (default now):
// every ladder rung due by then is sent or skipped, and the mail queued for
// the relay of any running server. With --dry-run it prints what it would do
// and changes nothing: operators preview a policy change with it.
func superviseCmd(ctx context.Context, cfg config.Config, clk clock, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("supervise", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	atText := fs.String("at", "", "")
	dry := fs.Bool("dry-run", false, "")
	if err := fs.Parse(args); err != nil {
		return usageError("supervise: %v; %s", err, superviseUsage)
	}
	if fs.NArg() > 0 {
		return usageError("supervise: unexpected argument %q; %s", fs.Arg(0), superviseUsage)
	}
	now := clk.now().In(cfg.Location)
	if *atText != "" {
		t, err := parseInstant(*atText, cfg.Location)
		if err != nil {
			return usageError("supervise: --at: %v", err)
		}
		now = t
	}
	return withApp(ctx, cfg, clk, func(a app) error {
		res, err := a.supervision.Sweep(ctx, now, *dry)
		if err != nil {
			return err
		}
		printSweep(stdout, res, cfg.Location)
		return nil
	})
}

// instantLayouts are the forms --at accepts; those without a zone are read
// in the configured one.
var instantLayouts = []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"2006-01-02"}

// parseInstant reads an RFC 3339 instant or a local date and time.
func parseInstant(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	for _, l := range instantLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: use 2025-03-12T09:00 (%s) or RFC 3339", s, loc)
}

// printSweep writes a summary line and one line per decision.
func printSweep(w io.Writer, r domain.SweepResult, loc *time.Location) {
	mode := ""
	if r.DryRun {
		mode = " (dry run: nothing changed)"
	}
	when := r.At.In(loc).Format("2006-01-02 15:04 MST")
	if !r.Open {
		fmt.Fprintf(w, "sweep at %s%s: outside the send window (working days, working hours): nothing to do\n", when, mode)
		return
	}
	fmt.Fprintf(w, "sweep at %s%s: %d tasks looked at, %d steps sent, %d skipped, %d messages queued\n",
		when, mode, r.Tasks, r.Sent, r.Skipped, r.Messages)
	for _, s := range r.Steps {
		what := "send"
		if s.Action == domain.LadderSkip {
			what = "skip (" + string(s.Reason) + ")"
		}
		to := ""
		switch {
		case len(s.Recipients) > 0:
			to = " -> " + strings.Join(s.Recipients, ", ")
		case s.Action == domain.LadderSend:
			to = " -> nobody: the organisation has no active users or contact address"
		}
		fmt.Fprintf(w, "task %d\t%s\t%s\tdue %s\t%s\t%s%s\n", s.TaskID, s.RungID, what, s.Due, s.LeadOrg, s.Title, to)
	}
}
