package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type loginJSON struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type tokenJSON struct {
	Token     string  `json:"token"`
	ExpiresAt *string `json:"expires_at"`
}

// handleLogin signs a user in with a password. The client address is the
// one the trusted-proxy rule finds, so per-address lockout holds.
func (a api) handleLogin(c echo.Context) error {
	var in loginJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	tok, exp, err := a.deps.Users.Login(c.Request().Context(), in.Username, in.Password, c.RealIP())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tokenJSON{Token: tok, ExpiresAt: timeJSON(exp)})
}

// handleLogout revokes the token the request was made with.
func (a api) handleLogout(c echo.Context) error {
	if err := a.deps.Users.Logout(c.Request().Context(), actorOf(c), tokenOf(c).ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// handleMe returns the signed-in user.
func (a api) handleMe(c echo.Context) error {
	actor := actorOf(c)
	u, err := a.deps.Users.User(c.Request().Context(), actor, actor.UserID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUserJSON(u))
}
