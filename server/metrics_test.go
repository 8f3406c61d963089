package server

import (
	"net/http"
	"strings"
	"testing"

	"xietong/domain/store/storetest"
)

func TestMetrics(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	wantStatus(t, e.get("/api/v1/organizations/1", e.admin), http.StatusOK)
	wantStatus(t, e.get("/api/v1/organizations/999999", e.admin), http.StatusNotFound)
	wantStatus(t, e.get("/api/v1/no/such/thing", e.admin), http.StatusNotFound)
	wantStatus(t, e.get("/no-such-page-42", ""), http.StatusNotFound)

	r := e.get("/metrics", "")
	wantStatus(t, r, http.StatusOK)
	body := string(r.body)
	for _, want := range []string{
		`xietong_http_requests_total{method="GET",route="/api/v1/organizations/:id",status="200"} 1`,
		`xietong_http_requests_total{method="GET",route="/api/v1/organizations/:id",status="404"} 1`,
		`xietong_http_requests_total{method="GET",route="unmatched",status="404"} 2`,
		`xietong_http_request_duration_seconds_bucket{method="GET",route="/api/v1/organizations/:id",le="`,
		`xietong_build_info{version="test"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, raw := range []string{`route="/api/v1/organizations/1"`, "/api/v1/organizations/999999", "no-such-page-42", "/no/such/thing"} {
		if strings.Contains(body, raw) {
			t.Errorf("metrics contain the raw path %s", raw)
		}
	}
}
