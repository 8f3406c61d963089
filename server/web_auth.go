package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// loginData is the sign-in form's content.
type loginData struct {
	Error    string // a localized reason the last attempt failed
	Next     string // a local path to go to after signing in
	Username string
}

// handleLoginForm shows the sign-in form, or sends a signed-in user on.
func (s *Server) handleLoginForm(c echo.Context) error {
	next := localPath(c.QueryParam("next"))
	if actorOf(c).UserID != 0 {
		return c.Redirect(http.StatusSeeOther, next)
	}
	return s.render(c, http.StatusOK, "login", s.newPage(c, "web.title.login", loginData{Next: next}))
}

// handleLoginSubmit signs a user in and sets the session cookie. A failure
// shows the form again with one message for a wrong username and a wrong
// password alike, so the page does not tell which usernames exist.
func (s *Server) handleLoginSubmit(c echo.Context) error {
	username, password := c.FormValue("username"), c.FormValue("password")
	next := localPath(c.FormValue("next"))
	token, expires, err := s.deps.Users.Login(c.Request().Context(), username, password, c.RealIP())
	if err == nil {
		s.setSession(c, token, expires)
		s.rotateCSRF(c)
		return c.Redirect(http.StatusSeeOther, next)
	}
	loc := s.localizer(c)
	d := loginData{Next: next, Username: username}
	status := http.StatusUnauthorized
	var de *domain.Error
	switch {
	case errors.Is(err, domain.ErrRateLimited) && errors.As(err, &de):
		status = http.StatusTooManyRequests
		d.Error = loc.T("web.login.locked", max(1, (de.RetryAfter+30)/60))
		c.Response().Header().Set("Retry-After", strconv.Itoa(de.RetryAfter))
	case errors.Is(err, domain.ErrUnauthenticated):
		d.Error = loc.T("web.login.failed")
	default:
		return err
	}
	return s.render(c, status, "login", s.newPage(c, "web.title.login", d))
}

// handleLogoutSubmit revokes the session and clears its cookie. Without a
// valid session there is nothing to revoke; the cookie is cleared anyway.
func (s *Server) handleLogoutSubmit(c echo.Context) error {
	if a, tok := actorOf(c), tokenOf(c); a.UserID != 0 && tok.ID != 0 {
		if err := s.deps.Users.Logout(c.Request().Context(), a, tok.ID); err != nil {
			return err
		}
	}
	s.clearSession(c)
	return c.Redirect(http.StatusSeeOther, "/login")
}
