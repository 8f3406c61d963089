package inbound

import (
	"bufio"
	"bytes"
	"mime"
	"net/textproto"
	"strconv"
	"strings"
)

// Limits that keep a hostile message from costing more than a normal one.
const (
	maxDepth = 8   // nested multiparts
	maxParts = 256 // MIME parts in one message
)

// Limits bound what one message may bring in, so that a message stuffed
// with files costs no more than the server can keep. The zero value of a
// field means its default.
type Limits struct {
	// MaxAttachments is the most attachments kept (default 20); those
	// after it are counted in Message.DroppedAttachments, not decoded.
	MaxAttachments int
	// MaxAttachmentBytes is the most decoded bytes of attachments kept
	// (default 25 MiB); an attachment that would pass it is dropped.
	MaxAttachmentBytes int64
}

// Default limits, also used for the zero fields of a Limits.
const (
	DefaultMaxAttachments     = 20
	DefaultMaxAttachmentBytes = 25 << 20
)

// withDefaults fills the zero fields.
func (l Limits) withDefaults() Limits {
	if l.MaxAttachments <= 0 {
		l.MaxAttachments = DefaultMaxAttachments
	}
	if l.MaxAttachmentBytes <= 0 {
		l.MaxAttachmentBytes = DefaultMaxAttachmentBytes
	}
	return l
}

// body is the result of reading a message's MIME tree.
type body struct {
	text        string // body text; HTML parts converted, with quote marks
	attachments []Attachment
	dropped     int  // attachments over the limits
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
	limits      Limits
	parts       int
	attachments []Attachment
	attBytes    int64 // decoded bytes of attachments kept
	dropped     int
	html        strings.Builder // raw HTML of the bodies, to tell inline images
	report      bool
}

// readBody decodes the MIME tree under header h. Among alternatives it
// takes text/plain (what the sender's client wrote as text) and falls back
// to HTML; the text parts of a mixed message are joined in order; every
// other leaf is an attachment.
func readBody(h map[string][]string, data []byte, l Limits) body {
	w := &walker{limits: l.withDefaults()}
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
	return body{text: strings.Join(texts, "\n"), attachments: w.attachments, dropped: w.dropped, report: w.report}
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
	isText := (ct == "text/plain" || ct == "text/html") && name == "" && disp != "attachment"
	if !isText && len(w.attachments) >= w.limits.MaxAttachments {
		w.dropped++ // not even decoded
		return nil
	}
	content := decodeTransfer(h.Get("Content-Transfer-Encoding"), data)
	if isText {
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
	if w.attBytes+int64(len(content)) > w.limits.MaxAttachmentBytes {
		w.dropped++
		return nil
	}
	w.attBytes += int64(len(content))
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
	var kids [][]textPart
	for _, part := range splitMultipart(data, boundary) {
		if w.parts >= maxParts {
			break
		}
		h, content := readPartHeader(part)
		kids = append(kids, w.walk(h, content, depth+1))
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

// splitMultipart returns the parts of a multipart body (each its header and
// content) as slices of data, as mime/multipart delimits them (RFC 2046
// §5.1.1), but without copying: a delimiter is "--boundary" at the start of
// a line followed only by white space, the closing one has "--" after it,
// and the line break before a delimiter belongs to it. A last part with
// no closing delimiter runs to the end.
func splitMultipart(data []byte, boundary string) [][]byte {
	delim := []byte("--" + boundary)
	var parts [][]byte
	start := -1 // where the current part began; -1 in the preamble
	for pos := 0; pos < len(data); {
		i := bytes.Index(data[pos:], delim)
		if i < 0 {
			break
		}
		i += pos
		pos = i + len(delim)
		if i > 0 && data[i-1] != '\n' {
			continue
		}
		next := len(data)
		rest := data[pos:]
		if j := bytes.IndexByte(rest, '\n'); j >= 0 {
			rest, next = rest[:j], pos+j+1
		}
		closing := bytes.HasPrefix(rest, []byte("--"))
		if closing {
			rest = rest[2:]
		}
		if len(bytes.TrimRight(rest, " \t\r")) > 0 {
			continue // "--boundary" is only the start of a longer line
		}
		if start >= 0 {
			end := i
			if end > start && data[end-1] == '\n' {
				end--
			}
			if end > start && data[end-1] == '\r' {
				end--
			}
			parts = append(parts, data[start:end])
		}
		if closing {
			return parts
		}
		start, pos = next, next
	}
	if start >= 0 && start < len(data) {
		parts = append(parts, data[start:])
	}
	return parts
}

// readPartHeader reads a part's header, leniently when textproto cannot,
// and returns its content as a slice of part.
func readPartHeader(part []byte) (textproto.MIMEHeader, []byte) {
	head, content := splitHeader(part)
	h, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(head))).ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		lh, lcontent := readHeaderLenient(part)
		return textproto.MIMEHeader(lh), lcontent
	}
	return h, content
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
