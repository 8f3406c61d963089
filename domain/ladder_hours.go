package domain

import (
	"time"

	"xietong/domain/calendar"
)

// WorkingHours is the daily window in which ladder mail may go out, on
// working days: from Start to End (exclusive), measured on the wall clock
// from local midnight. The zero value means DefaultWorkingHours.
type WorkingHours struct {
	Start, End time.Duration
}

// DefaultWorkingHours returns 08:30–18:00.
func DefaultWorkingHours() WorkingHours {
	return WorkingHours{Start: 8*time.Hour + 30*time.Minute, End: 18 * time.Hour}
}

// Validate checks that the window lies within one day and is not empty.
func (h WorkingHours) Validate() error {
	if h.Start < 0 || h.End > 24*time.Hour || h.Start >= h.End {
		return Invalid("ladder.working_hours_invalid")
	}
	return nil
}

func (h WorkingHours) orDefault() WorkingHours {
	if h == (WorkingHours{}) {
		return DefaultWorkingHours()
	}
	return h
}

// clock returns the instant of wall-clock time x after midnight on day d in loc.
func clock(d Date, x time.Duration, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, int(x), loc)
}

// Open reports whether ladder mail may go out at t: a working day in loc,
// within the window.
func (h WorkingHours) Open(cal *calendar.Calendar, loc *time.Location, t time.Time) bool {
	h = h.orDefault()
	d := calendar.DateOf(t, loc)
	return cal.IsWorkingDay(d) && !t.Before(clock(d, h.Start, loc)) && t.Before(clock(d, h.End, loc))
}

// NextOpen returns t if the window is open at t, else the instant it next
// opens: Start on the same day if that is a working day still ahead, or
// Start on the next working day.
func (h WorkingHours) NextOpen(cal *calendar.Calendar, loc *time.Location, t time.Time) time.Time {
	h = h.orDefault()
	if h.Open(cal, loc, t) {
		return t
	}
	d := calendar.DateOf(t, loc)
	if s := clock(d, h.Start, loc); cal.IsWorkingDay(d) && t.Before(s) {
		return s
	}
	return clock(cal.NextWorkingDay(d.AddDays(1)), h.Start, loc)
}
