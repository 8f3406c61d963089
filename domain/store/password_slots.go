package store

import "xietong/domain"

// HashSlots bounds how many password hashes run at once. Each argon2id
// hash holds its working memory (64 MiB by default) while it runs, so a
// burst of parallel sign-ins, honest or not, would otherwise hold that
// much per request; past the slots a sign-in waits its turn, which the
// lockout's slowdown already makes a normal experience.
type HashSlots struct {
	hasher domain.PasswordHasher
	slots  chan struct{}
}

// NewHashSlots returns h, letting at most n hashes or checks run at once
// (n < 1 counts as 1).
func NewHashSlots(h domain.PasswordHasher, n int) *HashSlots {
	return &HashSlots{hasher: h, slots: make(chan struct{}, max(n, 1))}
}

// Hash hashes password when a slot is free.
func (s *HashSlots) Hash(password string) (string, error) {
	s.slots <- struct{}{}
	defer func() { <-s.slots }()
	return s.hasher.Hash(password)
}

// Verify checks password against hash when a slot is free.
func (s *HashSlots) Verify(hash, password string) (bool, error) {
	s.slots <- struct{}{}
	defer func() { <-s.slots }()
	return s.hasher.Verify(hash, password)
}
