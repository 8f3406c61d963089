package server

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

func withIdempotency(db *storetest.DB) func(*Deps) {
	return func(d *Deps) {
		d.Idempotency = &domain.IdempotencyService{Store: db.Store, TTL: 24 * time.Hour}
	}
}

// countTasks counts the tasks the admin sees.
func countTasks(t *testing.T, e *testEnv) int {
	t.Helper()
	items, _ := allPages[taskJSON](t, e, "/api/v1/tasks?limit=200")
	return len(items)
}

// TestIdempotentCreate: a create retried with the same Idempotency-Key
// answers the first result and creates nothing more; the same key with
// another body is refused; another user's key is theirs alone; parallel
// duplicates create once.
func TestIdempotentCreate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db, withIdempotency(db))
		police, _ := e.mustUser("police1", "department", "xian-public_security", "")
		_, lead := e.mustUser("lead1", "lead", "", "")
		body := map[string]any{"title": "整治占道经营", "lead_org_id": police.OrgID, "due_in_working_days": 5}
		key := map[string]string{"Idempotency-Key": "c0ffee-1"}

		first := e.do(request{method: "POST", path: "/api/v1/tasks", token: e.admin, body: body, header: key})
		wantStatus(t, first, http.StatusCreated)
		again := e.do(request{method: "POST", path: "/api/v1/tasks", token: e.admin, body: body, header: key})
		wantStatus(t, again, http.StatusCreated)
		if string(again.body) != string(first.body) || again.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retry: got %s (replayed %q), want the first answer %s", again.body, again.header.Get("Idempotent-Replayed"), first.body)
		}
		if n := countTasks(t, e); n != 1 {
			t.Fatalf("after a retry: %d tasks, want 1", n)
		}

		other := map[string]any{"title": "另一件事", "lead_org_id": police.OrgID, "due_in_working_days": 5}
		r := e.do(request{method: "POST", path: "/api/v1/tasks", token: e.admin, body: other, header: key})
		wantStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.message(t), "Idempotency-Key") {
			t.Errorf("same key, other body: message %q does not name the header", r.message(t))
		}
		// The key is the user's own: another user's same key creates.
		wantStatus(t, e.do(request{method: "POST", path: "/api/v1/tasks", token: lead, body: body, header: key}), http.StatusCreated)
		// A failed create keeps no key: fixed and retried, it creates.
		bad := map[string]any{"title": "", "lead_org_id": police.OrgID, "due_in_working_days": 5}
		badKey := map[string]string{"Idempotency-Key": "c0ffee-2"}
		wantStatus(t, e.do(request{method: "POST", path: "/api/v1/tasks", token: e.admin, body: bad, header: badKey}), http.StatusBadRequest)
		wantStatus(t, e.do(request{method: "POST", path: "/api/v1/tasks", token: e.admin, body: bad, header: badKey}), http.StatusBadRequest)
		wantStatus(t, e.do(request{method: "POST", path: "/api/v1/tasks", token: e.admin, body: other, header: badKey}), http.StatusCreated)
		if n := countTasks(t, e); n != 3 {
			t.Fatalf("%d tasks, want 3", n)
		}
		wantStatus(t, e.do(request{method: "POST", path: "/api/v1/tasks", token: e.admin, body: body,
			header: map[string]string{"Idempotency-Key": strings.Repeat("k", 300)}}), http.StatusBadRequest)

		// Parallel duplicates: one create; the others replay it or are
		// told it is still in progress.
		var wg sync.WaitGroup
		statuses := make([]int, 8)
		par := map[string]string{"Idempotency-Key": "parallel-1"}
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := e.send(request{method: "POST", path: "/api/v1/tasks", token: e.admin, body: body, header: par})
				if err != nil {
					t.Error(err)
					return
				}
				statuses[i] = res.status
			}()
		}
		wg.Wait()
		for _, s := range statuses {
			if s != http.StatusCreated && s != http.StatusConflict {
				t.Errorf("parallel duplicate: status %d, want 201 or 409 (%v)", s, statuses)
			}
		}
		if n := countTasks(t, e); n != 4 {
			t.Errorf("after parallel duplicates: %d tasks, want 4", n)
		}

		// Hot-spots too.
		cu, comm := e.mustUser("comm1", "community", "", "baoji-jinhe")
		hs := map[string]any{"title": "路灯不亮", "category": "facilities", "community_id": cu.CommunityID}
		hkey := map[string]string{"Idempotency-Key": "hs-1"}
		h1 := e.do(request{method: "POST", path: "/api/v1/hotspots", token: comm, body: hs, header: hkey})
		wantStatus(t, h1, http.StatusCreated)
		h2 := e.do(request{method: "POST", path: "/api/v1/hotspots", token: comm, body: hs, header: hkey})
		if h2.status != http.StatusCreated || string(h2.body) != string(h1.body) {
			t.Errorf("hot-spot retry: %d %s, want the first answer", h2.status, h2.body)
		}
	})
}
