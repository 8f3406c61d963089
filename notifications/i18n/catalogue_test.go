package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"

	"xietong/domain"
	"xietong/notifications/i18n"
)

// The catalogue's tests, after Miniflux's internal/locale/catalog_test.go:
// both languages have every key, their formats agree, and every key the
// code, the templates and the domain's enumerations can ask for exists.

// mailPrefix starts the keys of mail texts, which are text/template
// snippets; every other text is a fmt format.
const mailPrefix = "mail."

func load(t *testing.T) *i18n.Catalogue {
	t.Helper()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestEveryKeyInEveryLanguage fails when one language lacks a key of
// another, or a text is empty.
func TestEveryKeyInEveryLanguage(t *testing.T) {
	c := load(t)
	for _, a := range i18n.Langs() {
		for _, k := range c.Keys(a, "") {
			if v, _ := c.Text(a, k); strings.TrimSpace(v) == "" {
				t.Errorf("%s: %q is empty", a, k)
			}
			for _, b := range i18n.Langs() {
				if _, ok := c.Text(b, k); !ok {
					t.Errorf("%s has %q, %s lacks it", a, k, b)
				}
			}
		}
	}
}

// verbRE finds fmt verbs, with an explicit argument index when there is one.
var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*(\d+|\*)?(\.(\d+|\*))?[a-zA-Z%]`)

// verbs lists a fmt text's verbs by argument: "1:s", "2:d"…
func verbs(s string) []string {
	var out []string
	arg := 0
	for _, m := range verbRE.FindAllStringSubmatch(s, -1) {
		verb := m[0][len(m[0])-1:]
		if verb == "%" {
			continue
		}
		if m[1] != "" {
			arg, _ = strconv.Atoi(strings.Trim(m[1], "[]"))
		} else {
			arg++
		}
		out = append(out, strconv.Itoa(arg)+":"+verb)
	}
	slices.Sort(out)
	return out
}

// TestFormatsAgree fails when a fmt text has other verbs in one language
// than in the default, when a mail snippet does not parse, or when a text
// outside mail looks like a template.
func TestFormatsAgree(t *testing.T) {
	c := load(t)
	for _, k := range c.Keys(i18n.LangZH, "") {
		zh, _ := c.Text(i18n.LangZH, k)
		for _, lang := range i18n.Langs() {
			v, _ := c.Text(lang, k)
			if strings.HasPrefix(k, mailPrefix) {
				if _, err := template.New(k).Parse(v); err != nil {
					t.Errorf("%s %s: %v", lang, k, err)
				}
				continue
			}
			if strings.Contains(v, "{{") {
				t.Errorf("%s %s: only mail texts are templates: %q", lang, k, v)
			}
			if got, want := verbs(v), verbs(zh); !slices.Equal(got, want) {
				t.Errorf("%s %s: verbs %v, %s has %v", lang, k, got, i18n.LangZH, want)
			}
		}
	}
}

// root is the module's root, from this package's folder.
const root = "../.."

// templateKeys finds the keys that templates name: patterns maps a
// pattern, whose first group is the key, to the prefix the key gets.
func templateKeys(t *testing.T, glob string, patterns map[*regexp.Regexp]string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(root, glob))
	if err != nil || len(names) == 0 {
		t.Fatalf("no templates %s: %v", glob, err)
	}
	var keys []string
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for re, prefix := range patterns {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				keys = append(keys, prefix+m[1])
			}
		}
	}
	return keys
}

// TestTemplateKeysExist fails when a web page or a mail template names a
// key the catalogue lacks.
func TestTemplateKeysExist(t *testing.T) {
	c := load(t)
	tKey := regexp.MustCompile(`\.T\s+"([^"]+)"`)
	web := templateKeys(t, "server/templates/*.html", map[*regexp.Regexp]string{tKey: ""})
	mailKeys := templateKeys(t, "notifications/mail/templates/*.tmpl", map[*regexp.Regexp]string{tKey: mailPrefix})
	for _, kind := range []string{"txt", "html"} {
		// Both the task and the report views have L; the report's labels
		// are its own.
		mailKeys = append(mailKeys, templateKeys(t, "notifications/mail/templates/report."+kind+".tmpl", map[*regexp.Regexp]string{
			regexp.MustCompile(`\.(?:L|Label)\s+"([^"]+)"`): mailPrefix + "report.label.",
			regexp.MustCompile(`\.Heading\s+"([^"]+)"`):     mailPrefix + "report.section.",
		})...)
		for _, f := range []string{"partials", "layout", "task_*", "hotspot_*", "ladder_*", "reply_*"} {
			mailKeys = append(mailKeys, templateKeys(t, "notifications/mail/templates/"+f+"."+kind+".tmpl", map[*regexp.Regexp]string{
				regexp.MustCompile(`\.(?:L|Row)\s+"([^"]+)"`): mailPrefix + "label.",
			})...)
		}
	}
	if len(web) < 300 || len(mailKeys) < 50 {
		t.Fatalf("found %d web and %d mail template keys; are the patterns broken?", len(web), len(mailKeys))
	}
	wantKeys(t, c, append(web, mailKeys...))
}

// keyRE is the shape of a complete key.
var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// codeKeys finds the string-literal keys Go code under dir passes to the
// calls that take one: domain.Fail and Invalid, Problems.Add, the store's
// notFound, a Localizer's T, the reply service's words, the mail views' T
// and text, and the workbook's t and code, sheet names and columns
// ({"key", …}). In the server, every literal
// that is a whole web. key counts too (navigation, page titles). The
// command line is dir "." (the module's root package only): there every
// literal that is a whole cli. key counts, besides those passed to T, since
// its usage texts, results and errors are told by key (say, usageError).
func codeKeys(t *testing.T, dir string) []string {
	t.Helper()
	var keys []string
	add := func(prefix string, e ast.Expr) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if k, err := strconv.Unquote(lit.Value); err == nil {
				keys = append(keys, prefix+k)
			}
		}
	}
	err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && dir == "." && path != filepath.Join(root, dir) {
			return fs.SkipDir // the root package only, not the whole module
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		pkg := filepath.Base(filepath.Dir(path))
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && dir == "server" && lit.Kind == token.STRING {
				if k, _ := strconv.Unquote(lit.Value); strings.HasPrefix(k, "web.") && keyRE.MatchString(k) &&
					!strings.HasSuffix(k, "_") { // "web.report.period_" + kind is a prefix
					keys = append(keys, k)
				}
			}
			if lit, ok := n.(*ast.BasicLit); ok && dir == "." && lit.Kind == token.STRING {
				if k, _ := strconv.Unquote(lit.Value); strings.HasPrefix(k, "cli.") && keyRE.MatchString(k) {
					keys = append(keys, k)
				}
			}
			if cl, ok := n.(*ast.CompositeLit); ok && pkg == "xlsx" && cl.Type == nil && len(cl.Elts) > 0 {
				add("workbook.", cl.Elts[0]) // a column or a summary row: {"key", …}
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			arg := func(i int) ast.Expr {
				if i < len(call.Args) {
					return call.Args[i]
				}
				return nil
			}
			switch {
			case name == "Fail" || name == "notFound":
				add("", arg(1))
			case name == "Invalid" || name == "words" || name == "Words":
				add("", arg(0))
			case name == "Add":
				// Problems.Add(cond, key, args…); other Adds (headers,
				// wait groups) do not take a condition and a key.
				if _, lit := call.Args[0].(*ast.BasicLit); !lit {
					if l, ok := arg(1).(*ast.BasicLit); ok && l.Kind == token.STRING {
						if k, _ := strconv.Unquote(l.Value); keyRE.MatchString(k) {
							keys = append(keys, k)
						}
					}
				}
			case name == "T" && pkg == "mail", name == "text" && pkg == "mail":
				add(mailPrefix, arg(0))
			case name == "T":
				add("", arg(0))
			case (name == "t" || name == "sheet" || name == "longSheet") && pkg == "xlsx":
				add("workbook.", arg(0))
			case name == "code" && pkg == "xlsx":
				add("workbook.code.", arg(0))
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestCodeKeysExist fails when Go code asks for a key the catalogue lacks.
func TestCodeKeysExist(t *testing.T) {
	c := load(t)
	tests := []struct {
		dir string
		min int
	}{
		{"domain", 150},
		{"server", 100},
		{"notifications", 40},
		{".", 40}, // the command line
	}
	for _, tt := range tests {
		keys := codeKeys(t, tt.dir)
		if len(keys) < tt.min {
			t.Fatalf("found %d keys in %s; are the patterns broken?", len(keys), tt.dir)
		}
		wantKeys(t, c, keys)
	}
}

// TestEnumKeysExist fails when a key built from a prefix and one of the
// domain's enumerations is missing: a status, a priority, an event of the
// task record, a ladder step, a mail kind…
func TestEnumKeysExist(t *testing.T) {
	c := load(t)
	var keys []string
	each := func(prefixes []string, codes ...string) {
		for _, p := range prefixes {
			for _, code := range codes {
				keys = append(keys, p+code)
			}
		}
	}
	for _, s := range domain.Statuses() {
		each([]string{"web.task.status.", "mail.status.", "workbook.code."}, string(s))
	}
	for _, p := range []domain.Priority{domain.PriorityNormal, domain.PriorityHigh, domain.PriorityUrgent} {
		each([]string{"web.priority.", "mail.priority.", "workbook.code."}, string(p))
	}
	for _, a := range domain.Actions() {
		each([]string{"web.event.", "web.task.action.", "web.task.note."}, string(a))
	}
	// The task record shows every task action, and the events that are
	// not actions: assignment, attachments, the system's and the ladder's.
	each([]string{"web.event."}, domain.EventAssign, domain.EventAttach, domain.EventDeadlineRecomputed,
		domain.EventLadderSkipped)
	for _, s := range domain.LadderSteps() {
		each([]string{"web.event." + domain.EventLadderPrefix, "mail.step.", "workbook.code."}, string(s))
	}
	for _, ch := range []domain.Channel{domain.ChannelWeb, domain.ChannelAPI, domain.ChannelEmail, domain.ChannelSystem} {
		each([]string{"web.channel."}, string(ch))
	}
	for _, s := range []domain.Source{domain.SourcePlan, domain.SourceMeeting, domain.SourceInstruction,
		domain.SourceHotspot, domain.SourceOther} {
		each([]string{"web.source."}, string(s))
	}
	each([]string{"web.category."}, domain.Categories()...)
	for _, k := range domain.PilotItemKinds() {
		each([]string{"web.pilot.item.", "mail.pilot.item.", "workbook.pilot.item."}, string(k))
	}
	for _, s := range domain.PilotItemStatuses() {
		each([]string{"web.pilot.status.", "mail.pilot.status.", "workbook.pilot.status."}, string(s))
	}
	for _, a := range domain.PilotActions() {
		each([]string{"web.pilot.action."}, string(a))
	}
	for _, s := range domain.HotspotStatuses() {
		each([]string{"web.hotspot.status."}, string(s))
	}
	for _, a := range []domain.HotspotAction{domain.HotspotDispatch, domain.HotspotReject, domain.HotspotTasksClosed,
		domain.HotspotSatisfied, domain.HotspotUnsatisfied} {
		each([]string{"web.hotspot.action."}, string(a))
	}
	for _, s := range []domain.Satisfaction{domain.Satisfied, domain.BasicallySatisfied, domain.Unsatisfied} {
		each([]string{"web.satisfaction."}, string(s))
	}
	for _, s := range []domain.DeadlineState{domain.OnTrack, domain.DueSoon, domain.Overdue, domain.Done} {
		each([]string{"web.light."}, string(s))
	}
	for _, s := range domain.OutboxStatuses() {
		each([]string{"web.mail.status."}, string(s))
	}
	for _, k := range domain.MailKinds() {
		each([]string{"web.mail.kind."}, string(k))
		each([]string{mailPrefix + string(k) + "."}, "subject", "headline")
	}
	each([]string{"mail.refusal."}, domain.RefusalReasons()...)
	each([]string{"mail.report.period.", "web.report.period_"}, domain.ReportKinds()...)
	each([]string{"web.scale."}, domain.Scales()...)
	each([]string{"web.standard.level."}, string(domain.LevelProvince), string(domain.LevelCity))
	each([]string{"web.standard.status."}, string(domain.StandardDraft), string(domain.StandardPublished),
		string(domain.StandardRetired))
	each([]string{"standard.dimension."}, domain.Dimensions()...)
	each([]string{"standard.assessment."}, domain.AssessmentMethods()...)
	for _, s := range domain.ApplicationStatuses() {
		each([]string{"web.progress.status."}, string(s))
	}
	each([]string{"web.progress.level_"}, string(domain.LevelCity), string(domain.LevelProvince))
	each([]string{"web.lang."}, i18n.Langs()...)
	for d := range 7 {
		each([]string{"web.weekday.", "mail.weekday."}, strconv.Itoa(d))
	}
	wantKeys(t, c, keys)
}

// wantKeys fails for each key that a language lacks.
func wantKeys(t *testing.T, c *i18n.Catalogue, keys []string) {
	t.Helper()
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		for _, lang := range i18n.Langs() {
			if _, ok := c.Text(lang, k); !ok {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
	}
}
