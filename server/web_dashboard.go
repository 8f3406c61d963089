package server

import (
	"context"
	"net/http"

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
