package server

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"xietong/domain/store/storetest"
)

// TestTaskActionRace: many clients close or return one submitted task at
// once through HTTP; exactly one wins, the others get 409 naming the status
// the winner left, and the record holds the winner's step only.
func TestTaskActionRace(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskEnv(t, db)
		id := w.taskIn(t, "submitted")
		const n = 24
		var wg sync.WaitGroup
		results := make([]response, n)
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			body := map[string]any{"action": "close"}
			if i%2 == 1 {
				body = map[string]any{"action": "return", "note": "材料不全"}
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				results[i], errs[i] = w.send(request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/tasks/%d/actions", id),
					token: w.tok["lead"], body: body, header: map[string]string{"Accept-Language": "en"}})
			}()
		}
		close(start)
		wg.Wait()
		var won []taskJSON
		var lost []string
		for i, r := range results {
			if errs[i] != nil {
				t.Fatalf("request %d: %v", i, errs[i])
			}
			switch r.status {
			case http.StatusOK:
				var got taskJSON
				r.json(t, &got)
				won = append(won, got)
			case http.StatusConflict:
				lost = append(lost, r.message(t))
			default:
				t.Errorf("request %d: status %d: %s", i, r.status, r.body)
			}
		}
		if len(won) != 1 || len(lost) != n-1 {
			t.Fatalf("%d won, %d got 409; want 1 and %d", len(won), len(lost), n-1)
		}
		final := won[0].Status
		for _, msg := range lost {
			if !strings.Contains(msg, final) {
				t.Errorf("409 message %q does not name the current status %s", msg, final)
			}
		}
		d := w.getTask(t, w.tok["lead"], id)
		steps := 0
		for _, e := range d.Events {
			if e.Action == "close" || e.Action == "return" {
				steps++
			}
		}
		if steps != 1 || d.Status != final || d.Version != won[0].Version {
			t.Errorf("record: %d close/return events, status %s version %d; want 1, %s, %d",
				steps, d.Status, d.Version, final, won[0].Version)
		}
	})
}
