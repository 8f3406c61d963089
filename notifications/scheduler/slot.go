package scheduler

import (
	"context"
	"iter"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// slots yields sched's slots in (from, to], oldest first; they are in the
// location of from.
func slots(sched cron.Schedule, from, to time.Time) iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		for t := sched.Next(from); !t.IsZero() && !t.After(to); t = sched.Next(t) {
			if !yield(t) {
				return
			}
		}
	}
}

// latest returns sched's last slot in (to-within, to] that keep accepts
// (nil keeps all). For a fire on time that is the fire time truncated to
// the schedule's minute (or second), whatever the fraction of a second the
// timer was late by. It looks back a minute, an hour, a day and then the
// whole window, so a frequent spec is not walked for a day on every fire.
func latest(sched cron.Schedule, to time.Time, within time.Duration, keep func(time.Time) bool) (time.Time, bool) {
	for _, w := range []time.Duration{time.Minute, time.Hour, 24 * time.Hour, within} {
		w = min(w, within)
		var last time.Time
		for t := range slots(sched, to.Add(-w), to) {
			if keep == nil || keep(t) {
				last = t
			}
		}
		if !last.IsZero() {
			return last, true
		}
		if w == within {
			break
		}
	}
	return time.Time{}, false
}

// cronLog lets robfig/cron log through slog. Its routine messages (start,
// wake, run, schedule) are debug; its "skip" (SkipIfStillRunning in
// robfig/cron v3 chain.go) is a warning, since a slot goes unrun here.
type cronLog struct{ log *slog.Logger }

func (l cronLog) Info(msg string, kv ...any) {
	if msg == "skip" {
		l.log.Warn("job still running, cron fire skipped")
		return
	}
	l.log.Log(context.Background(), slog.LevelDebug, "cron "+msg, kv...)
}

func (l cronLog) Error(err error, msg string, kv ...any) {
	l.log.Error("cron "+msg, append([]any{"err", err}, kv...)...)
}
