package config

import (
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"

	_ "time/tzdata" // time zones must load on hosts without /usr/share/zoneinfo
)

// Config is the whole validated configuration of one xietong process.
// Constructors receive the sub-struct they need (cfg.Mail, cfg.HTTP), never
// the whole Config.
type Config struct {
	Database Database
	HTTP     HTTP
	// BaseURL is the absolute http or https URL users reach the server at,
	// used for links in mail. Its path never ends in "/", so
	// BaseURL.String()+"/tasks/1" is a valid link. XIETONG_BASE_URL.
	BaseURL *url.URL
	// Location is the zone of deadlines, schedules and reports. XIETONG_TIMEZONE.
	Location *time.Location
	Mail     Mail
	Auth     Auth
	Log      Log
	// Schedule says whether and when this process runs the scheduled jobs.
	Schedule Schedule
	// AdminPassword is the first admin's password; empty means the server
	// generates one and prints it once. XIETONG_ADMIN_PASSWORD.
	AdminPassword string
	// SecretKey signs reply tokens and sessions; empty means the server
	// generates one on first start and keeps it in the database, so that
	// every replica uses the same key. It is at
	// least 32 bytes. XIETONG_SECRET_KEY.
	SecretKey []byte
	// DataDir holds attachments and other files
	// the server writes. XIETONG_DATA_DIR.
	DataDir string
	// Uploads bounds what attachment uploads may take.
	Uploads Uploads
	// Applications configures the review of campaign applications.
	Applications Applications
	// Campaign holds the rules of public notices, objections and titles.
	Campaign Campaign
}

// Uploads bounds attachment uploads: how many are read at once, and how
// much one organisation may store in all.
type Uploads struct {
	Concurrency int   // XIETONG_UPLOAD_CONCURRENCY
	OrgQuota    int64 // XIETONG_ORG_STORAGE_QUOTA, bytes
}

// Database says which database to open and how.
type Database struct {
	// URL is XIETONG_DATABASE_URL as given; it may hold a password.
	URL *url.URL
	// Driver is "postgres" or "sqlite".
	Driver string
	// SQLitePath is the database file when Driver is "sqlite": the URL's
	// host and path joined, so sqlite://./var/x.db is ./var/x.db and
	// sqlite:///srv/x.db is /srv/x.db.
	SQLitePath string
	// MaxOpenConns caps the connection pool (PostgreSQL). XIETONG_DB_MAX_CONNS.
	MaxOpenConns int
}

// HTTP configures the listener, its limits and how client addresses are trusted.
type HTTP struct {
	Addr            string        // XIETONG_HTTP_ADDR, host:port
	ReadTimeout     time.Duration // XIETONG_HTTP_READ_TIMEOUT
	WriteTimeout    time.Duration // XIETONG_HTTP_WRITE_TIMEOUT
	IdleTimeout     time.Duration // XIETONG_HTTP_IDLE_TIMEOUT
	ShutdownTimeout time.Duration // XIETONG_SHUTDOWN_TIMEOUT
	BodyLimit       int64         // XIETONG_BODY_LIMIT, bytes
	UploadLimit     int64         // XIETONG_UPLOAD_LIMIT, bytes
	// TrustedProxies are the peers whose X-Forwarded-For is believed; when
	// empty, the header is ignored. Prefixes are masked (10.1.2.3/8 is
	// 10.0.0.0/8). XIETONG_TRUSTED_PROXIES.
	TrustedProxies []netip.Prefix
	// SecureCookies marks cookies Secure; it defaults to true exactly when
	// BaseURL is https. XIETONG_SECURE_COOKIES.
	SecureCookies bool
	// PprofAddr, when set, is a loopback host:port serving Go's profiler
	// (/debug/pprof/) for measuring the server; empty: off.
	// XIETONG_PPROF_ADDR.
	PprofAddr string
}

// Mail configures outgoing and incoming mail.
type Mail struct {
	// SMTPURL is nil when mail goes to the mail log. Otherwise its scheme is
	// smtp (STARTTLS, or a plain relay with ?tls=none) or smtps (implicit
	// TLS), and it has a host. XIETONG_SMTP_URL.
	SMTPURL *url.URL
	// From is the bare sender address (display name dropped). XIETONG_MAIL_FROM.
	From string
	// ReplyAddress is local@domain without '+' in the local part; reply
	// tokens go after a '+'. XIETONG_REPLY_ADDRESS.
	ReplyAddress string
	// IMAPURL is nil when the reply mailbox is not polled; otherwise imap or
	// imaps with a host, the path naming the mailbox. XIETONG_IMAP_URL.
	IMAPURL *url.URL
	// InboundSecret guards the inbound-mail HTTP endpoint; empty disables
	// the endpoint. XIETONG_INBOUND_SECRET.
	InboundSecret string
	// TrustedRelay is the authserv-id of the mail server whose
	// Authentication-Results header is believed; "" believes none.
	// XIETONG_MAIL_TRUSTED_RELAY.
	TrustedRelay string
	// SMTPRoots are the certificate authorities the SMTP transport trusts
	// (STARTTLS or smtps), read from the PEM file SMTPCAFile; nil trusts the
	// system's. XIETONG_SMTP_CA_FILE.
	SMTPRoots  *x509.CertPool
	SMTPCAFile string
	// RawRetentionDays is how long a sent message's full text is kept; after
	// it the text is dropped and the row (who, what, when, its Message-ID)
	// stays. 0 keeps every text. XIETONG_MAIL_RAW_RETENTION_DAYS.
	RawRetentionDays int
	// BusyRate is how many messages a second the relay sends while the
	// server is answering requests; 0: as many as it can. An idle server's
	// relay always sends as fast as it can. XIETONG_MAIL_BUSY_RATE.
	BusyRate int
	// InboundMaxAttachments is the most attachments kept from one inbound
	// message; the rest are dropped. XIETONG_INBOUND_MAX_ATTACHMENTS.
	InboundMaxAttachments int
	// InboundMaxBytes is the most decoded bytes of attachments kept from
	// one inbound message. XIETONG_INBOUND_MAX_BYTES.
	InboundMaxBytes int64
	// ReplyRepeatWindow is how long an applied reply's content is
	// remembered per task and sender. XIETONG_REPLY_REPEAT_WINDOW.
	ReplyRepeatWindow time.Duration
	// ReplyTokenMaxAge is how long a reply token works after its mail was
	// queued. XIETONG_REPLY_TOKEN_MAX_AGE.
	ReplyTokenMaxAge time.Duration
}

// Auth holds login and session rules.
type Auth struct {
	SessionTTL        time.Duration // XIETONG_SESSION_TTL, lifetime of a login token
	MinPasswordLength int           // XIETONG_MIN_PASSWORD_LENGTH, in characters
	// MaxLoginFailures locks an account after this many failures in a row;
	// a client address is locked after four times as many.
	// XIETONG_LOGIN_MAX_FAILURES.
	MaxLoginFailures int
	LockoutDuration  time.Duration // XIETONG_LOGIN_LOCKOUT
	// AuthCacheTTL is how long a replica answers a token from memory; a
	// change made on another replica is seen that much later.
	// XIETONG_AUTH_CACHE_TTL; 0 turns the cache off.
	AuthCacheTTL time.Duration
}

// Log configures the process logger.
type Log struct {
	Format string     // XIETONG_LOG_FORMAT, "json" or "text"
	Level  slog.Level // XIETONG_LOG_LEVEL
}

// Var documents one configuration variable.
type Var struct {
	Name    string
	Default string // the value used when unset; empty when unset means off or generated
	Meaning string
	// Secret marks a value that is never shown in errors or logs and that
	// may instead be read from the file named by Name+"_FILE".
	Secret bool
}

// configVar names the variable that points at the optional config file.
const configVar = "XIETONG_CONFIG"

// Vars returns every variable Load reads, XIETONG_CONFIG first, in the order
// a README or --help should list them. The caller owns the slice.
func Vars() []Var {
	specs := specs()
	vs := make([]Var, 0, len(specs)+1)
	vs = append(vs, Var{Name: configVar, Meaning: "path of a KEY=VALUE file with the same variables; the environment wins over it"})
	for _, s := range specs {
		vs = append(vs, Var{Name: s.name, Default: s.def, Meaning: s.meaning, Secret: s.secret})
	}
	return vs
}

// Load builds the Config from the defaults, then the file named by
// XIETONG_CONFIG if set, then getenv (os.Getenv in main). On any problem it
// returns a zero Config and all problems joined with errors.Join, one line
// each, every line starting with the variable's name, e.g.
//
//	XIETONG_TIMEZONE: unknown time zone "Mars/Base"
//
// XIETONG_* environment variables it does not know are ignored; unknown
// XIETONG_* keys in the file are errors.
func Load(getenv func(string) string) (Config, error) {
	var errs []error
	var file fileValues
	if path := strings.TrimSpace(getenv(configVar)); path != "" {
		var ferrs []error
		file, ferrs = readFile(path)
		errs = append(errs, ferrs...)
	}
	var c Config
	for _, s := range specs() {
		v, origin, err := resolve(s, getenv, file)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !s.secret {
			v = strings.TrimSpace(v)
		}
		if err := s.set(&c, v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w%s", s.name, err, origin))
		}
	}
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return c, nil
}

// resolve picks the raw value of s: the environment over the file over the
// default, an empty value counting as unset everywhere. origin is "" or a
// parenthesised note, appended to errors, saying where a value that did not
// come from the environment came from.
func resolve(s spec, getenv func(string) string, file fileValues) (v, origin string, err error) {
	fileName := s.name + "_FILE"
	fv, fp := file[s.name], file[fileName]
	ev, ep := getenv(s.name), ""
	if s.secret {
		ep = strings.TrimSpace(getenv(fileName))
		if ev != "" && ep != "" {
			return "", "", fmt.Errorf("%s: both %s and %s are set in the environment; set only one", s.name, s.name, fileName)
		}
		if fv.value != "" && fp.value != "" {
			return "", "", fmt.Errorf("%s: both %s and %s are set in %s; set only one", s.name, s.name, fileName, fv.where)
		}
	}
	switch {
	case ev != "":
		return ev, "", nil
	case ep != "":
		v, err := readSecret(fileName, ep)
		return v, " (read from " + fileName + ")", err
	case fv.value != "":
		return fv.value, " (" + fv.where + ")", nil
	case fp.value != "":
		v, err := readSecret(fileName, strings.TrimSpace(fp.value))
		return v, " (read from " + fileName + ", " + fp.where + ")", err
	}
	return s.def, "", nil
}

// readSecret returns the content of the file at path, without its trailing
// newline; name is the _FILE variable, for the error.
func readSecret(name, path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	v := strings.TrimRight(string(b), "\r\n")
	if v == "" {
		return "", fmt.Errorf("%s: file %q is empty", name, path)
	}
	return v, nil
}

// Redacted returns every variable of c (all of Vars except XIETONG_CONFIG)
// as NAME → value in the form Load accepts, safe to log: secrets that are set
// read "REDACTED", and passwords inside URLs (user info or a password query
// parameter) are replaced by "REDACTED".
func (c Config) Redacted() map[string]string {
	specs := specs()
	m := make(map[string]string, len(specs))
	for _, s := range specs {
		v := s.get(c)
		if s.redact && v != "" {
			v = redactedValue
		}
		m[s.name] = v
	}
	return m
}

// redactedValue stands in for a secret in Redacted.
const redactedValue = "REDACTED"

// redactURL formats u with its passwords replaced; nil is "".
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	r := *u
	if _, ok := r.User.Password(); ok {
		r.User = url.UserPassword(r.User.Username(), redactedValue)
	}
	if q := r.Query(); r.RawQuery != "" {
		changed := false
		for k := range q {
			if strings.Contains(strings.ToLower(k), "password") {
				q.Set(k, redactedValue)
				changed = true
			}
		}
		if changed {
			r.RawQuery = q.Encode()
		}
	}
	return r.String()
}
