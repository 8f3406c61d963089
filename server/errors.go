package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// kinds is the one table from domain error kinds to HTTP: the status and
// the stable code API clients can switch on (README, HTTP API).
var kinds = []struct {
	kind   error
	status int
	code   string
}{
	{domain.ErrInvalid, http.StatusBadRequest, "invalid"},
	{domain.ErrUnauthenticated, http.StatusUnauthorized, "unauthenticated"},
	{domain.ErrForbidden, http.StatusForbidden, "forbidden"},
	{domain.ErrNotFound, http.StatusNotFound, "not_found"},
	{domain.ErrConflict, http.StatusConflict, "conflict"},
	{domain.ErrUnprocessable, http.StatusUnprocessableEntity, "unprocessable"},
	{domain.ErrTooLarge, http.StatusRequestEntityTooLarge, "too_large"},
	{domain.ErrUnsupported, http.StatusUnsupportedMediaType, "unsupported_media_type"},
	{domain.ErrRateLimited, http.StatusTooManyRequests, "rate_limited"},
	{domain.ErrUnavailable, http.StatusServiceUnavailable, "unavailable"},
}

// statusCodes names the statuses that echo itself produces (unknown route,
// wrong method, …) with the same codes as the table above.
var statusCodes = map[int]string{
	http.StatusBadRequest:            "invalid",
	http.StatusUnauthorized:          "unauthenticated",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "not_found",
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusConflict:              "conflict",
	http.StatusUnprocessableEntity:   "unprocessable",
	http.StatusRequestEntityTooLarge: "too_large",
	http.StatusUnsupportedMediaType:  "unsupported_media_type",
	http.StatusTooManyRequests:       "rate_limited",
	http.StatusServiceUnavailable:    "unavailable",
}

// failure is an error resolved for the client.
type failure struct {
	status     int
	code       string
	key        string
	args       []any
	retryAfter int
}

var internalFailure = failure{status: http.StatusInternalServerError, code: "internal", key: "error.internal"}

// classify resolves err by the tables above. Anything it does not know is
// an internal error. ok is false for internal errors, which must be logged.
func classify(err error) (f failure, ok bool) {
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		if code, known := statusCodes[he.Code]; known {
			return failure{status: he.Code, code: code, key: "error." + code}, true
		}
		if he.Code >= 400 && he.Code < 500 {
			return failure{status: he.Code, code: "error", key: "error.unknown"}, true
		}
		return internalFailure, false
	case isTooLarge(err):
		return failure{status: http.StatusRequestEntityTooLarge, code: "too_large", key: "request.too_large"}, true
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return failure{status: http.StatusServiceUnavailable, code: "unavailable", key: "error.unavailable",
			retryAfter: retryUnavailable}, true
	}
	for _, k := range kinds {
		if !errors.Is(err, k.kind) {
			continue
		}
		f := failure{status: k.status, code: k.code, key: "error." + k.code}
		var de *domain.Error
		if errors.As(err, &de) {
			f.key, f.args, f.retryAfter = de.Key, de.Args, de.RetryAfter
		}
		if f.status == http.StatusServiceUnavailable && f.retryAfter == 0 {
			f.retryAfter = retryUnavailable
		}
		return f, true
	}
	return internalFailure, false
}

// errorJSON is the error envelope of the HTTP API.
type errorJSON struct {
	Error errorBodyJSON `json:"error"`
}

type errorBodyJSON struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// handleError is echo's one error handler. Under /api/ it writes the JSON
// envelope; elsewhere the web UI renders an error page. The client never
// sees err.Error(): only the localized catalog message of a known kind, or
// "internal error" (logged here with the request ID).
func (s *Server) handleError(err error, c echo.Context) {
	f, ok := classify(err)
	rid := requestIDOf(c)
	switch {
	case !ok && !errors.Is(err, errPanicked):
		s.log.Error("request failed", "err", err, "request_id", rid,
			"method", c.Request().Method, "route", routeOf(c))
	case f.status == http.StatusServiceUnavailable:
		s.log.Warn("service unavailable", "err", err, "request_id", rid, "route", routeOf(c))
	}
	if errors.Is(err, domain.ErrStorageFull) {
		s.ready.storageFull(time.Now())
	}
	if c.Response().Committed {
		return
	}
	h := c.Response().Header()
	if f.retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(f.retryAfter))
	}
	msg := s.localizer(c).T(f.key, f.args...)
	var werr error
	switch {
	case !isAPI(c):
		werr = s.renderErrorPage(c, f.status, msg)
	case c.Request().Method == http.MethodHead:
		werr = c.NoContent(f.status)
	default:
		if f.status == http.StatusUnauthorized {
			h.Set("WWW-Authenticate", `Bearer realm="xietong"`)
		}
		werr = c.JSON(f.status, errorJSON{errorBodyJSON{Code: f.code, Message: msg, RequestID: rid}})
	}
	if werr != nil {
		s.log.Error("write error response", "err", werr, "request_id", rid)
	}
}
