package server

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"xietong/domain/store/storetest"
)

// TestErrorClasses sends every kind of bad request the API must answer with
// a 4xx and the JSON envelope, never a 500.
func TestErrorClasses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t), func(d *Deps) { d.BodyLimit = 4096 })
	big := `{"code":"x","name":"` + strings.Repeat("长", 4096) + `"}`
	tests := []struct {
		name        string
		method      string
		path        string
		body        any
		status      int
		code        string
		messageHas  string
		unauthorize bool
	}{
		{"malformed JSON", "POST", "/api/v1/organizations", `{"code":`, 400, "invalid", "JSON", false},
		{"not JSON at all", "POST", "/api/v1/organizations", `code=x`, 400, "invalid", "JSON", false},
		{"empty body", "POST", "/api/v1/organizations", ``, 400, "invalid", "JSON", false},
		{"two values", "POST", "/api/v1/organizations", `{} {}`, 400, "invalid", "JSON", false},
		{"unknown field", "POST", "/api/v1/organizations", `{"code":"x-y","bogus":1}`, 400, "invalid", "bogus", false},
		{"wrong type", "POST", "/api/v1/organizations", `{"code":"x-y","name":5}`, 400, "invalid", "name", false},
		{"wrong type nested", "PUT", "/api/v1/calendar/years/2030", `{"days":[{"date":20300101}]}`, 400, "invalid", "days", false},
		{"array instead of object", "POST", "/api/v1/users", `[]`, 400, "invalid", "", false},
		{"number overflow", "POST", "/api/v1/users", `{"org_id":1e400}`, 400, "invalid", "", false},
		{"read-only field", "PATCH", "/api/v1/organizations/1", `{"code":"new-code"}`, 400, "invalid", "code", false},
		{"oversized", "POST", "/api/v1/organizations", big, 413, "too_large", "", false},
		{"oversized without length", "POST", "/api/v1/organizations", io.MultiReader(strings.NewReader(big)), 413, "too_large", "", false},
		{"unknown organisation", "GET", "/api/v1/organizations/999999", nil, 404, "not_found", "999999", false},
		{"unknown community", "PATCH", "/api/v1/communities/999999", `{"name":"x"}`, 404, "not_found", "", false},
		{"unknown user", "GET", "/api/v1/users/999999", nil, 404, "not_found", "", false},
		{"non-numeric id", "GET", "/api/v1/organizations/abc", nil, 400, "invalid", "abc", false},
		{"zero id", "GET", "/api/v1/communities/0", nil, 400, "invalid", "", false},
		{"negative id", "GET", "/api/v1/users/-1", nil, 400, "invalid", "", false},
		{"huge id", "GET", "/api/v1/organizations/99999999999999999999", nil, 400, "invalid", "", false},
		{"limit not a number", "GET", "/api/v1/organizations?limit=ten", nil, 400, "invalid", "200", false},
		{"limit zero", "GET", "/api/v1/organizations?limit=0", nil, 400, "invalid", "", false},
		{"limit too big", "GET", "/api/v1/organizations?limit=201", nil, 400, "invalid", "", false},
		{"bad cursor", "GET", "/api/v1/organizations?cursor=%21%21%21", nil, 400, "invalid", "", false},
		{"forged cursor", "GET", "/api/v1/organizations?cursor=Zm9v", nil, 400, "invalid", "", false},
		{"bad boolean", "GET", "/api/v1/communities?pilot=maybe", nil, 400, "invalid", "pilot", false},
		{"bad filter id", "GET", "/api/v1/users?org_id=abc", nil, 400, "invalid", "org_id", false},
		{"bad type filter", "GET", "/api/v1/organizations?type=spaceport", nil, 400, "invalid", "spaceport", false},
		{"NUL in a body", "PATCH", "/api/v1/organizations/1", `{"name":"a\u0000b"}`, 400, "invalid", "", false},
		{"NUL in a query", "GET", "/api/v1/organizations?q=a%00b", nil, 400, "invalid", "", false},
		{"NUL in a filter", "GET", "/api/v1/communities?region=%00", nil, 400, "invalid", "", false},
		{"unknown API path", "GET", "/api/v1/no-such-thing", nil, 404, "not_found", "", false},
		{"unknown API version", "GET", "/api/v2/organizations", nil, 404, "not_found", "", false},
		{"wrong method", "DELETE", "/api/v1/me", nil, 405, "method_not_allowed", "", false},
		{"no credentials", "GET", "/api/v1/organizations", nil, 401, "unauthenticated", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := e.admin
			if tt.unauthorize {
				token = ""
			}
			r := e.do(request{method: tt.method, path: tt.path, token: token, body: tt.body})
			wantStatus(t, r, tt.status)
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type: got %q", ct)
			}
			if code := r.errorCode(t); code != tt.code {
				t.Errorf("code: got %q, want %q", code, tt.code)
			}
			if msg := r.message(t); !strings.Contains(msg, tt.messageHas) {
				t.Errorf("message: got %q, want it to name %q", msg, tt.messageHas)
			}
		})
	}
}

// TestNoServerErrorOnBadBodies throws odd bodies at every route that reads
// one: whatever the answer, it is never a 500.
func TestNoServerErrorOnBadBodies(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	routes := []struct{ method, path string }{
		{"POST", "/api/v1/auth/login"},
		{"POST", "/api/v1/organizations"},
		{"PATCH", "/api/v1/organizations/1"},
		{"POST", "/api/v1/communities"},
		{"PATCH", "/api/v1/communities/1"},
		{"POST", "/api/v1/users"},
		{"PATCH", "/api/v1/users/1"},
		{"PUT", "/api/v1/calendar/years/2030"},
	}
	bodies := []string{``, `null`, `true`, `"x"`, `[]`, `{}`, `{"":""}`, `{"name":null}`,
		`{"days":null}`, `{"days":[null]}`, `{"days":[{}]}`, `{"year":"2030"}`, `{"active":"yes"}`,
		`{"username":{"a":1}}`, `{"password":"` + strings.Repeat("x", 300) + `"}`, "\xff\xfe", `{"name":"\u0000"}`}
	for _, rt := range routes {
		for _, b := range bodies {
			r := e.do(request{method: rt.method, path: rt.path, token: e.admin, body: b})
			if r.status >= 500 {
				t.Errorf("%s %s %q: status %d: %s\n%s", rt.method, rt.path, b, r.status, r.body, e.logs)
			}
		}
	}
}

func TestErrorLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	tests := []struct {
		name   string
		query  string
		header map[string]string
		want   string
	}{
		{"default Chinese", "", nil, "找不到单位 999999"},
		{"query", "?lang=en", nil, "Organisation 999999 not found"},
		{"Accept-Language", "", map[string]string{"Accept-Language": "en-GB,en;q=0.9"}, "Organisation 999999 not found"},
		{"Accept-Language prefers Chinese", "", map[string]string{"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}, "找不到单位 999999"},
		{"query beats header", "?lang=zh-CN", map[string]string{"Accept-Language": "en"}, "找不到单位 999999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(request{method: "GET", path: "/api/v1/organizations/999999" + tt.query, token: e.admin, header: tt.header})
			wantStatus(t, r, http.StatusNotFound)
			if msg := r.message(t); msg != tt.want {
				t.Errorf("message: got %q, want %q", msg, tt.want)
			}
		})
	}
}
