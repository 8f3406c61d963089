package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// pilotEnv is a server with the pilot service and a user of every kind
// that matters to it: the province's lead, leadership, Xi'an's and Baoji's
// housing bureaus and Xi'an's police.
type pilotEnv struct {
	*testEnv
	tok map[string]string
	org map[string]int64
}

func newPilotEnv(t *testing.T, db *storetest.DB) *pilotEnv {
	t.Helper()
	e := newEnv(t, db, func(d *Deps) {
		d.Attachments = &domain.AttachmentService{Store: d.Tasks.Store, Now: d.Tasks.Now}
		d.Pilots = &domain.PilotService{Store: d.Tasks.Store, Tasks: d.Tasks, Now: d.Tasks.Now,
			Location: storetest.Shanghai}
		d.Reports = &domain.ReportService{Store: db.Store, Calendar: d.Calendar, Location: storetest.Shanghai,
			Now: d.Tasks.Now, Pilots: d.Pilots}
	})
	w := &pilotEnv{testEnv: e, tok: map[string]string{"admin": e.admin}, org: map[string]int64{}}
	for _, u := range []struct {
		name string
		role domain.Role
		org  string
	}{
		{"lead", domain.RoleLead, ""},
		{"leadership", domain.RoleLeadership, ""},
		{"xah", domain.RoleDepartment, "xian-housing"},
		{"bjh", domain.RoleDepartment, "baoji-housing"},
		{"police", domain.RoleDepartment, "xian-public_security"},
	} {
		_, w.tok[u.name] = e.mustUser(u.name, u.role, u.org, "")
	}
	for _, code := range []string{"xian-housing", "baoji-housing", "xian-public_security"} {
		o, err := db.OrganizationByCode(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		w.org[code] = o.ID
	}
	return w
}

func (w *pilotEnv) post(t testing.TB, who, path string, body any) response {
	t.Helper()
	return w.doT(t, request{method: http.MethodPost, path: path, token: w.tok[who], body: body})
}

// cellOf finds an item in a pilot's answer.
func cellOf(t testing.TB, p pilotJSON, item string) pilotCellJSON {
	t.Helper()
	for _, c := range p.Items {
		if c.Item == item {
			return c
		}
	}
	t.Fatalf("no %s in %+v", item, p)
	return pilotCellJSON{}
}

func TestPilotAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newPilotEnv(t, db)
		const base = "/api/v1/campaign/pilots"
		r := w.get(base, w.tok["leadership"])
		wantStatus(t, r, http.StatusOK)
		var list listJSON[pilotJSON]
		r.json(t, &list)
		if len(list.Items) != 4 || list.Items[3].RegionCode != "610922" || len(list.Items[3].Items) != 8 ||
			list.Items[0].Owed != 8 {
			t.Fatalf("list: %s", r.body)
		}
		wantStatus(t, w.get(base, w.tok["police"]), http.StatusForbidden)
		wantStatus(t, w.get(base+"/610100", w.tok["police"]), http.StatusNotFound)
		wantStatus(t, w.get(base+"/610200", w.tok["lead"]), http.StatusNotFound)

		plan := base + "/610100/items/plan"
		assign := map[string]any{"owner_org_id": w.org["xian-housing"], "due_date": "2025-03-14", "note": "印发工作方案"}
		wantStatus(t, w.post(t, "xah", plan, assign), http.StatusForbidden)
		wantStatus(t, w.post(t, "police", plan, assign), http.StatusNotFound)
		wantStatus(t, w.post(t, "lead", base+"/610100/items/nothing", assign), http.StatusBadRequest)
		wantStatus(t, w.post(t, "lead", plan, map[string]any{"owner_org_id": w.org["xian-housing"],
			"due_date": "14/03/2025"}), http.StatusBadRequest)
		r = w.post(t, "lead", plan, assign)
		wantStatus(t, r, http.StatusCreated)
		var p pilotJSON
		r.json(t, &p)
		c := cellOf(t, p, "plan")
		if c.Status != "open" || c.DueDate == nil || *c.DueDate != "2025-03-14" || c.TaskID == nil ||
			c.OwnerOrgID == nil || *c.OwnerOrgID != w.org["xian-housing"] {
			t.Fatalf("assigned: %+v", c)
		}
		wantStatus(t, w.post(t, "lead", plan, assign), http.StatusConflict)

		actions := plan + "/actions"
		submit := map[string]any{"action": "submit", "note": "方案已印发"}
		// A department of another organisation cannot change the item:
		// police (no part in the campaign) do not see it, Baoji's bureau
		// sees it but does not own it.
		wantStatus(t, w.post(t, "police", actions, submit), http.StatusNotFound)
		wantStatus(t, w.post(t, "bjh", actions, submit), http.StatusForbidden)
		wantStatus(t, w.post(t, "xah", actions, submit), http.StatusUnprocessableEntity)
		wantStatus(t, w.post(t, "xah", actions, map[string]any{"action": "submit"}), http.StatusBadRequest)
		body, ct := multipartOf(t, upload{"方案.pdf", []byte("%PDF-1.4\n%%EOF\n")})
		wantStatus(t, w.do(request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/tasks/%d/attachments", *c.TaskID),
			token: w.tok["xah"], body: body, header: map[string]string{"Content-Type": ct}}), http.StatusCreated)
		r = w.post(t, "xah", actions, submit)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &p)
		if c := cellOf(t, p, "plan"); c.Status != "submitted" || c.Evidence != 1 {
			t.Fatalf("submitted: %+v", c)
		}
		wantStatus(t, w.post(t, "xah", actions, map[string]any{"action": "accept"}), http.StatusForbidden)
		wantStatus(t, w.post(t, "leadership", actions, map[string]any{"action": "accept"}), http.StatusForbidden)
		r = w.post(t, "lead", actions, map[string]any{"action": "accept"})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &p)
		if c := cellOf(t, p, "plan"); c.Status != "done" || p.Owed != 7 {
			t.Fatalf("accepted: %+v, owed %d", c, p.Owed)
		}
		wantStatus(t, w.post(t, "lead", actions, map[string]any{"action": "accept"}), http.StatusConflict)
	})
}

// TestWebReportPilots: the report page lists what each pilot owes; Xi'an's
// plan, due Tuesday 4 March 2025, is 3 working days overdue on Friday
// 7 March (the 5th, 6th and 7th).
func TestWebReportPilots(t *testing.T) {
	w := newPilotEnv(t, storetest.SQLite(t))
	wantStatus(t, w.post(t, "lead", "/api/v1/campaign/pilots/610100/items/plan",
		map[string]any{"owner_org_id": w.org["xian-housing"], "due_date": "2025-03-04"}), http.StatusCreated)
	r := w.get(reportPath+"?period=&from=2025-03-03&to=2025-03-07&today=2025-03-07", w.tok["lead"])
	wantStatus(t, r, http.StatusOK)
	var rep reportJSON
	r.json(t, &rep)
	if rep.Pilots == nil || len(rep.Pilots.Owed) != 32 || rep.Pilots.Owed[0].Item != "plan" ||
		rep.Pilots.Owed[0].DaysOverdue != 3 || rep.Pilots.Owed[0].RegionCode != "610100" {
		t.Errorf("API report's pilots: %s", r.body)
	}
	w.clock.Set(webNow)
	b := (&webEnv{t: t, URL: w.ts.URL, db: w.db, users: w.users}).client()
	if res, _ := b.login("lead", "user-password-1", ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}
	res, doc := b.get("/reports?period=&from=2025-03-03&to=2025-03-07&today=2025-03-07")
	wantWebStatus(t, res, http.StatusOK)
	section := doc.Find("#report-pilots")
	if section.Length() != 1 || section.Prev().AttrOr("id", "") != "report-ranking" {
		t.Fatalf("no pilot section right after the rankings")
	}
	row := section.Find(`tr[data-pilot-owed="/campaign/pilots/610100/plan"]`)
	if got := webText(row.Find("td.days-overdue")); got != "3" {
		t.Errorf("days overdue: got %q, want 3 (%s)", got, webText(row))
	}
	if txt := webText(row); !strings.Contains(txt, "西安市 工作方案 办理中 西安市住房和城乡建设局 2025-03-04") {
		t.Errorf("row: %q", txt)
	}
	if n := section.Find("tbody tr").Length(); n != 4*8 {
		t.Errorf("owed rows: %d, want 32 (nothing is done yet: eight items of four pilots)", n)
	}
}
