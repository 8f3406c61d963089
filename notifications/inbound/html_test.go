package inbound

import (
	"strings"
	"testing"
)

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"br and entities", "签收<br>A &amp; B &lt;x&gt;&nbsp;C", "签收\nA & B <x> C"},
		{"paragraphs", "<p>one</p><p>two</p>", "one\ntwo"},
		{"divs", "<div>one</div><div><br></div><div>two</div>", "one\n\ntwo"},
		{"whitespace collapses", "<div>a \n\t  b</div>", "a b"},
		{"head style script dropped", "<html><head><title>T</title><style>p{color:red}</style></head><body><script>x()</script>body</body></html>", "body"},
		{"word conditional comments", "<!--[if gte mso 9]><xml><o:shapedefaults/></xml><![endif]--><p class=MsoNormal>text<o:p></o:p></p>", "text"},
		{"pre keeps lines", "<pre>a\n  b</pre>after", "a\n  b\nafter"},
		{"table rows and cells", "<table><tr><td>发件人</td><td>平台</td></tr><tr><td>日期</td><td>3月3日</td></tr></table>", "发件人 平台\n日期 3月3日"},
		{"list items", "<ul><li>one</li><li>two</li></ul>", "one\ntwo"},
		{"numeric entities", "&#36827;&#x5C55;", "进展"},
		{"forged marks removed", "a\uE000b\uE001c", "abc"},
		{"unclosed tags", "<div><p>one<p>two", "one\ntwo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(htmlToText(tt.in)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestHTMLQuoteContainers parses HTML-only replies whose quoted history is
// marked only by its container (no text marker inside).
func TestHTMLQuoteContainers(t *testing.T) {
	tests := []struct {
		name, html, want string
	}{
		{"gmail", `<div dir="ltr">签收</div><div class="gmail_quote"><div class="gmail_attr">x</div><blockquote class="gmail_quote">原通知 签收</blockquote></div>`, "签收"},
		{"gmail signature", `<div>accept</div><div class="gmail_signature">Li Ming</div>`, "accept"},
		{"outlook web", `<div>progress: ok</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg">header</div><div>原通知 签收</div>`, "progress: ok"},
		{"outlook web x_ prefix", `<div>progress: ok</div><div id="x_divRplyFwdMsg">header</div>`, "progress: ok"},
		{"apple blockquote", `签收<br><br><blockquote type="cite">原通知 签收</blockquote>`, "签收"},
		{"qq includetail", `<div>进展：ok</div><includetail><div>原通知 签收</div></includetail>`, "进展：ok"},
		{"netease isReplyContent", `<div>延期 2025-03-20</div><blockquote id="isReplyContent">原通知</blockquote>`, "延期 2025-03-20"},
		{"thunderbird cite prefix", `<p>签收</p><div class="moz-cite-prefix">在 2025/3/3 写道:</div><blockquote type="cite">原通知</blockquote>`, "签收"},
		{"new outlook reference", `<div>Accept</div><div id="mail-editor-reference-message-container">原通知</div>`, "Accept"},
		{"bottom posted", `<div class="moz-cite-prefix">On 3/3/25, System wrote:</div><blockquote type="cite">notice<br>accept</blockquote><p>accept</p><p>will do</p>`, "accept\nwill do"},
		{"nested containers", `<div>签收</div><div class="gmail_quote"><div><div>x</div></div><blockquote>y</blockquote></div><div>after</div>`, "签收"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := "From: a@b.cn\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + tt.html
			m, err := Parse([]byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			if m.Text != tt.want {
				t.Errorf("Text = %q, want %q", m.Text, tt.want)
			}
			if strings.ContainsAny(m.FullText, quoteStart+quoteEnd) {
				t.Errorf("FullText keeps quote marks: %q", m.FullText)
			}
		})
	}
}
