package inbound

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strconv"
	"strings"
)

// Limits that keep a hostile message from costing more than a normal one.
const (
	maxDepth = 8   // nested multiparts
	maxParts = 256 // MIME parts in one message
)

// body is the result of reading a message's MIME tree.
type body struct {
	text        string // body text; HTML parts converted, with quote marks
	attachments []Attachment
	report      bool // a multipart/report (bounce, read receipt) was seen
}

// textPart is one text body found in the tree. HTML is kept as HTML until
// chosen: most replies carry a plain alternative, and conversion is the
// costly step.
type textPart struct {
	text string // decoded text, or HTML when html is set
	html bool
}

// plain returns the part as text, converting HTML.
func (p textPart) plain() string {
	if p.html {
		return htmlToText(p.text)
	}
	return p.text
}

// walker walks one MIME tree.
type walker struct {
	parts       int
	attachments []Attachment
	html        strings.Builder // raw HTML of the bodies, to tell inline images
	report      bool
}

// readBody decodes the MIME tree under header h. Among alternatives it
// takes text/plain (what the sender's client wrote as text) and falls back
// to HTML; the text parts of a mixed message are joined in order; every
// other leaf is an attachment.
func readBody(h map[string][]string, data []byte) body {
	w := &walker{}
	parts := w.walk(textproto.MIMEHeader(h), data, 0)
	texts := make([]string, 0, len(parts))
	for _, p := range parts {
		texts = append(texts, p.plain())
	}
	html := w.html.String()
	for i := range w.attachments {
		a := &w.attachments[i]
		a.Inline = a.ContentID != "" && strings.Contains(html, "cid:"+a.ContentID)
	}
	return body{text: strings.Join(texts, "\n"), attachments: w.attachments, report: w.report}
}

// walk reads one part and returns the text bodies in it.
func (w *walker) walk(h textproto.MIMEHeader, data []byte, depth int) []textPart {
	w.parts++
	ct, params := mediaType(h.Get("Content-Type"))
	disp, dparams := mediaType(h.Get("Content-Disposition"))
	if !strings.Contains(ct, "/") {
		ct = "text/plain" // RFC 2045 default, and the best guess for a broken type
	}
	if strings.HasPrefix(ct, "multipart/") {
		if b := params["boundary"]; b != "" && depth < maxDepth {
			if ct == "multipart/report" {
				w.report = true
			}
			return w.multipart(ct, data, b, depth)
		}
		ct = "text/plain" // no boundary: show what is there
	}
	name := partFilename(dparams, params)
	content := decodeTransfer(h.Get("Content-Transfer-Encoding"), data)
	if (ct == "text/plain" || ct == "text/html") && name == "" && disp != "attachment" {
		text := decodeCharset(content, params["charset"])
		if ct == "text/html" {
			w.html.WriteString(text)
			return []textPart{{text: text, html: true}}
		}
		text = removeQuoteMarks(text) // only htmlToText may write them
		if strings.EqualFold(params["format"], "flowed") {
			text = unflow(text, strings.EqualFold(params["delsp"], "yes"))
		}
		return []textPart{{text: text}}
	}
	w.attachments = append(w.attachments, Attachment{
		Filename:    attachmentName(name, ct, content, len(w.attachments)+1),
		ContentType: ct,
		Data:        content,
		ContentID:   strings.TrimSpace(strings.Trim(strings.TrimSpace(h.Get("Content-Id")), "<>")),
	})
	return nil
}

// multipart walks the children of a multipart part.
func (w *walker) multipart(ct string, data []byte, boundary string, depth int) []textPart {
	r := multipart.NewReader(bytes.NewReader(data), boundary)
	var kids [][]textPart
	for w.parts < maxParts {
		p, err := r.NextRawPart()
		if err != nil {
			break
		}
		b, _ := io.ReadAll(p) // a truncated last part still counts
		kids = append(kids, w.walk(p.Header, b, depth+1))
	}
	if ct == "multipart/alternative" {
		return chooseAlternative(kids)
	}
	var out []textPart
	for _, k := range kids {
		out = append(out, k...)
	}
	return out
}

// chooseAlternative prefers a plain-text alternative with some text in it,
// then any alternative with text (some clients send an empty text/plain
// beside the HTML), then whatever there is.
func chooseAlternative(kids [][]textPart) []textPart {
	for _, plainOnly := range []bool{true, false} {
		for _, k := range kids {
			if len(k) > 0 && (!plainOnly || !k[0].html) && hasText(k) {
				return k
			}
		}
	}
	for _, k := range kids {
		if len(k) > 0 {
			return k
		}
	}
	return nil
}

// hasText reports whether any part has visible text.
func hasText(parts []textPart) bool {
	for _, p := range parts {
		if strings.TrimSpace(removeQuoteMarks(p.plain())) != "" {
			return true
		}
	}
	return false
}

// mediaType reads a Content-Type or Content-Disposition value: the
// lower-case type and its parameters. It uses mime.ParseMediaType and falls
// back to a tolerant reading; "name" and "filename" always come from the
// tolerant reading, which also decodes RFC 2231 in any charset (GBK too),
// RFC 2047 inside quotes and raw 8-bit names.
func mediaType(v string) (string, map[string]string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", map[string]string{}
	}
	t, params, err := mime.ParseMediaType(v)
	lt, lparams := parseParams(v)
	if err != nil || params == nil {
		return lt, lparams
	}
	for _, k := range []string{"name", "filename"} {
		delete(params, k)
		if s, ok := lparams[k]; ok {
			params[k] = s
		}
	}
	return strings.ToLower(t), params
}

// partFilename takes the filename of a part from its disposition or type.
func partFilename(dparams, params map[string]string) string {
	for _, s := range []string{dparams["filename"], params["name"], dparams["name"], params["filename"]} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// attachmentName keeps a decoded name's last path element (Windows
// clients send "C:\...\报告.pdf") and invents one for nameless parts.
func attachmentName(name, ct string, content []byte, n int) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	if name != "" && name != "." && name != ".." {
		return name
	}
	if ct == "message/rfc822" {
		h, _ := readHeader(content)
		if s := strings.TrimSpace(decodeHeader(h.Get("Subject"))); s != "" {
			return attachmentName(s+".eml", "", nil, n)
		}
	}
	return "part-" + strconv.Itoa(n) + extension(ct)
}

// extension is a fixed table, so names do not depend on the host's
// mime.types.
func extension(ct string) string {
	switch ct {
	case "image/png":
		return ".png"
	case "image/jpeg", "image/jpg", "image/pjpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "application/pdf":
		return ".pdf"
	case "message/rfc822":
		return ".eml"
	case "text/plain", "message/delivery-status", "message/disposition-notification",
		"text/rfc822-headers", "message/feedback-report":
		return ".txt"
	case "text/html":
		return ".html"
	case "text/calendar":
		return ".ics"
	}
	return ".bin"
}
