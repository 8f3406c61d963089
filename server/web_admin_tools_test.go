package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications/scheduler"
)

// withAdminTools gives the server the supervision service and the
// schedules of a real scheduler over the test database, as main does.
func withAdminTools(d *Deps, e *webEnv) {
	d.Supervision = &domain.SupervisionService{Store: e.db.Store, Calendar: d.Calendar,
		Location: storetest.Shanghai, Now: e.clock.Now}
	sched := &scheduler.Scheduler{Claims: e.db.Store, Location: storetest.Shanghai, Owner: "test",
		Jobs: []scheduler.Job{{Name: "supervision_sweep", Spec: "0 9,15 * * 1-5",
			Run: func(context.Context, time.Time) error { return nil }}}}
	d.Schedules = func(ctx context.Context) ([]scheduler.JobStatus, error) {
		return sched.Status(ctx, e.clock.Now(), func(ctx context.Context, job string) (scheduler.RunRecord, bool, error) {
			runs, err := e.db.JobRuns(ctx, job, 1)
			if err != nil || len(runs) == 0 {
				return scheduler.RunRecord{}, false, err
			}
			r := runs[0]
			return scheduler.RunRecord{Slot: r.Slot, ClaimedAt: r.ClaimedAt, FinishedAt: r.FinishedAt,
				Attempts: r.Attempts, Error: r.LastError}, true, nil
		})
	}
}

// adminToolPaths are the four pages, each reachable from the navigation.
var adminToolPaths = []string{"/admin/calendar", "/admin/ladder", "/admin/schedules", "/admin/audit"}

// TestWebAdminToolsAreForAdmins: the calendar editor, the escalation
// policy, the schedules and the audit trail are linked for admins only,
// and other roles get 403 on every one of their requests.
func TestWebAdminToolsAreForAdmins(t *testing.T) {
	env := newWebEnvOn(t, storetest.SQLite(t), false, withAdminTools)
	env.addWebUser("lead1", domain.RoleLead, "")
	env.addWebUser("police1", domain.RoleDepartment, orgPolice)
	env.addWebUser("boss1", domain.RoleLeadership, "")
	admin := env.client()
	admin.mustLogin()
	_, home := admin.get("/")
	for _, href := range adminToolPaths {
		if home.Find(`nav.main a[href="`+href+`"]`).Length() != 1 {
			t.Errorf("the admin's navigation lacks %s", href)
		}
		res, _ := admin.get(href)
		wantWebStatus(t, res, http.StatusOK)
	}
	for _, who := range []string{"lead1", "police1", "boss1"} {
		b := env.signIn(who, webUserPassword)
		_, doc := b.get("/")
		csrf := webCSRFOf(t, doc)
		for _, href := range adminToolPaths {
			if doc.Find(`nav.main a[href="`+href+`"]`).Length() != 0 {
				t.Errorf("%s sees the link %s", who, href)
			}
			if res, _ := b.get(href); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: got %d, want 403", who, href, res.StatusCode)
			}
		}
		_, cal := b.get("/calendar")
		if cal.Find(`a[href^="/admin/calendar"]`).Length() != 0 {
			t.Errorf("%s is offered the calendar editor", who)
		}
		for _, path := range []string{"/admin/calendar", "/admin/ladder", "/admin/ladder/reset"} {
			res, _ := b.post(path, url.Values{"_csrf": {csrf}, "action": {"save"}, "year": {"2099"},
				"days": {"2099-03-04 休 测试"}, "priority": {"normal"}, "version": {"0"},
				"step_0": {"urge"}, "offset_0": {"1"}, "aud_0": {"lead_contact"}, "template_0": {"ladder_urge"}})
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: got %d, want 403", who, path, res.StatusCode)
			}
		}
	}
	ys, err := env.db.CalendarYears(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range ys {
		if y.Year == 2099 {
			t.Error("a refused request saved a calendar year")
		}
	}
	if ps, _ := env.db.LadderPolicies(context.Background()); len(ps) != 0 {
		t.Errorf("a refused request saved a policy: %+v", ps)
	}
}

// dueOf reads a task's stored deadline.
func (e *webEnv) dueOf(id int64) string {
	e.t.Helper()
	tk, err := e.db.Task(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return tk.Due.String()
}

// TestWebCalendarAdmin: a bad schedule is refused line by line and saves
// nothing; the preview lists exactly the deadlines that saving then moves;
// a save of a text other than the one previewed is refused.
func TestWebCalendarAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskWorld(t, db)
		admin := w.client()
		admin.mustLogin()
		ctx := context.Background()
		police := w.orgID(orgPolice)
		// Assigned on Monday 2 March 2099, a year not loaded: weekdays count.
		short := w.task(w.lead, domain.CreateTask{Title: "五日内整改", LeadOrgID: police, DueInWorkingDays: 5})
		long := w.task(w.lead, domain.CreateTask{Title: "二十日内整改", LeadOrgID: police, DueInWorkingDays: 20})
		fixed := w.task(w.lead, domain.CreateTask{Title: "定日整改", LeadOrgID: police,
			DueDate: domain.Date{Year: 2099, Month: 3, Day: 9}})
		if got := w.dueOf(short.ID); got != "2099-03-09" {
			t.Fatalf("5 working days from 2 March: got %s, want 2099-03-09", got)
		}

		_, cal := admin.get("/calendar")
		if cal.Find(`#calendar-add`).Length() != 1 {
			t.Fatal("the calendar page offers no new year")
		}
		_, doc := admin.get("/admin/calendar?year=2099")
		if got := strings.TrimSpace(doc.Find("main h1").Text()); got != "新增 2099 年节假日安排" {
			t.Errorf("heading: got %q", got)
		}
		if doc.Find("#calendar-save").Length() != 0 {
			t.Error("save offered before a preview")
		}

		bad := []struct{ name, year, days, want string }{
			{"kind", "2099", "2099-03-04 放 测试假日", "第 1 行：“放”应为“休”或“班”"},
			{"weekday worked", "2099", "2099-03-04 休 测试假日\n2099-03-05 班 测试假日", "第 2 行：调休上班日 2099-03-05 不是周六或周日"},
			{"other year", "2099", "2098-12-31 休 元旦", "第 1 行：日期 2098-12-31 不在 2099 年"},
			{"duplicate", "2099", "2099-03-04~2099-03-06 休 甲\n\n2099-03-05 休 乙", "第 3 行：日期 2099-03-05 已在第 1 行出现"},
			{"date", "2099", "2099-02-30 休 甲", "第 1 行的日期“2099-02-30”无效，应为 YYYY-MM-DD 或 YYYY-MM-DD~YYYY-MM-DD（不超过 31 天）"},
			{"year", "1999", "", "年份 1999 无效，应在 2000 到 2100 之间"},
		}
		for _, tc := range bad {
			for _, action := range []string{"preview", "save"} {
				res, doc := admin.submit(doc, "#calendar-form", url.Values{"year": {tc.year}, "days": {tc.days},
					"action": {action}})
				wantWebStatus(t, res, http.StatusBadRequest)
				if got := strings.TrimSpace(doc.Find("#calendar-error").Text()); got != tc.want {
					t.Errorf("%s (%s): got %q, want %q", tc.name, action, got, tc.want)
				}
			}
		}
		if ys, _ := db.CalendarYears(ctx); len(ys) > 0 && ys[len(ys)-1].Year == 2099 {
			t.Fatal("a refused schedule was saved")
		}

		// Wednesday and Thursday off, Saturday worked: the 5-day task ends a
		// day later, and so does the 20-day one; the fixed date stays.
		days := "2099-03-04~2099-03-05 休 测试假日 | Test holiday\r\n2099-03-07 班 测试假日\r\n"
		res, prev := admin.submit(doc, "#calendar-form", url.Values{"year": {"2099"}, "source": {"测试通知"},
			"days": {days}, "action": {"preview"}})
		wantWebStatus(t, res, http.StatusOK)
		moves := map[string]string{}
		prev.Find("#calendar-moves tbody tr").Each(func(_ int, s *goquery.Selection) {
			moves[s.AttrOr("data-task", "")] = s.AttrOr("data-from", "") + ">" + s.AttrOr("data-to", "")
		})
		want := map[string]string{webID(short.ID): "2099-03-09>2099-03-10"}
		if len(moves) != 2 || moves[webID(short.ID)] != want[webID(short.ID)] || moves[webID(long.ID)] == "" {
			t.Fatalf("preview: got %v, want the two working-day tasks, %v among them", moves, want)
		}
		if _, ok := moves[webID(fixed.ID)]; ok {
			t.Error("the preview moves a fixed deadline")
		}
		if got := w.dueOf(short.ID); got != "2099-03-09" {
			t.Fatalf("the preview moved the deadline to %s", got)
		}

		// A text changed after the preview is not saved: the page previews it.
		res, again := admin.submit(prev, "#calendar-form", url.Values{"year": {"2099"}, "source": {"测试通知"},
			"days": {"2099-03-04 休 测试假日"}, "action": {"save"}})
		wantWebStatus(t, res, http.StatusOK)
		if again.Find("#calendar-error").Length() != 1 || again.Find("#calendar-moves").Length() != 1 {
			t.Error("a changed text is not previewed again with a warning")
		}
		if ys, _ := db.CalendarYears(ctx); len(ys) > 0 && ys[len(ys)-1].Year == 2099 {
			t.Fatal("a text other than the previewed one was saved")
		}

		res, _ = admin.submit(prev, "#calendar-form", url.Values{"year": {"2099"}, "source": {"测试通知"},
			"days": {days}, "action": {"save"}})
		saved := admin.follow(res, nil)
		if got := saved.Find("#calendar-flash").Text(); got != "2099 年节假日安排已保存。" {
			t.Errorf("flash: got %q", got)
		}
		for id, m := range moves {
			n, _ := strconv.ParseInt(id, 10, 64)
			if got := w.dueOf(n); got != m[strings.Index(m, ">")+1:] {
				t.Errorf("task %s: saved deadline %s, previewed %s", id, got, m)
			}
		}
		if got := w.dueOf(fixed.ID); got != "2099-03-09" {
			t.Errorf("the fixed deadline moved to %s", got)
		}
		// The editor shows the saved year in its own terms.
		if got := saved.Find("#days").Text(); got != "2099-03-04~2099-03-05 休 测试假日 | Test holiday\n2099-03-07 班 测试假日\n" {
			t.Errorf("saved schedule: got %q", got)
		}
		if es, _ := db.Audit(ctx, domain.AuditFilter{Action: "calendar.update", Target: "calendar:2099"},
			domain.Page{Limit: 10}); len(es) != 1 {
			t.Errorf("audit rows: got %d, want 1", len(es))
		}
	})
}

// ladderForm is the editor's rows for a normal-priority policy that
// mails the assigning lead too when urging.
func ladderForm(offsetUrge string) url.Values {
	return url.Values{"priority": {"normal"}, "version": {"0"}, "default": {"1"},
		"step_0": {"remind"}, "offset_0": {"-1"}, "aud_0": {"lead_contact"}, "template_0": {"ladder_remind"},
		"step_1": {"urge"}, "offset_1": {offsetUrge}, "aud_1": {"lead_contact", "assigner"}, "template_1": {"ladder_urge"},
		"step_2": {""}, "offset_2": {"7"},
		"step_3": {"supervise"}, "offset_3": {"3"}, "aud_3": {"lead_head", "assigner"}, "template_3": {"ladder_supervise"},
		"step_4": {"listed"}, "offset_4": {"10"}, "aud_4": {"leadership"}, "template_4": {"ladder_listed"}, "list_4": {"1"}}
}

// previewRows reads the policy preview as "task rung send recipients".
func previewRows(doc *goquery.Document) []string {
	return doc.Find("#ladder-preview-result tbody tr").Map(func(_ int, s *goquery.Selection) string {
		return s.AttrOr("data-task", "") + " " + s.AttrOr("data-rung", "") + " " + s.AttrOr("data-send", "") + " " +
			strings.TrimSuffix(strings.TrimSpace(s.Find("td.recipients").Text()), "—")
	})
}

// TestWebLadderAdmin: a wrong policy is refused with the rule it breaks
// and saves nothing; the preview lists, without sending, what the sweep
// does once the policy is saved, for the edited priority's tasks only.
func TestWebLadderAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		var sup *domain.SupervisionService
		w := newTaskWorld(t, db, withAdminTools, func(d *Deps, _ *webEnv) { sup = d.Supervision })
		admin := w.client()
		admin.mustLogin()
		ctx := context.Background()
		police := w.orgID(orgPolice)
		normal := w.task(w.lead, domain.CreateTask{Title: "一日内整改", LeadOrgID: police, DueInWorkingDays: 1})
		w.task(w.lead, domain.CreateTask{Title: "加急整改", LeadOrgID: police, DueInWorkingDays: 1,
			Priority: domain.PriorityHigh})
		w.clock.advance(2) // Wednesday: the first working day after the deadline

		_, doc := admin.get("/admin/ladder")
		if got := strings.TrimSpace(doc.Find("#ladder-state").Text()); got != "当前使用系统默认策略。" {
			t.Errorf("state: got %q", got)
		}
		if n := doc.Find(`#ladder-rungs select[name^="step_"]`).Length(); n != 5+ladderBlankRows {
			t.Errorf("rows: got %d, want the 5 default rungs and %d blank", n, ladderBlankRows)
		}

		bad := []struct{ name, offset, want string }{
			{"not a number", "abc", "第 2 步的相对期限“abc”不是整数"},
			{"zero", "0", "督办步骤 urge+0 的偏移不能为 0"},
			{"before the deadline", "-2", "督办步骤 urge-2：提醒须在期限前，其余步骤须在期限后"},
		}
		for _, tc := range bad {
			for _, action := range []string{"preview", "save"} {
				f := ladderForm(tc.offset)
				f.Set("action", action)
				res, got := admin.submit(doc, "#ladder-form", f)
				wantWebStatus(t, res, http.StatusBadRequest)
				if msg := strings.TrimSpace(got.Find("#ladder-error").Text()); msg != tc.want {
					t.Errorf("%s (%s): got %q, want %q", tc.name, action, msg, tc.want)
				}
				if got.Find(`input[name="offset_1"]`).AttrOr("value", "") != tc.offset {
					t.Errorf("%s: the form lost the input", tc.name)
				}
			}
		}
		if ps, _ := db.LadderPolicies(ctx); len(ps) != 0 {
			t.Fatal("a refused policy was saved")
		}

		f := ladderForm("1")
		f.Set("action", "preview")
		res, prev := admin.submit(doc, "#ladder-form", f)
		wantWebStatus(t, res, http.StatusOK)
		rows := previewRows(prev)
		id := webID(normal.ID)
		// The reminder falls on the assignment day: skipped; urging goes to
		// the police's user and to the lead who assigned the task.
		want := []string{id + " remind-1 false ", id + " urge+1 true police@example.cn、lead@example.cn"}
		if strings.Join(rows, "|") != strings.Join(want, "|") {
			t.Errorf("preview:\n got %q\nwant %q", rows, want)
		}
		if tk, _ := db.Task(ctx, normal.ID); len(tk.LadderDone) != 0 {
			t.Errorf("the preview took rungs: %v", tk.LadderDone)
		}
		if ps, _ := db.LadderPolicies(ctx); len(ps) != 0 {
			t.Fatal("the preview saved the policy")
		}

		f.Set("action", "save")
		res, _ = admin.submit(doc, "#ladder-form", f)
		saved := admin.follow(res, nil)
		if got := strings.TrimSpace(saved.Find("#ladder-state").Text()); got != "当前为第 1 版。" {
			t.Errorf("state after saving: got %q", got)
		}
		// The sweep, dry, now does what the preview said.
		r, err := sup.Sweep(ctx, w.clock.Now(), true)
		if err != nil {
			t.Fatal(err)
		}
		var swept []string
		for _, st := range r.Steps {
			if st.Priority == domain.PriorityNormal {
				swept = append(swept, webID(st.TaskID)+" "+st.RungID+" "+strconv.FormatBool(st.Action == domain.LadderSend)+
					" "+strings.Join(st.Recipients, "、"))
			}
		}
		if strings.Join(swept, "|") != strings.Join(rows, "|") {
			t.Errorf("sweep after saving:\n got %q\npreview %q", swept, rows)
		}

		res, _ = admin.submit(saved, "#ladder-reset", nil)
		reset := admin.follow(res, nil)
		if got := strings.TrimSpace(reset.Find("#ladder-state").Text()); got != "当前使用系统默认策略。" {
			t.Errorf("state after reset: got %q", got)
		}
		es, _ := db.Audit(ctx, domain.AuditFilter{TargetType: "ladder_policy"}, domain.Page{Limit: 10})
		if len(es) != 2 || es[0].Action != "ladder.policy_reset" || es[1].Action != "ladder.policy_save" {
			t.Errorf("audit: got %+v", es)
		}
	})
}

// TestWebSchedulesPage: each job with its next run in Shanghai time and
// its latest run's outcome, as the claims table records it.
func TestWebSchedulesPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		env := newWebEnvOn(t, db, false, withAdminTools)
		admin := env.client()
		admin.mustLogin()
		_, doc := admin.get("/admin/schedules")
		row := doc.Find(`#schedules tr[data-job="supervision_sweep"]`)
		// Monday 09:00 exactly: the next slot is 15:00.
		if got := row.AttrOr("data-next", ""); got != "2099-03-02 15:00" {
			t.Errorf("next run: got %q, want 2099-03-02 15:00", got)
		}
		if got := strings.TrimSpace(row.Find("td.last").Text()); got != "尚未运行" {
			t.Errorf("last run before any: got %q", got)
		}

		ctx := context.Background()
		slot := time.Date(2099, 3, 2, 9, 0, 0, 0, storetest.Shanghai)
		if ok, err := db.ClaimRun(ctx, "supervision_sweep", slot, "host:1", webNow, time.Minute); !ok || err != nil {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if err := db.FinishRun(ctx, "supervision_sweep", slot, "host:1", "database away", webNow); err != nil {
			t.Fatal(err)
		}
		_, doc = admin.get("/admin/schedules")
		row = doc.Find(`#schedules tr[data-job="supervision_sweep"]`)
		if got := strings.TrimSpace(row.Find("td.last").Text()); got != "2099-03-02 09:00" {
			t.Errorf("last run: got %q", got)
		}
		if got := row.Find("td.result").Contents().First().Text(); got != "失败" {
			t.Errorf("result: got %q", got)
		}
		if got := row.Find("td.result code.error").Text(); got != "database away" {
			t.Errorf("error: got %q", got)
		}
		if got := strings.TrimSpace(row.Find("td").First().Text()); got != "督办扫描" {
			t.Errorf("job name: got %q", got)
		}
	})
}

// TestWebAuditPage: the filters (actor, action, object type and id, days
// in Shanghai time) narrow the list, pages follow each other, and a wrong
// filter is a clear error.
func TestWebAuditPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		env := newWebEnvOn(t, db, false)
		admin := env.client()
		admin.mustLogin()
		ctx := context.Background()
		var es []domain.AuditEntry
		// 60 entries a day apart from 1 January 2099, 23:30 Shanghai time,
		// which is 15:30 UTC: the day boundaries are Shanghai's.
		start := time.Date(2099, 1, 1, 23, 30, 0, 0, storetest.Shanghai)
		for i := range 60 {
			e := domain.AuditEntry{At: start.AddDate(0, 0, i), Actor: "alice", ActorID: 1, Action: "user.update",
				Target: "user:" + strconv.Itoa(i%3+1), Channel: domain.ChannelWeb}
			if i%2 == 1 {
				e.Actor, e.Action, e.Target = "bob", "calendar.update", "calendar:2099"
			}
			es = append(es, e)
		}
		es = append(es, domain.AuditEntry{At: start, Actor: "carol", Action: "org.update", Target: "useful:1",
			Channel: domain.ChannelWeb})
		if err := db.AddAudits(ctx, es); err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			t.Helper()
			res, doc := admin.get("/admin/audit?" + q)
			wantWebStatus(t, res, http.StatusOK)
			return doc.Find("#audit tbody tr[data-action]").Length()
		}
		for _, tc := range []struct {
			q    string
			want int
		}{
			{"actor=bob", 30},
			{"action=user.update", 30},
			{"type=user&to=2099-02-28", 30},
			{"type=user&id=2", 10},
			{"type=use", 0},
			{"type=useful", 1},
			{"actor=alice&from=2099-01-01&to=2099-01-01", 1},
			{"from=2099-01-02&to=2099-01-05", 4},
			{"actor=bob&action=calendar.update&from=2099-02-01", 15},
		} {
			if got := count(tc.q); got != tc.want {
				t.Errorf("%s: got %d rows, want %d", tc.q, got, tc.want)
			}
		}

		// The entries the test wrote, not the seed's or the admin's own.
		res, doc := admin.get("/admin/audit?from=2099-01-01&to=2099-03-01")
		wantWebStatus(t, res, http.StatusOK)
		if n := doc.Find("#audit tbody tr[data-action]").Length(); n != auditPageSize {
			t.Fatalf("first page: %d rows", n)
		}
		next := doc.Find("nav.pager a.next").AttrOr("href", "")
		if next == "" {
			t.Fatal("no next page")
		}
		_, doc = admin.get(next)
		if n := doc.Find("#audit tbody tr[data-action]").Length(); n != 61-auditPageSize {
			t.Errorf("second page: %d rows, want %d", n, 61-auditPageSize)
		}

		for _, tc := range []struct{ q, want string }{
			{"id=2", "按对象编号筛选时请同时填写对象类型"},
			{"from=2099-13-01", `参数 from 的值 "2099-13-01" 不是有效日期，应为 YYYY-MM-DD`},
			{"from=2099-02-01&to=2099-01-01", "开始日期不能晚于结束日期"},
			{"type=User", "参数 type 的值无效"},
		} {
			res, doc := admin.get("/admin/audit?" + tc.q)
			wantWebStatus(t, res, http.StatusBadRequest)
			if got := strings.TrimSpace(doc.Find("#audit-error").Text()); got != tc.want {
				t.Errorf("%s: got %q, want %q", tc.q, got, tc.want)
			}
		}
	})
}

// TestWebAdminCommunities: an admin adds a community on the register's
// form, deactivates it and reactivates it; an inactive one stays listed
// and editable.
func TestWebAdminCommunities(t *testing.T) {
	env := newWebEnvOn(t, storetest.SQLite(t), false)
	admin := env.client()
	admin.mustLogin()
	doc := admin.mustGet("/communities")
	if doc.Find("#community-new").Length() != 1 {
		t.Fatal("the admin is not offered a new community")
	}
	doc = admin.mustGet("/communities/new")
	fields := url.Values{"code": {"baoji-admin-1"}, "name": {"管理员小区"}, "region_code": {"610302"},
		"scale": {"cluster"}, "housing_type": {"economical"}, "households": {"42"}, "property_managed": {"1"},
		"active": {"1"}}
	doc = admin.follow(admin.submit(doc, "#community-form", fields))
	edit := doc.Find("#communities tbody tr a.edit").AttrOr("href", "")
	if edit == "" {
		t.Fatalf("after adding: %q", webText(doc.Find("#communities tbody")))
	}
	for _, active := range []string{"", "1"} {
		doc = admin.mustGet(edit)
		fields.Set("active", active)
		doc = admin.follow(admin.submit(doc, "#community-form", fields))
		m, err := env.db.CommunityByCode(context.Background(), "baoji-admin-1")
		if err != nil {
			t.Fatal(err)
		}
		if m.Active != (active == "1") {
			t.Errorf("active %q: stored %v", active, m.Active)
		}
		if doc.Find("#communities tbody tr a.edit").Length() != 1 {
			t.Errorf("active %q: the community is no longer listed for editing", active)
		}
	}
}
