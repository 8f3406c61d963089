package server

import (
	"strings"
	"testing"

	"xietong/domain/store/storetest"
)

// TestTaskDueDateOnHoliday: a due_date on a public holiday moves to the
// next working day, and the answer says so and why, in the request's
// language; a working day stays and says nothing.
func TestTaskDueDateOnHoliday(t *testing.T) {
	w := newTaskEnv(t, storetest.SQLite(t))
	got := w.createTask(t, map[string]any{"due_in_working_days": nil, "due_date": "2025-10-01"})
	if got.DueDate != "2025-10-09" || got.DueDateMovedFrom == nil || *got.DueDateMovedFrom != "2025-10-01" ||
		got.DueDateNote == nil || !strings.Contains(*got.DueDateNote, "民法典") || !strings.Contains(*got.DueDateNote, "2025-10-09") {
		t.Errorf("holiday: due %s, moved from %v, note %v", got.DueDate, got.DueDateMovedFrom, got.DueDateNote)
	}
	got = w.createTask(t, map[string]any{"due_in_working_days": nil, "due_date": "2025-10-10"})
	if got.DueDate != "2025-10-10" || got.DueDateMovedFrom != nil || got.DueDateNote != nil {
		t.Errorf("working day: %+v", got)
	}
}
