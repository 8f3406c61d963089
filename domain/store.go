package domain

import (
	"context"
	"time"

	"xietong/domain/calendar"
)

// Store is the persistence the services need. Reads run outside any
// transaction; every change runs inside InTx so that it commits with its
// audit row or not at all.
type Store interface {
	Queries
	// InTx runs fn in one transaction, committing when fn returns nil. A
	// database that cannot be reached is reported as ErrUnavailable.
	InTx(ctx context.Context, fn func(tx Tx) error) error
	// Ping reports whether the database answers (ErrUnavailable otherwise).
	Ping(ctx context.Context) error
}

// Queries are the reads. Lists fetch page.Limit+1 rows so the caller can tell
// whether another page follows (see Paginate). Getters return ErrNotFound
// when nothing matches.
type Queries interface {
	Organization(ctx context.Context, id int64) (Organization, error)
	OrganizationByCode(ctx context.Context, code string) (Organization, error)
	Organizations(ctx context.Context, f OrgFilter, p Page) ([]Organization, error)
	Community(ctx context.Context, id int64) (Community, error)
	CommunityByCode(ctx context.Context, code string) (Community, error)
	Communities(ctx context.Context, f CommunityFilter, p Page) ([]Community, error)

	User(ctx context.Context, id int64) (User, error)
	UserByUsername(ctx context.Context, username string) (User, error)
	Users(ctx context.Context, f UserFilter, p Page) ([]User, error)
	CountUsers(ctx context.Context) (int, error)
	TokenByHash(ctx context.Context, hash string) (Token, error)
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	LoginThrottle(ctx context.Context, key string) (Throttle, error)

	CalendarYears(ctx context.Context) ([]calendar.Year, error)
	Audit(ctx context.Context, f AuditFilter, p Page) ([]AuditEntry, error)
}

// Tx is a transaction: the reads plus every write. Creates return
// ErrConflict when a unique key (code, username, token hash) is taken.
type Tx interface {
	Queries
	CreateOrganization(ctx context.Context, o *Organization) error
	UpdateOrganization(ctx context.Context, o *Organization) error
	// EnsureOrganization inserts o unless its code exists; it reports whether it did.
	EnsureOrganization(ctx context.Context, o *Organization) (bool, error)
	CreateCommunity(ctx context.Context, c *Community) error
	UpdateCommunity(ctx context.Context, c *Community) error
	EnsureCommunity(ctx context.Context, c *Community) (bool, error)

	CreateUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u *User) error
	CreateToken(ctx context.Context, t *Token) error
	// RevokeToken marks a token revoked; ErrNotFound when it is not the user's.
	RevokeToken(ctx context.Context, userID, tokenID int64, at time.Time) error
	RevokeUserTokens(ctx context.Context, userID int64, at time.Time) error
	TouchToken(ctx context.Context, tokenID int64, at time.Time) error
	SaveLoginThrottle(ctx context.Context, t Throttle) error
	DeleteLoginThrottle(ctx context.Context, key string) error

	// PutCalendarYear replaces the schedule of y.Year.
	PutCalendarYear(ctx context.Context, y calendar.Year, at time.Time) error
	// EnsureCalendarYear stores y unless that year has a schedule; it reports whether it did.
	EnsureCalendarYear(ctx context.Context, y calendar.Year, at time.Time) (bool, error)
	AddAudit(ctx context.Context, e *AuditEntry) error
}

// PasswordHasher hashes and checks passwords. The implementation (argon2id)
// lives with the store, outside this package, so that domain stays stdlib-only.
type PasswordHasher interface {
	Hash(password string) (string, error)
	// Verify reports whether password matches hash; an unreadable hash is an error.
	Verify(hash, password string) (bool, error)
}

// UserFilter narrows a user list.
type UserFilter struct {
	Role        Role
	OrgID       int64
	CommunityID int64
	Active      *bool
	Q           string
}
