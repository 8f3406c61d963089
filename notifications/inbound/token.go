package inbound

import (
	"regexp"
	"strconv"
	"strings"
)

// MessageIDPrefix starts the local part of the Message-IDs xietong sends,
// "<xt.TOKEN.RANDOM@DOMAIN>", so that a reply's In-Reply-To carries the
// token even when the plus part of the reply address was dropped.
const MessageIDPrefix = "xt."

// TokenFromAddresses returns the TOKEN of the first address of the form
// local+TOKEN@domain, where local@domain is replyAddress (which may itself
// be written "Name <local@domain>" or carry a plus part, which is
// ignored). Local parts and domains compare case-insensitively and after
// IDNA conversion; the token is returned in lower case.
func TokenFromAddresses(replyAddress string, addrs ...Address) (string, bool) {
	want := NormalizeAddr(replyAddress)
	if a, ok := parseAddressLenient(replyAddress); ok {
		want = a.Addr
	}
	wantLocal, wantDomain := splitAddr(want)
	wantLocal, _, _ = strings.Cut(wantLocal, "+")
	if wantLocal == "" || wantDomain == "" {
		return "", false
	}
	for _, a := range addrs {
		local, domain := splitAddr(NormalizeAddr(a.Addr))
		if domain != wantDomain {
			continue
		}
		base, token, ok := strings.Cut(local, "+")
		if ok && base == wantLocal && token != "" {
			return token, true
		}
	}
	return "", false
}

// TokenFromMessageIDs returns the TOKEN of the first id of the form
// "xt.TOKEN.RANDOM@domain" (angle brackets optional), in lower case. Pass
// Message.ThreadIDs, nearest first.
func TokenFromMessageIDs(ids []string, domain string) (string, bool) {
	want := normalizeDomain(domain)
	for _, id := range ids {
		local, d := splitAddr(strings.Trim(strings.TrimSpace(id), "<>"))
		if d == "" || normalizeDomain(d) != want {
			continue
		}
		local = strings.ToLower(local)
		if !strings.HasPrefix(local, MessageIDPrefix) {
			continue
		}
		rest := local[len(MessageIDPrefix):]
		i := strings.LastIndexByte(rest, '.')
		if i <= 0 || i == len(rest)-1 {
			continue
		}
		return rest[:i], true
	}
	return "", false
}

// taskTagRe matches "[督办#123]", "[Task #123]" and their full-width and
// 【】 forms, after width folding.
var taskTagRe = regexp.MustCompile(`(?i)[\[【]\s*(督办|督辦|任务|任務|task)\s*#\s*(\d{1,18})\s*[\]】]`)

// TaskTagFromSubject finds the task tag xietong puts in subjects
// ("[督办#123]", also "[Task #123]", "【督办＃123】") and returns the id.
// A tag names a task but proves nothing about the sender.
func TaskTagFromSubject(subject string) (int64, bool) {
	m := taskTagRe.FindStringSubmatch(string(foldWidth([]rune(subject))))
	if m == nil {
		return 0, false
	}
	id, err := strconv.ParseInt(m[2], 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}
