package server

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// CSRF protection of the web forms. The token travels in the hidden form
// field _csrf and in the cookie _csrf; browsers that send Sec-Fetch-Site
// are checked by that header instead (echo's middleware does both).
const (
	csrfField      = "_csrf"
	csrfCookie     = "_csrf"
	csrfContextKey = "csrf"
)

// webCSRF returns the CSRF middleware of the web routes (never the API,
// which authenticates writes with a bearer header that a cross-site form
// cannot send). Every failure is a 403 with a page that says what to do.
func (s *Server) webCSRF() echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:" + csrfField,
		ContextKey:     csrfContextKey,
		CookieName:     s.cookieName(csrfCookie),
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteStrictMode,
		CookieSecure:   s.deps.SecureCookies,
		ErrorHandler: func(_ error, c echo.Context) error {
			return s.renderErrorPage(c, http.StatusForbidden, s.localizer(c).T("web.error.csrf"))
		},
	})
}

// hostPrefix marks a cookie the browser keeps only when it is Secure,
// host-only (no Domain) and on Path=/: a neighbouring subdomain cannot set
// or shadow it, so it cannot plant a session or a CSRF token.
const hostPrefix = "__Host-"

// cookieName returns the name of cookie base: with the __Host- prefix when
// cookies are Secure (https), as it is only allowed there.
func (s *Server) cookieName(base string) string {
	if s.deps.SecureCookies {
		return hostPrefix + base
	}
	return base
}

// rotateCSRF gives the browser a new CSRF token, replacing the one the
// middleware set on this response: done at sign-in, so that a token known
// before (planted, or seen on a shared computer) is worthless afterwards.
func (s *Server) rotateCSRF(c echo.Context) {
	name := s.cookieName(csrfCookie)
	h := c.Response().Header()
	kept := h.Values("Set-Cookie")[:0:0]
	for _, v := range h.Values("Set-Cookie") {
		if !strings.HasPrefix(v, name+"=") {
			kept = append(kept, v)
		}
	}
	h.Del("Set-Cookie")
	for _, v := range kept {
		h.Add("Set-Cookie", v)
	}
	c.SetCookie(&http.Cookie{Name: name, Value: rand.Text(), Path: "/", MaxAge: 24 * 3600,
		HttpOnly: true, Secure: s.deps.SecureCookies, SameSite: http.SameSiteStrictMode})
}

// rememberLang keeps a language chosen with ?lang= in a cookie, so that
// the following pages stay in it.
func (s *Server) rememberLang(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if l := normalizeLang(c.QueryParam("lang")); l != "" {
			c.SetCookie(&http.Cookie{Name: s.cookieName(langCookie), Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: s.deps.SecureCookies, SameSite: http.SameSiteLaxMode})
		}
		return next(c)
	}
}

// webReady answers the web pages with the 503 error page while the
// database is not ready (migrating at start, or away), as readinessGate
// does for the API, rather than letting each page fail on its own.
func (s *Server) webReady(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.ready.cached(c.Request().Context()); err != nil {
			return errUnavailable()
		}
		return next(c)
	}
}

// requireWebSession sends a visitor who is not signed in to the login
// page, which brings them back here afterwards.
func requireWebSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if actorOf(c).UserID != 0 {
			return next(c)
		}
		target := "/login"
		if uri := c.Request().URL.RequestURI(); uri != "/" && c.Request().Method == http.MethodGet {
			target += "?next=" + url.QueryEscape(uri)
		}
		return c.Redirect(http.StatusSeeOther, target)
	}
}

// setSession stores a new session token in the session cookie.
func (s *Server) setSession(c echo.Context, token string, expires time.Time) {
	c.SetCookie(&http.Cookie{Name: s.cookieName(sessionCookie), Value: token, Path: "/", Expires: expires,
		HttpOnly: true, Secure: s.deps.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// clearSession removes the session cookie.
func (s *Server) clearSession(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: s.cookieName(sessionCookie), Value: "", Path: "/", MaxAge: -1,
		Expires: time.Unix(0, 0), HttpOnly: true, Secure: s.deps.SecureCookies, SameSite: http.SameSiteLaxMode})
}
