package server

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
	"xietong/notifications/i18n"
)

// dashLinks returns the item links of the dashboard list id.
func dashLinks(doc *goquery.Document, id string) []string {
	return doc.Find("#" + id + " li a.name").Map(func(_ int, s *goquery.Selection) string {
		return s.AttrOr("href", "")
	})
}

// mustAct runs a task action through the service.
func (e *webEnv) mustAct(a domain.Actor, id int64, act domain.Action, note string) {
	e.t.Helper()
	if _, err := e.tasks.Act(context.Background(), a, id, domain.TaskCommand{Action: act, Note: note}); err != nil {
		e.t.Fatalf("%s task %d: %v", act, id, err)
	}
}

// TestWebDashboardByRole: each role's dashboard lists the work waiting for
// it, linked, and nothing of another organisation or community.
func TestWebDashboardByRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskWorld(t, db)
		ctx := context.Background()
		actor := func(name string) domain.Actor {
			u, err := db.UserByUsername(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			return domain.ActorOf(u, domain.ChannelWeb, "")
		}
		police, health, finance := actor("police"), actor("health"), actor("finance")
		resident, neighbour := actor("resident"), actor("neighbour")
		path := func(prefix string, id int64) string { return prefix + webID(id) }

		// Police: one task submitted for closure, one just assigned; health:
		// one overdue; finance: one just assigned (no one else's business).
		submitted := w.task(w.lead, domain.CreateTask{Title: "待审批", LeadOrgID: police.OrgID})
		w.mustAct(police, submitted.ID, domain.ActAccept, "")
		w.mustAct(police, submitted.ID, domain.ActSubmit, "已办结")
		assigned := w.task(w.lead, domain.CreateTask{Title: "待签收", LeadOrgID: police.OrgID})
		late := w.task(w.lead, domain.CreateTask{Title: "逾期", LeadOrgID: health.OrgID, DueDate: calendar.NewDate(2099, 3, 3)})
		other := w.task(w.lead, domain.CreateTask{Title: "财政的", LeadOrgID: finance.OrgID})
		// 米家崖 reported one issue, handled and closed: it awaits their
		// feedback; 兰博 reported one the bureau has not looked at yet.
		h, err := w.hotspots.Report(ctx, resident, domain.ReportHotspot{Title: "楼道扶手", Category: "elderly",
			Description: "3号楼", CommunityID: resident.CommunityID})
		if err != nil {
			t.Fatal(err)
		}
		ht, err := w.hotspots.Dispatch(ctx, w.lead, h.ID, domain.Dispatch{LeadOrgID: police.OrgID, DueInWorkingDays: 5})
		if err != nil {
			t.Fatal(err)
		}
		w.mustAct(police, ht.ID, domain.ActAccept, "")
		w.mustAct(police, ht.ID, domain.ActSubmit, "已安装")
		w.mustAct(w.lead, ht.ID, domain.ActClose, "")
		fresh, err := w.hotspots.Report(ctx, neighbour, domain.ReportHotspot{Title: "路灯不亮", Category: "facilities",
			Description: "南门", CommunityID: neighbour.CommunityID})
		if err != nil {
			t.Fatal(err)
		}
		w.clock.advance(3) // Thursday 5 March 2099: the health task is two working days overdue

		doc := w.as("lead").mustGet("/")
		if got := dashLinks(doc, "dash-approve"); !slices.Equal(got, []string{path("/tasks/", submitted.ID)}) {
			t.Errorf("lead, awaiting approval: got %v", got)
		}
		if got := doc.Find("#dash-approve .see-all a").AttrOr("href", ""); got != "/tasks?status=submitted" {
			t.Errorf("lead, approval's see-all: got %q", got)
		}
		if got := dashLinks(doc, "dash-triage"); !slices.Equal(got, []string{path("/hotspots/", fresh.ID)}) {
			t.Errorf("lead, to triage: got %v", got)
		}
		row := doc.Find("#dash-by-org tbody tr")
		if row.Length() != 1 || !strings.Contains(webText(row), "卫生") || webText(row.Find("td.num")) != "1" ||
			row.Find("a").AttrOr("href", "") != "/tasks?overdue=1&org="+webID(health.OrgID) {
			t.Errorf("lead, overdue by department: got %d rows, %q", row.Length(), webText(row))
		}

		doc = w.as("police").mustGet("/")
		if got := dashLinks(doc, "dash-accept"); !slices.Equal(got, []string{path("/tasks/", assigned.ID)}) {
			t.Errorf("police, to accept: got %v", got)
		}
		if got := dashLinks(doc, "dash-overdue"); len(got) != 0 {
			t.Errorf("police, overdue: got %v, want none (health's task is not theirs)", got)
		}
		if doc.Find("#dash-by-org, #dash-triage, #dash-headline").Length() != 0 {
			t.Error("a department sees the bureau's sections")
		}
		doc = w.as("finance").mustGet("/")
		if got := dashLinks(doc, "dash-accept"); !slices.Equal(got, []string{path("/tasks/", other.ID)}) {
			t.Errorf("finance, to accept: got %v", got)
		}
		doc = w.as("health").mustGet("/")
		if got := dashLinks(doc, "dash-overdue"); !slices.Equal(got, []string{path("/tasks/", late.ID)}) {
			t.Errorf("health, overdue: got %v", got)
		}
		if got := webText(doc.Find("#dash-overdue .light")); got != "逾期 2 个工作日" {
			t.Errorf("health, overdue light: got %q", got)
		}

		doc = w.as("resident").mustGet("/")
		if got := dashLinks(doc, "dash-feedback"); !slices.Equal(got, []string{path("/hotspots/", h.ID)}) {
			t.Errorf("米家崖, awaiting feedback: got %v", got)
		}
		doc = w.as("neighbour").mustGet("/")
		if got := dashLinks(doc, "dash-feedback"); len(got) != 0 {
			t.Errorf("兰博, awaiting feedback: got %v, want none (米家崖's issue)", got)
		}
		if doc.Find("#dash-approve, #dash-by-org, #dash-accept").Length() != 0 {
			t.Error("a community sees task sections")
		}
	})
}

// TestWebDashboardLeadership: leadership's headline counts as the report
// does (this month to date) and the trend marks the weeks overdue work was
// open; the overdue list links to the task.
func TestWebDashboardLeadership(t *testing.T) {
	w := newReportEnv(t, storetest.SQLite(t))
	b := w.webAs(t, "leadership")
	w.clock.Set(time.Date(2025, 3, 10, 9, 0, 0, 0, storetest.Shanghai))
	doc := b.mustGet("/")
	fig := func(name string) string {
		return webText(doc.Find(`#dash-headline [data-figure="` + name + `"] .num`))
	}
	for name, want := range map[string]string{"open": "2", "open_overdue": "1", "on_time_rate": "50.0%", "due_in_period": "2"} {
		if got := fig(name); got != want {
			t.Errorf("figure %s: got %q, want %q", name, got, want)
		}
	}
	if got := webText(doc.Find("#dash-headline p.muted")); !strings.Contains(got, "2025-03-01 至 2025-03-10") {
		t.Errorf("period: got %q", got)
	}
	// Twelve weeks to the one of 10 March; the health task (due 03-04) is
	// overdue at the end of the last two.
	var vals []string
	doc.Find("#dash-trend circle.point title").Each(func(_ int, s *goquery.Selection) {
		f := strings.Fields(s.Text())
		vals = append(vals, f[len(f)-1])
	})
	want := []string{"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1", "1"}
	if !slices.Equal(vals, want) {
		t.Errorf("trend: got %v, want %v", vals, want)
	}
	if got := dashLinks(doc, "dash-overdue"); !slices.Equal(got, []string{"/tasks/" + webID(w.tasks[1])}) {
		t.Errorf("overdue list: got %v", got)
	}
	// A department may not read the headline: its dashboard has none.
	p := w.webAs(t, "police")
	w.clock.Set(time.Date(2025, 3, 10, 9, 0, 0, 0, storetest.Shanghai))
	if p.mustGet("/").Find("#dash-headline").Length() != 0 {
		t.Error("a department sees the headline")
	}
}

// TestWebDashboardKeysExist: the keys the dashboard builds in Go are in
// both catalogues.
func TestWebDashboardKeysExist(t *testing.T) {
	cs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"web.dashboard.approve", "web.dashboard.approve_none", "web.dashboard.triage",
		"web.dashboard.triage_none", "web.dashboard.accept", "web.dashboard.accept_none", "web.dashboard.soon",
		"web.dashboard.soon_none", "web.dashboard.overdue", "web.dashboard.overdue_none", "web.dashboard.overdue_longest",
		"web.dashboard.feedback", "web.dashboard.feedback_none", "web.dashboard.handling", "web.dashboard.handling_none",
		"web.dashboard.due", "web.dashboard.month_to_date", "web.dashboard.fig_open", "web.dashboard.fig_overdue",
		"web.dashboard.fig_on_time", "web.dashboard.fig_due", "web.dashboard.week_label", "web.dashboard.trend_title",
		"web.dashboard.trend_desc", "web.dashboard.trend_none"} {
		for _, lang := range languages {
			if _, ok := cs.Text(lang, k); !ok {
				t.Errorf("%s catalog lacks %q", lang, k)
			}
		}
	}
}
