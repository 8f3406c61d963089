package inbound

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// msg builds a raw message from header lines and a body, with CRLF.
func msg(body string, header ...string) []byte {
	return []byte(strings.Join(header, "\r\n") + "\r\n\r\n" + body)
}

func TestParseNoHeader(t *testing.T) {
	for _, raw := range []string{"", "\r\n\r\nbody only", "no colon here\r\n\r\nbody", " continuation first\r\n"} {
		if _, err := Parse([]byte(raw)); !errors.Is(err, ErrNoHeader) {
			t.Errorf("Parse(%q) error = %v, want ErrNoHeader", raw, err)
		}
	}
}

// TestParseBestEffort holds malformed messages that must still give the
// sender and the text.
func TestParseBestEffort(t *testing.T) {
	tests := []struct {
		name, raw, wantFrom, wantText string
	}{
		{"mbox From line", "From zw@x.cn Mon Mar  3 09:00:00 2025\nFrom: zw@x.cn\n\n签收\n", "zw@x.cn", "签收"},
		{"LF only", "From: zw@x.cn\nSubject: s\n\n签收\n", "zw@x.cn", "签收"},
		{"space before colon", "From : zw@x.cn\r\nSubject: s\r\n\r\n签收", "zw@x.cn", "签收"},
		{"junk header line", "From: zw@x.cn\r\nthis is not a header\r\n\r\n签收", "zw@x.cn", "签收"},
		{"header only", "From: zw@x.cn\r\nSubject: s", "zw@x.cn", ""},
		{"no content type, 8-bit gbk", "From: zw@x.cn\r\n\r\n" + string(mustEncode("gbk", "签收")), "zw@x.cn", "签收"},
		{"multipart without boundary", "From: zw@x.cn\r\nContent-Type: multipart/mixed\r\n\r\n签收", "zw@x.cn", "签收"},
		{"multipart never closed", "From: zw@x.cn\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n签收\r\n", "zw@x.cn", "签收"},
		{"multipart wrong boundary", "From: zw@x.cn\r\nContent-Type: multipart/mixed; boundary=zzz\r\n\r\n--b\r\n\r\n签收\r\n--b--", "zw@x.cn", ""},
		{"broken content type", "From: zw@x.cn\r\nContent-Type: text/plain; charset\r\n\r\n签收", "zw@x.cn", "签收"},
		{"type without slash", "From: zw@x.cn\r\nContent-Type: text\r\n\r\n签收", "zw@x.cn", "签收"},
		{"empty plain alternative", "From: zw@x.cn\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>签收</p>\r\n--b--", "zw@x.cn", "签收"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			if m.From.Addr != tt.wantFrom || m.Text != tt.wantText {
				t.Errorf("From %q Text %q, want %q %q", m.From.Addr, m.Text, tt.wantFrom, tt.wantText)
			}
		})
	}
}

// TestParseLimits checks that deep nesting and many parts stay cheap.
func TestParseLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("From: a@b.cn\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n")
	for i := 1; i < 200; i++ {
		b.WriteString("--b" + strconv.Itoa(i-1) + "\r\nContent-Type: multipart/mixed; boundary=b" + strconv.Itoa(i) + "\r\n\r\n")
	}
	if _, err := Parse([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	b.WriteString("From: a@b.cn\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n")
	for range 1000 {
		b.WriteString("--b\r\nContent-Type: image/png\r\n\r\nx\r\n")
	}
	b.WriteString("--b--\r\n")
	m, err := Parse([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) >= maxParts {
		t.Errorf("%d attachments, want fewer than %d", len(m.Attachments), maxParts)
	}
}

func TestAttachments(t *testing.T) {
	raw := msg(`--b
Content-Type: multipart/related; boundary=r

--r
Content-Type: text/html; charset=utf-8

<p>签收</p><img src="cid:logo@x">
--r
Content-Type: image/png
Content-ID: <logo@x>
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--r--
--b
Content-Type: text/plain; name="说明.txt"

附件正文
--b
Content-Type: image/jpeg
Content-Disposition: attachment; filename="C:\Users\zw\Desktop\现场.jpg"
Content-ID: <photo@x>

jpeg
--b
Content-Type: message/rfc822

Subject: =?utf-8?B?5Y6f6YKu5Lu2?=

forwarded
--b
Content-Type: application/octet-stream

data
--b--
`, "From: zw@x.cn", "Content-Type: multipart/mixed; boundary=b")
	m, err := Parse([]byte(strings.ReplaceAll(string(raw), "\n", "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	type att struct {
		name, ct string
		inline   bool
	}
	var got []att
	for _, a := range m.Attachments {
		got = append(got, att{a.Filename, a.ContentType, a.Inline})
	}
	want := []att{
		{"part-1.png", "image/png", true},
		{"说明.txt", "text/plain", false},
		{"现场.jpg", "image/jpeg", false},
		{"原邮件.eml", "message/rfc822", false},
		{"part-5.bin", "application/octet-stream", false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("attachments\ngot  %v\nwant %v", got, want)
	}
	if m.Text != "签收" {
		t.Errorf("Text = %q, want 签收", m.Text)
	}
}

func TestAutomatic(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   string // AutoReason; "" for a person
	}{
		{"person", nil, ""},
		{"auto-submitted no", []string{"Auto-Submitted: no"}, ""},
		{"auto-replied", []string{"Auto-Submitted: auto-replied"}, "auto-submitted: auto-replied"},
		{"auto-generated with comment", []string{"Auto-Submitted: Auto-Generated; owner-email=x@y"}, "auto-submitted: auto-generated"},
		{"precedence bulk", []string{"Precedence: bulk"}, "precedence: bulk"},
		{"precedence junk", []string{"Precedence: junk"}, "precedence: junk"},
		{"precedence first-class", []string{"Precedence: first-class"}, ""},
		{"exchange oof", []string{"X-Auto-Response-Suppress: OOF, DR"}, "x-auto-response-suppress: OOF, DR"},
		{"exchange suppress DR only", []string{"X-Auto-Response-Suppress: DR, RN"}, "x-auto-response-suppress: DR, RN"},
		{"x-autoreply", []string{"X-Autoreply: yes"}, "x-autoreply"},
		{"x-autorespond", []string{"X-Autorespond: 1"}, "x-autorespond"},
		{"failed recipients", []string{"X-Failed-Recipients: a@b.cn"}, "x-failed-recipients"},
		{"list-id", []string{"List-Id: <l.x.cn>"}, "list-id"},
		{"list-unsubscribe", []string{"List-Unsubscribe: <mailto:u@x.cn>"}, "list-unsubscribe"},
		{"list-subscribe only", []string{"List-Subscribe: <mailto:join@x.cn>"}, "list-subscribe"},
		{"list-post only", []string{"List-Post: NO"}, "list-post"},
		{"precedence list", []string{"Precedence: List"}, "precedence: list"},
		{"empty return path", []string{"Return-Path: "}, "return-path: <>"},
		{"arf report", []string{"Content-Type: multipart/report; report-type=feedback-report; boundary=b"}, "multipart/report"},
		{"no-reply sender", []string{"From: 系统通知 <No-Reply@gov.example.cn>"}, "sender: no-reply@gov.example.cn"},
		{"noreply sender", []string{"From: noreply@x.cn"}, "sender: noreply@x.cn"},
		{"donotreply sender", []string{"From: do_not_reply@x.cn"}, "sender: do_not_reply@x.cn"},
		{"bounce sender", []string{"From: bounces+abc=x.cn@mail.x.cn"}, "sender: bounces+abc=x.cn@mail.x.cn"},
		{"carrier notice sender", []string{"From: 139邮箱 <notify@139.com>"}, "sender: notify@139.com"},
		{"no sender at all", []string{"From: undisclosed-recipients:;"}, "sender: none"},
		{"person named reply", []string{"From: reply.li@x.cn"}, ""},
		{"null return path", []string{"Return-Path: <>"}, "return-path: <>"},
		{"normal return path", []string{"Return-Path: <zw@x.cn>"}, ""},
		{"mailer-daemon", []string{"From: MAILER-DAEMON@mx.x.cn"}, "sender: mailer-daemon@mx.x.cn"},
		{"postmaster sender", []string{"Sender: postmaster@qq.com"}, "sender: postmaster@qq.com"},
		{"multipart/report", []string{"Content-Type: multipart/report; report-type=delivery-status; boundary=b"}, "multipart/report"},
		{"outlook zh", []string{"Subject: 自动答复: [督办#1] x"}, "subject: 自动答复: [督办#1] x"},
		{"outlook en", []string{"Subject: Automatic reply: [督办#1]"}, "subject: Automatic reply: [督办#1]"},
		{"qq", []string{"Subject: 自动回复：[督办#1]"}, "subject: 自动回复：[督办#1]"},
		{"out of office", []string{"Subject: Out of Office: x"}, "subject: Out of Office: x"},
		{"undeliverable", []string{"Subject: Undeliverable: x"}, "subject: Undeliverable: x"},
		{"reply to an auto-reply is a person", []string{"Subject: 回复: 自动答复: x"}, ""},
		{"bracketed zh", []string{"Subject: 【自动回复】[督办#1] x"}, "subject: 【自动回复】[督办#1] x"},
		{"suffixed zh", []string{"Subject: [督办#1] 关于x的通知（自动回复）"}, "subject: [督办#1] 关于x的通知（自动回复）"},
		{"suffixed en", []string{"Subject: [督办#1] x (Automatic reply)"}, "subject: [督办#1] x (Automatic reply)"},
		{"bracketed en", []string{"Subject: [Out of Office] re: x"}, "subject: [Out of Office] re: x"},
		{"a person's subject about auto-replies", []string{"Subject: 回复: [督办#1] 关于关闭自动回复的说明"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if !strings.Contains(strings.Join(h, "\n"), "From:") {
				h = append([]string{"From: zw@x.cn"}, h...)
			}
			m, err := Parse(msg("body", h...))
			if err != nil {
				t.Fatal(err)
			}
			if m.AutoReason != tt.want || m.IsAutomatic != (tt.want != "") {
				t.Errorf("IsAutomatic %v AutoReason %q, want %q", m.IsAutomatic, m.AutoReason, tt.want)
			}
		})
	}
}

// TestAutomaticCROnly: old Mac mail ends its lines with CR alone, which
// hid every header, so a bounce looked like a person.
func TestAutomaticCROnly(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"bounce", "Return-Path: <>\rFrom: MAILER-DAEMON@mx.x.cn\rSubject: failure notice\r\rsorry\r", "return-path: <>"},
		{"list", "From: owner@lists.x.cn\rList-Subscribe: <mailto:join@x.cn>\rSubject: welcome\r\r签收\r", "list-subscribe"},
		{"person", "From: zw@x.cn\rSubject: Re: x\r\r签收\r\r> quoted\r", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			if m.AutoReason != tt.want || m.From.Addr == "" {
				t.Errorf("AutoReason %q From %q, want %q", m.AutoReason, m.From.Addr, tt.want)
			}
			if tt.want == "" && m.Text != "签收" {
				t.Errorf("Text %q, want 签收", m.Text)
			}
		})
	}
}

func TestRecipientsAndThread(t *testing.T) {
	m, err := Parse(msg("签收",
		"From: zw@x.cn",
		"To: reply@xietong.example.gov.cn",
		"Cc: wf@x.cn",
		"Delivered-To: reply+tok@xietong.example.gov.cn",
		"In-Reply-To: <c@x>",
		"References: <a@x> <b@x>\r\n <c@x>",
	))
	if err != nil {
		t.Fatal(err)
	}
	tok, ok := TokenFromAddresses("reply@xietong.example.gov.cn", m.Recipients()...)
	if tok != "tok" || !ok {
		t.Errorf("token from Delivered-To = %q %v, want tok", tok, ok)
	}
	if got, want := m.ThreadIDs(), []string{"c@x", "b@x", "a@x"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ThreadIDs = %q, want %q", got, want)
	}
}
