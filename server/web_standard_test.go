package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// standardWorld is the web server with a user of every kind the
// standards' pages tell apart.
type standardWorld struct {
	*taskWorld
	svc *domain.StandardService
}

func newStandardWorld(t *testing.T, db *storetest.DB) *standardWorld {
	t.Helper()
	w := &standardWorld{taskWorld: newTaskWorld(t, db),
		svc: &domain.StandardService{Store: db.Store, Now: func() time.Time { return webNow }}}
	w.user("bureau", domain.RoleDepartment, "xian-housing", "")
	return w
}

// stored returns standard id as the database holds it.
func (w *standardWorld) stored(id string) domain.Standard {
	w.t.Helper()
	st, err := w.svc.Standard(context.Background(), domain.SystemActor(), formID(id))
	if err != nil {
		w.t.Fatalf("standard %s: %v", id, err)
	}
	return st
}

// exampleID is the seeded example standard's ID, from the list.
func exampleID(t *testing.T, doc *goquery.Document) string {
	t.Helper()
	id := doc.Find(`#standards tbody tr:has(a:contains("`+domain.ExampleStandardName+`"))`).AttrOr("data-id", "")
	if id == "" {
		t.Fatal("the example standard is not on the list")
	}
	return id
}

// cells joins the texts of the cells sel finds with spaces.
func cells(doc *goquery.Document, sel string) string {
	return strings.Join(strings.Fields(strings.Join(doc.Find(sel).Map(func(_ int, s *goquery.Selection) string {
		return webText(s)
	}), " ")), " ")
}

// pathOf returns the path of a redirect without its query and fragment.
func pathOf(res *http.Response) string {
	loc := res.Header.Get("Location")
	if i := strings.IndexAny(loc, "?#"); i >= 0 {
		loc = loc[:i]
	}
	return loc
}

func TestWebStandardSheetAndPermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newStandardWorld(t, db)
		lead, police, resident := w.as("lead"), w.as("police"), w.as("resident")

		doc := lead.mustGet("/campaign/standards")
		ex := exampleID(t, doc)
		row := webText(doc.Find(`#standards tr[data-id="` + ex + `"]`))
		for _, want := range []string{"省级", "第 1 版", "已发布", "85", "21", "居住区 100", "小区 100", "组团 100"} {
			if !strings.Contains(row, want) {
				t.Errorf("example row %q lacks %q", row, want)
			}
		}
		if doc.Find("#new-standard").Length() != 1 {
			t.Error("the lead is not offered a new standard")
		}

		// The sheet, in Chinese: six qualities, two veto items, totals.
		doc = lead.mustGet("/campaign/standards/" + ex)
		if got := doc.Find("#sheet-table tbody.dimension").Length(); got != 6 {
			t.Errorf("qualities: got %d, want 6", got)
		}
		var dims []string
		doc.Find("#sheet-table tr.group th").Each(func(_ int, s *goquery.Selection) {
			dims = append(dims, webText(s))
		})
		if strings.Join(dims, " ") != "居民自治 管理有序 服务完善 治安良好 环境优美 文明祥和" {
			t.Errorf("qualities: got %v", dims)
		}
		if got := doc.Find("#sheet-table .badge.veto").Length(); got != 2 {
			t.Errorf("veto markers: got %d, want 2", got)
		}
		if got := cells(doc, "#sheet-table tfoot tr.total > *"); got != "合计（满分） 100 100 100" {
			t.Errorf("totals: got %q", got)
		}
		if got := webText(doc.Find("#sheet-table tfoot tr.pass")); got != "达标分数 85" {
			t.Errorf("pass score: got %q", got)
		}
		first := doc.Find("#sheet-table tr.indicator").First()
		if first.Find("td.code").Text() == "" || first.Find("td.methods").Text() == "" || first.Find(".guidance").Text() == "" {
			t.Errorf("an indicator lacks its code, methods or guidance: %q", webText(first))
		}
		if doc.Find("#copy-form").Length() != 1 || doc.Find("#retire-form").Length() != 1 ||
			doc.Find("#publish-form, #standard-form, .row-actions, #add-indicator").Length() != 0 {
			t.Error("a published standard: want copy and retire only, and no editing")
		}
		if doc.Find(".read-only").Length() != 1 {
			t.Error("a published standard does not say it is read-only")
		}

		// In English.
		doc = lead.mustGet("/campaign/standards/" + ex + "?lang=en")
		if got := webText(doc.Find(".sheet h2")); got != "Scoring sheet" {
			t.Errorf("English sheet heading: got %q", got)
		}
		if got := webText(doc.Find("#standard-status")); got != "Published" {
			t.Errorf("English status: got %q", got)
		}
		if got := webText(doc.Find("#sheet-table tr.group th").First()); got != "Self-governance" {
			t.Errorf("English first quality: got %q", got)
		}
		if got := webText(lead.mustGet("/campaign/standards?lang=en").Find("main h1")); got != "Campaign standards" {
			t.Errorf("English list heading: got %q", got)
		}

		// A draft of the lead's: invisible to others.
		res, _ := lead.submit(lead.mustGet("/campaign/standards/new"), "#standard-form",
			url.Values{"name": {"西安市标准"}, "level": {"city"}, "region_code": {"610100"}, "pass_score": {"60"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		draft := pathOf(res)
		if !regexp.MustCompile(`^/campaign/standards/\d+$`).MatchString(draft) {
			t.Fatalf("new draft at %q", draft)
		}

		for name, b := range map[string]*webClient{"department": police, "community": resident} {
			t.Run(name, func(t *testing.T) {
				doc := b.mustGet("/campaign/standards")
				if doc.Find("#new-standard").Length() != 0 {
					t.Error("offered a new standard")
				}
				if ids := rowIDs(doc, "#standards"); len(ids) != 1 || ids[0] != ex {
					t.Errorf("list: got %v, want the example only", ids)
				}
				if doc.Find(`select[name="status"] option[value="draft"]`).Length() != 0 {
					t.Error("offered a draft filter")
				}
				page := b.mustGet("/campaign/standards/" + ex)
				if page.Find("#copy-form, #retire-form, #publish-form, .row-actions").Length() != 0 {
					t.Error("offered a change to the published standard")
				}
				if got := page.Find("#sheet-table tr.indicator").Length(); got != 21 {
					t.Errorf("indicators: got %d, want 21", got)
				}
				csrf := webCSRFOf(t, page)
				if res, _ := b.get(draft); res.StatusCode != http.StatusNotFound {
					t.Errorf("the draft: got %d, want 404", res.StatusCode)
				}
				for _, tc := range []struct {
					path string
					want int
				}{
					{"/campaign/standards", http.StatusForbidden},
					{"/campaign/standards/" + ex + "/copy", http.StatusForbidden},
					{"/campaign/standards/" + ex + "/retire", http.StatusForbidden},
					{"/campaign/standards/" + ex, http.StatusForbidden},
					{"/campaign/standards/" + ex + "/indicator", http.StatusForbidden},
					{draft, http.StatusNotFound},
					{draft + "/indicator", http.StatusNotFound},
					{draft + "/indicator/remove", http.StatusNotFound},
					{draft + "/publish", http.StatusNotFound},
				} {
					res, _ := b.post(tc.path, url.Values{"_csrf": {csrf}, "name": {"x"}, "level": {"province"},
						"code": {"A1"}})
					if res.StatusCode != tc.want {
						t.Errorf("POST %s: got %d, want %d", tc.path, res.StatusCode, tc.want)
					}
				}
				if res, _ := b.get("/campaign/standards/new"); res.StatusCode != http.StatusForbidden {
					t.Errorf("new form: got %d, want 403", res.StatusCode)
				}
			})
		}
		if st := w.stored(strings.TrimPrefix(draft, "/campaign/standards/")); st.Name != "西安市标准" ||
			len(st.Indicators) != 0 || st.Status != domain.StandardDraft {
			t.Errorf("the draft changed: %+v", st)
		}
		if st := w.stored(ex); st.Status != domain.StandardPublished {
			t.Errorf("the example: %s", st.Status)
		}

		t.Run("csrf", func(t *testing.T) {
			for _, path := range []string{"/campaign/standards", draft, draft + "/indicator", draft + "/publish",
				"/campaign/standards/" + ex + "/copy"} {
				res, _ := lead.post(path, url.Values{"name": {"伪造"}, "level": {"province"}})
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("POST %s without a token: got %d, want 403", path, res.StatusCode)
				}
			}
			list, err := w.svc.Standards(context.Background(), domain.SystemActor(), domain.StandardFilter{},
				domain.Page{Limit: 100})
			if err != nil || len(list.Items) != 2 {
				t.Errorf("standards: got %d (%v), want 2", len(list.Items), err)
			}
		})
	})
}

func TestWebCampaignHub(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newStandardWorld(t, db)
		tests := []struct {
			user string
			nav  bool
			role string
			apps bool
		}{
			{"lead", true, "省住建厅", true},
			{"boss", true, "全省", true},
			{"bureau", true, "辖区", true},
			{"resident", true, "您的社区", true},
			{"police", false, "住建部门组织", false},
		}
		for _, tt := range tests {
			t.Run(tt.user, func(t *testing.T) {
				b := w.as(tt.user)
				home := b.mustGet("/")
				if got := home.Find(`nav.main a[href="/campaign"]`).Length() == 1; got != tt.nav {
					t.Errorf("nav entry: got %v, want %v", got, tt.nav)
				}
				doc := b.mustGet("/campaign")
				if got := webText(doc.Find("main h1")); !strings.Contains(got, "和谐社区") {
					t.Errorf("heading: got %q", got)
				}
				if got := webText(doc.Find("#campaign-role")); !strings.Contains(got, tt.role) {
					t.Errorf("role line: got %q, want %q in it", got, tt.role)
				}
				for _, href := range []string{"/campaign/standards", "/public/notices", "/campaign/titles", "/communities"} {
					if doc.Find(`a.tile[href="`+href+`"]`).Length() != 1 {
						t.Errorf("no link to %s", href)
					}
				}
				if got := doc.Find(`a.tile[href="/applications"]`).Length() == 1; got != tt.apps {
					t.Errorf("applications link: got %v, want %v", got, tt.apps)
				}
				if tt.nav && doc.Find(`nav.main a[href="/campaign"][aria-current="page"]`).Length() != 1 {
					t.Error("the nav entry is not current on the hub")
				}
			})
		}
		doc := w.as("lead").mustGet("/campaign?lang=en")
		if got := webText(doc.Find(`nav.main a[href="/campaign"]`)); got != "Campaign" {
			t.Errorf("English nav: got %q", got)
		}
		if got := webText(doc.Find("#link-standards .label")); got != "Standards" {
			t.Errorf("English standards link: got %q", got)
		}
	})
}

// indicatorFields is a complete indicator form.
func indicatorFields(code, dim string, points ...string) url.Values {
	v := url.Values{"code": {code}, "dimension": {dim}, "title": {"指标 " + code}, "guidance": {"达到要求得满分。"},
		"methods": {"documents", "site_visit"}}
	for i, sc := range domain.Scales() {
		if i < len(points) {
			v.Set("points_"+sc, points[i])
		}
	}
	return v
}

func TestWebStandardEditor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newStandardWorld(t, db)
		lead := w.as("lead")

		// A name is required: the form comes back with the message, and
		// nothing is stored.
		form := lead.mustGet("/campaign/standards/new")
		res, bad := lead.submit(form, "#standard-form", url.Values{"name": {" "}, "level": {"province"},
			"pass_score": {"60"}})
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(bad.Find("#standard-error")); got != "请填写标准名称" {
			t.Errorf("error: got %q", got)
		}
		if got := bad.Find(`#std-pass`).AttrOr("value", ""); got != "60" {
			t.Errorf("pass score kept: got %q", got)
		}
		res, bad = lead.submit(form, "#standard-form", url.Values{"name": {"宝鸡"}, "level": {"province"},
			"pass_score": {"六十"}})
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(bad.Find("#standard-error")); !strings.Contains(got, "达标分数 应为整数") {
			t.Errorf("error: got %q", got)
		}
		list, err := w.svc.Standards(context.Background(), domain.SystemActor(), domain.StandardFilter{
			Status: domain.StandardDraft}, domain.Page{Limit: 10})
		if err != nil || len(list.Items) != 0 {
			t.Fatalf("drafts after refused forms: %d (%v)", len(list.Items), err)
		}

		// A city standard; the city select is ignored for a province one.
		res, _ = lead.submit(form, "#standard-form", url.Values{"name": {"宝鸡市创建标准"}, "level": {"city"},
			"region_code": {"610300"}, "pass_score": {"0"}})
		path := pathOf(res)
		id := strings.TrimPrefix(path, "/campaign/standards/")
		doc := lead.follow(res, nil)
		if got := webText(doc.Find(".notice")); !strings.Contains(got, "草稿已创建") {
			t.Errorf("flash: got %q", got)
		}
		if got := webText(doc.Find("#standard-status")); got != "草稿" {
			t.Errorf("status: got %q", got)
		}
		if got := webText(doc.Find("#standard-facts")); !strings.Contains(got, "宝鸡市") {
			t.Errorf("facts: got %q", got)
		}

		// Publishing an empty draft is refused with its list.
		res, bad = lead.submit(doc, "#publish-form", nil)
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(bad.Find("#page-error")); got != "标准没有指标，不能发布" {
			t.Errorf("publish error: got %q", got)
		}
		checks := bad.Find("#publish-checks li")
		if checks.Length() != 2 || !strings.Contains(webText(checks), "没有指标") ||
			!strings.Contains(webText(checks), "达标分数") {
			t.Errorf("checks: got %q", webText(checks))
		}

		// An indicator that does not validate comes back with the message;
		// the draft keeps no indicator.
		add := lead.mustGet(path + "/indicator?dimension=services")
		if got := add.Find(`#ind-dimension option[selected]`).AttrOr("value", ""); got != "services" {
			t.Errorf("preselected quality: got %q", got)
		}
		res, bad = lead.submit(add, "#indicator-form", indicatorFields("C1", "services", "abc", "5", ""))
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(bad.Find("#indicator-error")); !strings.Contains(got, "C1") || !strings.Contains(got, "居住区") ||
			!strings.Contains(got, "整数") {
			t.Errorf("points error: got %q", got)
		}
		if got := bad.Find("#ind-title").AttrOr("value", ""); got != "指标 C1" {
			t.Errorf("title kept: got %q", got)
		}
		noMethods := indicatorFields("C1", "services", "5", "5", "")
		noMethods.Del("methods")
		res, bad = lead.submit(add, "#indicator-form", noMethods)
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(bad.Find("#indicator-error")); got != "指标 C1 至少需要一种测评方法" {
			t.Errorf("methods error: got %q", got)
		}
		if st := w.stored(id); len(st.Indicators) != 0 {
			t.Fatalf("indicators after refused forms: %d", len(st.Indicators))
		}

		// One indicator per quality, two in services.
		for i, dim := range domain.Dimensions() {
			code := string(rune('A'+i)) + "1"
			lead.follow(lead.submit(lead.mustGet(path+"/indicator"), "#indicator-form",
				indicatorFields(code, dim, "10", "10", "")))
		}
		doc = lead.follow(lead.submit(lead.mustGet(path+"/indicator"), "#indicator-form",
			indicatorFields("C2", "services", "5", "", "")))
		if got := webText(doc.Find(".notice")); got != "指标已保存。" {
			t.Errorf("flash: got %q", got)
		}
		codes := func(doc *goquery.Document) string {
			return strings.Join(doc.Find("#dim-services tr.indicator").Map(func(_ int, s *goquery.Selection) string {
				return s.AttrOr("data-code", "")
			}), ",")
		}
		if got := codes(doc); got != "C1,C2" {
			t.Errorf("services: got %s", got)
		}
		if got := cells(doc, `#dim-services tr.indicator[data-code="C2"] td.pts`); got != "5 — —" {
			t.Errorf("C2 points: got %q", got)
		}
		if got := cells(doc, "#sheet-table tfoot tr.total > *"); got != "合计（满分） 65 60 —" {
			t.Errorf("totals: got %q", got)
		}
		// A duplicate code is refused.
		res, bad = lead.submit(lead.mustGet(path+"/indicator"), "#indicator-form", indicatorFields("C2", "civility", "1"))
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(bad.Find("#indicator-error")); got != "指标编号 C2 重复" {
			t.Errorf("duplicate: got %q", got)
		}

		// Move C2 up, then remove C1.
		doc = lead.follow(lead.submit(doc, `#dim-services tr[data-code="C2"] form.move-up`, nil))
		if got := codes(doc); got != "C2,C1" {
			t.Errorf("after moving up: got %s", got)
		}
		if doc.Find(`#dim-services tr[data-code="C2"] form.move-up`).Length() != 0 {
			t.Error("the first of a quality can move up")
		}
		doc = lead.follow(lead.submit(doc, `#dim-services tr[data-code="C1"] form.remove`, nil))
		if got := codes(doc); got != "C2" {
			t.Errorf("after removing: got %s", got)
		}

		// Edit an indicator: its form holds it; the change is saved.
		edit := lead.mustGet(path + "/indicator?code=A1")
		if got := edit.Find("#ind-points-residential_district").AttrOr("value", ""); got != "10" {
			t.Errorf("edit form points: got %q", got)
		}
		if got := edit.Find("#ind-points-cluster").AttrOr("value", "x"); got != "" {
			t.Errorf("edit form cluster: got %q, want empty", got)
		}
		f := indicatorFields("A1", "self_governance", "20", "10", "")
		f.Set("veto", "1")
		doc = lead.follow(lead.submit(edit, "#indicator-form", f))
		if got := cells(doc, `tr[data-code="A1"] td.pts`); got != "20 10 —" {
			t.Errorf("A1 points: got %q", got)
		}
		if doc.Find(`tr[data-code="A1"] .badge.veto`).Length() != 1 {
			t.Error("A1 is not marked veto")
		}

		// The header: a pass score above the maximum is refused and kept.
		res, bad = lead.submit(doc, "#standard-form", url.Values{"name": {"宝鸡市创建标准"}, "level": {"city"},
			"region_code": {"610300"}, "pass_score": {"500"}})
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(bad.Find("#standard-error")); !strings.Contains(got, "达标分数 500 超过了 居住区 规模的满分 65") {
			t.Errorf("header error: got %q", got)
		}
		if bad.Find("details.edit-header[open]").Length() != 1 {
			t.Error("the header form is closed over its error")
		}
		if st := w.stored(id); st.PassScore != 0 {
			t.Errorf("pass score stored: %d", st.PassScore)
		}
		doc = lead.follow(lead.submit(doc, "#standard-form", url.Values{"name": {"宝鸡市创建标准"}, "level": {"city"},
			"region_code": {"610300"}, "pass_score": {"45"}}))
		if doc.Find("#publish-ready").Length() != 1 {
			t.Errorf("checks: got %q", webText(doc.Find("#publish-card")))
		}

		// Publish: read-only now, copy offered.
		doc = lead.follow(lead.submit(doc, "#publish-form", nil))
		if got := webText(doc.Find("#standard-status")); got != "已发布" {
			t.Errorf("status: got %q", got)
		}
		if doc.Find("#standard-form, .row-actions, #publish-form").Length() != 0 || doc.Find("#copy-form").Length() != 1 {
			t.Error("the published standard is still editable")
		}
		if res, _ := lead.get(path + "/indicator"); res.StatusCode != http.StatusConflict {
			t.Errorf("indicator form of a published standard: got %d, want 409", res.StatusCode)
		}
		res, bad = lead.post(path+"/indicator", url.Values{"_csrf": {webCSRFOf(t, doc)}, "code": {"Z1"}})
		wantWebStatus(t, res, http.StatusConflict)
		if got := webText(bad.Find("#indicator-error")); !strings.Contains(got, "已发布") {
			t.Errorf("conflict: got %q", got)
		}

		// Copy: the new draft opens, version 2.
		res, _ = lead.submit(doc, "#copy-form", nil)
		if pathOf(res) == path {
			t.Fatal("copy opened the same standard")
		}
		doc = lead.follow(res, nil)
		if got := webText(doc.Find("#standard-version")); got != "第 2 版" {
			t.Errorf("copy's version: got %q", got)
		}
		if got := doc.Find("#sheet-table tr.indicator").Length(); got != 6 {
			t.Errorf("copy's indicators: got %d", got)
		}

		// Retire the first version: still read-only, still copyable.
		doc = lead.follow(lead.submit(lead.mustGet(path), "#retire-form", nil))
		if got := webText(doc.Find("#standard-status")); got != "已停用" {
			t.Errorf("status: got %q", got)
		}
		if doc.Find("#retire-form, #publish-form, .row-actions").Length() != 0 || doc.Find("#copy-form").Length() != 1 {
			t.Error("a retired standard: want the copy form only")
		}
		res, bad = lead.post(path+"/retire", url.Values{"_csrf": {webCSRFOf(t, doc)}})
		wantWebStatus(t, res, http.StatusConflict)
		if got := webText(bad.Find("#page-error")); got != "标准当前状态为 已停用，不能执行“停用”" {
			t.Errorf("retiring twice: got %q", got)
		}
		if ids := rowIDs(lead.mustGet("/campaign/standards?status=retired&level=city"), "#standards"); len(ids) != 1 ||
			ids[0] != id {
			t.Errorf("retired city standards: got %v, want [%s]", ids, id)
		}
	})
}
