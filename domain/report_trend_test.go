package domain_test

import (
	"slices"
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
)

func TestWeeklyTrend(t *testing.T) {
	cal := calendar.New(calendar.Official()...)
	d := calendar.NewDate
	start := d(2025, 3, 3) // a Monday
	for _, tt := range []struct {
		name        string
		task        domain.ReportTask
		overdue     []int // per week, judged at its end
		due, onTime []int
	}{
		{"open, due in week 1", domain.ReportTask{AssignedOn: d(2025, 3, 3), Due: d(2025, 3, 5)},
			[]int{1, 1, 1}, []int{1, 0, 0}, []int{0, 0, 0}},
		{"closed on time in week 1", domain.ReportTask{AssignedOn: d(2025, 3, 3), Due: d(2025, 3, 5), ClosedOn: d(2025, 3, 4)},
			[]int{0, 0, 0}, []int{1, 0, 0}, []int{1, 0, 0}},
		{"closed late in week 2", domain.ReportTask{AssignedOn: d(2025, 3, 3), Due: d(2025, 3, 5), ClosedOn: d(2025, 3, 12)},
			[]int{1, 0, 0}, []int{1, 1, 0}, []int{0, 0, 0}},
		{"assigned in week 3, overdue on its Wednesday", domain.ReportTask{AssignedOn: d(2025, 3, 17), Due: d(2025, 3, 18)},
			[]int{0, 0, 1}, []int{0, 0, 1}, []int{0, 0, 0}},
		{"due in week 4, not begun", domain.ReportTask{AssignedOn: d(2025, 3, 17), Due: d(2025, 3, 24)},
			[]int{0, 0, 0}, []int{0, 0, 0}, []int{0, 0, 0}},
		{"another organisation's", domain.ReportTask{LeadOrgID: 9, AssignedOn: d(2025, 3, 3), Due: d(2025, 3, 5)},
			[]int{0, 0, 0}, []int{0, 0, 0}, []int{0, 0, 0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			task := tt.task
			if task.LeadOrgID == 0 {
				task.LeadOrgID = 1
			}
			in := domain.ReportInput{Orgs: []domain.ReportOrg{{ID: 1}}, Tasks: []domain.ReportTask{task},
				Today: d(2025, 3, 19)} // the Wednesday of week 3: it is judged on that day
			weeks := domain.WeeklyTrend(in, cal, start, 4)
			if len(weeks) != 3 {
				t.Fatalf("got %d weeks, want 3 (the fourth has not begun)", len(weeks))
			}
			var overdue, due, onTime []int
			for _, w := range weeks {
				overdue, due, onTime = append(overdue, w.Overdue), append(due, w.DueInPeriod), append(onTime, w.DueClosedOnTime)
			}
			if !slices.Equal(overdue, tt.overdue) || !slices.Equal(due, tt.due) || !slices.Equal(onTime, tt.onTime) {
				t.Errorf("overdue %v, due %v, on time %v; want %v, %v, %v", overdue, due, onTime, tt.overdue, tt.due, tt.onTime)
			}
		})
	}
}
