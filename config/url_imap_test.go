package config

import (
	"strings"
	"testing"
)

func TestIMAPURLTLSQuery(t *testing.T) {
	tests := []struct {
		value   string
		wantErr string
	}{
		{"imap://u:p@mail.example.cn:143/INBOX", ""},
		{"imap://u:p@mail.example.cn:143/INBOX?tls=none", ""},
		{"imap://u:p@mail.example.cn/INBOX?tls=nope", "tls must be none or starttls"},
		{"imaps://u:p@mail.example.cn/INBOX?tls=none", "always TLS"},
		{"imap://u:p@mail.example.cn/INBOX?mode=x", "unknown query parameter"},
	}
	for _, tt := range tests {
		_, err := parseIMAPURL(tt.value)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s: got %v, want %q", tt.value, err, tt.wantErr)
		}
	}
}
