package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Database, SMTP and IMAP URLs may carry passwords, so their errors name
// the part that is wrong, never the URL itself.

// errMalformedURL hides url.Parse's error, which quotes the whole URL.
var errMalformedURL = errors.New("malformed URL")

func parseDatabaseURL(d *Database, v string) error {
	if v == "" {
		return errors.New("must not be empty")
	}
	u, err := url.Parse(v)
	if err != nil {
		return errMalformedURL
	}
	switch u.Scheme {
	case "postgres", "postgresql":
		d.URL, d.Driver, d.SQLitePath = u, "postgres", ""
		return nil
	case "sqlite":
		// url.Parse puts a relative path's first segment in Host:
		// sqlite://./var/x.db has Host "." and Path "/var/x.db".
		path := u.Opaque
		if path == "" {
			path = u.Host + u.Path
		}
		if path == "" {
			return errors.New("sqlite URL has no file path (e.g. sqlite://./var/xietong.db)")
		}
		d.URL, d.Driver, d.SQLitePath = u, "sqlite", path
		return nil
	}
	return fmt.Errorf("unsupported scheme %q (want postgres://, postgresql:// or sqlite://)", u.Scheme)
}

// parseServerURL parses a mail server URL: one of schemes, a host and a
// valid port if any. Empty is nil.
func parseServerURL(v string, schemes ...string) (*url.URL, error) {
	if v == "" {
		return nil, nil
	}
	u, err := url.Parse(v)
	if err != nil {
		return nil, errMalformedURL
	}
	if !slices.Contains(schemes, u.Scheme) {
		return nil, fmt.Errorf("unsupported scheme %q (want %s)", u.Scheme, strings.Join(schemes, " or "))
	}
	if u.Hostname() == "" {
		return nil, errors.New("URL has no host")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("invalid port %q", p)
		}
	}
	if u.Fragment != "" {
		return nil, errors.New("URL must not have a fragment")
	}
	return u, nil
}

func parseSMTPURL(v string) (*url.URL, error) {
	u, err := parseServerURL(v, "smtp", "smtps")
	if u == nil || err != nil {
		return nil, err
	}
	if u.Path != "" && u.Path != "/" {
		return nil, errors.New("SMTP URL must not have a path")
	}
	return u, checkTLSQuery(u, "smtp")
}

// parseIMAPURL accepts imaps:// (implicit TLS) and imap:// (STARTTLS
// required; ?tls=none for a server on a trusted network); the path names
// the mailbox.
func parseIMAPURL(v string) (*url.URL, error) {
	u, err := parseServerURL(v, "imap", "imaps")
	if u == nil || err != nil {
		return nil, err
	}
	return u, checkTLSQuery(u, "imap")
}

// checkTLSQuery allows only tls=none or tls=starttls, and only on the plain
// scheme (the implicit-TLS scheme is always TLS).
func checkTLSQuery(u *url.URL, plain string) error {
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return errMalformedURL
	}
	for k, vs := range q {
		if k != "tls" {
			return fmt.Errorf("unknown query parameter %q (only tls=none or tls=starttls)", k)
		}
		if u.Scheme != plain {
			return fmt.Errorf("tls= is allowed only with %s://; %ss:// is always TLS", plain, plain)
		}
		if len(vs) != 1 || (vs[0] != "none" && vs[0] != "starttls") {
			return fmt.Errorf("tls must be none or starttls, got %q", strings.Join(vs, ","))
		}
	}
	return nil
}

// baseURLFromAddr returns the base URL a browser on this machine reaches
// the listen address at: http://HOST:PORT, with 127.0.0.1 for an address
// that listens on every interface, since that has no name to link to.
func baseURLFromAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://127.0.0.1:8080"
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// parseBaseURL accepts an absolute http(s) URL with an optional path
// prefix, and trims the path's trailing slashes so links can be appended.
func parseBaseURL(v string) (*url.URL, error) {
	u, err := url.Parse(v)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("invalid URL %q: %v", v, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("must be an absolute http:// or https:// URL, got %q", v)
	case u.Host == "":
		return nil, fmt.Errorf("has no host: %q", v)
	case u.User != nil:
		return nil, fmt.Errorf("must not contain user info: %q", u.Redacted())
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return nil, fmt.Errorf("must not have a query or fragment: %q", v)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

func urlString(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.String()
}

// parseFrom accepts an address in any RFC 5322 form and returns it bare.
func parseFrom(v string) (string, error) {
	a, err := mail.ParseAddress(v)
	if err != nil {
		return "", fmt.Errorf("invalid address %q: %v", v, err)
	}
	return a.Address, nil
}

// checkReplyAddress accepts a bare local@domain whose local part has no '+',
// since reply tokens are added as local+TOKEN@domain.
func checkReplyAddress(v string) error {
	a, err := mail.ParseAddress(v)
	if err != nil {
		return fmt.Errorf("invalid address %q: %v", v, err)
	}
	if a.Name != "" || a.Address != v {
		return fmt.Errorf("must be a bare address like reply@example.com, got %q", v)
	}
	local := v[:strings.LastIndex(v, "@")]
	if strings.Contains(local, "+") {
		return fmt.Errorf("local part must not contain '+' (reply tokens are added after one), got %q", v)
	}
	return nil
}
