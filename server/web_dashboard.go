package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// dashboardData is the home page's content.
type dashboardData struct {
	Name          string // the user's display name
	Organizations int
	Communities   int
	Pilots        int
	CalendarYears int
	Work          workCounts
}

// workCounts are the dashboard's tiles of work waiting: open and overdue
// tasks in the user's scope, and hot-spot issues waiting for them (to be
// triaged by the bureau, to be judged by a community). Each is counted up
// to one page; a fuller count shows as "200+".
type workCounts struct {
	Tasks        bool
	Open         string
	Overdue      string
	Hotspots     bool
	HotspotKey   string // the tile's label
	HotspotHref  string
	HotspotCount string
}

// handleDashboard shows the signed-in user what the platform holds.
func (s *Server) handleDashboard(c echo.Context) error {
	ctx, a := c.Request().Context(), actorOf(c)
	u, err := s.deps.Users.User(ctx, a, a.UserID)
	if err != nil {
		return err
	}
	d, err := s.dashboardCounts(ctx, a)
	if err != nil {
		return err
	}
	d.Name = u.DisplayName
	if d.Work, err = s.workCounts(ctx, a); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "dashboard", s.newPage(c, "web.title.dashboard", d))
}

// dashboardCounts counts the catalogue and the loaded calendar years.
func (s *Server) dashboardCounts(ctx context.Context, a domain.Actor) (dashboardData, error) {
	var d dashboardData
	var err error
	cat := s.deps.Catalog
	if d.Organizations, err = countAll(func(p domain.Page) (domain.List[domain.Organization], error) {
		return cat.Organizations(ctx, a, domain.OrgFilter{}, p)
	}); err != nil {
		return d, err
	}
	if d.Communities, err = countAll(func(p domain.Page) (domain.List[domain.Community], error) {
		return cat.Communities(ctx, a, domain.CommunityFilter{}, p)
	}); err != nil {
		return d, err
	}
	pilot := true
	if d.Pilots, err = countAll(func(p domain.Page) (domain.List[domain.Community], error) {
		return cat.Communities(ctx, a, domain.CommunityFilter{Pilot: &pilot}, p)
	}); err != nil {
		return d, err
	}
	years, err := s.deps.Calendar.Years(ctx, a)
	d.CalendarYears = len(years)
	return d, err
}

// countAll counts a paginated list by walking it in the largest pages. The
// catalogue holds a few hundred rows, so this is a handful of queries.
func countAll[T any](fetch func(domain.Page) (domain.List[T], error)) (int, error) {
	n, p := 0, domain.Page{Limit: domain.MaxPageSize}
	for {
		l, err := fetch(p)
		if err != nil {
			return 0, err
		}
		n += len(l.Items)
		if l.Next == nil {
			return n, nil
		}
		p.After = *l.Next
	}
}

// workCounts counts the work waiting for a. Servers built without the task
// services (some tests) show no work tiles.
func (s *Server) workCounts(ctx context.Context, a domain.Actor) (workCounts, error) {
	var w workCounts
	if s.deps.Tasks == nil || s.deps.Hotspots == nil {
		return w, nil
	}
	capped := func(n int, more bool) string {
		if more {
			return strconv.Itoa(n) + "+"
		}
		return strconv.Itoa(n)
	}
	page := domain.Page{Limit: domain.MaxPageSize}
	if sc := domain.ScopeOf(a); sc.All || sc.OrgID != 0 {
		open := []domain.Status{domain.StatusAssigned, domain.StatusAccepted, domain.StatusInProgress, domain.StatusSubmitted}
		l, err := s.deps.Tasks.Tasks(ctx, a, domain.TaskFilter{Status: open}, page)
		if err != nil {
			return w, err
		}
		w.Tasks, w.Open = true, capped(len(l.Items), l.Next != nil)
		if l, err = s.deps.Tasks.Tasks(ctx, a, domain.TaskFilter{Overdue: true}, page); err != nil {
			return w, err
		}
		w.Overdue = capped(len(l.Items), l.Next != nil)
	}
	if _, ok := domain.HotspotScopeOf(a); ok {
		st, key := domain.HotspotReported, "web.dashboard.hotspots_reported"
		if a.Role == domain.RoleCommunity {
			st, key = domain.HotspotAwaitingFeedback, "web.dashboard.hotspots_feedback"
		}
		l, err := s.deps.Hotspots.Hotspots(ctx, a, domain.HotspotFilter{Status: st}, page)
		if err != nil {
			return w, err
		}
		w.Hotspots, w.HotspotKey, w.HotspotHref = true, key, "/hotspots?status="+string(st)
		w.HotspotCount = capped(len(l.Items), l.Next != nil)
	}
	return w, nil
}
