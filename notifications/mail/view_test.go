package mail

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"xietong/domain"
)

// TestViewHasTheNotice: every field of domain.Notice is a field of the view
// of the same type, and newView copies it (a field added to the notice and
// not to the view would render as nothing, or fail the template).
func TestViewHasTheNotice(t *testing.T) {
	var n domain.Notice
	nv := reflect.ValueOf(&n).Elem()
	vt := reflect.TypeFor[view]()
	for i := range nv.NumField() {
		f := nv.Type().Field(i)
		vf, ok := vt.FieldByName(f.Name)
		if !ok || vf.Type != f.Type || len(vf.Index) != 1 {
			t.Errorf("view lacks the notice's field %s %s as its own", f.Name, f.Type)
			continue
		}
		// A value newView keeps as it is: a one-line string, a number, a
		// flag, a list of one-line strings. Step and Link are normalised,
		// so they get values newView keeps.
		switch fv := nv.Field(i); fv.Kind() {
		case reflect.String:
			fv.SetString("v" + f.Name)
		case reflect.Int, reflect.Int64:
			fv.SetInt(int64(i + 1))
		case reflect.Bool:
			fv.SetBool(true)
		case reflect.Slice:
			fv.Set(reflect.ValueOf([]string{"v" + f.Name}))
		default:
			t.Fatalf("field %s: no test value for kind %s", f.Name, fv.Kind())
		}
	}
	n.Step, n.Link = string(domain.StepSupervise), "https://xietong.example.gov.cn/tasks/1"
	v := reflect.ValueOf(newView(domain.MailTaskNote, LangZH, n, nil)).Elem()
	for i := range nv.NumField() {
		name := nv.Type().Field(i).Name
		if got, want := v.FieldByName(name).Interface(), nv.Field(i).Interface(); !reflect.DeepEqual(got, want) {
			t.Errorf("newView: %s is %v, want %v", name, got, want)
		}
	}
}

// The tidy functions as first written, by splitting and joining; the
// single-pass ones must give the same.
var refBlankLines = regexp.MustCompile(`\n{3,}`)

func refTidyText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	s = refBlankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
	return strings.Trim(s, "\n") + "\n"
}

func refTidyHTML(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimRight(l, " \t"); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n") + "\n"
}

func tidyCases() []string {
	return []string{"", "\n", "\n\n\n", " \t", "a", "a\n", "a\n\nb", "a\n\n\nb", "a\n \n\t\nb \n", "\n\na\n\n",
		"  lead\n\n\n\n  x  \n\ty\n\n", "中文 \n\n\n\n中文\t\n", "a\r\n\r\nb", "\t\n a\n\n \n \n"}
}

func TestTidyMatchesReference(t *testing.T) {
	for _, s := range tidyCases() {
		if got, want := tidyText([]byte(s)), refTidyText(s); got != want {
			t.Errorf("tidyText(%q) = %q, want %q", s, got, want)
		}
		if got, want := tidyHTML([]byte(s)), refTidyHTML(s); got != want {
			t.Errorf("tidyHTML(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzTidy(f *testing.F) {
	for _, s := range tidyCases() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tidyText([]byte(s)), refTidyText(s); got != want {
			t.Errorf("tidyText(%q) = %q, want %q", s, got, want)
		}
		if got, want := tidyHTML([]byte(s)), refTidyHTML(s); got != want {
			t.Errorf("tidyHTML(%q) = %q, want %q", s, got, want)
		}
	})
}
