package domain_test

import (
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// TestDueDateOnRestDayMoves: a deadline given as a date on a rest day
// moves to the next working day and the answer says from where; one on a
// working day stays. 2025-10-01 (National Day) … 10-08 are holidays and
// Saturday 10-11 a 调休 working day.
func TestDueDateOnRestDayMoves(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	d := calendar.NewDate
	for _, tt := range []struct {
		given, want domain.Date
		moved       bool
	}{
		{d(2025, 10, 1), d(2025, 10, 9), true},    // National Day → the first working day after the holidays
		{d(2025, 10, 12), d(2025, 10, 13), true},  // a Sunday → Monday
		{d(2025, 10, 11), d(2025, 10, 11), false}, // a 调休 Saturday is a working day
		{d(2025, 10, 10), d(2025, 10, 10), false},
	} {
		got := w.mustTask(t, domain.CreateTask{DueDate: tt.given})
		if got.Due != tt.want || (!got.DueMovedFrom.IsZero()) != tt.moved || tt.moved && got.DueMovedFrom != tt.given {
			t.Errorf("%s: due %v, moved from %v; want %v (moved %v)", tt.given, got.Due, got.DueMovedFrom, tt.want, tt.moved)
		}
	}
}
