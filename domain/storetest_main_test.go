package domain_test

import (
	"testing"

	"xietong/domain/store/storetest"
)

// TestMain lets storetest.Postgres copy one migrated and seeded template
// database per test instead of migrating a schema for each.
func TestMain(m *testing.M) { storetest.Main(m) }
