package domain

// SortLargeForTest exposes sortLarge to the external tests.
func SortLargeForTest[T any](s []T, cmp func(a, b *T) int) { sortLarge(s, cmp) }
