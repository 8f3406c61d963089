package server

import (
	"net/http"
	"net/url"
	"testing"

	"xietong/domain/store/storetest"
)

// TestReportPolicyAPI edits the deduction policy and recomputes a report
// issued under the old version: it gets the old scores back.
func TestReportPolicyAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newReportEnv(t, db)
		const week = "?from=2025-03-03&to=2025-03-09&today=2025-03-10&scope=city&region=xian"
		healthScore := func(r reportJSON) float64 {
			for _, o := range r.Organizations {
				if *o.OrgID == w.org["health"] && o.Score != nil {
					return *o.Score
				}
			}
			return -1
		}
		issued := w.report(t, w.tok["leadership"], week)
		// 4 working days overdue at 0.5 each under version 1.
		if issued.Policy.Version != 1 || healthScore(issued) != 98 || issued.Policy.Rules.OverdueDay.Per != 0.5 {
			t.Fatalf("issued under %+v, health %v", issued.Policy, healthScore(issued))
		}
		var cur reportPolicyJSON
		r := w.do(request{method: http.MethodGet, path: "/api/v1/reports/policy", token: w.tok["lead"]})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &cur)
		if cur.Version != 1 || cur.CreatedBy != nil || cur.Rules.Unsatisfied.Cap != 15 {
			t.Errorf("current: %+v", cur)
		}
		body := map[string]any{"version": 1, "note": "每日 1 分", "rules": map[string]any{
			"overdue_day": map[string]any{"per": 1, "cap": 20}, "return": map[string]any{"per": 1, "cap": 10},
			"reopen": map[string]any{"per": 2, "cap": 10}, "unsatisfied": map[string]any{"per": 3, "cap": 15},
			"ladder_step": map[string]any{"per": 1, "cap": 10}}}
		for _, tt := range []struct {
			who    string
			status int
		}{{"lead", http.StatusForbidden}, {"leadership", http.StatusForbidden}, {"admin", http.StatusOK},
			{"admin", http.StatusConflict}} { // the second save still says version 1
			r = w.do(request{method: http.MethodPut, path: "/api/v1/reports/policy", token: w.tok[tt.who], body: body})
			if r.status != tt.status {
				t.Errorf("%s PUT: got %d, want %d: %s", tt.who, r.status, tt.status, r.body)
			}
		}
		bad := map[string]any{"version": 2, "rules": map[string]any{"overdue_day": map[string]any{"per": 0.55, "cap": 20}}}
		r = w.do(request{method: http.MethodPut, path: "/api/v1/reports/policy", token: w.tok["admin"], body: bad})
		wantStatus(t, r, http.StatusBadRequest)

		now := w.report(t, w.tok["leadership"], week)
		if now.Policy.Version != 2 || healthScore(now) != 96 {
			t.Errorf("after the edit: version %d, health %v; want 2 and 96", now.Policy.Version, healthScore(now))
		}
		again := w.report(t, w.tok["leadership"], week+"&policy_version=1")
		if again.Policy.Version != 1 || healthScore(again) != healthScore(issued) {
			t.Errorf("recomputed under version 1: version %d, health %v; want the issued %v",
				again.Policy.Version, healthScore(again), healthScore(issued))
		}
		r = w.do(request{method: http.MethodGet, path: reportPath + week + "&policy_version=9", token: w.tok["lead"]})
		wantStatus(t, r, http.StatusNotFound)
		var list listJSON[reportPolicyJSON]
		r = w.do(request{method: http.MethodGet, path: "/api/v1/reports/policy/versions", token: w.tok["admin"]})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &list)
		if len(list.Items) != 2 || list.Items[0].Version != 2 || list.Items[0].Note != "每日 1 分" ||
			list.Items[1].Rules.OverdueDay.Per != 0.5 {
			t.Errorf("versions: %+v", list.Items)
		}
		r = w.do(request{method: http.MethodGet, path: "/api/v1/reports/policy", token: w.tok["police"]})
		wantStatus(t, r, http.StatusForbidden)
	})
}

// TestReportPolicyPage saves a version through the admin's form.
func TestReportPolicyPage(t *testing.T) {
	w := newReportEnv(t, storetest.SQLite(t))
	admin := w.webAs(t, "admin")
	res, doc := admin.get("/reports/policy")
	wantWebStatus(t, res, http.StatusOK)
	if doc.Find(`#policy-form input[name="overdue_day.per"]`).AttrOr("value", "") != "0.5" {
		t.Errorf("form: %q", webText(doc.Find("#policy-form")))
	}
	form := url.Values{"_csrf": {webCSRFOf(t, doc)}, "version": {"1"}, "note": {"调整"}, "overdue_day.per": {"1"},
		"overdue_day.cap": {"20"}, "return.per": {"1"}, "return.cap": {"10"}, "reopen.per": {"2"},
		"reopen.cap": {"10"}, "unsatisfied.per": {"3"}, "unsatisfied.cap": {"15"}, "ladder_step.per": {"1"},
		"ladder_step.cap": {"10"}}
	res, _ = admin.post("/reports/policy", form)
	wantWebStatus(t, res, http.StatusSeeOther)
	res, doc = admin.get(res.Header.Get("Location"))
	wantWebStatus(t, res, http.StatusOK)
	if doc.Find(`p.notice`).Length() != 1 || doc.Find(`#policy-versions tr[data-version="2"]`).Length() != 1 {
		t.Errorf("after saving: %q", webText(doc.Find("#policy-versions")))
	}
	res, _ = admin.post("/reports/policy", form) // version 1 is no longer the latest
	wantWebStatus(t, res, http.StatusConflict)
	lead := w.webAs(t, "lead")
	res, doc = lead.get("/reports/policy")
	wantWebStatus(t, res, http.StatusOK)
	if doc.Find(`#policy-form input`).Length() != 0 {
		t.Error("a lead sees the form's inputs")
	}
}
