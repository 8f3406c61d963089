package inbound

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime/quotedprintable"
	"strings"
	"testing"
	"text/template"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// The reply corpus is written in Go so that its GBK, GB18030 and Big5
// bytes, base64 and quoted-printable bodies come from real encoders and
// stay readable here; `go test -update` writes the .eml files, and
// TestCorpusUpToDate keeps them equal to this source. Each case copies the
// shape of one client's reply to a xietong notification.

// corpusMail is one message of the corpus.
type corpusMail struct {
	name string
	// eml is the message as a text/template; bodies go in vars and are
	// encoded by the template functions (b64, qp, raw, word, pct, bin).
	// Line ends become CRLF.
	eml  string
	vars map[string]string
	// cr writes the lines with a bare CR, as old Mac mail programs did.
	cr bool
}

// Settings the corpus was "sent" with.
const (
	corpusReplyAddress = "reply@xietong.example.gov.cn"
	corpusDomain       = "xietong.example.gov.cn"
)

// corpusFuncs encode text for the templates. cs is "utf-8", "gbk",
// "gb2312" (encoded as GBK, as the clients that label it so do), "gb18030"
// or "big5".
var corpusFuncs = template.FuncMap{
	// b64 encodes text (LF → CRLF) in cs as base64 lines of 76.
	"b64": func(cs, text string) string {
		return wrap76(base64.StdEncoding.EncodeToString(mustEncode(cs, crlf(text))))
	},
	// qp encodes text in cs as quoted-printable.
	"qp": func(cs, text string) string {
		var b bytes.Buffer
		w := quotedprintable.NewWriter(&b)
		_, _ = w.Write(mustEncode(cs, text))
		_ = w.Close()
		return b.String()
	},
	// raw writes text in cs as 8-bit bytes.
	"raw": func(cs, text string) string { return string(mustEncode(cs, text)) },
	// word encodes a header as RFC 2047 words ("B" or "Q"), splitting
	// between characters every maxBytes encoded bytes.
	"word": func(cs, enc, text string) string { return encodeWords(cs, enc, text, 45) },
	// brokenword splits the encoded bytes at a fixed byte count, cutting
	// characters in two the way some clients do.
	"brokenword": func(cs, text string, n int) string {
		b := mustEncode(cs, text)
		var words []string
		for len(b) > 0 {
			k := min(n, len(b))
			words = append(words, "=?"+cs+"?B?"+base64.StdEncoding.EncodeToString(b[:k])+"?=")
			b = b[k:]
		}
		return strings.Join(words, "\n ")
	},
	// pct encodes text in cs with RFC 2231 percent escapes.
	"pct": func(cs, text string) string {
		var b strings.Builder
		for _, c := range mustEncode(cs, text) {
			if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._", c) >= 0) {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
		return b.String()
	},
	// latin1 writes text in ISO-8859-1 as 8-bit bytes.
	"latin1": func(text string) string { return string(latin1(text)) },
	// bin base64-encodes bytes as they are (attachment contents).
	"bin": func(s string) string { return wrap76(base64.StdEncoding.EncodeToString([]byte(s))) },
}

// render produces the bytes of a corpus message.
func (c corpusMail) render(t testing.TB) []byte {
	t.Helper()
	tmpl, err := template.New(c.name).Funcs(corpusFuncs).Option("missingkey=error").Parse(strings.TrimLeft(c.eml, "\n"))
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, c.vars); err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	if c.cr {
		return []byte(strings.ReplaceAll(crlf(b.String()), "\r\n", "\r"))
	}
	return []byte(crlf(b.String()))
}

// crlf turns every line end into CRLF.
func crlf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}

func encoder(cs string) encoding.Encoding {
	switch strings.ToLower(cs) {
	case "utf-8":
		return encoding.Nop
	case "gbk", "gb2312":
		return simplifiedchinese.GBK
	case "gb18030":
		return simplifiedchinese.GB18030
	case "big5":
		return traditionalchinese.Big5
	}
	panic("corpus: unknown charset " + cs)
}

// mustEncode encodes UTF-8 text in cs; a character cs cannot hold is a
// mistake in the corpus, so it panics.
func mustEncode(cs, s string) []byte {
	b, err := encoder(cs).NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(fmt.Sprintf("corpus: %q in %s: %v", s, cs, err))
	}
	return b
}

// encodeWords writes RFC 2047 words of at most max encoded bytes each.
func encodeWords(cs, enc, text string, max int) string {
	var words []string
	var cur []byte
	flush := func() {
		if len(cur) == 0 {
			return
		}
		if enc == "B" {
			words = append(words, "=?"+cs+"?B?"+base64.StdEncoding.EncodeToString(cur)+"?=")
		} else {
			var b strings.Builder
			for _, c := range cur {
				switch {
				case c == ' ':
					b.WriteByte('_')
				case c > ' ' && c < 0x7f && c != '=' && c != '?' && c != '_':
					b.WriteByte(c)
				default:
					fmt.Fprintf(&b, "=%02X", c)
				}
			}
			words = append(words, "=?"+cs+"?Q?"+b.String()+"?=")
		}
		cur = nil
	}
	for _, r := range text {
		e := mustEncode(cs, string(r))
		if len(cur)+len(e) > max {
			flush()
		}
		cur = append(cur, e...)
	}
	flush()
	return strings.Join(words, "\n ")
}

func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\n")
		s = s[76:]
	}
	b.WriteString(s)
	return b.String()
}

// quote prefixes every line with "> " (">" for empty lines), as plain-text
// clients quote.
func quote(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

// htmlLines renders plain lines as HTML with <br>, escaping.
func htmlLines(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\n", "<br>\n")
	return r.Replace(s)
}

// The notification the corpus replies to, as our templates send it.
const (
	noticeSubjectZH = "[督办#1024] 关于加快推进城镇老旧小区改造项目进度的督办通知"
	noticeSubjectEN = "[督办#1025] Task assigned: speed up the renovation of old residential compounds"
	noticeFromName  = "省住建厅协同督办平台"
	noticeFromEN    = "Provincial Housing Dept Task System"
)

// noticeZH is the Chinese notification body that replies quote. It spells
// out the commands, so a reply whose quote is not cut would be misread.
const noticeZH = `张伟 同志：

您好！省住房和城乡建设厅向贵单位交办以下督办事项：

督办编号：1024
事项名称：关于加快推进城镇老旧小区改造项目进度
承办单位：广州市住房和城乡建设局
办理时限：2025年3月14日（剩余 9 个工作日）

查看详情：https://xietong.example.gov.cn/tasks/1024

可直接回复本邮件办理，首行写：
签收
进展：（进展情况）
办结：（办理结果）
延期 YYYY-MM-DD

（本邮件由系统自动发送，请勿更改主题中的督办编号。）`

// noticeEN is the English notification body.
const noticeEN = `Dear Li Ming,

The Department of Housing and Urban-Rural Development has assigned you a task:

Task: #1025 Speed up the renovation of old residential compounds
Lead organisation: Guangzhou Housing Bureau
Deadline: 14 March 2025 (9 working days left)

View it at https://xietong.example.gov.cn/tasks/1025

Reply to this email to act on the task; write on the first line:
accept
progress: (what has been done)
done: (the result)
extend YYYY-MM-DD

(This message was sent automatically.)`
