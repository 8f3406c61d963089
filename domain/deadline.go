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
// s on day today. A task is overdue from the first day after its deadline.
func StateOf(cal *calendar.Calendar, s Status, due, today Date) DeadlineState {
	switch {
	case !s.IsOpen():
		return Done
	case today.After(due):
		return Overdue
	case cal.WorkingDaysBetween(today, due) <= DueSoonWorkingDays:
		return DueSoon
	}
	return OnTrack
}

// DaysOverdue counts the working days after due up to and including today:
// 0 while the deadline has not passed.
func DaysOverdue(cal *calendar.Calendar, due, today Date) int {
	return max(0, cal.WorkingDaysBetween(due, today))
}
