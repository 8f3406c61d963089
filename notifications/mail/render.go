package mail

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"strings"
	"sync"
	texttemplate "text/template"
	tparse "text/template/parse"

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
	shapes    *shapeCache              // the shapes Shaped has cut
	// computes says, by mail kind, why Shaped renders the kind's mail by
	// Render (its templates compute with a value: usesValues); nil: it
	// shares shapes.
	computes map[string]error
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
	r := &Renderer{catalogs: cats, templates: map[string]kindTemplates{},
		shapes: &shapeCache{cut: map[string]*shape{}, seen: map[string]bool{}, lits: map[string]string{}}}
	r.computes = map[string]error{}
	messages := messagesUseValues(cats) // the same texts for every kind
	for _, k := range domain.MailKinds() {
		if r.templates[k], err = parsePair(fsys, k); err != nil {
			return nil, err
		}
		// Read before the first execution, which adds html/template's
		// escapers to the trees.
		kt := r.templates[k]
		textTrees := namedTrees(kt.text.Templates(), func(t *texttemplate.Template) *tparse.Tree { return t.Tree })
		htmlTrees := namedTrees(kt.html.Templates(), func(t *htmltemplate.Template) *tparse.Tree { return t.Tree })
		if err := messages; err != nil {
			r.computes[k] = err
		} else if err := usesValues(textTrees); err != nil {
			r.computes[k] = fmt.Errorf("text: %w", err)
		} else if err := usesValues(htmlTrees); err != nil {
			r.computes[k] = fmt.Errorf("html: %w", err)
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
	text, html := getBuffer(), getBuffer()
	defer putBuffer(text)
	defer putBuffer(html)
	if err := kt.text.ExecuteTemplate(text, "layout", v); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s text: %w", kind, err)
	}
	if err := kt.html.ExecuteTemplate(html, "layout", v); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s html: %w", kind, err)
	}
	return Rendered{Subject: v.Subject, Text: tidyText(text.Bytes()), HTML: tidyHTML(html.Bytes())}, nil
}

// buffers keeps the buffers renders write into: a mail's HTML is about
// 10 KB, and growing a fresh buffer to that for every message was a third
// of what rendering allocated.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

// putBuffer returns b to the pool, unless an unusually large render grew it.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return
	}
	b.Reset()
	buffers.Put(b)
}

// tidyText lets the text templates stay readable: trailing spaces and tabs
// go, blank lines before the first line and after the last go, a run of
// blank lines between two lines shrinks to one, and the text ends with one
// newline. It reads s once and allocates only its result.
func tidyText(s []byte) string {
	var b strings.Builder
	b.Grow(len(s) + 1)
	blank := false // a blank line since the last one written
	for line := range bytes.Lines(s) {
		line = bytes.TrimRight(bytes.TrimSuffix(line, []byte("\n")), " \t")
		switch {
		case len(line) == 0:
			blank = b.Len() > 0
			continue
		case blank:
			b.WriteString("\n\n")
		case b.Len() > 0:
			b.WriteByte('\n')
		}
		blank = false
		b.Write(line)
	}
	b.WriteByte('\n')
	return b.String()
}

// tidyHTML drops the blank lines the templates leave, and trailing spaces
// and tabs; HTML collapses whitespace anyway (the note's line breaks are
// <br>s). The result ends with one newline.
func tidyHTML(s []byte) string {
	var b strings.Builder
	b.Grow(len(s) + 1)
	for line := range bytes.Lines(s) {
		line = bytes.TrimRight(bytes.TrimSuffix(line, []byte("\n")), " \t")
		if len(line) > 0 {
			b.Write(line)
			b.WriteByte('\n')
		}
	}
	if b.Len() == 0 {
		b.WriteByte('\n')
	}
	return b.String()
}

// oneLine folds s's whitespace, newlines included, to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
