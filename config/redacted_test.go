package config_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"xietong/config"
)

func TestRedacted(t *testing.T) {
	c := mustLoad(t, map[string]string{
		"XIETONG_DATABASE_URL":    "postgres://xt:hunter2@db/xt?sslmode=disable",
		"XIETONG_SMTP_URL":        "smtp://mailer:hunter2@mail:587",
		"XIETONG_IMAP_URL":        "imaps://reply@example.com:hunter2@imap/INBOX",
		"XIETONG_INBOUND_SECRET":  "hunter2hunter2hunter2",
		"XIETONG_ADMIN_PASSWORD":  "hunter2hunter2",
		"XIETONG_SECRET_KEY":      hexKey,
		"XIETONG_TRUSTED_PROXIES": "10.0.0.0/8,127.0.0.1",
	})
	got := c.Redacted()
	tests := []struct {
		key, want string
	}{
		{"XIETONG_DATABASE_URL", "postgres://xt:REDACTED@db/xt?sslmode=disable"},
		{"XIETONG_SMTP_URL", "smtp://mailer:REDACTED@mail:587"},
		{"XIETONG_IMAP_URL", "imaps://reply%40example.com:REDACTED@imap/INBOX"},
		{"XIETONG_INBOUND_SECRET", "REDACTED"},
		{"XIETONG_ADMIN_PASSWORD", "REDACTED"},
		{"XIETONG_SECRET_KEY", "REDACTED"},
		{"XIETONG_TRUSTED_PROXIES", "10.0.0.0/8,127.0.0.1/32"},
		{"XIETONG_TIMEZONE", "Asia/Shanghai"},
		{"XIETONG_HTTP_READ_TIMEOUT", "30s"},
		{"XIETONG_BODY_LIMIT", "1048576"},
		{"XIETONG_LOG_LEVEL", "info"},
		{"XIETONG_SECURE_COOKIES", "false"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got[tt.key] != tt.want {
				t.Errorf("got %q, want %q", got[tt.key], tt.want)
			}
		})
	}
	for k, v := range got {
		if strings.Contains(v, "hunter2") || strings.Contains(v, hexKey) {
			t.Errorf("%s: got %q, shows a secret", k, v)
		}
	}
	t.Run("password query parameter", func(t *testing.T) {
		c := mustLoad(t, map[string]string{"XIETONG_DATABASE_URL": "postgres:///xt?host=db&password=hunter2"})
		want := "postgres:///xt?host=db&password=REDACTED"
		if got := c.Redacted()["XIETONG_DATABASE_URL"]; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("unset secrets are empty", func(t *testing.T) {
		got := mustLoad(t, nil).Redacted()
		for _, k := range []string{"XIETONG_ADMIN_PASSWORD", "XIETONG_SECRET_KEY", "XIETONG_SMTP_URL"} {
			if got[k] != "" {
				t.Errorf("%s: got %q, want empty", k, got[k])
			}
		}
	})
	t.Run("zero config", func(t *testing.T) {
		if got := len(config.Config{}.Redacted()); got != len(config.Vars())-1 {
			t.Errorf("got %d entries, want %d", got, len(config.Vars())-1)
		}
	})
}

// TestRedactedRoundTrips loads what Redacted prints, without the secrets,
// and gets the same Redacted back: every value is in a form Load accepts.
func TestRedactedRoundTrips(t *testing.T) {
	first := mustLoad(t, map[string]string{
		"XIETONG_BASE_URL":        "https://xt.example.gov.cn/app/",
		"XIETONG_TRUSTED_PROXIES": "10.0.0.0/8",
		"XIETONG_UPLOAD_LIMIT":    "3MB",
		"XIETONG_LOG_LEVEL":       "warn",
		"XIETONG_SMTP_URL":        "smtp://relay:25?tls=none",
	}).Redacted()
	second := mustLoad(t, first).Redacted()
	if !maps.Equal(first, second) {
		t.Errorf("got %v, want %v", second, first)
	}
}

func TestVars(t *testing.T) {
	vs := config.Vars()
	if vs[0].Name != "XIETONG_CONFIG" {
		t.Errorf("got first %q, want XIETONG_CONFIG", vs[0].Name)
	}
	var names []string
	for _, v := range vs {
		if !strings.HasPrefix(v.Name, "XIETONG_") || v.Meaning == "" {
			t.Errorf("got %+v, want a XIETONG_ name and a meaning", v)
		}
		names = append(names, v.Name)
	}
	redacted := slices.Sorted(maps.Keys(mustLoad(t, nil).Redacted()))
	if want := slices.Sorted(slices.Values(names[1:])); !slices.Equal(redacted, want) {
		t.Errorf("got Redacted keys %q, want %q", redacted, want)
	}
	var secrets []string
	for _, v := range vs {
		if v.Secret {
			secrets = append(secrets, v.Name)
		}
	}
	wantSecrets := []string{"XIETONG_DATABASE_URL", "XIETONG_SMTP_URL", "XIETONG_IMAP_URL",
		"XIETONG_INBOUND_SECRET", "XIETONG_ADMIN_PASSWORD", "XIETONG_SECRET_KEY"}
	if !slices.Equal(secrets, wantSecrets) {
		t.Errorf("got secrets %q, want %q", secrets, wantSecrets)
	}
	vs[0].Name = "changed"
	if config.Vars()[0].Name != "XIETONG_CONFIG" {
		t.Error("got a shared slice, want a fresh one per call")
	}
}

// TestVarsDefaultsLoad sets every documented default explicitly and expects
// the same Config as loading nothing.
func TestVarsDefaultsLoad(t *testing.T) {
	m := map[string]string{}
	for _, v := range config.Vars() {
		m[v.Name] = v.Default
	}
	got, want := mustLoad(t, m).Redacted(), mustLoad(t, nil).Redacted()
	if !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
