package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xietong/domain/catalog"
	"xietong/domain/store/storetest"
)

// allPages follows next from path until the end and returns every item.
func allPages[T any](t *testing.T, e *testEnv, path string) (items []T, pages int) {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	next := ""
	for {
		p := path
		if next != "" {
			p += sep + "cursor=" + next
		}
		r := e.get(p, e.admin)
		wantStatus(t, r, http.StatusOK)
		var l listJSON[T]
		r.json(t, &l)
		items = append(items, l.Items...)
		pages++
		if l.Next == nil {
			return items, pages
		}
		if pages > 50 {
			t.Fatal("more than 50 pages")
		}
		next = *l.Next
	}
}

func TestOrganizationPagination(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		orgs, pages := allPages[orgJSON](t, e, "/api/v1/organizations?limit=50")
		if len(orgs) < 312 {
			t.Fatalf("got %d organisations, want at least 312", len(orgs))
		}
		if want := (len(orgs) + 49) / 50; pages != want {
			t.Errorf("pages: got %d, want %d", pages, want)
		}
		seen := map[int64]bool{}
		for _, o := range orgs {
			if seen[o.ID] {
				t.Errorf("organisation %d listed twice", o.ID)
			}
			seen[o.ID] = true
		}
		if len(orgs) != len(catalog.Orgs()) {
			t.Errorf("got %d organisations, the catalogue has %d", len(orgs), len(catalog.Orgs()))
		}
		// The default page is 50.
		r := e.get("/api/v1/organizations", e.admin)
		var first listJSON[orgJSON]
		r.json(t, &first)
		if len(first.Items) != 50 || first.Next == nil {
			t.Errorf("default page: got %d items, next %v", len(first.Items), first.Next)
		}
	})
}

func TestOrganizationFilters(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		tests := []struct {
			query string
			count int // -1: at least one
			check func(o orgJSON) bool
		}{
			{"type=public_security", -1, func(o orgJSON) bool { return o.Type == "public_security" }},
			{"type=housing&region=xian", 3, func(o orgJSON) bool { return o.Type == "housing" && o.Region == "xian" }},
			{"region=baoji", 26, func(o orgJSON) bool { return o.Region == "baoji" }},
			{"q=公安", -1, func(o orgJSON) bool { return strings.Contains(o.Name, "公安") }},
			{"q=PUBLIC%20SECURITY", -1, func(o orgJSON) bool { return strings.Contains(strings.ToLower(o.NameEn), "public security") }},
			{"active=false", 0, nil},
			{"active=true&region=hanzhong&limit=5", 5, func(o orgJSON) bool { return o.Active && o.Region == "hanzhong" }},
			{"region=nowhere", 0, nil},
		}
		for _, tt := range tests {
			t.Run(tt.query, func(t *testing.T) {
				items, _ := allPages[orgJSON](t, e, "/api/v1/organizations?"+tt.query)
				if tt.query == "active=true&region=hanzhong&limit=5" {
					items = items[:5]
				}
				if tt.count >= 0 && len(items) != tt.count || tt.count < 0 && len(items) == 0 {
					t.Errorf("got %d items, want %d", len(items), tt.count)
				}
				for _, o := range items {
					if tt.check != nil && !tt.check(o) {
						t.Errorf("item does not match: %+v", o)
					}
				}
			})
		}
	})
}

func TestOrganizationTypes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	r := e.get("/api/v1/organization-types", e.admin)
	wantStatus(t, r, http.StatusOK)
	var l listJSON[orgTypeJSON]
	r.json(t, &l)
	if len(l.Items) != 26 || l.Next != nil || l.Items[0].Code != "housing" || l.Items[0].Group != "lead" {
		t.Errorf("got %d types, next %v, first %+v", len(l.Items), l.Next, l.Items)
	}
	if !strings.Contains(string(r.body), `"next":null`) {
		t.Errorf("next is not null: %s", r.body)
	}
}

func TestOrganizationEdit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		_, dept := e.mustUser("police1", "department", "xian-public_security", "")
		body := map[string]any{"code": "xian-volunteers", "name": "西安市志愿者协会", "name_en": "Xi'an Volunteers",
			"type": "charity", "region": "xian", "contact_email": "Office <VOL@example.cn>"}

		r := e.do(request{method: "POST", path: "/api/v1/organizations", token: dept, body: body})
		wantStatus(t, r, http.StatusForbidden)
		if code := r.errorCode(t); code != "forbidden" {
			t.Errorf("code: got %q", code)
		}

		r = e.do(request{method: "POST", path: "/api/v1/organizations", token: e.admin, body: body})
		wantStatus(t, r, http.StatusCreated)
		var o orgJSON
		r.json(t, &o)
		if o.ID == 0 || o.Code != "xian-volunteers" || o.ContactEmail != "vol@example.cn" || !o.Active || o.Level != "city" {
			t.Errorf("created: %+v", o)
		}

		r = e.do(request{method: "POST", path: "/api/v1/organizations", token: e.admin, body: body})
		wantStatus(t, r, http.StatusConflict)

		path := fmt.Sprintf("/api/v1/organizations/%d", o.ID)
		r = e.do(request{method: "PATCH", path: path, token: e.admin, body: map[string]any{"head_name": "王五", "active": false}})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &o)
		if o.HeadName != "王五" || o.Active || o.Name != "西安市志愿者协会" {
			t.Errorf("updated: %+v", o)
		}
		wantStatus(t, e.do(request{method: "PATCH", path: path, token: dept, body: map[string]any{"name": "x"}}), http.StatusForbidden)
		wantStatus(t, e.do(request{method: "PATCH", path: path, token: e.admin, body: map[string]any{"type": "spaceport"}}), http.StatusBadRequest)
		wantStatus(t, e.do(request{method: "POST", path: "/api/v1/organizations", token: e.admin, body: map[string]any{"name": "no code"}}), http.StatusBadRequest)

		r = e.get(path, dept)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &o)
		if o.HeadName != "王五" {
			t.Errorf("read back: %+v", o)
		}
	})
}

func TestCommunities(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		items, _ := allPages[communityJSON](t, e, "/api/v1/communities?pilot=true")
		if len(items) != 5 {
			t.Fatalf("pilots: got %d, want 5", len(items))
		}
		xian, _ := allPages[communityJSON](t, e, "/api/v1/communities?region=xian")
		if len(xian) != 2 {
			t.Errorf("Xi'an: got %d, want 2", len(xian))
		}
		q, _ := allPages[communityJSON](t, e, "/api/v1/communities?q=lanbo")
		if len(q) != 1 || q[0].Code != "xian-lanbo" || q[0].Scale != "cluster" || q[0].City != "西安市" {
			t.Errorf("q=lanbo: got %+v", q)
		}

		body := map[string]any{"code": "xian-new", "name": "新小区", "region": "xian", "city": "西安市", "scale": "neighborhood"}
		r := e.do(request{method: "POST", path: "/api/v1/communities", token: e.admin, body: body})
		wantStatus(t, r, http.StatusCreated)
		var m communityJSON
		r.json(t, &m)
		if m.Pilot || !m.Active || m.Scale != "neighborhood" {
			t.Errorf("created: %+v", m)
		}
		path := fmt.Sprintf("/api/v1/communities/%d", m.ID)
		r = e.do(request{method: "PATCH", path: path, token: e.admin, body: map[string]any{"pilot": true, "scale": "huge"}})
		wantStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(r.message(t), "huge") {
			t.Errorf("message: %s", r.body)
		}
		r = e.do(request{method: "PATCH", path: path, token: e.admin, body: map[string]any{"pilot": true}})
		wantStatus(t, r, http.StatusOK)
		r = e.get(path, e.admin)
		r.json(t, &m)
		if !m.Pilot {
			t.Errorf("read back: %+v", m)
		}
		_, comm := e.mustUser("mijiaya1", "community", "", "xian-mijiaya")
		wantStatus(t, e.get(path, comm), http.StatusOK)
		wantStatus(t, e.do(request{method: "POST", path: "/api/v1/communities", token: comm, body: body}), http.StatusForbidden)
	})
}
