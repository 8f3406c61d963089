package domain

import "xietong/domain/calendar"

// DeadlineState is the traffic light a task list shows.
type DeadlineState string

// The deadline states.
const (
	OnTrack DeadlineState = "on_track"
	DueSoon DeadlineState = "due_soon" // within DueSoonWorkingDays working days
	Overdue DeadlineState = "overdue"
	// Done is the state of a closed task: no light.
	Done DeadlineState = "done"
)

// DueSoonWorkingDays is how close a deadline must be to turn the light amber.
const DueSoonWorkingDays = 3

// StateOf returns the deadline state of a task with deadline due and status
// s on day today. Lateness is counted in working days: a task is overdue
// once a working day has passed after its deadline, so a deadline on Friday
// is not overdue over the weekend, only from Monday.
func StateOf(cal *calendar.Calendar, s Status, due, today Date) DeadlineState {
	switch {
	case !s.IsOpen():
		return Done
	case due.Before(OverdueCutoff(cal, today)):
		return Overdue
	case cal.WorkingDaysBetween(today, due) <= DueSoonWorkingDays:
		return DueSoon
	}
	return OnTrack
}

// OverdueCutoff is the last working day on or before today: a deadline
// before it has at least one working day of lateness. Lists filter
// "overdue" with it so that they agree with StateOf and DaysOverdue.
func OverdueCutoff(cal *calendar.Calendar, today Date) Date {
	d := today
	for i := 0; i < 60 && !cal.IsWorkingDay(d); i++ {
		d = d.AddDays(-1)
	}
	return d
}

// DaysOverdue counts the working days after due up to and including today:
// 0 while the deadline has not passed.
func DaysOverdue(cal *calendar.Calendar, due, today Date) int {
	return max(0, cal.WorkingDaysBetween(due, today))
}
