package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"xietong/domain/store/storetest"
)

// reportHotspot files a hot-spot for mijiaya as its community user.
func (w *taskEnv) reportHotspot(t testing.TB, title string) hotspotJSON {
	t.Helper()
	r := w.post(t, w.tok["mijiaya"], "/api/v1/hotspots", map[string]any{"title": title, "description": "三号楼旁",
		"community_id": w.comm["mijiaya"], "category": "facilities"})
	wantStatus(t, r, http.StatusCreated)
	var h hotspotJSON
	r.json(t, &h)
	return h
}

// dispatch hands hot-spot id to police (health co-organising) as the lead.
func (w *taskEnv) dispatch(t testing.TB, id int64) taskJSON {
	t.Helper()
	r := w.post(t, w.tok["lead"], fmt.Sprintf("/api/v1/hotspots/%d/dispatch", id), map[string]any{
		"lead_org_id": w.org["police"], "co_org_ids": []int64{w.org["health"]}, "due_in_working_days": 5})
	wantStatus(t, r, http.StatusCreated)
	var out taskJSON
	r.json(t, &out)
	return out
}

// hotspotIn reports a hot-spot and brings it to status (awaiting_feedback:
// its one task closed).
func (w *taskEnv) hotspotIn(t testing.TB, status string) int64 {
	t.Helper()
	h := w.reportHotspot(t, "路灯不亮")
	switch status {
	case "reported":
	case "rejected":
		wantStatus(t, w.post(t, w.tok["lead"], fmt.Sprintf("/api/v1/hotspots/%d/reject", h.ID),
			map[string]any{"reason": "不属于受理范围"}), http.StatusOK)
	case "dispatched":
		w.dispatch(t, h.ID)
	case "awaiting_feedback":
		w.closeTask(t, w.dispatch(t, h.ID).ID, w.tok["police"])
	default:
		t.Fatalf("hotspotIn: unknown status %q", status)
	}
	return h.ID
}

// closeTask carries a task from assigned to closed; tok is its lead
// organisation's user.
func (w *taskEnv) closeTask(t testing.TB, id int64, tok string) {
	t.Helper()
	w.mustAct(t, tok, id, map[string]any{"action": "accept"})
	w.mustAct(t, tok, id, map[string]any{"action": "submit", "note": "已修复"})
	w.mustAct(t, w.tok["lead"], id, map[string]any{"action": "close"})
}

func (w *taskEnv) getHotspot(t testing.TB, tok string, id int64) hotspotDetailJSON {
	t.Helper()
	r := w.doT(t, request{method: http.MethodGet, path: fmt.Sprintf("/api/v1/hotspots/%d", id), token: tok})
	wantStatus(t, r, http.StatusOK)
	var out hotspotDetailJSON
	r.json(t, &out)
	return out
}

func (w *taskEnv) listHotspots(t testing.TB, tok, query string) listJSON[hotspotJSON] {
	t.Helper()
	r := w.doT(t, request{method: http.MethodGet, path: "/api/v1/hotspots?" + query, token: tok})
	wantStatus(t, r, http.StatusOK)
	var out listJSON[hotspotJSON]
	r.json(t, &out)
	return out
}

func TestHotspotLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		lead, police, health, mijiaya := w.tok["lead"], w.tok["police"], w.tok["health"], w.tok["mijiaya"]
		r := w.post(t, mijiaya, "/api/v1/hotspots", map[string]any{"title": "路灯不亮", "description": "三号楼旁",
			"community_id": w.comm["mijiaya"], "category": "facilities"})
		wantStatus(t, r, http.StatusCreated)
		var h hotspotJSON
		r.json(t, &h)
		if h.ID == 0 || h.Status != "reported" || h.CommunityID != w.comm["mijiaya"] || h.Category != "facilities" ||
			h.RejectReason != nil || h.Satisfaction != nil || len(h.TaskIDs) != 0 || h.CreatedAt == nil {
			t.Errorf("reported: %s", r.body)
		}
		if !strings.Contains(string(r.body), `"task_ids":[]`) {
			t.Errorf("task_ids is not an empty list: %s", r.body)
		}
		if loc := r.header.Get("Location"); loc != fmt.Sprintf("/api/v1/hotspots/%d", h.ID) {
			t.Errorf("Location: got %q", loc)
		}

		// Dispatched twice: two tasks, each carrying the hot-spot.
		r = w.post(t, lead, fmt.Sprintf("/api/v1/hotspots/%d/dispatch", h.ID), map[string]any{"lead_org_id": w.org["police"],
			"co_org_ids": []int64{w.org["health"]}, "due_date": "2025-03-14", "priority": "high", "note": "请尽快处理"})
		wantStatus(t, r, http.StatusCreated)
		var t1 taskJSON
		r.json(t, &t1)
		if t1.HotspotID == nil || *t1.HotspotID != h.ID || t1.Source != "hotspot" || t1.Title != "路灯不亮" ||
			t1.Category != "facilities" || t1.CommunityID == nil || *t1.CommunityID != w.comm["mijiaya"] ||
			t1.Priority != "high" || t1.DueDate != "2025-03-14" || t1.Status != "assigned" {
			t.Errorf("dispatched task: %s", r.body)
		}
		r = w.post(t, w.tok["admin"], fmt.Sprintf("/api/v1/hotspots/%d/dispatch", h.ID), map[string]any{
			"lead_org_id": w.org["finance"], "due_in_working_days": 3})
		wantStatus(t, r, http.StatusCreated)
		var t2 taskJSON
		r.json(t, &t2)
		if t2.DueDate != "2025-03-06" || t2.Priority != "normal" {
			t.Errorf("second task: %s", r.body)
		}

		// The community follows progress, but not the departments' notes.
		w.mustAct(t, health, t1.ID, map[string]any{"action": "note", "note": "内部：需财政配合"})
		w.mustAct(t, police, t1.ID, map[string]any{"action": "accept"})
		d := w.getHotspot(t, mijiaya, h.ID)
		if d.Status != "dispatched" || !slices.Equal(d.TaskIDs, []int64{t1.ID, t2.ID}) || len(d.Tasks) != 2 {
			t.Fatalf("community view: %+v", d)
		}
		if got := eventActions(d.Tasks[0].Events); !slices.Equal(got, []string{"assign", "accept"}) {
			t.Errorf("community sees events %v, want assign, accept", got)
		}
		if got := eventActions(w.getHotspot(t, lead, h.ID).Tasks[0].Events); !slices.Equal(got, []string{"assign", "note", "accept"}) {
			t.Errorf("lead sees events %v, want assign, note, accept", got)
		}

		// All tasks closed: awaiting feedback. Unsatisfied reopens them.
		w.mustAct(t, police, t1.ID, map[string]any{"action": "submit", "note": "已修复"})
		w.mustAct(t, lead, t1.ID, map[string]any{"action": "close"})
		if d := w.getHotspot(t, lead, h.ID); d.Status != "dispatched" {
			t.Errorf("one of two tasks closed: status %s", d.Status)
		}
		w.closeTask(t, t2.ID, w.tok["finance"])
		if d := w.getHotspot(t, mijiaya, h.ID); d.Status != "awaiting_feedback" {
			t.Errorf("all tasks closed: status %s", d.Status)
		}
		r = w.post(t, mijiaya, fmt.Sprintf("/api/v1/hotspots/%d/feedback", h.ID), map[string]any{"satisfaction": "unsatisfied", "note": "晚上仍然不亮"})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &h)
		if h.Status != "dispatched" || h.Reopens != 1 || h.Satisfaction == nil || *h.Satisfaction != "unsatisfied" ||
			h.FeedbackNote == nil || *h.FeedbackNote != "晚上仍然不亮" {
			t.Errorf("unsatisfied: %s", r.body)
		}
		td := w.getTask(t, police, t1.ID)
		if last := td.Events[len(td.Events)-1]; td.Status != "in_progress" || last.Action != "reopen" || last.Note != "晚上仍然不亮" {
			t.Errorf("reopened task: status %s, last event %+v", td.Status, last)
		}

		w.mustAct(t, police, t1.ID, map[string]any{"action": "submit", "note": "已更换灯具"})
		w.mustAct(t, lead, t1.ID, map[string]any{"action": "close"})
		w.mustAct(t, w.tok["finance"], t2.ID, map[string]any{"action": "submit", "note": "资金已拨付"})
		w.mustAct(t, lead, t2.ID, map[string]any{"action": "close"})
		r = w.post(t, mijiaya, fmt.Sprintf("/api/v1/hotspots/%d/feedback", h.ID), map[string]any{"satisfaction": "satisfied", "note": ""})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &h)
		if h.Status != "resolved" || h.ResolvedAt == nil || *h.Satisfaction != "satisfied" || h.Reopens != 1 {
			t.Errorf("resolved: %s", r.body)
		}

		// A rejected issue shows the community the reason.
		other := w.reportHotspot(t, "广场舞噪音")
		r = w.post(t, lead, fmt.Sprintf("/api/v1/hotspots/%d/reject", other.ID), map[string]any{"reason": "请联系物业"})
		wantStatus(t, r, http.StatusOK)
		if d := w.getHotspot(t, mijiaya, other.ID); d.Status != "rejected" || d.RejectReason == nil || *d.RejectReason != "请联系物业" {
			t.Errorf("rejected: %+v", d.hotspotJSON)
		}
		wantStatus(t, w.get("/api/v1/hotspots/999999", lead), http.StatusNotFound)
	})
}

func eventActions(evs []taskEventJSON) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Action
	}
	return out
}

func TestHotspotList(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		a := w.reportHotspot(t, "一").ID
		b := w.reportHotspot(t, "二").ID
		w.dispatch(t, b)
		r := w.post(t, w.tok["lanbo"], "/api/v1/hotspots", map[string]any{"title": "三", "community_id": w.comm["lanbo"], "category": "elderly"})
		wantStatus(t, r, http.StatusCreated)
		var hc hotspotJSON
		r.json(t, &hc)
		c := hc.ID
		d := w.reportHotspot(t, "四").ID

		hids := func(l listJSON[hotspotJSON]) []int64 {
			var out []int64
			for _, h := range l.Items {
				out = append(out, h.ID)
			}
			return out
		}
		tests := []struct {
			name, tok, query string
			want             []int64
		}{
			{"newest first", "lead", "", []int64{d, c, b, a}},
			{"status", "lead", "status=reported", []int64{d, c, a}},
			{"community", "leadership", fmt.Sprintf("community_id=%d", w.comm["lanbo"]), []int64{c}},
			{"both", "admin", fmt.Sprintf("community_id=%d&status=dispatched", w.comm["mijiaya"]), []int64{b}},
			{"community sees its own", "mijiaya", "", []int64{d, b, a}},
			{"community filter cannot widen", "lanbo", fmt.Sprintf("community_id=%d", w.comm["mijiaya"]), nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := hids(w.listHotspots(t, w.tok[tt.tok], tt.query)); !slices.Equal(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			})
		}
		var got []int64
		for next, pages := "", 0; ; pages++ {
			q := "limit=3"
			if next != "" {
				q += "&cursor=" + url.QueryEscape(next)
			}
			l := w.listHotspots(t, w.tok["lead"], q)
			got = append(got, hids(l)...)
			if l.Next == nil {
				if pages != 1 {
					t.Errorf("%d pages, want 2", pages+1)
				}
				break
			}
			next = *l.Next
		}
		if !slices.Equal(got, []int64{d, c, b, a}) {
			t.Errorf("paged: got %v", got)
		}
		if l := w.listHotspots(t, w.tok["lead"], "status=dispatched"); len(l.Items) != 1 || len(l.Items[0].TaskIDs) != 1 {
			t.Errorf("dispatched hot-spot lists its task: %+v", l.Items)
		}
	})
}

// TestHotspotBadInput: every bad request is a 400 whose message says what is wrong.
func TestHotspotBadInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		reported, awaiting := w.hotspotIn(t, "reported"), w.hotspotIn(t, "awaiting_feedback")
		at := func(id int64, verb string) string { return fmt.Sprintf("/api/v1/hotspots/%d/%s", id, verb) }
		police := w.org["police"]
		tests := []struct {
			name, tok, method, path string
			body                    any
			want                    string
		}{
			{"report without title", "mijiaya", "POST", "/api/v1/hotspots", map[string]any{"community_id": w.comm["mijiaya"], "category": "elderly"}, "Enter a title"},
			{"report without community", "lead", "POST", "/api/v1/hotspots", map[string]any{"title": "x", "category": "elderly"}, "Choose the community"},
			{"report unknown community", "lead", "POST", "/api/v1/hotspots", map[string]any{"title": "x", "community_id": 999999, "category": "elderly"}, "Community 999999 does not exist"},
			{"report bad category", "mijiaya", "POST", "/api/v1/hotspots", map[string]any{"title": "x", "community_id": w.comm["mijiaya"], "category": "misc"}, `"misc"`},
			{"report unknown field", "mijiaya", "POST", "/api/v1/hotspots", map[string]any{"title": "x", "community_id": w.comm["mijiaya"], "category": "elderly", "status": "resolved"}, `"status"`},
			{"report malformed", "mijiaya", "POST", "/api/v1/hotspots", `[`, "not valid JSON"},
			{"dispatch without organisation", "lead", "POST", at(reported, "dispatch"), map[string]any{"due_in_working_days": 5}, "lead organisation"},
			{"dispatch co-organiser is lead", "lead", "POST", at(reported, "dispatch"), map[string]any{"lead_org_id": police, "co_org_ids": []int64{police}, "due_in_working_days": 5}, "cannot be the lead"},
			{"dispatch duplicate co-organisers", "lead", "POST", at(reported, "dispatch"), map[string]any{"lead_org_id": police, "co_org_ids": []int64{w.org["health"], w.org["health"]}, "due_in_working_days": 5}, "listed twice"},
			{"dispatch unknown organisation", "lead", "POST", at(reported, "dispatch"), map[string]any{"lead_org_id": 999999, "due_in_working_days": 5}, "Organisation 999999"},
			{"dispatch past due date", "lead", "POST", at(reported, "dispatch"), map[string]any{"lead_org_id": police, "due_date": "2025-01-01"}, "2025-01-01 is in the past"},
			{"dispatch bad date", "lead", "POST", at(reported, "dispatch"), map[string]any{"lead_org_id": police, "due_date": "2025-02-30"}, `"2025-02-30"`},
			{"dispatch bad priority", "lead", "POST", at(reported, "dispatch"), map[string]any{"lead_org_id": police, "due_in_working_days": 5, "priority": "now"}, `"now"`},
			{"reject without reason", "lead", "POST", at(reported, "reject"), map[string]any{"reason": " "}, "reason for rejecting"},
			{"feedback unsatisfied without note", "mijiaya", "POST", at(awaiting, "feedback"), map[string]any{"satisfaction": "unsatisfied"}, "not satisfied"},
			{"feedback bad satisfaction", "mijiaya", "POST", at(awaiting, "feedback"), map[string]any{"satisfaction": "meh", "note": "x"}, `"meh"`},
			{"feedback wrong type", "mijiaya", "POST", at(awaiting, "feedback"), map[string]any{"satisfaction": 5}, `"satisfaction"`},
			{"bad hot-spot id", "lead", "GET", "/api/v1/hotspots/x", nil, `ID "x"`},
			{"list bad status", "lead", "GET", "/api/v1/hotspots?status=bogus", nil, `"bogus"`},
			{"list bad community", "lead", "GET", "/api/v1/hotspots?community_id=x", nil, "community_id"},
			{"list bad limit", "lead", "GET", "/api/v1/hotspots?limit=201", nil, "limit must be"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := w.doT(t, request{method: tt.method, path: tt.path, token: w.tok[tt.tok], body: tt.body,
					header: map[string]string{"Accept-Language": "en"}})
				wantStatus(t, r, http.StatusBadRequest)
				if msg := r.message(t); !strings.Contains(msg, tt.want) {
					t.Errorf("message: got %q, want it to contain %q", msg, tt.want)
				}
			})
		}
		// Nothing half-written: the reported issue has no task, the other
		// still waits for feedback.
		if d := w.getHotspot(t, w.tok["lead"], reported); d.Status != "reported" || len(d.TaskIDs) != 0 {
			t.Errorf("reported after bad input: %+v", d.hotspotJSON)
		}
		if d := w.getHotspot(t, w.tok["lead"], awaiting); d.Status != "awaiting_feedback" || d.Reopens != 0 {
			t.Errorf("awaiting after bad input: %+v", d.hotspotJSON)
		}
	})
}
