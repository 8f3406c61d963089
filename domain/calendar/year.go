package calendar

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Kind says how an official schedule changes a day.
type Kind string

const (
	// Holiday marks a day off. On a weekday it removes a working day; on a
	// weekend day it only names the day as part of a holiday period.
	Holiday Kind = "holiday"
	// Workday marks a Saturday or Sunday that is worked to make up for a
	// holiday (调休/补班).
	Workday Kind = "workday"
)

// Day is one entry of a published schedule. A Workday carries the name of
// the holiday period it makes up for.
type Day struct {
	Date   Date
	Kind   Kind
	Name   string // as in the notice, e.g. "春节"
	NameEn string // e.g. "Spring Festival"
}

// Year is one year's official schedule: the days that differ from plain
// Monday–Friday, with every day of each holiday period listed as a Holiday.
type Year struct {
	Year int
	// Source names the notice the schedule comes from: its title and, when
	// known, its document number (e.g. 国办发明电〔2024〕12号).
	Source string
	Days   []Day
}

// Validate reports every problem with y, joined into one error: a year
// outside 1–9999, a date that does not exist or lies outside y.Year, an
// unknown kind, a date listed twice, or a Workday that is not a Saturday or
// Sunday. It returns nil for a schedule that New can use as it is.
func (y Year) Validate() error {
	if y.Year < 1 || y.Year > 9999 {
		return fmt.Errorf("calendar: schedule year %d is outside 1-9999", y.Year)
	}
	var errs []error
	bad := func(i int, format string, args ...any) {
		prefix := fmt.Sprintf("calendar: %d schedule: day %d (%v %s %q): ", y.Year, i+1, y.Days[i].Date, y.Days[i].Kind, y.Days[i].Name)
		errs = append(errs, errors.New(prefix+fmt.Sprintf(format, args...)))
	}
	seen := make(map[Date]int, len(y.Days))
	for i, d := range y.Days {
		switch {
		case d.Date.IsZero():
			bad(i, "no date")
			continue
		case NewDate(d.Date.Year, d.Date.Month, d.Date.Day) != d.Date:
			bad(i, "no such date")
			continue
		case d.Date.Year != y.Year:
			bad(i, "not in %d", y.Year)
		}
		switch d.Kind {
		case Holiday:
		case Workday:
			if wd := d.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
				bad(i, "a workday must be a Saturday or Sunday, this is a %v", wd)
			}
		default:
			bad(i, "unknown kind %q, want %q or %q", d.Kind, Holiday, Workday)
		}
		if j, dup := seen[d.Date]; dup {
			bad(i, "date already listed as day %d", j+1)
		} else {
			seen[d.Date] = i
		}
	}
	return errors.Join(errs...)
}

// clone returns a copy of y that shares no memory with it.
func (y Year) clone() Year {
	y.Days = slices.Clone(y.Days)
	return y
}
