package mail

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// TestCatalogCoversCodes: every kind, refusal reason, status, priority,
// audience and ladder step has its words in every language.
func TestCatalogCoversCodes(t *testing.T) {
	var want []string
	for _, k := range Kinds() {
		want = append(want, string(k)+".subject", string(k)+".headline")
	}
	for _, r := range reasons {
		want = append(want, "refusal."+r)
	}
	for _, s := range []string{"assigned", "accepted", "in_progress", "submitted", "closed"} {
		want = append(want, "status."+s)
	}
	for _, p := range []string{"normal", "high", "urgent"} {
		want = append(want, "priority."+p)
	}
	for _, a := range append(slices.Clone(roles), "community", "sender", "report") {
		want = append(want, "footer.why."+a)
	}
	for _, a := range []string{RoleLead, RoleCo, RoleAssigner, RoleHead} {
		want = append(want, "reply.note."+a)
	}
	for _, a := range roles {
		want = append(want, "ladder.todo."+a)
	}
	for _, s := range steps {
		want = append(want, "step."+s)
	}
	for _, lang := range Langs() {
		for _, k := range want {
			if _, ok := std.catalogs[lang][k]; !ok {
				t.Errorf("%s lacks %q", lang, catalogPrefix+k)
			}
		}
	}
}

// TestTemplatesPerKind: every kind has its template pair, and every
// template file belongs to a kind, to the shared layout or to the report
// (RenderReport, which is not a kind).
func TestTemplatesPerKind(t *testing.T) {
	files, err := fs.Glob(templateFiles, "templates/*.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Kinds() {
		for _, ext := range []string{".txt.tmpl", ".html.tmpl"} {
			if !slices.Contains(files, "templates/"+string(k)+ext) {
				t.Errorf("kind %s has no %s%s", k, k, ext)
			}
		}
	}
	shared := []string{"layout", "partials", reportTemplate}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".tmpl"), ".txt")
		name = strings.TrimSuffix(name, ".html")
		if !Kind(name).Valid() && !slices.Contains(shared, name) {
			t.Errorf("%s belongs to no kind", f)
		}
	}
}

func TestKindsValid(t *testing.T) {
	for _, k := range Kinds() {
		if !k.Valid() {
			t.Errorf("%s not valid", k)
		}
	}
	if Kind("task_unknown").Valid() {
		t.Error("task_unknown valid")
	}
}
