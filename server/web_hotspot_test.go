package server

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xietong/domain/store/storetest"
)

// submit posts the form sel of doc with its hidden fields and fields.
func (b *webClient) submit(doc *goquery.Document, sel string, fields url.Values) (*http.Response, *goquery.Document) {
	b.env.t.Helper()
	form := doc.Find(sel)
	if form.Length() != 1 {
		b.env.t.Fatalf("no form %s on the page", sel)
	}
	v := url.Values{}
	form.Find("input[type=hidden]").Each(func(_ int, s *goquery.Selection) {
		v.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	for k, vs := range fields {
		v[k] = vs
	}
	return b.post(form.AttrOr("action", ""), v)
}

// follow takes the answer to a form (as submit and act return it) and
// follows its 303 to the page it leads to.
func (b *webClient) follow(res *http.Response, _ *goquery.Document) *goquery.Document {
	b.env.t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		b.env.t.Fatalf("%s %s: got %d, want 303", res.Request.Method, res.Request.URL.Path, res.StatusCode)
	}
	return b.mustGet(res.Header.Get("Location"))
}

func TestWebHotspotFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskWorld(t, db)
		resident, lead, police, health := w.as("resident"), w.as("lead"), w.as("police"), w.as("health")

		// The community reports an issue for its own community.
		doc := resident.mustGet("/hotspots/new")
		if got := webText(doc.Find("#own-community")); got != "米家崖小区" {
			t.Errorf("own community: got %q", got)
		}
		if doc.Find(`select[name="community_id"]`).Length() != 0 {
			t.Error("a community user is asked to pick a community")
		}
		res, bad := resident.submit(doc, "#hotspot-form", url.Values{"title": {""}, "category": {"elderly"},
			"description": {"楼道无扶手"}})
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(bad.Find(".alert")); !strings.Contains(got, "请填写标题") {
			t.Errorf("error: got %q", got)
		}
		if got := bad.Find(`textarea[name="description"]`).Text(); got != "楼道无扶手" {
			t.Errorf("description kept: got %q", got)
		}
		res, _ = resident.submit(doc, "#hotspot-form", url.Values{"title": {"老旧楼道缺少扶手"}, "category": {"elderly"},
			"description": {"3号楼老人上下楼困难"}})
		loc := res.Header.Get("Location")
		if !regexp.MustCompile(`^/hotspots/\d+\?done=reported$`).MatchString(loc) {
			t.Fatalf("Location: got %q", loc)
		}
		path := strings.TrimSuffix(loc, "?done=reported")
		doc = resident.follow(res, nil)
		if got := webText(doc.Find("#hotspot-status")); got != "待受理" {
			t.Errorf("status: got %q", got)
		}
		if doc.Find("#dispatch-form, #reject-form, #feedback-form").Length() != 0 {
			t.Error("the community is offered the bureau's forms")
		}

		t.Run("scope", func(t *testing.T) {
			if res, _ := w.as("neighbour").get(path); res.StatusCode != http.StatusNotFound {
				t.Errorf("another community: got %d, want 404", res.StatusCode)
			}
			if ids := rowIDs(w.as("neighbour").mustGet("/hotspots"), "#hotspots"); len(ids) != 0 {
				t.Errorf("another community's list: got %v, want empty", ids)
			}
			if res, _ := police.get("/hotspots"); res.StatusCode != http.StatusForbidden {
				t.Errorf("a department's hot-spot list: got %d, want 403", res.StatusCode)
			}
			if got := rowIDs(lead.mustGet("/hotspots"), "#hotspots"); len(got) != 1 {
				t.Errorf("lead's list: got %v", got)
			}
			if got := webText(resident.mustGet("/hotspots").Find("#hotspots tbody tr")); !strings.Contains(got, "老旧楼道缺少扶手") ||
				!strings.Contains(got, "养老服务") || !strings.Contains(got, "待受理") {
				t.Errorf("resident's list row: got %q", got)
			}
		})

		// The lead dispatches it to the police, with health co-organising.
		doc = lead.mustGet(path)
		if doc.Find("#dispatch-form").Length() != 1 || doc.Find("#reject-form").Length() != 1 {
			t.Fatal("the lead is not offered dispatch and reject")
		}
		res, bad = lead.submit(doc, "#dispatch-form", url.Values{"lead_org_id": {""}, "due_days": {"5"}})
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(bad.Find("#dispatch-form .alert")); got != "请选择主办单位" {
			t.Errorf("dispatch error: got %q", got)
		}
		doc = lead.follow(lead.submit(doc, "#dispatch-form", url.Values{"lead_org_id": {webID(w.orgID(orgPolice))},
			"co_org_ids": {webID(w.orgID(orgHealth))}, "due_days": {"5"}, "priority": {"high"}, "note": {"请公安牵头"}}))
		if got := webText(doc.Find(".notice")); !strings.Contains(got, "已交办") {
			t.Errorf("flash: got %q", got)
		}
		if got := webText(doc.Find("#hotspot-status")); got != "已交办" {
			t.Errorf("status: got %q", got)
		}
		taskLink := doc.Find("#hotspot-tasks .hs-task h3 a")
		if taskLink.Length() != 1 {
			t.Fatal("the lead's page does not link the task")
		}
		taskPath := taskLink.AttrOr("href", "")

		// The departments work on it; health leaves an internal note.
		tdoc := police.mustGet(taskPath)
		if got := webText(tdoc.Find("dl.facts")); !strings.Contains(got, "热点问题") {
			t.Errorf("the task does not say it came from a hot-spot: %q", got)
		}
		police.follow(police.act(tdoc, "accept", nil))
		health.follow(health.act(health.mustGet(taskPath), "note", url.Values{"note": {"内部协调：卫健派员"}}))
		police.follow(police.act(police.mustGet(taskPath), "submit", url.Values{"note": {"扶手已安装"}}))

		doc = resident.mustGet(path)
		hsTask := doc.Find("#hotspot-tasks .hs-task")
		if hsTask.Find("h3 a").Length() != 0 {
			t.Error("the community gets a link to the task itself")
		}
		if got := webText(hsTask); !strings.Contains(got, "扶手已安装") || !strings.Contains(got, "西安市公安局") {
			t.Errorf("the community does not see the progress: %q", got)
		}
		if strings.Contains(webText(hsTask), "内部协调") {
			t.Error("the community sees an internal note between departments")
		}
		if got := webText(lead.mustGet(path).Find("#hotspot-tasks")); !strings.Contains(got, "内部协调") {
			t.Error("the lead does not see the internal note")
		}

		// The lead closes the task: the issue awaits the community's verdict.
		lead.follow(lead.act(lead.mustGet(taskPath), "close", nil))
		doc = resident.mustGet(path)
		if got := webText(doc.Find("#hotspot-status")); got != "待评价" {
			t.Errorf("status after the task closed: got %q", got)
		}
		if doc.Find("#feedback-form").Length() != 1 {
			t.Fatal("the community is not asked for feedback")
		}
		if lead.mustGet(path).Find("#feedback-form").Length() != 0 {
			t.Error("the lead is offered the community's feedback form")
		}
		res, bad = resident.submit(doc, "#feedback-form", url.Values{"satisfaction": {"unsatisfied"}, "note": {""}})
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(bad.Find("#feedback-form .alert")); got != "不满意时请说明原因" {
			t.Errorf("feedback error: got %q", got)
		}
		if !bad.Find(`input[name="satisfaction"][value="unsatisfied"]`).Is("[checked]") {
			t.Error("the chosen answer is not kept")
		}
		doc = resident.follow(resident.submit(doc, "#feedback-form", url.Values{"satisfaction": {"unsatisfied"}, "note": {"扶手松动"}}))
		if got := webText(doc.Find("#hotspot-status")); got != "已交办" {
			t.Errorf("status after unsatisfied: got %q", got)
		}
		actions := doc.Find("#hotspot-tasks .ev-action").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
		if !slices.Contains(actions, "重新办理") {
			t.Errorf("the task's record lacks 重新办理: %v", actions)
		}
		if got := webText(police.mustGet(taskPath).Find("#task-status")); got != "办理中" {
			t.Errorf("task after unsatisfied: got %q, want 办理中", got)
		}

		// Second round: fixed, closed, satisfied.
		police.follow(police.act(police.mustGet(taskPath), "submit", url.Values{"note": {"已加固"}}))
		lead.follow(lead.act(lead.mustGet(taskPath), "close", nil))
		doc = resident.follow(resident.submit(resident.mustGet(path), "#feedback-form", url.Values{"satisfaction": {"basically_satisfied"}}))
		if got := webText(doc.Find("#hotspot-status")); got != "已解决" {
			t.Errorf("final status: got %q", got)
		}
		if got := webText(doc.Find("#satisfaction")); got != "基本满意" {
			t.Errorf("verdict: got %q", got)
		}
		if got := webText(doc.Find("dl.facts")); !strings.Contains(got, "不满意重办次数1") {
			t.Errorf("reopens: got %q", got)
		}
		if doc.Find("#no-actions").Length() != 1 {
			t.Error("a resolved issue still offers forms")
		}
	})
}

func TestWebHotspotReject(t *testing.T) {
	w := newTaskWorld(t, storetest.SQLite(t))
	lead, resident := w.as("lead"), w.as("resident")

	// A lead reports for a community of their choosing.
	doc := lead.mustGet("/hotspots/new")
	if doc.Find(`select[name="community_id"] option`).Length() < 6 {
		t.Fatal("the lead is not offered the communities")
	}
	doc = lead.follow(lead.submit(doc, "#hotspot-form", url.Values{"title": {"小区广场舞噪音"}, "category": {"environment"},
		"community_id": {webID(w.communityID(commMijia))}}))
	path := doc.Find(".crumbs a").AttrOr("href", "")
	id := regexp.MustCompile(`\d+`).FindString(doc.Find("#reject-form").AttrOr("action", ""))
	if path != "/hotspots" || id == "" {
		t.Fatalf("the new issue's page: crumbs %q, reject form %q", path, id)
	}
	res, bad := lead.submit(doc, "#reject-form", url.Values{"note": {" "}})
	wantWebStatus(t, res, http.StatusBadRequest)
	if got := webText(bad.Find("#reject-form .alert")); got != "请填写不予受理的原因" {
		t.Errorf("reject error: got %q", got)
	}
	lead.follow(lead.submit(doc, "#reject-form", url.Values{"note": {"属于城管执法范围，请拨打12319"}}))
	doc = resident.mustGet("/hotspots/" + id)
	if got := webText(doc.Find("#hotspot-status")); got != "不予受理" {
		t.Errorf("status: got %q", got)
	}
	if got := webText(doc.Find("#reject-reason")); got != "不予受理：属于城管执法范围，请拨打12319" {
		t.Errorf("reason: got %q", got)
	}
	res, _ = resident.post("/hotspots/"+id+"/reject", url.Values{"_csrf": {webCSRFOf(t, doc)}, "note": {"x"}})
	wantWebStatus(t, res, http.StatusForbidden)

	// Filters.
	if got := rowIDs(lead.mustGet("/hotspots?status=rejected"), "#hotspots"); !slices.Equal(got, []string{id}) {
		t.Errorf("status=rejected: got %v", got)
	}
	if got := rowIDs(lead.mustGet("/hotspots?status=reported"), "#hotspots"); len(got) != 0 {
		t.Errorf("status=reported: got %v", got)
	}
	if got := rowIDs(lead.mustGet("/hotspots?community="+webID(w.communityID(commLanbo))), "#hotspots"); len(got) != 0 {
		t.Errorf("community=lanbo: got %v", got)
	}
	doc = lead.mustGet("/hotspots?lang=en")
	if got := webText(doc.Find("#hotspots tbody tr")); !strings.Contains(got, "Rejected") || !strings.Contains(got, "Environment and sanitation") ||
		!strings.Contains(got, "Mijiaya") {
		t.Errorf("English row: got %q", got)
	}
	if res, _ := w.as("boss").get("/hotspots/new"); res.StatusCode != http.StatusForbidden {
		t.Errorf("leadership's report form: got %d, want 403", res.StatusCode)
	}
}
