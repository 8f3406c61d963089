package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// api groups the JSON API handlers, so their names (handleOrgList, …) do
// not clash with the web UI's.
type api struct{ *Server }

// routes lists every path the server answers, in one place.
func (s *Server) routes(e *echo.Echo) {
	e.Use(s.requestID(), s.measure, s.recoverPanic(), s.accessLog, s.limitBody,
		s.securityHeaders, rejectNUL, s.compress(), s.readinessGate, s.authenticate)

	e.GET("/healthz", s.handleHealthz)
	e.GET("/readyz", s.handleReadyz)
	e.GET("/metrics", s.handleMetrics())

	a := api{s}
	e.POST("/api/v1/auth/login", a.handleLogin)

	// Every other API route needs a signed-in user. requireActor is added
	// per route, not with Group.Use, which would register a catch-all route
	// and turn unknown paths and wrong methods into 401s.
	v1 := func(method, path string, h echo.HandlerFunc) {
		e.Add(method, "/api/v1"+path, h, requireActor)
	}
	v1(http.MethodPost, "/auth/logout", a.handleLogout)
	v1(http.MethodGet, "/me", a.handleMe)

	v1(http.MethodGet, "/organization-types", a.handleOrgTypeList)
	v1(http.MethodGet, "/organizations", a.handleOrgList)
	v1(http.MethodPost, "/organizations", a.handleOrgCreate)
	v1(http.MethodGet, "/organizations/:id", a.handleOrgGet)
	v1(http.MethodPatch, "/organizations/:id", a.handleOrgUpdate)

	v1(http.MethodGet, "/communities", a.handleCommunityList)
	v1(http.MethodPost, "/communities", a.handleCommunityCreate)
	v1(http.MethodGet, "/communities/:id", a.handleCommunityGet)
	v1(http.MethodPatch, "/communities/:id", a.handleCommunityUpdate)

	v1(http.MethodGet, "/users", a.handleUserList)
	v1(http.MethodPost, "/users", a.handleUserCreate)
	v1(http.MethodGet, "/users/:id", a.handleUserGet)
	v1(http.MethodPatch, "/users/:id", a.handleUserUpdate)

	v1(http.MethodGet, "/calendar/years", a.handleCalendarYearList)
	v1(http.MethodGet, "/calendar/years/:year", a.handleCalendarYearGet)
	v1(http.MethodPut, "/calendar/years/:year", a.handleCalendarYearPut)
	v1(http.MethodGet, "/calendar/working-days", a.handleCalendarWorkingDays)
	v1(http.MethodGet, "/calendar/add", a.handleCalendarAdd)

	v1(http.MethodGet, "/audit", a.handleAuditList)

	v1(http.MethodGet, "/tasks", a.handleTaskList)
	v1(http.MethodPost, "/tasks", a.handleTaskCreate)
	v1(http.MethodGet, "/tasks/:id", a.handleTaskGet)
	v1(http.MethodPost, "/tasks/:id/actions", a.handleTaskAction)

	v1(http.MethodGet, "/hotspots", a.handleHotspotList)
	v1(http.MethodPost, "/hotspots", a.handleHotspotCreate)
	v1(http.MethodGet, "/hotspots/:id", a.handleHotspotGet)
	v1(http.MethodPost, "/hotspots/:id/dispatch", a.handleHotspotDispatch)
	v1(http.MethodPost, "/hotspots/:id/reject", a.handleHotspotReject)
	v1(http.MethodPost, "/hotspots/:id/feedback", a.handleHotspotFeedback)
	s.registerAttachments(e)
	s.registerInbound(e)
	s.registerOutbox(e)
	s.registerReports(e)
	s.registerLadder(e)

	// Unknown paths under /api/ need no catch-all route: the error handler
	// answers them with the JSON envelope, and metrics label them "unmatched".
	s.registerWeb(e)
}
