package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// campaignScopeKey caches the signed-in user's campaign scope for the
// request: the navigation and the hub both ask.
const campaignScopeKey = "xietong.campaign_scope"

// campaignScope returns the campaign scope of the signed-in user. For a
// department it depends on the organisation (a housing bureau takes part,
// other departments do not), which it reads; a failure to read it counts
// as no scope, so a page never fails for the navigation's sake.
func (s *Server) campaignScope(c echo.Context) domain.CampaignScope {
	if sc, ok := c.Get(campaignScopeKey).(domain.CampaignScope); ok {
		return sc
	}
	a := actorOf(c)
	var org domain.Organization
	if a.Role == domain.RoleDepartment && a.OrgID != 0 && s.deps.Catalog != nil {
		if o, err := s.deps.Catalog.Organization(c.Request().Context(), a, a.OrgID); err == nil {
			org = o
		}
	}
	sc := domain.CampaignScopeOf(a, org)
	c.Set(campaignScopeKey, sc)
	return sc
}

// inCampaign reports whether the signed-in user takes part in the campaign:
// everyone signed in but the departments that are not housing bureaus.
func (s *Server) inCampaign(c echo.Context) bool {
	a := actorOf(c)
	if a.Role == "" {
		return false
	}
	return a.Role != domain.RoleDepartment || !s.campaignScope(c).None()
}

// campaignLink is one thing the hub leads to.
type campaignLink struct {
	ID, Href   string
	Key, About string // catalogue keys of the link and the line under it
}

// campaignData is the campaign's hub page.
type campaignData struct {
	RoleKey string // what the campaign asks of the user, by role
	Links   []campaignLink
}

// handleCampaignPage explains the campaign in a few lines for the user's
// role and leads to what they can do in it.
func (s *Server) handleCampaignPage(c echo.Context) error {
	sc := s.campaignScope(c)
	d := campaignData{RoleKey: "web.campaign.role.none"}
	switch {
	case sc.Province:
		d.RoleKey = "web.campaign.role.province"
	case sc.Reader:
		d.RoleKey = "web.campaign.role.reader"
	case sc.Bureau():
		d.RoleKey = "web.campaign.role.bureau"
	case sc.CommunityID != 0:
		d.RoleKey = "web.campaign.role.community"
	}
	if s.deps.Standards != nil {
		about := "web.campaign.standards_read"
		if domain.CanEditStandards(actorOf(c)) {
			about = "web.campaign.standards_edit"
		}
		d.Links = append(d.Links, campaignLink{ID: "link-standards", Href: standardsPath,
			Key: "web.campaign.standards", About: about})
	}
	if !sc.None() {
		d.Links = append(d.Links, campaignLink{ID: "link-applications", Href: "/applications",
			Key: "web.campaign.applications", About: "web.campaign.applications_about"})
	}
	if s.deps.Pilots != nil && !sc.None() {
		d.Links = append(d.Links, campaignLink{ID: "link-pilots", Href: pilotsPath,
			Key: "web.pilot.heading", About: "web.pilot.hub_about"})
	}
	if s.deps.Cases != nil && !sc.None() {
		d.Links = append(d.Links, campaignLink{ID: "link-cases", Href: casesPath, Key: "web.campaign.cases",
			About: "web.campaign.cases_about"})
		if sc.Province || sc.Reader || sc.Bureau() {
			d.Links = append(d.Links, campaignLink{ID: "link-exchanges", Href: exchangesPath,
				Key: "web.campaign.exchanges", About: "web.campaign.exchanges_about"})
		}
	}
	d.Links = append(d.Links,
		campaignLink{ID: "link-notices", Href: "/public/notices", Key: "web.campaign.notices",
			About: "web.campaign.notices_about"},
		campaignLink{ID: "link-titles", Href: "/campaign/titles", Key: "web.campaign.titles",
			About: "web.campaign.titles_about"},
		campaignLink{ID: "link-register", Href: "/communities", Key: "web.campaign.register",
			About: "web.campaign.register_about"})
	return s.render(c, http.StatusOK, "campaign", s.newPage(c, "web.title.campaign", d))
}
