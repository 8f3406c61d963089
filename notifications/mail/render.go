package mail

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"regexp"
	"strings"
	texttemplate "text/template"

	"xietong/domain"
	"xietong/notifications/i18n"
)

//go:embed templates
var templateFiles embed.FS

// ErrUnknownKind is returned by Render for a kind it has no templates for.
var ErrUnknownKind = errors.New("mail: unknown kind")

// Rendered is a notification's content in one language.
type Rendered struct {
	Subject string // one line, without the "Re:" of a reply
	Text    string // the text/plain part, "\n" line ends
	HTML    string // the text/html part: a whole document, inline styles only
}

// kindTemplates is one kind's parsed template pair, each with the shared
// layout and partials. Execution starts at "layout".
type kindTemplates struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// Renderer renders notifications from the embedded templates and catalogs.
// NewRenderer parses them all, so a template that does not parse stops the
// start with an error; afterwards a Renderer is only read, and is safe for
// concurrent use.
type Renderer struct {
	catalogs  map[string]catalog
	templates map[string]kindTemplates // by mail kind (domain.MailKinds)
	report    kindTemplates            // the supervision report (RenderReport)
}

// NewRenderer parses the embedded templates and compiles the mail. texts
// of the catalogue c.
func NewRenderer(c *i18n.Catalogue) (*Renderer, error) {
	r, err := newRenderer(templateFiles, c)
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	return r, nil
}

func newRenderer(fsys fs.FS, c *i18n.Catalogue) (*Renderer, error) {
	cats, err := loadCatalogs(c)
	if err != nil {
		return nil, err
	}
	r := &Renderer{catalogs: cats, templates: map[string]kindTemplates{}}
	for _, k := range domain.MailKinds() {
		if r.templates[k], err = parsePair(fsys, k); err != nil {
			return nil, err
		}
	}
	if r.report, err = parsePair(fsys, reportTemplate); err != nil {
		return nil, err
	}
	return r, nil
}

// reportTemplate names the report's templates: report.txt.tmpl and
// report.html.tmpl, with the named templates of their sections in
// report_*.txt.tmpl and report_*.html.tmpl.
const reportTemplate = "report*"

// parsePair parses the template pair NAME.txt.tmpl and NAME.html.tmpl,
// each with the shared layout and partials.
func parsePair(fsys fs.FS, name string) (kindTemplates, error) {
	var kt kindTemplates
	var err error
	files := func(ext string) []string {
		return []string{"templates/layout." + ext, "templates/partials." + ext, "templates/" + name + "." + ext}
	}
	kt.text, err = texttemplate.New(name).ParseFS(fsys, files("txt.tmpl")...)
	if err != nil {
		return kt, err
	}
	kt.html, err = htmltemplate.New(name).ParseFS(fsys, files("html.tmpl")...)
	return kt, err
}

// Render produces the subject, plain text and HTML of a notification of
// kind (one of domain.MailKinds) in lang (see NormalizeLang) from notice n.
// Task mail's subject starts with the task tag ("[督办#42]", "[Task #42]")
// that the inbound side falls back on to find the task; hot-spot mail's
// with the hot-spot tag. It returns ErrUnknownKind for a kind without
// templates.
func (r *Renderer) Render(kind, lang string, n domain.Notice) (Rendered, error) {
	kt, ok := r.templates[kind]
	if !ok {
		return Rendered{}, fmt.Errorf("%w: %q", ErrUnknownKind, kind)
	}
	lang = NormalizeLang(lang)
	v := newView(kind, lang, n, r.catalogs[lang])
	subject, err := v.T(kind + ".subject")
	if err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s subject: %w", kind, err)
	}
	tag, err := v.Tag()
	if err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s subject: %w", kind, err)
	}
	if tag != "" {
		subject = tag + " " + subject
	}
	v.Subject = oneLine(subject)
	var text, html bytes.Buffer
	if err := kt.text.ExecuteTemplate(&text, "layout", v); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s text: %w", kind, err)
	}
	if err := kt.html.ExecuteTemplate(&html, "layout", v); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s html: %w", kind, err)
	}
	return Rendered{Subject: v.Subject, Text: tidyText(text.String()), HTML: tidyHTML(html.String())}, nil
}

var blankLines = regexp.MustCompile(`\n{3,}`)

// tidyText lets the text templates stay readable: trailing spaces go,
// runs of blank lines shrink to one, and the text ends with one newline.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	s = blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
	return strings.Trim(s, "\n") + "\n"
}

// tidyHTML drops the blank lines the templates leave; HTML collapses
// whitespace anyway (the note's line breaks are <br>s).
func tidyHTML(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimRight(l, " \t"); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n") + "\n"
}

// oneLine folds s's whitespace, newlines included, to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
