package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	kpgzip "github.com/klauspost/compress/gzip"
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
// shorter one (about 2 KB, under compressMin) is not; compressed, the long
// ones (one longer than a coalesced piece) read as the plain answer.
func TestGzip(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	get := func(path, accept string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+e.admin)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, body
	}
	for _, c := range []struct {
		path string
		want string
	}{
		{"/api/v1/organizations?limit=200", "gzip"},
		{openAPIPath, "gzip"}, // longer than coalesceMax
		{"/api/v1/organizations?limit=8", ""},
	} {
		res, body := get(c.path, "gzip")
		if got := res.Header.Get("Content-Encoding"); got != c.want || res.StatusCode != http.StatusOK {
			t.Errorf("%s (%d bytes): status %d, Content-Encoding %q, want %q", c.path, len(body), res.StatusCode, got, c.want)
		}
		if c.want == "" {
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if _, plain := get(c.path, ""); !bytes.Equal(unzipped, plain) {
			t.Errorf("%s: %d bytes compressed read as %d bytes, the plain answer is %d", c.path, len(body),
				len(unzipped), len(plain))
		}
	}
}

// TestCoalescedGzip: writes gathered into one piece come out as the same
// data written at once, whatever their sizes; longer data in pieces still
// reads back whole.
func TestCoalescedGzip(t *testing.T) {
	data := []byte(strings.Repeat(`{"id":1,"title":"治安防控问题督办","status":"in_progress"},`, 3000)) // 180 KB
	once := func(p []byte) []byte {
		var b bytes.Buffer
		gz, _ := kpgzip.NewWriterLevel(&b, kpgzip.StatelessCompression)
		gz.Write(p)
		gz.Close()
		return b.Bytes()
	}
	coalesced := func(p []byte, sizes ...int) []byte {
		var b bytes.Buffer
		w := coalescedGzip.New(&b, kpgzip.StatelessCompression)
		for _, n := range sizes {
			w.Write(p[:n])
			p = p[n:]
		}
		w.Write(p)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	page := data[:31000]
	if got, want := coalesced(page, compressMin), once(page); !bytes.Equal(got, want) {
		t.Errorf("a page written in two pieces: %d bytes, written at once %d", len(got), len(want))
	}
	if got, want := coalesced(page, 1, 2, 3, 100, 5000), once(page); !bytes.Equal(got, want) {
		t.Errorf("a page written in six pieces: %d bytes, written at once %d", len(got), len(want))
	}
	for _, sizes := range [][]int{{compressMin}, {coalesceMax + 1}, {10, coalesceMax - 10, 7}} {
		zr, err := gzip.NewReader(bytes.NewReader(coalesced(data, sizes...)))
		if err != nil {
			t.Fatal(err)
		}
		if back, err := io.ReadAll(zr); err != nil || !bytes.Equal(back, data) {
			t.Errorf("pieces %v: read back %d bytes (%v), want %d", sizes, len(back), err, len(data))
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
