package server

import (
	"errors"
	"fmt"
	gzip "github.com/klauspost/compress/gzip"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/klauspost/compress/gzhttp"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"xietong/domain"
)

// Context keys the middleware sets.
const (
	ctxRequestID = "xietong.request_id"
	ctxActor     = "xietong.actor"
	ctxToken     = "xietong.token"
	ctxAuthErr   = "xietong.auth_err"
)

// contentSecurityPolicy allows only same-origin resources: no inline
// scripts or styles, no framing.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// requestID takes a client's X-Request-ID when it is short and plain (so it
// can be logged safely), and otherwise makes one; either way it is echoed
// in the response and kept for the logs.
func (s *Server) requestID() echo.MiddlewareFunc {
	mw := middleware.RequestIDWithConfig(middleware.RequestIDConfig{
		RequestIDHandler: func(c echo.Context, id string) { c.Set(ctxRequestID, id) },
	})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		h := mw(next)
		return func(c echo.Context) error {
			if !plainID(c.Request().Header.Get(echo.HeaderXRequestID)) {
				c.Request().Header.Del(echo.HeaderXRequestID)
			}
			return h(c)
		}
	}
}

func plainID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// requestIDOf returns the request's ID.
func requestIDOf(c echo.Context) string {
	id, _ := c.Get(ctxRequestID).(string)
	return id
}

// clientIPExtractor returns how the client address is found: echo's
// X-Forwarded-For extractor, trusting the configured proxies and nothing
// else (not echo's default of every loopback, link-local and private
// address). The direct peer is the client unless it is a trusted proxy;
// then the client is the right-most X-Forwarded-For address that is not a
// trusted proxy. Addresses further left were written by the client and
// could be anything, so they never count: a client cannot dodge the
// per-address sign-in lockout by sending its own X-Forwarded-For.
//
// Before echo reads them, the addresses are made plain (see plainHops), and
// a peer address that does not parse is the answer as it is.
func clientIPExtractor(trusted []netip.Prefix) echo.IPExtractor {
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		if p.Addr().Is4In6() {
			continue // addresses are compared unmapped, so it holds none
		}
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	extract := echo.ExtractIPFromXFFHeader(opts...)
	return func(r *http.Request) string {
		peer, ok := parseAddr(r.RemoteAddr)
		if !ok {
			return r.RemoteAddr
		}
		plain := *r
		plain.RemoteAddr = netip.AddrPortFrom(peer, 0).String()
		plain.Header = http.Header{}
		if hops := plainHops(r.Header.Values(echo.HeaderXForwardedFor)); len(hops) > 0 {
			plain.Header.Set(echo.HeaderXForwardedFor, strings.Join(hops, ","))
		}
		return extract(&plain)
	}
}

// plainHops returns the X-Forwarded-For addresses right of the right-most
// one that does not parse (nothing beyond a garbled hop is trusted), in
// order, without empty hops, ports, brackets or zones, and unmapped.
func plainHops(xff []string) []string {
	hops := strings.Split(strings.Join(xff, ","), ",")
	var out []string
	for i := len(hops) - 1; i >= 0; i-- {
		if strings.TrimSpace(hops[i]) == "" {
			continue
		}
		a, ok := parseAddr(hops[i])
		if !ok {
			break
		}
		out = append(out, a.WithZone("").String()) // echo reads no zones
	}
	slices.Reverse(out)
	return out
}

// parseAddr reads "1.2.3.4", "1.2.3.4:5678", "::1", "[::1]:5678" or "[::1]".
func parseAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

// errPanicked stands for a recovered panic; it has been logged already.
var errPanicked = errors.New("handler panicked")

// recoverPanic turns a panic into a logged 500; the client sees only
// "internal error", never the panic value.
func (s *Server) recoverPanic() echo.MiddlewareFunc {
	return middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisableStackAll: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.log.Error("panic recovered", "err", err, "request_id", requestIDOf(c),
				"method", c.Request().Method, "route", routeOf(c), "stack", string(stack))
			return errPanicked
		},
	})
}

// accessLog handles the error of the rest of the chain (so the status is
// known) and writes one line per request. It never logs headers, bodies or
// query strings, which could carry credentials.
func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		req, res := c.Request(), c.Response()
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelWarn
		}
		s.log.LogAttrs(req.Context(), level, "request",
			slog.String("method", req.Method),
			slog.String("route", routeOf(c)),
			slog.String("path", req.URL.Path),
			slog.Int("status", res.Status),
			slog.Duration("duration", time.Since(start)),
			slog.Int64("bytes", res.Size),
			slog.String("request_id", requestIDOf(c)),
			slog.Int64("user_id", actorOf(c).UserID),
			slog.String("ip", c.RealIP()))
		return nil
	}
}

// limitBody caps request bodies: Deps.UploadLimit on the routes that take
// files or whole messages, Deps.BodyLimit everywhere else (a client cannot
// get the larger limit on another route by calling its body multipart). A
// declared length over the cap is
// refused at once; a body that turns out longer fails when read, and the
// JSON and form readers report it as ErrTooLarge.
func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		limit := s.deps.BodyLimit
		if isUploadRoute(c.Path()) || webFileForms[c.Path()] && isMultipart(req) {
			limit = s.deps.UploadLimit
		}
		if req.ContentLength > limit {
			return errTooLarge()
		}
		if req.Body != nil {
			req.Body = http.MaxBytesReader(c.Response(), req.Body, limit)
		}
		return next(c)
	}
}

// isUploadRoute reports whether route (echo's path template) takes files:
// attachment uploads, whole mail messages posted to the inbound hook, and
// the register's imports.
func isUploadRoute(route string) bool {
	return strings.HasSuffix(route, "/attachments") || route == "/api/v1/inbound/email" ||
		route == registerImportAPI || route == registerImportWeb
}

// webFileForms are the web forms that may carry files besides their fields
// (parseWebForm): a multipart post to them has the upload limit, any other
// post the usual one.
var webFileForms = map[string]bool{"/tasks/:id/actions": true, "/hotspots": true, "/hotspots/:id/feedback": true}

// rejectNUL refuses a NUL character in the path or query: it is never
// meaningful, and the databases cannot store or compare it in text.
func rejectNUL(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u := c.Request().URL
		if strings.Contains(u.RawQuery, "%00") || strings.ContainsRune(u.Path, 0) {
			return domain.Invalid("request.nul_character")
		}
		return next(c)
	}
}

func errTooLarge() error { return domain.Fail(domain.ErrTooLarge, "request.too_large") }

// isTooLarge reports whether err came from reading past the body limit.
func isTooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

// securityHeaders sets the headers every response carries. API answers are
// never cached: they may hold personal data.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		if s.deps.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if isAPI(c) {
			h.Set(echo.HeaderCacheControl, "no-store")
		}
		return next(c)
	}
}

// compressMin is the smallest response compressed: 4 KiB. Below it the
// bytes saved (one task with its record: 1.7 KB → 0.9 KB) arrive within the
// same round trip either way (a connection's first window is about 14 KB),
// so compressing them costs CPU and gains the reader nothing; at 1 KiB the
// server spent 12 % of a task read's CPU on it (BENCHMARKS.md, issue 15,
// fourth round). Pages and lists are larger and still compressed.
const compressMin = 4096

// compressed serves h gzip-compressed to clients that accept it, for
// responses of compressMin bytes or more and of types not already
// compressed, with klauspost/compress's gzhttp around the whole router (less
// CPU than the standard library's gzip as echo middleware, issue 15). It
// compresses statelessly, each response gathered and compressed in one
// piece (coalescedGzip; JSON and pages are rendered into a buffer first
// anyway), so no window is kept between writes and none is held per
// response in flight. At the fastest stateful level each in-flight response
// held about 0.5 MB of encoder state, 16 MB of the heap at 32 concurrent
// requests (BENCHMARKS.md, issue 15, third round). /metrics is left alone:
// the Prometheus handler compresses by itself. So are attachment downloads:
// mostly compressed already (JPEG, PDF, Office), and gzip would drop their
// Content-Length. A response sent again with the same bytes is answered
// from cache (see gzipCache) instead of compressed again.
func compressed(h http.Handler, cache *gzipCache) (http.Handler, error) {
	wrap, err := gzhttp.NewWrapper(gzhttp.CompressionLevel(gzip.StatelessCompression), gzhttp.MinSize(compressMin),
		gzhttp.Implementation(coalescedGzip(cache)), gzhttp.EnableZstd(false))
	if err != nil {
		return nil, fmt.Errorf("server: compression: %w", err)
	}
	gz := wrap(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p == "/metrics" || strings.HasPrefix(p, "/api/v1/attachments/") {
			h.ServeHTTP(w, r)
			return
		}
		gz.ServeHTTP(w, r)
	}), nil
}

// readinessGate answers API requests with 503 while the database is not
// ready, instead of letting each one time out against it. The OpenAPI
// document needs no database.
func (s *Server) readinessGate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if isAPI(c) && c.Request().URL.Path != openAPIPath {
			if err := s.ready.cached(c.Request().Context()); err != nil {
				return errUnavailable()
			}
		}
		return next(c)
	}
}

func errUnavailable() error {
	e := domain.Fail(domain.ErrUnavailable, "error.unavailable")
	e.RetryAfter = retryUnavailable
	return e
}

// retryUnavailable is the Retry-After, in seconds, of a 503.
const retryUnavailable = 5

// isAPI reports whether the request is for the JSON API.
func isAPI(c echo.Context) bool {
	p := c.Request().URL.Path
	return p == "/api" || strings.HasPrefix(p, "/api/")
}

// routeOf returns the route template that matched ("/api/v1/users/:id"),
// or "unmatched": a raw path would let clients create label values at will.
func routeOf(c echo.Context) string {
	if p := c.Path(); p != "" {
		return p
	}
	return "unmatched"
}
