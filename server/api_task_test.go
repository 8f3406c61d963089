package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// taskEnv is a server with a user of every kind the task and hot-spot rules
// tell apart: the bureau (admin, lead), leadership, departments of three
// organisations and users of two communities.
type taskEnv struct {
	*testEnv
	org  map[string]int64  // police, health, finance, civil
	comm map[string]int64  // mijiaya, lanbo
	tok  map[string]string // admin, lead, leadership, police, health, finance, mijiaya, lanbo
}

func newTaskEnv(t *testing.T, db *storetest.DB) *taskEnv {
	t.Helper()
	e := newEnv(t, db)
	w := &taskEnv{testEnv: e, org: map[string]int64{}, comm: map[string]int64{}, tok: map[string]string{"admin": e.admin}}
	ctx := context.Background()
	for key, code := range map[string]string{"police": "xian-public_security", "health": "xian-health",
		"finance": "xian-finance", "civil": "xian-civil_affairs"} {
		o, err := db.OrganizationByCode(ctx, code)
		if err != nil {
			t.Fatalf("organisation %s: %v", code, err)
		}
		w.org[key] = o.ID
		if key != "civil" {
			_, w.tok[key] = e.mustUser(key, "department", code, "")
		}
	}
	for key, code := range map[string]string{"mijiaya": "xian-mijiaya", "lanbo": "xian-lanbo"} {
		c, err := db.CommunityByCode(ctx, code)
		if err != nil {
			t.Fatalf("community %s: %v", code, err)
		}
		w.comm[key] = c.ID
		_, w.tok[key] = e.mustUser(key, "community", "", code)
	}
	_, w.tok["lead"] = e.mustUser("lead", "lead", "", "")
	_, w.tok["leadership"] = e.mustUser("leadership", "leadership", "", "")
	return w
}

// post sends body as JSON.
func (w *taskEnv) post(t testing.TB, tok, path string, body any) response {
	t.Helper()
	return w.doT(t, request{method: http.MethodPost, path: path, token: tok, body: body})
}

// createTask assigns a task as the lead: by default led by police with
// health co-organising, in mijiaya, due in five working days.
func (w *taskEnv) createTask(t testing.TB, fields map[string]any) taskJSON {
	t.Helper()
	body := map[string]any{"title": "整治小区周边治安", "description": "夜间巡逻", "lead_org_id": w.org["police"],
		"co_org_ids": []int64{w.org["health"]}, "community_id": w.comm["mijiaya"], "due_in_working_days": 5}
	for k, v := range fields {
		if v == nil {
			delete(body, k)
		} else {
			body[k] = v
		}
	}
	r := w.post(t, w.tok["lead"], "/api/v1/tasks", body)
	wantStatus(t, r, http.StatusCreated)
	var out taskJSON
	r.json(t, &out)
	return out
}

// act takes an action on task id.
func (w *taskEnv) act(t testing.TB, tok string, id int64, body map[string]any) response {
	t.Helper()
	return w.post(t, tok, fmt.Sprintf("/api/v1/tasks/%d/actions", id), body)
}

// mustAct takes an action that must succeed.
func (w *taskEnv) mustAct(t testing.TB, tok string, id int64, body map[string]any) taskJSON {
	t.Helper()
	r := w.act(t, tok, id, body)
	wantStatus(t, r, http.StatusOK)
	var out taskJSON
	r.json(t, &out)
	return out
}

// getTask reads one task with its record.
func (w *taskEnv) getTask(t testing.TB, tok string, id int64) taskDetailJSON {
	t.Helper()
	r := w.doT(t, request{method: http.MethodGet, path: fmt.Sprintf("/api/v1/tasks/%d", id), token: tok})
	wantStatus(t, r, http.StatusOK)
	var out taskDetailJSON
	r.json(t, &out)
	return out
}

// list fetches one page of a list.
func (w *taskEnv) list(t testing.TB, tok, path string) listJSON[taskJSON] {
	t.Helper()
	r := w.doT(t, request{method: http.MethodGet, path: path, token: tok})
	wantStatus(t, r, http.StatusOK)
	var out listJSON[taskJSON]
	r.json(t, &out)
	return out
}

// taskIn makes a default task and brings it to state: a status, or
// "extension" / "transfer" for an accepted / assigned task with that
// request pending.
func (w *taskEnv) taskIn(t testing.TB, state string) int64 {
	t.Helper()
	id := w.createTask(t, nil).ID
	police := w.tok["police"]
	steps := map[string][]map[string]any{
		"assigned":    nil,
		"accepted":    {{"action": "accept"}},
		"in_progress": {{"action": "accept"}, {"action": "progress", "note": "已走访"}},
		"submitted":   {{"action": "accept"}, {"action": "submit", "note": "已完成"}},
		"closed":      {{"action": "accept"}, {"action": "submit", "note": "已完成"}},
		"extension":   {{"action": "accept"}, {"action": "request_extension", "due_date": "2025-04-30", "note": "需协调"}},
		"transfer":    {{"action": "request_transfer", "note": "不属于本单位职责"}},
	}
	s, ok := steps[state]
	if !ok {
		t.Fatalf("taskIn: unknown state %q", state)
	}
	for _, b := range s {
		w.mustAct(t, police, id, b)
	}
	if state == "closed" {
		w.mustAct(t, w.tok["lead"], id, map[string]any{"action": "close"})
	}
	return id
}

func taskIDs(ts []taskJSON) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func TestTaskCreateGetAndRecord(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		r := w.post(t, w.tok["lead"], "/api/v1/tasks", map[string]any{"title": " 加装电梯 ", "description": "老旧小区",
			"lead_org_id": w.org["police"], "co_org_ids": []int64{w.org["health"], w.org["finance"]},
			"community_id": w.comm["mijiaya"], "priority": "urgent", "source": "meeting", "category": "elderly",
			"due_in_working_days": 5})
		wantStatus(t, r, http.StatusCreated)
		var got taskJSON
		r.json(t, &got)
		// Assigned Monday 3 March 2025; five working days on is Monday 10 March.
		want := taskJSON{ID: got.ID, Title: "加装电梯", Description: "老旧小区", Status: "assigned",
			LeadOrgID: w.org["police"], CoOrgIDs: []int64{w.org["health"], w.org["finance"]},
			Priority: "urgent", Source: "meeting", Category: "elderly", DueDate: "2025-03-10",
			AssignedOn: "2025-03-03", DeadlineState: "on_track", Version: 1}
		if got.Title != want.Title || got.Description != want.Description || got.Status != want.Status ||
			got.LeadOrgID != want.LeadOrgID || !slices.Equal(got.CoOrgIDs, want.CoOrgIDs) ||
			got.Priority != want.Priority || got.Source != want.Source || got.Category != want.Category ||
			got.DueDate != want.DueDate || got.AssignedOn != want.AssignedOn ||
			got.DeadlineState != want.DeadlineState || got.Version != want.Version || got.Provisional {
			t.Errorf("created:\n got %+v\nwant %+v", got, want)
		}
		if got.CommunityID == nil || *got.CommunityID != w.comm["mijiaya"] || got.HotspotID != nil ||
			got.DueInWorkingDays == nil || *got.DueInWorkingDays != 5 || got.ExtensionRequestedTo != nil ||
			got.ClosedAt != nil || got.CreatedAt == nil || *got.CreatedAt != "2025-03-03T01:00:00Z" {
			t.Errorf("created: optional fields %s", r.body)
		}
		if loc := r.header.Get("Location"); loc != fmt.Sprintf("/api/v1/tasks/%d", got.ID) {
			t.Errorf("Location: got %q", loc)
		}
		if et := r.header.Get("ETag"); et != `"1"` {
			t.Errorf("ETag: got %q, want \"1\"", et)
		}

		// A date deadline leaves due_in_working_days null; a missing
		// community is null, and no co-organisers an empty list.
		r = w.post(t, w.tok["admin"], "/api/v1/tasks", map[string]any{"title": "x", "lead_org_id": w.org["health"],
			"due_date": "2025-03-04"})
		wantStatus(t, r, http.StatusCreated)
		for _, frag := range []string{`"due_in_working_days":null`, `"community_id":null`, `"co_org_ids":[]`,
			`"due_date":"2025-03-04"`, `"deadline_state":"due_soon"`, `"source":"plan"`, `"category":"other"`, `"priority":"normal"`} {
			if !strings.Contains(string(r.body), frag) {
				t.Errorf("date task lacks %s: %s", frag, r.body)
			}
		}

		// The record: every step, oldest first, with actor, organisation,
		// channel and the status change.
		id := got.ID
		w.mustAct(t, w.tok["health"], id, map[string]any{"action": "note", "note": "已安排社区医生"})
		w.mustAct(t, w.tok["police"], id, map[string]any{"action": "accept"})
		w.mustAct(t, w.tok["police"], id, map[string]any{"action": "progress", "note": "已走访"})
		w.mustAct(t, w.tok["police"], id, map[string]any{"action": "submit", "note": "已完成"})
		closed := w.mustAct(t, w.tok["lead"], id, map[string]any{"action": "close", "note": "同意办结"})
		if closed.Status != "closed" || closed.ClosedAt == nil || closed.DeadlineState != "done" || closed.Version != 6 {
			t.Errorf("closed: %+v", closed)
		}
		d := w.getTask(t, w.tok["police"], id)
		type ev struct{ action, actor, from, to, note string }
		var evs []ev
		for _, e := range d.Events {
			from, to := "", ""
			if e.From != nil {
				from = *e.From
			}
			if e.To != nil {
				to = *e.To
			}
			evs = append(evs, ev{e.Action, e.Actor, from, to, e.Note})
			if e.Channel != "api" || e.At == nil || e.ID == 0 {
				t.Errorf("event %+v: channel %q at %v", e, e.Channel, e.At)
			}
		}
		wantEvs := []ev{
			{"assign", "lead", "", "assigned", ""},
			{"note", "health", "assigned", "assigned", "已安排社区医生"},
			{"accept", "police", "assigned", "accepted", ""},
			{"progress", "police", "accepted", "in_progress", "已走访"},
			{"submit", "police", "in_progress", "submitted", "已完成"},
			{"close", "lead", "submitted", "closed", "同意办结"},
		}
		if !slices.Equal(evs, wantEvs) {
			t.Errorf("events:\n got %v\nwant %v", evs, wantEvs)
		}
		if e := d.Events[1]; e.ActorOrgID == nil || *e.ActorOrgID != w.org["health"] {
			t.Errorf("note event organisation: %+v", e)
		}
		if e := d.Events[0]; e.ActorOrgID != nil {
			t.Errorf("the lead belongs to no organisation: %+v", e)
		}

		wantStatus(t, w.get("/api/v1/tasks/999999", w.tok["lead"]), http.StatusNotFound)
		wantStatus(t, w.get("/api/v1/tasks/abc", w.tok["lead"]), http.StatusBadRequest)
		wantStatus(t, w.get(fmt.Sprintf("/api/v1/tasks/%d", id), ""), http.StatusUnauthorized)
	})
}

func TestTaskActionsEndpoint(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		lead, police := w.tok["lead"], w.tok["police"]

		// Extension: requested by the lead organisation, approved by the bureau.
		id := w.taskIn(t, "accepted")
		got := w.mustAct(t, police, id, map[string]any{"action": "request_extension", "due_date": "2025-03-31", "note": "需协调"})
		if got.ExtensionRequestedTo == nil || *got.ExtensionRequestedTo != "2025-03-31" || got.DueDate != "2025-03-10" {
			t.Errorf("extension requested: %+v", got)
		}
		wantStatus(t, w.act(t, police, id, map[string]any{"action": "request_extension", "due_date": "2025-04-30", "note": "再延"}), http.StatusConflict)
		got = w.mustAct(t, lead, id, map[string]any{"action": "approve_extension"})
		if got.DueDate != "2025-03-31" || got.ExtensionRequestedTo != nil || got.DueInWorkingDays != nil {
			t.Errorf("extension approved: %+v", got)
		}
		w.mustAct(t, police, id, map[string]any{"action": "request_extension", "due_date": "2025-04-30", "note": "仍需协调"})
		got = w.mustAct(t, lead, id, map[string]any{"action": "reject_extension", "note": "不同意"})
		if got.DueDate != "2025-03-31" || got.ExtensionRequestedTo != nil {
			t.Errorf("extension rejected: %+v", got)
		}

		// Transfer: requested, rejected, requested again, and the bureau
		// reassigns; the old lead stays as co-organiser when asked.
		id = w.taskIn(t, "assigned")
		got = w.mustAct(t, police, id, map[string]any{"action": "request_transfer", "note": "不属于本单位职责"})
		if !got.TransferRequested {
			t.Errorf("transfer requested: %+v", got)
		}
		got = w.mustAct(t, lead, id, map[string]any{"action": "reject_transfer", "note": "属于职责范围"})
		if got.TransferRequested {
			t.Errorf("transfer rejected: %+v", got)
		}
		w.mustAct(t, police, id, map[string]any{"action": "request_transfer", "note": "确实不属于"})
		got = w.mustAct(t, lead, id, map[string]any{"action": "reassign", "lead_org_id": w.org["finance"], "keep_as_co_org": true, "note": "改由财政局主办"})
		if got.LeadOrgID != w.org["finance"] || !slices.Contains(got.CoOrgIDs, w.org["police"]) || got.Status != "assigned" || got.TransferRequested {
			t.Errorf("reassigned keeping the old lead: %+v", got)
		}
		w.getTask(t, police, id) // still visible as co-organiser
		wantStatus(t, w.act(t, police, id, map[string]any{"action": "accept"}), http.StatusForbidden)
		w.mustAct(t, w.tok["finance"], id, map[string]any{"action": "accept"})

		id = w.taskIn(t, "assigned")
		w.mustAct(t, lead, id, map[string]any{"action": "reassign", "lead_org_id": w.org["finance"]})
		wantStatus(t, w.get(fmt.Sprintf("/api/v1/tasks/%d", id), police), http.StatusNotFound)

		// Return sends a submitted task back to work.
		id = w.taskIn(t, "submitted")
		got = w.mustAct(t, lead, id, map[string]any{"action": "return", "note": "材料不全"})
		if got.Status != "in_progress" {
			t.Errorf("returned: %+v", got)
		}

		// Optimistic concurrency across clients: version in the body or If-Match.
		id = w.taskIn(t, "assigned")
		r := w.doT(t, request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/tasks/%d/actions", id), token: police,
			body: map[string]any{"action": "accept", "version": 2}})
		wantStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.message(t), "assigned") {
			t.Errorf("stale version message lacks the status: %s", r.body)
		}
		r = w.doT(t, request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/tasks/%d/actions", id), token: police,
			body: map[string]any{"action": "accept"}, header: map[string]string{"If-Match": `"7"`}})
		wantStatus(t, r, http.StatusConflict)
		r = w.doT(t, request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/tasks/%d/actions", id), token: police,
			body: map[string]any{"action": "accept"}, header: map[string]string{"If-Match": `"1"`}})
		wantStatus(t, r, http.StatusOK)
		if et := r.header.Get("ETag"); et != `"2"` {
			t.Errorf("ETag after accept: got %q, want \"2\"", et)
		}
		w.mustAct(t, police, id, map[string]any{"action": "progress", "note": "进行中", "version": 2})
	})
}

// TestTaskGetNotModified: a GET's ETag names the detail's revision; the same
// revision in If-None-Match is answered 304 with no body, any change (an
// action, a note) makes a new one, and the tag serves If-Match as well.
func TestTaskGetNotModified(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		police := w.tok["police"]
		id := w.taskIn(t, "assigned")
		path := fmt.Sprintf("/api/v1/tasks/%d", id)
		get := func(ifNoneMatch string) response {
			t.Helper()
			h := map[string]string{}
			if ifNoneMatch != "" {
				h["If-None-Match"] = ifNoneMatch
			}
			return w.doT(t, request{method: http.MethodGet, path: path, token: police, header: h})
		}
		r := get("")
		wantStatus(t, r, http.StatusOK)
		tag := r.header.Get("ETag")
		if !strings.HasPrefix(tag, `"1-`) {
			t.Fatalf("ETag %q, want the version first", tag)
		}
		for _, inm := range []string{tag, "W/" + tag, `"x", ` + tag, "*"} {
			r = get(inm)
			if r.status != http.StatusNotModified || len(r.body) != 0 || r.header.Get("ETag") != tag {
				t.Errorf("If-None-Match %s: %d %q, ETag %q", inm, r.status, r.body, r.header.Get("ETag"))
			}
		}
		// Without If-None-Match the task and its record are read together;
		// with a stale tag, one after the other: the same answer.
		if again := get(`"1-0-x"`); again.status != http.StatusOK || again.header.Get("ETag") != tag ||
			string(again.body) != string(get("").body) {
			t.Errorf("stale If-None-Match: %d, ETag %q, body %s", again.status, again.header.Get("ETag"), again.body)
		}

		// The tag is good for If-Match; the action changes the revision.
		r = w.doT(t, request{method: http.MethodPost, path: path + "/actions", token: police,
			body: map[string]any{"action": "accept"}, header: map[string]string{"If-Match": tag}})
		wantStatus(t, r, http.StatusOK)
		r = get(tag)
		wantStatus(t, r, http.StatusOK)
		if next := r.header.Get("ETag"); next == tag || !strings.Contains(string(r.body), `"accept"`) {
			t.Errorf("after accept: ETag %q (was %q), body %s", next, tag, r.body)
		}
		// A stale revision in If-Match is a conflict, as a stale version is.
		r = w.doT(t, request{method: http.MethodPost, path: path + "/actions", token: police,
			body: map[string]any{"action": "progress", "note": "进行中"}, header: map[string]string{"If-Match": tag}})
		wantStatus(t, r, http.StatusConflict)
		// Another organisation's user learns nothing, revision or not.
		r = w.doT(t, request{method: http.MethodGet, path: path, token: w.tok["finance"], header: map[string]string{"If-None-Match": "*"}})
		wantStatus(t, r, http.StatusNotFound)
		wantStatus(t, w.doT(t, request{method: http.MethodGet, path: path, token: w.tok["finance"]}), http.StatusNotFound)
	})
}

func TestTaskListPagination(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		dues := []string{"2025-03-20", "2025-03-05", "2025-03-20", "2025-03-10", "2025-04-01", "2025-03-05", "2025-03-12"}
		type key struct {
			due string
			id  int64
		}
		var want []key
		for i, due := range dues {
			got := w.createTask(t, map[string]any{"title": fmt.Sprintf("任务%d", i), "due_in_working_days": nil, "due_date": due})
			want = append(want, key{due, got.ID})
		}
		w.createTask(t, map[string]any{"lead_org_id": w.org["finance"], "co_org_ids": nil}) // not police's
		slices.SortFunc(want, func(a, b key) int {
			if c := strings.Compare(a.due, b.due); c != 0 {
				return c
			}
			return int(a.id - b.id)
		})
		for _, tok := range []string{w.tok["lead"], w.tok["police"]} {
			var got []key
			path := fmt.Sprintf("/api/v1/tasks?limit=3&org_id=%d&status=assigned", w.org["police"])
			pages := 0
			for next := ""; ; {
				p := path
				if next != "" {
					p += "&cursor=" + url.QueryEscape(next)
				}
				l := w.list(t, tok, p)
				pages++
				if len(l.Items) > 3 {
					t.Fatalf("page of %d items, limit 3", len(l.Items))
				}
				for _, it := range l.Items {
					got = append(got, key{it.DueDate, it.ID})
				}
				if l.Next == nil {
					break
				}
				next = *l.Next
			}
			if pages != 3 || !slices.Equal(got, want) {
				t.Errorf("%d pages:\n got %v\nwant %v", pages, got, want)
			}
		}
		l := w.list(t, w.tok["lead"], "/api/v1/tasks")
		if len(l.Items) != 8 || l.Next != nil {
			t.Errorf("default page: %d items, next %v", len(l.Items), l.Next)
		}
	})
}

func TestTaskListFilters(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		police, health, finance := w.org["police"], w.org["health"], w.org["finance"]
		a := w.createTask(t, map[string]any{"title": "加装电梯", "priority": "urgent", "category": "elderly",
			"due_in_working_days": nil, "due_date": "2025-03-04"}).ID
		b := w.createTask(t, map[string]any{"title": "垃圾分类 Recycling", "lead_org_id": health, "co_org_ids": nil,
			"community_id": nil, "priority": "high", "category": "environment", "due_in_working_days": nil, "due_date": "2025-03-20"}).ID
		w.mustAct(t, w.tok["health"], b, map[string]any{"action": "accept"})
		c := w.createTask(t, map[string]any{"title": "资金拨付", "lead_org_id": finance, "co_org_ids": []int64{police},
			"community_id": w.comm["lanbo"], "due_in_working_days": nil, "due_date": "2025-04-30"}).ID
		r := w.post(t, w.tok["mijiaya"], "/api/v1/hotspots", map[string]any{"title": "路灯不亮", "description": "三号楼",
			"community_id": w.comm["mijiaya"], "category": "facilities"})
		wantStatus(t, r, http.StatusCreated)
		var h hotspotJSON
		r.json(t, &h)
		r = w.post(t, w.tok["lead"], fmt.Sprintf("/api/v1/hotspots/%d/dispatch", h.ID),
			map[string]any{"lead_org_id": w.org["civil"], "due_in_working_days": 10})
		wantStatus(t, r, http.StatusCreated)
		var dt taskJSON
		r.json(t, &dt)
		d := dt.ID
		// Thursday 6 March: task a (due Tuesday) is two working days overdue.
		w.clock.Set(time.Date(2025, 3, 6, 9, 0, 0, 0, storetest.Shanghai))

		tests := []struct {
			name, tok, query string
			want             []int64
		}{
			{"all", "lead", "", []int64{a, d, b, c}},
			{"status", "lead", "status=assigned", []int64{a, d, c}},
			{"status list", "lead", "status=accepted,closed", []int64{b}},
			{"status repeated", "lead", "status=accepted&status=assigned", []int64{a, d, b, c}},
			{"org as lead or co-organiser", "lead", fmt.Sprintf("org_id=%d", police), []int64{a, c}},
			{"community", "lead", fmt.Sprintf("community_id=%d", w.comm["mijiaya"]), []int64{a, d}},
			{"hot-spot", "lead", fmt.Sprintf("hotspot_id=%d", h.ID), []int64{d}},
			{"overdue", "lead", "overdue=true", []int64{a}},
			{"overdue false is no filter", "lead", "overdue=false", []int64{a, d, b, c}},
			{"priority", "lead", "priority=urgent", []int64{a}},
			{"category", "lead", "category=environment", []int64{b}},
			{"due before (inclusive)", "lead", "due_before=2025-03-20", []int64{a, d, b}},
			{"title search", "lead", "q=" + url.QueryEscape("电梯"), []int64{a}},
			{"title search ignores case", "lead", "q=recycl", []int64{b}},
			{"combined", "lead", fmt.Sprintf("org_id=%d&status=assigned&due_before=2025-03-31", police), []int64{a}},
			{"department: own tasks only", "health", "", []int64{a, b}},
			{"department: co-organised", "police", "", []int64{a, c}},
			{"department: filter cannot widen", "finance", fmt.Sprintf("org_id=%d", health), nil},
			{"leadership sees all", "leadership", "overdue=true", []int64{a}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				l := w.list(t, w.tok[tt.tok], "/api/v1/tasks?"+tt.query)
				if got := taskIDs(l.Items); !slices.Equal(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			})
		}
		l := w.list(t, w.tok["lead"], "/api/v1/tasks?overdue=true")
		if len(l.Items) != 1 || l.Items[0].DeadlineState != "overdue" || l.Items[0].DaysOverdue != 2 {
			t.Errorf("overdue task: %+v", l.Items)
		}
		wantStatus(t, w.get("/api/v1/tasks", w.tok["mijiaya"]), http.StatusForbidden)
	})
}

// TestTaskBadInput: every bad request is a 400 whose message says what is wrong.
func TestTaskBadInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		police, health := w.org["police"], w.org["health"]
		valid := func(kv ...any) map[string]any {
			m := map[string]any{"title": "x", "lead_org_id": police, "due_in_working_days": 5}
			for i := 0; i < len(kv); i += 2 {
				if kv[i+1] == nil {
					delete(m, kv[i].(string))
				} else {
					m[kv[i].(string)] = kv[i+1]
				}
			}
			return m
		}
		assigned, submitted := w.taskIn(t, "assigned"), w.taskIn(t, "submitted")
		actions := func(id int64) string { return fmt.Sprintf("/api/v1/tasks/%d/actions", id) }
		tests := []struct {
			name, tok, method, path string
			body                    any
			want                    string // in the English message
		}{
			{"malformed JSON", "lead", "POST", "/api/v1/tasks", `{"title":`, "not valid JSON"},
			{"two JSON values", "lead", "POST", "/api/v1/tasks", `{} {}`, "not valid JSON"},
			{"unknown field", "lead", "POST", "/api/v1/tasks", valid("titel", "x"), `"titel"`},
			{"client sets hotspot_id", "lead", "POST", "/api/v1/tasks", valid("hotspot_id", 1), `"hotspot_id"`},
			{"wrong type", "lead", "POST", "/api/v1/tasks", valid("lead_org_id", "police"), `"lead_org_id" has the wrong type; want number`},
			{"wrong type in list", "lead", "POST", "/api/v1/tasks", valid("co_org_ids", health), "want array"},
			{"no title", "lead", "POST", "/api/v1/tasks", valid("title", nil), "Enter a title"},
			{"no lead organisation", "lead", "POST", "/api/v1/tasks", valid("lead_org_id", nil), "lead organisation"},
			{"no deadline", "lead", "POST", "/api/v1/tasks", valid("due_in_working_days", nil), "Give a due date"},
			{"two deadlines", "lead", "POST", "/api/v1/tasks", valid("due_date", "2025-04-01"), "not both"},
			{"due date in the past", "lead", "POST", "/api/v1/tasks", valid("due_in_working_days", nil, "due_date", "2025-03-02"), "2025-03-02 is in the past"},
			{"due date malformed", "lead", "POST", "/api/v1/tasks", valid("due_in_working_days", nil, "due_date", "3/4/2025"), `"due_date": "3/4/2025" is not a valid date`},
			{"negative working days", "lead", "POST", "/api/v1/tasks", valid("due_in_working_days", -1), "Working days must be"},
			{"co-organiser is the lead", "lead", "POST", "/api/v1/tasks", valid("co_org_ids", []int64{police}), "cannot be the lead"},
			{"duplicate co-organisers", "lead", "POST", "/api/v1/tasks", valid("co_org_ids", []int64{health, health}), "listed twice"},
			{"unknown organisation", "lead", "POST", "/api/v1/tasks", valid("lead_org_id", 999999), "Organisation 999999 does not exist"},
			{"unknown co-organiser", "lead", "POST", "/api/v1/tasks", valid("co_org_ids", []int64{999998}), "Organisation 999998 does not exist"},
			{"unknown community", "lead", "POST", "/api/v1/tasks", valid("community_id", 999997), "Community 999997 does not exist"},
			{"bad priority", "lead", "POST", "/api/v1/tasks", valid("priority", "asap"), `"asap"`},
			{"bad source", "lead", "POST", "/api/v1/tasks", valid("source", "rumour"), `"rumour"`},
			{"bad category", "lead", "POST", "/api/v1/tasks", valid("category", "misc"), `"misc"`},

			{"unknown action", "police", "POST", actions(assigned), map[string]any{"action": "fly"}, "Unknown action: fly"},
			{"no action", "police", "POST", actions(assigned), map[string]any{"note": "x"}, `"action" is required`},
			{"return without note", "lead", "POST", actions(submitted), map[string]any{"action": "return"}, "return needs a note"},
			{"transfer without note", "police", "POST", actions(assigned), map[string]any{"action": "request_transfer", "note": "  "}, "request_transfer needs a note"},
			{"reject transfer without note", "lead", "POST", actions(assigned), map[string]any{"action": "reject_transfer"}, "reject_transfer needs a note"},
			{"progress without note", "police", "POST", actions(assigned), map[string]any{"action": "progress"}, "progress needs a note"},
			{"submit without note", "police", "POST", actions(assigned), map[string]any{"action": "submit"}, "submit needs a note"},
			{"extension without date", "police", "POST", actions(assigned), map[string]any{"action": "request_extension", "note": "x"}, "date the extension asks for"},
			{"extension date malformed", "police", "POST", actions(assigned), map[string]any{"action": "request_extension", "note": "x", "due_date": "next week"}, `"due_date"`},
			{"extension not later", "police", "POST", actions(assigned), map[string]any{"action": "request_extension", "note": "x", "due_date": "2025-03-07"}, "later than the current deadline 2025-03-10"},
			{"reassign without organisation", "lead", "POST", actions(assigned), map[string]any{"action": "reassign"}, "lead organisation"},
			{"reassign to unknown organisation", "lead", "POST", actions(assigned), map[string]any{"action": "reassign", "lead_org_id": 999999}, "Organisation 999999 does not exist"},
			{"reassign to the same organisation", "lead", "POST", actions(assigned), map[string]any{"action": "reassign", "lead_org_id": police}, "current one"},
			{"action unknown field", "police", "POST", actions(assigned), map[string]any{"action": "accept", "status": "closed"}, `"status"`},
			{"action wrong type", "police", "POST", actions(assigned), map[string]any{"action": "accept", "version": "1"}, `"version"`},
			{"negative version", "police", "POST", actions(assigned), map[string]any{"action": "accept", "version": -1}, "version is not valid"},
			{"bad task id", "police", "POST", "/api/v1/tasks/0/actions", map[string]any{"action": "accept"}, `ID "0"`},

			{"status bogus", "lead", "GET", "/api/v1/tasks?status=bogus", nil, `Status "bogus" is not valid`},
			{"status bogus in list", "lead", "GET", "/api/v1/tasks?status=assigned,bogus", nil, `"bogus"`},
			{"due_before not a date", "lead", "GET", "/api/v1/tasks?due_before=notadate", nil, `due_before: "notadate" is not a valid date`},
			{"overdue maybe", "lead", "GET", "/api/v1/tasks?overdue=maybe", nil, "overdue must be true or false"},
			{"org_id not a number", "lead", "GET", "/api/v1/tasks?org_id=police", nil, "org_id"},
			{"community_id negative", "lead", "GET", "/api/v1/tasks?community_id=-3", nil, "community_id"},
			{"hotspot_id not a number", "lead", "GET", "/api/v1/tasks?hotspot_id=x", nil, "hotspot_id"},
			{"priority bogus", "lead", "GET", "/api/v1/tasks?priority=bogus", nil, `"bogus"`},
			{"category bogus", "lead", "GET", "/api/v1/tasks?category=bogus", nil, `"bogus"`},
			{"limit too large", "lead", "GET", "/api/v1/tasks?limit=500", nil, "limit must be"},
			{"limit zero", "lead", "GET", "/api/v1/tasks?limit=0", nil, "limit must be"},
			{"cursor garbage", "lead", "GET", "/api/v1/tasks?cursor=!!", nil, "cursor is not valid"},
			{"cursor without date", "lead", "GET", "/api/v1/tasks?cursor=" + domain.Cursor{ID: 5}.String(), nil, "cursor is not valid"},
			{"query too long", "lead", "GET", "/api/v1/tasks?q=" + strings.Repeat("x", 101), nil, "too long"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := w.doT(t, request{method: tt.method, path: tt.path, token: w.tok[tt.tok], body: tt.body,
					header: map[string]string{"Accept-Language": "en"}})
				wantStatus(t, r, http.StatusBadRequest)
				if code := r.errorCode(t); code != "invalid" {
					t.Errorf("code: got %q, want invalid", code)
				}
				if msg := r.message(t); !strings.Contains(msg, tt.want) {
					t.Errorf("message: got %q, want it to contain %q", msg, tt.want)
				}
			})
		}
		// Nothing half-written: the failed calls left the tasks as they were.
		if d := w.getTask(t, w.tok["lead"], assigned); d.Status != "assigned" || d.Version != 1 || len(d.Events) != 1 {
			t.Errorf("after bad input: status %s version %d, %d events", d.Status, d.Version, len(d.Events))
		}
		if l := w.list(t, w.tok["lead"], "/api/v1/tasks"); len(l.Items) != 2 {
			t.Errorf("bad creates wrote tasks: %d", len(l.Items))
		}
		r := w.doT(t, request{method: "POST", path: actions(assigned), token: w.tok["police"],
			body: map[string]any{"action": "accept", "version": 1}, header: map[string]string{"If-Match": `"2"`}})
		wantStatus(t, r, http.StatusBadRequest)
		r = w.doT(t, request{method: "POST", path: actions(assigned), token: w.tok["police"],
			body: map[string]any{"action": "accept"}, header: map[string]string{"If-Match": "latest"}})
		wantStatus(t, r, http.StatusBadRequest)
	})
}
