package domain

import (
	"context"
	"io"
	"time"

	"xietong/domain/calendar"
)

// Store is the persistence the services need. Reads run outside any
// transaction; every change runs inside InTx so that it commits with its
// audit row or not at all. Any method may also return ErrUnavailable when
// the database cannot be reached, and a write ErrConflict when a unique key
// is taken or ErrInvalid when a row it names does not exist; the docs below
// name the kinds each method returns on purpose.
type Store interface {
	Queries
	Transactor
	// Ping reports whether the database answers (ErrUnavailable otherwise).
	Ping(ctx context.Context) error
}

// Transactor runs changes.
type Transactor interface {
	// InTx runs fn in one transaction, committing when fn returns nil. A
	// database that cannot be reached is reported as ErrUnavailable; fn's
	// own error is returned as it is.
	InTx(ctx context.Context, fn func(tx Tx) error) error
}

// The stores of the services: what each reads outside a transaction, and
// that it changes things in one. A service's transaction is always a
// whole Tx; its helpers take the narrowest interface that serves them.
type (
	// CatalogStore is CatalogService's.
	CatalogStore interface {
		Transactor
		OrgReader
		CommunityReader
	}
	// CalendarStore is CalendarService's.
	CalendarStore interface {
		Transactor
		CalendarReader
	}
	// UserStore is UserService's.
	UserStore interface {
		Transactor
		UserReader
		TokenReader
		ThrottleReader
	}
	// HotspotStore is HotspotService's.
	HotspotStore interface {
		Transactor
		HotspotReader
		TaskReader
	}
	// AttachmentStore is AttachmentService's.
	AttachmentStore interface {
		Transactor
		AttachmentReader
		TaskReader
		HotspotReader
		applicationQueries
		CaseReader
	}
	// OutboxStore is OutboxService's.
	OutboxStore interface {
		Transactor
		OutboxReader
	}
	// SupervisionStore is SupervisionService's.
	SupervisionStore interface {
		Transactor
		LadderReader
	}
)

// Queries are the reads, one small interface per aggregate, so that a
// helper can ask for just what it reads. Lists fetch page.Limit+1 rows so the
// caller can tell whether another page follows (see Paginate).
type Queries interface {
	OrgReader
	CommunityReader
	UserReader
	TokenReader
	ThrottleReader
	CalendarReader
	AuditReader
	TaskReader
	HotspotReader
	AttachmentReader
	OutboxReader
	LadderReader
	StandardReader
	ApplicationReader
	ProgressReader
	SheetReader
	ReportPolicyReader
	NoticeReader
	PilotReader
	CaseReader
}

// Tx is a transaction: the reads plus every write, again one interface
// per aggregate, and the transaction's one instant.
type Tx interface {
	Queries
	// Now returns the transaction's instant, read once from the store's
	// clock when the transaction started. Every row a change writes (the
	// task, its event, its audit row, its mail) is stamped with it, so they
	// share one instant.
	Now() time.Time

	OrgWriter
	CommunityWriter
	UserWriter
	TokenWriter
	ThrottleWriter
	CalendarWriter
	AuditWriter
	TaskWriter
	HotspotWriter
	AttachmentWriter
	OutboxWriter
	LadderWriter
	IdempotencyWriter
	StandardWriter
	ApplicationWriter
	ProgressWriter
	SheetWriter
	ReportPolicyWriter
	NoticeWriter
	PilotWriter
	CaseWriter
	ReplyTx
	// Savepoint runs fn in a savepoint of this transaction: when fn fails,
	// what it wrote is undone and its error returned, and the transaction
	// goes on (on PostgreSQL a failed statement would otherwise abort it).
	Savepoint(ctx context.Context, fn func(tx Tx) error) error
}

// OrgReader reads the organisations of the catalogue.
type OrgReader interface {
	// Organization returns an organisation; ErrNotFound ("org.not_found").
	Organization(ctx context.Context, id int64) (Organization, error)
	// OrganizationByCode returns an organisation; ErrNotFound ("org.not_found").
	OrganizationByCode(ctx context.Context, code string) (Organization, error)
	// Organizations lists organisations by ID; no error kind of its own.
	Organizations(ctx context.Context, f OrgFilter, p Page) ([]Organization, error)
}

// OrgWriter changes the organisations of the catalogue.
type OrgWriter interface {
	// CreateOrganization inserts o and sets o.ID; ErrConflict when its code is taken.
	CreateOrganization(ctx context.Context, o *Organization) error
	// UpdateOrganization writes o (not its code); no error kind of its own.
	UpdateOrganization(ctx context.Context, o *Organization) error
	// EnsureOrganization inserts o unless its code exists; it reports whether it did.
	EnsureOrganization(ctx context.Context, o *Organization) (bool, error)
}

// CommunityReader reads the communities of the catalogue.
type CommunityReader interface {
	// Community returns a community; ErrNotFound ("community.not_found").
	Community(ctx context.Context, id int64) (Community, error)
	// CommunityByCode returns a community; ErrNotFound ("community.not_found").
	CommunityByCode(ctx context.Context, code string) (Community, error)
	// Communities lists communities by ID; no error kind of its own.
	Communities(ctx context.Context, f CommunityFilter, p Page) ([]Community, error)
	// CommunitiesByCode returns the communities of those codes that exist,
	// by code, in a few queries however many codes; no error kind of its own.
	CommunitiesByCode(ctx context.Context, codes []string) (map[string]Community, error)
}

// CommunityWriter changes the communities of the catalogue.
type CommunityWriter interface {
	// CreateCommunity inserts c and sets c.ID; ErrConflict when its code is taken.
	CreateCommunity(ctx context.Context, c *Community) error
	// UpdateCommunity writes c (not its code); no error kind of its own.
	UpdateCommunity(ctx context.Context, c *Community) error
	// EnsureCommunity inserts c unless its code exists; it reports whether it did.
	EnsureCommunity(ctx context.Context, c *Community) (bool, error)
	// UpsertCommunities inserts cs, updating by code those whose code
	// exists (every column but the ID and created_at), in batches of many
	// rows per statement; no error kind of its own.
	UpsertCommunities(ctx context.Context, cs []Community) error
}

// UserReader reads user accounts.
type UserReader interface {
	// User returns a user; ErrNotFound ("user.not_found").
	User(ctx context.Context, id int64) (User, error)
	// UserByUsername returns a user; ErrNotFound ("user.not_found").
	UserByUsername(ctx context.Context, username string) (User, error)
	// ActiveUserByEmail returns the active user with the address email
	// (compared lower-cased); ErrNotFound ("user.not_found").
	ActiveUserByEmail(ctx context.Context, email string) (User, error)
	// Users lists users by ID; no error kind of its own.
	Users(ctx context.Context, f UserFilter, p Page) ([]User, error)
	// CountUsers counts every account; no error kind of its own.
	CountUsers(ctx context.Context) (int, error)
}

// UserWriter changes user accounts.
type UserWriter interface {
	// CreateUser inserts u and sets u.ID; ErrConflict when the username is
	// taken, or the email by another active user.
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser writes u (not its username); ErrConflict when another
	// active user has its email.
	UpdateUser(ctx context.Context, u *User) error
}

// TokenReader reads sessions and API tokens.
type TokenReader interface {
	// TokenByHash returns a token; ErrNotFound ("token.not_found").
	TokenByHash(ctx context.Context, hash string) (Token, error)
	// TokenWithUser returns a token and its user in one read; ErrNotFound
	// ("token.not_found", or "user.not_found" for a token without a user).
	TokenWithUser(ctx context.Context, hash string) (Token, User, error)
	// Tokens lists a user's tokens by ID; no error kind of its own.
	Tokens(ctx context.Context, userID int64) ([]Token, error)
}

// TokenWriter issues, revokes and touches tokens.
type TokenWriter interface {
	// CreateToken inserts t and sets t.ID; ErrConflict when its hash is taken.
	CreateToken(ctx context.Context, t *Token) error
	// RevokeToken marks a token revoked; ErrNotFound ("token.not_found")
	// when it is not the user's or is revoked already.
	RevokeToken(ctx context.Context, userID, tokenID int64, at time.Time) error
	// RevokeUserTokens revokes every live token of a user; no error kind of its own.
	RevokeUserTokens(ctx context.Context, userID int64, at time.Time) error
	// TouchToken records a token's use at at; no error kind of its own.
	TouchToken(ctx context.Context, tokenID int64, at time.Time) error
}

// ThrottleReader reads the login failure counts.
type ThrottleReader interface {
	// LoginThrottle returns the failures counted against key (none: a
	// zero Throttle with that key, not ErrNotFound).
	LoginThrottle(ctx context.Context, key string) (Throttle, error)
}

// ThrottleWriter counts and forgets sign-in attempts.
type ThrottleWriter interface {
	// CountLoginAttempt counts one more attempt against key at now in one
	// atomic statement and returns the count: parallel attempts each see
	// their own number. Attempts before now-window, and a lock that has
	// ended by now, are forgotten first. No error kind of its own.
	CountLoginAttempt(ctx context.Context, key string, now time.Time, window time.Duration) (Throttle, error)
	// LockLogin locks key until until; no error kind of its own.
	LockLogin(ctx context.Context, key string, until time.Time) error
	// UncountLoginAttempt takes one counted attempt back from key (a
	// success from a shared address); no error kind of its own.
	UncountLoginAttempt(ctx context.Context, key string) error
	// DeleteLoginThrottle forgets key (nothing when none); no error kind of its own.
	DeleteLoginThrottle(ctx context.Context, key string) error
}

// IdempotencyWriter remembers the answers to creates by Idempotency-Key.
type IdempotencyWriter interface {
	// ClaimIdempotencyKey inserts k unless the user holds the key already,
	// first forgetting the user's keys that expired by k.CreatedAt; it
	// reports whether it inserted. No error kind of its own.
	ClaimIdempotencyKey(ctx context.Context, k IdempotencyKey) (bool, error)
	// IdempotencyKey returns a user's key; ErrNotFound ("idempotency.not_found").
	IdempotencyKey(ctx context.Context, userID int64, keyHash string) (IdempotencyKey, error)
	// FinishIdempotencyKey stores the answer of a claimed key; no error kind of its own.
	FinishIdempotencyKey(ctx context.Context, userID int64, keyHash string, status int, body []byte) error
	// ReleaseIdempotencyKey deletes a key that has no answer yet; no error kind of its own.
	ReleaseIdempotencyKey(ctx context.Context, userID int64, keyHash string) error
}

// CalendarReader reads the working-day calendar.
type CalendarReader interface {
	// CalendarYears returns every stored year with its days, by year; no
	// error kind of its own.
	CalendarYears(ctx context.Context) ([]calendar.Year, error)
}

// CalendarWriter stores the working-day calendar.
type CalendarWriter interface {
	// PutCalendarYear replaces the schedule of y.Year; no error kind of its own.
	PutCalendarYear(ctx context.Context, y calendar.Year, at time.Time) error
	// EnsureCalendarYear stores y unless that year has a schedule; it reports whether it did.
	EnsureCalendarYear(ctx context.Context, y calendar.Year, at time.Time) (bool, error)
}

// AuditReader reads the audit trail.
type AuditReader interface {
	// Audit lists audit entries newest first; no error kind of its own.
	Audit(ctx context.Context, f AuditFilter, p Page) ([]AuditEntry, error)
}

// AuditWriter appends to the audit trail.
type AuditWriter interface {
	// AddAudit appends e and sets e.ID; no error kind of its own.
	AddAudit(ctx context.Context, e *AuditEntry) error
	// AddAudits appends es in batches (their IDs are not read back); no
	// error kind of its own.
	AddAudits(ctx context.Context, es []AuditEntry) error
}

// TaskReader reads tasks and their records.
type TaskReader interface {
	// Task returns a task with its co-organisers; ErrNotFound ("task.not_found").
	Task(ctx context.Context, id int64) (Task, error)
	// Tasks lists the tasks in scope matching f, ordered by (due date, id);
	// the page cursor's Key is the due date. Each comes in a TaskDetail of
	// which only the Task is filled (the service adds the rest): a page of
	// tasks is one slice, not a slice of tasks copied into one of details
	// (together 45 KB a page of 50, three fifths of what a list request
	// allocated). No error kind of its own.
	Tasks(ctx context.Context, scope TaskScope, f TaskFilter, p Page) ([]TaskDetail, error)
	// OverdueByLeadOrg counts the open tasks due before cutoff per lead
	// organisation, most first (ties by organisation ID); organisations
	// with none are left out. No error kind of its own.
	OverdueByLeadOrg(ctx context.Context, cutoff Date) ([]OrgCount, error)
	// TaskEvents returns a task's record, oldest first (none for an
	// unknown task); no error kind of its own.
	TaskEvents(ctx context.Context, taskID int64) ([]TaskEvent, error)
	// TaskWithEvents is Task (with LastEventID) and TaskEvents in one read;
	// ErrNotFound ("task.not_found").
	TaskWithEvents(ctx context.Context, id int64) (Task, []TaskEvent, error)
	// TasksCountingWorkingDays returns the open tasks whose deadline was
	// given in working days and whose span from assignment to deadline
	// touches the given year (or is provisional): those a calendar change
	// for that year may move. No error kind of its own.
	TasksCountingWorkingDays(ctx context.Context, year int) ([]Task, error)
}

// TaskWriter changes tasks and appends to their records.
type TaskWriter interface {
	// CreateTask inserts t with its co-organisers and sets t.ID; t.Version
	// is 1. ErrInvalid when an organisation, community or hot-spot it
	// names does not exist.
	CreateTask(ctx context.Context, t *Task) error
	// CreateTaskRecorded is CreateTask, then AddTaskEvent of e for the new
	// task (setting e.TaskID and e.ID), then, when mail is not nil,
	// QueueMailChange of a change about e with body mail: a create's whole
	// write, in as few statements as the database allows (PostgreSQL:
	// one). The body is written before the task and the event have ids, so
	// it names neither: the change carries them (MailChange.EventID).
	CreateTaskRecorded(ctx context.Context, t *Task, e *TaskEvent, mail []byte) error
	// UpdateTask writes t if the stored version is still prev, storing
	// prev+1; ErrConflict ("task.changed") when another change came first.
	UpdateTask(ctx context.Context, t *Task, prev int) error
	// UpdateTaskRecorded is UpdateTask, then AddTaskEvent of e for t
	// (setting e.TaskID and e.ID), then, when mail is not nil,
	// QueueMailChange of a change about e with body mail, in as few
	// statements as the database allows (PostgreSQL: one); the body names
	// no event (see CreateTaskRecorded). ErrConflict as UpdateTask, and
	// then nothing is written.
	UpdateTaskRecorded(ctx context.Context, t *Task, prev int, e *TaskEvent, mail []byte) error
	// SetTaskCoOrgs replaces a task's co-organisers; ErrInvalid when an
	// organisation does not exist.
	SetTaskCoOrgs(ctx context.Context, taskID int64, orgIDs []int64) error
	// AddTaskEvent appends e and sets e.ID; ErrInvalid when its task does not exist.
	AddTaskEvent(ctx context.Context, e *TaskEvent) error
	// AddTaskEvents appends several events at once (their IDs are not read
	// back); ErrInvalid as AddTaskEvent.
	AddTaskEvents(ctx context.Context, es []TaskEvent) error
}

// HotspotReader reads hot-spots.
type HotspotReader interface {
	// Hotspot returns a hot-spot with the IDs of its tasks; ErrNotFound
	// ("hotspot.not_found").
	Hotspot(ctx context.Context, id int64) (Hotspot, error)
	// Hotspots lists hot-spots newest first; communityID 0 means all. No
	// error kind of its own.
	Hotspots(ctx context.Context, communityID int64, f HotspotFilter, p Page) ([]Hotspot, error)
}

// HotspotWriter changes hot-spots.
type HotspotWriter interface {
	// CreateHotspot inserts h and sets h.ID; h.Version is 1. ErrInvalid
	// when its community does not exist.
	CreateHotspot(ctx context.Context, h *Hotspot) error
	// UpdateHotspot writes h if the stored version is still prev;
	// ErrConflict ("hotspot.changed") otherwise.
	UpdateHotspot(ctx context.Context, h *Hotspot, prev int) error
}

// AttachmentReader reads attachments.
type AttachmentReader interface {
	// Attachment returns an attachment's metadata; ErrNotFound ("attachment.not_found").
	Attachment(ctx context.Context, id int64) (Attachment, error)
	// Attachments lists a task's or hot-spot's attachments (metadata only),
	// oldest first, paged by ID. No error kind of its own.
	Attachments(ctx context.Context, target AttachmentTarget, p Page) ([]Attachment, error)
	// AttachmentData returns a reader of an attachment's bytes, which
	// fetches them a chunk at a time as it is read (holding no connection
	// in between); ErrNotFound ("attachment.not_found").
	AttachmentData(ctx context.Context, id int64) (io.Reader, error)
	// AttachmentBytes sums the sizes of the attachments uploaded by an
	// organisation's users (orgID) or, when orgID is 0, by a community's
	// users (communityID). Inside a transaction it holds that owner's
	// quota until the transaction ends, so a check and the insert after it
	// are not raced. No error kind of its own.
	AttachmentBytes(ctx context.Context, orgID, communityID int64) (int64, error)
}

// AttachmentWriter stores attachments.
type AttachmentWriter interface {
	// CreateAttachment inserts a's metadata and its bytes, read from data a
	// chunk at a time, and sets a.ID; ErrInvalid when its task, hot-spot or
	// uploader does not exist.
	CreateAttachment(ctx context.Context, a *Attachment, data io.Reader) error
}

// OutboxReader reads the mail queue.
type OutboxReader interface {
	// Outbox lists queued and sent mail, newest first; no error kind of its own.
	Outbox(ctx context.Context, f OutboxFilter, p Page) ([]OutboxMessage, error)
	// OutboxMessage returns one message, Raw included; ErrNotFound ("outbox.not_found").
	OutboxMessage(ctx context.Context, id int64) (OutboxMessage, error)
	// MailBacklog counts the mail not sent yet; no error kind of its own.
	MailBacklog(ctx context.Context) (MailBacklog, error)
}

// OutboxWriter queues mail.
type OutboxWriter interface {
	// EnqueueMail queues m unless a message with its dedupe key exists (then
	// it does nothing: a retried change must not mail twice).
	EnqueueMail(ctx context.Context, m *OutboxMessage) error
	// EnqueueMails queues several messages at once, each unless its dedupe
	// key exists (see EnqueueMail).
	EnqueueMails(ctx context.Context, ms []OutboxMessage) error
	// QueueMails is EnqueueMails that also tells how many messages were
	// new (the others' dedupe keys were queued before).
	QueueMails(ctx context.Context, ms []OutboxMessage) (int, error)
	// RequeueMail puts a failed message back in the queue, due at now, with
	// its attempts reset; ErrConflict ("outbox.not_failed") when the message
	// is not failed (or does not exist).
	RequeueMail(ctx context.Context, id int64, now time.Time) error
	// QueueMailChange records a task change whose mail is yet to be
	// addressed (c.ID is left alone: nothing needs it); no error kind of
	// its own.
	QueueMailChange(ctx context.Context, c MailChange) error
	// TakeMailChanges returns up to n recorded changes, oldest first, and
	// locks them for the transaction (PostgreSQL). With wait it waits for
	// changes another transaction holds and then passes over those it
	// removed; without, it skips them at once. No error kind of its own.
	TakeMailChanges(ctx context.Context, n int, wait bool) ([]MailChange, error)
	// DropMailChanges removes recorded changes; no error kind of its own.
	DropMailChanges(ctx context.Context, ids []int64) error
}

// LadderReader reads the escalation policies.
type LadderReader interface {
	// LadderPolicies returns the escalation policies admins saved; no
	// error kind of its own.
	LadderPolicies(ctx context.Context) ([]StoredPolicy, error)
}

// LadderWriter runs the escalation ladder and stores its policies.
type LadderWriter interface {
	// DueLadderTasks returns up to n tasks whose next_ladder_at is at or
	// before now and after the cursor, in (next_ladder_at, id) order, with
	// their co-organisers and ladder state. With lock it locks them for the
	// transaction, skipping tasks another transaction holds (PostgreSQL).
	// No error kind of its own.
	DueLadderTasks(ctx context.Context, now time.Time, after LadderCursor, n int, lock bool) ([]LadderTask, error)
	// SaveLadders stores tasks' ladder states; it leaves their versions
	// alone. No error kind of its own.
	SaveLadders(ctx context.Context, states []TaskLadder) error
	// PutLadderPolicy stores p if the stored version is still prev (0: none
	// stored); ErrConflict ("ladder.policy_changed") otherwise.
	PutLadderPolicy(ctx context.Context, p *StoredPolicy, prev int) error
	// DeleteLadderPolicy drops a stored policy (nothing when none); no
	// error kind of its own.
	DeleteLadderPolicy(ctx context.Context, pr Priority) error
	// TouchLadder sets next_ladder_at to at for the open tasks of a
	// priority the ladder runs for, and reports how many. No error kind of
	// its own.
	TouchLadder(ctx context.Context, pr Priority, at time.Time) (int, error)
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
	OrgIDs      []int64 // users of any of these organisations (with OrgID: of both)
	CommunityID int64
	Active      *bool
	Q           string
}
