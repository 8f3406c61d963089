package store

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id hashes passwords with argon2id and checks them. It lives here,
// beside the credentials it protects, because domain imports only the
// standard library. Hashes use the PHC string format, so parameters can be
// raised later and old hashes still verify.
type Argon2id struct {
	Time    uint32 // iterations
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultArgon2id returns RFC 9106's second recommended option (t=3,
// 64 MiB), at 2 lanes for a 2-core machine.
func DefaultArgon2id() Argon2id { return Argon2id{Time: 3, Memory: 64 * 1024, Threads: 2} }

// Hash returns the PHC-format argon2id hash of password with a random salt.
func (a Argon2id) Hash(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, a.Time, a.Memory, a.Threads, 32)
	releaseMemory()
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, a.Memory, a.Time,
		a.Threads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

var errBadHash = errors.New("unreadable password hash")

// Verify reports whether password matches hash, using the parameters stored
// in the hash.
func (Argon2id) Verify(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var v int
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 20 || p == 0 {
		return false, errBadHash
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	releaseMemory()
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// releaseMemory hands the hash's working memory (64 MiB by default) back
// to the operating system at once. Left to the runtime, a server that
// signed one user in keeps it for good, which is most of what it holds
// while idle; a sign-in is rare and slow enough that one forced collection
// costs nothing noticeable.
func releaseMemory() { debug.FreeOSMemory() }
