package server

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
	"xietong/notifications/i18n"
)

// walkAllow are the Latin words a Chinese page may show: the names of
// file formats, programs and encodings, units, and the link to the English
// version. Everything else in Latin letters is English left untranslated
// (or a catalogue key).
var walkAllow = []string{"Excel", "Word", "PowerPoint", "OFD", "PDF", "CSV", "SVG", "PNG", "JPEG", "GBK", "UTF",
	"MB", "KB", "API", "URL", "ID", "IP", "English", "xietong"}

// walkSkip are words that are data, not text: e-mail addresses, links,
// file names and codes (letters with digits, hyphens or underscores).
var walkSkip = regexp.MustCompile(`\S+@\S+|https?://\S+|[\w.-]*\.(xlsx|csv|pdf|png|jpe?g|docx?|txt|zip)\b|` +
	`\b\w*\d\w*\b|\b\w+(?:[-_]\w+)+\b`)

// latinWord is a run of two or more Latin letters.
var latinWord = regexp.MustCompile(`[A-Za-z]{2,}`)

// untranslated returns what a Chinese page's text shows that is not
// Chinese: catalogue keys (keyRE) and Latin words outside walkAllow and
// data (the names in data, such as usernames).
func untranslated(text string, keyRE *regexp.Regexp, data []string) []string {
	var bad []string
	bad = append(bad, keyRE.FindAllString(text, -1)...)
	for _, w := range latinWord.FindAllString(walkSkip.ReplaceAllString(keyRE.ReplaceAllString(text, " "), " "), -1) {
		if !slices.Contains(walkAllow, w) && !slices.Contains(data, w) && !slices.Contains(bad, w) {
			bad = append(bad, w)
		}
	}
	return bad
}

// catalogueKeyRE matches a dotted key of the catalogue's namespaces
// ("web.tasks.title", "task.not_found") in a page's text.
func catalogueKeyRE(t *testing.T) *regexp.Regexp {
	t.Helper()
	cs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var spaces []string
	for _, k := range cs.Keys(i18n.LangZH, "") {
		if ns, _, ok := strings.Cut(k, "."); ok && !slices.Contains(spaces, ns) {
			spaces = append(spaces, ns)
		}
	}
	return regexp.MustCompile(`\b(?:` + strings.Join(spaces, "|") + `)(?:\.[a-z0-9_]+)+\b`)
}

func TestUntranslated(t *testing.T) {
	keyRE := regexp.MustCompile(`\b(?:web|task)(?:\.[a-z0-9_]+)+\b`)
	for _, tt := range []struct {
		name, text string
		want       []string
	}{
		{"Chinese", "待签收任务 3 项，下载 Excel 文件", nil},
		{"a key", "标题 web.tasks.title 之后", []string{"web.tasks.title"}},
		{"English", "待签收 Overdue tasks", []string{"Overdue", "tasks"}},
		{"data", "admin@example.cn 报表-2025.xlsx xian-public_security https://x.cn/a hzpolice", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := untranslated(tt.text, keyRE, []string{"hzpolice"}); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// walkRoles are the users the walk signs in as, one per role.
var walkRoles = []struct{ user, role string }{
	{"root", "admin"}, {"lead", "lead"}, {"hzpolice", "department"}, {"minan", "community"}, {"leadership", "leadership"},
}

// TestBrowserWalkEveryPage signs in as each role, opens every page of the
// navigation and their account page, then every kind of page these link
// to (a thing's page, a form, a filtered list: two of each kind), and
// fails on a catalogue key or English on any of them (the pages are
// Chinese by default; options of a select count, what fields hold does
// not). It keeps a screenshot of each role's dashboard when
// XIETONG_SCREENSHOT_DIR is set.
func TestBrowserWalkEveryPage(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	db := storetest.SQLite(t)
	w := newCampaignWalk(t, db, withReports(db))
	seedWalk(t, w)
	keyRE := catalogueKeyRE(t)
	var data []string
	for _, r := range walkRoles {
		data = append(data, r.user)
	}
	data = append(data, "admin", "hzbureau")
	for _, r := range walkRoles {
		w.ctx = newChrome(t) // a browser per role: each has its own time limit
		w.signIn(r.user, "/", "nav.main a")
		tab{t, w.ctx}.shot("dashboard-" + r.role + ".png")
		// The navigation and the account page (the name in the header).
		queue := w.hrefs("nav.main a, header a.user")
		seen := map[string]bool{}
		shapes := map[string]int{} // pages per shape (/tasks/N, /tasks?status=): two are enough
		for len(queue) > 0 && len(seen) < 200 {
			p := queue[0]
			queue = queue[1:]
			if seen[p] {
				continue
			}
			seen[p] = true
			w.do("open "+p, chromedp.Navigate(w.ts.URL+p), chromedp.WaitVisible(chromedp.CSS("main")))
			text := w.pageText()
			if bad := untranslated(text, keyRE, data); len(bad) > 0 {
				t.Errorf("%s, %s: not Chinese: %q", r.role, p, bad)
			}
			for _, h := range w.hrefs("main a[href]:not([download])") {
				shape := walkShape(h)
				if shape == "" || seen[h] || shapes[shape] >= 2 {
					continue
				}
				shapes[shape]++
				queue = append(queue, h)
			}
		}
		if len(seen) < 5 {
			t.Errorf("%s: walked %d pages, want the navigation's and their details'", r.role, len(seen))
		}
		t.Logf("%s: %d pages", r.role, len(seen))
	}
}

var digits = regexp.MustCompile(`\d+`)

// walkShape is the kind of page a local link opens — its path with
// numbers as N and its query's names without their values (/tasks/N,
// /tasks?org&overdue) — or "" for a file to download rather than a page
// (a template, a workbook) and for a link to another language.
func walkShape(h string) string {
	u, err := url.Parse(h)
	if err != nil || strings.HasSuffix(u.Path, "/template") || strings.HasSuffix(u.Path, "/export") {
		return ""
	}
	q := u.Query()
	if q.Has("format") || q.Has("lang") {
		return ""
	}
	keys := slices.Sorted(maps.Keys(q))
	shape := digits.ReplaceAllString(u.Path, "N")
	if len(keys) > 0 {
		shape += "?" + strings.Join(keys, "&")
	}
	return shape
}

// hrefs lists the local links of the elements sel matches.
func (w *campaignWalk) hrefs(sel string) []string {
	w.t.Helper()
	l, err := chromedp.Run(w.ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll(%q)].map(a => a.getAttribute("href"))`, sel)))
	if err != nil {
		w.t.Fatalf("links %s: %v", sel, err)
	}
	var out []string
	for _, h := range l {
		if u, err := url.Parse(h); err == nil && u.Host == "" && strings.HasPrefix(h, "/") && !strings.HasPrefix(h, "/api/") {
			out = append(out, h)
		}
	}
	return out
}

// seedWalk gives every role something to see: users of each role, tasks
// open, submitted and overdue, hot-spot issues reported and awaiting
// feedback.
func seedWalk(t *testing.T, w *campaignWalk) {
	t.Helper()
	ctx := context.Background()
	actors := map[string]domain.Actor{}
	w.mustUser("root", domain.RoleAdmin, "", "") // newCampaignWalk made the others
	w.mustUser("minan", domain.RoleCommunity, "", "hanzhong-minan")
	for _, name := range []string{"lead", "hzpolice", "minan"} {
		u, err := w.db.UserByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		actors[name] = domain.ActorOf(u, domain.ChannelWeb, "")
	}
	d := w.srv.deps
	police := actors["hzpolice"].OrgID
	create := func(title string, due calendar.Date) domain.TaskDetail {
		td, err := d.Tasks.Create(ctx, actors["lead"], domain.CreateTask{Title: title, LeadOrgID: police,
			Category: "public_security", DueDate: due, DueInWorkingDays: map[bool]int{true: 5}[due.IsZero()]})
		if err != nil {
			t.Fatal(err)
		}
		return td
	}
	act := func(a domain.Actor, id int64, action domain.Action, note string) {
		if _, err := d.Tasks.Act(ctx, a, id, domain.TaskCommand{Action: action, Note: note}); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	create("排查小区消防通道占用", calendar.Date{})
	late := create("整治小区周边治安", calendar.NewDate(2099, 3, 3))
	act(actors["hzpolice"], late.ID, domain.ActAccept, "")
	done := create("加装楼道照明", calendar.Date{})
	act(actors["hzpolice"], done.ID, domain.ActAccept, "")
	act(actors["hzpolice"], done.ID, domain.ActSubmit, "已加装")
	for i, title := range []string{"老旧楼道缺少扶手", "小区路灯不亮"} {
		h, err := d.Hotspots.Report(ctx, actors["minan"], domain.ReportHotspot{Title: title, Category: "elderly",
			Description: "请尽快处理", CommunityID: actors["minan"].CommunityID})
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			continue // left to triage
		}
		ht, err := d.Hotspots.Dispatch(ctx, actors["lead"], h.ID, domain.Dispatch{LeadOrgID: police, DueInWorkingDays: 5})
		if err != nil {
			t.Fatal(err)
		}
		act(actors["hzpolice"], ht.ID, domain.ActAccept, "")
		act(actors["hzpolice"], ht.ID, domain.ActSubmit, "已安装")
		act(actors["lead"], ht.ID, domain.ActClose, "")
	}
	// Evidence on the overdue task, a picture among it: the record lists
	// the upload with its files.
	if _, err := d.Attachments.AddAll(ctx, actors["hzpolice"], domain.AttachmentTarget{TaskID: late.ID},
		[]domain.Upload{{Filename: "巡查记录.pdf", Data: pdfBytes}, {Filename: "现场.png", Data: pngBytes(t)}}); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(webNow.AddDate(0, 0, 4)) // Friday: the task due on Tuesday is overdue
	// The ladder's steps so far: system events in the task's record.
	sup := &domain.SupervisionService{Store: w.db.Store, Calendar: &domain.CalendarService{Store: w.db.Store,
		Now: w.clock.Now}, Location: storetest.Shanghai, Now: w.clock.Now}
	if r, err := sup.Sweep(ctx, w.clock.Now(), false); err != nil || r.Sent == 0 {
		t.Fatalf("sweep: %+v %v", r, err)
	}
}

// pageText is the page's text without what it shows as recorded data, not
// as its own words: form fields' contents (a calendar year's lines, with
// their English names), code (an audit entry's action and object) and
// cells marked data-raw (the audit's actor and detail, as recorded).
func (w *campaignWalk) pageText() string {
	w.t.Helper()
	s, err := chromedp.Run(w.ctx, chromedp.Evaluate[string](`(() => {
		const b = document.body.cloneNode(true);
		b.querySelectorAll("textarea, input, code, [data-raw]").forEach(e => e.remove());
		return b.innerText;
	})()`))
	if err != nil {
		w.t.Fatalf("read the page's text: %v", err)
	}
	return strings.Join(strings.Fields(s), " ")
}
