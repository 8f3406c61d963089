package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/notifications/golden"
)

var shanghai = time.FixedZone("CST", 8*3600)

func testEnvelope() Envelope {
	return Envelope{
		From: "noreply@xietong.example.gov.cn", FromName: "协同督办平台",
		To: "lina@yanta.example.gov.cn", ToName: "李娜",
		ReplyTo:    "reply+t42u7.mfrggzdfmztwq2lk@xietong.example.gov.cn",
		MessageID:  "<xt.t42u7.mfrggzdfmztwq2lk.8f3a1c@xietong.example.gov.cn>",
		InReplyTo:  []string{"<task-42@xietong.example.gov.cn>"},
		References: []string{"<task-42@xietong.example.gov.cn>"},
		Date:       time.Date(2025, 3, 3, 9, 0, 0, 0, shanghai),
	}
}

func mustRender(t testing.TB, k string, lang string, p domain.Notice) Rendered {
	t.Helper()
	r, err := std.Render(k, lang, p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// parsed is a built message read back the way a mail client reads it.
type parsed struct {
	header netmail.Header
	leaves []leaf
}

// leaf is one decoded non-multipart part.
type leaf struct {
	path, mediaType, encoding, filename string
	params                              map[string]string
	body                                []byte
}

func parse(t *testing.T, raw []byte) parsed {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	p := parsed{header: m.Header}
	p.leaves = walk(t, "1", m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), "", m.Body)
	return p
}

// walk decodes a part and, for a multipart, its parts in order.
func walk(t *testing.T, path, ct, cte, disp string, body io.Reader) []leaf {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		t.Fatalf("part %s: Content-Type %q: %v", path, ct, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		out := []leaf{{path: path, mediaType: mt}}
		mr := multipart.NewReader(body, params["boundary"])
		for i := 1; ; i++ {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatalf("part %s.%d: %v", path, i, err)
			}
			out = append(out, walk(t, fmt.Sprintf("%s.%d", path, i), part.Header.Get("Content-Type"),
				part.Header.Get("Content-Transfer-Encoding"), part.Header.Get("Content-Disposition"), part)...)
		}
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("part %s: %v", path, err)
	}
	for _, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > 76 {
			t.Errorf("part %s: encoded line of %d octets (RFC 2045 allows 76)", path, len(line))
		}
	}
	var r io.Reader = bytes.NewReader(raw)
	switch strings.ToLower(cte) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("part %s: %v", path, err)
	}
	l := leaf{path: path, mediaType: mt, encoding: cte, params: params, body: b}
	if disp != "" {
		_, dp, err := mime.ParseMediaType(disp)
		if err != nil {
			t.Fatalf("part %s: Content-Disposition %q: %v", path, disp, err)
		}
		l.filename = decodeWords(t, dp["filename"])
	}
	return []leaf{l}
}

func decodeWords(t *testing.T, s string) string {
	t.Helper()
	d, err := new(mime.WordDecoder).DecodeHeader(s)
	if err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return d
}

func lf(b []byte) string { return strings.ReplaceAll(string(b), "\r\n", "\n") }

// dump is the golden form of a parsed message: decoded headers in a fixed
// order, then every part decoded (never the raw bytes, whose boundaries
// are random).
func (p parsed) dump(t *testing.T) string {
	var b strings.Builder
	for _, k := range []string{"From", "To", "Reply-To"} {
		if p.header.Get(k) == "" {
			continue
		}
		as, err := p.header.AddressList(k)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		for _, a := range as {
			fmt.Fprintf(&b, "%s: %s <%s>\n", k, a.Name, a.Address)
		}
	}
	fmt.Fprintf(&b, "Subject: %s\n", decodeWords(t, p.header.Get("Subject")))
	for _, k := range []string{"Date", "Message-ID", "In-Reply-To", "References", "Auto-Submitted",
		"X-Auto-Response-Suppress", "Precedence", "MIME-Version"} {
		if v := p.header.Get(k); v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	for _, l := range p.leaves {
		fmt.Fprintf(&b, "\n---- part %s: %s", l.path, l.mediaType)
		if c := l.params["charset"]; c != "" {
			fmt.Fprintf(&b, "; charset=%s", c)
		}
		if l.encoding != "" {
			fmt.Fprintf(&b, " (%s)", l.encoding)
		}
		switch {
		case strings.HasPrefix(l.mediaType, "multipart/"):
			b.WriteString("\n")
		case l.filename != "":
			fmt.Fprintf(&b, "\nattachment %q, name %q, %d bytes, sha256 %x\n", l.filename,
				decodeWords(t, l.params["name"]), len(l.body), sha256.Sum256(l.body))
		default:
			b.WriteString("\n" + lf(l.body))
		}
	}
	return b.String()
}

func TestBuildGolden(t *testing.T) {
	p := taskNotice()
	p.Action, p.TaskStatus = "assign", "assigned"
	p.Note = "请于3月14日前完成紫薇小区1-6号楼入户摸底，\n并报送加装意愿统计表。"
	r := mustRender(t, domain.MailTaskAssigned, LangZH, p)
	xlsx := bytes.Repeat([]byte("PK\x03\x04 workbook "), 200)
	tests := []struct {
		name string
		atts []Attachment
	}{
		{"build", nil},
		{"build-attachment", []Attachment{
			{Name: "督查通报（2025年第10周·雁塔区住房和城乡建设局及各协办单位办理情况汇总）.xlsx",
				ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: xlsx},
			{Name: "summary.csv", ContentType: "text/csv; charset=utf-8", Data: []byte("单位,按期办结率\n市民政局,92%\n")},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := Build(testEnvelope(), r, tt.atts...)
			if err != nil {
				t.Fatal(err)
			}
			checkWire(t, raw)
			p := parse(t, raw)
			golden.Compare(t, "testdata/"+tt.name+".golden", p.dump(t))

			h := p.header
			if got := decodeWords(t, h.Get("Subject")); got != r.Subject {
				t.Errorf("Subject decodes to %q, want %q", got, r.Subject)
			}
			from, err := h.AddressList("From")
			if err != nil || len(from) != 1 || from[0].Name != "协同督办平台" || from[0].Address != "noreply@xietong.example.gov.cn" {
				t.Errorf("From: got %v (%v)", from, err)
			}
			to, err := h.AddressList("To")
			if err != nil || len(to) != 1 || to[0].Name != "李娜" {
				t.Errorf("To: got %v (%v)", to, err)
			}
			env := testEnvelope()
			rt, err := h.AddressList("Reply-To")
			if err != nil || len(rt) != 1 || rt[0].Address != env.ReplyTo {
				t.Errorf("Reply-To: got %v (%v), want %s", rt, err, env.ReplyTo)
			}
			for k, want := range map[string]string{
				"Message-ID": env.MessageID, "In-Reply-To": env.InReplyTo[0], "References": env.References[0],
				"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All", "Precedence": "",
				"Date": "Mon, 03 Mar 2025 09:00:00 +0800",
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s: got %q, want %q", k, got, want)
				}
			}
			var text, html *leaf
			for i, l := range p.leaves {
				switch l.mediaType {
				case "text/plain":
					text = &p.leaves[i]
				case "text/html":
					html = &p.leaves[i]
				}
			}
			if text == nil || lf(text.body) != r.Text {
				t.Errorf("text/plain part does not decode to the rendered text")
			}
			if html == nil || lf(html.body) != r.HTML {
				t.Errorf("text/html part does not decode to the rendered HTML")
			}
			var files []leaf
			for _, l := range p.leaves {
				if l.filename != "" {
					files = append(files, l)
				}
			}
			if len(files) != len(tt.atts) {
				t.Fatalf("got %d attachments, want %d", len(files), len(tt.atts))
			}
			for i, a := range tt.atts {
				if files[i].filename != a.Name || !bytes.Equal(files[i].body, a.Data) {
					t.Errorf("attachment %d: got %q (%d bytes), want %q (%d bytes)", i, files[i].filename,
						len(files[i].body), a.Name, len(a.Data))
				}
			}
		})
	}
}

// checkWire checks what relays insist on: 7-bit bytes, CRLF line ends,
// lines within RFC 5322's 998 octets, and lines with encoded words within
// RFC 2047's 76. (walk checks the encoded body lines.)
func checkWire(t *testing.T, raw []byte) {
	t.Helper()
	for i, c := range raw {
		if c >= 0x80 || c == 0 {
			t.Fatalf("byte %d is %#x: the message must be 7-bit", i, c)
		}
		if c == '\n' && (i == 0 || raw[i-1] != '\r') {
			t.Fatalf("bare LF at byte %d", i)
		}
	}
	for _, l := range bytes.Split(raw, []byte("\r\n")) {
		if len(l) > 998 || bytes.Contains(l, []byte("=?")) && len(l) > 76 {
			t.Errorf("line of %d octets: %.60s…", len(l), l)
		}
	}
}

func TestBuildTextOnly(t *testing.T) {
	r := mustRender(t, domain.MailTaskClosed, LangEN, taskNotice())
	r.HTML = ""
	raw, err := Build(testEnvelope(), r)
	if err != nil {
		t.Fatal(err)
	}
	p := parse(t, raw)
	if len(p.leaves) != 1 || p.leaves[0].mediaType != "text/plain" || lf(p.leaves[0].body) != r.Text {
		t.Errorf("want a single text/plain part, got %+v", p.leaves)
	}
}

func TestBuildAutoReplied(t *testing.T) {
	env := testEnvelope()
	env.AutoReplied, env.ReplyTo = true, ""
	raw, err := Build(env, mustRender(t, domain.MailReplyRefused, LangZH, domain.Notice{Reason: domain.ReasonUnknownTask}))
	if err != nil {
		t.Fatal(err)
	}
	h := parse(t, raw).header
	if got := h.Get("Auto-Submitted"); got != "auto-replied" {
		t.Errorf("Auto-Submitted: got %q, want auto-replied", got)
	}
	if got := h.Get("Reply-To"); got != "" {
		t.Errorf("Reply-To: got %q, want none", got)
	}
}

// TestBuildNoInjection: display names and the subject cannot add headers.
func TestBuildNoInjection(t *testing.T) {
	env := testEnvelope()
	env.ToName = "李娜\r\nBcc: evil@example.com"
	env.FromName = "Xietong\nX-Evil: 1"
	r := mustRender(t, domain.MailTaskClosed, LangZH, taskNotice())
	r.Subject = "办结\r\nBcc: evil@example.com"
	raw, err := Build(env, r)
	if err != nil {
		t.Fatal(err)
	}
	checkWire(t, raw)
	h := parse(t, raw).header
	if h.Get("Bcc") != "" || h.Get("X-Evil") != "" {
		t.Fatalf("a header was injected:\n%s", raw)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "李娜 Bcc: evil@example.com" || to[0].Address != env.To {
		t.Errorf("To: got %v (%v)", to, err)
	}
	if got := decodeWords(t, h.Get("Subject")); got != "办结 Bcc: evil@example.com" {
		t.Errorf("Subject: got %q", got)
	}
}

func TestBuildRefuses(t *testing.T) {
	r := mustRender(t, domain.MailTaskClosed, LangZH, taskNotice())
	tests := []struct {
		name string
		edit func(e *Envelope, r *Rendered) []Attachment
	}{
		{"no from", func(e *Envelope, _ *Rendered) []Attachment { e.From = ""; return nil }},
		{"named to", func(e *Envelope, _ *Rendered) []Attachment { e.To = "李娜 <lina@example.com>"; return nil }},
		{"to with CRLF", func(e *Envelope, _ *Rendered) []Attachment { e.To = "a@example.com\r\nBcc: b@example.com"; return nil }},
		{"idn address", func(e *Envelope, _ *Rendered) []Attachment { e.To = "lina@例子.中国"; return nil }},
		{"bad reply-to", func(e *Envelope, _ *Rendered) []Attachment { e.ReplyTo = "reply+tok"; return nil }},
		{"no message id", func(e *Envelope, _ *Rendered) []Attachment { e.MessageID = ""; return nil }},
		{"message id without brackets", func(e *Envelope, _ *Rendered) []Attachment { e.MessageID = "x@example.com"; return nil }},
		{"message id with CRLF", func(e *Envelope, _ *Rendered) []Attachment { e.MessageID = "<x@ex\r\nBcc: a>"; return nil }},
		{"bad reference", func(e *Envelope, _ *Rendered) []Attachment {
			e.References = append(e.References, "<two words@example.com>")
			return nil
		}},
		{"no date", func(e *Envelope, _ *Rendered) []Attachment { e.Date = time.Time{}; return nil }},
		{"no subject", func(_ *Envelope, r *Rendered) []Attachment { r.Subject = " \n"; return nil }},
		{"no text", func(_ *Envelope, r *Rendered) []Attachment { r.Text = ""; return nil }},
		{"attachment without name", func(*Envelope, *Rendered) []Attachment { return []Attachment{{Data: []byte("x")}} }},
		{"attachment name with quote", func(*Envelope, *Rendered) []Attachment {
			return []Attachment{{Name: `a".xlsx`, Data: []byte("x")}}
		}},
		{"attachment multipart", func(*Envelope, *Rendered) []Attachment {
			return []Attachment{{Name: "a", ContentType: "multipart/mixed; boundary=x", Data: []byte("x")}}
		}},
		{"attachment bad type", func(*Envelope, *Rendered) []Attachment {
			return []Attachment{{Name: "a", ContentType: "text/", Data: []byte("x")}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, rr := testEnvelope(), r
			atts := tt.edit(&env, &rr)
			if _, err := Build(env, rr, atts...); !errors.Is(err, ErrInvalidEnvelope) {
				t.Errorf("got %v, want ErrInvalidEnvelope", err)
			}
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	r := mustRender(b, domain.MailTaskAssigned, LangZH, taskNotice())
	env := testEnvelope()
	for b.Loop() {
		if _, err := Build(env, r); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBuildLongHeaders: long Chinese subjects and names fold within RFC
// 2047's line limit and decode back whole; several references stay one
// space-separated list.
func TestBuildLongHeaders(t *testing.T) {
	p := taskNotice()
	p.TaskTitle = strings.Repeat("关于推进保障性住房小区“和谐社区·幸福家园”创建", 5)
	r := mustRender(t, domain.MailTaskClosed, LangZH, p)
	env := testEnvelope()
	env.ToName = strings.Repeat("雁塔区住房和城乡建设局", 4)
	env.FromName = `Xietong, "Platform"`
	env.References = []string{"<task-42@xietong.example.gov.cn>", "<xt.a.1@xietong.example.gov.cn>", "<xt.b.2@xietong.example.gov.cn>"}
	raw, err := Build(env, r)
	if err != nil {
		t.Fatal(err)
	}
	checkWire(t, raw)
	h := parse(t, raw).header
	if got := decodeWords(t, h.Get("Subject")); got != r.Subject {
		t.Errorf("Subject: got %q, want %q", got, r.Subject)
	}
	if to, err := h.AddressList("To"); err != nil || to[0].Name != env.ToName {
		t.Errorf("To: got %v (%v)", to, err)
	}
	if from, err := h.AddressList("From"); err != nil || from[0].Name != env.FromName {
		t.Errorf("From: got %v (%v)", from, err)
	}
	if got, want := h.Get("References"), strings.Join(env.References, " "); got != want {
		t.Errorf("References: got %q, want %q", got, want)
	}
}

// TestBuildEncodesLookalikes: a subject that looks like an encoded word is
// encoded, so that a client shows it as written.
func TestBuildEncodesLookalikes(t *testing.T) {
	r := mustRender(t, domain.MailTaskClosed, LangEN, taskNotice())
	r.Subject = "=?UTF-8?b?5Y2P?= done"
	raw, err := Build(testEnvelope(), r)
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeWords(t, parse(t, raw).header.Get("Subject")); got != r.Subject {
		t.Errorf("Subject: got %q, want %q", got, r.Subject)
	}
}
