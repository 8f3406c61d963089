package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xietong/config"
)

// writeFile writes content to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "xietong.env", "\uFEFF# production\r\n"+
		"\n"+
		"XIETONG_TIMEZONE=UTC\r\n"+
		"  XIETONG_HTTP_ADDR = 0.0.0.0:9000  \n"+
		"export XIETONG_LOG_FORMAT=text\n"+
		`XIETONG_MAIL_FROM="协同 <xt@example.gov.cn>"`+"\n"+
		`XIETONG_ADMIN_PASSWORD=' pass#word 1 '`+"\n"+
		"XIETONG_DATA_DIR=\n"+
		"XIETONG_TEST_DATABASE_URL=postgres://ignored\n"+
		"GOMAXPROCS=4\n"+
		"XIETONG_LOG_LEVEL=debug")
	tests := []struct {
		name string
		env  map[string]string
		get  func(c config.Config) string
		want string
	}{
		{"plain", nil, func(c config.Config) string { return c.Location.String() }, "UTC"},
		{"spaces around key and value", nil, func(c config.Config) string { return c.HTTP.Addr }, "0.0.0.0:9000"},
		{"export prefix", nil, func(c config.Config) string { return c.Log.Format }, "text"},
		{"double quotes", nil, func(c config.Config) string { return c.Mail.From }, "xt@example.gov.cn"},
		{"single quotes kept literally", nil, func(c config.Config) string { return c.AdminPassword }, " pass#word 1 "},
		{"empty value is unset", nil, func(c config.Config) string { return c.DataDir }, "./var"},
		{"last line without newline", nil, func(c config.Config) string { return c.Log.Level.String() }, "DEBUG"},
		{"env wins", map[string]string{"XIETONG_TIMEZONE": "Asia/Tokyo"},
			func(c config.Config) string { return c.Location.String() }, "Asia/Tokyo"},
		{"empty env does not win", map[string]string{"XIETONG_TIMEZONE": ""},
			func(c config.Config) string { return c.Location.String() }, "UTC"},
		{"env adds", map[string]string{"XIETONG_BASE_URL": "https://xt.example.gov.cn"},
			func(c config.Config) string { return c.BaseURL.String() }, "https://xt.example.gov.cn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]string{"XIETONG_CONFIG": path}
			for k, v := range tt.env {
				m[k] = v
			}
			if got := tt.get(mustLoad(t, m)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLoadFileProblems(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		content string
		env     map[string]string
		want    []string // whole lines; {file} stands for the path
	}{
		{"unknown key", "XIETONG_TIMEZONE=UTC\nXIETONG_TIMEZNOE=UTC\n", nil,
			[]string{"XIETONG_CONFIG: {file}:2: unknown variable XIETONG_TIMEZNOE"}},
		{"unknown even if env sets it", "XIETONG_NOPE=1\n", map[string]string{"XIETONG_NOPE": "1"},
			[]string{"XIETONG_CONFIG: {file}:1: unknown variable XIETONG_NOPE"}},
		{"_FILE of a non-secret", "XIETONG_TIMEZONE_FILE=/tz\n", nil,
			[]string{"XIETONG_CONFIG: {file}:1: unknown variable XIETONG_TIMEZONE_FILE"}},
		{"no equals", "# ok\nXIETONG_TIMEZONE UTC\n", nil,
			[]string{"XIETONG_CONFIG: {file}:2: want KEY=VALUE"}},
		{"no key", "=UTC\n", nil,
			[]string{"XIETONG_CONFIG: {file}:1: want KEY=VALUE"}},
		{"nested config", "XIETONG_CONFIG=/etc/other.env\n", nil,
			[]string{"XIETONG_CONFIG: {file}:1: XIETONG_CONFIG cannot be set inside the config file"}},
		{"duplicate", "XIETONG_TIMEZONE=UTC\n\nXIETONG_TIMEZONE=Asia/Tokyo\n", nil,
			[]string{"XIETONG_CONFIG: {file}:3: XIETONG_TIMEZONE is already set at {file}:1"}},
		{"unterminated quote", "XIETONG_ADMIN_PASSWORD=\"hunter2hunter2\n", nil,
			[]string{"XIETONG_CONFIG: {file}:1: XIETONG_ADMIN_PASSWORD: unterminated quote"}},
		{"bad value names its line", "\nXIETONG_TIMEZONE=Mars/Base\n", nil,
			[]string{`XIETONG_TIMEZONE: unknown time zone "Mars/Base" ({file}:2)`}},
		{"bad secret hides value", "XIETONG_INBOUND_SECRET=hunter2\n", nil,
			[]string{`XIETONG_INBOUND_SECRET: must be at least 16 characters, got 7 ({file}:1)`}},
		{"env fixes a bad file value", "XIETONG_TIMEZONE=Mars/Base\n", map[string]string{"XIETONG_TIMEZONE": "UTC"},
			nil},
		{"several", "XIETONG_FOO=1\nXIETONG_LOG_LEVEL=loud\nXIETONG_BAR=2\n", map[string]string{"XIETONG_HTTP_ADDR": "x"},
			[]string{
				"XIETONG_CONFIG: {file}:1: unknown variable XIETONG_FOO",
				"XIETONG_CONFIG: {file}:3: unknown variable XIETONG_BAR",
				`XIETONG_HTTP_ADDR: invalid address "x" (want host:port, e.g. 127.0.0.1:8080)`,
				`XIETONG_LOG_LEVEL: want debug, info, warn or error, got "loud" ({file}:2)`,
			}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, "c"+string(rune('a'+i))+".env", tt.content)
			m := map[string]string{"XIETONG_CONFIG": path}
			for k, v := range tt.env {
				m[k] = v
			}
			_, err := config.Load(env(m))
			got := problems(err)
			var want []string
			for _, w := range tt.want {
				want = append(want, strings.ReplaceAll(w, "{file}", path))
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestLoadFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent.env")
	_, err := config.Load(env(map[string]string{"XIETONG_CONFIG": path}))
	want := "XIETONG_CONFIG: open " + path + ": no such file or directory"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestLoadSecretFiles(t *testing.T) {
	dir := t.TempDir()
	keyFile := writeFile(t, dir, "key", hexKey+"\n")
	pwFile := writeFile(t, dir, "pw", "  spaces kept  \r\n")
	dbFile := writeFile(t, dir, "db", "postgres://xt:hunter2@db/xt\n")
	smtpFile := writeFile(t, dir, "smtp", "smtps://u:hunter2@mail")
	imapFile := writeFile(t, dir, "imap", "imaps://u:hunter2@imap/INBOX\n\n")
	inboundFile := writeFile(t, dir, "inbound", "0123456789abcdef\n")
	emptyFile := writeFile(t, dir, "empty", "\n")
	badFile := writeFile(t, dir, "bad", "hunter2\n")
	confFile := writeFile(t, dir, "conf.env", "XIETONG_SECRET_KEY_FILE="+keyFile+"\nXIETONG_ADMIN_PASSWORD_FILE=\""+pwFile+"\"\n")
	bothFile := writeFile(t, dir, "both.env", "XIETONG_SECRET_KEY="+hexKey+"\nXIETONG_SECRET_KEY_FILE="+keyFile+"\n")
	badConf := writeFile(t, dir, "badconf.env", "\nXIETONG_INBOUND_SECRET_FILE="+badFile+"\n")
	missing := filepath.Join(dir, "missing")

	good := []struct {
		name string
		env  map[string]string
		get  func(c config.Config) string
		want string
	}{
		{"secret key", map[string]string{"XIETONG_SECRET_KEY_FILE": keyFile},
			func(c config.Config) string { return string(c.SecretKey[:2]) }, "\x00\x01"},
		{"admin password keeps inner spaces", map[string]string{"XIETONG_ADMIN_PASSWORD_FILE": pwFile},
			func(c config.Config) string { return c.AdminPassword }, "  spaces kept  "},
		{"database", map[string]string{"XIETONG_DATABASE_URL_FILE": dbFile},
			func(c config.Config) string { return c.Database.Driver + " " + c.Database.URL.Host }, "postgres db"},
		{"smtp without newline", map[string]string{"XIETONG_SMTP_URL_FILE": smtpFile},
			func(c config.Config) string { return c.Mail.SMTPURL.Scheme }, "smtps"},
		{"imap", map[string]string{"XIETONG_IMAP_URL_FILE": imapFile},
			func(c config.Config) string { return c.Mail.IMAPURL.Path }, "/INBOX"},
		{"inbound", map[string]string{"XIETONG_INBOUND_SECRET_FILE": inboundFile},
			func(c config.Config) string { return c.Mail.InboundSecret }, "0123456789abcdef"},
		{"from config file", map[string]string{"XIETONG_CONFIG": confFile},
			func(c config.Config) string { return string(c.SecretKey[:2]) + c.AdminPassword }, "\x00\x01  spaces kept  "},
		{"env value beats file _FILE", map[string]string{"XIETONG_CONFIG": confFile, "XIETONG_ADMIN_PASSWORD": "from the environment"},
			func(c config.Config) string { return c.AdminPassword }, "from the environment"},
		{"env _FILE beats file _FILE", map[string]string{"XIETONG_CONFIG": confFile, "XIETONG_ADMIN_PASSWORD_FILE": inboundFile},
			func(c config.Config) string { return c.AdminPassword }, "0123456789abcdef"},
	}
	for _, tt := range good {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.get(mustLoad(t, tt.env)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}

	bad := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"both in env", map[string]string{"XIETONG_SECRET_KEY": hexKey, "XIETONG_SECRET_KEY_FILE": keyFile},
			"XIETONG_SECRET_KEY: both XIETONG_SECRET_KEY and XIETONG_SECRET_KEY_FILE are set in the environment; set only one"},
		{"both in file", map[string]string{"XIETONG_CONFIG": bothFile},
			"XIETONG_SECRET_KEY: both XIETONG_SECRET_KEY and XIETONG_SECRET_KEY_FILE are set in " + bothFile + ":1; set only one"},
		{"missing file", map[string]string{"XIETONG_SMTP_URL_FILE": missing},
			"XIETONG_SMTP_URL_FILE: open " + missing + ": no such file or directory"},
		{"empty file", map[string]string{"XIETONG_DATABASE_URL_FILE": emptyFile},
			`XIETONG_DATABASE_URL_FILE: file "` + emptyFile + `" is empty`},
		{"bad value from env _FILE", map[string]string{"XIETONG_ADMIN_PASSWORD_FILE": badFile},
			"XIETONG_ADMIN_PASSWORD: must be at least XIETONG_MIN_PASSWORD_LENGTH (10) characters, got 7 (read from XIETONG_ADMIN_PASSWORD_FILE)"},
		{"bad value from file _FILE", map[string]string{"XIETONG_CONFIG": badConf},
			"XIETONG_INBOUND_SECRET: must be at least 16 characters, got 7 (read from XIETONG_INBOUND_SECRET_FILE, " + badConf + ":2)"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Load(env(tt.env))
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q shows a secret", err)
			}
		})
	}
}
