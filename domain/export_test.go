package domain

// SortKeyedForTest exposes sortKeyed to the external tests.
func SortKeyedForTest[T any](s []T, key func(*T) [3]int64) []T { return sortKeyed(s, key) }

// DateKeyForTest exposes dateKey.
func DateKeyForTest(d Date) int64 { return dateKey(d) }
