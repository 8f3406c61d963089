package mail

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"xietong/domain"
)

// Shaped renders notices as Render does, byte for byte
// (TestShapedRendersAsRender), rendering the templates once per shape
// rather than once per message.
//
// Two notices have the same shape when they differ only in their values:
// the names and titles, the ids, the link, the co-organisers and the lines
// of the note, each of which the templates only print or test for being
// there. Everything else — kind, language, role, status, deadline, step,
// which values are there, how many co-organisers and note lines — is the
// shape. Shaped renders a shape from a probe notice whose values are
// placeholders, cuts the render at the placeholders, and afterwards writes
// each message as the cut pieces with that message's own values put in,
// escaped for HTML in the HTML part.
//
// A shape is trusted only after a second probe, with other values (longer
// or shorter, with characters HTML escapes and Chinese text), comes out as
// the first probe's pieces with the second probe's values put in. A
// template that did anything with a value but print it as text — format
// it, cut it, compare it, put it in a URL — fails that check, and its
// shape is rendered by Render every time. A shape is cut only when it is
// met a second time, so a message whose shape is met once costs one
// render, as before.
//
// The renderer keeps at most maxShapes shapes, starting afresh when full;
// Shaped is safe for concurrent use.
type Shaped struct{ r *Renderer }

// Shaped returns the renderer's shape-sharing form.
func (r *Renderer) Shaped() Shaped { return Shaped{r} }

// maxShapes bounds the shapes kept: one is a render's pieces, about the
// size of one message (12 KB), so a full cache holds a few megabytes. A
// day's task mail has a few dozen shapes per kind (the role, the deadline,
// how many co-organisers).
const maxShapes = 256

// shapeCache is a renderer's cache of cut shapes, and of the keys met once.
type shapeCache struct {
	mu   sync.Mutex
	cut  map[string]*shape
	seen map[string]bool
}

// shape is one shape's render, cut at its values: ok is false when the
// second probe showed the templates do more with a value than print it.
type shape struct {
	ok                  bool
	subject, text, html []piece
}

// piece is literal text followed by value slot, or by nothing when slot
// is -1.
type piece struct {
	lit  string
	slot int
}

// valueKind is how a value is put into a render.
type valueKind uint8

const (
	textValue valueKind = iota // a name, title or note line: escaped as HTML text
	idValue                    // a record's id: its digits
	linkValue                  // the link: limited to characters every HTML context writes alike
)

// values is a notice split into its values and its shape.
type values struct {
	vals  []string
	kinds []valueKind
	shape domain.Notice // the notice with each value replaced by whether it is there
}

// Values in fixed slots, before the co-organisers and the note's lines.
const (
	slotTaskTitle = iota
	slotLeadOrg
	slotCommunity
	slotActor
	slotActorOrg
	slotRecipientName
	slotHotspotTitle
	slotTaskID
	slotHotspotID
	slotApplicationID
	slotLink
	fixedSlots
)

// placeholderOpen and placeholderClose enclose a text placeholder.
const placeholderOpen, placeholderClose = "\uE000", "\uE001"

// present marks a value that is there in a shape's notice.
const present = "\x01"

// split splits n, normalized as newView normalizes it, into its values and
// its shape. ok is false for a notice Shaped leaves to Render: one with a
// placeholder's characters in a value, or a link with characters that HTML
// would write differently in an attribute than in text.
func split(n domain.Notice) (v values, ok bool) {
	v.vals = make([]string, fixedSlots, fixedSlots+len(n.CoOrgs)+4)
	v.kinds = make([]valueKind, fixedSlots, cap(v.vals))
	s := n
	texts := []struct {
		slot int
		src  string
		dst  *string
	}{
		{slotTaskTitle, n.TaskTitle, &s.TaskTitle}, {slotLeadOrg, n.LeadOrg, &s.LeadOrg},
		{slotCommunity, n.Community, &s.Community}, {slotActor, n.Actor, &s.Actor},
		{slotActorOrg, n.ActorOrg, &s.ActorOrg}, {slotRecipientName, n.RecipientName, &s.RecipientName},
		{slotHotspotTitle, n.HotspotTitle, &s.HotspotTitle},
	}
	for _, t := range texts {
		val := oneLine(t.src)
		if strings.ContainsAny(val, placeholderOpen+placeholderClose) {
			return v, false
		}
		v.vals[t.slot], v.kinds[t.slot] = val, textValue
		*t.dst = mark(val)
	}
	ids := []struct {
		slot int
		src  int64
		dst  *int64
	}{{slotTaskID, n.TaskID, &s.TaskID}, {slotHotspotID, n.HotspotID, &s.HotspotID}, {slotApplicationID, n.ApplicationID, &s.ApplicationID}}
	for _, id := range ids {
		v.kinds[id.slot] = idValue
		*id.dst = 0
		if id.src != 0 {
			v.vals[id.slot] = strconv.FormatInt(id.src, 10)
			*id.dst = 1
		}
	}
	link := validLink(n.Link)
	if strings.Trim(link, linkSafe) != "" {
		return v, false
	}
	v.vals[slotLink], v.kinds[slotLink], s.Link = link, linkValue, mark(link)
	s.CoOrgs = nil
	for _, c := range n.CoOrgs {
		val := oneLine(c)
		if strings.ContainsAny(val, placeholderOpen+placeholderClose) {
			return v, false
		}
		v.vals, v.kinds = append(v.vals, val), append(v.kinds, textValue)
		s.CoOrgs = append(s.CoOrgs, mark(val))
	}
	lines := noteLines(normalizeNote(n.Note))
	marks := make([]string, len(lines))
	for i, l := range lines {
		if strings.ContainsAny(l, placeholderOpen+placeholderClose) {
			return v, false
		}
		v.vals, v.kinds = append(v.vals, l), append(v.kinds, textValue)
		marks[i] = mark(l)
	}
	s.Note = strings.Join(marks, "\n")
	v.shape = s
	return v, true
}

// mark is what a value is in a shape's notice: there or not.
func mark(val string) string {
	if val == "" {
		return ""
	}
	return present
}

// linkSafe are the characters a link Shaped puts in may hold: ones that
// html/template writes the same in an href (URL-normalized, then
// attribute-escaped) as in text, which covers the links the server makes.
const linkSafe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#=%&"

// probe returns the shape's notice with value slot i set to val(i, kind)
// wherever the shape has a value.
func probe(v values, val func(i int, k valueKind) string) domain.Notice {
	p := v.shape
	put := func(slot int, dst *string) {
		if *dst != "" {
			*dst = val(slot, v.kinds[slot])
		}
	}
	put(slotTaskTitle, &p.TaskTitle)
	put(slotLeadOrg, &p.LeadOrg)
	put(slotCommunity, &p.Community)
	put(slotActor, &p.Actor)
	put(slotActorOrg, &p.ActorOrg)
	put(slotRecipientName, &p.RecipientName)
	put(slotHotspotTitle, &p.HotspotTitle)
	put(slotLink, &p.Link)
	for slot, dst := range map[int]*int64{slotTaskID: &p.TaskID, slotHotspotID: &p.HotspotID, slotApplicationID: &p.ApplicationID} {
		if *dst != 0 {
			*dst, _ = strconv.ParseInt(val(slot, idValue), 10, 64)
		}
	}
	p.CoOrgs = slices.Clone(p.CoOrgs)
	for i := range p.CoOrgs {
		put(fixedSlots+i, &p.CoOrgs[i])
	}
	if p.Note != "" {
		lines := strings.Split(p.Note, "\n")
		for i := range lines {
			put(fixedSlots+len(p.CoOrgs)+i, &lines[i])
		}
		p.Note = strings.Join(lines, "\n")
	}
	return p
}

// placeholder is the first probe's value of slot i: a text value is a
// word between two private-use characters, which neither HTML escaping nor
// Render's tidying changes; an id is a 19-digit number that no render
// holds by chance; the link is an address in a domain reserved for
// examples.
func placeholder(i int, k valueKind) string {
	switch k {
	case idValue:
		return strconv.FormatInt(8_123_456_789_012_345_000+int64(i), 10)
	case linkValue:
		return "https://shape.invalid/p" + strconv.Itoa(i)
	}
	return placeholderOpen + "v" + strconv.Itoa(i) + placeholderClose
}

// other is the second probe's value of slot i: of another length than the
// placeholder, with characters each HTML context escapes differently and
// Chinese text, which a URL would percent-encode.
func other(i int, k valueKind) string {
	switch k {
	case idValue:
		return strconv.Itoa(i + 1)
	case linkValue:
		return "https://b.invalid/a-b_c.d~e/f?g=1&h=%20#i" + strconv.Itoa(i)
	}
	return `<b>"值'&+` + strconv.Itoa(i) + ` 名</b>`
}

// Render renders notice n of kind in lang, as Renderer.Render does.
func (s Shaped) Render(kind, lang string, n domain.Notice) (Rendered, error) {
	r := s.r
	v, ok := split(n)
	if !ok || r.computes[kind] != nil {
		return r.Render(kind, lang, n)
	}
	lang = NormalizeLang(lang)
	key := kind + "\x00" + lang + "\x00" + string(v.shape.Encode())
	sh, err := r.shapes.get(key, func() (*shape, error) { return r.cutShape(kind, lang, v) })
	if err != nil || sh == nil || !sh.ok {
		return r.Render(kind, lang, n)
	}
	return Rendered{Subject: fill(sh.subject, v, false), Text: fill(sh.text, v, false), HTML: fill(sh.html, v, true)}, nil
}

// get returns key's shape: nil the first time key is met, cut the second.
func (c *shapeCache) get(key string, cut func() (*shape, error)) (*shape, error) {
	c.mu.Lock()
	sh, done := c.cut[key]
	seen := c.seen[key]
	if !done && !seen {
		if len(c.seen) >= 4*maxShapes {
			clear(c.seen)
		}
		c.seen[key] = true
	}
	c.mu.Unlock()
	if done || !seen {
		return sh, nil
	}
	sh, err := cut()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.cut) >= maxShapes {
		clear(c.cut)
	}
	c.cut[key] = sh
	delete(c.seen, key)
	c.mu.Unlock()
	return sh, nil
}

// cutShape renders v's shape with placeholders and with other values, and
// cuts the first render at its placeholders; the shape is ok when the cut
// with the other values put in is the second render.
func (r *Renderer) cutShape(kind, lang string, v values) (*shape, error) {
	a, err := r.Render(kind, lang, probe(v, placeholder))
	if err != nil {
		return nil, err
	}
	b, err := r.Render(kind, lang, probe(v, other))
	if err != nil {
		return nil, err
	}
	marks := make([]string, len(v.vals))
	others := values{vals: make([]string, len(v.vals)), kinds: v.kinds}
	for i, k := range v.kinds {
		marks[i], others.vals[i] = placeholder(i, k), other(i, k)
	}
	sh := &shape{subject: cut(a.Subject, marks), text: cut(a.Text, marks), html: cut(a.HTML, marks)}
	sh.ok = fill(sh.subject, others, false) == b.Subject && fill(sh.text, others, false) == b.Text &&
		fill(sh.html, others, true) == b.HTML
	return sh, nil
}

// cut splits s at every occurrence of the marks.
func cut(s string, marks []string) []piece {
	var out []piece
	for {
		at, slot := -1, -1
		for i, m := range marks {
			if j := strings.Index(s, m); j >= 0 && (at < 0 || j < at) {
				at, slot = j, i
			}
		}
		if at < 0 {
			return append(out, piece{lit: s, slot: -1})
		}
		out = append(out, piece{lit: s[:at], slot: slot})
		s = s[at+len(marks[slot]):]
	}
}

// fill writes pieces with v's values put in, escaped as HTML text in html.
func fill(pieces []piece, v values, html bool) string {
	n := 0
	for _, p := range pieces {
		n += len(p.lit)
		if p.slot >= 0 {
			n += len(v.vals[p.slot]) + 8
		}
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range pieces {
		b.WriteString(p.lit)
		if p.slot < 0 {
			continue
		}
		if html && v.kinds[p.slot] != idValue {
			htmlTextEscaper.WriteString(&b, v.vals[p.slot])
		} else {
			b.WriteString(v.vals[p.slot])
		}
	}
	return b.String()
}

// htmlTextEscaper escapes a string as html/template escapes one printed
// in text or in a quoted attribute (TestHTMLTextEscaper compares the two).
var htmlTextEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;",
	"+", "&#43;", "<", "&lt;", ">", "&gt;")

// validLink is link when it is an absolute http or https address, else "".
func validLink(link string) string {
	if u, err := url.Parse(link); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return link
}

// normalizeNote is the note as newView keeps it: line ends as "\n", blank
// space at either end trimmed.
func normalizeNote(note string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(note, "\r\n", "\n"), "\r", "\n"))
}

// noteLines splits a normalized note into the lines the templates quote.
func noteLines(note string) []string {
	if note == "" {
		return nil
	}
	lines := strings.Split(note, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return lines
}
