package server

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
	"xietong/notifications/i18n"
)

// webTaskKeys are the catalog keys the task and hot-spot pages build in Go.
func webTaskKeys() []string {
	keys := []string{"web.title.tasks", "web.title.task_new", "web.title.task", "web.title.hotspots",
		"web.title.hotspot_new", "web.title.hotspot", "web.light.overdue_one", "web.light.overdue_days",
		"web.date.with_weekday", "web.flash.action", "web.flash.created", "web.flash.reported",
		"web.flash.dispatch", "web.flash.reject", "web.flash.feedback", "web.tasks.status_open", "web.tasks.status_all", "web.tasks.scope_org",
		"web.task.due_rule", "web.task.date.request_extension", "web.task.date.approve_extension"}
	for _, st := range []domain.DeadlineState{domain.OnTrack, domain.DueSoon, domain.Overdue, domain.Done} {
		keys = append(keys, "web.light."+string(st))
	}
	for _, st := range domain.Statuses() {
		keys = append(keys, "web.task.status."+string(st))
	}
	for _, act := range domain.Actions() {
		keys = append(keys, "web.task.action."+string(act), "web.task.note."+string(act), "web.event."+string(act))
	}
	keys = append(keys, "web.event."+domain.EventAssign, "web.event."+domain.EventDeadlineRecomputed)
	for _, ch := range []domain.Channel{domain.ChannelWeb, domain.ChannelAPI, domain.ChannelEmail, domain.ChannelSystem} {
		keys = append(keys, "web.channel."+string(ch))
	}
	for _, p := range webPriorities {
		keys = append(keys, "web.priority."+string(p))
	}
	for _, src := range append(webSources, domain.SourceHotspot) {
		keys = append(keys, "web.source."+string(src))
	}
	for _, c := range domain.Categories() {
		keys = append(keys, "web.category."+c)
	}
	for _, st := range domain.HotspotStatuses() {
		keys = append(keys, "web.hotspot.status."+string(st))
	}
	for _, act := range []domain.HotspotAction{domain.HotspotDispatch, domain.HotspotReject, domain.HotspotTasksClosed,
		domain.HotspotSatisfied, domain.HotspotUnsatisfied} {
		keys = append(keys, "web.hotspot.action."+string(act))
	}
	for _, sat := range webSatisfactions {
		keys = append(keys, "web.satisfaction."+string(sat))
	}
	return keys
}

// A few organisations and communities of the seeded catalogue.
const (
	orgPolice  = "xian-public_security"
	orgHealth  = "xian-health"
	orgFinance = "xian-finance"
	orgCivil   = "xian-civil_affairs"
	commMijia  = "xian-mijiaya"
	commLanbo  = "xian-lanbo"
)

// orgID returns the ID of a seeded organisation.
func (e *webEnv) orgID(code string) int64 {
	e.t.Helper()
	o, err := e.db.OrganizationByCode(context.Background(), code)
	if err != nil {
		e.t.Fatalf("organisation %s: %v", code, err)
	}
	return o.ID
}

func (e *webEnv) communityID(code string) int64 {
	e.t.Helper()
	c, err := e.db.CommunityByCode(context.Background(), code)
	if err != nil {
		e.t.Fatalf("community %s: %v", code, err)
	}
	return c.ID
}

// user creates a user (password webAdminPassword) and returns its actor.
func (e *webEnv) user(username string, role domain.Role, orgCode, communityCode string) domain.Actor {
	e.t.Helper()
	u, err := e.users.CreateUser(context.Background(), domain.SystemActor(), domain.CreateUser{Username: username,
		DisplayName: username, Email: username + "@example.cn", Role: role, OrgCode: orgCode,
		CommunityCode: communityCode, Password: webAdminPassword})
	if err != nil {
		e.t.Fatalf("create user %s: %v", username, err)
	}
	return domain.ActorOf(u, domain.ChannelAPI, "")
}

// as returns a client signed in as username.
func (e *webEnv) as(username string) *webClient {
	e.t.Helper()
	b := e.client()
	res, _ := b.login(username, webAdminPassword, "")
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: got %d", username, res.StatusCode)
	}
	return b
}

// task assigns a task through the service, 5 working days by default.
func (e *webEnv) task(lead domain.Actor, c domain.CreateTask) domain.TaskDetail {
	e.t.Helper()
	if c.Title == "" {
		c.Title = "整治小区周边治安"
	}
	if c.DueDate.IsZero() && c.DueInWorkingDays == 0 {
		c.DueInWorkingDays = 5
	}
	d, err := e.tasks.Create(context.Background(), lead, c)
	if err != nil {
		e.t.Fatalf("create task: %v", err)
	}
	return d
}

// taskWorld is a web environment with a bureau lead, department users of
// police (lead organisation), health (co-organiser) and finance
// (uninvolved), and a community user of 米家崖小区.
type taskWorld struct {
	*webEnv
	lead domain.Actor
}

func newTaskWorld(t *testing.T, db *storetest.DB, more ...func(*Deps, *webEnv)) *taskWorld {
	t.Helper()
	e := newWebEnvOn(t, db, false, more...)
	w := &taskWorld{webEnv: e, lead: e.user("lead", domain.RoleLead, "", "")}
	e.user("police", domain.RoleDepartment, orgPolice, "")
	e.user("health", domain.RoleDepartment, orgHealth, "")
	e.user("finance", domain.RoleDepartment, orgFinance, "")
	e.user("resident", domain.RoleCommunity, "", commMijia)
	e.user("neighbour", domain.RoleCommunity, "", commLanbo)
	e.user("boss", domain.RoleLeadership, "", "")
	return w
}

// rowIDs returns the data-id of each row of a list table.
func rowIDs(doc *goquery.Document, table string) []string {
	return doc.Find(table + " tbody tr[data-id]").Map(func(_ int, s *goquery.Selection) string {
		return s.AttrOr("data-id", "")
	})
}

func webID(id int64) string { return strconv.FormatInt(id, 10) }

// actionsOn returns the actions whose forms the task page offers.
func actionsOn(doc *goquery.Document) []string {
	return doc.Find(`form.action-form input[name="action"]`).Map(func(_ int, s *goquery.Selection) string {
		return s.AttrOr("value", "")
	})
}

// act posts an action form of the task page doc as it is, with fields set.
func (b *webClient) act(doc *goquery.Document, action string, fields url.Values) (*http.Response, *goquery.Document) {
	b.env.t.Helper()
	form := doc.Find(`form.action-form:has(input[name="action"][value="` + action + `"])`)
	if form.Length() != 1 {
		b.env.t.Fatalf("no %s form on the page (forms: %v)", action, actionsOn(doc))
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

func webText(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

func TestWebTaskListScoping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskWorld(t, db)
		police, health, finance := w.orgID(orgPolice), w.orgID(orgHealth), w.orgID(orgFinance)
		t1 := w.task(w.lead, domain.CreateTask{Title: "治安巡逻", LeadOrgID: police, CoOrgIDs: []int64{health}})
		t2 := w.task(w.lead, domain.CreateTask{Title: "义诊进社区", LeadOrgID: health})
		t3 := w.task(w.lead, domain.CreateTask{Title: "资金拨付", LeadOrgID: finance, DueInWorkingDays: 20})
		tests := []struct {
			user     string
			want     []int64
			orgField bool
			scope    string
		}{
			{"lead", []int64{t1.ID, t2.ID, t3.ID}, true, ""},
			{"boss", []int64{t1.ID, t2.ID, t3.ID}, true, ""},
			{"police", []int64{t1.ID}, false, "西安市公安局"},
			{"health", []int64{t1.ID, t2.ID}, false, "西安市卫生健康委员会"},
			{"finance", []int64{t3.ID}, false, "西安市财政局"},
		}
		for _, tt := range tests {
			t.Run(tt.user, func(t *testing.T) {
				res, doc := w.as(tt.user).get("/tasks")
				wantWebStatus(t, res, http.StatusOK)
				var want []string
				for _, id := range tt.want {
					want = append(want, webID(id))
				}
				if got := rowIDs(doc, "#tasks"); !slices.Equal(got, want) {
					t.Errorf("rows: got %v, want %v", got, want)
				}
				if got := doc.Find(`select[name="org"]`).Length() == 1; got != tt.orgField {
					t.Errorf("organisation filter shown: got %v, want %v", got, tt.orgField)
				}
				if got := webText(doc.Find(".scope")); !strings.Contains(got, tt.scope) {
					t.Errorf("scope note: got %q, want it to name %q", got, tt.scope)
				}
				if got := doc.Find("#new-task").Length() == 1; got != (tt.user == "lead") {
					t.Errorf("新建任务 button shown: got %v", got)
				}
				if doc.Find(`nav.main a[href="/tasks"][aria-current="page"]`).Length() != 1 {
					t.Error("the tasks link is not in the navigation, marked current")
				}
			})
		}
		t.Run("filters", func(t *testing.T) {
			b := w.as("lead")
			_, doc := b.get("/tasks?org=" + webID(health))
			if got := rowIDs(doc, "#tasks"); !slices.Equal(got, []string{webID(t1.ID), webID(t2.ID)}) {
				t.Errorf("org=health: got %v, want the tasks it leads or co-organises", got)
			}
			_, doc = b.get("/tasks?q=" + url.QueryEscape("义诊"))
			if got := rowIDs(doc, "#tasks"); !slices.Equal(got, []string{webID(t2.ID)}) {
				t.Errorf("q=义诊: got %v", got)
			}
			if !doc.Find("a.reset").Is("a") {
				t.Error("no reset link when filtered")
			}
			res, doc := b.get("/tasks?priority=asap")
			wantWebStatus(t, res, http.StatusBadRequest)
			if doc.Find(".error .status").Text() != "400" {
				t.Error("a bad filter does not show the error page")
			}
		})
		t.Run("community users have no task list", func(t *testing.T) {
			b := w.as("resident")
			res, _ := b.get("/tasks")
			wantWebStatus(t, res, http.StatusForbidden)
			_, doc := b.get("/")
			if doc.Find(`nav.main a[href="/tasks"]`).Length() != 0 {
				t.Error("a community user's navigation links the task list")
			}
			if doc.Find(`nav.main a[href="/hotspots"]`).Length() != 1 {
				t.Error("a community user's navigation lacks 热点问题")
			}
		})
	})
}

func TestWebTaskPagination(t *testing.T) {
	w := newTaskWorld(t, storetest.SQLite(t))
	police := w.orgID(orgPolice)
	for i := range domain.DefaultPageSize + 3 {
		w.task(w.lead, domain.CreateTask{Title: "任务 " + strconv.Itoa(i), LeadOrgID: police, DueInWorkingDays: 1 + i%7})
	}
	b := w.as("police")
	seen := map[string]bool{}
	pages := 0
	for path := "/tasks"; path != ""; pages++ {
		res, doc := b.get(path)
		wantWebStatus(t, res, http.StatusOK)
		for _, id := range rowIDs(doc, "#tasks") {
			if seen[id] {
				t.Fatalf("task %s shown twice", id)
			}
			seen[id] = true
		}
		path = doc.Find(".pager a.next").AttrOr("href", "")
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
	}
	if len(seen) != domain.DefaultPageSize+3 || pages != 2 {
		t.Errorf("got %d tasks on %d pages, want %d on 2", len(seen), pages, domain.DefaultPageSize+3)
	}
}

func TestWebTaskCreateForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskWorld(t, db)
		police, health, civil := webID(w.orgID(orgPolice)), webID(w.orgID(orgHealth)), webID(w.orgID(orgCivil))
		b := w.as("lead")
		res, doc := b.get("/tasks/new")
		wantWebStatus(t, res, http.StatusOK)
		for _, sel := range []string{`input[name="title"]`, `textarea[name="description"]`, `select[name="lead_org_id"] optgroup option[value="` + police + `"]`,
			`input[type="checkbox"][name="co_org_ids"][value="` + health + `"]`, `select[name="community_id"]`, `select[name="priority"]`,
			`select[name="source"]`, `select[name="category"] option[value="elderly"]`, `input[name="due_days"]`, `input[type="date"][name="due_date"]`} {
			if doc.Find("#task-form "+sel).Length() == 0 {
				t.Errorf("the form lacks %s", sel)
			}
		}
		if got := doc.Find(`select[name="category"] option[value="elderly"]`).Text(); got != "养老服务" {
			t.Errorf("category elderly: got %q, want 养老服务", got)
		}
		if got := doc.Find(`select[name="priority"] option[value="high"]`).Text(); got != "重要" {
			t.Errorf("priority high: got %q, want 重要", got)
		}
		csrf := webCSRFOf(t, doc)
		form := url.Values{"title": {"为米家崖小区老人安装扶手"}, "description": {"一楼至六楼\n每层两侧"}, "lead_org_id": {civil},
			"co_org_ids": {police, health}, "community_id": {webID(w.communityID(commMijia))}, "priority": {"high"},
			"source": {"meeting"}, "category": {"elderly"}, "due_days": {"5"}}

		t.Run("without the CSRF token", func(t *testing.T) {
			res, _ := b.post("/tasks", form)
			wantWebStatus(t, res, http.StatusForbidden)
		})
		invalid := []struct {
			name, field, value, want string
		}{
			{"no title", "title", "", "请填写标题"},
			{"co-organiser is the lead", "lead_org_id", police, "协办单位不能与主办单位相同"},
			{"bad working days", "due_days", "0", "工作日数应在 1 到 500 之间"},
		}
		if doc.Find(`select[name="category"] option[selected]`).Length() != 0 || doc.Find(`select[name="category"][required]`).Length() != 1 {
			t.Error("the empty form pre-selects a category or does not require one")
		}
		for _, tt := range invalid {
			t.Run(tt.name, func(t *testing.T) {
				f := url.Values{"_csrf": {csrf}}
				for k, v := range form {
					f[k] = v
				}
				f.Set(tt.field, tt.value)
				res, doc := b.post("/tasks", f)
				wantWebStatus(t, res, http.StatusBadRequest)
				if got := webText(doc.Find(".alert")); !strings.Contains(got, tt.want) {
					t.Errorf("message: got %q, want %q", got, tt.want)
				}
				if got := doc.Find(`textarea[name="description"]`).Text(); got != "一楼至六楼\n每层两侧" {
					t.Errorf("description kept: got %q", got)
				}
				checked := doc.Find(`input[name="co_org_ids"][checked]`).Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("value", "") })
				if !slices.Equal(checked, []string{police, health}) && !slices.Equal(checked, []string{health, police}) {
					t.Errorf("co-organisers kept: got %v", checked)
				}
				if got := doc.Find(`select[name="category"] option[selected]`).AttrOr("value", ""); got != "elderly" {
					t.Errorf("category kept: got %q", got)
				}
				if got := doc.Find(`input[name="due_days"]`).AttrOr("value", ""); got != f.Get("due_days") {
					t.Errorf("working days kept: got %q", got)
				}
			})
		}
		t.Run("no category", func(t *testing.T) {
			f := url.Values{"_csrf": {csrf}, "title": {"x"}, "lead_org_id": {civil}, "due_days": {"5"}}
			res, doc := b.post("/tasks", f)
			wantWebStatus(t, res, http.StatusBadRequest)
			if got := webText(doc.Find(".alert")); !strings.Contains(got, "请选择类别") {
				t.Errorf("message: got %q", got)
			}
		})
		t.Run("both a date and working days", func(t *testing.T) {
			f := url.Values{"_csrf": {csrf}, "title": {"x"}, "lead_org_id": {civil}, "category": {"other"}, "due_days": {"5"}, "due_date": {"2099-04-01"}}
			res, doc := b.post("/tasks", f)
			wantWebStatus(t, res, http.StatusBadRequest)
			if got := webText(doc.Find(".alert")); !strings.Contains(got, "只能填写日期或工作日数之一") {
				t.Errorf("message: got %q", got)
			}
		})

		f := url.Values{"_csrf": {csrf}}
		for k, v := range form {
			f[k] = v
		}
		res, _ = b.post("/tasks", f)
		wantWebStatus(t, res, http.StatusSeeOther)
		loc := res.Header.Get("Location")
		if !regexp.MustCompile(`^/tasks/\d+\?done=created$`).MatchString(loc) {
			t.Fatalf("Location: got %q", loc)
		}
		res, doc = b.get(loc)
		wantWebStatus(t, res, http.StatusOK)
		checks := []struct{ sel, want string }{
			{".notice", "任务已交办"},
			{"main h1", "为米家崖小区老人安装扶手"},
			{"#task-status", "已交办"},
			{"#task-lead", "西安市民政局"},
			{"#task-co-orgs", "西安市卫生健康委员会、西安市公安局"}, // in catalogue order
			{"#task-due", "2099-03-09（周一） 交办后 5 个工作日"},
			{".description", "一楼至六楼 每层两侧"},
			{"main .light", "正常"},
			{"#record li.event .ev-action", "交办"},
			{"#record li.event .ev-channel", "网页"},
			{"#record li.event .ev-actor", "lead"},
		}
		for _, c := range checks {
			if got := webText(doc.Find(c.sel).First()); !strings.Contains(got, c.want) {
				t.Errorf("%s: got %q, want %q", c.sel, got, c.want)
			}
		}
		if got := doc.Find("dl.facts").Text(); !strings.Contains(got, "会议决定") || !strings.Contains(got, "养老服务") ||
			!strings.Contains(got, "米家崖小区") || !strings.Contains(got, "重要") {
			t.Errorf("facts lack the source, category, community or priority: %q", webText(doc.Find("dl.facts")))
		}

		t.Run("departments may not assign", func(t *testing.T) {
			res, _ := w.as("police").get("/tasks/new")
			wantWebStatus(t, res, http.StatusForbidden)
		})
	})
}

func TestWebTaskActionForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskWorld(t, db)
		task := w.task(w.lead, domain.CreateTask{LeadOrgID: w.orgID(orgPolice), CoOrgIDs: []int64{w.orgID(orgHealth)}})
		path := "/tasks/" + webID(task.ID)
		police, health, lead := w.as("police"), w.as("health"), w.as("lead")

		offered := []struct {
			user string
			b    *webClient
			want []string
		}{
			{"lead organisation", police, []string{"accept", "request_extension", "request_transfer", "note"}},
			{"co-organiser", health, []string{"note"}},
			{"bureau lead", lead, []string{"reassign", "note"}},
			{"leadership", w.as("boss"), nil},
		}
		for _, tt := range offered {
			t.Run("offered to "+tt.user, func(t *testing.T) {
				res, doc := tt.b.get(path)
				wantWebStatus(t, res, http.StatusOK)
				if got := actionsOn(doc); !slices.Equal(got, tt.want) {
					t.Errorf("actions: got %v, want %v", got, tt.want)
				}
				if tt.want == nil && doc.Find("#no-actions").Length() != 1 {
					t.Error("no 'nothing to do' note")
				}
			})
		}
		_, doc := health.get(path)
		if got := webText(doc.Find("details#act-note summary")); got != "备注" {
			t.Errorf("co-organiser's action: got %q, want 备注", got)
		}

		t.Run("another organisation gets the 404 page", func(t *testing.T) {
			finance := w.as("finance")
			res, doc := finance.get(path)
			wantWebStatus(t, res, http.StatusNotFound)
			if doc.Find(".error .status").Text() != "404" || doc.Find("form.action-form").Length() != 0 {
				t.Error("not the 404 page")
			}
			_, page := police.get(path)
			res, _ = finance.act(page, "note", url.Values{"_csrf": {webCSRFOf(t, finance.mustGet("/tasks"))}, "note": {"看看"}})
			wantWebStatus(t, res, http.StatusNotFound)
		})

		_, doc = police.get(path)
		res, _ := police.act(doc, "accept", url.Values{"note": {"已安排专人"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		if got := res.Header.Get("Location"); got != path+"?done=accept#record" {
			t.Errorf("Location: got %q", got)
		}
		_, doc = police.get(path + "?done=accept")
		if got := webText(doc.Find("#task-status")); got != "已签收" {
			t.Errorf("status after 签收: got %q", got)
		}
		if got := webText(doc.Find(".notice")); got != "已完成：签收。" {
			t.Errorf("flash: got %q", got)
		}
		last := doc.Find("#record li.event").Last()
		if got := webText(last); !strings.Contains(got, "签收") || !strings.Contains(got, "已交办 → 已签收") ||
			!strings.Contains(got, "police · 西安市公安局 · 网页") || !strings.Contains(got, "已安排专人") {
			t.Errorf("record entry: got %q", got)
		}
		if got := actionsOn(doc); !slices.Equal(got, []string{"progress", "submit", "request_extension", "request_transfer", "note"}) {
			t.Errorf("actions after 签收: got %v", got)
		}

		t.Run("a missing note shows the form again", func(t *testing.T) {
			res, doc := police.act(doc, "progress", url.Values{"note": {"  "}})
			wantWebStatus(t, res, http.StatusBadRequest)
			if got := webText(doc.Find("details#act-progress .alert")); got != "“办理进展”需要填写说明" {
				t.Errorf("error on the progress form: got %q", got)
			}
			if !doc.Find("details#act-progress").Is("[open]") || doc.Find("details#act-progress").Length() != 1 {
				t.Error("the failed form is not open")
			}
		})
		t.Run("a co-organiser cannot move the status", func(t *testing.T) {
			_, page := health.get(path)
			forged := url.Values{"_csrf": {webCSRFOf(t, page)}, "action": {"submit"}, "note": {"我来办结"}}
			res, page := health.post(path+"/actions", forged)
			wantWebStatus(t, res, http.StatusForbidden)
			if got := webText(page.Find(".alert")); got != "您无权对该任务执行“办结申请”" {
				t.Errorf("message: got %q", got)
			}
		})
		t.Run("a stale page is a conflict", func(t *testing.T) {
			_, stale := police.get(path)
			_, fresh := police.get(path)
			if res, _ := police.act(fresh, "note", url.Values{"note": {"第一条"}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("note: got %d", res.StatusCode)
			}
			res, page := police.act(stale, "progress", url.Values{"note": {"第二条"}})
			wantWebStatus(t, res, http.StatusConflict)
			if got := webText(page.Find(".alert")); !strings.Contains(got, "已被他人修改") {
				t.Errorf("message: got %q", got)
			}
			if got := page.Find(`textarea[name="note"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
				return s.Text() == "第二条"
			}).Length(); got != 1 {
				t.Error("the note typed was lost")
			}
		})

		_, doc = police.get(path)
		res, _ = police.act(doc, "request_extension", url.Values{"note": {"需协调物业"}, "due_date": {"2099-03-20"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		_, doc = lead.get(path)
		if got := webText(doc.Find("#extension-pending")); !strings.Contains(got, "2099-03-20（周五）") {
			t.Errorf("pending extension: got %q", got)
		}
		if got := actionsOn(doc); !slices.Equal(got, []string{"reassign", "approve_extension", "reject_extension", "note"}) {
			t.Errorf("lead's actions with an extension pending: got %v", got)
		}
		res, _ = lead.act(doc, "approve_extension", nil)
		wantWebStatus(t, res, http.StatusSeeOther)

		_, doc = police.get(path)
		res, _ = police.act(doc, "submit", url.Values{"note": {"扶手已全部安装"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		_, doc = lead.get(path)
		if got := actionsOn(doc); !slices.Equal(got, []string{"close", "return", "note"}) {
			t.Errorf("lead's actions on a submitted task: got %v", got)
		}
		res, _ = lead.act(doc, "close", url.Values{"note": {"同意销号"}})
		wantWebStatus(t, res, http.StatusSeeOther)
		_, doc = police.get(path)
		if got := webText(doc.Find("#task-status")); got != "已办结" {
			t.Errorf("status: got %q", got)
		}
		if got := webText(doc.Find(".task-head .light.done")); got != "已办结" {
			t.Errorf("light: got %q", got)
		}
		actions := doc.Find("#record .ev-action").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
		want := []string{"交办", "签收", "备注", "申请延期", "批准延期", "办结申请", "办结"}
		if !slices.Equal(actions, want) {
			t.Errorf("record: got %v, want %v", actions, want)
		}
		if got := webText(doc.Find("#task-due")); !strings.HasPrefix(got, "2099-03-20") {
			t.Errorf("deadline after the extension: got %q", got)
		}
	})
}

// mustGet fetches a page and returns it, failing on anything but 200.
func (b *webClient) mustGet(path string) *goquery.Document {
	b.env.t.Helper()
	res, doc := b.get(path)
	wantWebStatus(b.env.t, res, http.StatusOK)
	return doc
}

func TestWebTaskTrafficLights(t *testing.T) {
	w := newTaskWorld(t, storetest.SQLite(t))
	police := w.orgID(orgPolice)
	// Monday 2 March 2099; 2099's schedule is not loaded, so Monday to Friday count.
	soon := w.task(w.lead, domain.CreateTask{Title: "临期", LeadOrgID: police, DueInWorkingDays: 5})   // due Mon 9 Mar
	later := w.task(w.lead, domain.CreateTask{Title: "从容", LeadOrgID: police, DueInWorkingDays: 15}) // due Mon 23 Mar
	late := w.task(w.lead, domain.CreateTask{Title: "逾期", LeadOrgID: police, DueDate: calendar.NewDate(2099, 3, 3)})
	w.clock.advance(3) // Thursday 5 March: two working days after 3 March
	b := w.as("police")
	doc := b.mustGet("/tasks")
	lights := map[string]string{}
	doc.Find("#tasks tbody tr").Each(func(_ int, s *goquery.Selection) {
		l := s.Find(".light")
		cls, _ := l.Attr("class")
		lights[s.AttrOr("data-id", "")] = cls + ": " + webText(l)
	})
	want := map[string]string{
		webID(late.ID):  "light overdue: 逾期 2 个工作日",
		webID(soon.ID):  "light due_soon: 临近期限",
		webID(later.ID): "light on_track: 正常",
	}
	for id, w := range want {
		if lights[id] != w {
			t.Errorf("task %s: got %q, want %q", id, lights[id], w)
		}
	}
	if got := rowIDs(doc, "#tasks"); !slices.Equal(got, []string{webID(late.ID), webID(soon.ID), webID(later.ID)}) {
		t.Errorf("order: got %v, want by deadline", got)
	}
	if got := webText(doc.Find(`tr[data-id="` + webID(later.ID) + `"] td.due`)); got != "2099-03-23（周一）暂定" {
		t.Errorf("provisional deadline: got %q", got)
	}
	doc = b.mustGet("/tasks?overdue=1")
	if got := rowIDs(doc, "#tasks"); !slices.Equal(got, []string{webID(late.ID)}) {
		t.Errorf("overdue only: got %v", got)
	}
	w.clock.advance(1)
	doc = b.mustGet("/tasks/" + webID(late.ID))
	if got := webText(doc.Find(".task-head .light")); got != "逾期 3 个工作日" {
		t.Errorf("task page light: got %q", got)
	}
	doc = b.mustGet("/")
	if got := doc.Find("#dash-overdue li a.name").AttrOr("href", ""); got != "/tasks/"+webID(late.ID) {
		t.Errorf("dashboard's overdue list: got %q, want the late task", got)
	}
	if got := doc.Find("#dash-soon li a.name").AttrOr("href", ""); got != "/tasks/"+webID(soon.ID) {
		t.Errorf("dashboard's due-soon list: got %q, want the task due on Monday", got)
	}
}

func TestWebTaskPagesInEnglish(t *testing.T) {
	w := newTaskWorld(t, storetest.SQLite(t))
	task := w.task(w.lead, domain.CreateTask{Title: "Patrols", LeadOrgID: w.orgID(orgPolice), DueDate: calendar.NewDate(2099, 3, 3),
		Category: "public_security", Priority: domain.PriorityUrgent})
	w.clock.advance(3)
	b := w.as("police")
	doc := b.mustGet("/tasks?lang=en")
	if got := webText(doc.Find("main h1")); got != "Tasks" {
		t.Errorf("heading: got %q", got)
	}
	row := doc.Find("#tasks tbody tr").First()
	for _, want := range []string{"2 working days overdue", "Xi'an Municipal Public Security Bureau", "Assigned", "Urgent", "2099-03-03 (Tue)"} {
		if !strings.Contains(webText(row), want) {
			t.Errorf("row %q lacks %q", webText(row), want)
		}
	}
	doc = b.mustGet("/tasks/" + webID(task.ID))
	if got := webText(doc.Find("details#act-accept summary")); got != "Accept" {
		t.Errorf("accept form: got %q", got)
	}
	if got := webText(doc.Find("#record li.event")); !strings.Contains(got, "Assigned") || !strings.Contains(got, "lead · API") {
		t.Errorf("record: got %q", got)
	}
	if got := webText(doc.Find("dl.facts")); !strings.Contains(got, "Public security") {
		t.Errorf("category: got %q", got)
	}
	res, doc := b.post("/tasks/"+webID(task.ID)+"/actions", url.Values{"_csrf": {webCSRFOf(t, doc)}, "action": {"progress"}, "note": {""}})
	wantWebStatus(t, res, http.StatusBadRequest)
	if got := webText(doc.Find(".alert")); got != "Report progress needs a note" {
		t.Errorf("English error: got %q", got)
	}
}

func TestWebTaskViewsRenderEveryBranch(t *testing.T) {
	cs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	groups := []optGroup{{Label: "西安市", Options: []option{{Value: "1", Label: "西安市公安局", Selected: true}}}}
	ev := []eventRow{{At: "2099-03-02 09:00", Actor: "police", Org: "西安市公安局", Channel: "网页", Action: "签收",
		ActionCode: "accept", Change: "已交办 → 已签收", Note: "好", Internal: true}}
	lt := light{State: "overdue", Label: "逾期 2 个工作日"}
	data := map[string]any{
		"task": taskPageData{ID: 1, Title: "t", Description: "d", CoOrgs: []string{"a", "b"}, Community: "c",
			DueRule: "r", Provisional: true, ExtensionTo: "x", TransferRequested: true, HotspotID: 2, HotspotLink: true,
			ClosedAt: "z", Events: ev, Light: lt, Flash: "f", Error: "e",
			Actions: []actionForm{{Action: "reassign", Label: "改派", Orgs: groups, Open: true, Error: "e"},
				{Action: "request_extension", Label: "申请延期", Date: "required", NoteRequired: true},
				{Action: "return", Label: "退回", Danger: true}}},
		"hotspot": hotspotPageData{ID: 1, Title: "t", Description: "d", RejectReason: "r", Satisfaction: "满意",
			FeedbackNote: "n", Reopens: 1, Flash: "f", Error: "e",
			Tasks:    []hotspotTask{{ID: 1, Title: "t", CoOrgs: []string{"a"}, Light: lt, Link: true, Events: ev}},
			Dispatch: &dispatchForm{Orgs: groups, CoOrgs: groups, In: hotspotPost{CoOrgs: []string{"1"}}, Error: "e"},
			Reject:   &rejectForm{Reason: "r", Error: "e"},
			Feedback: &feedbackForm{Choices: []option{{Value: "satisfied", Label: "满意"}}, Error: "e"}},
		"task_new":    taskFormData{Error: "e", Orgs: groups, CoOrgs: groups, Communities: []option{{Value: "1", Label: "c"}}},
		"hotspot_new": hotspotFormData{Error: "e", Community: "米家崖小区"},
		"tasks": taskListData{CanCreate: true, ShowOrgs: true, ScopeNote: "s", Filtered: true,
			Items: []taskRow{{ID: 1, Title: "t", CoOrgs: 2, Community: "c", Provisional: true, Light: lt}}},
		"hotspots": hotspotListData{CanReport: true, ShowCommunities: true, Filtered: true, Items: []hotspotRow{{ID: 1, Tasks: 2}}},
		"dashboard": dashboardData{Name: "n", Lists: []dashList{
			{ID: "a", TitleKey: "web.dashboard.approve", EmptyKey: "web.dashboard.approve_none", AllHref: "/tasks",
				Items: []dashItem{{Href: "/tasks/1", Title: "t", Sub: "s", Light: lt}}, More: true},
			{ID: "b", TitleKey: "web.dashboard.triage", EmptyKey: "web.dashboard.triage_none", AllHref: "/hotspots"}},
			ByOrg:    &dashOrgs{Rows: []dashOrgRow{{Name: "o", Href: "/tasks", N: 2}}, More: 1},
			Headline: &dashHeadline{Period: "p", Tiles: []reportTile{{Name: "open", Key: "web.dashboard.fig_open", Value: "1"}}}},
	}
	for name, d := range data {
		for _, lang := range languages {
			p := page{Localizer: cs.Localizer(lang), Title: "web.title.task", User: "admin", CSRF: "tok", Data: d}
			var buf bytes.Buffer
			if err := mustView(t, name).ExecuteTemplate(&buf, "layout", p); err != nil {
				t.Errorf("%s (%s): %v", name, lang, err)
				continue
			}
			if out := buf.String(); strings.Contains(out, "%!") || regexp.MustCompile(`>\s*web\.`).MatchString(out) {
				t.Errorf("%s (%s): a catalog key or format error shows", name, lang)
			}
		}
	}
}

// TestRungNote: a ladder event's rung ID reads as people say it, in both
// languages, and a note it does not know stays as it is.
func TestRungNote(t *testing.T) {
	cs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	zh, en := cs.Localizer("zh-CN"), cs.Localizer("en")
	for _, tc := range []struct {
		loc        *Localizer
		note, want string
	}{
		{zh, "remind-3", "到期前3个工作日提醒"},
		{zh, "remind+0", "到期当日提醒"},
		{zh, "urge+1", "逾期1个工作日催办"},
		{zh, "supervise+3", "逾期3个工作日督办"},
		{zh, "listed+10", "逾期10个工作日挂牌督办"},
		{zh, "remind-1 stale", "到期前1个工作日提醒（已过期限，不再提醒）"},
		{en, "urge+1", "Urge (1 working day overdue)"},
		{en, "urge+2", "Urge (2 working days overdue)"},
		{en, "remind-1", "Reminder (1 working day before the deadline)"},
		{en, "remind-3 stale", "Reminder (3 working days before the deadline) (the deadline has passed, no reminder)"},
		{zh, "手写备注", "手写备注"},
		{zh, "wave+1", "wave+1"},
		{zh, "urge+x", "urge+x"},
	} {
		if got := rungNote(tc.loc, tc.note); got != tc.want {
			t.Errorf("%s %q: got %q, want %q", tc.loc.Lang, tc.note, got, tc.want)
		}
	}
}
