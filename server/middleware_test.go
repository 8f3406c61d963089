package server

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"xietong/domain/store/storetest"
)

func TestPanicIsInternalError(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	e.srv.Echo.GET("/api/v1/test-panic", func(c echo.Context) error { panic("secret panic detail") })
	e.srv.Echo.GET("/test-panic", func(c echo.Context) error { panic("secret panic detail") })

	for _, path := range []string{"/api/v1/test-panic", "/test-panic"} {
		r := e.get(path, "")
		wantStatus(t, r, http.StatusInternalServerError)
		if strings.Contains(string(r.body), "secret panic detail") {
			t.Errorf("%s: the response shows the panic: %s", path, r.body)
		}
		rid := r.header.Get("X-Request-ID")
		if rid == "" {
			t.Fatalf("%s: no X-Request-ID", path)
		}
		if !strings.Contains(e.logs.String(), `"request_id":"`+rid+`"`) {
			t.Errorf("%s: the panic is not logged with its request ID", path)
		}
	}
	r := e.get("/api/v1/test-panic", "")
	if code := r.errorCode(t); code != "internal" {
		t.Errorf("code: got %q, want internal", code)
	}
	if msg := r.message(t); msg != "内部错误" {
		t.Errorf("message: got %q, want 内部错误", msg)
	}
	if !strings.Contains(e.logs.String(), "secret panic detail") {
		t.Error("the panic value is not logged")
	}
	// The server still answers.
	wantStatus(t, e.get("/healthz", ""), http.StatusOK)
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		secure bool
	}{
		{"plain", false},
		{"secure cookies", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, storetest.SQLite(t), func(d *Deps) { d.SecureCookies = tt.secure })
			r := e.get("/api/v1/organizations", e.admin)
			for h, want := range map[string]string{
				"X-Content-Type-Options": "nosniff",
				"X-Frame-Options":        "DENY",
				"Referrer-Policy":        "same-origin",
				"Cache-Control":          "no-store",
			} {
				if got := r.header.Get(h); got != want {
					t.Errorf("%s: got %q, want %q", h, got, want)
				}
			}
			if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
				t.Errorf("Content-Security-Policy: got %q", csp)
			}
			if hsts := r.header.Get("Strict-Transport-Security"); (hsts != "") != tt.secure {
				t.Errorf("Strict-Transport-Security: got %q with SecureCookies %v", hsts, tt.secure)
			}
		})
	}
}

func TestRequestID(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	tests := []struct {
		name, sent string
		kept       bool
	}{
		{"none", "", false},
		{"plain", "abc-123.x_y", true},
		{"unsafe", "abc\"},{\"evil\":1", false},
		{"too long", strings.Repeat("a", 65), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{}
			if tt.sent != "" {
				h["X-Request-ID"] = tt.sent
			}
			r := e.do(request{method: http.MethodGet, path: "/healthz", header: h})
			got := r.header.Get("X-Request-ID")
			if got == "" {
				t.Fatal("no X-Request-ID")
			}
			if (got == tt.sent) != tt.kept {
				t.Errorf("got %q for %q, kept want %v", got, tt.sent, tt.kept)
			}
		})
	}
}

// TestGzip: a long answer is compressed for a client that accepts gzip, a
// shorter one (about 2 KB, under compressMin) is not.
func TestGzip(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	for _, c := range []struct {
		path string
		want string
	}{
		{"/api/v1/organizations?limit=200", "gzip"},
		{"/api/v1/organizations?limit=8", ""},
	} {
		req, err := http.NewRequest(http.MethodGet, e.ts.URL+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+e.admin)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if got := res.Header.Get("Content-Encoding"); got != c.want || res.StatusCode != http.StatusOK {
			t.Errorf("%s (%d bytes): status %d, Content-Encoding %q, want %q", c.path, len(body), res.StatusCode, got, c.want)
		}
	}
}

func TestAccessLogHasNoSecrets(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	wantStatus(t, e.get("/api/v1/me", e.admin), http.StatusOK)
	r := e.do(request{method: http.MethodPost, path: "/api/v1/auth/login",
		body: loginJSON{Username: "admin", Password: adminPassword}})
	wantStatus(t, r, http.StatusOK)
	var tok tokenJSON
	r.json(t, &tok)
	logs := e.logs.String()
	for _, secret := range []string{e.admin, tok.Token, adminPassword} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains a secret")
		}
	}
	if !strings.Contains(logs, `"route":"/api/v1/me"`) || !strings.Contains(logs, `"user_id":1`) {
		t.Errorf("the access log lacks route or user_id:\n%s", logs)
	}
}

// TestUploadLimitOnlyOnUploadRoutes: calling a body multipart does not buy
// the upload limit on a route that takes no files.
func TestUploadLimitOnlyOnUploadRoutes(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t)) // BodyLimit 64 KiB, UploadLimit 20 MiB
	body := strings.Repeat("x", 100<<10)
	r := e.do(request{method: http.MethodPost, path: "/api/v1/users", token: e.admin, body: body,
		header: map[string]string{"Content-Type": "multipart/form-data; boundary=zzz"}})
	wantStatus(t, r, http.StatusRequestEntityTooLarge)
}
