package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The account page (/account) is every signed-in user's own: their name,
// email, language and mail preference, and the change of their password.
// Changing the password (or the email) needs the current password; a new
// password revokes every other session and every API token of the user,
// while the browser it was changed in gets a fresh session.

// accountInput is the profile form as submitted.
type accountInput struct {
	DisplayName, Email, Lang string
	MailOff                  bool
}

// accountData is the account page's content.
type accountData struct {
	Username, Role, Binding string
	In                      accountInput
	Langs                   []option
	MinPassword             int
	Flash                   string
	Error                   string // of the profile form
	PasswordError           string // of the password form
}

// handleAccountPage shows the signed-in user's account.
func (s *Server) handleAccountPage(c echo.Context) error {
	return s.renderAccount(c, http.StatusOK, nil, "", "")
}

// handleAccountSave saves the profile form. The email changes only when
// the field holds another address, and then needs the current password.
func (s *Server) handleAccountSave(c echo.Context) error {
	a := actorOf(c)
	ctx := c.Request().Context()
	u, err := s.deps.Users.User(ctx, a, a.UserID)
	if err != nil {
		return err
	}
	in := accountInput{DisplayName: c.FormValue("display_name"), Email: strings.TrimSpace(c.FormValue("email")),
		Lang: c.FormValue("lang"), MailOff: c.FormValue("mail_off") != ""}
	cmd := domain.UpdateUser{DisplayName: &in.DisplayName, Lang: &in.Lang, MailOff: &in.MailOff}
	if !strings.EqualFold(in.Email, u.Email) {
		cmd.Email = &in.Email
		cur := c.FormValue("current_password")
		cmd.CurrentPassword = &cur
	}
	if _, err = s.deps.Users.UpdateUser(ctx, a, a.UserID, cmd); err == nil {
		// The interface follows the language chosen for mail.
		c.SetCookie(&http.Cookie{Name: s.cookieName(langCookie), Value: in.Lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.deps.SecureCookies, SameSite: http.SameSiteLaxMode})
		return c.Redirect(http.StatusSeeOther, "/account?done=account_saved")
	}
	status, msg, ok := s.accountError(c, err)
	if !ok {
		return err
	}
	return s.renderAccount(c, status, &in, msg, "")
}

// handleAccountPassword changes the signed-in user's password.
func (s *Server) handleAccountPassword(c echo.Context) error {
	current, next := c.FormValue("current_password"), c.FormValue("new_password")
	if next != c.FormValue("confirm_password") {
		return s.renderAccount(c, http.StatusBadRequest, nil, "", s.localizer(c).T("web.account.password_mismatch"))
	}
	token, expires, err := s.deps.Users.ChangeOwnPassword(c.Request().Context(), actorOf(c), current, next)
	if err == nil {
		s.setSession(c, token, expires)
		return c.Redirect(http.StatusSeeOther, "/account?done=password_changed")
	}
	status, msg, ok := s.accountError(c, err)
	if !ok {
		return err
	}
	return s.renderAccount(c, status, nil, "", msg)
}

// accountError turns a refused change into the status and the message the
// form shows; ok is false for errors that are not the user's to fix. A
// lockout (too many wrong current passwords) shows on the form too.
func (s *Server) accountError(c echo.Context, err error) (status int, msg string, ok bool) {
	f, known := classify(err)
	switch {
	case !known:
		return 0, "", false
	case f.status == http.StatusTooManyRequests:
		var de *domain.Error
		if errors.As(err, &de) {
			c.Response().Header().Set("Retry-After", strconv.Itoa(de.RetryAfter))
		}
		return f.status, s.localizer(c).T("web.login.locked", max(1, (f.retryAfter+30)/60)), true
	case f.status == 400 || f.status == 403 || f.status == 409 || f.status == 422:
		args := make([]any, len(f.args))
		copy(args, f.args)
		return f.status, s.localizer(c).T(f.key, args...), true
	}
	return 0, "", false
}

func (s *Server) renderAccount(c echo.Context, status int, in *accountInput, msg, pwMsg string) error {
	a, loc := actorOf(c), s.localizer(c)
	ctx := c.Request().Context()
	u, err := s.deps.Users.User(ctx, a, a.UserID)
	if err != nil {
		return err
	}
	d := accountData{Username: u.Username, Role: loc.T("web.role." + string(u.Role)),
		MinPassword: s.deps.Users.MinPasswordLength, Flash: flashOf(loc, c.QueryParam("done")),
		Error: msg, PasswordError: pwMsg}
	if in != nil {
		d.In = *in
	} else {
		d.In = accountInput{DisplayName: u.DisplayName, Email: u.Email, Lang: u.Lang, MailOff: u.MailOff}
	}
	d.Langs = langOptions(loc, d.In.Lang)
	if u.OrgID != 0 || u.CommunityID != 0 {
		dir, err := s.directory(ctx, a, loc.Lang)
		if err != nil {
			return err
		}
		if u.OrgID != 0 {
			d.Binding = dir.org(u.OrgID)
		} else {
			d.Binding = dir.community(u.CommunityID)
		}
	}
	return s.render(c, status, "account", s.newPage(c, "web.title.account", d))
}

// langOptions offers the two languages, each named in itself.
func langOptions(loc *Localizer, selected string) []option {
	out := make([]option, len(languages))
	for i, l := range languages {
		out[i] = option{Value: l, Label: loc.T("web.lang." + l), Selected: l == selected}
	}
	return out
}
