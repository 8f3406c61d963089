package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

func TestLadderPolicyAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		list := func(tok string) listJSON[policyJSON] {
			t.Helper()
			r := w.doT(t, request{method: http.MethodGet, path: "/api/v1/ladder/policies", token: tok})
			wantStatus(t, r, http.StatusOK)
			var out listJSON[policyJSON]
			r.json(t, &out)
			return out
		}
		ps := list(w.tok["leadership"])
		if len(ps.Items) != 3 || ps.Items[0].Priority != "normal" || !ps.Items[0].Default ||
			ps.Items[0].Rungs[2].ID != "urge+1" || ps.Items[0].Rungs[4].Audiences[0] != "leadership" {
			t.Fatalf("defaults: %+v", ps.Items)
		}
		r := w.doT(t, request{method: http.MethodGet, path: "/api/v1/ladder/policies", token: w.tok["police"]})
		wantStatus(t, r, http.StatusForbidden)

		put := func(tok string, body any) response {
			return w.doT(t, request{method: http.MethodPut, path: "/api/v1/ladder/policies/urgent", token: tok, body: body})
		}
		good := map[string]any{"version": 0, "rungs": []map[string]any{
			{"step": "remind", "offset_working_days": -1, "audiences": []string{"lead_contact"}, "template": "ladder_remind"},
			{"step": "urge", "offset_working_days": 1, "audiences": []string{"lead_contact", "lead_head"}, "template": "ladder_urge"},
			{"step": "listed", "offset_working_days": 2, "audiences": []string{"leadership"}, "template": "ladder_listed",
				"list_in_report": true},
		}}
		wantStatus(t, put(w.tok["lead"], good), http.StatusForbidden)
		bad := map[string]any{"version": 0, "rungs": []map[string]any{
			{"step": "urge", "offset_working_days": -2, "audiences": []string{"everyone"}, "template": "ladder_urge"}}}
		r = put(w.tok["admin"], bad)
		wantStatus(t, r, http.StatusBadRequest)
		if !strings.Contains(string(r.body), "提醒须在期限前") {
			t.Errorf("bad policy: %s", r.body)
		}
		wantStatus(t, put(w.tok["admin"], map[string]any{"rungs": good["rungs"]}), http.StatusBadRequest)
		r = put(w.tok["admin"], good)
		wantStatus(t, r, http.StatusOK)
		var saved policyJSON
		r.json(t, &saved)
		if saved.Version != 1 || saved.Default || len(saved.Rungs) != 3 || saved.UpdatedAt == nil {
			t.Errorf("saved: %+v", saved)
		}
		wantStatus(t, put(w.tok["admin"], good), http.StatusConflict) // version 0 is stale now
		if got := list(w.tok["admin"]).Items[2]; got.Priority != "urgent" || got.Version != 1 || len(got.Rungs) != 3 {
			t.Errorf("listed after save: %+v", got)
		}
		r = w.doT(t, request{method: http.MethodDelete, path: "/api/v1/ladder/policies/urgent", token: w.tok["admin"]})
		wantStatus(t, r, http.StatusNoContent)
		if got := list(w.tok["admin"]).Items[2]; !got.Default || len(got.Rungs) != 4 {
			t.Errorf("after reset: %+v", got)
		}
		r = w.doT(t, request{method: http.MethodDelete, path: "/api/v1/ladder/policies/whenever", token: w.tok["admin"]})
		wantStatus(t, r, http.StatusBadRequest)
	})
}

// The preview is a dry run: it shows the steps and queues nothing.
func TestLadderPreviewAPI(t *testing.T) {
	w := newTaskEnv(t, storetest.SQLite(t))
	id := w.createTask(t, nil).ID // due Monday 2025-03-10
	preview := func(tok, at string) response {
		return w.doT(t, request{method: http.MethodGet, path: "/api/v1/ladder/preview?at=" + at, token: tok})
	}
	wantStatus(t, preview(w.tok["lead"], "2025-03-12T09:00:00%2B08:00"), http.StatusForbidden)
	wantStatus(t, preview(w.tok["admin"], "yesterday"), http.StatusBadRequest)
	r := preview(w.tok["admin"], "2025-03-12T09:00:00%2B08:00")
	wantStatus(t, r, http.StatusOK)
	var out sweepJSON
	r.json(t, &out)
	if !out.DryRun || !out.Open || out.Sent != 1 || out.Skipped != 2 || len(out.Steps) != 3 {
		t.Fatalf("preview: %+v", out)
	}
	if s := out.Steps[2]; s.TaskID != id || s.Rung != "urge+1" || s.Action != "send" || len(s.Recipients) == 0 {
		t.Errorf("urge step: %+v", s)
	}
	// Nothing was queued or recorded: a second preview sees the same.
	r = preview(w.tok["admin"], "2025-03-12T09:00:00%2B08:00")
	var again sweepJSON
	r.json(t, &again)
	if again.Sent != 1 || again.Skipped != 2 {
		t.Errorf("second preview: %+v", again)
	}
	r = preview(w.tok["admin"], "2025-03-15T09:00:00%2B08:00") // a Saturday
	var closed sweepJSON
	r.json(t, &closed)
	if closed.Open || len(closed.Steps) != 0 {
		t.Errorf("weekend preview: %+v", closed)
	}
}

// The task page shows the supervision step the ladder reached.
func TestWebTaskShowsLadderStep(t *testing.T) {
	w := newTaskWorld(t, storetest.SQLite(t))
	// Monday 2 March 2099, Monday to Friday working days: due Monday 9 March.
	task := w.task(w.lead, domain.CreateTask{Title: "逾期未办", LeadOrgID: w.orgID(orgPolice), DueInWorkingDays: 5})
	b := w.as("police")
	if doc := b.mustGet("/tasks/" + webID(task.ID)); doc.Find("#task-ladder").Length() != 0 {
		t.Fatal("a task no step reached shows a supervision step")
	}
	sup := &domain.SupervisionService{Store: w.db.Store, Calendar: &domain.CalendarService{Store: w.db.Store,
		Now: w.clock.Now}, Location: storetest.Shanghai, Now: w.clock.Now}
	at := time.Date(2099, 3, 11, 9, 0, 0, 0, storetest.Shanghai) // urge+1 fell on Tuesday 10 March
	if r, err := sup.Sweep(context.Background(), at, false); err != nil || r.Sent != 1 {
		t.Fatalf("sweep: %+v %v", r, err)
	}
	doc := b.mustGet("/tasks/" + webID(task.ID))
	if got := webText(doc.Find("#task-ladder")); got != "催办" {
		t.Errorf("ladder step: %q", got)
	}
	if got := webText(doc.Find(`ol.record li[data-action="ladder_urge"]`)); !strings.Contains(got, "催办") {
		t.Errorf("record: %q", got)
	}
	// A system event: "系统" for its actor, the rung as people say it.
	if got := webText(doc.Find(`ol.record li[data-action="ladder_urge"] .ev-actor`)); got != "系统" {
		t.Errorf("the step's actor: %q", got)
	}
	if got := webText(doc.Find(`ol.record li[data-action="ladder_urge"] .ev-note`)); got != "逾期1个工作日催办" {
		t.Errorf("the step's note: %q", got)
	}
}
