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
	// TokenWithUser returns a token and its user in one read.
	TokenWithUser(ctx context.Context, hash string) (Token, User, error)
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	LoginThrottle(ctx context.Context, key string) (Throttle, error)

	CalendarYears(ctx context.Context) ([]calendar.Year, error)
	Audit(ctx context.Context, f AuditFilter, p Page) ([]AuditEntry, error)

	// Task returns a task with its co-organisers.
	Task(ctx context.Context, id int64) (Task, error)
	// Tasks lists the tasks in scope matching f, ordered by (due date, id);
	// the page cursor's Key is the due date.
	Tasks(ctx context.Context, scope TaskScope, f TaskFilter, p Page) ([]Task, error)
	// TaskEvents returns a task's record, oldest first.
	TaskEvents(ctx context.Context, taskID int64) ([]TaskEvent, error)
	// TasksCountingWorkingDays returns the open tasks whose deadline was
	// given in working days and whose span from assignment to deadline
	// touches the given year (or is provisional): those a calendar change
	// for that year may move.
	TasksCountingWorkingDays(ctx context.Context, year int) ([]Task, error)
	// Outbox lists queued and sent mail, newest first.
	Outbox(ctx context.Context, f OutboxFilter, p Page) ([]OutboxMessage, error)
	// OutboxMessage returns one message, Raw included.
	OutboxMessage(ctx context.Context, id int64) (OutboxMessage, error)
	// Hotspot returns a hot-spot with the IDs of its tasks.
	Hotspot(ctx context.Context, id int64) (Hotspot, error)
	// Hotspots lists hot-spots newest first; communityID 0 means all.
	Hotspots(ctx context.Context, communityID int64, f HotspotFilter, p Page) ([]Hotspot, error)

	// Attachment returns an attachment's metadata.
	Attachment(ctx context.Context, id int64) (Attachment, error)
	// Attachments lists a task's or hot-spot's attachments (metadata only),
	// oldest first, paged by ID.
	Attachments(ctx context.Context, target AttachmentTarget, p Page) ([]Attachment, error)
	// AttachmentData returns an attachment's bytes.
	AttachmentData(ctx context.Context, id int64) ([]byte, error)

	// LadderPolicies returns the escalation policies admins saved.
	LadderPolicies(ctx context.Context) ([]StoredPolicy, error)
}

// Tx is a transaction: the reads plus every write. Creates return
// ErrConflict when a unique key (code, username, token hash) is taken.
type Tx interface {
	Queries
	// Now returns the transaction's instant, read once from the store's
	// clock when the transaction started. Every row a change writes (the
	// task, its event, its audit row, its mail) is stamped with it, so they
	// share one instant.
	Now() time.Time
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

	// CreateTask inserts t with its co-organisers and sets t.ID; t.Version is 1.
	CreateTask(ctx context.Context, t *Task) error
	// UpdateTask writes t if the stored version is still prev, storing
	// prev+1; ErrConflict ("task.changed") when another change came first.
	UpdateTask(ctx context.Context, t *Task, prev int) error
	// EnqueueMail queues m unless a message with its dedupe key exists (then
	// it does nothing: a retried change must not mail twice).
	EnqueueMail(ctx context.Context, m *OutboxMessage) error
	// RequeueMail puts a failed message back in the queue, due at now, with
	// its attempts reset; ErrConflict ("outbox.not_failed") when the message
	// is not failed (or does not exist).
	RequeueMail(ctx context.Context, id int64, now time.Time) error
	// SetTaskCoOrgs replaces a task's co-organisers.
	SetTaskCoOrgs(ctx context.Context, taskID int64, orgIDs []int64) error
	AddTaskEvent(ctx context.Context, e *TaskEvent) error
	CreateHotspot(ctx context.Context, h *Hotspot) error
	// UpdateHotspot writes h if the stored version is still prev; ErrConflict otherwise.
	UpdateHotspot(ctx context.Context, h *Hotspot, prev int) error
	// DueLadderTasks returns up to n tasks whose next_ladder_at is at or
	// before now and after the cursor, in (next_ladder_at, id) order, with
	// their co-organisers and ladder state. With lock it locks them for the
	// transaction, skipping tasks another transaction holds (PostgreSQL).
	DueLadderTasks(ctx context.Context, now time.Time, after LadderCursor, n int, lock bool) ([]LadderTask, error)
	// SaveLadders stores tasks' ladder states; it leaves their versions alone.
	SaveLadders(ctx context.Context, states []TaskLadder) error
	// AddTaskEvents appends several events at once (their IDs are not read back).
	AddTaskEvents(ctx context.Context, es []TaskEvent) error
	// EnqueueMails queues several messages at once, each unless its dedupe
	// key exists (see EnqueueMail).
	EnqueueMails(ctx context.Context, ms []OutboxMessage) error
	// PutLadderPolicy stores p if the stored version is still prev (0: none
	// stored); ErrConflict ("ladder.policy_changed") otherwise.
	PutLadderPolicy(ctx context.Context, p *StoredPolicy, prev int) error
	// DeleteLadderPolicy drops a stored policy (nothing when none).
	DeleteLadderPolicy(ctx context.Context, pr Priority) error
	// TouchLadder sets next_ladder_at to at for the open tasks of a
	// priority the ladder runs for, and reports how many.
	TouchLadder(ctx context.Context, pr Priority, at time.Time) (int, error)
	// CreateAttachment inserts a's metadata and its bytes and sets a.ID;
	// ErrInvalid when its task, hot-spot or uploader does not exist.
	CreateAttachment(ctx context.Context, a *Attachment, data []byte) error
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
