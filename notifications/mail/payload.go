package mail

// Payload is the snapshot taken when a message is queued; the message is
// rendered from it when it is sent. It holds plain strings and numbers so
// that it survives a JSON round trip unchanged (no tags: the JSON keys are
// the field names). Code words (TaskStatus, Priority, Action, Role, Step,
// Reason) are the words of CONTRACT.md; Render translates them.
type Payload struct {
	TaskID     int64
	TaskTitle  string
	TaskStatus string // a task status; closed hides the working days left
	Priority   string // normal, high, urgent
	LeadOrg    string
	CoOrgs     []string
	Community  string
	DueDate    string // YYYY-MM-DD, the deadline in force
	// WorkingDaysLeft counts working days from the day the message was
	// queued to DueDate: 0 is the last day, negative is overdue.
	WorkingDaysLeft int
	Provisional     bool // the deadline's year has no published schedule yet
	// Actor is the display name of who did it; "" means the system.
	Actor    string
	ActorOrg string
	Note     string // the note, result, reason or comment; quoted as is
	// Action is the recorded action, where one kind covers several (see
	// the kinds).
	Action        string
	NewDueDate    string // YYYY-MM-DD asked for by an extension request
	RecipientName string // for the greeting; "" greets no one by name
	// Role is RoleLead, RoleCo, RoleAssigner, RoleHead or RoleLeadership;
	// "" means the kind's usual recipient.
	Role string
	// Step is the ladder step the message is about (StepRemind, StepUrge,
	// StepSupervise, StepListed); "" on ladder mail means the kind's own
	// step, and on other mail shows no step.
	Step   string
	Listed bool // the task is under listed supervision (挂牌督办)

	HotspotID    int64
	HotspotTitle string
	// Reason is the reject reason of HotspotRejected, or the refusal code
	// of ReplyRefused.
	Reason string
	// Link is the absolute http(s) URL of the task or hot-spot page; any
	// other value is left out.
	Link string
}
