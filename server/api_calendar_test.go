package server

import (
	"net/http"
	"testing"

	"xietong/domain/store/storetest"
)

func TestCalendarYears(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		_, dept := e.mustUser("health1", "department", "xian-health", "")

		r := e.get("/api/v1/calendar/years", dept)
		wantStatus(t, r, http.StatusOK)
		var l listJSON[calendarYearJSON]
		r.json(t, &l)
		if len(l.Items) != 3 || l.Items[0].Year != 2025 || l.Next != nil {
			t.Fatalf("got %d years, next %v", len(l.Items), l.Next)
		}

		r = e.get("/api/v1/calendar/years/2025", dept)
		wantStatus(t, r, http.StatusOK)
		var y calendarYearJSON
		r.json(t, &y)
		if y.Source == "" || len(y.Days) == 0 || y.Days[0] != (calendarDayJSON{"2025-01-01", "holiday", "元旦", "New Year's Day"}) {
			t.Errorf("2025: %+v", y)
		}
		wantStatus(t, e.get("/api/v1/calendar/years/2031", dept), http.StatusNotFound)
		wantStatus(t, e.get("/api/v1/calendar/years/next", dept), http.StatusBadRequest)

		put := map[string]any{"source": "国务院办公厅关于2028年部分节假日安排的通知", "days": []map[string]any{
			{"date": "2028-01-01", "kind": "holiday", "name": "元旦", "name_en": "New Year's Day"},
			{"date": "2028-01-02", "kind": "holiday", "name": "元旦", "name_en": "New Year's Day"},
			{"date": "2028-01-03", "kind": "holiday", "name": "元旦", "name_en": "New Year's Day"},
			{"date": "2028-01-08", "kind": "workday", "name": "元旦", "name_en": "New Year's Day"},
		}}
		wantStatus(t, e.do(request{method: "PUT", path: "/api/v1/calendar/years/2028", token: dept, body: put}), http.StatusForbidden)
		r = e.do(request{method: "PUT", path: "/api/v1/calendar/years/2028", token: e.admin, body: put})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &y)
		if y.Year != 2028 || len(y.Days) != 4 || y.Days[3].Kind != "workday" {
			t.Errorf("stored: %+v", y)
		}
		r = e.get("/api/v1/calendar/add?start=2028-01-07&working_days=1", dept)
		wantStatus(t, r, http.StatusOK)
		var due dueDateJSON
		r.json(t, &due)
		if due.DueDate != "2028-01-08" || due.Provisional {
			t.Errorf("after PUT: %+v", due)
		}

		bad := []struct {
			name string
			path string
			body map[string]any
		}{
			{"year mismatch", "/api/v1/calendar/years/2028", map[string]any{"year": 2029, "days": []any{}}},
			{"bad date", "/api/v1/calendar/years/2028", map[string]any{"days": []map[string]any{{"date": "2028-02-30", "kind": "holiday"}}}},
			{"workday on a weekday", "/api/v1/calendar/years/2028", map[string]any{"days": []map[string]any{{"date": "2028-01-04", "kind": "workday"}}}},
			{"date outside the year", "/api/v1/calendar/years/2028", map[string]any{"days": []map[string]any{{"date": "2029-01-01", "kind": "holiday"}}}},
			{"unknown kind", "/api/v1/calendar/years/2028", map[string]any{"days": []map[string]any{{"date": "2028-01-04", "kind": "party"}}}},
			{"year out of range", "/api/v1/calendar/years/1999", map[string]any{"days": []any{}}},
		}
		for _, b := range bad {
			r := e.do(request{method: "PUT", path: b.path, token: e.admin, body: b.body})
			if r.status != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400: %s", b.name, r.status, r.body)
			}
		}
	})
}

func TestCalendarQueries(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.SQLite(t))
	_, dept := e.mustUser("health1", "department", "xian-health", "")
	adds := []struct {
		query       string
		due         string
		provisional bool
	}{
		{"start=2025-01-24&working_days=1", "2025-01-26", false}, // the 调休 Sunday
		{"start=2025-01-24&working_days=3", "2025-02-05", false}, // across the Spring Festival
		{"start=2025-03-03&working_days=0", "2025-03-03", false},
		{"start=2030-03-01&working_days=5", "2030-03-08", true},
	}
	for _, tt := range adds {
		r := e.get("/api/v1/calendar/add?"+tt.query, dept)
		wantStatus(t, r, http.StatusOK)
		var due dueDateJSON
		r.json(t, &due)
		if due.DueDate != tt.due || due.Provisional != tt.provisional {
			t.Errorf("%s: got %+v, want %s provisional %v", tt.query, due, tt.due, tt.provisional)
		}
	}

	r := e.get("/api/v1/calendar/working-days?from=2025-01-27&to=2025-02-09", dept)
	wantStatus(t, r, http.StatusOK)
	var w workingDaysJSON
	r.json(t, &w)
	if w.WorkingDays != 5 || len(w.Days) != 14 || w.Provisional {
		t.Errorf("got %d working days of %d, provisional %v", w.WorkingDays, len(w.Days), w.Provisional)
	}
	if d := w.Days[1]; d.Date != "2025-01-28" || d.Working || d.Name != "春节" {
		t.Errorf("2025-01-28: %+v", d)
	}
	if d := w.Days[12]; d.Date != "2025-02-08" || !d.Working || d.Name != "春节" {
		t.Errorf("2025-02-08 (调休): %+v", d)
	}

	bad := []string{
		"/api/v1/calendar/working-days?from=2025-01-01",
		"/api/v1/calendar/working-days?from=2025-01-01&to=2025-13-01",
		"/api/v1/calendar/working-days?from=2025-02-01&to=2025-01-01",
		"/api/v1/calendar/working-days?from=2025-01-01&to=2026-03-01",
		"/api/v1/calendar/add?start=2025-01-01",
		"/api/v1/calendar/add?start=2025-01-01&working_days=-1",
		"/api/v1/calendar/add?start=2025-01-01&working_days=1001",
		"/api/v1/calendar/add?start=2025-01-01&working_days=five",
		"/api/v1/calendar/add?start=yesterday&working_days=1",
	}
	for _, p := range bad {
		r := e.get(p, dept)
		if r.status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400: %s", p, r.status, r.body)
		}
	}
	wantStatus(t, e.get("/api/v1/calendar/working-days?from=2025-01-01&to=2026-02-04", dept), http.StatusOK)
}
