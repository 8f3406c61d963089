package mail

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"xietong/domain"
)

// Shaped renders notices as Render does, byte for byte
// (TestShapedRendersAsRender), rendering the templates once per shape
// rather than once per message.
//
// Two notices have the same shape when they differ only in their values:
// the names and titles, the ids, the link, the co-organisers, the lines of
// the note, the deadline and the working days left, each of which the
// templates only print or test for being there. Everything else — kind,
// language, role, status, step, which values are there, how many
// co-organisers and note lines, the deadline's weekday, and the working
// days left where the mail tells them apart (overdue by one, due today,
// due soon) — is the shape. The second time Shaped meets a shape it
// renders it from a probe notice whose values are placeholders and cuts
// the render at the placeholders; from then on each message of the shape
// is the cut pieces with its own values put in, escaped for HTML in the
// HTML part. A shape met only once costs one render, as before.
//
// Two checks keep that byte for byte. A cut is trusted only if a second
// probe, with other values (of another length, with characters HTML
// escapes differently in each context, and Chinese text), comes out as the
// pieces with the second probe's values put in: a template that formats,
// cuts or measures a value, or puts it in a URL or a script, fails it. And
// NewRenderer reads each kind's templates and the mail texts (usesValues):
// a kind that compares a value, which no pair of probes would show, has
// its mail rendered whole every time.
//
// The renderer keeps at most maxShapes shapes, starting afresh when full;
// Shaped is safe for concurrent use.
type Shaped struct{ r *Renderer }

// Shaped returns the renderer's shape-sharing form.
func (r *Renderer) Shaped() Shaped { return Shaped{r} }

// maxShapes bounds the shapes kept. A kind's task mail has some dozens of
// shapes (the role, the status, the deadline's weekday and side, how many
// co-organisers); a shape holds its pieces' headers, and each distinct
// piece is kept once (shapeCache), so a full cache is a few hundred
// kilobytes.
const maxShapes = 1024

// shapeCache is a renderer's cache of cut shapes, and of the keys met once.
// The shapes' pieces are kept once each (lits): the shapes of a kind differ
// in a few words, so most of their pieces (the layout, the card's rows)
// are the same text, and 194 shapes of two kinds held 1.5 MB of pieces of
// which 35 KB differed.
type shapeCache struct {
	mu   sync.Mutex
	cut  map[string]*shape
	seen map[string]bool
	lits map[string]string
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
	noValue      valueKind = iota // the slot is empty in this shape
	textValue                     // a name, title or note line: escaped as HTML text
	idValue                       // a record's id: its digits
	linkValue                     // the link: limited to characters every HTML context writes alike
	dateValue                     // the deadline, a date: as written (its weekday is the shape's)
	daysValue                     // the working days left, when more than the templates tell apart
	overdueValue                  // the working days overdue, beside daysValue for a task late by more than one
)

// values is a notice split into its values and its shape.
type values struct {
	vals    []string
	kinds   []valueKind
	shape   domain.Notice // the notice with each value replaced by whether it is there
	weekday time.Weekday  // the deadline's, when it is a dateValue
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
	slotNewDueDate
	slotTaskID
	slotHotspotID
	slotApplicationID
	slotLink
	slotDueDate
	slotDays
	slotOverdue
	fixedSlots
)

// placeholderOpen and placeholderClose enclose a text placeholder.
const placeholderOpen, placeholderClose = "\uE000", "\uE001"

// present marks a value that is there in a shape's notice.
const present = "\x01"

// The working days left are a value only beyond the numbers the templates
// tell apart (overdue by one, due today, due soon within
// dueSoonWorkingDays); a shape's notice marks which side with ±manyDays.
const (
	fewestDays = -1
	manyDays   = 1 << 20
)

// split splits n, normalized as newView normalizes it, into its values and
// its shape. ok is false for a notice Shaped leaves to Render: one with a
// placeholder's characters in a value, or a link with characters that HTML
// would write differently in an attribute than in text.
func split(n domain.Notice) (v values, ok bool) {
	v.vals = make([]string, fixedSlots, fixedSlots+len(n.CoOrgs)+4)
	v.kinds = make([]valueKind, fixedSlots, cap(v.vals))
	s := n
	line := func(slot int, val string, dst *string) bool {
		if strings.ContainsAny(val, placeholderOpen+placeholderClose) {
			return false
		}
		v.vals[slot], *dst = val, ""
		if val != "" {
			v.kinds[slot], *dst = textValue, present
		}
		return true
	}
	text := func(slot int, src string, dst *string) bool { return line(slot, oneLine(src), dst) }
	strs, ids := fields(&s)
	for slot := range slotTaskID { // the names and titles
		if !text(slot, *strs[slot], strs[slot]) {
			return v, false
		}
	}
	for slot, id := range ids {
		if id != nil && *id != 0 {
			v.vals[slot], v.kinds[slot], *id = strconv.FormatInt(*id, 10), idValue, 1
		}
	}
	link := validLink(n.Link)
	if strings.Trim(link, linkSafe) != "" {
		return v, false
	}
	v.vals[slotLink], s.Link = link, mark(link)
	if link != "" {
		v.kinds[slotLink] = linkValue
	}
	// The deadline is a date whose weekday the mail names; anything else
	// in its place is text.
	due := oneLine(n.DueDate)
	if d, err := time.Parse(time.DateOnly, due); err == nil {
		v.vals[slotDueDate], v.kinds[slotDueDate], v.weekday = due, dateValue, d.Weekday()
		s.DueDate = "date " + strconv.Itoa(int(v.weekday))
	} else if !text(slotDueDate, due, &s.DueDate) {
		return v, false
	}
	switch days := n.WorkingDaysLeft; {
	case days > dueSoonWorkingDays:
		v.vals[slotDays], v.kinds[slotDays], s.WorkingDaysLeft = strconv.Itoa(days), daysValue, manyDays
	case days < fewestDays:
		v.vals[slotDays], v.kinds[slotDays], s.WorkingDaysLeft = strconv.Itoa(days), daysValue, -manyDays
		v.vals[slotOverdue], v.kinds[slotOverdue] = strconv.Itoa(-days), overdueValue
	}
	s.CoOrgs = nil
	for _, c := range n.CoOrgs {
		v.vals, v.kinds, s.CoOrgs = append(v.vals, ""), append(v.kinds, noValue), append(s.CoOrgs, "")
		if !text(len(v.vals)-1, c, &s.CoOrgs[len(s.CoOrgs)-1]) {
			return v, false
		}
	}
	lines := noteLines(normalizeNote(n.Note))
	marks := make([]string, len(lines))
	for i, l := range lines {
		v.vals, v.kinds = append(v.vals, ""), append(v.kinds, noValue)
		if !line(len(v.vals)-1, l, &marks[i]) { // quoted as written, not folded
			return v, false
		}
	}
	s.Note = strings.Join(marks, "\n")
	v.shape = s
	return v, true
}

// fields are the text values of p (the names and titles before slotTaskID,
// then the link and the deadline) and its ids, by slot.
func fields(p *domain.Notice) (strs [fixedSlots]*string, ids [fixedSlots]*int64) {
	strs = [fixedSlots]*string{slotTaskTitle: &p.TaskTitle, slotLeadOrg: &p.LeadOrg, slotCommunity: &p.Community,
		slotActor: &p.Actor, slotActorOrg: &p.ActorOrg, slotRecipientName: &p.RecipientName,
		slotHotspotTitle: &p.HotspotTitle, slotNewDueDate: &p.NewDueDate, slotLink: &p.Link, slotDueDate: &p.DueDate}
	ids = [fixedSlots]*int64{slotTaskID: &p.TaskID, slotHotspotID: &p.HotspotID, slotApplicationID: &p.ApplicationID}
	return strs, ids
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

// probe returns the shape's notice with each value it has set to
// val(slot).
func probe(v values, val func(slot int) string) domain.Notice {
	p := v.shape
	p.CoOrgs = slices.Clone(p.CoOrgs)
	lines := strings.Split(p.Note, "\n")
	strs, ids := fields(&p)
	for slot, k := range v.kinds {
		if k == noValue {
			continue
		}
		x := val(slot)
		if slot < fixedSlots && strs[slot] != nil {
			*strs[slot] = x
			continue
		}
		if slot < fixedSlots && ids[slot] != nil {
			*ids[slot], _ = strconv.ParseInt(x, 10, 64)
			continue
		}
		switch slot {
		case slotDays:
			p.WorkingDaysLeft, _ = strconv.Atoi(x)
		case slotOverdue: // follows from the days left
		default:
			if i := slot - fixedSlots; i < len(p.CoOrgs) {
				p.CoOrgs[i] = x
			} else {
				lines[i-len(p.CoOrgs)] = x
			}
		}
	}
	p.Note = strings.Join(lines, "\n")
	return p
}

// manyDaysMark is the first probe's number of working days left or
// overdue: eight digits that no render holds by chance.
const manyDaysMark = 76_543_219

// placeholder is the first probe's value of slot: a text value is a word
// between two private-use characters, which neither HTML escaping nor
// Render's tidying changes; an id is a 19-digit number and a number of
// days an 8-digit one that no render holds by chance; the link is an
// address in a domain reserved for examples; the deadline is a day in
// 2999 of the deadline's weekday.
func (v values) placeholder(slot int) string {
	switch v.kinds[slot] {
	case idValue:
		return strconv.FormatInt(8_123_456_789_012_345_000+int64(slot), 10)
	case linkValue:
		return "https://shape.invalid/p" + strconv.Itoa(slot)
	case dateValue:
		return dayOfWeek(2999, time.January, v.weekday)
	case daysValue:
		if v.shape.WorkingDaysLeft < 0 {
			return strconv.Itoa(-manyDaysMark)
		}
		return strconv.Itoa(manyDaysMark)
	case overdueValue:
		return strconv.Itoa(manyDaysMark)
	}
	return placeholderOpen + "v" + strconv.Itoa(slot) + placeholderClose
}

// other is the second probe's value of slot: of another length than the
// placeholder; text with characters each HTML context escapes differently
// and Chinese text, which a URL would percent-encode; another deadline of
// the same weekday, another number of days on the same side.
func (v values) other(slot int) string {
	switch v.kinds[slot] {
	case idValue:
		return strconv.Itoa(slot + 1)
	case linkValue:
		return "https://b.invalid/a-b_c.d~e/f?g=1&h=%20#i" + strconv.Itoa(slot)
	case dateValue:
		return dayOfWeek(2888, time.November, v.weekday)
	case daysValue:
		if v.shape.WorkingDaysLeft < 0 {
			return "-47"
		}
		return "47"
	case overdueValue:
		return "47"
	}
	return `<b>"值'&+` + strconv.Itoa(slot) + ` 名</b>`
}

// dayOfWeek is the first day of month in year that falls on weekday, as
// YYYY-MM-DD.
func dayOfWeek(year int, month time.Month, weekday time.Weekday) string {
	d := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, (int(weekday)-int(d.Weekday())+7)%7).Format(time.DateOnly)
}

// Render renders notice n of kind in lang, as Renderer.Render does.
func (s Shaped) Render(kind, lang string, n domain.Notice) (Rendered, error) {
	r := s.r
	v, ok := split(n)
	if !ok || r.computes[kind] != nil {
		return r.Render(kind, lang, n)
	}
	lang = NormalizeLang(lang)
	sh, err := r.shapes.get(v.key(kind, lang), func() (*shape, error) { return r.cutShape(kind, lang, v) })
	if err != nil || sh == nil || !sh.ok {
		return r.Render(kind, lang, n)
	}
	return Rendered{Subject: fill(sh.subject, v, false), Text: fill(sh.text, v, false), HTML: fill(sh.html, v, true)}, nil
}

// key is what the shape of v's message of kind in lang is filed under.
func (v values) key(kind, lang string) string {
	return kind + "\x00" + lang + "\x00" + string(v.shape.Encode())
}

// get returns key's shape: nil the first time key is met, cut the second.
func (c *shapeCache) get(key string, cut func() (*shape, error)) (*shape, error) {
	c.mu.Lock()
	sh, done := c.cut[key]
	seen := c.seen[key]
	if !done && !seen {
		if len(c.seen) >= maxShapes {
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
		clear(c.lits)
	}
	for _, ps := range [][]piece{sh.subject, sh.text, sh.html} {
		for i, p := range ps {
			lit, ok := c.lits[p.lit]
			if !ok { // a copy, so that the render it was cut from can go
				lit = strings.Clone(p.lit)
				c.lits[lit] = lit
			}
			ps[i].lit = lit
		}
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
	a, err := r.Render(kind, lang, probe(v, v.placeholder))
	if err != nil {
		return nil, err
	}
	b, err := r.Render(kind, lang, probe(v, v.other))
	if err != nil {
		return nil, err
	}
	marks := make([]string, len(v.vals))
	others := values{vals: make([]string, len(v.vals)), kinds: v.kinds}
	for i, k := range v.kinds {
		if k != noValue {
			marks[i], others.vals[i] = v.placeholder(i), v.other(i)
		}
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
			if m == "" {
				continue
			}
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
		if k := v.kinds[p.slot]; html && (k == textValue || k == linkValue) {
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
