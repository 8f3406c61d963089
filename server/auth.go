package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// sessionCookie holds a session token for the web UI; the web login form
// sets it.
const sessionCookie = "xietong_session"

// authenticate resolves the request's credentials, when there are any, to
// an actor. Bad credentials are remembered for requireActor, not refused
// here: public pages and the login endpoint ignore them. A store failure
// (database down) is an error at once.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if anonymousPath(c.Request().URL.Path) {
			return next(c)
		}
		secret, ch, err := credentials(c, s.cookieName(sessionCookie))
		if err != nil {
			c.Set(ctxAuthErr, err)
			return next(c)
		}
		if secret == "" {
			return next(c)
		}
		u, tok, err := s.deps.Users.Authenticate(c.Request().Context(), secret)
		switch {
		case err == nil:
			c.Set(ctxActor, domain.ActorOf(u, ch, c.RealIP()))
			c.Set(ctxToken, tok)
		case errors.Is(err, domain.ErrUnauthenticated):
			c.Set(ctxAuthErr, err)
		default:
			return err
		}
		return next(c)
	}
}

// anonymousPath reports whether a path never needs the user: probes,
// metrics, static files and the API's OpenAPI document are served without
// a token lookup.
func anonymousPath(p string) bool {
	return p == "/healthz" || p == "/readyz" || p == "/metrics" || p == openAPIPath || strings.HasPrefix(p, "/static/")
}

// credentials finds the token: an Authorization bearer header (channel
// api), or else the session cookie named cookie (channel web). Under /api/ the cookie
// counts only for reads, so that a cross-site form cannot act through the
// API with a signed-in user's cookie; API writes need the header.
func credentials(c echo.Context, cookie string) (string, domain.Channel, error) {
	req := c.Request()
	if h := req.Header.Get(echo.HeaderAuthorization); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			return "", "", domain.Fail(domain.ErrUnauthenticated, "auth.bad_token")
		}
		return strings.TrimSpace(tok), domain.ChannelAPI, nil
	}
	ck, err := c.Cookie(cookie)
	if err != nil || ck.Value == "" {
		return "", "", nil
	}
	if isAPI(c) && req.Method != http.MethodGet && req.Method != http.MethodHead {
		return "", "", nil
	}
	return ck.Value, domain.ChannelWeb, nil
}

// requireActor refuses requests without a signed-in user: 401, with the
// reason when bad credentials were sent.
func requireActor(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if actorOf(c).UserID != 0 {
			return next(c)
		}
		if err, ok := c.Get(ctxAuthErr).(error); ok {
			return err
		}
		return domain.Fail(domain.ErrUnauthenticated, "auth.required")
	}
}

// actorOf returns the signed-in user of the request, or the zero Actor.
func actorOf(c echo.Context) domain.Actor {
	a, _ := c.Get(ctxActor).(domain.Actor)
	return a
}

// tokenOf returns the token the request was authenticated with, or the
// zero Token.
func tokenOf(c echo.Context) domain.Token {
	t, _ := c.Get(ctxToken).(domain.Token)
	return t
}
