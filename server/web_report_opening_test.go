package server

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"xietong/domain/store/storetest"
)

// TestWebReportOpensOnAPeriodWithWork: with no period asked for, the page
// shows this month to date when it has work, else the last month that
// had; each overdue item links to its task.
func TestWebReportOpensOnAPeriodWithWork(t *testing.T) {
	w := newReportEnv(t, storetest.SQLite(t))
	b := w.webAs(t, "lead")
	for _, tt := range []struct {
		name  string
		now   time.Time
		head  string
		from  string
		tasks string // the due-in-period figure
	}{
		{"this month to date", time.Date(2025, 3, 10, 9, 0, 0, 0, storetest.Shanghai), "2025-03-01 至 2025-03-10", "2025-03-01", "2"},
		{"nothing since: March", time.Date(2025, 6, 16, 9, 0, 0, 0, storetest.Shanghai), "2025-03-01 至 2025-03-31", "2025-03-01", "3"},
		{"nothing in the past year", time.Date(2026, 8, 3, 9, 0, 0, 0, storetest.Shanghai), "2026-08-01 至 2026-08-03", "2026-08-01", "0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w.clock.Set(tt.now)
			doc := b.mustGet("/reports")
			if h := webText(doc.Find("#report-head")); !strings.Contains(h, tt.head) {
				t.Errorf("head: got %q, want %s", h, tt.head)
			}
			if got := doc.Find(`input[name="from"]`).AttrOr("value", ""); got != tt.from {
				t.Errorf("form's from: got %q, want %s", got, tt.from)
			}
			if got := webText(doc.Find(`#report-summary [data-figure="due_in_period"] .num`)); got != tt.tasks {
				t.Errorf("due in period: got %q, want %s", got, tt.tasks)
			}
			if dl := doc.Find(`a[href*="format=xlsx"]`).AttrOr("href", ""); !strings.Contains(dl, "from="+tt.from) {
				t.Errorf("workbook link: got %q", dl)
			}
			overdue := doc.Find(`#report-overdue tr[data-id="` + strconv.FormatInt(w.tasks[1], 10) + `"] a`)
			if got := overdue.AttrOr("href", ""); got != "/tasks/"+strconv.FormatInt(w.tasks[1], 10) {
				t.Errorf("overdue item's link: got %q", got)
			}
		})
	}
}
