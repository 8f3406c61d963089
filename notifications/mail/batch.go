package mail

import (
	htmltemplate "html/template"
	"strings"

	"xietong/domain"
)

// Batch renders the notices of one batch of mail. The messages a change
// queues differ, for recipients of one role and language, only in the name
// they greet: Batch renders each such group once, with a placeholder for the
// name, and gives every recipient that render with their own name put in,
// byte for byte what Render gives them (TestBatchRendersAsRender). A task's
// mail goes to every active user of each organisation concerned, so a
// change usually reaches several recipients of one role.
//
// A Batch holds what it rendered until it is dropped; it is not safe for
// concurrent use. The relay makes one for each batch it claims.
type Batch struct {
	r    *Renderer
	done map[string]shared
}

// shared is one group's render, ok when the name appears where Batch puts
// it in: in the text and the HTML, not in the subject.
type shared struct {
	r  Rendered
	ok bool
}

// Batch returns an empty batch rendering through r.
func (r *Renderer) Batch() *Batch { return &Batch{r: r, done: map[string]shared{}} }

// namePlaceholder stands for the recipient's name in a group's render: a
// word between two private-use characters, which neither the HTML escaping
// nor Render's tidying changes. A name holding either character is rendered
// on its own.
const (
	placeholderOpen, placeholderClose = "\uE000", "\uE001"
	namePlaceholder                   = placeholderOpen + "recipient" + placeholderClose
)

// Render renders notice n of kind in lang, as Renderer.Render does.
func (b *Batch) Render(kind, lang string, n domain.Notice) (Rendered, error) {
	name := oneLine(n.RecipientName)
	if name == "" || strings.ContainsAny(name, placeholderOpen+placeholderClose) {
		return b.r.Render(kind, lang, n) // no name, another greeting
	}
	group := n
	group.RecipientName = namePlaceholder
	key := kind + "\x00" + NormalizeLang(lang) + "\x00" + string(group.Encode())
	s, seen := b.done[key]
	if !seen {
		r, err := b.r.Render(kind, lang, group)
		if err != nil {
			return Rendered{}, err
		}
		s = shared{r: r, ok: !strings.Contains(r.Subject, namePlaceholder) &&
			strings.Contains(r.Text, namePlaceholder) && strings.Contains(r.HTML, namePlaceholder)}
		b.done[key] = s
	}
	if !s.ok {
		return b.r.Render(kind, lang, n)
	}
	html, err := htmlText(name)
	if err != nil {
		return Rendered{}, err
	}
	return Rendered{Subject: s.r.Subject, Text: strings.ReplaceAll(s.r.Text, namePlaceholder, name),
		HTML: strings.ReplaceAll(s.r.HTML, namePlaceholder, html)}, nil
}

// textNode escapes a value as the HTML templates escape one in text.
var textNode = htmltemplate.Must(htmltemplate.New("text").Parse("{{.}}"))

// htmlText is s escaped by textNode.
func htmlText(s string) (string, error) {
	var b strings.Builder
	err := textNode.Execute(&b, s)
	return b.String(), err
}
