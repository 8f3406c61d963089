package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// api groups the JSON API handlers, so their names (handleOrgList, …) do
// not clash with the web UI's.
type api struct{ *Server }

// reportPath is the supervision report's endpoint; the report page links
// to its workbook.
const reportPath = "/api/v1/reports/supervision"

// routes lists every path the server answers, in one place: this file.
// A route whose service is not configured (Deps fields that may be nil) is
// not registered, so it answers 404 rather than failing inside.
func (s *Server) routes(e *echo.Echo) {
	e.Use(s.requestID(), s.measure, s.recoverPanic(), s.accessLog, s.limitBody,
		s.securityHeaders, rejectNUL, s.readinessGate, s.authenticate)

	e.GET("/healthz", s.handleHealthz)
	e.GET("/readyz", s.handleReadyz)
	e.GET("/metrics", s.handleMetrics())

	s.apiRoutes(e)
	// Unknown paths under /api/ need no catch-all route: the error handler
	// answers them with the JSON envelope, and metrics label them "unmatched".
	s.webRoutes(e)
}

// apiRoutes adds the JSON API under /api/v1.
func (s *Server) apiRoutes(e *echo.Echo) {
	a := api{s}
	e.GET(openAPIPath, s.handleOpenAPI) // the API's own description: no sign-in
	e.POST("/api/v1/auth/login", a.handleLogin)

	// Every other API route but the inbound hook needs a signed-in user.
	// requireActor is added per route, not with Group.Use, which would
	// register a catch-all route and turn unknown paths and wrong methods
	// into 401s.
	v1 := func(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
		e.Add(method, "/api/v1"+path, h, append([]echo.MiddlewareFunc{requireActor}, m...)...)
	}
	v1(http.MethodPost, "/auth/logout", a.handleLogout)
	v1(http.MethodGet, "/me", a.handleMe)

	v1(http.MethodGet, "/organization-types", a.handleOrgTypeList)
	v1(http.MethodGet, "/organizations", a.handleOrgList)
	v1(http.MethodPost, "/organizations", a.handleOrgCreate)
	v1(http.MethodPost, "/organizations/import", a.handleOrgImport)
	v1(http.MethodGet, "/organizations/import/template", a.handleOrgImportTemplate)
	v1(http.MethodGet, "/organizations/:id", a.handleOrgGet)
	v1(http.MethodPatch, "/organizations/:id", a.handleOrgUpdate)

	v1(http.MethodGet, "/regions", a.handleRegionList)

	v1(http.MethodGet, "/communities", a.handleCommunityList)
	v1(http.MethodPost, "/communities/import", a.handleRegisterImport)
	v1(http.MethodGet, "/communities/import/template", a.handleRegisterTemplate)
	v1(http.MethodGet, "/communities/export", a.handleRegisterExport)
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
	v1(http.MethodPost, "/tasks", a.handleTaskCreate, s.idempotent)
	v1(http.MethodGet, "/tasks/:id", a.handleTaskGet)
	v1(http.MethodPost, "/tasks/:id/actions", a.handleTaskAction)

	v1(http.MethodGet, "/hotspots", a.handleHotspotList)
	v1(http.MethodPost, "/hotspots", a.handleHotspotCreate, s.idempotent)
	v1(http.MethodGet, "/hotspots/:id", a.handleHotspotGet)
	v1(http.MethodPost, "/hotspots/:id/dispatch", a.handleHotspotDispatch)
	v1(http.MethodPost, "/hotspots/:id/reject", a.handleHotspotReject)
	v1(http.MethodPost, "/hotspots/:id/feedback", a.handleHotspotFeedback)

	if s.deps.Attachments != nil {
		// Uploads are multipart, so limitBody (isUploadRoute) holds them
		// to Deps.UploadLimit rather than the JSON body limit.
		v1(http.MethodPost, "/tasks/:id/attachments", a.handleAttachmentCreate(attachToTask))
		v1(http.MethodGet, "/tasks/:id/attachments", a.handleAttachmentList(attachToTask))
		v1(http.MethodPost, "/hotspots/:id/attachments", a.handleAttachmentCreate(attachToHotspot))
		v1(http.MethodGet, "/hotspots/:id/attachments", a.handleAttachmentList(attachToHotspot))
		v1(http.MethodGet, "/attachments/:id", a.handleAttachmentGet)
	}
	if s.deps.Inbound != nil && s.deps.InboundSecret != "" {
		// The hook a mail server's pipe or a provider's inbound route
		// posts replies to: it signs in with the shared secret, not as a
		// user, and is off without one.
		e.POST("/api/v1/inbound/email", s.handleInboundEmail)
	}
	if s.deps.Outbox != nil { // the admin's view of the mail queue
		v1(http.MethodGet, "/outbox", a.handleOutboxList)
		v1(http.MethodGet, "/outbox/:id", a.handleOutboxGet)
		v1(http.MethodPost, "/outbox/:id/retry", a.handleOutboxRetry)
	}
	if s.deps.Standards != nil { // the campaign's scoring standards
		v1(http.MethodGet, "/campaign/standards", a.handleStandardList)
		v1(http.MethodPost, "/campaign/standards", a.handleStandardCreate)
		v1(http.MethodGet, "/campaign/standards/:id", a.handleStandardGet)
		v1(http.MethodPut, "/campaign/standards/:id", a.handleStandardPut)
		v1(http.MethodPost, "/campaign/standards/:id/publish", a.handleStandardPublish)
		v1(http.MethodPost, "/campaign/standards/:id/retire", a.handleStandardRetire)
		v1(http.MethodPost, "/campaign/standards/:id/copy", a.handleStandardCopy)
	}
	if s.deps.Campaign != nil { // campaign applications and their review
		v1(http.MethodGet, "/campaign/applications", a.handleApplicationList)
		v1(http.MethodPost, "/campaign/applications", a.handleApplicationCreate)
		v1(http.MethodGet, "/campaign/applications/:id", a.handleApplicationGet)
		v1(http.MethodPut, "/campaign/applications/:id/self-assessment", a.handleApplicationSelfAssess)
		v1(http.MethodPost, "/campaign/applications/:id/actions", a.handleApplicationAction)
		v1(http.MethodPost, "/campaign/applications/:id/rectifications", a.handleApplicationRectify)
		if s.deps.Attachments != nil {
			v1(http.MethodPost, "/campaign/applications/:id/attachments", a.handleApplicationAttach)
		}
	}
	if s.deps.Reports != nil {
		e.GET(reportPath, a.handleReportSupervision, requireActor)
	}
	if s.deps.Progress != nil { // progress to the campaign's target, and its settings
		v1(http.MethodGet, "/campaign/progress", a.handleProgress)
		v1(http.MethodGet, "/campaign/settings", a.handleSettingsGet)
		v1(http.MethodPut, "/campaign/settings", a.handleSettingsPut)
	}
	if s.deps.ReportPolicies != nil { // the composite score's deduction policy
		v1(http.MethodGet, "/reports/policy", a.handleReportPolicyGet)
		v1(http.MethodPut, "/reports/policy", a.handleReportPolicyPut)
		v1(http.MethodGet, "/reports/policy/versions", a.handleReportPolicyVersions)
	}
	if s.deps.Notices != nil { // the campaign's public notices, objections and titles
		// The public endpoints need no sign-in.
		e.GET("/api/v1/public/notices", a.handlePublicNoticeList)
		e.GET("/api/v1/public/notices/:id", a.handlePublicNoticeGet)
		e.POST("/api/v1/public/notices/:id/objections", a.handlePublicObjection)
		e.GET("/api/v1/public/titles", a.handlePublicTitleList)
		v1(http.MethodGet, "/campaign/notices", a.handleNoticeList)
		v1(http.MethodGet, "/campaign/notices/:id", a.handleNoticeGet)
		v1(http.MethodGet, "/campaign/objections", a.handleObjectionList)
		v1(http.MethodPost, "/campaign/objections/:id/resolve", a.handleObjectionResolve)
		v1(http.MethodGet, "/campaign/titles", a.handleTitleList)
		v1(http.MethodGet, "/campaign/titles/:id", a.handleTitleGet)
		v1(http.MethodPost, "/campaign/titles/:id/revoke", a.handleTitleRevoke)
		v1(http.MethodPost, "/campaign/titles/:id/spot-checks", a.handleSpotCheckCreate)
	}
	if s.deps.Pilots != nil { // the pilots' five-ones checklists
		v1(http.MethodGet, "/campaign/pilots", a.handlePilotList)
		v1(http.MethodGet, "/campaign/pilots/:region", a.handlePilotGet)
		v1(http.MethodPost, "/campaign/pilots/:region/items/:item", a.handlePilotAssign)
		v1(http.MethodPost, "/campaign/pilots/:region/items/:item/actions", a.handlePilotAction)
	}
	if s.deps.Cases != nil { // typical cases and exchange activities
		v1(http.MethodGet, "/campaign/cases", a.handleCaseList)
		v1(http.MethodPost, "/campaign/cases", a.handleCaseCreate)
		v1(http.MethodGet, "/campaign/cases/:id", a.handleCaseGet)
		v1(http.MethodPut, "/campaign/cases/:id", a.handleCaseUpdate)
		v1(http.MethodPost, "/campaign/cases/:id/publish", a.handleCaseAct(domain.CasePublish))
		v1(http.MethodPost, "/campaign/cases/:id/unpublish", a.handleCaseAct(domain.CaseUnpublish))
		v1(http.MethodGet, "/campaign/exchanges", a.handleExchangeList)
		v1(http.MethodPost, "/campaign/exchanges", a.handleExchangeCreate)
		v1(http.MethodGet, "/campaign/exchanges/:id", a.handleExchangeGet)
		v1(http.MethodPut, "/campaign/exchanges/:id", a.handleExchangeUpdate)
		if s.deps.Attachments != nil {
			v1(http.MethodPost, "/campaign/cases/:id/attachments", a.handleAttachmentCreate(attachToCase))
			v1(http.MethodGet, "/campaign/cases/:id/attachments", a.handleAttachmentList(attachToCase))
			v1(http.MethodPost, "/campaign/exchanges/:id/attachments", a.handleAttachmentCreate(attachToExchange))
			v1(http.MethodGet, "/campaign/exchanges/:id/attachments", a.handleAttachmentList(attachToExchange))
		}
	}
	if s.deps.Supervision != nil { // the escalation policies and the sweep preview
		v1(http.MethodGet, "/ladder/policies", a.handlePolicyList)
		v1(http.MethodPut, "/ladder/policies/:priority", a.handlePolicyPut)
		v1(http.MethodDelete, "/ladder/policies/:priority", a.handlePolicyReset)
		v1(http.MethodGet, "/ladder/preview", a.handleLadderPreview)
	}
}

// webRoutes adds the web UI: static files, the sign-in pages and the pages
// behind them. Each route carries its middleware itself rather than through
// a group, because a group at "" would catch every unknown path, /api/ ones
// included.
func (s *Server) webRoutes(e *echo.Echo) {
	if webViewsErr != nil {
		panic(webViewsErr) // a template that does not parse: the build is broken
	}
	e.GET("/static/*", s.handleStatic())

	open := []echo.MiddlewareFunc{s.webReady, s.webCSRF(), s.rememberLang}
	signedIn := append(open[:len(open):len(open)], requireWebSession)
	e.GET("/login", s.handleLoginForm, open...)
	e.POST("/login", s.handleLoginSubmit, open...)
	e.POST("/logout", s.handleLogoutSubmit, open...)
	e.GET("/", s.handleDashboard, signedIn...)
	e.GET("/organizations", s.handleOrgPage, signedIn...)
	e.GET("/communities", s.handleCommunityPage, signedIn...)
	e.POST(registerImportWeb, s.handleCommunityImport, signedIn...)
	e.GET("/communities/new", s.handleCommunityNew, signedIn...)
	e.POST("/communities", s.handleCommunitySave, signedIn...)
	e.GET("/communities/:id/edit", s.handleCommunityEdit, signedIn...)
	e.POST("/communities/:id", s.handleCommunitySave, signedIn...)
	e.GET("/calendar", s.handleCalendarPage, signedIn...)
	e.GET(calendarAdminPath, s.handleCalendarEdit, signedIn...)
	e.POST(calendarAdminPath, s.handleCalendarSubmit, signedIn...)
	e.GET(auditAdminPath, s.handleAuditPage, signedIn...)
	if s.deps.Supervision != nil {
		e.GET(ladderAdminPath, s.handleLadderEdit, signedIn...)
		e.POST(ladderAdminPath, s.handleLadderSubmit, signedIn...)
		e.POST(ladderAdminPath+"/reset", s.handleLadderReset, signedIn...)
	}
	if s.deps.Schedules != nil {
		e.GET(schedulesAdminPath, s.handleSchedulesPage, signedIn...)
	}

	e.GET("/account", s.handleAccountPage, signedIn...)
	e.POST("/account", s.handleAccountSave, signedIn...)
	e.POST("/account/password", s.handleAccountPassword, signedIn...)
	e.GET(usersPath, s.handleUserList, signedIn...)
	e.GET(usersPath+"/new", s.handleUserForm, signedIn...)
	e.POST(usersPath, s.handleUserCreate, signedIn...)
	e.GET(usersPath+"/:id", s.handleUserPage, signedIn...)
	e.POST(usersPath+"/:id", s.handleUserUpdate, signedIn...)
	e.POST(usersPath+"/:id/active", s.handleUserActive, signedIn...)
	e.POST(usersPath+"/:id/reset", s.handleUserReset, signedIn...)
	e.POST(usersPath+"/:id/reset-link", s.handleUserResetLink, signedIn...)
	e.GET(resetPath, s.handleResetForm, open...)
	e.POST(resetPath, s.handleResetSubmit, open...)
	e.GET(orgAdminPath, s.handleOrgAdminList, signedIn...)
	e.GET(orgAdminPath+"/import", s.handleOrgImportForm, signedIn...)
	e.POST(orgAdminPath+"/import", s.handleOrgImport, signedIn...)
	e.GET(orgAdminPath+"/import/template", s.handleOrgImportTemplateFile, signedIn...)
	e.GET(orgAdminPath+"/:id", s.handleOrgAdminPage, signedIn...)
	e.POST(orgAdminPath+"/:id", s.handleOrgAdminSave, signedIn...)

	e.GET("/tasks", s.handleTaskList, signedIn...)
	e.GET("/tasks/new", s.handleTaskForm, signedIn...)
	e.POST("/tasks", s.handleTaskCreate, signedIn...)
	e.GET("/tasks/:id", s.handleTaskPage, signedIn...)
	// The forms that may carry files (webFileForms) read a multipart body
	// like an upload (parseWebForm), before the CSRF check reads its token.
	withFiles := signedIn
	if s.deps.Attachments != nil {
		withFiles = append([]echo.MiddlewareFunc{s.webReady, s.parseWebForm}, signedIn[1:]...)
	}
	e.POST("/tasks/:id/actions", s.handleTaskAction, withFiles...)
	if s.deps.Attachments != nil {
		// The multipart form is read (within the upload limit, mostly to
		// temporary files) before the CSRF check reads its token.
		upload := append([]echo.MiddlewareFunc{s.webReady, s.parseWebUpload}, signedIn[1:]...)
		e.POST("/tasks/:id/attachments", s.handleTaskAttach, upload...)
		e.POST("/hotspots/:id/attachments", s.handleHotspotAttach, upload...)
	}

	e.GET("/hotspots", s.handleHotspotList, signedIn...)
	e.GET("/hotspots/new", s.handleHotspotForm, signedIn...)
	e.POST("/hotspots", s.handleHotspotCreate, withFiles...)
	e.GET("/hotspots/:id", s.handleHotspotPage, signedIn...)
	e.POST("/hotspots/:id/dispatch", s.handleHotspotDispatch, signedIn...)
	e.POST("/hotspots/:id/reject", s.handleHotspotReject, signedIn...)
	e.POST("/hotspots/:id/feedback", s.handleHotspotFeedback, withFiles...)

	if s.deps.Outbox != nil { // the admin's mail pages
		e.GET("/admin/mail", s.handleMailList, signedIn...)
		e.GET("/admin/mail/:id", s.handleMailPage, signedIn...)
		e.POST("/admin/mail/:id/retry", s.handleMailRetry, signedIn...)
	}
	if s.deps.Reports != nil {
		e.GET("/reports", s.handleReportPage, signedIn...)
	}
	e.GET("/campaign", s.handleCampaignPage, signedIn...)
	if s.deps.Standards != nil { // the campaign's standards: the sheets, and the editor of drafts
		e.GET(standardsPath, s.handleStandardList, signedIn...)
		e.GET(standardsPath+"/new", s.handleStandardForm, signedIn...)
		e.POST(standardsPath, s.handleStandardCreate, signedIn...)
		e.GET(standardsPath+"/:id", s.handleStandardPage, signedIn...)
		e.POST(standardsPath+"/:id", s.handleStandardUpdate, signedIn...)
		e.GET(standardsPath+"/:id/indicator", s.handleIndicatorForm, signedIn...)
		e.POST(standardsPath+"/:id/indicator", s.handleIndicatorSave, signedIn...)
		e.POST(standardsPath+"/:id/indicator/remove", s.handleIndicatorRemove, signedIn...)
		e.POST(standardsPath+"/:id/indicator/move", s.handleIndicatorMove, signedIn...)
		e.POST(standardsPath+"/:id/publish", s.handleStandardPublish, signedIn...)
		e.POST(standardsPath+"/:id/retire", s.handleStandardRetire, signedIn...)
		e.POST(standardsPath+"/:id/copy", s.handleStandardCopy, signedIn...)
	}
	if s.deps.Progress != nil {
		e.GET("/campaign/progress", s.handleProgressPage, signedIn...)
		e.POST("/campaign/settings", s.handleSettingsSubmit, signedIn...)
	}
	if s.deps.Campaign != nil && s.deps.Standards != nil { // campaign applications
		e.GET("/applications", s.handleAppList, signedIn...)
		e.POST("/applications", s.handleAppOpen, signedIn...)
		e.GET("/applications/:id", s.handleAppPage, signedIn...)
		e.POST("/applications/:id/self-assessment", s.handleAppSelfAssess, signedIn...)
		e.POST("/applications/:id/actions", s.handleAppAction, signedIn...)
		e.POST("/applications/:id/rectifications", s.handleAppRectify, signedIn...)
		if s.deps.Attachments != nil {
			// The multipart form is read (within the upload limit, mostly
			// to temporary files) before the CSRF check reads its token.
			upload := append([]echo.MiddlewareFunc{s.webReady, s.parseWebUpload}, signedIn[1:]...)
			e.POST("/applications/:id/attachments", s.handleAppAttach, upload...)
		}
	}
	if s.deps.Pilots != nil { // the pilots' five-ones checklists side by side, and an item's page
		e.GET(pilotsPath, s.handlePilotsPage, signedIn...)
		e.GET(pilotsPath+"/:region/:item", s.handlePilotItemPage, signedIn...)
		e.POST(pilotsPath+"/:region/:item", s.handlePilotItemSubmit, signedIn...)
		if s.deps.Attachments != nil {
			upload := append([]echo.MiddlewareFunc{s.webReady, s.parseWebUpload}, signedIn[1:]...)
			e.POST(pilotsPath+"/:region/:item/attachments", s.handlePilotItemAttach, upload...)
		}
	}
	if s.deps.Cases != nil { // typical cases, exchange activities and the public case pages
		e.GET(casesPath, s.handleCasePage, signedIn...)
		e.GET(casesPath+"/new", s.handleCaseForm, signedIn...)
		e.POST(casesPath, s.handleCaseSave, signedIn...)
		e.GET(casesPath+"/:id", s.handleCaseDetail, signedIn...)
		e.GET(casesPath+"/:id/edit", s.handleCaseEdit, signedIn...)
		e.POST(casesPath+"/:id", s.handleCaseSave, signedIn...)
		e.POST(casesPath+"/:id/publish", s.handleCaseActForm(domain.CasePublish), signedIn...)
		e.POST(casesPath+"/:id/unpublish", s.handleCaseActForm(domain.CaseUnpublish), signedIn...)
		e.GET(exchangesPath, s.handleExchangePage, signedIn...)
		e.GET(exchangesPath+"/new", s.handleExchangeForm, signedIn...)
		e.POST(exchangesPath, s.handleExchangeSave, signedIn...)
		e.GET(exchangesPath+"/:id", s.handleExchangeDetail, signedIn...)
		e.GET(exchangesPath+"/:id/edit", s.handleExchangeEdit, signedIn...)
		e.POST(exchangesPath+"/:id", s.handleExchangeSave, signedIn...)
		if s.deps.Attachments != nil {
			// The multipart form is read (within the upload limit, mostly
			// to temporary files) before the CSRF check reads its token.
			upload := append([]echo.MiddlewareFunc{s.webReady, s.parseWebUpload}, signedIn[1:]...)
			e.POST(casesPath+"/:id/attachments", s.handleCaseAttach, upload...)
			e.POST(exchangesPath+"/:id/attachments", s.handleExchangeAttach, upload...)
		}
		// The public pages: no sign-in, no form, the same for everyone.
		public := []echo.MiddlewareFunc{s.webReady, s.rememberLang}
		e.GET("/public/cases", s.handlePublicCases, public...)
		e.GET("/public/cases/:id", s.handlePublicCase, public...)
		e.GET("/public/cases/:id/files/:file", s.handlePublicCaseFile, s.webReady)
	}
	if s.deps.ReportPolicies != nil {
		e.GET("/reports/policy", s.handleReportPolicyPage, signedIn...)
		e.POST("/reports/policy", s.handleReportPolicySubmit, signedIn...)
	}
	if s.deps.Notices != nil {
		// The public pages: no sign-in; the lists carry no form, so no
		// CSRF cookie, and are the same for every visitor of a language.
		public := []echo.MiddlewareFunc{s.webReady, s.rememberLang}
		e.GET("/public/notices", s.handlePublicNotices, public...)
		e.GET("/public/notices/:id", s.handlePublicNotice, open...)
		e.POST("/public/notices/:id/objections", s.handlePublicObjectionForm, open...)
		e.GET("/public/titles", s.handlePublicTitles, public...)
		e.GET("/campaign/notices", s.handleNoticePage, signedIn...)
		e.GET("/campaign/notices/:id", s.handleNoticeDetail, signedIn...)
		e.POST("/campaign/objections/:id/resolve", s.handleObjectionResolveForm, signedIn...)
		e.GET("/campaign/titles", s.handleTitlePage, signedIn...)
		e.GET("/campaign/titles/:id", s.handleTitleDetail, signedIn...)
		e.POST("/campaign/titles/:id/spot-checks", s.handleSpotCheckForm, signedIn...)
		e.POST("/campaign/titles/:id/revoke", s.handleTitleRevokeForm, signedIn...)
	}
}
