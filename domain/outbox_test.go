package domain

import (
	"strings"
	"testing"
	"time"
)

func TestReplyToken(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	issued := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	day := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	tok := ReplyToken(key, 42, 7, "", issued)
	if got, ok := ParseReplyToken(key, tok, ""); !ok || got != (ReplyTarget{TaskID: 42, UserID: 7, Issued: day}) {
		t.Fatalf("round trip: got %+v, %v", got, ok)
	}
	if _, ok := ParseReplyToken(key, strings.ToUpper(tok), ""); !ok {
		t.Error("tokens must survive mail systems that change case")
	}
	contact := ReplyToken(key, 42, 0, "Office@Police.gov.cn", issued)
	if _, ok := ParseReplyToken(key, contact, "office@police.gov.cn"); !ok {
		t.Error("contact-address token must verify for its address")
	}
	bad := []struct {
		name, tok, addr string
		key             []byte
	}{
		{"other task", ReplyToken(key, 43, 7, "", issued)[:3] + tok[3:], "", key},
		{"younger", strings.Replace(tok, "d20150k", "d20170k", 1), "", key},
		{"day dropped", strings.Replace(tok, "d20150", "", 1), "", key},
		{"other user", "t42u8" + tok[len("t42u7"):], "", key},
		{"other key", tok, "", []byte("another key of thirty-two bytes!")},
		{"contact token for another address", contact, "someone@else.cn", key},
		{"truncated", tok[:len(tok)-2], "", key},
		{"garbage", "hello", "", key},
		{"empty", "", "", key},
	}
	for _, b := range bad {
		if _, ok := ParseReplyToken(b.key, b.tok, b.addr); ok {
			t.Errorf("%s: accepted", b.name)
		}
	}
	// A token of the first format (no day) still verifies, with no day.
	legacy := "t42u7k" + strings.ToLower(tokenEnc.EncodeToString(replyMAC(key, 42, 7, "", -1)))
	if got, ok := ParseReplyToken(key, legacy, ""); !ok || got != (ReplyTarget{TaskID: 42, UserID: 7}) {
		t.Errorf("first-format token: got %+v, %v", got, ok)
	}
	for _, r := range tok {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			t.Fatalf("token %q has %q, not safe in an address local part", tok, r)
		}
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempts int
		jitter   float64
		want     time.Duration
	}{
		{1, 0, 30 * time.Second},
		{2, 0, time.Minute},
		{4, 0, 4 * time.Minute},
		{8, 0, time.Hour}, // 30 s << 7 is 64 min, capped
		{20, 0, time.Hour},
		{1, 0.5, 33 * time.Second},
	}
	for _, tt := range tests {
		if got := Backoff(tt.attempts, tt.jitter); got != tt.want {
			t.Errorf("Backoff(%d, %v): got %v, want %v", tt.attempts, tt.jitter, got, tt.want)
		}
	}
}
