package server

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// appEnv is a server with the campaign service, the standards it needs and
// a user of every kind: the province (admin, lead), leadership, Xi'an's
// housing bureau (xah, the city that reviews mijiaya and lanbo), Baoji's
// (bjh), another Xi'an department (police), and the communities mijiaya
// (neighbourhood) and lanbo (cluster).
type appEnv struct {
	*testEnv
	tok   map[string]string
	actor map[string]domain.Actor
	comm  map[string]int64
	org   map[string]int64
	// Published standards: Xi'an's city standard, Baoji's, the province's;
	// a draft and a retired one.
	cityStd, baojiStd, provStd, draftStd, retiredStd int64
}

func newAppEnv(t *testing.T, db *storetest.DB) *appEnv {
	t.Helper()
	e := newEnv(t, db, func(d *Deps) {
		d.Standards = &domain.StandardService{Store: d.Tasks.Store, Now: d.Tasks.Now}
		d.Attachments = &domain.AttachmentService{Store: d.Tasks.Store, Now: d.Tasks.Now}
		d.Campaign = &domain.CampaignService{Store: d.Tasks.Store, Tasks: d.Tasks, Now: d.Tasks.Now,
			Location: storetest.Shanghai}
	})
	w := &appEnv{testEnv: e, tok: map[string]string{"admin": e.admin}, actor: map[string]domain.Actor{},
		comm: map[string]int64{}, org: map[string]int64{}}
	ctx := context.Background()
	for _, u := range []struct {
		name string
		role domain.Role
		org  string
		comm string
	}{
		{"lead", domain.RoleLead, "", ""},
		{"leadership", domain.RoleLeadership, "", ""},
		{"xah", domain.RoleDepartment, "xian-housing", ""},
		{"bjh", domain.RoleDepartment, "baoji-housing", ""},
		{"police", domain.RoleDepartment, "xian-public_security", ""},
		{"mijiaya", domain.RoleCommunity, "", "xian-mijiaya"},
		{"lanbo", domain.RoleCommunity, "", "xian-lanbo"},
	} {
		user, tok := e.mustUser(u.name, u.role, u.org, u.comm)
		w.tok[u.name], w.actor[u.name] = tok, domain.ActorOf(user, domain.ChannelAPI, "")
	}
	for _, code := range []string{"xian-mijiaya", "xian-lanbo", "baoji-jinhe"} {
		c, err := db.CommunityByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		w.comm[strings.TrimPrefix(strings.TrimPrefix(code, "xian-"), "baoji-")] = c.ID
	}
	for _, code := range []string{"xian-housing", "shaanxi-housing", "xian-public_security", "xian-health"} {
		o, err := db.OrganizationByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		w.org[code] = o.ID
	}
	w.cityStd = w.standard(t, "西安市和谐社区标准", "city", "610100", true, false)
	w.baojiStd = w.standard(t, "宝鸡市和谐社区标准", "city", "610300", true, false)
	w.provStd = w.standard(t, "省级和谐社区标准", "province", "", true, false)
	w.draftStd = w.standard(t, "草稿标准", "province", "", false, false)
	w.retiredStd = w.standard(t, "旧标准", "province", "", true, true)
	return w
}

// standard creates a standard from sheet (D1..D6, 10 points each; D1 not
// for clusters; D2 needs evidence; D4 is a veto item; pass score 40).
func (w *appEnv) standard(t testing.TB, name, level, region string, publish, retire bool) int64 {
	t.Helper()
	body := sheet(name)
	body["level"], body["region_code"] = level, region
	r := w.call(t, http.MethodPost, w.tok["lead"], standardPath, body)
	wantStatus(t, r, http.StatusCreated)
	var s standardJSON
	r.json(t, &s)
	if publish {
		wantStatus(t, w.call(t, http.MethodPost, w.tok["lead"], fmt.Sprintf("%s/%d/publish", standardPath, s.ID), nil),
			http.StatusOK)
	}
	if retire {
		wantStatus(t, w.call(t, http.MethodPost, w.tok["lead"], fmt.Sprintf("%s/%d/retire", standardPath, s.ID), nil),
			http.StatusOK)
	}
	return s.ID
}

func (w *appEnv) call(t testing.TB, method, tok, path string, body any) response {
	t.Helper()
	return w.doT(t, request{method: method, path: path, token: tok, body: body})
}

func appPath(id int64, rest string) string { return fmt.Sprintf("%s/%d%s", applicationPath, id, rest) }

// open opens an application and answers its detail.
func (w *appEnv) open(t testing.TB, tok string, community int64, level string, std int64) applicationDetailJSON {
	t.Helper()
	r := w.call(t, http.MethodPost, tok, applicationPath,
		map[string]any{"community_id": community, "level": level, "standard_id": std})
	wantStatus(t, r, http.StatusCreated)
	var d applicationDetailJSON
	r.json(t, &d)
	return d
}

func (w *appEnv) get(t testing.TB, tok string, id int64) applicationDetailJSON {
	t.Helper()
	r := w.call(t, http.MethodGet, tok, appPath(id, ""), nil)
	wantStatus(t, r, http.StatusOK)
	var d applicationDetailJSON
	r.json(t, &d)
	return d
}

func (w *appEnv) act(t testing.TB, tok string, id int64, body map[string]any) response {
	t.Helper()
	return w.call(t, http.MethodPost, tok, appPath(id, "/actions"), body)
}

func (w *appEnv) mustAct(t testing.TB, tok string, id int64, body map[string]any) applicationDetailJSON {
	t.Helper()
	r := w.act(t, tok, id, body)
	wantStatus(t, r, http.StatusOK)
	var d applicationDetailJSON
	r.json(t, &d)
	return d
}

// scores gives points to the indicators, with D4 (the veto item) failed
// when veto is set.
func scores(points int, veto bool, codes ...string) []map[string]any {
	var out []map[string]any
	for _, c := range codes {
		s := map[string]any{"indicator": c, "points": points, "note": "核实"}
		if c == "D4" {
			s["veto_failed"] = veto
		}
		out = append(out, s)
	}
	return out
}

var allCodes = []string{"D1", "D2", "D3", "D4", "D5", "D6"}

// attach uploads one PDF as evidence for indicator.
func (w *appEnv) attach(t testing.TB, tok string, id int64, indicator string) response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if indicator != "" {
		if err := mw.WriteField("indicator", indicator); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", "议事会记录.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(pdfBytes); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return w.doT(t, request{method: http.MethodPost, path: appPath(id, "/attachments"), token: tok, body: &b,
		header: map[string]string{"Content-Type": mw.FormDataContentType()}})
}

// ready opens a draft for community at level and completes it: every
// applicable indicator self-assessed, D2's evidence uploaded.
func (w *appEnv) ready(t testing.TB, tok string, community int64, level string, std int64, codes ...string) int64 {
	t.Helper()
	d := w.open(t, tok, community, level, std)
	r := w.call(t, http.MethodPut, tok, appPath(d.ID, "/self-assessment"), map[string]any{"scores": scores(9, false, codes...)})
	wantStatus(t, r, http.StatusOK)
	wantStatus(t, w.attach(t, tok, d.ID, "D2"), http.StatusCreated)
	return d.ID
}

// mails returns the queued messages of kind, by recipient address.
func (w *appEnv) mails(t testing.TB, kind string) []string {
	t.Helper()
	l, err := w.srv.deps.Outbox.List(context.Background(), domain.SystemActor(), domain.OutboxFilter{},
		domain.Page{Limit: domain.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range l.Items {
		if m.Kind == kind {
			out = append(out, m.To)
		}
	}
	return out
}

func TestApplicationCityTitlePath(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAppEnv(t, db)
		mij := w.tok["mijiaya"]
		d := w.open(t, mij, w.comm["mijiaya"], "city", w.cityStd)
		if d.Status != "draft" || d.CommunityName != "米家崖小区" || d.City != "西安市" || d.Standard.ID != w.cityStd ||
			!slices.Contains(d.AllowedActions, "submit") || d.Scale != "neighborhood" {
			t.Fatalf("opened: %+v", d)
		}
		id := d.ID

		// Submitting an empty draft lists everything missing.
		r := w.act(t, mij, id, map[string]any{"action": "submit"})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if msg := r.message(t); !strings.Contains(msg, "D1, D2, D3, D4, D5, D6") || !strings.Contains(msg, "缺少佐证材料的指标：D2") {
			t.Errorf("missing list: %s", msg)
		}
		// A partial draft, then the rest: replaced per indicator.
		r = w.call(t, http.MethodPut, mij, appPath(id, "/self-assessment"), map[string]any{"scores": scores(5, false, "D1", "D2")})
		wantStatus(t, r, http.StatusOK)
		r = w.call(t, http.MethodPut, mij, appPath(id, "/self-assessment"),
			map[string]any{"scores": scores(9, false, "D2", "D3", "D4", "D5", "D6")})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &d)
		if len(d.SelfScores) != 6 || d.SelfScore == nil || *d.SelfScore != 50 {
			t.Fatalf("self scores: %s", r.body)
		}
		r = w.act(t, mij, id, map[string]any{"action": "submit"})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if msg := r.message(t); !strings.Contains(msg, "D2") || strings.Contains(msg, "D1") {
			t.Errorf("evidence missing: %s", msg)
		}
		wantStatus(t, w.attach(t, mij, id, "D2"), http.StatusCreated)
		d = w.mustAct(t, mij, id, map[string]any{"action": "submit"})
		if d.Status != "submitted" || len(d.Tasks) != 1 || len(d.Evidence["D2"]) != 1 {
			t.Fatalf("submitted: %+v", d)
		}
		review := d.Tasks[0]
		if review.Source != "campaign" || review.LeadOrgID != w.org["xian-housing"] || review.Status != "assigned" ||
			review.ApplicationID == nil || *review.ApplicationID != id || !strings.Contains(review.Title, "米家崖小区") ||
			d.StepDueDate == nil || *d.StepDueDate != review.DueDate {
			t.Fatalf("review task: %+v", review)
		}
		if due := review.DueInWorkingDays; due == nil || *due != 10 {
			t.Errorf("review task due in %v working days, want 10", due)
		}
		if got := w.mails(t, domain.MailAppSubmitted); !slices.Contains(got, "xah@example.cn") {
			t.Errorf("submitted mail to %v, want the city bureau's users", got)
		}
		// The bureau sees it in its inbox; the evidence downloads for it, not for another community.
		var inbox listJSON[applicationJSON]
		w.call(t, http.MethodGet, w.tok["xah"], applicationPath+"?inbox=true", nil).json(t, &inbox)
		if len(inbox.Items) != 1 || inbox.Items[0].ID != id || inbox.Items[0].StepDueDate == nil {
			t.Fatalf("inbox: %+v", inbox)
		}
		file := d.Evidence["D2"][0].URL
		wantStatus(t, w.call(t, http.MethodGet, w.tok["xah"], file, nil), http.StatusOK)
		wantStatus(t, w.call(t, http.MethodGet, w.tok["lanbo"], file, nil), http.StatusNotFound)
		wantStatus(t, w.call(t, http.MethodGet, w.tok["bjh"], file, nil), http.StatusNotFound)
		// Evidence is frozen once submitted.
		wantStatus(t, w.attach(t, mij, id, "D2"), http.StatusConflict)

		// Two assessors' sheets; the city score is their mean.
		d = w.mustAct(t, w.tok["xah"], id, map[string]any{"action": "score", "assessor": "张专家",
			"scores": scores(9, false, allCodes...)})
		d = w.mustAct(t, w.tok["xah"], id, map[string]any{"action": "score", "scores": scores(8, false, allCodes...)})
		if d.Status != "scored" || len(d.Sheets) != 2 || d.CityScore == nil || *d.CityScore != 51 ||
			d.Sheets[0].Assessor != "张专家" || d.Sheets[1].Assessor != "xah" || d.Sheets[0].Total != 54 {
			t.Fatalf("scored: %+v", d)
		}
		d = w.mustAct(t, w.tok["xah"], id, map[string]any{"action": "accept"})
		if d.Status != "publicized" || d.Notice == nil || d.Notice.Score != 51 || d.Notice.Status != "open" {
			t.Fatalf("accepted: %+v", d)
		}
		// 2025-03-03 is a Monday: five working days end on Friday.
		if d.Notice.From != "2025-03-03" || d.Notice.To != "2025-03-07" {
			t.Errorf("notice period %s..%s", d.Notice.From, d.Notice.To)
		}
		var acts []string
		for _, e := range d.Events {
			acts = append(acts, e.Action+"/"+e.Channel)
		}
		if !slices.Contains(acts, "accept/api") || !slices.Contains(acts, "publicize/system") {
			t.Errorf("events: %v", acts)
		}
		if d.Tasks[0].Status != "closed" {
			t.Errorf("review task after the decision: %s", d.Tasks[0].Status)
		}
		var td taskDetailJSON
		w.call(t, http.MethodGet, w.admin, fmt.Sprintf("/api/v1/tasks/%d", review.ID), nil).json(t, &td)
		last := td.Events[len(td.Events)-1]
		if last.Action != "close" || last.Channel != "system" {
			t.Errorf("review task's last event: %+v", last)
		}
		if got := w.mails(t, domain.MailAppAccepted); !slices.Contains(got, "mijiaya@example.cn") {
			t.Errorf("accepted mail to %v", got)
		}
		// Once open, a second application at the level waits.
		r = w.call(t, http.MethodPost, mij, applicationPath,
			map[string]any{"community_id": w.comm["mijiaya"], "level": "city", "standard_id": w.cityStd})
		wantStatus(t, r, http.StatusConflict)
		// Audited.
		var audit listJSON[map[string]any]
		w.call(t, http.MethodGet, w.admin, "/api/v1/audit?target="+fmt.Sprintf("application:%d", id), nil).json(t, &audit)
		if len(audit.Items) < 8 {
			t.Errorf("audit rows: %d", len(audit.Items))
		}
	})
}

func TestApplicationProvinceTitlePath(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAppEnv(t, db)
		// The city bureau opens on the community's behalf.
		id := w.ready(t, w.tok["xah"], w.comm["mijiaya"], "province", w.provStd, allCodes...)
		w.mustAct(t, w.tok["xah"], id, map[string]any{"action": "submit"})
		// A province title is not decided by the city.
		w.mustAct(t, w.tok["xah"], id, map[string]any{"action": "score", "scores": scores(7, false, allCodes...)})
		wantStatus(t, w.act(t, w.tok["xah"], id, map[string]any{"action": "accept"}), http.StatusForbidden)
		// Inspecting before the recommendation is not allowed now.
		wantStatus(t, w.act(t, w.tok["lead"], id, map[string]any{"action": "inspect", "inspected_on": "2025-03-03",
			"inspectors": "李四"}), http.StatusConflict)
		d := w.mustAct(t, w.tok["xah"], id, map[string]any{"action": "recommend"})
		if d.Status != "recommended" || len(d.Tasks) != 2 || d.Tasks[0].Status != "closed" ||
			d.Tasks[1].LeadOrgID != w.org["shaanxi-housing"] || d.Tasks[1].Status != "assigned" {
			t.Fatalf("recommended: %+v", d.Tasks)
		}
		if due := d.Tasks[1].DueInWorkingDays; due == nil || *due != 20 {
			t.Errorf("inspection task due in %v working days", due)
		}
		if got := w.mails(t, domain.MailAppRecommended); !slices.Contains(got, "lead@example.cn") {
			t.Errorf("recommended mail to %v", got)
		}
		// The city bureau cannot inspect.
		wantStatus(t, w.act(t, w.tok["xah"], id, map[string]any{"action": "inspect", "inspected_on": "2025-03-03",
			"inspectors": "李四"}), http.StatusForbidden)
		var inbox listJSON[applicationJSON]
		w.call(t, http.MethodGet, w.tok["lead"], applicationPath+"?inbox=true", nil).json(t, &inbox)
		if len(inbox.Items) != 1 {
			t.Errorf("province inbox: %+v", inbox)
		}
		d = w.mustAct(t, w.tok["lead"], id, map[string]any{"action": "inspect", "inspected_on": "2025-03-03",
			"inspectors": "李四、王五", "note": "实地察看良好"})
		d = w.mustAct(t, w.tok["lead"], id, map[string]any{"action": "inspect", "inspected_on": "2025-03-04",
			"inspectors": "李四", "scores": scores(8, false, allCodes...)})
		if d.Status != "inspected" || len(d.Inspections) != 2 || d.ProvinceScore == nil || *d.ProvinceScore != 48 {
			t.Fatalf("inspected: %+v", d)
		}
		d = w.mustAct(t, w.tok["lead"], id, map[string]any{"action": "accept"})
		if d.Status != "publicized" || d.Notice == nil || d.Notice.Score != 48 || d.Tasks[1].Status != "closed" {
			t.Fatalf("accepted: %+v", d)
		}
		// The province's decision is told to the community and to the city
		// bureau that recommended it.
		if got := w.mails(t, domain.MailAppAccepted); !slices.Contains(got, "mijiaya@example.cn") ||
			!slices.Contains(got, "xah@example.cn") || slices.Contains(got, "bjh@example.cn") {
			t.Errorf("accepted mail to %v, want the community and Xi'an's bureau", got)
		}
	})
}

func TestApplicationReturnRejectRectify(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAppEnv(t, db)
		mij, xah := w.tok["mijiaya"], w.tok["xah"]
		id := w.ready(t, mij, w.comm["mijiaya"], "city", w.cityStd, allCodes...)
		w.mustAct(t, mij, id, map[string]any{"action": "submit"})
		r := w.act(t, xah, id, map[string]any{"action": "return"})
		wantStatus(t, r, http.StatusBadRequest)
		d := w.mustAct(t, xah, id, map[string]any{"action": "return", "note": "请补充 D3 的材料"})
		if d.Status != "returned" || d.Tasks[0].Status != "closed" {
			t.Fatalf("returned: %+v", d)
		}
		if got := w.mails(t, domain.MailAppReturned); !slices.Contains(got, "mijiaya@example.cn") {
			t.Errorf("returned mail to %v", got)
		}
		// The community answers the return and submits again: a new review task.
		wantStatus(t, w.attach(t, mij, id, "D3"), http.StatusCreated)
		d = w.mustAct(t, mij, id, map[string]any{"action": "submit"})
		if d.Status != "submitted" || len(d.Tasks) != 2 || d.Tasks[1].Status != "assigned" {
			t.Fatalf("resubmitted: %+v", d.Tasks)
		}
		// A failed veto fails the application whatever the points.
		d = w.mustAct(t, xah, id, map[string]any{"action": "score", "scores": scores(10, true, allCodes...)})
		if !d.VetoFailed || d.CityScore == nil || *d.CityScore != 60 {
			t.Fatalf("veto: %+v", d)
		}
		r = w.act(t, xah, id, map[string]any{"action": "accept"})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.message(t), "一票否决") {
			t.Errorf("accept with a failed veto: %s", r.body)
		}
		wantStatus(t, w.act(t, xah, id, map[string]any{"action": "reject"}), http.StatusBadRequest)
		d = w.mustAct(t, xah, id, map[string]any{"action": "reject", "note": "一票否决项未通过"})
		if d.Status != "rejected" || d.Tasks[1].Status != "closed" || len(d.AllowedActions) != 0 || !d.CanRectify {
			t.Fatalf("rejected: %+v", d)
		}
		// A rectification task from the finding.
		body := map[string]any{"indicator": "D4", "title": "整改小区治安问题", "lead_org_id": w.org["xian-public_security"],
			"co_org_ids": []int64{w.org["xian-health"]}, "due_in_working_days": 15}
		wantStatus(t, w.call(t, http.MethodPost, w.tok["police"], appPath(id, "/rectifications"), body), http.StatusNotFound)
		wantStatus(t, w.call(t, http.MethodPost, mij, appPath(id, "/rectifications"), body), http.StatusForbidden)
		bad := map[string]any{"indicator": "X9", "title": "x", "lead_org_id": w.org["xian-public_security"],
			"due_in_working_days": 15}
		wantStatus(t, w.call(t, http.MethodPost, xah, appPath(id, "/rectifications"), bad), http.StatusBadRequest)
		r = w.call(t, http.MethodPost, xah, appPath(id, "/rectifications"), body)
		wantStatus(t, r, http.StatusCreated)
		var task taskJSON
		r.json(t, &task)
		if task.Source != "campaign" || task.ApplicationID == nil || *task.ApplicationID != id || task.Indicator != "D4" ||
			task.LeadOrgID != w.org["xian-public_security"] || task.CommunityID == nil {
			t.Fatalf("rectification: %s", r.body)
		}
		d = w.get(t, mij, id)
		if len(d.Tasks) != 3 || d.Tasks[2].ID != task.ID {
			t.Errorf("tasks of the application: %+v", d.Tasks)
		}
		// It is a task like any other: the lead organisation sees it in its list.
		var tl listJSON[taskJSON]
		w.call(t, http.MethodGet, w.tok["police"], "/api/v1/tasks", nil).json(t, &tl)
		if !slices.ContainsFunc(tl.Items, func(x taskJSON) bool { return x.ID == task.ID }) {
			t.Errorf("police's tasks lack the rectification: %+v", tl.Items)
		}
		// Rejected is final: the community may open a new application.
		w.open(t, mij, w.comm["mijiaya"], "city", w.cityStd)
	})
}

func TestApplicationOpenRefusals(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAppEnv(t, db)
		mij := w.tok["mijiaya"]
		open := func(tok string, comm int64, level string, std int64) response {
			return w.call(t, http.MethodPost, tok, applicationPath,
				map[string]any{"community_id": comm, "level": level, "standard_id": std})
		}
		for _, tt := range []struct {
			name   string
			tok    string
			comm   int64
			level  string
			std    int64
			status int
			msg    string
		}{
			{"draft standard", mij, w.comm["mijiaya"], "city", w.draftStd, 422, "未发布"},
			{"retired standard", mij, w.comm["mijiaya"], "city", w.retiredStd, 422, "未发布"},
			{"another city's standard", mij, w.comm["mijiaya"], "city", w.baojiStd, 422, "其他市"},
			{"a city standard for a province title", mij, w.comm["mijiaya"], "province", w.cityStd, 422, "省级创建标准"},
			{"unknown standard", mij, w.comm["mijiaya"], "city", 99999, 422, "不存在"},
			{"bad level", mij, w.comm["mijiaya"], "county", w.cityStd, 400, "申报级别"},
			{"another community", mij, w.comm["lanbo"], "city", w.cityStd, 404, ""},
			{"another city's bureau", w.tok["bjh"], w.comm["mijiaya"], "city", w.cityStd, 404, ""},
			{"another department", w.tok["police"], w.comm["mijiaya"], "city", w.cityStd, 404, ""},
			{"leadership", w.tok["leadership"], w.comm["mijiaya"], "city", w.cityStd, 403, ""},
			{"signed out", "", w.comm["mijiaya"], "city", w.cityStd, 401, ""},
		} {
			r := open(tt.tok, tt.comm, tt.level, tt.std)
			if r.status != tt.status || tt.msg != "" && !strings.Contains(r.message(t), tt.msg) {
				t.Errorf("%s: %d %s", tt.name, r.status, r.body)
			}
		}
		// A city title may use the province's standard.
		d := w.open(t, mij, w.comm["mijiaya"], "city", w.provStd)
		r := open(mij, w.comm["mijiaya"], "city", w.cityStd)
		wantStatus(t, r, http.StatusConflict)
		if !strings.Contains(string(r.body), "进行中的申报") {
			t.Errorf("second open application: %s", r.body)
		}
		wantStatus(t, w.act(t, mij, d.ID, map[string]any{"action": "withdraw"}), http.StatusOK)
		// A valid title at the level refuses a new application (re-assessment is the system's).
		ctx := context.Background()
		err := db.InTx(ctx, func(tx domain.Tx) error {
			return tx.CreateTitle(ctx, &domain.Title{CommunityID: w.comm["mijiaya"], CityCode: "610100", Level: "city",
				CertificateNo: "SX-2025-001", GrantedOn: domain.Date{Year: 2024, Month: 1, Day: 2},
				ExpiresOn: domain.Date{Year: 2027, Month: 1, Day: 1}, Status: domain.TitleActive,
				CreatedAt: storetest.Now, UpdatedAt: storetest.Now})
		})
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, open(mij, w.comm["mijiaya"], "city", w.cityStd), http.StatusConflict)
		wantStatus(t, open(mij, w.comm["mijiaya"], "province", w.provStd), http.StatusCreated)
		// An inactive community cannot apply.
		c, err := db.Community(ctx, w.comm["lanbo"])
		if err != nil {
			t.Fatal(err)
		}
		c.Active = false
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.UpdateCommunity(ctx, &c) }); err != nil {
			t.Fatal(err)
		}
		r = open(w.tok["xah"], w.comm["lanbo"], "city", w.cityStd)
		wantStatus(t, r, http.StatusUnprocessableEntity)
		// Nothing was written by the refusals.
		var l listJSON[applicationJSON]
		w.call(t, http.MethodGet, w.admin, applicationPath, nil).json(t, &l)
		if len(l.Items) != 2 {
			t.Errorf("applications: %d, want 2", len(l.Items))
		}
	})
}

func TestApplicationScoreRefusals(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAppEnv(t, db)
		lanbo, xah := w.tok["lanbo"], w.tok["xah"]
		d := w.open(t, lanbo, w.comm["lanbo"], "city", w.cityStd)
		id := d.ID
		self := func(s []map[string]any) response {
			return w.call(t, http.MethodPut, lanbo, appPath(id, "/self-assessment"), map[string]any{"scores": s})
		}
		for _, tt := range []struct {
			name string
			body []map[string]any
			msg  string
		}{
			{"not applicable to a cluster", scores(5, false, "D1"), "不适用"},
			{"not in the standard", scores(5, false, "X1"), "X1"},
			{"above the indicator's points", scores(11, false, "D2"), "0 到 10"},
			{"negative", scores(-1, false, "D2"), "0 到 10"},
			{"veto on a plain item", []map[string]any{{"indicator": "D2", "points": 3, "veto_failed": true}}, "一票否决"},
			{"no points", []map[string]any{{"indicator": "D2"}}, "D2"},
		} {
			r := self(tt.body)
			if r.status != http.StatusBadRequest || !strings.Contains(r.message(t), tt.msg) {
				t.Errorf("%s: %d %s", tt.name, r.status, r.body)
			}
		}
		r := w.call(t, http.MethodPut, lanbo, appPath(id, "/self-assessment")+"?lang=en",
			map[string]any{"scores": scores(5, false, "D1")})
		if !strings.Contains(r.message(t), "does not apply") {
			t.Errorf("English message: %s", r.body)
		}
		// Scoring a draft is not allowed now; the community never scores.
		wantStatus(t, w.act(t, xah, id, map[string]any{"action": "score", "scores": scores(5, false, allCodes[1:]...)}),
			http.StatusConflict)
		id = w.ready(t, lanbo, w.comm["lanbo"], "province", w.provStd, allCodes[1:]...)
		w.mustAct(t, lanbo, id, map[string]any{"action": "submit"})
		wantStatus(t, w.act(t, lanbo, id, map[string]any{"action": "score", "scores": scores(5, false, allCodes[1:]...)}),
			http.StatusForbidden)
		r = w.act(t, xah, id, map[string]any{"action": "score", "scores": scores(5, false, "D2", "D3")})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.message(t), "D4, D5, D6") {
			t.Errorf("missing scores: %s", r.body)
		}
		wantStatus(t, w.act(t, xah, id, map[string]any{"action": "vote"}), http.StatusBadRequest)
		// Below the pass score (40 of 50): not recommended.
		w.mustAct(t, xah, id, map[string]any{"action": "score", "scores": scores(6, false, allCodes[1:]...)})
		r = w.act(t, xah, id, map[string]any{"action": "recommend"})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.message(t), "30.00") {
			t.Errorf("below pass: %s", r.body)
		}
		// Self-assessment is frozen after submission.
		wantStatus(t, self(scores(5, false, "D2")), http.StatusConflict)
	})
}

func TestApplicationLists(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAppEnv(t, db)
		a := w.open(t, w.tok["mijiaya"], w.comm["mijiaya"], "city", w.cityStd)
		b := w.open(t, w.tok["lead"], w.comm["jinhe"], "city", w.baojiStd)
		list := func(tok, q string) []int64 {
			var l listJSON[applicationJSON]
			r := w.call(t, http.MethodGet, tok, applicationPath+q, nil)
			wantStatus(t, r, http.StatusOK)
			r.json(t, &l)
			var ids []int64
			for _, it := range l.Items {
				ids = append(ids, it.ID)
			}
			return ids
		}
		for _, tt := range []struct {
			tok, q string
			want   []int64
		}{
			{w.admin, "", []int64{b.ID, a.ID}},
			{w.tok["leadership"], "", []int64{b.ID, a.ID}},
			{w.tok["xah"], "", []int64{a.ID}},
			{w.tok["bjh"], "", []int64{b.ID}},
			{w.tok["mijiaya"], "", []int64{a.ID}},
			{w.tok["lanbo"], "", nil},
			{w.admin, "?region_code=610300", []int64{b.ID}},
			{w.admin, "?community_id=" + fmt.Sprint(w.comm["mijiaya"]), []int64{a.ID}},
			{w.tok["xah"], "?region_code=610300", nil},
			{w.admin, "?status=submitted", nil},
			{w.tok["mijiaya"], "?inbox=true", []int64{a.ID}},
			{w.tok["xah"], "?inbox=true", nil},
			{w.tok["leadership"], "?inbox=true", nil},
		} {
			if got := list(tt.tok, tt.q); !slices.Equal(got, tt.want) {
				t.Errorf("list %s: got %v, want %v", tt.q, got, tt.want)
			}
		}
		wantStatus(t, w.call(t, http.MethodGet, w.tok["police"], applicationPath, nil), http.StatusForbidden)
		wantStatus(t, w.call(t, http.MethodGet, "", applicationPath, nil), http.StatusUnauthorized)
		wantStatus(t, w.call(t, http.MethodGet, w.admin, applicationPath+"?status=done", nil), http.StatusBadRequest)
		wantStatus(t, w.call(t, http.MethodGet, w.admin, applicationPath+"?region_code=9", nil), http.StatusBadRequest)
	})
}

// TestApplicationAccessMatrix: who may do what on an application of
// mijiaya (Xi'an). Out of scope is 404, in scope but the wrong party 403,
// signed out 401.
func TestApplicationAccessMatrix(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAppEnv(t, db)
		users := []string{"admin", "lead", "leadership", "xah", "bjh", "police", "mijiaya", "lanbo", ""}
		tok := func(u string) string {
			if u == "" {
				return ""
			}
			return w.tok[u]
		}
		// clear ends mijiaya's open application, so that the next case can open one.
		clear := func(t testing.TB) {
			var l listJSON[applicationJSON]
			w.call(t, http.MethodGet, w.admin, applicationPath+"?community_id="+fmt.Sprint(w.comm["mijiaya"]), nil).json(t, &l)
			for _, it := range l.Items {
				switch it.Status {
				case "draft", "submitted", "returned":
					w.mustAct(t, w.admin, it.ID, map[string]any{"action": "withdraw"})
				case "scored":
					w.mustAct(t, w.admin, it.ID, map[string]any{"action": "reject", "note": "测试"})
				}
			}
		}
		draft := func(t testing.TB) int64 {
			clear(t)
			return w.open(t, w.tok["mijiaya"], w.comm["mijiaya"], "city", w.cityStd).ID
		}
		submitted := func(t testing.TB) int64 {
			clear(t)
			id := w.ready(t, w.tok["mijiaya"], w.comm["mijiaya"], "city", w.cityStd, allCodes...)
			w.mustAct(t, w.tok["mijiaya"], id, map[string]any{"action": "submit"})
			return id
		}
		for _, tt := range []struct {
			name  string
			setup func(testing.TB) int64
			call  func(id int64) (string, string, any)
			want  []int // in the order of users
		}{
			{"get", draft, func(id int64) (string, string, any) { return http.MethodGet, appPath(id, ""), nil },
				[]int{200, 200, 200, 200, 404, 404, 200, 404, 401}},
			{"self-assess", draft, func(id int64) (string, string, any) {
				return http.MethodPut, appPath(id, "/self-assessment"), map[string]any{"scores": scores(3, false, "D3")}
			}, []int{200, 200, 403, 200, 404, 404, 200, 404, 401}},
			{"score", submitted, func(id int64) (string, string, any) {
				return http.MethodPost, appPath(id, "/actions"), map[string]any{"action": "score",
					"scores": scores(7, false, allCodes...)}
			}, []int{200, 200, 403, 200, 404, 404, 403, 404, 401}},
			{"return", submitted, func(id int64) (string, string, any) {
				return http.MethodPost, appPath(id, "/actions"), map[string]any{"action": "return", "note": "补充"}
			}, []int{200, 200, 403, 200, 404, 404, 403, 404, 401}},
			{"withdraw", draft, func(id int64) (string, string, any) {
				return http.MethodPost, appPath(id, "/actions"), map[string]any{"action": "withdraw"}
			}, []int{200, 200, 403, 200, 404, 404, 200, 404, 401}},
		} {
			for i, u := range users {
				t.Run(tt.name+"/"+u, func(t *testing.T) {
					id := tt.setup(t)
					m, p, body := tt.call(id)
					r := w.doT(t, request{method: m, path: p, token: tok(u), body: body})
					if r.status != tt.want[i] {
						t.Errorf("%s by %q: got %d, want %d; %s", tt.name, u, r.status, tt.want[i], r.body)
					}
				})
			}
		}
	})
}
