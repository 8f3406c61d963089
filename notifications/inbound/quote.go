package inbound

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Line kinds found by classify.
const (
	lineText   = iota
	lineQuoted // "> ..."
	lineAttrib // "On … wrote:", "在 … 写道：", possibly wrapped over several lines
	lineCut    // a separator, a header block or a signature: nothing after it is the reply
)

// lineKind is what classify says about one line.
type lineKind struct {
	kind int
	span int // lines an attribution covers
}

var (
	// separatorRe matches the rule lines clients put above quoted or
	// forwarded mail: Outlook "-----原始邮件-----", Foxmail and QQ Mail
	// "------------------ 原始邮件 ------------------", NetEase
	// "---- 回复的原邮件 ----", Huawei "-------- 原始邮件 --------".
	separatorRe = regexp.MustCompile(`(?i)^[-—–_=*\s]{2,}\s*(原始邮件|原始郵件|原邮件|原郵件|回复的原邮件|回復的原郵件|original message|original|replied message|reply message|forwarded message|转发邮件|转发的邮件|轉寄郵件|邮件原文|forwarded)\s*(信息)?\s*[-—–_=*\s]{2,}$`)
	// forwardRe matches Apple Mail's forward line, which has no rule.
	forwardRe = regexp.MustCompile(`(?i)^(begin forwarded message|开始转发的邮件|開始轉寄的郵件)\s*:?$`)
	// headerRe matches one line of the header block Outlook, Foxmail and
	// QQ Mail write above quoted mail ("发件人: …", "From: …"), in Chinese,
	// English, German, French, Spanish, Portuguese, Italian, Dutch and the
	// Nordic languages ("Von:", "De :", "Van:", "Från:", "Lähettäjä:", …).
	headerRe = regexp.MustCompile(`(?i)^[*|]?\s*(发件人|發件人|寄件者|寄件人|from|von|de|van|från|fra|lähettäjä|da|` +
		`发送时间|發送時間|寄件日期|日期|时间|時間|sent|date|gesendet|datum|envoyé|enviado|enviado el|enviada em|fecha|data|inviato|verzonden|skickat|sendt|lähetetty|päivämäärä|` +
		`收件人|收件者|to|an|à|a|para|aan|till|til|vastaanottaja|` +
		`抄送|副本|cc|kopie|kopia|kopi|kopio|` +
		`主题|主題|主旨|subject|betreff|objet|asunto|assunto|oggetto|onderwerp|ämne|emne|aihe)\s*[*|]?\s*:`)
	fromKeys = map[string]bool{"发件人": true, "發件人": true, "寄件者": true, "寄件人": true, "from": true,
		"von": true, "de": true, "van": true, "från": true, "fra": true, "lähettäjä": true, "da": true}
	// underscoreRe is Outlook's rule above the header block.
	underscoreRe = regexp.MustCompile(`^_{10,}$`)
	// attribRes match the one-line introductions of quoted mail, after
	// the line and up to two lines above it are joined with spaces (Gmail
	// wraps them).
	attribRes = []*regexp.Regexp{
		regexp.MustCompile(`^(在|於)\s*.{0,40}\d.{0,240}(写道|寫道)\s*:?$`),
		regexp.MustCompile(`^.{0,160}(于|於)\s*\d{4}.{0,160}(写道|寫道)\s*:?$`),
		regexp.MustCompile(`^\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}.{0,240}(写道|寫道)\s*:?$`),
		regexp.MustCompile(`(?i)^on\s.{4,300}\s(wrote|writes)\s*:$`),
		regexp.MustCompile(`(?i)^.{1,200}<[^<>\s]+@[^<>\s]+>\s*(wrote|writes)\s*:$`),
		// Foxmail 6: "======= 2025-03-03 09:01:12 您在来信中写道：======="
		regexp.MustCompile(`(?i)^={3,}\s*.{0,80}(写道|寫道|wrote)\s*:?\s*={3,}$`),
		// Zoho: "---- On Mon, 03 Mar 2025 09:01:12 +0800 X <x@y> wrote ----"
		// and "---- 在 星期一, 2025-03-03 09:01:12 X <x@y> 撰写 ----".
		regexp.MustCompile(`(?i)^-{2,}\s*(on|在|於)\s.{4,300}\s(wrote|writes|撰写|撰寫|写道|寫道)\s*:?\s*-{2,}$`),
	}
	// signatureRes match the last line of a reply written on a phone or
	// web client, and the "-- " delimiter.
	signatureRes = []*regexp.Regexp{
		regexp.MustCompile(`^--$`),
		regexp.MustCompile(`(?i)^(发自|来自|發自|寄自|从|從)\s*(我的)?\s*.{0,20}(iphone|ipad|ios|android|手机|手機|平板|客户端|邮箱大师|郵箱大師|邮箱|郵箱|mail|outlook|华为|荣耀|小米|vivo|oppo|三星|harmonyos|wps|企业微信|钉钉)\s*.{0,12}(发送)?$`),
		regexp.MustCompile(`(?i)^sent (from|with|via) (my |mail for |outlook|yahoo|spark|the mail app|samsung|huawei|xiaomi|honor|windows|android|ios|ipad|iphone).{0,40}$`),
		regexp.MustCompile(`(?i)^(get|download) outlook for (ios|android)$`),
		regexp.MustCompile(`(?i)^获取\s*(outlook for (ios|android)|(android|ios)\s*版\s*outlook)$`),
		regexp.MustCompile(`(?i)^从\s*windows\s*版?\s*邮件\s*发送$`),
	}
)

// lineNorm maps the characters clients use interchangeably in markers to
// one form: NBSP and ideographic spaces to spaces, the full-width colon
// and ">" to ASCII.
var lineNorm = strings.NewReplacer(
	"&nbsp;", " ", "\u00a0", " ", "\u3000", " ", "：", ":", "＞", ">",
	"\ufeff", "", "\u200b", "",
)

// normLine is a line as the marker patterns see it.
func normLine(s string) string {
	return strings.TrimSpace(lineNorm.Replace(s))
}

// removeQuoteMarks drops the marks htmlToText leaves, for FullText.
func removeQuoteMarks(s string) string {
	if !strings.Contains(s, quoteStart) && !strings.Contains(s, quoteEnd) {
		return s
	}
	return strings.NewReplacer(quoteStart, "", quoteEnd, "").Replace(s)
}

// stripQuoted returns the part of a body the sender wrote in this reply.
//
// A reply is cut at the first quote container of an HTML body, or the
// first marker of quoted history or a signature. The one exception is a
// reply that begins with "> " quotes (bottom-posting or answering inline,
// common with Thunderbird and mutt): then the quoted lines and their
// attribution are dropped and the sender's lines between them kept.
func stripQuoted(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := cutHTMLQuotes(strings.Split(s, "\n"))
	kinds := classify(lines)
	out := make([]string, 0, len(lines))
	inline := false
	for i := 0; i < len(lines); i++ {
		k := kinds[i]
		switch k.kind {
		case lineQuoted:
			if !inline && hasContent(out) {
				return strings.Join(out, "\n")
			}
			inline = true
			continue
		case lineAttrib:
			next := i + k.span
			for next < len(lines) && normLine(lines[next]) == "" {
				next++
			}
			if next < len(lines) && kinds[next].kind == lineQuoted && (inline || !hasContent(out)) {
				inline = true
				i += k.span - 1
				continue
			}
			return strings.Join(out, "\n")
		case lineCut:
			return strings.Join(out, "\n")
		}
		out = append(out, lines[i])
	}
	return strings.Join(out, "\n")
}

// cutHTMLQuotes applies the quote marks of htmlToText: the text above the
// first container when there is any, otherwise the text outside all of
// them (a reply written below the quote).
func cutHTMLQuotes(lines []string) []string {
	first := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == quoteStart {
			first = i
			break
		}
	}
	if first < 0 {
		return lines
	}
	if hasContent(lines[:first]) {
		return lines[:first]
	}
	out := make([]string, 0, len(lines))
	depth := 0
	for _, l := range lines {
		switch strings.TrimSpace(l) {
		case quoteStart:
			depth++
		case quoteEnd:
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				out = append(out, l)
			}
		}
	}
	return out
}

// classify finds the marker lines of a body.
func classify(lines []string) []lineKind {
	norm := make([]string, len(lines))
	for i, l := range lines {
		norm[i] = normLine(l)
	}
	kinds := make([]lineKind, len(lines))
	for i, n := range norm {
		switch {
		case n == "":
		case strings.HasPrefix(n, ">"):
			kinds[i].kind = lineQuoted
		case isRule(n), forwardRe.MatchString(n), isSignature(n), isHeaderBlock(norm, i):
			kinds[i].kind = lineCut
		case underscoreRe.MatchString(n):
			if j := nextNonEmpty(norm, i+1); j < len(norm) && isHeaderBlock(norm, j) {
				kinds[i].kind = lineCut
			}
		case isPipeQuote(n):
			kinds[i].kind = lineQuoted
		}
	}
	for j, n := range norm {
		if !endsAttribution(n) || utf8.RuneCountInString(n) > 400 {
			continue
		}
		joined, best := "", -1
		for i := j; i >= 0 && i >= j-3 && norm[i] != "" && kinds[i].kind == lineText; i-- {
			if joined == "" {
				joined = norm[i]
			} else {
				joined = norm[i] + " " + joined
			}
			// The first match ends the search unless an earlier line
			// starts a longer one with "On"/"在"/a date: "X <x@y>\nwrote:"
			// matches alone, but "On Monday,\nX <x@y>\nwrote:" is one.
			if ok, anchored := isAttribution(joined); ok && anchored {
				best = i
				break
			} else if ok && best < 0 {
				best = i
			}
		}
		if best >= 0 {
			kinds[best] = lineKind{kind: lineAttrib, span: j - best + 1}
		}
	}
	return kinds
}

// isAttribution reports whether s is an attribution, and whether it starts
// with its own marker ("On", "在", a date) rather than with a name.
func isAttribution(s string) (ok, anchored bool) {
	if utf8.RuneCountInString(s) > 400 {
		return false, false
	}
	for i, re := range attribRes {
		if re.MatchString(s) {
			return true, !unanchoredAttrib[i]
		}
	}
	return false, false
}

// unanchoredAttrib marks the attribRes entries that start with a name, so
// may match a tail of a longer attribution.
var unanchoredAttrib = map[int]bool{1: true, 4: true}

// isRule reports a separator line; the first byte is checked before the
// regexp because most lines are text.
func isRule(n string) bool {
	if r, _ := utf8.DecodeRuneInString(n); !strings.ContainsRune("-_=*—–", r) {
		return false
	}
	return separatorRe.MatchString(n)
}

// endsAttribution reports a line ending the way attributions end ("写道：",
// "wrote:", Foxmail 6's "写道：=======", Zoho's "wrote ----"), cheaply; the
// line may be "wrote:" alone, the end of a wrapped attribution.
func endsAttribution(n string) bool {
	n = strings.TrimRight(n, " \t=:-")
	for _, suffix := range []string{"写道", "寫道", "撰写", "撰寫"} {
		if strings.HasSuffix(n, suffix) {
			return true
		}
	}
	if len(n) < 5 {
		return false
	}
	tail := strings.ToLower(n[max(0, len(n)-6):])
	return strings.HasSuffix(tail, "wrote") || strings.HasSuffix(tail, "writes")
}

// isPipeQuote reports a line quoted with "|" (Pegasus, some OA gateways),
// but not a row of a table pasted as text, which also ends with "|".
func isPipeQuote(n string) bool {
	return n == "|" || strings.HasPrefix(n, "|") && !strings.HasSuffix(n, "|")
}

func isSignature(n string) bool {
	if i := strings.LastIndexByte(n, '<'); i > 0 && strings.HasSuffix(n, ">") {
		n = strings.TrimSpace(n[:i]) // "Get Outlook for iOS<https://aka.ms/o0ukef>"
	}
	if utf8.RuneCountInString(n) > 60 {
		return false
	}
	for _, re := range signatureRes {
		if re.MatchString(n) {
			return true
		}
	}
	return false
}

// isHeaderBlock reports a "From:"/"发件人:" line followed within six lines
// by another header line (Sent/Date/To/Subject and their Chinese forms).
func isHeaderBlock(norm []string, i int) bool {
	if !strings.Contains(norm[i], ":") {
		return false
	}
	m := headerRe.FindStringSubmatch(norm[i])
	if m == nil || !fromKeys[strings.ToLower(m[1])] {
		return false
	}
	for j := i + 1; j < len(norm) && j <= i+6; j++ {
		if !strings.Contains(norm[j], ":") {
			continue
		}
		if m := headerRe.FindStringSubmatch(norm[j]); m != nil && !fromKeys[strings.ToLower(m[1])] {
			return true
		}
	}
	return false
}

func nextNonEmpty(norm []string, i int) int {
	for i < len(norm) && norm[i] == "" {
		i++
	}
	return i
}

// hasContent reports whether any line has visible text.
func hasContent(lines []string) bool {
	for _, l := range lines {
		if normLine(l) != "" {
			return true
		}
	}
	return false
}
