package inbound

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"xietong/notifications/golden"
)

const corpusDir = "testdata/replies"

// corpus is every generated message, in file order.
func corpus() []corpusMail {
	all := slices.Concat(microsoftCorpus, tencentCorpus, neteaseCorpus, mobileCorpus, miscCorpus, robotCorpus, quoteStyleCorpus, charsetCorpus)
	slices.SortFunc(all, func(a, b corpusMail) int { return strings.Compare(a.name, b.name) })
	return all
}

// TestCorpusUpToDate keeps testdata/replies/*.eml equal to the Go source
// that generates them; -update rewrites them (and the goldens of TestCorpus).
func TestCorpusUpToDate(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range corpus() {
		if seen[c.name] {
			t.Fatalf("corpus name %q used twice", c.name)
		}
		seen[c.name] = true
		// A difference is the file against its source in corpus_*_test.go.
		golden.Compare(t, filepath.Join(corpusDir, c.name+".eml"), c.render(t))
	}
	if n := len(seen); n < 25 {
		t.Errorf("corpus has %d messages, want at least 25", n)
	}
}

// corpusFiles lists every .eml under testdata/replies, generated or not.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.eml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus in %s: %v", corpusDir, err)
	}
	return files
}

// TestCorpus parses each message and compares what the server would use
// with NAME.golden; -update rewrites the goldens, which are then reviewed.
func TestCorpus(t *testing.T) {
	for _, path := range corpusFiles(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".eml")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Parse(raw)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			golden.Compare(t, strings.TrimSuffix(path, ".eml")+".golden", taken(m))
		})
	}
}

// taken renders what the server takes from m, in a form made for review.
func taken(m *Message) string {
	var b strings.Builder
	line := func(k, v string) { fmt.Fprintf(&b, "%-12s %s\n", k+":", v) }
	line("from", m.From.String())
	line("to", joinAddrs(m.To))
	if len(m.Cc) > 0 {
		line("cc", joinAddrs(m.Cc))
	}
	if len(m.ReplyTo) > 0 {
		line("reply-to", joinAddrs(m.ReplyTo))
	}
	line("subject", m.Subject)
	date := "(none)"
	if !m.Date.IsZero() {
		date = m.Date.Format(time.RFC3339)
	}
	line("date", date)
	line("message-id", m.MessageID)
	auto := "no"
	if m.IsAutomatic {
		auto = "yes (" + m.AutoReason + ")"
	}
	line("automatic", auto)
	line("task", route(m))
	c := ParseCommand(m.Text)
	kind := c.Kind
	if kind == "" {
		kind = "(none)"
	}
	if c.Kind == CmdExtend {
		kind += " " + c.Date
	}
	line("command", kind)
	for _, a := range m.Attachments {
		inline := ""
		if a.Inline {
			inline = " inline"
		}
		line("attachment", fmt.Sprintf("%s (%s, %d bytes%s)", a.Filename, a.ContentType, len(a.Data), inline))
	}
	fmt.Fprintf(&b, "\n--- note ---\n%s\n--- text ---\n%s\n--- full text ---\n%s\n", c.Note, m.Text, m.FullText)
	return b.String()
}

// route finds the task the way the server does: token in a recipient
// address, then in our Message-IDs, then the subject tag.
func route(m *Message) string {
	if tok, ok := TokenFromAddresses(corpusReplyAddress, m.Recipients()...); ok {
		return "token " + tok + " (address)"
	}
	if tok, ok := TokenFromMessageIDs(m.ThreadIDs(), corpusDomain); ok {
		return "token " + tok + " (message-id)"
	}
	if id, ok := TaskTagFromSubject(m.Subject); ok {
		return fmt.Sprintf("#%d (subject tag only)", id)
	}
	return "(none)"
}

func joinAddrs(as []Address) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

// plainPartRe finds the Content-Type line of a text/plain MIME part.
var plainPartRe = regexp.MustCompile(`(?im)^Content-Type:\s*text/plain`)

// TestCorpusHTMLAgrees reads every message that has both a plain and an
// HTML body a second time with the plain part hidden, so the HTML path
// (conversion and quote containers) is held to the same command.
func TestCorpusHTMLAgrees(t *testing.T) {
	for _, path := range corpusFiles(t) {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(bytes.ToLower(raw), []byte("text/html")) || !plainPartRe.Match(raw) {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(path), ".eml")
		t.Run(name, func(t *testing.T) {
			plain, _ := Parse(raw)
			htmlOnly, _ := Parse(plainPartRe.ReplaceAll(raw, []byte("Content-Type: application/x-hidden-plain")))
			pc, hc := ParseCommand(plain.Text), ParseCommand(htmlOnly.Text)
			if pc.Kind != hc.Kind || pc.Date != hc.Date {
				t.Errorf("HTML command %q %q, plain %q %q\nHTML text:\n%s", hc.Kind, hc.Date, pc.Kind, pc.Date, htmlOnly.Text)
			}
			pf, _, _ := strings.Cut(plain.Text, "\n")
			hf, _, _ := strings.Cut(htmlOnly.Text, "\n")
			if pf != hf {
				t.Errorf("HTML first line %q, plain %q", hf, pf)
			}
			if strings.Contains(htmlOnly.Text, "可直接回复本邮件") || strings.Contains(htmlOnly.Text, "Reply to this email") {
				t.Errorf("HTML text keeps the quoted notice:\n%s", htmlOnly.Text)
			}
		})
	}
}

// FuzzParse checks that no input panics Parse and that its text is valid
// UTF-8; the corpus seeds it.
func FuzzParse(f *testing.F) {
	for _, path := range corpusFiles(f) {
		raw, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	// Shapes the corpus lacks: bare-CR lines, "\r\r\n" lines, delimiters
	// that only start a longer line, an unclosed part, many attachments.
	f.Add([]byte("From: a@b.cn\rContent-Type: multipart/mixed; boundary=b\r\r--b\rContent-Type: text/plain\r\r| quoted\r--b--\r"))
	f.Add([]byte("From: a@b.cn\r\r\nSubject: x\r\r\n\r\r\nbody"))
	f.Add([]byte("From: a@b.cn\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nA\n--bc\n--b \nContent-Type: image/png\n\nx"))
	f.Add(manyAttachments(5, 40))
	f.Fuzz(func(t *testing.T, raw []byte) {
		small := Limits{MaxAttachments: 2, MaxAttachmentBytes: 64}
		if m, err := ParseLimited(raw, small); err == nil {
			total := 0
			for _, a := range m.Attachments {
				total += len(a.Data)
			}
			if len(m.Attachments) > small.MaxAttachments || int64(total) > small.MaxAttachmentBytes {
				t.Fatalf("limits %+v passed: %d attachments, %d bytes", small, len(m.Attachments), total)
			}
		}
		m, err := Parse(raw)
		if err != nil {
			return
		}
		texts := []string{m.Text, m.FullText, m.Subject, m.From.Name, m.Sender.Name}
		for _, as := range [][]Address{m.To, m.Cc, m.ReplyTo, m.DeliveredTo} {
			for _, a := range as {
				texts = append(texts, a.Name)
			}
		}
		for _, a := range m.Attachments {
			if a.Filename == "" {
				t.Fatalf("attachment without a name: %+v", a)
			}
			texts = append(texts, a.Filename)
		}
		c := ParseCommand(m.Text)
		texts = append(texts, c.Note)
		for _, s := range texts {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
		}
		TaskTagFromSubject(m.Subject)
		TokenFromAddresses(corpusReplyAddress, m.Recipients()...)
		TokenFromMessageIDs(m.ThreadIDs(), corpusDomain)
	})
}

// BenchmarkParse parses the whole corpus once per iteration and reports
// messages per second; run with -cpu 1 for the one-core figure.
func BenchmarkParse(b *testing.B) {
	var msgs [][]byte
	size := 0
	for _, path := range corpusFiles(b) {
		raw, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		msgs = append(msgs, raw)
		size += len(raw)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, raw := range msgs {
			m, _ := Parse(raw)
			_ = ParseCommand(m.Text)
		}
	}
	b.ReportMetric(float64(b.N*len(msgs))/b.Elapsed().Seconds(), "msgs/s")
}
