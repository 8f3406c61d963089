package inbound

import (
	"strings"

	"golang.org/x/net/html"
)

// Marks put into converted HTML, each on a line of its own, where a quote
// container starts and ends. They are private-use characters, removed from
// the input first, so they cannot be forged by the sender.
const (
	quoteStart = "\uE000"
	quoteEnd   = "\uE001"
)

// blockTags start and end a line.
var blockTags = map[string]bool{
	"p": true, "div": true, "tr": true, "li": true, "ul": true, "ol": true,
	"table": true, "blockquote": true, "pre": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "hr": true, "dl": true,
	"dt": true, "dd": true, "section": true, "article": true, "header": true,
	"footer": true, "address": true, "center": true, "form": true, "fieldset": true,
	"includetail": true,
}

// skipTags hold no reply text.
var skipTags = map[string]bool{
	"head": true, "style": true, "script": true, "title": true, "xml": true,
	"template": true, "noscript": true, "object": true, "iframe": true,
}

// quoteClasses and quoteIDs name the containers mail clients put quoted
// history (or, for a few, the signature just above it) in.
var (
	quoteClasses = []string{
		"gmail_quote", "gmail_signature", "moz-cite-prefix", "yahoo_quoted",
		"protonmail_quote", "outlookmessageheader", "mail-quote", "qmquote",
	}
	quoteIDPrefixes = []string{
		"divrplyfwdmsg", "appendonsend", "isreplycontent", "origbody",
		"mail-editor-reference-message-container", "ms-outlook-mobile-signature",
		"divneteasemailcard", "qqmailquote", "reply-content", "ntes-pcmail-quote",
		"stopspelling",
	}
)

// htmlToText converts an HTML body to plain text: line breaks for <br> and
// block elements, entities decoded, <head>, <style> and <script> dropped,
// and quote containers (Gmail's div.gmail_quote, Outlook's
// div#divRplyFwdMsg and #appendonsend, Apple's and NetEase's blockquote,
// QQ Mail's and Foxmail's <includetail>, ...) bracketed by quoteStart and
// quoteEnd lines so stripQuoted can cut there.
func htmlToText(src string) string {
	src = strings.NewReplacer(quoteStart, "", quoteEnd, "").Replace(src)
	z := html.NewTokenizer(strings.NewReader(src))
	c := converter{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		c.token(z, tt)
	}
	return c.b.String()
}

// converter holds the state of one htmlToText run.
type converter struct {
	b     strings.Builder
	skip  int    // depth inside skipTags
	pre   int    // depth inside <pre>
	quote string // tag name of the open quote container, "" outside one
	depth int    // nesting of quote's tag name inside the container
	space bool   // last thing written was whitespace
}

func (c *converter) token(z *html.Tokenizer, tt html.TokenType) {
	switch tt {
	case html.TextToken:
		if c.skip == 0 {
			c.text(string(z.Text()))
		}
	case html.StartTagToken, html.SelfClosingTagToken:
		name, hasAttr := z.TagName()
		tag := string(name)
		if skipTags[tag] && tt == html.StartTagToken {
			c.skip++
			return
		}
		if c.quote == "" && isQuoteContainer(tag, z, hasAttr) {
			c.newline()
			c.b.WriteString(quoteStart + "\n")
			if tt == html.StartTagToken && !voidTag(tag) {
				c.quote, c.depth = tag, 1
			} else {
				c.b.WriteString(quoteEnd + "\n")
			}
			return
		}
		if c.quote == tag && tt == html.StartTagToken {
			c.depth++
		}
		c.open(tag)
	case html.EndTagToken:
		name, _ := z.TagName()
		tag := string(name)
		if skipTags[tag] {
			if c.skip > 0 {
				c.skip--
			}
			return
		}
		c.close(tag)
		if c.quote == tag {
			if c.depth--; c.depth == 0 {
				c.newline()
				c.b.WriteString(quoteEnd + "\n")
				c.quote = ""
			}
		}
	}
}

func (c *converter) open(tag string) {
	switch {
	case tag == "br":
		c.b.WriteString("\n")
		c.space = true
	case tag == "pre":
		c.pre++
		c.newline()
	case tag == "td" || tag == "th":
		c.sep()
	case blockTags[tag]:
		c.newline()
	}
}

func (c *converter) close(tag string) {
	switch {
	case tag == "pre":
		if c.pre > 0 {
			c.pre--
		}
		c.newline()
	case tag == "p" && c.skip == 0:
		c.newline()
	case blockTags[tag]:
		c.newline()
	}
}

// text writes character data (the tokenizer has decoded entities),
// collapsing white space outside <pre>.
func (c *converter) text(s string) {
	if c.pre > 0 {
		c.b.WriteString(strings.ReplaceAll(s, "\r\n", "\n"))
		c.space = strings.HasSuffix(s, "\n")
		return
	}
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f':
			if !c.space {
				c.b.WriteByte(' ')
				c.space = true
			}
		default:
			c.b.WriteRune(r)
			c.space = false
		}
	}
}

// newline ends the current line unless it is already ended.
func (c *converter) newline() {
	s := c.b.String()
	if s != "" && !strings.HasSuffix(s, "\n") {
		c.b.WriteString("\n")
	}
	c.space = true
}

// sep separates table cells on one line.
func (c *converter) sep() {
	s := c.b.String()
	if s != "" && !strings.HasSuffix(s, "\n") && !c.space {
		c.b.WriteString(" ")
	}
	c.space = true
}

func voidTag(tag string) bool {
	switch tag {
	case "hr", "br", "img", "meta", "link", "input", "wbr":
		return true
	}
	return false
}

// isQuoteContainer reports whether the element the tokenizer is on starts
// quoted history. The attributes are read only here.
func isQuoteContainer(tag string, z *html.Tokenizer, hasAttr bool) bool {
	if tag == "blockquote" || tag == "includetail" {
		return true
	}
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch string(k) {
		case "class":
			cls := strings.ToLower(string(v))
			for _, q := range quoteClasses {
				for f := range strings.FieldsSeq(cls) {
					if f == q || strings.TrimPrefix(f, "x_") == q {
						return true
					}
				}
			}
		case "id", "name":
			id := strings.ToLower(string(v))
			id = strings.TrimPrefix(id, "x_")
			for _, q := range quoteIDPrefixes {
				if strings.HasPrefix(id, q) {
					return true
				}
			}
		}
	}
	return false
}
