package server

import (
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"xietong/domain/store/storetest"
)

func login(e *testEnv, username, password string, header map[string]string) response {
	e.t.Helper()
	return e.do(request{method: http.MethodPost, path: "/api/v1/auth/login",
		body: loginJSON{Username: username, Password: password}, header: header})
}

func TestLogin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		tests := []struct {
			name, username, password string
			status                   int
		}{
			{"ok", "admin", adminPassword, http.StatusOK},
			{"case-insensitive username", " ADMIN ", adminPassword, http.StatusOK},
			{"bad password", "admin", "wrong-password", http.StatusUnauthorized},
			{"unknown user", "nobody", adminPassword, http.StatusUnauthorized},
			{"empty", "", "", http.StatusUnauthorized},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := login(e, tt.username, tt.password, nil)
				wantStatus(t, r, tt.status)
				if tt.status != http.StatusOK {
					if code := r.errorCode(t); code != "unauthenticated" {
						t.Errorf("code: got %q", code)
					}
					if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
						t.Errorf("WWW-Authenticate: got %q", r.header.Get("WWW-Authenticate"))
					}
					return
				}
				var tok tokenJSON
				r.json(t, &tok)
				if !strings.HasPrefix(tok.Token, "xt_") || tok.ExpiresAt == nil {
					t.Fatalf("got %+v", tok)
				}
				exp, err := time.Parse(time.RFC3339, *tok.ExpiresAt)
				if err != nil || !strings.HasSuffix(*tok.ExpiresAt, "Z") {
					t.Errorf("expires_at %q is not RFC 3339 UTC", *tok.ExpiresAt)
				}
				if want := storetest.Now.Add(12 * time.Hour); !exp.Equal(want) {
					t.Errorf("expires_at: got %v, want %v", exp, want)
				}
				me := e.get("/api/v1/me", tok.Token)
				wantStatus(t, me, http.StatusOK)
			})
		}
	})
}

func TestLogoutRevokesToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	r := login(e, "admin", adminPassword, nil)
	wantStatus(t, r, http.StatusOK)
	var tok tokenJSON
	r.json(t, &tok)
	wantStatus(t, e.do(request{method: http.MethodPost, path: "/api/v1/auth/logout", token: tok.Token}), http.StatusNoContent)
	r = e.get("/api/v1/me", tok.Token)
	wantStatus(t, r, http.StatusUnauthorized)
	// Other tokens of the same user still work.
	wantStatus(t, e.get("/api/v1/me", e.admin), http.StatusOK)
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	cookie := map[string]string{"Cookie": sessionCookie + "=" + e.admin}
	tests := []struct {
		name   string
		method string
		path   string
		header map[string]string
		status int
	}{
		{"bearer", http.MethodGet, "/api/v1/me", map[string]string{"Authorization": "Bearer " + e.admin}, http.StatusOK},
		{"lower-case scheme", http.MethodGet, "/api/v1/me", map[string]string{"Authorization": "bearer " + e.admin}, http.StatusOK},
		{"no credentials", http.MethodGet, "/api/v1/me", nil, http.StatusUnauthorized},
		{"unknown token", http.MethodGet, "/api/v1/me", map[string]string{"Authorization": "Bearer xt_" + strings.Repeat("A", 43)}, http.StatusUnauthorized},
		{"garbage token", http.MethodGet, "/api/v1/me", map[string]string{"Authorization": "Bearer nonsense"}, http.StatusUnauthorized},
		{"basic scheme", http.MethodGet, "/api/v1/me", map[string]string{"Authorization": "Basic YWRtaW46eA=="}, http.StatusUnauthorized},
		{"session cookie read", http.MethodGet, "/api/v1/me", cookie, http.StatusOK},
		{"session cookie cannot write through the API", http.MethodPost, "/api/v1/auth/logout", cookie, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(request{method: tt.method, path: tt.path, header: tt.header})
			wantStatus(t, r, tt.status)
			if tt.status == http.StatusUnauthorized {
				if code := r.errorCode(t); code != "unauthenticated" {
					t.Errorf("code: got %q", code)
				}
				if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate: got %q", r.header.Get("WWW-Authenticate"))
				}
			}
		})
	}
}

func TestLoginLockoutPerAccount(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		for i := 1; i <= 4; i++ {
			wantStatus(t, login(e, "admin", "wrong-password", nil), http.StatusUnauthorized)
		}
		r := login(e, "admin", "wrong-password", nil)
		wantStatus(t, r, http.StatusTooManyRequests)
		if code := r.errorCode(t); code != "rate_limited" {
			t.Errorf("code: got %q", code)
		}
		if n, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || n <= 0 || n > 15*60+1 {
			t.Errorf("Retry-After: got %q", r.header.Get("Retry-After"))
		}
		// Locked: even the right password is refused now.
		wantStatus(t, login(e, "admin", adminPassword, nil), http.StatusTooManyRequests)
		// The lock is on the account, so any other account still signs in.
		e.mustUser("lead1", "lead", "", "")
		wantStatus(t, login(e, "lead1", "user-password-1", nil), http.StatusOK)
	})
}

// lockAddress fails 20 sign-ins (the per-address limit) with distinct
// usernames, so that no account is locked, from the address that header
// makes the server see.
func lockAddress(e *testEnv, header map[string]string) {
	e.t.Helper()
	for i := 1; i <= 20; i++ {
		r := login(e, fmt.Sprintf("ghost%02d", i), "wrong-password", header)
		want := http.StatusUnauthorized
		if i == 20 {
			want = http.StatusTooManyRequests
		}
		wantStatus(e.t, r, want)
	}
}

func TestLoginLockoutPerAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	lockAddress(e, nil)
	wantStatus(t, login(e, "admin", adminPassword, nil), http.StatusTooManyRequests)

	// A forged X-Forwarded-For from an untrusted peer changes nothing.
	spoof := map[string]string{"X-Forwarded-For": "198.51.100.7"}
	r := login(e, "admin", adminPassword, spoof)
	wantStatus(t, r, http.StatusTooManyRequests)
}

func TestLoginBehindTrustedProxy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t), func(d *Deps) {
		d.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
	client1 := map[string]string{"X-Forwarded-For": "198.51.100.7"}
	client2 := map[string]string{"X-Forwarded-For": "198.51.100.8"}
	lockAddress(e, client1)
	wantStatus(t, login(e, "admin", adminPassword, client1), http.StatusTooManyRequests)
	// The lock is on client 1's address, not on the proxy's.
	wantStatus(t, login(e, "admin", adminPassword, client2), http.StatusOK)
	// Client 1 cannot escape by prepending a forged hop: the proxy appends
	// the real address, and the right-most untrusted one counts.
	forged := map[string]string{"X-Forwarded-For": "203.0.113.99, 198.51.100.7"}
	wantStatus(t, login(e, "admin", adminPassword, forged), http.StatusTooManyRequests)

	// The audit trail records the client's address, not the proxy's.
	r := e.get("/api/v1/audit?action=auth.login", e.admin)
	wantStatus(t, r, http.StatusOK)
	var l listJSON[auditJSON]
	r.json(t, &l)
	if len(l.Items) == 0 || l.Items[0].IP != "198.51.100.8" {
		t.Errorf("audit of the sign-in: got %+v, want ip 198.51.100.8", l.Items)
	}
}

func TestClientIP(t *testing.T) {
	t.Parallel()
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	tests := []struct {
		name, remote, xff string
		trust             []netip.Prefix
		want              string
	}{
		{"direct", "203.0.113.5:4000", "", trusted, "203.0.113.5"},
		{"untrusted peer ignores XFF", "203.0.113.5:4000", "198.51.100.1", trusted, "203.0.113.5"},
		{"no trusted proxies", "10.0.0.1:4000", "198.51.100.1", nil, "10.0.0.1"},
		{"trusted peer", "10.0.0.1:4000", "198.51.100.1", trusted, "198.51.100.1"},
		{"right-most untrusted hop", "10.0.0.1:4000", "1.1.1.1, 198.51.100.1, 10.0.0.2", trusted, "198.51.100.1"},
		{"all trusted", "10.0.0.1:4000", "10.0.0.3, 10.0.0.2", trusted, "10.0.0.3"},
		{"trusted peer without XFF", "10.0.0.1:4000", "", trusted, "10.0.0.1"},
		{"garbled hop", "10.0.0.1:4000", "1.1.1.1, garbage, 10.0.0.2", trusted, "10.0.0.2"},
		{"hop with port", "10.0.0.1:4000", "198.51.100.1:5555", trusted, "198.51.100.1"},
		{"ipv6", "[fd00::1]:4000", "2001:db8::7", trusted, "2001:db8::7"},
		{"mapped ipv4", "[::ffff:10.0.0.1]:4000", "198.51.100.1", trusted, "198.51.100.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := http.NewRequest(http.MethodGet, "/", nil)
			if err != nil {
				t.Fatal(err)
			}
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			if got := clientIPExtractor(tt.trust)(r); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
