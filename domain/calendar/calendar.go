package calendar

import (
	"cmp"
	"slices"
	"time"
)

// Calendar answers working-day questions from the schedules it was built
// with. A year with no schedule loaded counts Monday to Friday as working
// days, and answers that depend on it are provisional. A Calendar never
// changes after New and is safe for concurrent use.
type Calendar struct {
	years  []Year // loaded schedules, sorted by Year, owned by the Calendar
	loaded []int  // years of the loaded schedules, sorted

	// The days whose working status differs from Monday–Friday: weekday
	// holidays and weekend workdays. flipped answers "is z one of them?";
	// shifts lists them sorted by day number, and before[i] is the sum of the
	// changes (-1 for a holiday, +1 for a workday) of shifts[:i].
	flipped map[int]bool
	shifts  []int
	before  []int
}

// linearMax is the largest n for which AddWorkingDays walks day by day; past
// it, a binary search over the working-day count is cheaper.
const linearMax = 16

// New returns a Calendar built from the given schedules. It trusts them as
// Year.Validate would: when a year is given twice the later schedule wins,
// and entries that Validate rejects for a wrong date or kind are ignored.
// New copies what it keeps, so callers may reuse years afterwards.
func New(years ...Year) *Calendar {
	byYear := make(map[int]Year, len(years))
	for _, y := range years {
		byYear[y.Year] = y
	}
	c := &Calendar{flipped: make(map[int]bool)}
	type shift struct{ day, delta int }
	var shifts []shift
	for _, y := range byYear {
		y = y.clone()
		c.years = append(c.years, y)
		c.loaded = append(c.loaded, y.Year)
		kinds := make(map[int]Kind, len(y.Days))
		for _, d := range y.Days {
			if d.Date.Year != y.Year || NewDate(d.Date.Year, d.Date.Month, d.Date.Day) != d.Date {
				continue
			}
			if d.Kind == Holiday || d.Kind == Workday {
				kinds[d.Date.days()] = d.Kind
			}
		}
		for z, k := range kinds {
			switch weekend := isWeekend(z); {
			case k == Holiday && !weekend:
				shifts = append(shifts, shift{z, -1})
			case k == Workday && weekend:
				shifts = append(shifts, shift{z, +1})
			}
		}
	}
	slices.SortFunc(c.years, func(a, b Year) int { return cmp.Compare(a.Year, b.Year) })
	slices.Sort(c.loaded)
	slices.SortFunc(shifts, func(a, b shift) int { return cmp.Compare(a.day, b.day) })
	c.shifts = make([]int, len(shifts))
	c.before = make([]int, len(shifts)+1)
	for i, s := range shifts {
		c.flipped[s.day] = true
		c.shifts[i] = s.day
		c.before[i+1] = c.before[i] + s.delta
	}
	return c
}

// Loaded reports whether the schedule for year is loaded. Answers about the
// days of a year that is not loaded are provisional.
func (c *Calendar) Loaded(year int) bool {
	_, ok := slices.BinarySearch(c.loaded, year)
	return ok
}

// IsWorkingDay reports whether d is a working day: Monday to Friday unless the
// schedule makes it a holiday, or a weekend day the schedule makes a workday.
func (c *Calendar) IsWorkingDay(d Date) bool {
	return c.working(d.days())
}

// AddWorkingDays returns the n-th working day after start. The start day
// itself does not count: a task assigned on Friday 2025-01-24 "within 1
// working day" is due on the 调休 Sunday 2025-01-26. provisional is true when
// a day counted, one in (start, end], lies in a year whose schedule is not
// loaded. For n <= 0 it returns start, not provisional.
func (c *Calendar) AddWorkingDays(start Date, n int) (end Date, provisional bool) {
	if n <= 0 {
		return start, false
	}
	s := start.days()
	var z int
	if n <= linearMax {
		z = s
		for left := n; left > 0; {
			z++
			if c.working(z) {
				left--
			}
		}
	} else {
		z = c.reach(s, c.count(s)+n)
	}
	end = fromDays(z)
	return end, !c.allLoaded(fromDays(s+1).Year, end.Year)
}

// reach returns the first day after s on which count reaches target, which
// must be greater than count(s). Since count grows by one on each working day
// and stays flat otherwise, that day is a working day.
func (c *Calendar) reach(s, target int) int {
	lo, hi := s, s+2*(target-c.count(s))+14 // count(lo) < target
	for c.count(hi) < target {
		lo, hi = hi, s+2*(hi-s)
	}
	for hi-lo > 1 { // count(lo) < target <= count(hi)
		mid := lo + (hi-lo)/2
		if c.count(mid) >= target {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// WorkingDaysBetween returns the number of working days d with a < d <= b,
// or minus the number in b < d <= a when b is before a, and 0 when a == b.
// WorkingDaysBetween(deadline, today) is how many working days a task is
// overdue; WorkingDaysBetween(today, deadline) how many it has left.
func (c *Calendar) WorkingDaysBetween(a, b Date) int {
	return c.count(b.days()) - c.count(a.days())
}

// NextWorkingDay returns d if it is a working day, else the first working
// day after it.
func (c *Calendar) NextWorkingDay(d Date) Date {
	z := d.days()
	for !c.working(z) {
		z++
	}
	return fromDays(z)
}

// Years returns copies of the loaded schedules, sorted by year.
func (c *Calendar) Years() []Year {
	out := make([]Year, len(c.years))
	for i, y := range c.years {
		out[i] = y.clone()
	}
	return out
}

// working reports whether day number z is a working day.
func (c *Calendar) working(z int) bool {
	return !isWeekend(z) != c.flipped[z]
}

// count returns the number of working days from a fixed origin up to and
// including day number z, for taking differences: the Monday–Friday days
// counted arithmetically by whole weeks, corrected by the schedule's shifts
// on or before z.
func (c *Calendar) count(z int) int {
	k := z - 4 // days since Monday 1970-01-05
	weeks, dow := floorDiv(k, 7), floorMod(k, 7)
	n := 5*weeks + min(dow+1, 5)
	i, found := slices.BinarySearch(c.shifts, z)
	if found {
		i++
	}
	return n + c.before[i]
}

// allLoaded reports whether every year from y1 to y2 is loaded.
func (c *Calendar) allLoaded(y1, y2 int) bool {
	i, ok := slices.BinarySearch(c.loaded, y1)
	j := i + (y2 - y1)
	return ok && j < len(c.loaded) && c.loaded[j] == y2
}

func isWeekend(z int) bool {
	wd := weekday(z)
	return wd == time.Saturday || wd == time.Sunday
}
