package server

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// readableMail is a message as sent, decoded for a person to read: the
// headers that say who, what and how it threads (RFC 2047 words decoded),
// the plain-text part, and the names of any attachments.
type readableMail struct {
	Headers     []mailHeader
	Text        string
	Attachments []string
}

// mailHeader is one decoded header line.
type mailHeader struct {
	Name, Value string
}

// shownHeaders are the headers the mail page shows, in this order.
var shownHeaders = []string{"From", "To", "Reply-To", "Subject", "Date", "Message-ID",
	"In-Reply-To", "References", "Auto-Submitted"}

const (
	maxMailText  = 1 << 20 // bytes of plain text shown
	maxMailDepth = 8       // nested multiparts followed
)

var mailWords = &mime.WordDecoder{CharsetReader: charsetReader}

// charsetReader decodes text in a declared charset to UTF-8. Our own mail
// is UTF-8; the others (GBK, GB18030, Big5) are here so that any stored
// message reads correctly.
func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(charset)) {
	case "", "utf-8", "utf8", "us-ascii":
		return r, nil
	}
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return nil, fmt.Errorf("charset %q: %w", charset, err)
	}
	return enc.NewDecoder().Reader(r), nil
}

// readMail parses a stored message. An error means the message is not
// well-formed MIME; what was read before it is returned too.
func readMail(raw []byte) (readableMail, error) {
	var rm readableMail
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return rm, err
	}
	for _, name := range shownHeaders {
		v := m.Header.Get(name)
		if v == "" {
			continue
		}
		if d, err := mailWords.DecodeHeader(v); err == nil {
			v = d
		}
		rm.Headers = append(rm.Headers, mailHeader{Name: name, Value: v})
	}
	return rm, rm.walk(textproto.MIMEHeader(m.Header), m.Body, 0)
}

// walk reads one part: a multipart's parts in order, the first plain-text
// part as the text, attachments by name. HTML parts are the same words as
// the text part and are not shown.
func (rm *readableMail) walk(h textproto.MIMEHeader, body io.Reader, depth int) error {
	mt, params := "text/plain", map[string]string{}
	if ct := h.Get("Content-Type"); ct != "" {
		var err error
		if mt, params, err = mime.ParseMediaType(ct); err != nil {
			return fmt.Errorf("content type %q: %w", ct, err)
		}
	}
	if strings.HasPrefix(mt, "multipart/") {
		if depth >= maxMailDepth || params["boundary"] == "" {
			return errors.New("multipart without a boundary, or nested too deep")
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := rm.walk(p.Header, p, depth+1); err != nil {
				return err
			}
		}
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	if name := cmp.Or(dparams["filename"], params["name"]); disp == "attachment" || name != "" {
		if d, err := mailWords.DecodeHeader(name); err == nil {
			name = d
		}
		rm.Attachments = append(rm.Attachments, name)
		return nil
	}
	if mt != "text/plain" || rm.Text != "" {
		return nil
	}
	r, err := charsetReader(params["charset"], transferDecoder(h.Get("Content-Transfer-Encoding"), body))
	if err != nil {
		return err
	}
	b, err := io.ReadAll(io.LimitReader(r, maxMailText))
	if err != nil {
		return err
	}
	rm.Text = strings.ReplaceAll(string(b), "\r\n", "\n")
	return nil
}

// transferDecoder undoes a part's Content-Transfer-Encoding.
func transferDecoder(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r) // skips the line breaks
	}
	return r
}
