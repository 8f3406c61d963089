package mail

import (
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
	texttemplate "text/template"
	"unsafe"

	"xietong/domain"
	"xietong/notifications/i18n"
)

// shapeTexts are values Shaped puts into cut shapes: plain and odd, ones
// the HTML escapes, ones Render folds or drops, template and format
// syntax, the placeholders' own characters, and long ones.
var shapeTexts = []string{
	"李娜", "Li Na", "王 建国", "  周\t\n敏  ", "", "   ", `<b>"O'Brien" & Co + 1</b>`, "a\x00b",
	"{{.TaskTitle}}", "%s %d", "$1 \\1", "v0", placeholderOpen + "v0" + placeholderClose, "x" + placeholderOpen,
	placeholderClose, "8123456789012345000", "https://shape.invalid/p10", strings.Repeat("长", 300),
}

// shapeNotes are notes: one line, several with blank and indented ones,
// Windows line ends, and blank space only.
var shapeNotes = []string{
	"", "已完成入户摸底。", "第一行\n\n  第二行缩进  \n第三行<b>&</b>", "a\r\nb\rc", " \n\t\n ", "\n\n结尾\n\n",
}

// shapeLinks are links: the server's, ones with characters an href writes
// otherwise than text, and ones Render drops.
var shapeLinks = []string{
	"https://xietong.example.gov.cn/tasks/42", "https://h.example/a?b=1&c=%20#d", "https://h.example/a+b",
	"https://h.example/路径", "https://h.example/a'b", "javascript:alert(1)", "/tasks/1", "",
}

// shapeDates are deadlines: dates of every weekday, with blank space
// around, and ones that are not dates.
var shapeDates = []string{
	"", "2025-03-14", "2025-03-15", "2025-03-16", "2025-03-17", "2025-03-18", "2026-12-09", "2026-12-10",
	" 2025-03-14 ", "2025-02-30", "下周五", "2999-01-01",
}

// vary returns p with its values drawn from the lists above by rng.
func vary(p domain.Notice, rng *rand.Rand) domain.Notice {
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	for _, f := range []*string{&p.TaskTitle, &p.LeadOrg, &p.Community, &p.Actor, &p.ActorOrg, &p.RecipientName, &p.HotspotTitle} {
		if rng.IntN(3) > 0 { // keep the case's own value a third of the time
			*f = pick(shapeTexts)
		}
	}
	p.CoOrgs = nil
	for range rng.IntN(4) {
		p.CoOrgs = append(p.CoOrgs, pick(shapeTexts))
	}
	p.Note, p.Link = pick(shapeNotes), pick(shapeLinks)
	if rng.IntN(3) > 0 {
		p.DueDate = pick(shapeDates)
		p.WorkingDaysLeft = []int{-30, -2, -1, 0, 1, 2, 3, 4, 25}[rng.IntN(9)]
	}
	if rng.IntN(3) == 0 {
		p.NewDueDate = pick(append(shapeDates, shapeTexts...))
	}
	if rng.IntN(5) == 0 {
		p.TaskStatus = "closed"
	}
	for _, id := range []*int64{&p.TaskID, &p.HotspotID, &p.ApplicationID} {
		if *id != 0 || rng.IntN(4) == 0 {
			*id = []int64{1, 42, 9_223_372_036_854_775_807, 8_123_456_789_012_345_007}[rng.IntN(4)]
		}
	}
	return p
}

// TestShapedRendersAsRender: whatever the kind, language, role and values,
// Shaped's render is byte for byte Render's, whether its shape is met for
// the first time, cut on the second, or filled in after.
func TestShapedRendersAsRender(t *testing.T) {
	roles := []string{"", domain.RecipientLead, domain.RecipientCo, domain.RecipientAssigner, domain.RecipientLeadership}
	r := mustRenderer()
	s := r.Shaped()
	rng := rand.New(rand.NewPCG(1, 2))
	messages := 0
	for _, lang := range []string{LangZH, LangEN} {
		for _, c := range goldenCases() {
			for _, role := range roles {
				for i := range 8 {
					p := c.p
					p.Role = role
					if i > 0 { // the case as it is first, then varied
						p = vary(p, rng)
					}
					for range 3 { // met, cut, filled in
						want, err := r.Render(c.kind, lang, p)
						if err != nil {
							t.Fatalf("%s %s: %v", c.name, lang, err)
						}
						got, err := s.Render(c.kind, lang, p)
						if err != nil {
							t.Fatalf("%s %s shaped: %v", c.name, lang, err)
						}
						if got != want {
							t.Fatalf("%s %s role %q notice %+v:\n%s", c.name, lang, role, p, renderDiff(got, want))
						}
						messages++
					}
				}
			}
		}
	}
	// The shapes were cut and used: every kind's are, as its templates
	// only print the values.
	cut, ok := 0, 0
	for _, sh := range r.shapes.cut {
		cut++
		if sh.ok {
			ok++
		}
	}
	if cut == 0 || ok != cut {
		t.Errorf("%d messages: %d shapes cut, %d of them usable", messages, cut, ok)
	}
	// Each distinct piece is held once, whichever shapes it is in.
	held, pieces := 0, 0
	for _, sh := range r.shapes.cut {
		for _, ps := range [][]piece{sh.subject, sh.text, sh.html} {
			for _, p := range ps {
				pieces += len(p.lit)
				if p.lit != "" && unsafe.StringData(r.shapes.lits[p.lit]) != unsafe.StringData(p.lit) {
					t.Fatalf("piece %q is a copy of its own", p.lit)
				}
			}
		}
	}
	for lit := range r.shapes.lits {
		held += len(lit)
	}
	if held*4 > pieces {
		t.Errorf("%d bytes of pieces held as %d", pieces, held)
	}
	t.Logf("%d shapes: %d bytes of pieces held as %d", cut, pieces, held)
}

// renderDiff shows where two renders first differ.
func renderDiff(got, want Rendered) string {
	for _, part := range [][3]string{{"subject", got.Subject, want.Subject}, {"text", got.Text, want.Text}, {"html", got.HTML, want.HTML}} {
		a, b := part[1], part[2]
		if a == b {
			continue
		}
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		return fmt.Sprintf("%s differs at byte %d:\nshaped …%q…\nRender …%q…", part[0], i,
			a[max(0, i-60):min(len(a), i+60)], b[max(0, i-60):min(len(b), i+60)])
	}
	return "the same"
}

// TestShapedSharesAcrossChanges: the messages of two changes that differ
// only in their values (another task, title, organisations, note, link,
// recipient) share one cut shape, and each carries its own values.
func TestShapedSharesAcrossChanges(t *testing.T) {
	r := mustRenderer()
	s := r.Shaped()
	first := taskNotice()
	first.Note = "第一项进展"
	for i := range 3 {
		p := first
		p.TaskID, p.TaskTitle, p.LeadOrg = int64(100+i), fmt.Sprintf("任务%d", i), fmt.Sprintf("单位%d", i)
		p.CoOrgs = []string{fmt.Sprintf("协办%d", i), "曲江街道办事处"}
		p.Note, p.RecipientName = fmt.Sprintf("进展%d", i), fmt.Sprintf("用户%d", i)
		p.Link = fmt.Sprintf("https://xietong.example.gov.cn/tasks/%d", 100+i)
		got, err := s.Render(domain.MailTaskAssigned, LangZH, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{fmt.Sprintf("#%d", 100+i), p.TaskTitle, p.LeadOrg, p.CoOrgs[0], p.Note, p.RecipientName, p.Link} {
			if !strings.Contains(got.Text, want) || !strings.Contains(got.HTML, want) {
				t.Errorf("message %d lacks %q", i, want)
			}
		}
		if !strings.Contains(got.Subject, fmt.Sprintf("#%d", 100+i)) || !strings.Contains(got.Subject, p.TaskTitle) {
			t.Errorf("message %d subject %q", i, got.Subject)
		}
		for j := range i {
			if strings.Contains(got.Text, fmt.Sprintf("任务%d", j)) || strings.Contains(got.HTML, fmt.Sprintf("用户%d", j)) {
				t.Errorf("message %d carries message %d's values", i, j)
			}
		}
	}
	if len(r.shapes.cut) != 1 || len(r.shapes.seen) != 0 {
		t.Errorf("%d shapes cut, %d met once; want 1 and 0", len(r.shapes.cut), len(r.shapes.seen))
	}
	// Another deadline on the same weekday, more than a few working days
	// away, is a value of the same shape; one on another weekday, or due
	// soon, is another shape (the mail names the weekday, and colours a
	// near deadline).
	for _, c := range []struct {
		due  string
		days int
		same bool
	}{{"2025-03-21", 10, true}, {"2025-04-25", 31, true}, {"2025-03-20", 9, false}, {"2025-03-14", 2, false}} {
		p := first
		p.DueDate, p.WorkingDaysLeft = c.due, c.days
		got, err := s.Render(domain.MailTaskAssigned, LangZH, p)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := r.Render(domain.MailTaskAssigned, LangZH, p)
		if got != want || !strings.Contains(got.Text, c.due) {
			t.Errorf("deadline %s, %d days: %s", c.due, c.days, renderDiff(got, want))
		}
		if seen := r.shapes.seen[shapeKey(t, p)]; seen == c.same {
			t.Errorf("deadline %s, %d days: met as a new shape %v, want %v", c.due, c.days, seen, !c.same)
		}
	}
}

// shapeKey is the key Shaped files p's task_assigned mail in Chinese under.
func shapeKey(t *testing.T, p domain.Notice) string {
	v, ok := split(p)
	if !ok {
		t.Fatalf("%+v is left to Render", p)
	}
	return v.key(domain.MailTaskAssigned, LangZH)
}

// TestShapedDistrustsTemplatesThatUseValues: a template that does more
// with a value than print it — cut it, compare it, format it, put it in a
// URL or a script — has its kind's mail rendered by Render: the templates'
// reading (usesValues) finds a value given to a function, the second probe
// a value printed otherwise than as text.
func TestShapedDistrustsTemplatesThatUseValues(t *testing.T) {
	edits := map[string]struct {
		file, content string
		read          bool // found by reading the templates, not by the probe
	}{
		"cut in text":  {"task_assigned.txt.tmpl", `{{define "content"}}{{printf "%.3s" .TaskTitle}}{{template "headline" .}}{{end}}`, true},
		"compared":     {"task_assigned.txt.tmpl", `{{define "content"}}{{if eq .LeadOrg "单位1"}}本单位{{end}}{{template "headline" .}}{{end}}`, true},
		"in a with":    {"task_assigned.html.tmpl", `{{define "content"}}{{with .Community}}{{if eq . "紫薇社区"}}本社区{{end}}{{end}}{{template "headline" .}}{{end}}`, true},
		"ranged":       {"task_assigned.txt.tmpl", `{{define "content"}}{{range $i, $c := .CoOrgs}}{{len $c}}{{end}}{{template "headline" .}}{{end}}`, true},
		"piped":        {"task_assigned.txt.tmpl", `{{define "content"}}{{.Actor | printf "%.1s"}}{{template "headline" .}}{{end}}`, true},
		"in a partial": {"partials.txt.tmpl", `{{define "headline"}}{{if lt .TaskTitle "m"}}x{{end}}`, true},
		"id formatted": {"task_assigned.txt.tmpl", `{{define "content"}}{{printf "%08d" .TaskID}}{{template "headline" .}}{{end}}`, true},
		"days beyond the few": {"task_assigned.txt.tmpl",
			`{{define "content"}}{{if gt .WorkingDaysLeft 10}}不急{{end}}{{template "headline" .}}{{end}}`, true},
		"overdue beyond the few": {"task_assigned.html.tmpl",
			`{{define "content"}}{{if eq $.DaysOverdue 2}}两天{{end}}{{template "headline" .}}{{end}}`, true},
		"deadline's year": {"task_assigned.txt.tmpl", `{{define "content"}}{{slice .DueDate 0 4}}{{template "headline" .}}{{end}}`, true},
		"in a URL":        {"task_assigned.html.tmpl", `{{define "content"}}<a href="https://h.example/?q={{.TaskTitle}}">x</a>{{template "headline" .}}{{end}}`, false},
		"in script":       {"task_assigned.html.tmpl", `{{define "content"}}<script>var t = {{.TaskTitle}};</script>{{template "headline" .}}{{end}}`, false},
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for name, e := range edits {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			err := fs.WalkDir(templateFiles, "templates", func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := fs.ReadFile(templateFiles, path)
				fsys[path] = &fstest.MapFile{Data: b}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			f := "templates/" + e.file
			if strings.HasPrefix(e.file, "partials") { // the definition's start replaced
				define := e.content[:strings.Index(e.content, "}}")+2]
				e.content = strings.Replace(string(fsys[f].Data), define, e.content, 1)
			}
			fsys[f] = &fstest.MapFile{Data: []byte(e.content)}
			r, err := newRenderer(fsys, cat)
			if err != nil {
				t.Fatal(err)
			}
			s := r.Shaped()
			for i := range 4 {
				p := taskNotice()
				p.TaskID, p.TaskTitle, p.LeadOrg = int64(7+i), fmt.Sprintf("第%d项任务", i), fmt.Sprintf("单位%d", i%2)
				want, err := r.Render(domain.MailTaskAssigned, LangZH, p)
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.Render(domain.MailTaskAssigned, LangZH, p)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Fatalf("message %d:\nshaped %q\nRender %q", i, got, want)
				}
			}
			if read := r.computes[domain.MailTaskAssigned]; e.read != (read != nil) {
				t.Fatalf("reading the templates: %v", read)
			}
			if e.read {
				return
			}
			if len(r.shapes.cut) != 1 {
				t.Fatalf("%d shapes cut, want 1", len(r.shapes.cut))
			}
			for _, sh := range r.shapes.cut {
				if sh.ok {
					t.Errorf("the shape was trusted")
				}
			}
		})
	}
}

// TestHTMLTextEscaper: Shaped escapes a value as html/template escapes one
// printed in text, for every character that either escapes and around.
func TestHTMLTextEscaper(t *testing.T) {
	tmpl := htmltemplate.Must(htmltemplate.New("t").Parse(`<p title="{{.}}">{{.}}</p>`))
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("\x00\"&'+<>=`/\\ \t\nabc值\uFFFD\u2028")
	for range 2000 {
		rs := make([]rune, rng.IntN(12))
		for i := range rs {
			rs[i] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(rs)
		var b strings.Builder
		if err := tmpl.Execute(&b, s); err != nil {
			t.Fatal(err)
		}
		e := htmlTextEscaper.Replace(s)
		if want := `<p title="` + e + `">` + e + `</p>`; b.String() != want {
			t.Fatalf("%q: html/template %q, Shaped %q", s, b.String(), want)
		}
	}
}

// BenchmarkShapedRender: one message of a change to a department's user,
// by Render and by Shaped, whose shape is cut before the timer starts.
// Each message is another task's, so the values differ every time.
func BenchmarkShapedRender(b *testing.B) {
	for _, shaped := range []bool{false, true} {
		b.Run(fmt.Sprintf("shaped=%v", shaped), func(b *testing.B) {
			r := mustRenderer()
			var rd interface {
				Render(kind, lang string, n domain.Notice) (Rendered, error)
			} = r
			if shaped {
				rd = r.Shaped()
			}
			p := taskNotice()
			i := 0
			for b.Loop() {
				i++
				p.TaskID, p.TaskTitle = int64(i), fmt.Sprintf("压力测试督办事项 %d", i)
				p.RecipientName = fmt.Sprintf("用户%d", i%10)
				if _, err := rd.Render(domain.MailTaskAssigned, LangZH, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestShapedKindsPrintValues: the embedded templates and messages only
// print and test the values, so every kind's mail shares shapes.
func TestShapedKindsPrintValues(t *testing.T) {
	for _, k := range domain.MailKinds() {
		if err := std.computes[k]; err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
}

// TestMessagesUseValues: a mail text that compares a value is found, once
// for the catalogue; the shipped texts compare none.
func TestMessagesUseValues(t *testing.T) {
	if err := messagesUseValues(std.catalogs); err != nil {
		t.Errorf("the shipped texts: %v", err)
	}
	bad := texttemplate.Must(texttemplate.New("x").Parse(`{{if eq .LeadOrg "本单位"}}贵单位{{end}}`))
	err := messagesUseValues(map[string]catalog{LangZH: {"task_assigned.headline": {t: bad}}})
	if err == nil || !strings.Contains(err.Error(), "task_assigned.headline") {
		t.Errorf("a text comparing the lead organisation: %v", err)
	}
}
