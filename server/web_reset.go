package server

import (
	"context"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// resetPath is the page a one-time reset link opens. The token travels in
// the query, which the request log leaves out (it logs the path only).
const resetPath = "/reset"

// resetData is the page that sets a new password from a reset link.
type resetData struct {
	Token       string // the link's secret, carried by the form
	Username    string
	MinPassword int
	Invalid     bool // the link is unknown, used or expired: no form
	Done        bool
	Error       string
}

// handleUserResetLink makes a one-time reset link for an account (admin)
// and shows it once, on this answer.
func (s *Server) handleUserResetLink(c echo.Context) error {
	return s.adminUserAction(c, func(ctx context.Context, a domain.Actor, u domain.User) (domain.User, userFormData, error) {
		secret, expires, err := s.deps.Users.CreateResetLink(ctx, a, u.ID)
		return u, userFormData{ResetLink: s.resetURL(c, secret),
			Flash: s.localizer(c).T("web.reset.created", s.fmtTime(expires))}, err
	})
}

// resetURL is the absolute link for secret: on the configured base URL,
// or on the host the admin reached.
func (s *Server) resetURL(c echo.Context, secret string) string {
	base := &url.URL{Scheme: c.Scheme(), Host: c.Request().Host}
	if s.deps.BaseURL != nil {
		base = s.deps.BaseURL
	}
	return base.JoinPath(resetPath).String() + "?" + url.Values{"token": {secret}}.Encode()
}

// handleResetForm shows the form a reset link opens, or says the link no
// longer works.
func (s *Server) handleResetForm(c echo.Context) error {
	tok := c.QueryParam("token")
	d := resetData{Token: tok, MinPassword: s.deps.Users.MinPasswordLength}
	u, err := s.deps.Users.CheckResetLink(c.Request().Context(), tok)
	status := http.StatusOK
	if err != nil {
		if status, d.Error, d.Invalid = s.accountError(c, err); !d.Invalid {
			return err
		}
	}
	d.Username = u.Username
	return s.render(c, status, "reset", s.newPage(c, "web.reset.title", d))
}

// handleResetSubmit sets the new password, once.
func (s *Server) handleResetSubmit(c echo.Context) error {
	tok, pw := c.FormValue("token"), c.FormValue("password")
	d := resetData{Token: tok, MinPassword: s.deps.Users.MinPasswordLength}
	var err error
	if pw != c.FormValue("confirm") {
		err = domain.Invalid("web.reset.mismatch")
	} else {
		err = s.deps.Users.ResetWithLink(c.Request().Context(), tok, pw, c.RealIP())
	}
	if err == nil {
		d.Done, d.Token = true, ""
		return s.render(c, http.StatusOK, "reset", s.newPage(c, "web.reset.title", d))
	}
	status, msg, ok := s.accountError(c, err)
	if !ok {
		return err
	}
	d.Error = msg
	if u, err := s.deps.Users.CheckResetLink(c.Request().Context(), tok); err == nil {
		d.Username = u.Username
	} else {
		d.Invalid, d.Token = true, ""
	}
	return s.render(c, status, "reset", s.newPage(c, "web.reset.title", d))
}
