package config_test

import (
	"encoding/base64"
	"errors"
	"log/slog"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"xietong/config"
)

// env turns a map into a getenv function.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// mustLoad loads m or fails the test.
func mustLoad(t *testing.T, m map[string]string) config.Config {
	t.Helper()
	c, err := config.Load(env(m))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// problems splits a Load error into its lines.
func problems(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

const (
	hexKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	rawKey = "correct horse battery staple, but longer"
)

func TestLoadDefaults(t *testing.T) {
	c := mustLoad(t, nil)
	tests := []struct {
		name      string
		got, want any
	}{
		{"database url", c.Database.URL.String(), "sqlite://./var/xietong.db"},
		{"driver", c.Database.Driver, "sqlite"},
		{"sqlite path", c.Database.SQLitePath, "./var/xietong.db"},
		{"max conns", c.Database.MaxOpenConns, 20},
		{"addr", c.HTTP.Addr, "127.0.0.1:8080"},
		{"read timeout", c.HTTP.ReadTimeout, 30 * time.Second},
		{"write timeout", c.HTTP.WriteTimeout, 60 * time.Second},
		{"idle timeout", c.HTTP.IdleTimeout, 120 * time.Second},
		{"shutdown timeout", c.HTTP.ShutdownTimeout, 20 * time.Second},
		{"body limit", c.HTTP.BodyLimit, int64(1 << 20)},
		{"upload limit", c.HTTP.UploadLimit, int64(20 << 20)},
		{"trusted proxies", len(c.HTTP.TrustedProxies), 0},
		{"secure cookies", c.HTTP.SecureCookies, false},
		{"base url", c.BaseURL.String(), "http://127.0.0.1:8080"},
		{"location", c.Location.String(), "Asia/Shanghai"},
		{"smtp", c.Mail.SMTPURL == nil, true},
		{"from", c.Mail.From, "xietong@localhost"},
		{"reply", c.Mail.ReplyAddress, "reply@localhost"},
		{"imap", c.Mail.IMAPURL == nil, true},
		{"inbound secret", c.Mail.InboundSecret, ""},
		{"session ttl", c.Auth.SessionTTL, 12 * time.Hour},
		{"min password", c.Auth.MinPasswordLength, 10},
		{"max failures", c.Auth.MaxLoginFailures, 5},
		{"lockout", c.Auth.LockoutDuration, 15 * time.Minute},
		{"auth cache", c.Auth.AuthCacheTTL, 2 * time.Second},
		{"log format", c.Log.Format, "json"},
		{"log level", c.Log.Level, slog.LevelInfo},
		{"admin password", c.AdminPassword, ""},
		{"secret key", len(c.SecretKey), 0},
		{"data dir", c.DataDir, "./var"},
		{"inbound max attachments", c.Mail.InboundMaxAttachments, 20},
		{"raw mail retention", c.Mail.RawRetentionDays, 180},
		{"inbound max bytes", c.Mail.InboundMaxBytes, int64(25 << 20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestLoadGood(t *testing.T) {
	shanghai8 := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		env  map[string]string
		get  func(c config.Config) any
		want any
	}{
		{"postgres", map[string]string{"XIETONG_DATABASE_URL": "postgres://u:p@db:5432/x?sslmode=disable"},
			func(c config.Config) any { return [2]string{c.Database.Driver, c.Database.SQLitePath} }, [2]string{"postgres", ""}},
		{"postgresql", map[string]string{"XIETONG_DATABASE_URL": "postgresql:///x?host=/run/postgresql"},
			func(c config.Config) any { return c.Database.Driver }, "postgres"},
		{"max conns", map[string]string{"XIETONG_DB_MAX_CONNS": "1000"},
			func(c config.Config) any { return c.Database.MaxOpenConns }, 1000},
		{"addr all interfaces", map[string]string{"XIETONG_HTTP_ADDR": ":9000"},
			func(c config.Config) any { return c.HTTP.Addr }, ":9000"},
		{"addr ipv6 port 0", map[string]string{"XIETONG_HTTP_ADDR": "[::1]:0"},
			func(c config.Config) any { return c.HTTP.Addr }, "[::1]:0"},
		{"addr trimmed", map[string]string{"XIETONG_HTTP_ADDR": " localhost:80 "},
			func(c config.Config) any { return c.HTTP.Addr }, "localhost:80"},
		{"base url follows the port", map[string]string{"XIETONG_HTTP_ADDR": "127.0.0.1:9090"},
			func(c config.Config) any { return c.BaseURL.String() }, "http://127.0.0.1:9090"},
		{"base url follows all interfaces", map[string]string{"XIETONG_HTTP_ADDR": ":9000"},
			func(c config.Config) any { return c.BaseURL.String() }, "http://127.0.0.1:9000"},
		{"base url follows ipv6", map[string]string{"XIETONG_HTTP_ADDR": "[::]:8081"},
			func(c config.Config) any { return c.BaseURL.String() }, "http://127.0.0.1:8081"},
		{"base url follows a host name", map[string]string{"XIETONG_HTTP_ADDR": "xt.internal:80"},
			func(c config.Config) any { return c.BaseURL.String() }, "http://xt.internal:80"},
		{"base url given wins", map[string]string{"XIETONG_HTTP_ADDR": ":9000", "XIETONG_BASE_URL": "https://xt.example.gov.cn/"},
			func(c config.Config) any { return c.BaseURL.String() }, "https://xt.example.gov.cn"},
		{"read timeout", map[string]string{"XIETONG_HTTP_READ_TIMEOUT": "1m30s"},
			func(c config.Config) any { return c.HTTP.ReadTimeout }, 90 * time.Second},
		{"write timeout", map[string]string{"XIETONG_HTTP_WRITE_TIMEOUT": "5s"},
			func(c config.Config) any { return c.HTTP.WriteTimeout }, 5 * time.Second},
		{"idle timeout", map[string]string{"XIETONG_HTTP_IDLE_TIMEOUT": "500ms"},
			func(c config.Config) any { return c.HTTP.IdleTimeout }, 500 * time.Millisecond},
		{"shutdown timeout", map[string]string{"XIETONG_SHUTDOWN_TIMEOUT": "1h"},
			func(c config.Config) any { return c.HTTP.ShutdownTimeout }, time.Hour},
		{"body limit bytes", map[string]string{"XIETONG_BODY_LIMIT": "4096"},
			func(c config.Config) any { return c.HTTP.BodyLimit }, int64(4096)},
		{"body limit KB", map[string]string{"XIETONG_BODY_LIMIT": "512KB"},
			func(c config.Config) any { return c.HTTP.BodyLimit }, int64(512000)},
		{"body limit KiB spaced", map[string]string{"XIETONG_BODY_LIMIT": "512 kib"},
			func(c config.Config) any { return c.HTTP.BodyLimit }, int64(512 << 10)},
		{"upload limit MB", map[string]string{"XIETONG_UPLOAD_LIMIT": "5MB"},
			func(c config.Config) any { return c.HTTP.UploadLimit }, int64(5000000)},
		{"upload limit MiB", map[string]string{"XIETONG_UPLOAD_LIMIT": "5MiB"},
			func(c config.Config) any { return c.HTTP.UploadLimit }, int64(5 << 20)},
		{"inbound max attachments", map[string]string{"XIETONG_INBOUND_MAX_ATTACHMENTS": "5"},
			func(c config.Config) any { return c.Mail.InboundMaxAttachments }, 5},
		{"raw mail kept forever", map[string]string{"XIETONG_MAIL_RAW_RETENTION_DAYS": "0"},
			func(c config.Config) any { return c.Mail.RawRetentionDays }, 0},
		{"inbound max bytes", map[string]string{"XIETONG_INBOUND_MAX_BYTES": "10MiB"},
			func(c config.Config) any { return c.Mail.InboundMaxBytes }, int64(10 << 20)},
		{"trusted proxies", map[string]string{"XIETONG_TRUSTED_PROXIES": "10.1.2.3/8, 192.168.1.1,::1,, ::ffff:172.16.0.1"},
			func(c config.Config) any { return c.HTTP.TrustedProxies }, []netip.Prefix{
				netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.1/32"),
				netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("172.16.0.1/32")}},
		{"secure cookies follow https", map[string]string{"XIETONG_BASE_URL": "https://xt.example.gov.cn"},
			func(c config.Config) any { return c.HTTP.SecureCookies }, true},
		{"secure cookies off on https", map[string]string{"XIETONG_BASE_URL": "https://xt.example.gov.cn", "XIETONG_SECURE_COOKIES": "false"},
			func(c config.Config) any { return c.HTTP.SecureCookies }, false},
		{"secure cookies 1 on http", map[string]string{"XIETONG_SECURE_COOKIES": "1"},
			func(c config.Config) any { return c.HTTP.SecureCookies }, true},
		{"secure cookies TRUE", map[string]string{"XIETONG_SECURE_COOKIES": "TRUE"},
			func(c config.Config) any { return c.HTTP.SecureCookies }, true},
		{"secure cookies 0", map[string]string{"XIETONG_SECURE_COOKIES": "0"},
			func(c config.Config) any { return c.HTTP.SecureCookies }, false},
		{"base url trailing slash trimmed", map[string]string{"XIETONG_BASE_URL": "https://xt.example.gov.cn/app/"},
			func(c config.Config) any { return c.BaseURL.String() }, "https://xt.example.gov.cn/app"},
		{"base url root slash trimmed", map[string]string{"XIETONG_BASE_URL": "http://localhost:8080/"},
			func(c config.Config) any { return c.BaseURL.String() + "/tasks/1" }, "http://localhost:8080/tasks/1"},
		{"timezone UTC", map[string]string{"XIETONG_TIMEZONE": "UTC"},
			func(c config.Config) any { return shanghai8.In(c.Location).Hour() }, 9},
		{"timezone Urumqi", map[string]string{"XIETONG_TIMEZONE": "Asia/Urumqi"},
			func(c config.Config) any { return shanghai8.In(c.Location).Hour() }, 15},
		{"smtp starttls", map[string]string{"XIETONG_SMTP_URL": "smtp://u:p@mail.example.com:587"},
			func(c config.Config) any { return c.Mail.SMTPURL.Host }, "mail.example.com:587"},
		{"smtp tls none", map[string]string{"XIETONG_SMTP_URL": "smtp://relay:25?tls=none"},
			func(c config.Config) any { return c.Mail.SMTPURL.Query().Get("tls") }, "none"},
		{"smtp tls starttls", map[string]string{"XIETONG_SMTP_URL": "smtp://relay:25/?tls=starttls"},
			func(c config.Config) any { return c.Mail.SMTPURL.Query().Get("tls") }, "starttls"},
		{"smtps", map[string]string{"XIETONG_SMTP_URL": "smtps://u:p%40ss@mail.example.com"},
			func(c config.Config) any { p, _ := c.Mail.SMTPURL.User.Password(); return p }, "p@ss"},
		{"from bare", map[string]string{"XIETONG_MAIL_FROM": "noreply@example.gov.cn"},
			func(c config.Config) any { return c.Mail.From }, "noreply@example.gov.cn"},
		{"from with name", map[string]string{"XIETONG_MAIL_FROM": "=?utf-8?b?5Y2P5ZCM?= <xt@example.gov.cn>"},
			func(c config.Config) any { return c.Mail.From }, "xt@example.gov.cn"},
		{"reply address", map[string]string{"XIETONG_REPLY_ADDRESS": "huifu@example.gov.cn"},
			func(c config.Config) any { return c.Mail.ReplyAddress }, "huifu@example.gov.cn"},
		{"imaps", map[string]string{"XIETONG_IMAP_URL": "imaps://u:p@imap.example.com:993/INBOX"},
			func(c config.Config) any { return c.Mail.IMAPURL.Path }, "/INBOX"},
		{"imap", map[string]string{"XIETONG_IMAP_URL": "imap://imap.example.com"},
			func(c config.Config) any { return c.Mail.IMAPURL.Scheme }, "imap"},
		{"inbound secret", map[string]string{"XIETONG_INBOUND_SECRET": "0123456789abcdef"},
			func(c config.Config) any { return c.Mail.InboundSecret }, "0123456789abcdef"},
		{"inbound secret keeps spaces", map[string]string{"XIETONG_INBOUND_SECRET": " 0123456789abcdef "},
			func(c config.Config) any { return c.Mail.InboundSecret }, " 0123456789abcdef "},
		{"session ttl", map[string]string{"XIETONG_SESSION_TTL": "24h"},
			func(c config.Config) any { return c.Auth.SessionTTL }, 24 * time.Hour},
		{"min password 8", map[string]string{"XIETONG_MIN_PASSWORD_LENGTH": "8"},
			func(c config.Config) any { return c.Auth.MinPasswordLength }, 8},
		{"min password 128", map[string]string{"XIETONG_MIN_PASSWORD_LENGTH": "128"},
			func(c config.Config) any { return c.Auth.MinPasswordLength }, 128},
		{"max failures", map[string]string{"XIETONG_LOGIN_MAX_FAILURES": "3"},
			func(c config.Config) any { return c.Auth.MaxLoginFailures }, 3},
		{"lockout", map[string]string{"XIETONG_LOGIN_LOCKOUT": "1h"},
			func(c config.Config) any { return c.Auth.LockoutDuration }, time.Hour},
		{"log text", map[string]string{"XIETONG_LOG_FORMAT": "TEXT"},
			func(c config.Config) any { return c.Log.Format }, "text"},
		{"log debug", map[string]string{"XIETONG_LOG_LEVEL": "debug"},
			func(c config.Config) any { return c.Log.Level }, slog.LevelDebug},
		{"log warn", map[string]string{"XIETONG_LOG_LEVEL": "WARN"},
			func(c config.Config) any { return c.Log.Level }, slog.LevelWarn},
		{"log error", map[string]string{"XIETONG_LOG_LEVEL": "error"},
			func(c config.Config) any { return c.Log.Level }, slog.LevelError},
		{"admin password at minimum", map[string]string{"XIETONG_ADMIN_PASSWORD": "协同办公系统密码一二"},
			func(c config.Config) any { return c.AdminPassword }, "协同办公系统密码一二"},
		{"admin password with lower minimum", map[string]string{"XIETONG_ADMIN_PASSWORD": "eightchr", "XIETONG_MIN_PASSWORD_LENGTH": "8"},
			func(c config.Config) any { return c.AdminPassword }, "eightchr"},
		{"secret key hex", map[string]string{"XIETONG_SECRET_KEY": hexKey},
			func(c config.Config) any { return c.SecretKey[31] }, byte(31)},
		{"secret key base64", map[string]string{"XIETONG_SECRET_KEY": base64.StdEncoding.EncodeToString(make([]byte, 32))},
			func(c config.Config) any { return c.SecretKey }, make([]byte, 32)},
		{"secret key base64url raw", map[string]string{"XIETONG_SECRET_KEY": base64.RawURLEncoding.EncodeToString([]byte(strings.Repeat("\xff", 33)))},
			func(c config.Config) any { return string(c.SecretKey) }, strings.Repeat("\xff", 33)},
		{"secret key raw", map[string]string{"XIETONG_SECRET_KEY": rawKey},
			func(c config.Config) any { return string(c.SecretKey) }, rawKey},
		{"data dir", map[string]string{"XIETONG_DATA_DIR": "/srv/xietong"},
			func(c config.Config) any { return c.DataDir }, "/srv/xietong"},
		{"unknown env ignored", map[string]string{"XIETONG_NOPE": "x", "XIETONG_TEST_DATABASE_URL": "postgres://x"},
			func(c config.Config) any { return c.DataDir }, "./var"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustLoad(t, tt.env)
			if got := tt.get(c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLoadBad(t *testing.T) {
	tests := []struct {
		name string
		key  string
		val  string
		want string // the whole error
	}{
		{"database scheme", "XIETONG_DATABASE_URL", "mysql://u:hunter2@h/db",
			`XIETONG_DATABASE_URL: unsupported scheme "mysql" (want postgres://, postgresql:// or sqlite://)`},
		{"database no scheme", "XIETONG_DATABASE_URL", "./var/x.db",
			`XIETONG_DATABASE_URL: unsupported scheme "" (want postgres://, postgresql:// or sqlite://)`},
		{"database malformed", "XIETONG_DATABASE_URL", "postgres://u:hunter2@h:port/db",
			`XIETONG_DATABASE_URL: malformed URL`},
		{"sqlite no path", "XIETONG_DATABASE_URL", "sqlite://",
			`XIETONG_DATABASE_URL: sqlite URL has no file path (e.g. sqlite://./var/xietong.db)`},
		{"inbound max attachments zero", "XIETONG_INBOUND_MAX_ATTACHMENTS", "0",
			`XIETONG_INBOUND_MAX_ATTACHMENTS: must be between 1 and 200, got 0`},
		{"max conns zero", "XIETONG_DB_MAX_CONNS", "0",
			`XIETONG_DB_MAX_CONNS: must be between 1 and 1000, got 0`},
		{"max conns huge", "XIETONG_DB_MAX_CONNS", "1001",
			`XIETONG_DB_MAX_CONNS: must be between 1 and 1000, got 1001`},
		{"max conns word", "XIETONG_DB_MAX_CONNS", "many",
			`XIETONG_DB_MAX_CONNS: not an integer: "many"`},
		{"addr no port", "XIETONG_HTTP_ADDR", "127.0.0.1",
			`XIETONG_HTTP_ADDR: invalid address "127.0.0.1" (want host:port, e.g. 127.0.0.1:8080)`},
		{"addr port range", "XIETONG_HTTP_ADDR", ":65536",
			`XIETONG_HTTP_ADDR: invalid port "65536" in ":65536" (want 0 to 65535)`},
		{"addr named port", "XIETONG_HTTP_ADDR", "localhost:http",
			`XIETONG_HTTP_ADDR: invalid port "http" in "localhost:http" (want 0 to 65535)`},
		{"pprof on every interface", "XIETONG_PPROF_ADDR", ":6060",
			`XIETONG_PPROF_ADDR: must be a loopback address (127.0.0.1:PORT): the profiler shows the server's internals, got ":6060"`},
		{"pprof public", "XIETONG_PPROF_ADDR", "10.0.0.1:6060",
			`XIETONG_PPROF_ADDR: must be a loopback address (127.0.0.1:PORT): the profiler shows the server's internals, got "10.0.0.1:6060"`},
		{"read timeout unit", "XIETONG_HTTP_READ_TIMEOUT", "30",
			`XIETONG_HTTP_READ_TIMEOUT: invalid duration "30" (want e.g. 30s, 15m, 12h)`},
		{"write timeout zero", "XIETONG_HTTP_WRITE_TIMEOUT", "0s",
			`XIETONG_HTTP_WRITE_TIMEOUT: must be positive, got "0s"`},
		{"idle timeout negative", "XIETONG_HTTP_IDLE_TIMEOUT", "-1m",
			`XIETONG_HTTP_IDLE_TIMEOUT: must be positive, got "-1m"`},
		{"shutdown timeout words", "XIETONG_SHUTDOWN_TIMEOUT", "soon",
			`XIETONG_SHUTDOWN_TIMEOUT: invalid duration "soon" (want e.g. 30s, 15m, 12h)`},
		{"body limit unit", "XIETONG_BODY_LIMIT", "1TB",
			`XIETONG_BODY_LIMIT: invalid size "1TB" (want bytes, or a number with KB, MB, KiB or MiB)`},
		{"body limit fraction", "XIETONG_BODY_LIMIT", "1.5MB",
			`XIETONG_BODY_LIMIT: invalid size "1.5MB" (want bytes, or a number with KB, MB, KiB or MiB)`},
		{"body limit zero", "XIETONG_BODY_LIMIT", "0",
			`XIETONG_BODY_LIMIT: must be positive, got "0"`},
		{"upload limit unit only", "XIETONG_UPLOAD_LIMIT", "MiB",
			`XIETONG_UPLOAD_LIMIT: invalid size "MiB" (want bytes, or a number with KB, MB, KiB or MiB)`},
		{"upload limit overflow", "XIETONG_UPLOAD_LIMIT", "9223372036854775807GiB",
			`XIETONG_UPLOAD_LIMIT: too large: "9223372036854775807GiB"`},
		{"trusted proxies", "XIETONG_TRUSTED_PROXIES", "10.0.0.0/33, 10.0.0.1, proxy.local",
			`XIETONG_TRUSTED_PROXIES: invalid IP or CIDR: "10.0.0.0/33", "proxy.local"`},
		{"trusted proxies zone", "XIETONG_TRUSTED_PROXIES", "fe80::1%eth0",
			`XIETONG_TRUSTED_PROXIES: invalid IP or CIDR: "fe80::1%eth0"`},
		{"secure cookies", "XIETONG_SECURE_COOKIES", "yes",
			`XIETONG_SECURE_COOKIES: want true, false, 1 or 0, got "yes"`},
		{"base url scheme", "XIETONG_BASE_URL", "ftp://example.com",
			`XIETONG_BASE_URL: must be an absolute http:// or https:// URL, got "ftp://example.com"`},
		{"base url relative", "XIETONG_BASE_URL", "/xietong",
			`XIETONG_BASE_URL: must be an absolute http:// or https:// URL, got "/xietong"`},
		{"base url no host", "XIETONG_BASE_URL", "https:///x",
			`XIETONG_BASE_URL: has no host: "https:///x"`},
		{"base url user", "XIETONG_BASE_URL", "https://u:hunter2@example.com",
			`XIETONG_BASE_URL: must not contain user info: "https://u:xxxxx@example.com"`},
		{"base url query", "XIETONG_BASE_URL", "https://example.com/?a=1",
			`XIETONG_BASE_URL: must not have a query or fragment: "https://example.com/?a=1"`},
		{"base url malformed", "XIETONG_BASE_URL", "http://[::1",
			`XIETONG_BASE_URL: invalid URL "http://[::1": missing ']' in host`},
		{"timezone", "XIETONG_TIMEZONE", "Mars/Base",
			`XIETONG_TIMEZONE: unknown time zone "Mars/Base"`},
		{"timezone offset", "XIETONG_TIMEZONE", "+08:00",
			`XIETONG_TIMEZONE: unknown time zone "+08:00"`},
		{"smtp scheme", "XIETONG_SMTP_URL", "http://u:hunter2@mail",
			`XIETONG_SMTP_URL: unsupported scheme "http" (want smtp or smtps)`},
		{"smtp no host", "XIETONG_SMTP_URL", "smtp://u:hunter2@:25",
			`XIETONG_SMTP_URL: URL has no host`},
		{"smtp port", "XIETONG_SMTP_URL", "smtp://u:hunter2@mail:0",
			`XIETONG_SMTP_URL: invalid port "0"`},
		{"smtp path", "XIETONG_SMTP_URL", "smtp://u:hunter2@mail/x",
			`XIETONG_SMTP_URL: SMTP URL must not have a path`},
		{"smtp tls value", "XIETONG_SMTP_URL", "smtp://u:hunter2@mail?tls=yes",
			`XIETONG_SMTP_URL: tls must be none or starttls, got "yes"`},
		{"smtps tls", "XIETONG_SMTP_URL", "smtps://u:hunter2@mail?tls=none",
			`XIETONG_SMTP_URL: tls= is allowed only with smtp://; smtps:// is always TLS`},
		{"smtp query", "XIETONG_SMTP_URL", "smtp://u:hunter2@mail?auth=plain",
			`XIETONG_SMTP_URL: unknown query parameter "auth" (only tls=none or tls=starttls)`},
		{"smtp malformed", "XIETONG_SMTP_URL", "smtp://u:hunter2@mail:x",
			`XIETONG_SMTP_URL: malformed URL`},
		{"from", "XIETONG_MAIL_FROM", "xietong",
			`XIETONG_MAIL_FROM: invalid address "xietong": mail: missing '@' or angle-addr`},
		{"from empty name", "XIETONG_MAIL_FROM", "协同 办公",
			`XIETONG_MAIL_FROM: invalid address "协同 办公": mail: no angle-addr`},
		{"reply plus", "XIETONG_REPLY_ADDRESS", "reply+x@example.com",
			`XIETONG_REPLY_ADDRESS: local part must not contain '+' (reply tokens are added after one), got "reply+x@example.com"`},
		{"reply name", "XIETONG_REPLY_ADDRESS", "Reply <reply@example.com>",
			`XIETONG_REPLY_ADDRESS: must be a bare address like reply@example.com, got "Reply <reply@example.com>"`},
		{"reply no domain", "XIETONG_REPLY_ADDRESS", "reply",
			`XIETONG_REPLY_ADDRESS: invalid address "reply": mail: missing '@' or angle-addr`},
		{"imap scheme", "XIETONG_IMAP_URL", "pop3://u:hunter2@mail",
			`XIETONG_IMAP_URL: unsupported scheme "pop3" (want imap or imaps)`},
		{"imap no host", "XIETONG_IMAP_URL", "imaps:///INBOX",
			`XIETONG_IMAP_URL: URL has no host`},
		{"inbound secret short", "XIETONG_INBOUND_SECRET", "hunter2",
			`XIETONG_INBOUND_SECRET: must be at least 16 characters, got 7`},
		{"session ttl", "XIETONG_SESSION_TTL", "0",
			`XIETONG_SESSION_TTL: must be positive, got "0"`},
		{"auth cache too long", "XIETONG_AUTH_CACHE_TTL", "5m",
			`XIETONG_AUTH_CACHE_TTL: must be a duration from 0 to 1m, got "5m"`},
		{"auth cache negative", "XIETONG_AUTH_CACHE_TTL", "-1s",
			`XIETONG_AUTH_CACHE_TTL: must be a duration from 0 to 1m, got "-1s"`},
		{"min password low", "XIETONG_MIN_PASSWORD_LENGTH", "7",
			`XIETONG_MIN_PASSWORD_LENGTH: must be between 8 and 128, got 7`},
		{"min password high", "XIETONG_MIN_PASSWORD_LENGTH", "129",
			`XIETONG_MIN_PASSWORD_LENGTH: must be between 8 and 128, got 129`},
		{"max failures", "XIETONG_LOGIN_MAX_FAILURES", "-1",
			`XIETONG_LOGIN_MAX_FAILURES: must be between 1 and 1000, got -1`},
		{"lockout", "XIETONG_LOGIN_LOCKOUT", "15",
			`XIETONG_LOGIN_LOCKOUT: invalid duration "15" (want e.g. 30s, 15m, 12h)`},
		{"log format", "XIETONG_LOG_FORMAT", "logfmt",
			`XIETONG_LOG_FORMAT: want json or text, got "logfmt"`},
		{"log level", "XIETONG_LOG_LEVEL", "trace",
			`XIETONG_LOG_LEVEL: want debug, info, warn or error, got "trace"`},
		{"admin password short", "XIETONG_ADMIN_PASSWORD", "hunter2",
			`XIETONG_ADMIN_PASSWORD: must be at least XIETONG_MIN_PASSWORD_LENGTH (10) characters, got 7`},
		{"secret key short raw", "XIETONG_SECRET_KEY", "hunter2",
			`XIETONG_SECRET_KEY: must be at least 32 bytes (raw, or decoded from hex or base64), got 7`},
		{"secret key short hex", "XIETONG_SECRET_KEY", hexKey[:62],
			`XIETONG_SECRET_KEY: hex key decodes to 31 bytes, need at least 32`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Load(env(map[string]string{tt.key: tt.val}))
			if err == nil {
				t.Fatalf("got no error, want %q", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q shows a secret", err)
			}
		})
	}
}

func TestLoadDataDirEmptyIsDefault(t *testing.T) {
	// An empty variable counts as unset, so no value can be empty by accident.
	c := mustLoad(t, map[string]string{"XIETONG_DATA_DIR": "", "XIETONG_TIMEZONE": ""})
	if c.DataDir != "./var" || c.Location.String() != "Asia/Shanghai" {
		t.Errorf("got %q %q, want ./var Asia/Shanghai", c.DataDir, c.Location)
	}
}

func TestLoadJoinsProblems(t *testing.T) {
	c, err := config.Load(env(map[string]string{
		"XIETONG_TIMEZONE":            "Mars/Base",
		"XIETONG_HTTP_READ_TIMEOUT":   "forever",
		"XIETONG_DATABASE_URL":        "mysql://x",
		"XIETONG_MIN_PASSWORD_LENGTH": "3",
		"XIETONG_ADMIN_PASSWORD":      "short",
		"XIETONG_SMTP_URL":            "smtps://mail?tls=none",
	}))
	if err == nil {
		t.Fatal("got no error, want one per bad variable")
	}
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		t.Fatalf("got %T, want an errors.Join error", err)
	}
	if c.DataDir != "" {
		t.Errorf("got a partial Config %+v, want the zero Config", c)
	}
	// The admin password is not checked against a minimum that failed.
	want := []string{
		"XIETONG_DATABASE_URL: ",
		"XIETONG_HTTP_READ_TIMEOUT: ",
		"XIETONG_TIMEZONE: ",
		"XIETONG_SMTP_URL: ",
		"XIETONG_MIN_PASSWORD_LENGTH: ",
	}
	got := problems(err)
	if len(got) != len(want) {
		t.Fatalf("got %d problems %q, want %d", len(got), got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d: got %q, want it to start with %q", i, got[i], want[i])
		}
	}
}

func TestLoadSQLitePaths(t *testing.T) {
	tests := []struct {
		url, want string
	}{
		{"sqlite://./var/xietong.db", "./var/xietong.db"},
		{"sqlite://../data/x.db", "../data/x.db"},
		{"sqlite://x.db", "x.db"},
		{"sqlite://var/x.db", "var/x.db"},
		{"sqlite:///srv/xietong/x.db", "/srv/xietong/x.db"},
		{"sqlite:/srv/x.db", "/srv/x.db"},
		{"sqlite:./x.db", "./x.db"},
		{"sqlite:///srv/my%20data/x.db", "/srv/my data/x.db"},
		{"sqlite://./var/x.db?_pragma=busy_timeout(1)", "./var/x.db"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c := mustLoad(t, map[string]string{"XIETONG_DATABASE_URL": tt.url})
			if c.Database.Driver != "sqlite" {
				t.Errorf("got driver %q, want sqlite", c.Database.Driver)
			}
			if c.Database.SQLitePath != tt.want {
				t.Errorf("got %q, want %q", c.Database.SQLitePath, tt.want)
			}
		})
	}
}
