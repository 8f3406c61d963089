package domain

import "context"

// ApplicationReader reads applications, their records and their notices.
type ApplicationReader interface {
	// Application returns one application; ErrNotFound
	// ("application.not_found").
	Application(ctx context.Context, id int64) (Application, error)
	// Applications lists applications by ID, newest first; no error kind of
	// its own.
	Applications(ctx context.Context, f ApplicationFilter, p Page) ([]Application, error)
	// ApplicationEvents returns an application's record, oldest first.
	ApplicationEvents(ctx context.Context, id int64) ([]ApplicationEvent, error)
	// PublicNotice returns one public notice; ErrNotFound ("notice.not_found").
	PublicNotice(ctx context.Context, id int64) (PublicNotice, error)
	// PublicNoticeOf returns the notice of an application; ErrNotFound
	// ("notice.not_found") when it has none.
	PublicNoticeOf(ctx context.Context, applicationID int64) (PublicNotice, error)
	// Title returns one title; ErrNotFound ("title.not_found").
	Title(ctx context.Context, id int64) (Title, error)
	// Titles lists titles by ID, newest first; no error kind of its own.
	Titles(ctx context.Context, f TitleFilter, p Page) ([]Title, error)
	// ActiveTitle returns the community's active title at level, and false
	// when it holds none.
	ActiveTitle(ctx context.Context, communityID int64, level StandardLevel) (Title, bool, error)
}

// ApplicationWriter changes applications and opens their notices.
type ApplicationWriter interface {
	// CreateApplication inserts a and sets a.ID and a.Version (1);
	// ErrConflict ("application.open_exists") when the community already
	// has an open application at that level.
	CreateApplication(ctx context.Context, a *Application) error
	// UpdateApplication writes a if the stored version is still a.Version,
	// and bumps a.Version; ErrConflict ("application.changed") otherwise.
	UpdateApplication(ctx context.Context, a *Application) error
	// AddApplicationEvent appends e to its application's record and sets
	// e.ID.
	AddApplicationEvent(ctx context.Context, e *ApplicationEvent) error
	// CreatePublicNotice inserts n and sets n.ID; ErrConflict
	// ("notice.exists") when the application already has one.
	CreatePublicNotice(ctx context.Context, n *PublicNotice) error
	// UpdatePublicNotice writes n's status and period.
	UpdatePublicNotice(ctx context.Context, n *PublicNotice) error
	// CreateTitle inserts t and sets t.ID and t.Version (1); ErrConflict
	// ("title.certificate_taken") when its certificate number is taken.
	CreateTitle(ctx context.Context, t *Title) error
	// UpdateTitle writes t if the stored version is still t.Version, and
	// bumps it; ErrConflict ("title.changed") otherwise.
	UpdateTitle(ctx context.Context, t *Title) error
}
