package server

import "testing"

func TestAcceptLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct{ header, want string }{
		{"", langZH},
		{"en", langEN},
		{"en-US,en;q=0.9", langEN},
		{"zh-CN,zh;q=0.9,en;q=0.8", langZH},
		{"fr-FR,fr;q=0.9,en;q=0.8,zh;q=0.7", langEN},
		{"zh-TW;q=0.5, en;q=0.6", langEN},
		{"de", langZH},
		{"en;q=bogus", langZH},
	}
	for _, tt := range tests {
		if got := acceptLanguage(tt.header); got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.header, got, tt.want)
		}
	}
}
