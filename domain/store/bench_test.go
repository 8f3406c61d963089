package store_test

import (
	"testing"

	"xietong/domain/store"
)

// BenchmarkArgon2idVerify is the CPU a sign-in costs with the production
// parameters (t=3, 64 MiB, 2 lanes).
func BenchmarkArgon2idVerify(b *testing.B) {
	h := store.DefaultArgon2id()
	hash, err := h.Hash("a password of usual length")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, err := h.Verify(hash, "a password of usual length"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
