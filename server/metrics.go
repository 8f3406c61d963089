package server

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"xietong/domain"
)

// metrics are the server's own Prometheus series. They live in the
// server's registry, not the global one, so two servers in one test
// process do not collide.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry, version string, gz *gzipCache, outbox *domain.OutboxService) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "xietong_http_requests_total",
			Help: "HTTP requests answered, by method, route template and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "xietong_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by method and route template.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
	}
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "xietong_build_info",
		Help:        "Always 1; the version label says which build runs.",
		ConstLabels: prometheus.Labels{"version": version},
	})
	info.Set(1)
	gzipCached := func(result string, n *atomic.Uint64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "xietong_http_gzip_cache_total",
			Help:        "Responses of a size the compressed-response cache takes, by whether their compressed form was found in it (hit) or compressed anew (miss).",
			ConstLabels: prometheus.Labels{"result": result},
		}, func() float64 { return float64(n.Load()) })
	}
	for _, c := range []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, info,
		gzipCached("hit", &gz.hits), gzipCached("miss", &gz.misses),
	} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	if outbox == nil {
		return m, nil
	}
	backlog := &backlogGauge{outbox: outbox}
	for _, c := range []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "xietong_mail_queued",
			Help: "Messages queued or being sent, retries due later included (the database's, all replicas').",
		}, func() float64 { return backlog.read().Queued }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "xietong_mail_unaddressed",
			Help: "Task changes whose messages the relay has yet to address (the database's, all replicas').",
		}, func() float64 { return backlog.read().Unaddressed }),
	} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// measure counts every request and times it, after the inner middleware
// (including panic recovery) has settled the status.
func (s *Server) measure(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if !probe(c.Request().URL.Path) {
			s.activity.begin()
			defer s.activity.end()
		}
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		method, route := methodLabel(c.Request().Method), routeOf(c)
		s.metrics.requests.WithLabelValues(method, route, strconv.Itoa(c.Response().Status)).Inc()
		s.metrics.duration.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
		return nil
	}
}

// methodLabel keeps the method label to the standard methods: any other
// string a client sends is "other".
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// handleMetrics serves the registry in the Prometheus text format.
func (s *Server) handleMetrics() echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
}

// activity is whether the server is answering requests: how many are in
// flight and when the last one ended. Probes (health, readiness, metrics)
// do not count.
type activity struct {
	inFlight atomic.Int64
	lastEnd  atomic.Int64 // Unix nanoseconds
}

func (a *activity) begin() { a.inFlight.Add(1) }

func (a *activity) end() {
	a.lastEnd.Store(time.Now().UnixNano())
	a.inFlight.Add(-1)
}

// busyWindow is how long after its last request a server still counts as
// busy: requests come in bursts with gaps between them.
const busyWindow = time.Second

// Busy reports whether the server is answering requests: one is in flight,
// or one ended within the last second. The mail relay sends at a limited
// rate while it is (XIETONG_MAIL_BUSY_RATE), so that mail, which can wait
// seconds, leaves the processor to the people waiting for an answer.
func (s *Server) Busy() bool {
	return s.activity.inFlight.Load() > 0 || time.Since(time.Unix(0, s.activity.lastEnd.Load())) < busyWindow
}

// probe reports whether path is a health, readiness or metrics probe.
func probe(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/metrics"
}

// backlogGauge reads the mail backlog once for both of its gauges: a scrape
// asks for each, one right after the other. NaN when the database does not
// answer within two seconds.
type backlogGauge struct {
	outbox *domain.OutboxService
	mu     sync.Mutex
	at     time.Time
	last   struct{ Queued, Unaddressed float64 }
}

func (g *backlogGauge) read() struct{ Queued, Unaddressed float64 } {
	g.mu.Lock()
	defer g.mu.Unlock()
	if time.Since(g.at) < time.Second {
		return g.last
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	b, err := g.outbox.Backlog(ctx)
	g.at = time.Now()
	if err != nil {
		g.last.Queued, g.last.Unaddressed = math.NaN(), math.NaN()
	} else {
		g.last.Queued, g.last.Unaddressed = float64(b.Queued), float64(b.Unaddressed)
	}
	return g.last
}
