package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// withReports adds the report service over db, at the server's clock.
func withReports(db *storetest.DB) func(*Deps) {
	return func(d *Deps) {
		d.Reports = &domain.ReportService{Store: db.Store, Calendar: d.Calendar, Location: d.Location,
			Now: d.Calendar.Now, Progress: &domain.ProgressService{Store: db.Store, Location: d.Location, Now: d.Calendar.Now}}
		d.ReportPolicies = &domain.ReportPolicyService{Store: db.Store}
	}
}

// reportEnv is a server with reports, the users who may and may not read
// them, and three tasks of the week 2025-03-03 to 03-09, made through the
// API and looked at on Monday 03-10:
//   - police, assigned 03-03 due in 2 working days (03-05), closed 03-04;
//   - health, assigned 03-03 due 03-04, still open: 4 working days
//     overdue on 03-10 (03-05, 06, 07, 10);
//   - police, assigned 03-04 due in 5 working days (03-11), open.
type reportEnv struct {
	*taskEnv
	tasks []int64
}

func newReportEnv(t *testing.T, db *storetest.DB) *reportEnv {
	t.Helper()
	e := newEnv(t, db, withReports(db))
	w := &taskEnv{testEnv: e, org: map[string]int64{}, comm: map[string]int64{}, tok: map[string]string{"admin": e.admin}}
	ctx := context.Background()
	for key, code := range map[string]string{"police": "xian-public_security", "health": "xian-health"} {
		o, err := db.OrganizationByCode(ctx, code)
		if err != nil {
			t.Fatalf("organisation %s: %v", code, err)
		}
		w.org[key] = o.ID
		_, w.tok[key] = e.mustUser(key, "department", code, "")
	}
	c, err := db.CommunityByCode(ctx, "xian-mijiaya")
	if err != nil {
		t.Fatal(err)
	}
	w.comm["mijiaya"] = c.ID
	_, w.tok["mijiaya"] = e.mustUser("mijiaya", "community", "", "xian-mijiaya")
	_, w.tok["lead"] = e.mustUser("lead", "lead", "", "")
	_, w.tok["leadership"] = e.mustUser("leadership", "leadership", "", "")

	r := &reportEnv{taskEnv: w}
	shanghai := storetest.Shanghai
	closed := w.createTask(t, map[string]any{"title": "按期办结", "due_in_working_days": 2, "co_org_ids": nil})
	w.mustAct(t, w.tok["police"], closed.ID, map[string]any{"action": "accept"})
	e.clock.Set(time.Date(2025, 3, 4, 10, 0, 0, 0, shanghai))
	w.mustAct(t, w.tok["police"], closed.ID, map[string]any{"action": "submit", "note": "已完成"})
	w.mustAct(t, w.tok["lead"], closed.ID, map[string]any{"action": "close"})
	e.clock.Set(storetest.Now)
	overdue := w.createTask(t, map[string]any{"title": "逾期未办", "lead_org_id": w.org["health"],
		"co_org_ids": nil, "due_in_working_days": nil, "due_date": "2025-03-04"})
	e.clock.Set(time.Date(2025, 3, 4, 11, 0, 0, 0, shanghai))
	open := w.createTask(t, map[string]any{"title": "正在办理", "co_org_ids": nil})
	r.tasks = []int64{closed.ID, overdue.ID, open.ID}
	e.clock.Set(time.Date(2025, 3, 10, 9, 0, 0, 0, shanghai))
	return r
}

func (w *reportEnv) report(t testing.TB, tok, query string) reportJSON {
	t.Helper()
	r := w.doT(t, request{method: http.MethodGet, path: reportPath + query, token: tok})
	wantStatus(t, r, http.StatusOK)
	var out reportJSON
	r.json(t, &out)
	return out
}

func TestReportAPIAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newReportEnv(t, db)
		for _, tt := range []struct {
			who    string
			status int
		}{
			{"admin", http.StatusOK}, {"lead", http.StatusOK}, {"leadership", http.StatusOK},
			{"police", http.StatusForbidden}, {"mijiaya", http.StatusForbidden}, {"", http.StatusUnauthorized},
		} {
			for _, format := range []string{"json", "xlsx"} {
				r := w.do(request{method: http.MethodGet, path: reportPath + "?period=weekly&format=" + format,
					token: w.tok[tt.who]})
				if r.status != tt.status {
					t.Errorf("%q %s: got %d, want %d; body %.200s", tt.who, format, r.status, tt.status, r.body)
				}
			}
		}
	})
}

func TestReportAPIFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newReportEnv(t, db)
		police, health := w.org["police"], w.org["health"]
		byPeriod := w.report(t, w.tok["leadership"], "?period=weekly")
		r := w.report(t, w.tok["lead"], "?from=2025-03-03&to=2025-03-09&today=2025-03-10&scope=city&region=xian")
		if byPeriod.From != "2025-03-03" || byPeriod.To != "2025-03-09" || byPeriod.Today != "2025-03-10" {
			t.Errorf("weekly: got %s–%s as of %s, want 2025-03-03–2025-03-09 as of 2025-03-10",
				byPeriod.From, byPeriod.To, byPeriod.Today)
		}
		if r.Scope != "西安市" || r.From != "2025-03-03" || r.To != "2025-03-09" || r.Today != "2025-03-10" {
			t.Errorf("head: got %s %s–%s as of %s", r.Scope, r.From, r.To, r.Today)
		}
		tot := r.Total
		if tot.OrgID != nil || tot.Assigned != 3 || tot.Closed != 1 || tot.ClosedOnTime != 1 || tot.Open != 2 ||
			tot.OpenOverdue != 1 || !rateIs(tot.OnTimeRate, 0.5) || tot.DueInPeriod != 2 || !rateIs(tot.ClosureRate, 0.5) || !rateIs(tot.OverdueRate, 0.5) ||
			!rateIs(tot.AvgDaysToClose, 1) || tot.P90DaysToClose == nil || *tot.P90DaysToClose != 1 {
			t.Errorf("total: got %+v", tot)
		}
		orgs := map[int64]orgFiguresJSON{}
		for _, o := range r.Organizations {
			orgs[*o.OrgID] = o
		}
		if p := orgs[police]; p.Assigned != 2 || p.Closed != 1 || p.Open != 1 || p.OpenOverdue != 0 ||
			!rateIs(p.OnTimeRate, 1) || !rateIs(p.OverdueRate, 0) || p.AcceptedOnTime != 1 {
			t.Errorf("police: got %+v", p)
		}
		// Nothing closed but its task was due: 0%, ranked (not left out),
		// and 4 working days overdue cost 2 points.
		if h := orgs[health]; h.Assigned != 1 || h.Closed != 0 || !rateIs(h.OnTimeRate, 0) || h.AvgDaysToClose != nil ||
			!rateIs(h.OverdueRate, 1) || h.DueOpenOverdue != 1 || h.OverdueDays != 4 || h.Score == nil || *h.Score != 98 {
			t.Errorf("health: got %+v", h)
		}
		if len(r.Ranking) != len(r.Organizations) || r.Ranking[0].OrgID != police || r.Ranking[0].Rank == nil ||
			*r.Ranking[0].Rank != 1 {
			t.Errorf("ranking starts %+v, want police ranked 1", r.Ranking[0])
		}
		if h := r.Ranking[1]; h.OrgID != health || h.Rank == nil || *h.Rank != 2 || !rateIs(h.OnTimeRate, 0) {
			t.Errorf("ranking: second %+v, want health ranked 2 at 0%%", h)
		}
		for _, e := range r.Ranking[2:] {
			if e.Rank != nil || !e.NoWork {
				t.Errorf("ranking: %s got rank %v, want none (no work due)", e.Name, e.Rank)
			}
		}
		if r.Policy.Version != 1 || len(r.Groups) == 0 || len(r.Categories) == 0 {
			t.Errorf("policy %+v, %d groups, %d categories", r.Policy, len(r.Groups), len(r.Categories))
		}
		if len(r.Overdue) != 1 || r.Overdue[0].TaskID != w.tasks[1] || r.Overdue[0].DaysOverdue != 4 ||
			r.Overdue[0].OrgID != health || r.Overdue[0].DueDate == nil || *r.Overdue[0].DueDate != "2025-03-04" {
			t.Errorf("overdue: got %+v", r.Overdue)
		}
		if r.Tasks != nil || len(r.Hotspots) != 2 || r.HotspotTotal.SatisfactionRate != nil {
			t.Errorf("%d task lines, hot-spots %+v: want no lines, 2 communities with no rates", len(r.Tasks), r.Hotspots)
		}
		// Xi'an's two pilots (no county recorded), untitled, as of the
		// period's end.
		if p := r.Progress; p == nil || p.AsOf != "2025-03-09" || p.Target != 0.5 || p.Province != (figureJSON{Communities: 2}) ||
			len(p.Cities) != 0 || len(p.Levels) != 2 || p.Levels[1].Level != "province" {
			t.Errorf("progress: got %+v, want Xi'an's 0 of 2 as of 2025-03-09 at both levels", p)
		}
		lines := w.report(t, w.tok["admin"], "?from=2025-03-03&to=2025-03-09&today=2025-03-10&tasks=true").Tasks
		if len(lines) != 3 || lines[0].ID != w.tasks[0] || !lines[0].ClosedIn || lines[0].DaysToClose == nil ||
			lines[0].DaysOverdue != nil || lines[0].AcceptedOn == nil || *lines[0].AcceptedOn != "2025-03-03" ||
			lines[1].DaysOverdue == nil || *lines[1].DaysOverdue != 4 {
			t.Errorf("task lines: got %+v", lines)
		}
		org := w.report(t, w.tok["admin"], fmt.Sprintf("?from=2025-03-03&to=2025-03-09&scope=org&org_id=%d", health))
		if len(org.Organizations) != 1 || org.Total.Assigned != 1 || org.Scope != "西安市卫生健康委员会" {
			t.Errorf("health's report: %s, %d organisations, %d assigned", org.Scope, len(org.Organizations),
				org.Total.Assigned)
		}
	})
}

func rateIs(p *float64, v float64) bool { return p != nil && *p == v }

func TestReportAPIBadParams(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newReportEnv(t, db)
		tests := []struct {
			query  string
			status int
			msg    string // part of the English message
		}{
			{"", http.StatusBadRequest, "give the report's period"},
			{"?period=daily", http.StatusBadRequest, `report kind "daily"`},
			{"?period=weekly&from=2025-03-03&to=2025-03-09", http.StatusBadRequest, "either period or from and to"},
			{"?from=2025-03-03", http.StatusBadRequest, "Parameter to is required"},
			{"?from=2025-3-3&to=2025-03-09", http.StatusBadRequest, `Parameter from: "2025-3-3" is not a valid date`},
			{"?from=2025-03-09&to=2025-03-03", http.StatusBadRequest, "is after the end date"},
			{"?from=2024-01-01&to=2025-03-09", http.StatusBadRequest, "at most 400 days"},
			{"?period=weekly&today=yesterday", http.StatusBadRequest, "Parameter today"},
			{"?period=weekly&format=pdf", http.StatusBadRequest, `format "pdf"`},
			{"?period=weekly&scope=county", http.StatusBadRequest, `scope "county"`},
			{"?period=weekly&scope=city", http.StatusBadRequest, "needs the parameter region"},
			{"?period=weekly&scope=org", http.StatusBadRequest, "needs the parameter org_id"},
			{"?period=weekly&scope=org&org_id=abc", http.StatusBadRequest, "Parameter org_id has an invalid value"},
			{"?period=weekly&scope=city&region=xian&org_id=3", http.StatusBadRequest, "takes only its own parameter"},
			{"?period=weekly&tasks=maybe", http.StatusBadRequest, "Parameter tasks must be true or false"},
			{"?period=weekly&scope=org&org_id=987654", http.StatusNotFound, "Organisation 987654 not found"},
			{"?period=weekly&scope=community&community_id=987654", http.StatusNotFound, "Community 987654 not found"},
			{"?period=weekly&scope=city&region=atlantis", http.StatusNotFound, `region "atlantis" has no organisations`},
		}
		for _, tt := range tests {
			q := tt.query + "&lang=en"
			if tt.query == "" {
				q = "?lang=en"
			}
			r := w.do(request{method: http.MethodGet, path: reportPath + q, token: w.tok["lead"]})
			if r.status != tt.status || !strings.Contains(r.message(t), tt.msg) {
				t.Errorf("%s: got %d %s, want %d with %q", tt.query, r.status, r.body, tt.status, tt.msg)
			}
		}
		// Chinese by default.
		r := w.do(request{method: http.MethodGet, path: reportPath + "?period=daily", token: w.tok["lead"]})
		if r.status != http.StatusBadRequest || r.errorCode(t) != "invalid" || !strings.Contains(r.message(t), "通报类型") {
			t.Errorf("default language: got %d %s", r.status, r.body)
		}
	})
}

func TestReportAPIWorkbook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newReportEnv(t, db)
		for _, tt := range []struct {
			query, header, name string
			sheets              []string
			a1                  string
		}{
			{"?period=weekly&format=xlsx", "", "督查通报_2025-03-03_2025-03-09.xlsx",
				[]string{"汇总", "图表", "创建进度", "排名", "分类别", "单位明细", "逾期清单", "任务明细", "热点难点问题"}, "项目"},
			{"?period=weekly&format=xlsx&lang=en", "", "supervision-report_2025-03-03_2025-03-09.xlsx",
				[]string{"Summary", "Charts", "Campaign progress", "Ranking", "Categories", "Organisations", "Overdue", "Tasks", "Hot-spots"}, "Item"},
			{"?period=weekly&format=xlsx", "en-US,en;q=0.9", "supervision-report_2025-03-03_2025-03-09.xlsx",
				[]string{"Summary", "Charts", "Campaign progress", "Ranking", "Categories", "Organisations", "Overdue", "Tasks", "Hot-spots"}, "Item"},
		} {
			r := w.do(request{method: http.MethodGet, path: reportPath + tt.query, token: w.tok["leadership"],
				header: map[string]string{"Accept-Language": tt.header}})
			wantStatus(t, r, http.StatusOK)
			if ct := r.header.Get("Content-Type"); ct != mimeXLSX {
				t.Errorf("%s: Content-Type %q, want %q", tt.query, ct, mimeXLSX)
			}
			if cd := r.header.Get("Content-Disposition"); cd != downloadDisposition(tt.name) ||
				!strings.HasPrefix(cd, "attachment; ") {
				t.Errorf("%s: Content-Disposition %q, want the download of %s", tt.query, cd, tt.name)
			}
			f, err := excelize.OpenReader(bytes.NewReader(r.body))
			if err != nil {
				t.Fatalf("%s: open workbook: %v", tt.query, err)
			}
			if got := f.GetSheetList(); !slices.Equal(got, tt.sheets) {
				t.Errorf("%s: sheets %v, want %v", tt.query, got, tt.sheets)
			}
			if v, err := f.GetCellValue(tt.sheets[0], "A1"); err != nil || v != tt.a1 {
				t.Errorf("%s: A1 %q (%v), want %q", tt.query, v, err, tt.a1)
			}
			rows, err := f.GetRows(tt.sheets[7]) // the task list
			if err != nil || len(rows) != 4 {
				t.Errorf("%s: task sheet has %d rows (%v), want a header and 3 tasks", tt.query, len(rows), err)
			}
			f.Close()
		}
	})
}
