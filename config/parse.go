package config

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// The parsers below turn one raw value into its typed form. Their errors
// omit the variable name, which Load prepends, and quote the bad value only
// when the variable is not secret.

func parseDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (want e.g. 30s, 15m, 12h)", v)
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be positive, got %q", v)
	}
	return d, nil
}

func parseInt(v string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("not an integer: %q", v)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("must be between %d and %d, got %d", lo, hi, n)
	}
	return n, nil
}

// sizeUnit returns the byte multiplier of a size suffix, case-insensitively.
func sizeUnit(u string) (int64, bool) {
	switch strings.ToLower(u) {
	case "", "b":
		return 1, true
	case "kb":
		return 1000, true
	case "mb":
		return 1000 * 1000, true
	case "gb":
		return 1000 * 1000 * 1000, true
	case "kib":
		return 1 << 10, true
	case "mib":
		return 1 << 20, true
	case "gib":
		return 1 << 30, true
	}
	return 0, false
}

// parseSize reads a positive byte count: "1048576", "1MiB", "512 KB".
func parseSize(v string) (int64, error) {
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	mult, ok := sizeUnit(strings.TrimSpace(v[i:]))
	n, err := strconv.ParseInt(v[:i], 10, 64)
	if !ok || err != nil {
		return 0, fmt.Errorf("invalid size %q (want bytes, or a number with KB, MB, KiB or MiB)", v)
	}
	if n <= 0 {
		return 0, fmt.Errorf("must be positive, got %q", v)
	}
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("too large: %q", v)
	}
	return n * mult, nil
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("want true, false, 1 or 0, got %q", v)
}

// checkAddr accepts a listen address host:port; the host may be empty.
func checkAddr(v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("invalid address %q (want host:port, e.g. 127.0.0.1:8080)", v)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("invalid port %q in %q (want 0 to 65535)", port, v)
	}
	return nil
}

// parseProxies reads a comma-separated list of IPs and CIDRs; empty items
// are skipped and every bad item is named.
func parseProxies(v string) ([]netip.Prefix, error) {
	var ps []netip.Prefix
	var bad []string
	for item := range strings.SplitSeq(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		p, err := parsePrefix(item)
		if err != nil {
			bad = append(bad, strconv.Quote(item))
			continue
		}
		ps = append(ps, p)
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("invalid IP or CIDR: %s", strings.Join(bad, ", "))
	}
	return ps, nil
}

// parsePrefix reads "10.0.0.0/8" or a single address, which becomes a /32
// or /128. IPv4-mapped IPv6 addresses become IPv4, as peers are compared so.
func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	if a.Zone() != "" {
		return netip.Prefix{}, errors.New("zoned address")
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func formatProxies(ps []netip.Prefix) string {
	ss := make([]string, len(ps))
	for i, p := range ps {
		ss[i] = p.String()
	}
	return strings.Join(ss, ",")
}

func parseLocation(v string) (*time.Location, error) {
	if v == "" {
		return nil, errors.New("must not be empty")
	}
	loc, err := time.LoadLocation(v)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", v)
	}
	return loc, nil
}

func parseLogFormat(v string) (string, error) {
	switch f := strings.ToLower(v); f {
	case "json", "text":
		return f, nil
	}
	return "", fmt.Errorf("want json or text, got %q", v)
}

func parseLevel(v string) (slog.Level, error) {
	switch strings.ToLower(v) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("want debug, info, warn or error, got %q", v)
}

func formatLevel(l slog.Level) string {
	return strings.ToLower(l.String())
}

// minSecretKey is the shortest XIETONG_SECRET_KEY accepted, in bytes.
const minSecretKey = 32

// parseSecretKey decodes a key given as hex, base64 or raw bytes; empty is
// nil. A value made only of hex digits is taken as hex, so a short hex key
// fails instead of silently being used as its ASCII text. Otherwise the
// first base64 variant that decodes to enough bytes wins, then the raw bytes.
func parseSecretKey(v string) ([]byte, error) {
	if v == "" {
		return nil, nil
	}
	if isHex(v) {
		b, err := hex.DecodeString(v)
		if err != nil {
			return nil, errors.New("invalid hex")
		}
		if len(b) < minSecretKey {
			return nil, fmt.Errorf("hex key decodes to %d bytes, need at least %d", len(b), minSecretKey)
		}
		return b, nil
	}
	encs := []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding}
	for _, enc := range encs {
		if b, err := enc.DecodeString(v); err == nil && len(b) >= minSecretKey {
			return b, nil
		}
	}
	if len(v) < minSecretKey {
		return nil, fmt.Errorf("must be at least %d bytes (raw, or decoded from hex or base64), got %d", minSecretKey, len(v))
	}
	return []byte(v), nil
}

func isHex(s string) bool {
	if len(s)%2 != 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
