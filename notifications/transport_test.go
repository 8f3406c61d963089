package notifications_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"xietong/notifications"
)

// TestNewSMTPRefusesWhatItCannotDial: a URL the transport could not use is
// refused when the transport is built, and the error does not quote it.
func TestNewSMTPRefusesWhatItCannotDial(t *testing.T) {
	tests := []struct {
		name string
		url  *url.URL
		want string
	}{
		{"none", nil, "smtp url: none"},
		{"scheme", &url.URL{Scheme: "http", Host: "mx.test"}, `smtp url: unsupported scheme "http"`},
		{"host", &url.URL{Scheme: "smtp", Host: ":25"}, "smtp url: no host"},
		{"port", &url.URL{Scheme: "smtp", Host: "mx.test:smtp", User: url.UserPassword("u", "s3cret")}, `smtp url: bad port "smtp"`},
		{"port range", &url.URL{Scheme: "smtps", Host: "mx.test:70000"}, `smtp url: bad port "70000"`},
		{"query", &url.URL{Scheme: "smtp", Host: "mx.test", RawQuery: "auth=plain"}, `unknown query parameter "auth"`},
		{"tls on smtps", &url.URL{Scheme: "smtps", Host: "mx.test", RawQuery: "tls=none"}, "tls= is allowed only with smtp://"},
		{"tls value", &url.URL{Scheme: "smtp", Host: "mx.test", RawQuery: "tls=maybe"}, "tls must be none or starttls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := notifications.NewSMTP(tt.url, time.Second)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
	for _, ok := range []string{"smtp://mx.test", "smtp://u:p@mx.test:587?tls=starttls", "smtp://mx.test?tls=none", "smtps://mx.test"} {
		u, _ := url.Parse(ok)
		if _, err := notifications.NewSMTP(u, time.Second); err != nil {
			t.Errorf("%s: got %v, want a transport", ok, err)
		}
	}
}
