package server

import (
	"context"
	"log/slog"
	"net/netip"
	"net/url"
	"time"

	"xietong/domain"
	"xietong/notifications/i18n"
	"xietong/notifications/mail"
	"xietong/notifications/scheduler"
)

// Deps is everything the server needs, built and wired by main. The server
// never opens a database or reads configuration itself.
type Deps struct {
	// Catalogue holds every word the pages, the API's errors and the
	// workbook show; required.
	Catalogue *i18n.Catalogue

	Users    *domain.UserService
	Catalog  *domain.CatalogService
	Calendar *domain.CalendarService
	Audit    *domain.AuditService
	Tasks    *domain.TaskService
	Hotspots *domain.HotspotService
	// Inbound applies replies posted to /api/v1/inbound/email; with an empty
	// InboundSecret the endpoint is off.
	Inbound       InboundHandler
	InboundSecret string
	// Attachments serves evidence files; nil leaves their routes out.
	Attachments *domain.AttachmentService
	// Outbox shows admins the mail queue and the mail log; nil leaves its
	// routes and page out. Mail renders the queued messages' subjects there;
	// nil leaves them empty.
	Outbox *domain.OutboxService
	Mail   *mail.Renderer
	// Supervision serves the escalation policies and the sweep preview;
	// nil leaves their routes out.
	Supervision *domain.SupervisionService
	Reports     *domain.ReportService // the supervision report; nil leaves its routes and page out
	// ReportPolicies serves the composite score's deduction policy; nil
	// leaves its routes and page out.
	ReportPolicies *domain.ReportPolicyService
	// Standards serves the campaign's scoring standards; nil leaves their
	// routes out.
	Standards *domain.StandardService
	// Progress serves the campaign's progress to its target and its
	// settings; nil leaves their routes and page out.
	Progress *domain.ProgressService
	// Campaign serves campaign applications and their review; nil leaves
	// their routes and pages out.
	Campaign *domain.CampaignService
	// Notices serves the campaign's public notices, objections and titles,
	// and the public pages; nil leaves their routes out.
	Notices *domain.CampaignNoticeService
	// Pilots serves the pilots' five-ones checklists; nil leaves their
	// routes and pages out.
	Pilots *domain.PilotService
	// Schedules lists the periodic jobs with their next and last runs for
	// the admin's schedules page; nil leaves the page out.
	Schedules func(ctx context.Context) ([]scheduler.JobStatus, error)
	// Cases serves the typical cases and exchange activities, and the
	// public case pages; nil leaves their routes and pages out.
	Cases *domain.CaseService
	// Idempotency answers retried creates (Idempotency-Key) with their
	// first answer; nil ignores the header.
	Idempotency *domain.IdempotencyService

	// Ready reports whether the server can serve requests that need the
	// database: nil once migrations are applied and the database answers.
	Ready func(ctx context.Context) error

	Logger   *slog.Logger
	Location *time.Location
	BaseURL  *url.URL

	BodyLimit      int64 // bytes, for JSON and form bodies
	UploadLimit    int64 // bytes, for multipart uploads
	TrustedProxies []netip.Prefix
	SecureCookies  bool
	Version        string

	// UploadConcurrency caps the uploads read at once; one more is a 503
	// with Retry-After. DefaultUploadConcurrency when not positive.
	UploadConcurrency int
	// UploadDir is where uploads are spooled while they are checked and
	// stored (created if missing); the system's temporary directory when
	// empty. It should be on disk: a tmpfs would hold them in memory.
	UploadDir string
}
