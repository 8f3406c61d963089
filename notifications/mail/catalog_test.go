package mail

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/notifications/i18n"
)

// TestCatalogCoversCodes: every kind, refusal reason, status, priority,
// audience and ladder step has its words in every language.
func TestCatalogCoversCodes(t *testing.T) {
	var want []string
	for _, k := range domain.MailKinds() {
		want = append(want, k+".subject", k+".headline")
	}
	for _, r := range domain.RefusalReasons() {
		want = append(want, "refusal."+r)
	}
	for _, s := range domain.Statuses() {
		want = append(want, "status."+string(s))
	}
	for _, p := range []string{"normal", "high", "urgent"} {
		want = append(want, "priority."+p)
	}
	for _, a := range append(domain.RecipientRoles(), "community", "sender", "report") {
		want = append(want, "footer.why."+a)
	}
	for _, a := range []string{domain.RecipientLead, domain.RecipientCo, domain.RecipientAssigner, domain.RecipientHead} {
		want = append(want, "reply.note."+a)
	}
	for _, a := range domain.RecipientRoles() {
		want = append(want, "ladder.todo."+a)
	}
	for _, s := range domain.LadderSteps() {
		want = append(want, "step."+string(s))
	}
	for _, a := range domain.ReplyActions() {
		want = append(want, "reply.cmd."+replyCommands[a])
	}
	for _, lang := range Langs() {
		for _, k := range want {
			if _, ok := std.catalogs[lang][k]; !ok {
				t.Errorf("%s lacks %q", lang, catalogPrefix+k)
			}
		}
	}
}

// TestTemplatesPerKind: every kind the domain queues (domain.MailKinds)
// has its template pair, and every template file belongs to a kind, to the
// shared layout or to the report (RenderReport, which is not a kind).
func TestTemplatesPerKind(t *testing.T) {
	files, err := fs.Glob(templateFiles, "templates/*.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	kinds := domain.MailKinds()
	for _, k := range kinds {
		for _, ext := range []string{".txt.tmpl", ".html.tmpl"} {
			if !slices.Contains(files, "templates/"+k+ext) {
				t.Errorf("kind %s has no %s%s", k, k, ext)
			}
		}
	}
	shared := []string{"layout", "partials"}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".tmpl"), ".txt")
		name = strings.TrimSuffix(name, ".html")
		report, _ := path.Match(reportTemplate, name) // the report and its sections' files
		if !slices.Contains(kinds, name) && !slices.Contains(shared, name) && !report {
			t.Errorf("%s belongs to no kind", f)
		}
	}
	if slices.Contains(kinds, domain.MailSupervisionReport) {
		t.Errorf("%s is rendered when queued, not from a notice", domain.MailSupervisionReport)
	}
}

// TestReplyCommandsCoverWorkflow: every action a reply may name has its
// command word.
func TestReplyCommandsCoverWorkflow(t *testing.T) {
	for _, a := range domain.ReplyActions() {
		if replyCommands[a] == "" {
			t.Errorf("reply action %s has no command word", a)
		}
	}
	if len(replyCommands) != len(domain.ReplyActions()) {
		t.Errorf("got %d command words, want one per reply action (%d)", len(replyCommands), len(domain.ReplyActions()))
	}
}

// TestNewRenderer: the renderer has the templates of every kind and no
// other.
func TestNewRenderer(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRenderer(cat)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(r.templates), len(domain.MailKinds()); got != want {
		t.Errorf("got templates for %d kinds, want %d", got, want)
	}
}
