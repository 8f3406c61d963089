package server

import (
	"fmt"
	"net/http"
	"testing"

	"xietong/domain/store/storetest"
)

// matrixCodes is the status each kind of user gets for one call. The task is led
// by police with health co-organising, in the mijiaya community; the
// hot-spot is mijiaya's. So the departments are the user's own organisation
// as lead (leadDept), as co-organiser (coDept) and another organisation
// (otherDept); the communities are the user's own community (ownComm) and
// another (otherComm).
type matrixCodes struct {
	admin, lead, leadership, leadDept, coDept, otherDept, ownComm, otherComm int
}

// matrixUsers names the users in the order of matrixCodes' fields, as taskEnv's tokens.
var matrixUsers = []string{"admin", "lead", "leadership", "police", "health", "finance", "mijiaya", "lanbo"}

func (c matrixCodes) of(user string) int {
	return map[string]int{"admin": c.admin, "lead": c.lead, "leadership": c.leadership, "police": c.leadDept,
		"health": c.coDept, "finance": c.otherDept, "mijiaya": c.ownComm, "lanbo": c.otherComm}[user]
}

// Shorthands for the matrix.
const (
	ok200 = http.StatusOK
	ok201 = http.StatusCreated
	no403 = http.StatusForbidden
	nf404 = http.StatusNotFound
	cf409 = http.StatusConflict
)

// accessCase is one row: how to prepare the task or hot-spot, the call to
// make on it, and what each user gets.
type accessCase struct {
	name  string
	setup func(t testing.TB, w *taskEnv) int64 // nil: nothing to prepare
	call  func(w *taskEnv, id int64) request
	want  matrixCodes
}

func mxTask(state string) func(testing.TB, *taskEnv) int64 {
	return func(t testing.TB, w *taskEnv) int64 { return w.taskIn(t, state) }
}

func mxHotspot(status string) func(testing.TB, *taskEnv) int64 {
	return func(t testing.TB, w *taskEnv) int64 { return w.hotspotIn(t, status) }
}

// action is the call of one task action with its body.
func mxAction(body map[string]any) func(*taskEnv, int64) request {
	return func(_ *taskEnv, id int64) request {
		return request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/tasks/%d/actions", id), body: body}
	}
}

func mxHotspotCall(verb string, body map[string]any) func(*taskEnv, int64) request {
	return func(_ *taskEnv, id int64) request {
		return request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/hotspots/%d/%s", id, verb), body: body}
	}
}

func mxGet(format string) func(*taskEnv, int64) request {
	return func(_ *taskEnv, id int64) request {
		return request{method: http.MethodGet, path: fmt.Sprintf(format, id)}
	}
}

// Who may take a task action, and who sees the task at all. Not visible is
// always 404, never 403.
var (
	leadOrgOnly = matrixCodes{no403, no403, no403, ok200, no403, nf404, nf404, nf404}
	bureauOnly  = matrixCodes{ok200, ok200, no403, no403, no403, nf404, nf404, nf404}
	triage      = matrixCodes{ok201, ok201, no403, no403, no403, no403, no403, no403}
)

var accessCases = []accessCase{
	{"create task", nil, func(w *taskEnv, _ int64) request {
		return request{method: http.MethodPost, path: "/api/v1/tasks", body: map[string]any{"title": "x",
			"lead_org_id": w.org["police"], "co_org_ids": []int64{w.org["health"]}, "community_id": w.comm["mijiaya"],
			"due_in_working_days": 5}}
	}, matrixCodes{ok201, ok201, no403, no403, no403, no403, no403, no403}},
	{"get task", mxTask("assigned"), mxGet("/api/v1/tasks/%d"), matrixCodes{ok200, ok200, ok200, ok200, ok200, nf404, nf404, nf404}},
	{"list tasks", nil, mxGet("/api/v1/tasks?limit=%d"), matrixCodes{ok200, ok200, ok200, ok200, ok200, ok200, no403, no403}},

	{"accept", mxTask("assigned"), mxAction(map[string]any{"action": "accept"}), leadOrgOnly},
	{"progress", mxTask("accepted"), mxAction(map[string]any{"action": "progress", "note": "已走访"}), leadOrgOnly},
	{"submit", mxTask("in_progress"), mxAction(map[string]any{"action": "submit", "note": "已完成"}), leadOrgOnly},
	{"request extension", mxTask("accepted"), mxAction(map[string]any{"action": "request_extension", "due_date": "2025-04-30", "note": "需协调"}), leadOrgOnly},
	{"request transfer", mxTask("assigned"), mxAction(map[string]any{"action": "request_transfer", "note": "非本单位职责"}), leadOrgOnly},
	{"note", mxTask("in_progress"), mxAction(map[string]any{"action": "note", "note": "已配合"}),
		matrixCodes{ok200, ok200, no403, ok200, ok200, nf404, nf404, nf404}},
	{"note on a closed task", mxTask("closed"), mxAction(map[string]any{"action": "note", "note": "补充材料"}),
		matrixCodes{ok200, ok200, no403, ok200, ok200, nf404, nf404, nf404}},
	{"close", mxTask("submitted"), mxAction(map[string]any{"action": "close"}), bureauOnly},
	{"return", mxTask("submitted"), mxAction(map[string]any{"action": "return", "note": "材料不全"}), bureauOnly},
	{"reassign", mxTask("assigned"), func(w *taskEnv, id int64) request {
		return mxAction(map[string]any{"action": "reassign", "lead_org_id": w.org["civil"]})(w, id)
	}, bureauOnly},
	{"approve extension", mxTask("extension"), mxAction(map[string]any{"action": "approve_extension"}), bureauOnly},
	{"reject extension", mxTask("extension"), mxAction(map[string]any{"action": "reject_extension", "note": "不同意"}), bureauOnly},
	{"reject transfer", mxTask("transfer"), mxAction(map[string]any{"action": "reject_transfer", "note": "属于职责"}), bureauOnly},

	// The workflow forbids these: 409 for those allowed the action, the
	// same 403 and 404 as ever for everyone else.
	{"accept a submitted task", mxTask("submitted"), mxAction(map[string]any{"action": "accept"}),
		matrixCodes{no403, no403, no403, cf409, no403, nf404, nf404, nf404}},
	{"submit a closed task", mxTask("closed"), mxAction(map[string]any{"action": "submit", "note": "再次办结"}),
		matrixCodes{no403, no403, no403, cf409, no403, nf404, nf404, nf404}},
	{"request a second transfer", mxTask("transfer"), mxAction(map[string]any{"action": "request_transfer", "note": "再次申请"}),
		matrixCodes{no403, no403, no403, cf409, no403, nf404, nf404, nf404}},
	{"close an assigned task", mxTask("assigned"), mxAction(map[string]any{"action": "close"}),
		matrixCodes{cf409, cf409, no403, no403, no403, nf404, nf404, nf404}},
	{"return a closed task", mxTask("closed"), mxAction(map[string]any{"action": "return", "note": "重办"}),
		matrixCodes{cf409, cf409, no403, no403, no403, nf404, nf404, nf404}},
	{"approve without a request", mxTask("accepted"), mxAction(map[string]any{"action": "approve_extension"}),
		matrixCodes{cf409, cf409, no403, no403, no403, nf404, nf404, nf404}},

	{"report hot-spot for own community", nil, func(w *taskEnv, _ int64) request {
		return request{method: http.MethodPost, path: "/api/v1/hotspots", body: map[string]any{"title": "路灯不亮",
			"community_id": w.comm["mijiaya"], "category": "facilities"}}
	}, matrixCodes{ok201, ok201, no403, no403, no403, no403, ok201, no403}},
	{"get hot-spot", mxHotspot("dispatched"), mxGet("/api/v1/hotspots/%d"),
		matrixCodes{ok200, ok200, ok200, nf404, nf404, nf404, ok200, nf404}},
	{"list hot-spots", nil, mxGet("/api/v1/hotspots?limit=%d"),
		matrixCodes{ok200, ok200, ok200, no403, no403, no403, ok200, ok200}},
	{"dispatch", mxHotspot("reported"), func(w *taskEnv, id int64) request {
		return mxHotspotCall("dispatch", map[string]any{"lead_org_id": w.org["police"], "due_in_working_days": 5})(w, id)
	}, triage},
	{"dispatch again", mxHotspot("dispatched"), func(w *taskEnv, id int64) request {
		return mxHotspotCall("dispatch", map[string]any{"lead_org_id": w.org["finance"], "due_in_working_days": 5})(w, id)
	}, triage},
	{"reject", mxHotspot("reported"), mxHotspotCall("reject", map[string]any{"reason": "不属于受理范围"}),
		matrixCodes{ok200, ok200, no403, no403, no403, no403, no403, no403}},
	{"feedback satisfied", mxHotspot("awaiting_feedback"), mxHotspotCall("feedback", map[string]any{"satisfaction": "satisfied"}),
		matrixCodes{no403, no403, no403, no403, no403, no403, ok200, nf404}},
	{"feedback unsatisfied", mxHotspot("awaiting_feedback"), mxHotspotCall("feedback", map[string]any{"satisfaction": "unsatisfied", "note": "仍未解决"}),
		matrixCodes{no403, no403, no403, no403, no403, no403, ok200, nf404}},

	{"dispatch a rejected hot-spot", mxHotspot("rejected"), func(w *taskEnv, id int64) request {
		return mxHotspotCall("dispatch", map[string]any{"lead_org_id": w.org["police"], "due_in_working_days": 5})(w, id)
	}, matrixCodes{cf409, cf409, no403, no403, no403, no403, no403, no403}},
	{"reject a dispatched hot-spot", mxHotspot("dispatched"), mxHotspotCall("reject", map[string]any{"reason": "重复"}),
		matrixCodes{cf409, cf409, no403, no403, no403, no403, no403, no403}},
	{"feedback before the tasks are closed", mxHotspot("dispatched"), mxHotspotCall("feedback", map[string]any{"satisfaction": "satisfied"}),
		matrixCodes{no403, no403, no403, no403, no403, no403, cf409, nf404}},
}

// TestAccessMatrix runs every call for every kind of user, each on a task or
// hot-spot of its own brought to the status the call needs, and checks the
// status code.
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		for _, tc := range accessCases {
			t.Run(tc.name, func(t *testing.T) {
				for _, user := range matrixUsers {
					var id int64 = 10 // the page size of the list calls
					if tc.setup != nil {
						id = tc.setup(t, w)
					}
					r := tc.call(w, id)
					r.token = w.tok[user]
					res := w.doT(t, r)
					if want := tc.want.of(user); res.status != want {
						t.Errorf("%s: got %d, want %d: %s", user, res.status, want, res.body)
					}
				}
			})
		}
	})
}
