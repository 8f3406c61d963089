package mail

import (
	"slices"
	"strings"
)

// Kind names a notification. Each kind has a template pair in templates/
// (KIND.txt.tmpl, KIND.html.tmpl) and its messages (KIND.subject,
// KIND.headline, …) in every catalog.
type Kind string

// The kinds, with who receives them.
const (
	// TaskAssigned goes to the lead organisation's and the co-organisers'
	// contacts; Payload.Role says which the recipient is.
	TaskAssigned Kind = "task_assigned"
	// TaskReassigned goes to the new lead organisation.
	TaskReassigned Kind = "task_reassigned"
	// TaskAccepted, TaskSubmitted, TaskExtensionRequested and
	// TaskTransferRequested go to the assigning lead.
	TaskAccepted           Kind = "task_accepted"
	TaskSubmitted          Kind = "task_submitted"
	TaskExtensionRequested Kind = "task_extension_requested"
	TaskTransferRequested  Kind = "task_transfer_requested"
	// TaskClosed, TaskReturned (Action "return" or "reopen"),
	// TaskExtensionDecided (Action "approve_extension" or
	// "reject_extension") and TaskTransferRejected go to the lead
	// organisation.
	TaskClosed           Kind = "task_closed"
	TaskReturned         Kind = "task_returned"
	TaskExtensionDecided Kind = "task_extension_decided"
	TaskTransferRejected Kind = "task_transfer_rejected"
	// TaskNote is a note (Action "note"), progress ("progress") or a
	// recomputed deadline ("deadline_recomputed"), to the others concerned.
	TaskNote Kind = "task_note"
	// HotspotDispatched, HotspotRejected and HotspotAwaitingFeedback go to
	// the reporting community.
	HotspotDispatched       Kind = "hotspot_dispatched"
	HotspotRejected         Kind = "hotspot_rejected"
	HotspotAwaitingFeedback Kind = "hotspot_awaiting_feedback"
	// ReplyRefused is the short explanation sent to the sender of a reply
	// that was not applied; Payload.Reason holds one of the Reason codes.
	ReplyRefused Kind = "reply_refused"
)

// kinds lists every kind in a stable order.
var kinds = []Kind{TaskAssigned, TaskReassigned, TaskAccepted, TaskSubmitted, TaskExtensionRequested,
	TaskTransferRequested, TaskClosed, TaskReturned, TaskExtensionDecided, TaskTransferRejected, TaskNote,
	HotspotDispatched, HotspotRejected, HotspotAwaitingFeedback, ReplyRefused}

// Kinds returns every kind Render knows, in a stable order.
func Kinds() []Kind { return slices.Clone(kinds) }

// Valid reports whether Render knows k.
func (k Kind) Valid() bool { return slices.Contains(kinds, k) }

// isHotspot reports whether k is about a hot-spot issue rather than a task.
func (k Kind) isHotspot() bool { return strings.HasPrefix(string(k), "hotspot_") }

// Roles: what the recipient of task mail is to the task. It decides the
// reply instructions and the footer's "why you receive this".
const (
	RoleLead     = "lead"     // a user or the contact of the lead organisation (主办单位)
	RoleCo       = "co"       // a user or the contact of a co-organiser (协办单位)
	RoleAssigner = "assigner" // the bureau lead who assigned the task (交办人)
)

// assignerKinds are the kinds whose usual recipient is the assigning lead:
// an empty Payload.Role means RoleAssigner for them and RoleLead otherwise.
var assignerKinds = []Kind{TaskAccepted, TaskSubmitted, TaskExtensionRequested, TaskTransferRequested, TaskNote}

// Reasons a reply was refused (Payload.Reason of ReplyRefused). Each has an
// explanation in the catalogs (refusal.CODE); an unknown code renders a
// generic one.
const (
	ReasonUnknownTask      = "unknown_task"       // no valid token, In-Reply-To/References or subject tag
	ReasonSenderNotAllowed = "sender_not_allowed" // not an address of an organisation concerned
	ReasonNotAllowedNow    = "not_allowed_now"    // the command is not allowed in the task's status
	ReasonWebOnly          = "web_only"           // close, return, reassign, decisions: web only
	ReasonBadCommand       = "bad_command"        // e.g. "延期" without a valid future date
	ReasonTooLarge         = "too_large"          // message or attachment over the limit
	ReasonEmpty            = "empty"              // nothing left after stripping quotes
	ReasonUnreadable       = "unreadable"         // the message could not be parsed
	ReasonDMARCFailed      = "dmarc_failed"       // the trusted relay says DMARC failed
)

// reasons lists the refusal codes the catalogs explain.
var reasons = []string{ReasonUnknownTask, ReasonSenderNotAllowed, ReasonNotAllowedNow, ReasonWebOnly,
	ReasonBadCommand, ReasonTooLarge, ReasonEmpty, ReasonUnreadable, ReasonDMARCFailed}
