package domain

import "context"

// StandardStore is StandardService's.
type StandardStore interface {
	Transactor
	StandardReader
}

// StandardReader reads campaign standards.
type StandardReader interface {
	// Standard returns a standard with its indicators in sheet order;
	// ErrNotFound ("standard.not_found").
	Standard(ctx context.Context, id int64) (Standard, error)
	// Standards lists standards with their indicators by ID; no error kind
	// of its own.
	Standards(ctx context.Context, f StandardFilter, p Page) ([]Standard, error)
	// LatestStandardVersion returns the highest version of the standards
	// named name at level and region, 0 when there is none; no error kind
	// of its own.
	LatestStandardVersion(ctx context.Context, level StandardLevel, region, name string) (int, error)
}

// StandardWriter changes campaign standards.
type StandardWriter interface {
	// CreateStandard inserts s with its indicators and sets s.ID;
	// ErrConflict ("standard.version_taken") when a standard of that name,
	// level, region and version exists.
	CreateStandard(ctx context.Context, s *Standard) error
	// EnsureStandard inserts s like CreateStandard unless a standard of that
	// name, level, region and version exists, and reports whether it did.
	EnsureStandard(ctx context.Context, s *Standard) (bool, error)
	// UpdateStandard writes s and replaces its indicators if the stored
	// status is still prev; ErrConflict ("standard.changed") otherwise, and
	// ("standard.version_taken") as CreateStandard.
	UpdateStandard(ctx context.Context, s *Standard, prev StandardStatus) error
}
