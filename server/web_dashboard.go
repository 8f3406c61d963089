package server

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/server/svgchart"
)

// dashTop is how many items a dashboard list shows before "see all".
const dashTop = 5

// dashSoonDays is how far ahead, in calendar days, "due soon" looks.
const dashSoonDays = 7

// dashboardData is the home page: what waits for the signed-in user, by
// role. Each list shows its first items, each linked, and leads to the
// filtered list with all of them.
type dashboardData struct {
	Name     string // the user's display name
	Lists    []dashList
	ByOrg    *dashOrgs     // overdue work per department (bureau, leadership)
	Headline *dashHeadline // leadership's figures and trend
}

// dashList is one list of work waiting: its first dashTop items and the
// link to all of them.
type dashList struct {
	ID, TitleKey, EmptyKey, AllHref string
	Items                           []dashItem
	More                            bool // there are more than Items
}

// dashItem is a task or hot-spot of a list, with a line about it.
type dashItem struct {
	Href, Title, Sub string
	Light            light
}

// dashOrgs is the overdue work per lead organisation, most first.
type dashOrgs struct {
	Rows []dashOrgRow
	More int // organisations with overdue work beyond Rows
}

// dashOrgRow is one organisation's overdue count, linked to its list.
type dashOrgRow struct {
	Name, Href string
	N          int
}

// dashHeadline is leadership's headline: this month's figures to date and
// the trend of overdue work over the last weeks.
type dashHeadline struct {
	Period string
	Tiles  []reportTile
	Trend  template.HTML
}

// handleDashboard shows the signed-in user what waits for them.
func (s *Server) handleDashboard(c echo.Context) error {
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	u, err := s.deps.Users.User(ctx, a, a.UserID)
	if err != nil {
		return err
	}
	d := dashboardData{Name: u.DisplayName}
	if s.deps.Tasks != nil && s.deps.Hotspots != nil { // some test servers run without them
		if d, err = s.dashboardWork(ctx, a, loc, d); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "dashboard", s.newPage(c, "web.title.dashboard", d))
}

// dashboardWork fills the role's lists, and leadership's headline.
func (s *Server) dashboardWork(ctx context.Context, a domain.Actor, loc *Localizer, d dashboardData) (dashboardData, error) {
	dir, err := s.directory(ctx, a, loc.Lang)
	if err != nil {
		return d, err
	}
	tasks := func(id, title, empty string, f domain.TaskFilter, all string) error {
		l, err := s.dashTasks(ctx, a, loc, dir, f)
		l.ID, l.TitleKey, l.EmptyKey, l.AllHref = id, title, empty, all
		d.Lists = append(d.Lists, l)
		return err
	}
	hotspots := func(id, title, empty string, st domain.HotspotStatus) error {
		l, err := s.dashHotspots(ctx, a, dir, st)
		l.ID, l.TitleKey, l.EmptyKey, l.AllHref = id, title, empty, "/hotspots?status="+string(st)
		d.Lists = append(d.Lists, l)
		return err
	}
	switch a.Role {
	case domain.RoleAdmin, domain.RoleLead:
		err = firstErr(
			func() error {
				return tasks("dash-approve", "web.dashboard.approve", "web.dashboard.approve_none",
					domain.TaskFilter{Status: []domain.Status{domain.StatusSubmitted}}, "/tasks?status=submitted")
			},
			func() error { return s.dashByOrg(ctx, a, dir, &d) },
			func() error {
				return hotspots("dash-triage", "web.dashboard.triage", "web.dashboard.triage_none", domain.HotspotReported)
			})
	case domain.RoleDepartment:
		today := s.today()
		// Work the department still has to do: not what it has submitted.
		soon := domain.TaskFilter{Status: []domain.Status{domain.StatusAssigned, domain.StatusAccepted, domain.StatusInProgress},
			DueFrom: today, DueBefore: today.AddDays(dashSoonDays)}
		err = firstErr(
			func() error {
				return tasks("dash-accept", "web.dashboard.accept", "web.dashboard.accept_none",
					domain.TaskFilter{Status: []domain.Status{domain.StatusAssigned}}, "/tasks?status=assigned")
			},
			func() error {
				return tasks("dash-soon", "web.dashboard.soon", "web.dashboard.soon_none", soon,
					"/tasks?"+url.Values{"due_from": {today.String()}, "due_before": {soon.DueBefore.String()}}.Encode())
			},
			func() error {
				return tasks("dash-overdue", "web.dashboard.overdue", "web.dashboard.overdue_none",
					domain.TaskFilter{Overdue: true}, "/tasks?overdue=1")
			})
	case domain.RoleCommunity:
		err = firstErr(
			func() error {
				return hotspots("dash-feedback", "web.dashboard.feedback", "web.dashboard.feedback_none",
					domain.HotspotAwaitingFeedback)
			},
			func() error {
				return hotspots("dash-handling", "web.dashboard.handling", "web.dashboard.handling_none",
					domain.HotspotDispatched)
			})
	case domain.RoleLeadership:
		err = firstErr(
			func() error { return s.dashHeadline(ctx, a, loc, &d) },
			func() error {
				return tasks("dash-overdue", "web.dashboard.overdue_longest", "web.dashboard.overdue_none",
					domain.TaskFilter{Overdue: true}, "/tasks?overdue=1")
			},
			func() error { return s.dashByOrg(ctx, a, dir, &d) })
	}
	return d, err
}

// firstErr runs fs in order and stops at the first error.
func firstErr(fs ...func() error) error {
	for _, f := range fs {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}

// dashTasks lists the first tasks of f, soonest deadline first.
func (s *Server) dashTasks(ctx context.Context, a domain.Actor, loc *Localizer, dir *directory, f domain.TaskFilter) (dashList, error) {
	l, err := s.deps.Tasks.Tasks(ctx, a, f, domain.Page{Limit: dashTop})
	var out dashList
	for _, t := range l.Items {
		sub := dir.org(t.LeadOrgID) + " · " + loc.T("web.dashboard.due", fmtDay(loc, t.Due))
		out.Items = append(out.Items, dashItem{Href: "/tasks/" + strconv.FormatInt(t.ID, 10), Title: t.Title,
			Sub: sub, Light: lightOf(loc, t)})
	}
	out.More = l.Next != nil
	return out, err
}

// dashHotspots lists the first hot-spot issues in status st.
func (s *Server) dashHotspots(ctx context.Context, a domain.Actor, dir *directory, st domain.HotspotStatus) (dashList, error) {
	l, err := s.deps.Hotspots.Hotspots(ctx, a, domain.HotspotFilter{Status: st}, domain.Page{Limit: dashTop})
	var out dashList
	for _, h := range l.Items {
		out.Items = append(out.Items, dashItem{Href: "/hotspots/" + strconv.FormatInt(h.ID, 10), Title: h.Title,
			Sub: dir.community(h.CommunityID) + " · " + s.fmtTime(h.CreatedAt)})
	}
	out.More = l.Next != nil
	return out, err
}

// dashByOrg counts the overdue work per lead organisation.
func (s *Server) dashByOrg(ctx context.Context, a domain.Actor, dir *directory, d *dashboardData) error {
	counts, err := s.deps.Tasks.OverdueByOrg(ctx, a)
	if err != nil {
		return err
	}
	o := &dashOrgs{}
	for i, n := range counts {
		if i == 2*dashTop {
			o.More = len(counts) - i
			break
		}
		o.Rows = append(o.Rows, dashOrgRow{Name: dir.org(n.OrgID), N: n.N,
			Href: "/tasks?overdue=1&org=" + strconv.FormatInt(n.OrgID, 10)})
	}
	d.ByOrg = o
	return nil
}

// dashHeadline fills leadership's figures: open, overdue and this month's
// on-time closure rate as the supervision report counts them, and the
// weekly trend of overdue work. Servers without reports show none.
func (s *Server) dashHeadline(ctx context.Context, a domain.Actor, loc *Localizer, d *dashboardData) error {
	if s.deps.Reports == nil {
		return nil
	}
	h, err := s.deps.Reports.Headline(ctx, a)
	if err != nil {
		return err
	}
	m := h.Month
	v := &dashHeadline{Period: loc.T("web.dashboard.month_to_date", h.From.String(), h.To.String())}
	v.Tiles = []reportTile{
		{Name: "open", Key: "web.dashboard.fig_open", Value: strconv.Itoa(m.Open)},
		{Name: "open_overdue", Key: "web.dashboard.fig_overdue", Value: strconv.Itoa(m.OpenOverdue), Alert: m.OpenOverdue > 0},
		{Name: "on_time_rate", Key: "web.dashboard.fig_on_time", Value: reportPercent(m.OnTimeRate)},
		{Name: "due_in_period", Key: "web.dashboard.fig_due", Value: strconv.Itoa(m.DueInPeriod)},
	}
	var pts []svgchart.Point
	top := 0.0
	for _, w := range h.Weeks {
		pts = append(pts, svgchart.Point{Label: loc.T("web.dashboard.week_label", int(w.To.Month), w.To.Day),
			Value: float64(w.Overdue)})
		top = max(top, float64(w.Overdue))
	}
	first, last := "", ""
	if n := len(h.Weeks); n > 0 {
		first, last = h.Weeks[0].From.String(), h.Weeks[n-1].To.String()
	}
	v.Trend = svgchart.Line{ID: "chart-overdue-trend", Title: loc.T("web.dashboard.trend_title", domain.TrendWeeks),
		Desc: loc.T("web.dashboard.trend_desc", first, last, m.OpenOverdue), Points: pts, Max: max(top, 4),
		Width: 560, Height: 240, Empty: loc.T("web.dashboard.trend_none"),
		Format: func(f float64) string { return strconv.FormatFloat(f, 'f', 0, 64) }}.SVG()
	d.Headline = v
	return nil
}
