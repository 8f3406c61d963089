package config

import (
	"crypto/x509"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// spec is one variable: its documentation, how its raw value lands in a
// Config and how it is read back for Redacted.
type spec struct {
	name    string
	def     string
	meaning string
	secret  bool // may come from NAME_FILE; its value never appears in errors
	redact  bool // Redacted hides the whole value (URLs hide only passwords)
	set     func(c *Config, v string) error
	get     func(c Config) string
}

// specs lists the variables in documentation order. Setters run in this
// order, so a setter may read fields set by an earlier one (SECURE_COOKIES
// reads BaseURL, ADMIN_PASSWORD reads MinPasswordLength). A setter leaves its
// field untouched when it fails. It is a function, not a package variable,
// so nothing can change the table.
func specs() []spec {
	return append([]spec{
		{
			name: "XIETONG_DATABASE_URL", def: "sqlite://./var/xietong.db", secret: true,
			meaning: "postgres://… for PostgreSQL, sqlite://PATH for the embedded store",
			set: func(c *Config, v string) error {
				return parseDatabaseURL(&c.Database, v)
			},
			get: func(c Config) string { return redactURL(c.Database.URL) },
		},
		intSpec("XIETONG_DB_MAX_CONNS", "20", "most open database connections (PostgreSQL)", 1, 1000,
			func(c *Config) *int { return &c.Database.MaxOpenConns }),
		{
			name: "XIETONG_HTTP_ADDR", def: "127.0.0.1:8080", meaning: "listen address, host:port",
			set: func(c *Config, v string) error {
				if err := checkAddr(v); err != nil {
					return err
				}
				c.HTTP.Addr = v
				return nil
			},
			get: func(c Config) string { return c.HTTP.Addr },
		},
		{
			name: "XIETONG_PPROF_ADDR", meaning: "loopback host:port (127.0.0.1:6060) serving Go's profiler at /debug/pprof/, for measuring; empty: off",
			set: func(c *Config, v string) error {
				if v == "" {
					c.HTTP.PprofAddr = ""
					return nil
				}
				if err := checkAddr(v); err != nil {
					return err
				}
				host, _, _ := net.SplitHostPort(v)
				if ip, err := netip.ParseAddr(host); host != "localhost" && (err != nil || !ip.IsLoopback()) {
					return fmt.Errorf("must be a loopback address (127.0.0.1:PORT): the profiler shows the server's internals, got %q", v)
				}
				c.HTTP.PprofAddr = v
				return nil
			},
			get: func(c Config) string { return c.HTTP.PprofAddr },
		},
		durationSpec("XIETONG_HTTP_READ_TIMEOUT", "30s", "longest time to read a request",
			func(c *Config) *time.Duration { return &c.HTTP.ReadTimeout }),
		durationSpec("XIETONG_HTTP_WRITE_TIMEOUT", "60s", "longest time to write a response",
			func(c *Config) *time.Duration { return &c.HTTP.WriteTimeout }),
		durationSpec("XIETONG_HTTP_IDLE_TIMEOUT", "120s", "how long an idle keep-alive connection stays open",
			func(c *Config) *time.Duration { return &c.HTTP.IdleTimeout }),
		durationSpec("XIETONG_SHUTDOWN_TIMEOUT", "20s", "how long shutdown waits for requests and jobs to finish",
			func(c *Config) *time.Duration { return &c.HTTP.ShutdownTimeout }),
		sizeSpec("XIETONG_BODY_LIMIT", "1MiB", "largest request body; bytes, or with a unit KB, MB, KiB, MiB",
			func(c *Config) *int64 { return &c.HTTP.BodyLimit }),
		sizeSpec("XIETONG_UPLOAD_LIMIT", "20MiB", "largest attachment upload; bytes, or with a unit KB, MB, KiB, MiB",
			func(c *Config) *int64 { return &c.HTTP.UploadLimit }),
		{
			name: "XIETONG_TRUSTED_PROXIES", meaning: "comma-separated proxy IPs or CIDRs whose X-Forwarded-For is trusted; empty: the header is ignored",
			set: func(c *Config, v string) error {
				ps, err := parseProxies(v)
				if err != nil {
					return err
				}
				c.HTTP.TrustedProxies = ps
				return nil
			},
			get: func(c Config) string { return formatProxies(c.HTTP.TrustedProxies) },
		},
		{
			// After HTTP_ADDR: the default follows it.
			name: "XIETONG_BASE_URL", meaning: "public http(s) URL of the server, used in links inside emails; empty: http:// and XIETONG_HTTP_ADDR (127.0.0.1 for all interfaces)",
			set: func(c *Config, v string) error {
				if v == "" {
					v = baseURLFromAddr(c.HTTP.Addr)
				}
				u, err := parseBaseURL(v)
				if err != nil {
					return err
				}
				c.BaseURL = u
				return nil
			},
			get: func(c Config) string { return urlString(c.BaseURL) },
		},
		{
			// After BASE_URL: the default depends on its scheme.
			name: "XIETONG_SECURE_COOKIES", meaning: "mark cookies Secure (true/false/1/0); empty: true when XIETONG_BASE_URL is https",
			set: func(c *Config, v string) error {
				if v == "" {
					c.HTTP.SecureCookies = c.BaseURL != nil && c.BaseURL.Scheme == "https"
					return nil
				}
				b, err := parseBool(v)
				if err != nil {
					return err
				}
				c.HTTP.SecureCookies = b
				return nil
			},
			get: func(c Config) string { return strconv.FormatBool(c.HTTP.SecureCookies) },
		},
		{
			name: "XIETONG_TIMEZONE", def: "Asia/Shanghai", meaning: "IANA zone of deadlines, schedules and reports",
			set: func(c *Config, v string) error {
				loc, err := parseLocation(v)
				if err != nil {
					return err
				}
				c.Location = loc
				return nil
			},
			get: func(c Config) string {
				if c.Location == nil {
					return ""
				}
				return c.Location.String()
			},
		},
		{
			name: "XIETONG_SMTP_URL", secret: true,
			meaning: "smtp://user:pass@host:port (STARTTLS required), smtps://… (implicit TLS), smtp://host:port?tls=none (plain relay); empty: the mail log",
			set: func(c *Config, v string) error {
				u, err := parseSMTPURL(v)
				if err != nil {
					return err
				}
				c.Mail.SMTPURL = u
				return nil
			},
			get: func(c Config) string { return redactURL(c.Mail.SMTPURL) },
		},
		{
			name: "XIETONG_MAIL_FROM", def: "xietong@localhost", meaning: "sender address",
			set: func(c *Config, v string) error {
				a, err := parseFrom(v)
				if err != nil {
					return err
				}
				c.Mail.From = a
				return nil
			},
			get: func(c Config) string { return c.Mail.From },
		},
		{
			name: "XIETONG_REPLY_ADDRESS", def: "reply@localhost", meaning: "reply-by-email address; tokens go in its plus part, reply+TOKEN@domain",
			set: func(c *Config, v string) error {
				if err := checkReplyAddress(v); err != nil {
					return err
				}
				c.Mail.ReplyAddress = v
				return nil
			},
			get: func(c Config) string { return c.Mail.ReplyAddress },
		},
		{
			name: "XIETONG_IMAP_URL", secret: true,
			meaning: "imaps://user:pass@host:port/INBOX (or imap://); when set, the reply mailbox is polled",
			set: func(c *Config, v string) error {
				u, err := parseIMAPURL(v)
				if err != nil {
					return err
				}
				c.Mail.IMAPURL = u
				return nil
			},
			get: func(c Config) string { return redactURL(c.Mail.IMAPURL) },
		},
		{
			name: "XIETONG_INBOUND_SECRET", secret: true, redact: true,
			meaning: "shared secret (at least 16 characters) for the inbound-mail HTTP endpoint; empty disables it",
			set: func(c *Config, v string) error {
				if n := utf8.RuneCountInString(v); v != "" && n < minInboundSecret {
					return fmt.Errorf("must be at least %d characters, got %d", minInboundSecret, n)
				}
				c.Mail.InboundSecret = v
				return nil
			},
			get: func(c Config) string { return c.Mail.InboundSecret },
		},
		{
			name:    "XIETONG_MAIL_TRUSTED_RELAY",
			meaning: "authserv-id of the mail server whose Authentication-Results are believed (mail it marks dmarc=fail is refused); empty: none",
			set: func(c *Config, v string) error {
				if strings.ContainsAny(v, " ;\t") {
					return fmt.Errorf("must be one host name (the authserv-id), got %q", v)
				}
				c.Mail.TrustedRelay = strings.ToLower(v)
				return nil
			},
			get: func(c Config) string { return c.Mail.TrustedRelay },
		},
		intSpec("XIETONG_MAIL_RAW_RETENTION_DAYS", "180",
			"days a sent message's full text is kept in the outbox (0 to 3650; 0: forever); after them the daily cleanup drops the text, the record of the message stays",
			0, 3650, func(c *Config) *int { return &c.Mail.RawRetentionDays }),
		intSpec("XIETONG_MAIL_BUSY_RATE", "100",
			"messages a second one server's relay sends while the server is answering requests (0 to 100000; 0: no limit); while it is idle the relay sends as fast as it can",
			0, 100000, func(c *Config) *int { return &c.Mail.BusyRate }),
		durationSpec("XIETONG_SESSION_TTL", "12h", "lifetime of a login token",
			func(c *Config) *time.Duration { return &c.Auth.SessionTTL }),
		intSpec("XIETONG_MIN_PASSWORD_LENGTH", "10", "shortest password accepted, in characters (8 to 128)", 8, 128,
			func(c *Config) *int { return &c.Auth.MinPasswordLength }),
		intSpec("XIETONG_LOGIN_MAX_FAILURES", "5", "failed logins before an account is locked (four times as many for a client address)", 1, 1000,
			func(c *Config) *int { return &c.Auth.MaxLoginFailures }),
		durationSpec("XIETONG_LOGIN_LOCKOUT", "15m", "how long a lock after failed logins lasts",
			func(c *Config) *time.Duration { return &c.Auth.LockoutDuration }),
		{
			name: "XIETONG_AUTH_CACHE_TTL", def: "2s",
			meaning: "how long a replica answers a sign-in token from memory (0 to 1m; 0: off); a logout or user change made on another replica is seen that much later",
			set: func(c *Config, v string) error {
				d, err := time.ParseDuration(v)
				if err != nil || d < 0 || d > time.Minute {
					return fmt.Errorf("must be a duration from 0 to 1m, got %q", v)
				}
				c.Auth.AuthCacheTTL = d
				return nil
			},
			get: func(c Config) string { return c.Auth.AuthCacheTTL.String() },
		},
		{
			name: "XIETONG_LOG_FORMAT", def: "json", meaning: "log format: json or text",
			set: func(c *Config, v string) error {
				f, err := parseLogFormat(v)
				if err != nil {
					return err
				}
				c.Log.Format = f
				return nil
			},
			get: func(c Config) string { return c.Log.Format },
		},
		{
			name: "XIETONG_LOG_LEVEL", def: "info", meaning: "least severe level logged: debug, info, warn or error",
			set: func(c *Config, v string) error {
				l, err := parseLevel(v)
				if err != nil {
					return err
				}
				c.Log.Level = l
				return nil
			},
			get: func(c Config) string { return formatLevel(c.Log.Level) },
		},
		{
			// After MIN_PASSWORD_LENGTH, which it is checked against.
			name: "XIETONG_ADMIN_PASSWORD", secret: true, redact: true,
			meaning: "password of the admin account created on first start; empty: generated and printed once",
			set: func(c *Config, v string) error {
				least := c.Auth.MinPasswordLength
				if n := utf8.RuneCountInString(v); v != "" && least > 0 && n < least {
					return fmt.Errorf("must be at least XIETONG_MIN_PASSWORD_LENGTH (%d) characters, got %d", least, n)
				}
				c.AdminPassword = v
				return nil
			},
			get: func(c Config) string { return c.AdminPassword },
		},
		{
			name: "XIETONG_SECRET_KEY", secret: true, redact: true,
			meaning: "signs reply tokens and sessions: at least 32 bytes, hex, base64 or raw; empty: generated on first start and kept in the database",
			set: func(c *Config, v string) error {
				k, err := parseSecretKey(v)
				if err != nil {
					return err
				}
				c.SecretKey = k
				return nil
			},
			get: func(c Config) string { return string(c.SecretKey) },
		},
		{
			name: "XIETONG_DATA_DIR", def: "./var", meaning: "directory for attachments and other files the server writes",
			set: func(c *Config, v string) error {
				if v == "" {
					return fmt.Errorf("must not be empty")
				}
				c.DataDir = v
				return nil
			},
			get: func(c Config) string { return c.DataDir },
		},
		{
			name:    "XIETONG_SMTP_CA_FILE",
			meaning: "PEM file of the certificate authorities the SMTP server's certificate is checked against (a private CA); empty: the system's",
			set: func(c *Config, v string) error {
				if v == "" {
					return nil
				}
				pool, err := readCertPool(v)
				if err != nil {
					return err
				}
				c.Mail.SMTPRoots, c.Mail.SMTPCAFile = pool, v
				return nil
			},
			get: func(c Config) string { return c.Mail.SMTPCAFile },
		},
		intSpec("XIETONG_INBOUND_MAX_ATTACHMENTS", "20", "most attachments kept from one inbound mail (1 to 200); the rest are dropped", 1, 200,
			func(c *Config) *int { return &c.Mail.InboundMaxAttachments }),
		sizeSpec("XIETONG_INBOUND_MAX_BYTES", "25MiB", "most bytes of attachments kept from one inbound mail; an attachment past it is dropped",
			func(c *Config) *int64 { return &c.Mail.InboundMaxBytes }),
		durationSpec("XIETONG_REPLY_REPEAT_WINDOW", "24h", "how long an applied email reply's content is remembered per task and sender: the same reply re-sent under a new Message-ID is not applied again",
			func(c *Config) *time.Duration { return &c.Mail.ReplyRepeatWindow }),
		durationSpec("XIETONG_REPLY_TOKEN_MAX_AGE", "2160h", "how long the reply token of a task mail works after the mail was queued (it also stops when the task closes)",
			func(c *Config) *time.Duration { return &c.Mail.ReplyTokenMaxAge }),
		intSpec("XIETONG_UPLOAD_CONCURRENCY", "4", "uploads read at once; one more is answered 503 with Retry-After (1 to 256)", 1, 256,
			func(c *Config) *int { return &c.Uploads.Concurrency }),
		sizeSpec("XIETONG_ORG_STORAGE_QUOTA", "10GiB", "attachment bytes one organisation may store in all; bytes, or with a unit MB, GB, MiB, GiB",
			func(c *Config) *int64 { return &c.Uploads.OrgQuota }),
	}, append(append(scheduleSpecs(), applicationSpecs()...), campaignSpecs()...)...)
}

// readCertPool reads a PEM file of CA certificates into a pool: at least
// one certificate, or an error.
func readCertPool(path string) (*x509.CertPool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("no PEM certificate in %s", path)
	}
	return pool, nil
}

// minInboundSecret is the shortest XIETONG_INBOUND_SECRET accepted.
const minInboundSecret = 16

// durationSpec is a variable holding a positive time.Duration.
func durationSpec(name, def, meaning string, field func(*Config) *time.Duration) spec {
	return spec{
		name: name, def: def, meaning: meaning,
		set: func(c *Config, v string) error {
			d, err := parseDuration(v)
			if err != nil {
				return err
			}
			*field(c) = d
			return nil
		},
		get: func(c Config) string { return field(&c).String() },
	}
}

// intSpec is a variable holding an int in [lo, hi].
func intSpec(name, def, meaning string, lo, hi int, field func(*Config) *int) spec {
	return spec{
		name: name, def: def, meaning: meaning,
		set: func(c *Config, v string) error {
			n, err := parseInt(v, lo, hi)
			if err != nil {
				return err
			}
			*field(c) = n
			return nil
		},
		get: func(c Config) string { return strconv.Itoa(*field(&c)) },
	}
}

// sizeSpec is a variable holding a positive number of bytes.
func sizeSpec(name, def, meaning string, field func(*Config) *int64) spec {
	return spec{
		name: name, def: def, meaning: meaning,
		set: func(c *Config, v string) error {
			n, err := parseSize(v)
			if err != nil {
				return err
			}
			*field(c) = n
			return nil
		},
		get: func(c Config) string { return strconv.FormatInt(*field(&c), 10) },
	}
}
