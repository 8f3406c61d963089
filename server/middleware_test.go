package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
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

	// The same answer again comes from the compressed-response cache, byte
	// for byte as compressed the first time; a changed answer is never
	// served from it.
	unzip := func(body []byte) string {
		t.Helper()
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const orgs = "/api/v1/organizations?limit=200"
	_, first := get(orgs, "gzip")
	hits := e.srv.gzipCache.hits.Load()
	_, again := get(orgs, "gzip")
	if !bytes.Equal(again, first) || e.srv.gzipCache.hits.Load() != hits+1 {
		t.Errorf("the same answer again: %d bytes (first %d), cache hits %d → %d, want one more",
			len(again), len(first), hits, e.srv.gzipCache.hits.Load())
	}
	r := e.do(request{method: http.MethodPatch, path: "/api/v1/organizations/1", token: e.admin,
		body: map[string]any{"head_name": "缓存之后的负责人"}})
	wantStatus(t, r, http.StatusOK)
	_, changed := get(orgs, "gzip")
	_, plain := get(orgs, "")
	if got := unzip(changed); got != string(plain) || !strings.Contains(got, "缓存之后的负责人") {
		t.Errorf("after a change the compressed answer reads %d bytes, the plain one %d, or lacks the change",
			len(got), len(plain))
	}
}

// gzipOnce is p compressed statelessly in one piece.
func gzipOnce(p []byte) []byte {
	var b bytes.Buffer
	gz, _ := kpgzip.NewWriterLevel(&b, kpgzip.StatelessCompression) // the level is valid
	gz.Write(p)
	gz.Close()
	return b.Bytes()
}

// TestGzipCache: a body sent again is written from the cache exactly as
// compressing it gives; a body one byte different is compressed anew;
// bodies the cache does not take (too short, too long, flushed) leave it
// alone; the cache stays within its size, dropping the oldest first.
func TestGzipCache(t *testing.T) {
	cache := newGzipCache(4 << 10) // a page compresses to a few hundred bytes
	send := func(p []byte, flush bool) []byte {
		var b bytes.Buffer
		w := coalescedGzip(cache).New(&b, kpgzip.StatelessCompression)
		w.Write(p[:len(p)/2])
		if flush {
			if err := w.(interface{ Flush() error }).Flush(); err != nil {
				t.Fatal(err)
			}
		}
		w.Write(p[len(p)/2:])
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	page := func(i int) []byte {
		return []byte(strings.Repeat(fmt.Sprintf(`{"id":%d,"title":"治安防控问题督办","status":"in_progress"},`, i), 300))
	}
	counts := func() [2]uint64 { return [2]uint64{cache.hits.Load(), cache.misses.Load()} }

	p := page(1)
	if got, want := send(p, false), gzipOnce(p); !bytes.Equal(got, want) || counts() != [2]uint64{0, 1} {
		t.Fatalf("first send: %d bytes, compressed %d; hits and misses %v, want [0 1]", len(got), len(want), counts())
	}
	if got, want := send(p, false), gzipOnce(p); !bytes.Equal(got, want) || counts() != [2]uint64{1, 1} {
		t.Fatalf("second send: %d bytes, compressed %d; hits and misses %v, want [1 1]", len(got), len(want), counts())
	}
	q := bytes.Clone(p)
	q[len(q)-3] = '7' // same length, one byte apart
	if got, want := send(q, false), gzipOnce(q); !bytes.Equal(got, want) || counts() != [2]uint64{1, 2} {
		t.Fatalf("a body one byte apart: %d bytes, compressed %d; hits and misses %v, want [1 2]", len(got), len(want), counts())
	}

	before := counts()
	for _, body := range [][]byte{p[:compressMin-1], bytes.Repeat(p, 10)} {
		if got := send(body, false); !bytes.Equal(got, gzipOnce(body)) && len(body) < coalesceMax {
			t.Errorf("a body of %d bytes: not the compressed body", len(body))
		}
	}
	if got := send(p, true); len(got) == 0 {
		t.Error("a flushed body: nothing written")
	}
	if counts() != before {
		t.Errorf("bodies the cache does not take moved its counts %v → %v", before, counts())
	}

	for i := 2; i < 200; i++ {
		send(page(i), false)
		if cache.bytes > cache.maxBytes {
			t.Fatalf("after %d bodies the cache holds %d bytes, more than its %d", i, cache.bytes, cache.maxBytes)
		}
	}
	if _, ok := cache.entries[cache.key(p)]; ok {
		t.Error("the oldest body is still cached after 200 others")
	}
	if _, ok := cache.entries[cache.key(page(199))]; !ok {
		t.Error("the newest body is not cached")
	}
	if len(cache.entries) != len(cache.order)-cache.head {
		t.Errorf("%d entries, %d in the queue", len(cache.entries), len(cache.order)-cache.head)
	}
}

// TestCoalescedGzip: writes gathered into one piece come out as the same
// data written at once, whatever their sizes; longer data in pieces still
// reads back whole.
func TestCoalescedGzip(t *testing.T) {
	data := []byte(strings.Repeat(`{"id":1,"title":"治安防控问题督办","status":"in_progress"},`, 3000)) // 180 KB
	coalesced := func(p []byte, sizes ...int) []byte {
		var b bytes.Buffer
		w := coalescedGzip(nil).New(&b, kpgzip.StatelessCompression)
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
	if got, want := coalesced(page, compressMin), gzipOnce(page); !bytes.Equal(got, want) {
		t.Errorf("a page written in two pieces: %d bytes, written at once %d", len(got), len(want))
	}
	if got, want := coalesced(page, 1, 2, 3, 100, 5000), gzipOnce(page); !bytes.Equal(got, want) {
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
