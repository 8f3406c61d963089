package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"xietong/notifications/i18n"
	"xietong/notifications/xlsx"
)

// Server is the HTTP side of xietong: the JSON API, the web UI, health and
// metrics, on one echo router.
type Server struct {
	// Echo is the router. main serves Handler(); tests may add routes.
	Echo *echo.Echo

	deps     Deps
	log      *slog.Logger
	catalogs *i18n.Catalogue
	books    *xlsx.Writer // the report workbooks, in the catalogue's words
	registry *prometheus.Registry
	metrics  *metrics
	// gzipCache keeps recent compressed responses (see compressed).
	gzipCache *gzipCache
	ready     *readiness
	uploads   uploadSlots
	clientIP  func(*http.Request) string
	handler   http.Handler // Echo behind compression
	activity  activity
}

// New builds the server from its dependencies. It fails when a required
// dependency is missing.
func New(d Deps) (*Server, error) {
	if d.Catalogue == nil || d.Users == nil || d.Catalog == nil || d.Calendar == nil || d.Audit == nil || d.Tasks == nil ||
		d.Hotspots == nil {
		return nil, errors.New("server: Deps needs Catalogue, Users, Catalog, Calendar, Audit, Tasks and Hotspots")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.BodyLimit <= 0 {
		d.BodyLimit = 1 << 20
	}
	if d.UploadLimit <= 0 {
		d.UploadLimit = 20 << 20
	}
	if d.UploadDir != "" {
		if err := os.MkdirAll(d.UploadDir, 0o700); err != nil {
			return nil, fmt.Errorf("server: upload directory: %w", err)
		}
	}
	s := &Server{
		Echo:      echo.New(),
		deps:      d,
		log:       d.Logger,
		catalogs:  d.Catalogue,
		books:     xlsx.NewWriter(d.Catalogue),
		registry:  prometheus.NewRegistry(),
		gzipCache: newGzipCache(gzipCacheBytes),
		ready:     newReadiness(d.Ready),
		uploads:   newUploadSlots(d.UploadConcurrency),
		clientIP:  clientIPExtractor(d.TrustedProxies),
	}
	var err error
	if s.metrics, err = newMetrics(s.registry, d.Version, s.gzipCache, d.Outbox); err != nil {
		return nil, err
	}
	e := s.Echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = s.clientIP
	s.routes(e)
	if s.handler, err = compressed(e, s.gzipCache); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler returns the server as an http.Handler, for main's http.Server
// (which sets the read, write and idle timeouts) and for tests.
func (s *Server) Handler() http.Handler { return s.handler }
