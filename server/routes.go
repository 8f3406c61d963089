package server

import (
	"github.com/labstack/echo/v4"
)

// api groups the JSON API handlers, so their names (handleOrgList, …) do
// not clash with the web UI's.
type api struct{ *Server }

// routes lists every path the server answers, in one place.
func (s *Server) routes(e *echo.Echo) {
	e.Use(s.requestID(), s.measure, s.recoverPanic(), s.accessLog, s.limitBody,
		s.securityHeaders, s.compress(), s.readinessGate, s.authenticate)

	e.GET("/healthz", s.handleHealthz)
	e.GET("/readyz", s.handleReadyz)
	e.GET("/metrics", s.handleMetrics())

	a := api{s}
	v1 := e.Group("/api/v1")
	v1.POST("/auth/login", a.handleLogin)

	g := v1.Group("", requireActor)
	g.POST("/auth/logout", a.handleLogout)
	g.GET("/me", a.handleMe)

	g.GET("/organization-types", a.handleOrgTypeList)
	g.GET("/organizations", a.handleOrgList)
	g.POST("/organizations", a.handleOrgCreate)
	g.GET("/organizations/:id", a.handleOrgGet)
	g.PATCH("/organizations/:id", a.handleOrgUpdate)

	g.GET("/communities", a.handleCommunityList)
	g.POST("/communities", a.handleCommunityCreate)
	g.GET("/communities/:id", a.handleCommunityGet)
	g.PATCH("/communities/:id", a.handleCommunityUpdate)

	g.GET("/users", a.handleUserList)
	g.POST("/users", a.handleUserCreate)
	g.GET("/users/:id", a.handleUserGet)
	g.PATCH("/users/:id", a.handleUserUpdate)

	g.GET("/calendar/years", a.handleCalendarYearList)
	g.GET("/calendar/years/:year", a.handleCalendarYearGet)
	g.PUT("/calendar/years/:year", a.handleCalendarYearPut)
	g.GET("/calendar/working-days", a.handleCalendarWorkingDays)
	g.GET("/calendar/add", a.handleCalendarAdd)

	g.GET("/audit", a.handleAuditList)

	// Unknown paths under /api/ need no catch-all route: the error handler
	// answers them with the JSON envelope, and metrics label them "unmatched".
	s.registerWeb(e)
}
