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
	// The supervision ladder (督办, DOMAIN.md §6), one kind per step, named
	// as the domain's default policies name a rung's Template
	// ("ladder_" + step). Payload.WorkingDaysLeft says how near or how late
	// the deadline is, Payload.Role who the recipient is; the steps' usual
	// recipients are these, but a policy may send any step to any role.

	// LadderRemind (提醒) goes to the lead organisation before the
	// deadline (WorkingDaysLeft > 0, or 0 on the day).
	LadderRemind Kind = "ladder_remind"
	// LadderUrge (催办) urges the lead organisation once the task is
	// overdue (WorkingDaysLeft < 0).
	LadderUrge Kind = "ladder_urge"
	// LadderSupervise (督办) is the formal supervision notice to the lead
	// organisation's head (RoleHead) and the assigning lead.
	LadderSupervise Kind = "ladder_supervise"
	// LadderListed (挂牌督办) tells leadership (RoleLeadership) that the task
	// is under listed supervision and will be named in the next report.
	LadderListed Kind = "ladder_listed"
)

// SupervisionReport names the supervision report mail (督查通报) in the
// outbox and the mail log. It is deliberately not one of Kinds, and Valid
// reports false for it: its content is a domain.Report rendered by
// RenderReport, not a Payload, so Render has no templates for it, and the
// per-kind checks (a template pair, a golden case and a sparse-payload
// render for every kind, and a web name for every kind) do not apply.
const SupervisionReport Kind = "supervision_report"

// kinds lists every kind in a stable order.
var kinds = []Kind{TaskAssigned, TaskReassigned, TaskAccepted, TaskSubmitted, TaskExtensionRequested,
	TaskTransferRequested, TaskClosed, TaskReturned, TaskExtensionDecided, TaskTransferRejected, TaskNote,
	HotspotDispatched, HotspotRejected, HotspotAwaitingFeedback, ReplyRefused,
	LadderRemind, LadderUrge, LadderSupervise, LadderListed}

// Kinds returns every kind Render knows, in a stable order.
func Kinds() []Kind { return slices.Clone(kinds) }

// Valid reports whether Render knows k.
func (k Kind) Valid() bool { return slices.Contains(kinds, k) }

// isHotspot reports whether k is about a hot-spot issue rather than a task.
func (k Kind) isHotspot() bool { return strings.HasPrefix(string(k), "hotspot_") }

// isLadder reports whether k is a step of the supervision ladder.
func (k Kind) isLadder() bool { return strings.HasPrefix(string(k), "ladder_") }

// Roles: what the recipient of task mail is to the task. It decides the
// reply instructions and the footer's "why you receive this".
const (
	RoleLead       = "lead"       // a user or the contact of the lead organisation (主办单位)
	RoleCo         = "co"         // a user or the contact of a co-organiser (协办单位)
	RoleAssigner   = "assigner"   // the bureau lead who assigned the task (交办人)
	RoleHead       = "head"       // the lead organisation's head (负责人)
	RoleLeadership = "leadership" // a leadership user (领导)
)

// roles lists the roles Render knows; another Payload.Role counts as "".
var roles = []string{RoleLead, RoleCo, RoleAssigner, RoleHead, RoleLeadership}

// usualRoles are the kinds whose usual recipient is not the lead
// organisation: an empty Payload.Role means the role given here for them,
// and RoleLead for the others.
var usualRoles = map[Kind]string{
	TaskAccepted: RoleAssigner, TaskSubmitted: RoleAssigner, TaskExtensionRequested: RoleAssigner,
	TaskTransferRequested: RoleAssigner, TaskNote: RoleAssigner,
	LadderSupervise: RoleHead, LadderListed: RoleLeadership,
}

// Ladder steps (Payload.Step), as the domain records them; stepAliases
// maps the other names a task's recorded step may carry to these.
const (
	StepRemind    = "remind"    // 提醒
	StepUrge      = "urge"      // 催办
	StepSupervise = "supervise" // 督办
	StepListed    = "listed"    // 挂牌督办
)

// steps lists the ladder steps in escalating order.
var steps = []string{StepRemind, StepUrge, StepSupervise, StepListed}

var stepAliases = map[string]string{"reminder": StepRemind, "supervision": StepSupervise,
	"listed_supervision": StepListed}

// canonicalStep returns the ladder step s names, or s itself.
func canonicalStep(s string) string {
	if c, ok := stepAliases[s]; ok {
		return c
	}
	return s
}

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
