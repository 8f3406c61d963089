package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// standardEnv is a server with the standards service and a user per role.
type standardEnv struct {
	*testEnv
	tok map[string]string
}

func newStandardEnv(t *testing.T, db *storetest.DB) *standardEnv {
	t.Helper()
	e := newEnv(t, db, func(d *Deps) {
		d.Standards = &domain.StandardService{Store: d.Tasks.Store, Now: d.Tasks.Now}
	})
	w := &standardEnv{testEnv: e, tok: map[string]string{"admin": e.admin}}
	_, w.tok["lead"] = e.mustUser("lead", "lead", "", "")
	_, w.tok["department"] = e.mustUser("police", "department", "xian-public_security", "")
	_, w.tok["community"] = e.mustUser("mijiaya", "community", "", "xian-mijiaya")
	_, w.tok["leadership"] = e.mustUser("leadership", "leadership", "", "")
	return w
}

func (w *standardEnv) call(t testing.TB, method, tok, path string, body any) response {
	t.Helper()
	return w.doT(t, request{method: method, path: path, token: tok, body: body})
}

// sheet is a complete standard body: one indicator per dimension, the
// first not applying to clusters.
func sheet(name string) map[string]any {
	var ins []map[string]any
	for i, d := range domain.Dimensions() {
		points := map[string]any{"residential_district": 10, "neighborhood": 10, "cluster": 10}
		if i == 0 {
			points["cluster"] = nil
		}
		ins = append(ins, map[string]any{"code": fmt.Sprintf("D%d", i+1), "dimension": d, "title": "指标",
			"guidance": "1. 达到；2. 达到。", "assessment": []string{"documents", "site_visit"},
			"evidence_required": i == 1, "veto": i == 3, "points": points})
	}
	return map[string]any{"name": name, "level": "city", "region_code": "610100", "pass_score": 40, "indicators": ins}
}

func TestStandardAPILifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newStandardEnv(t, db)
		lead := w.tok["lead"]
		r := w.call(t, http.MethodPost, lead, standardPath, map[string]any{"name": "西安市标准", "level": "city",
			"region_code": "610100", "pass_score": 0})
		wantStatus(t, r, http.StatusCreated)
		var s standardJSON
		r.json(t, &s)
		if s.ID == 0 || s.Version != 1 || s.Status != "draft" || s.RegionCode != "610100" || len(s.Indicators) != 0 ||
			r.header.Get("Location") != fmt.Sprintf("%s/%d", standardPath, s.ID) {
			t.Fatalf("created: %s", r.body)
		}
		path := fmt.Sprintf("%s/%d", standardPath, s.ID)
		r = w.call(t, http.MethodPost, lead, path+"/publish", nil)
		wantStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(r.message(t), "没有指标") {
			t.Errorf("publish without indicators: %s", r.body)
		}
		r = w.call(t, http.MethodPut, lead, path, sheet("西安市标准"))
		wantStatus(t, r, http.StatusOK)
		r = w.get(path, lead)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &s)
		if len(s.Indicators) != 6 || s.Indicators[0].Points.Cluster != nil || *s.Indicators[1].Points.Cluster != 10 ||
			!s.Indicators[1].EvidenceRequired || !s.Indicators[3].Veto || len(s.Indicators[0].Assessment) != 2 ||
			s.MaxScores.Cluster == nil || *s.MaxScores.Cluster != 50 || *s.MaxScores.Neighborhood != 60 {
			t.Fatalf("stored: %s", r.body)
		}
		if !strings.Contains(string(r.body), `"cluster":null`) {
			t.Errorf("a scale that does not apply is not null: %s", r.body)
		}
		r = w.call(t, http.MethodPost, lead, path+"/publish", nil)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &s)
		if s.Status != "published" {
			t.Fatalf("published: %s", r.body)
		}
		r = w.call(t, http.MethodPut, lead, path, sheet("西安市标准"))
		wantStatus(t, r, http.StatusConflict)
		r = w.call(t, http.MethodPost, lead, path+"/publish", nil)
		wantStatus(t, r, http.StatusConflict)
		r = w.call(t, http.MethodPost, lead, path+"/copy", nil)
		wantStatus(t, r, http.StatusCreated)
		var cp standardJSON
		r.json(t, &cp)
		if cp.Version != 2 || cp.Status != "draft" || len(cp.Indicators) != 6 || cp.ID == s.ID {
			t.Fatalf("copy: %s", r.body)
		}
		r = w.call(t, http.MethodPost, lead, path+"/retire", nil)
		wantStatus(t, r, http.StatusOK)
		r = w.call(t, http.MethodPut, lead, path, sheet("西安市标准"))
		wantStatus(t, r, http.StatusConflict)

		// Changes leave an audit row each.
		var audit listJSON[map[string]any]
		w.get("/api/v1/audit?target="+fmt.Sprintf("standard:%d", s.ID), w.admin).json(t, &audit)
		if len(audit.Items) != 4 {
			t.Errorf("audit rows: got %d, want 4 (create, edit, publish, retire)", len(audit.Items))
		}
	})
}

func TestStandardAPIErrors(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newStandardEnv(t, db)
		lead := w.tok["lead"]
		bad := func(change func(map[string]any)) map[string]any {
			b := sheet("标准")
			change(b)
			return b
		}
		ind := func(b map[string]any, i int) map[string]any { return b["indicators"].([]map[string]any)[i] }
		tests := []struct {
			name   string
			body   any
			status int
			code   string
		}{
			{"malformed", "{", http.StatusBadRequest, "invalid"},
			{"unknown field", map[string]any{"name": "x", "colour": "red"}, http.StatusBadRequest, "invalid"},
			{"pass score above the maximum", bad(func(b map[string]any) { b["pass_score"] = 55 }), http.StatusBadRequest, "invalid"},
			{"duplicate code", bad(func(b map[string]any) { ind(b, 1)["code"] = "D1" }), http.StatusBadRequest, "invalid"},
			{"negative points", bad(func(b map[string]any) {
				ind(b, 2)["points"] = map[string]any{"neighborhood": -1}
			}), http.StatusBadRequest, "invalid"},
			{"unknown dimension", bad(func(b map[string]any) { ind(b, 2)["dimension"] = "harmony" }), http.StatusBadRequest, "invalid"},
			{"bad region", bad(func(b map[string]any) { b["region_code"] = "xian" }), http.StatusBadRequest, "invalid"},
			{"unknown level", bad(func(b map[string]any) { b["level"] = "county" }), http.StatusBadRequest, "invalid"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := w.call(t, http.MethodPost, lead, standardPath, tc.body)
				wantStatus(t, r, tc.status)
				if got := r.errorCode(t); got != tc.code {
					t.Errorf("code: got %s, want %s", got, tc.code)
				}
			})
		}
		r := w.call(t, http.MethodPost, lead, standardPath, sheet("重名"))
		wantStatus(t, r, http.StatusCreated)
		r = w.call(t, http.MethodPost, lead, standardPath, sheet("重名"))
		wantStatus(t, r, http.StatusConflict)
		wantStatus(t, w.get(standardPath+"/999999", lead), http.StatusNotFound)
		wantStatus(t, w.call(t, http.MethodPost, lead, standardPath+"/999999/publish", nil), http.StatusNotFound)
		wantStatus(t, w.get(standardPath+"/abc", lead), http.StatusBadRequest)
		wantStatus(t, w.get(standardPath, ""), http.StatusUnauthorized)
		wantStatus(t, w.get(standardPath+"?status=old", lead), http.StatusBadRequest)
	})
}

// TestStandardAPIRoles is the role matrix: the province (admin, lead)
// writes; everyone signed in reads what is published; a draft is 404 to
// the others.
func TestStandardAPIRoles(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newStandardEnv(t, db)
		var list listJSON[standardJSON]
		w.get(standardPath, w.admin).json(t, &list)
		if len(list.Items) != 1 || list.Items[0].Name != domain.ExampleStandardName || list.Items[0].Status != "published" ||
			len(list.Items[0].Indicators) < 12 {
			t.Fatalf("a new install's standards: %+v", list)
		}
		example := fmt.Sprintf("%s/%d", standardPath, list.Items[0].ID)
		r := w.call(t, http.MethodPost, w.admin, standardPath, sheet("草稿"))
		wantStatus(t, r, http.StatusCreated)
		var draft standardJSON
		r.json(t, &draft)
		draftPath := fmt.Sprintf("%s/%d", standardPath, draft.ID)
		tests := []struct {
			role string
			edit bool
		}{
			{"admin", true},
			{"lead", true},
			{"department", false},
			{"community", false},
			{"leadership", false},
		}
		for _, tc := range tests {
			t.Run(tc.role, func(t *testing.T) {
				tok := w.tok[tc.role]
				write, read := http.StatusForbidden, http.StatusNotFound
				if tc.edit {
					write, read = http.StatusCreated, http.StatusOK
				}
				wantStatus(t, w.call(t, http.MethodPost, tok, standardPath, sheet("标准 "+tc.role)), write)
				wantStatus(t, w.call(t, http.MethodPost, tok, example+"/copy", nil), write)
				wantStatus(t, w.get(example, tok), http.StatusOK)
				wantStatus(t, w.get(draftPath, tok), read)
				if !tc.edit {
					wantStatus(t, w.call(t, http.MethodPut, tok, draftPath, sheet("草稿")), http.StatusForbidden)
					wantStatus(t, w.call(t, http.MethodPost, tok, draftPath+"/publish", nil), http.StatusForbidden)
					wantStatus(t, w.call(t, http.MethodPost, tok, example+"/retire", nil), http.StatusForbidden)
				}
				var l listJSON[standardJSON]
				w.get(standardPath+"?limit=200", tok).json(t, &l)
				for _, s := range l.Items {
					if !tc.edit && s.Status == "draft" {
						t.Errorf("the list shows draft %d", s.ID)
					}
				}
			})
		}
		// Paging: one at a time, in ID order.
		var first, second listJSON[standardJSON]
		w.get(standardPath+"?limit=1", w.admin).json(t, &first)
		if len(first.Items) != 1 || first.Next == nil {
			t.Fatalf("first page: %+v", first)
		}
		w.get(standardPath+"?limit=1&cursor="+*first.Next, w.admin).json(t, &second)
		if len(second.Items) != 1 || second.Items[0].ID <= first.Items[0].ID {
			t.Errorf("second page: %+v", second)
		}
	})
}
