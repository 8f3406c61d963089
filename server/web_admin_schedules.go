package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// schedulesAdminPath is where the schedules page lives.
const schedulesAdminPath = "/admin/schedules"

// The schedules page (/admin/schedules): each periodic job with its cron
// spec, its next run in the configured zone, and its latest run with its
// outcome, read from the claims every replica writes. Read-only.

// scheduleRow is one job as the page shows it.
type scheduleRow struct {
	Name, NameKey, Spec string
	Next                string // "" when it never runs again
	LastSlot            string // "" when it never ran
	LastFinished        string
	Attempts            int
	// StateKey names the last run's outcome: finished, failed or running.
	StateKey string
	Error    string
}

// schedulesData is the page's content.
type schedulesData struct {
	Zone string
	Jobs []scheduleRow
}

// handleSchedulesPage lists the periodic jobs (admin).
func (s *Server) handleSchedulesPage(c echo.Context) error {
	if err := domain.Require(actorOf(c), domain.PermManageOutbox); err != nil {
		return err
	}
	jobs, err := s.deps.Schedules(c.Request().Context())
	if err != nil {
		return err
	}
	zone := s.deps.Location
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(zone).Format("2006-01-02 15:04")
	}
	d := schedulesData{Zone: zone.String()}
	for _, j := range jobs {
		r := scheduleRow{Name: j.Name, NameKey: "web.admin.schedules.job." + j.Name, Spec: j.Spec, Next: stamp(j.Next)}
		if j.Ran {
			r.LastSlot, r.LastFinished, r.Attempts, r.Error = stamp(j.Last.Slot), stamp(j.Last.FinishedAt),
				j.Last.Attempts, j.Last.Error
			switch {
			case !j.Last.FinishedAt.IsZero():
				r.StateKey = "web.admin.schedules.state.finished"
			case j.Last.Error != "":
				r.StateKey = "web.admin.schedules.state.failed"
			default:
				r.StateKey = "web.admin.schedules.state.running"
			}
		}
		d.Jobs = append(d.Jobs, r)
	}
	return s.render(c, http.StatusOK, "admin_schedules", s.newPage(c, "web.admin.title.schedules", d))
}
