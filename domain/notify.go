package domain

import (
	"context"
	"errors"
	"strconv"
	"time"
)

// Mail kinds: what a queued Notice is about, and so which templates render
// it (KIND.txt.tmpl and KIND.html.tmpl in the mail package, and its
// KIND.subject and KIND.headline messages). Who receives each:
//   - task_assigned: the lead organisation and the co-organisers (Notice.Role
//     says which); task_reassigned: the new lead organisation;
//   - task_accepted, task_submitted, task_extension_requested and
//     task_transfer_requested: the assigning lead;
//   - task_closed, task_returned (Action return or reopen),
//     task_extension_decided (Action approve_extension or reject_extension)
//     and task_transfer_rejected: the lead organisation;
//   - task_note: a note, progress or a recomputed deadline (the Action), to
//     the others concerned;
//   - hotspot_*: the reporting community;
//   - reply_refused: the sender of a reply that was not applied, with one of
//     RefusalReasons in Notice.Reason;
//   - ladder_* (MailLadderRemind and the others): a step of the supervision
//     ladder, to the recipients its rung names.
//
// MailSupervisionReport is not among them: it is rendered when queued.
const (
	MailTaskAssigned           = "task_assigned"
	MailTaskReassigned         = "task_reassigned"
	MailTaskAccepted           = "task_accepted"
	MailTaskSubmitted          = "task_submitted"
	MailTaskExtensionRequested = "task_extension_requested"
	MailTaskTransferRequested  = "task_transfer_requested"
	MailTaskClosed             = "task_closed"
	MailTaskReturned           = "task_returned"
	MailTaskExtensionDecided   = "task_extension_decided"
	MailTaskTransferRejected   = "task_transfer_rejected"
	MailTaskNote               = "task_note"
	MailHotspotDispatched      = "hotspot_dispatched"
	MailHotspotRejected        = "hotspot_rejected"
	MailHotspotAwaiting        = "hotspot_awaiting_feedback"
	MailReplyRefused           = "reply_refused"
	// The campaign's: an objection lodged (to the province), the naming
	// stopped by an upheld objection, a title granted, a title revoked,
	// a re-assessment opened (to the community and its city's bureau).
	MailObjectionLodged = "campaign_objection"
	MailNamingStopped   = "campaign_stopped"
	MailTitleGranted    = "campaign_named"
	MailTitleRevoked    = "campaign_revoked"
	MailReassessOpened  = "campaign_reassess"
)

// MailKinds returns every kind of mail rendered from a Notice, in a stable
// order, in a fresh slice: each has its templates, and every template pair
// belongs to one of them.
func MailKinds() []string {
	return []string{MailTaskAssigned, MailTaskReassigned, MailTaskAccepted, MailTaskSubmitted,
		MailTaskExtensionRequested, MailTaskTransferRequested, MailTaskClosed, MailTaskReturned,
		MailTaskExtensionDecided, MailTaskTransferRejected, MailTaskNote,
		MailHotspotDispatched, MailHotspotRejected, MailHotspotAwaiting, MailReplyRefused,
		MailLadderRemind, MailLadderUrge, MailLadderSupervise, MailLadderListed,
		MailAppSubmitted, MailAppRecommended, MailAppReturned, MailAppAccepted, MailAppRejected,
		MailObjectionLodged, MailNamingStopped, MailTitleGranted, MailTitleRevoked, MailReassessOpened}
}

// Recipient roles (Notice.Role): what the recipient of task mail is to the
// task. They decide the mail's reply instructions and its "why you receive
// this".
const (
	RecipientLead       = "lead"       // a user or the contact of the lead organisation (主办单位)
	RecipientCo         = "co"         // a user or the contact of a co-organiser (协办单位)
	RecipientAssigner   = "assigner"   // the bureau lead who assigned the task (交办人)
	RecipientHead       = "head"       // the lead organisation's head (负责人)
	RecipientLeadership = "leadership" // a leadership user (领导)
)

// RecipientRoles returns the recipient roles, in a fresh slice.
func RecipientRoles() []string {
	return []string{RecipientLead, RecipientCo, RecipientAssigner, RecipientHead, RecipientLeadership}
}

// audience says who hears of a task event: the lead organisation, the
// co-organisers, the bureau lead who assigned the task.
type audience struct {
	kind            string
	leadOrg, coOrgs bool
	assigner        bool
	// essential mail reaches users who turned mail off: new work and
	// deadline changes must not go unnoticed.
	essential bool
}

// audiences is "who hears what" (issue 4): one row per recorded action.
var audiences = map[string]audience{
	EventAssign:                 {kind: MailTaskAssigned, leadOrg: true, coOrgs: true, essential: true},
	string(ActReassign):         {kind: MailTaskReassigned, leadOrg: true, essential: true},
	string(ActAccept):           {kind: MailTaskAccepted, assigner: true},
	string(ActSubmit):           {kind: MailTaskSubmitted, assigner: true},
	string(ActRequestExtension): {kind: MailTaskExtensionRequested, assigner: true},
	string(ActRequestTransfer):  {kind: MailTaskTransferRequested, assigner: true},
	string(ActClose):            {kind: MailTaskClosed, leadOrg: true},
	string(ActReturn):           {kind: MailTaskReturned, leadOrg: true},
	string(ActReopen):           {kind: MailTaskReturned, leadOrg: true},
	string(ActApproveExtension): {kind: MailTaskExtensionDecided, leadOrg: true, essential: true},
	string(ActRejectExtension):  {kind: MailTaskExtensionDecided, leadOrg: true},
	string(ActRejectTransfer):   {kind: MailTaskTransferRejected, leadOrg: true},
	string(ActProgress):         {kind: MailTaskNote, assigner: true},
	string(ActNote):             {kind: MailTaskNote, leadOrg: true, assigner: true},
	EventDeadlineRecomputed:     {kind: MailTaskNote, leadOrg: true, essential: true},
}

// recipient is one address a message goes to.
type recipient struct {
	userID int64
	orgID  int64
	addr   string
	name   string
	lang   string
	role   string
	mailOn bool
}

// recipientReader is what resolving recipients reads: organisations and
// their users.
type recipientReader interface {
	OrgReader
	UserReader
}

// orgRecipients are an organisation's active department users and its
// contact address (README, "Mail").
func orgRecipients(ctx context.Context, q recipientReader, orgID int64, role string) ([]recipient, error) {
	return orgsRecipients(ctx, q, []int64{orgID}, []string{role})
}

// orgsRecipients are orgRecipients of each of orgIDs in turn, roles[i]
// being orgIDs[i]'s, read in two statements however many there are: the
// organisations (unless a memo has them) and their active users.
func orgsRecipients(ctx context.Context, q recipientReader, orgIDs []int64, roles []string) ([]recipient, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	os, err := orgsByID(ctx, q, orgIDs)
	if err != nil {
		return nil, err
	}
	for _, id := range orgIDs {
		if _, ok := os[id]; !ok {
			return nil, Fail(ErrNotFound, "org.not_found", id)
		}
	}
	active := true
	users, err := q.Users(ctx, UserFilter{OrgIDs: orgIDs, Active: &active}, Page{Limit: MaxPageSize * len(orgIDs)})
	if err != nil {
		return nil, err
	}
	var out []recipient
	for i, orgID := range orgIDs {
		seen := map[string]bool{}
		for _, u := range users {
			if u.OrgID != orgID {
				continue
			}
			out = append(out, recipient{userID: u.ID, orgID: orgID, addr: u.Email, name: u.DisplayName, lang: u.Lang,
				role: roles[i], mailOn: !u.MailOff})
			seen[u.Email] = true
		}
		if o := os[orgID]; o.ContactEmail != "" && !seen[o.ContactEmail] {
			out = append(out, recipient{orgID: orgID, addr: o.ContactEmail, name: o.Name, lang: "zh-CN", role: roles[i], mailOn: true})
		}
	}
	return out, nil
}

// userRecipient is one user as a recipient, or nothing when they are gone.
func userRecipient(ctx context.Context, q UserReader, id int64) ([]recipient, error) {
	if id == 0 {
		return nil, nil
	}
	u, err := q.User(ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && !u.Active {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return []recipient{{userID: u.ID, orgID: u.OrgID, addr: u.Email, name: u.DisplayName, lang: u.Lang, mailOn: !u.MailOff}}, nil
}

// notifyTask queues the mail a task event causes, in the event's transaction.
func (s *TaskService) notifyTask(ctx context.Context, tx Tx, a Actor, t *Task, e TaskEvent) error {
	au, ok := audiences[e.Action]
	if !ok {
		return nil
	}
	var rs []recipient
	add := func(more []recipient, err error) error {
		rs = append(rs, more...)
		return err
	}
	var orgs []int64
	var roles []string
	if au.leadOrg && !(e.Action == string(ActNote) && a.OrgID == t.LeadOrgID && a.Role == RoleDepartment) {
		orgs, roles = append(orgs, t.LeadOrgID), append(roles, RecipientLead)
	}
	if au.coOrgs {
		for _, co := range t.CoOrgIDs {
			orgs, roles = append(orgs, co), append(roles, RecipientCo)
		}
	}
	if err := add(orgsRecipients(ctx, tx, orgs, roles)); err != nil {
		return err
	}
	if au.assigner && a.UserID != t.CreatedBy {
		if err := add(userRecipient(ctx, tx, t.CreatedBy)); err != nil {
			return err
		}
	}
	if len(rs) == 0 {
		return nil
	}
	n, err := s.notice(ctx, tx, a, t, e)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var msgs []OutboxMessage
	for _, r := range rs {
		if r.userID == a.UserID && r.userID != 0 || seen[r.addr] || !r.mailOn && !au.essential {
			continue
		}
		seen[r.addr] = true
		n.RecipientName, n.Role = r.name, r.role
		msgs = append(msgs, OutboxMessage{DedupeKey: "task:" + itoa(t.ID) + ":event:" + itoa(e.ID) + ":" + r.addr,
			Kind: au.kind, Lang: r.lang, UserID: r.userID, OrgID: r.orgID, To: r.addr, ToName: r.name,
			TaskID: t.ID, HotspotID: t.HotspotID, Payload: n.Encode(), Essential: au.essential,
			Status: OutboxQueued, NextAttemptAt: e.At, CreatedAt: e.At})
	}
	return tx.EnqueueMails(ctx, msgs)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// notice snapshots what a task message says.
func (s *TaskService) notice(ctx context.Context, q interface {
	OrgReader
	CommunityReader
}, a Actor, t *Task, e TaskEvent) (Notice, error) {
	n := Notice{TaskID: t.ID, TaskTitle: t.Title, TaskStatus: string(t.Status), Priority: string(t.Priority),
		DueDate: t.Due.String(), Provisional: t.Provisional, Actor: displayName(a), Note: e.Note, Action: e.Action,
		HotspotID: t.HotspotID}
	if !t.ExtensionTo.IsZero() {
		n.NewDueDate = t.ExtensionTo.String()
	}
	names, err := orgNames(ctx, q, append([]int64{t.LeadOrgID}, t.CoOrgIDs...))
	if err != nil {
		return Notice{}, err
	}
	n.LeadOrg, n.CoOrgs = names[0], names[1:]
	if a.OrgID != 0 {
		if o, err := q.Organization(ctx, a.OrgID); err == nil {
			n.ActorOrg = o.Name
		}
	}
	if t.CommunityID != 0 {
		if c, err := q.Community(ctx, t.CommunityID); err == nil {
			n.Community = c.Name
		}
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return Notice{}, err
	}
	n.WorkingDaysLeft = cal.WorkingDaysBetween(s.today(), t.Due)
	return n, nil
}

func orgNames(ctx context.Context, q OrgReader, ids []int64) ([]string, error) {
	os, err := orgsByID(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		o, ok := os[id]
		if !ok {
			return nil, Fail(ErrNotFound, "org.not_found", id)
		}
		out[i] = o.Name
	}
	return out, nil
}

// hotspotNotifier is what notifyHotspot reads and writes: the community and
// its users, and the mail queue.
type hotspotNotifier interface {
	UserReader
	CommunityReader
	OutboxWriter
}

// notifyHotspot queues a hot-spot message to the reporting community's users.
func notifyHotspot(ctx context.Context, tx hotspotNotifier, h Hotspot, kind, reason string, now time.Time) error {
	active := true
	users, err := tx.Users(ctx, UserFilter{CommunityID: h.CommunityID, Active: &active}, Page{Limit: MaxPageSize})
	if err != nil {
		return err
	}
	n := Notice{HotspotID: h.ID, HotspotTitle: h.Title, Reason: reason, TaskStatus: string(h.Status)}
	if c, err := tx.Community(ctx, h.CommunityID); err == nil {
		n.Community = c.Name
	}
	for _, u := range users {
		if u.MailOff {
			continue
		}
		n.RecipientName = u.DisplayName
		m := OutboxMessage{DedupeKey: "hotspot:" + itoa(h.ID) + ":" + kind + ":v" + strconv.Itoa(h.Version) + ":" + u.Email,
			Kind: kind, Lang: u.Lang, UserID: u.ID, To: u.Email, ToName: u.DisplayName, HotspotID: h.ID,
			Payload: n.Encode(), Status: OutboxQueued, NextAttemptAt: now, CreatedAt: now}
		if err := tx.EnqueueMail(ctx, &m); err != nil {
			return err
		}
	}
	return nil
}

// displayName is how mail names the actor: "" for the system itself.
func displayName(a Actor) string {
	switch {
	case a.Channel == ChannelSystem && a.UserID == 0:
		return ""
	case a.Name != "":
		return a.Name
	}
	return a.Username
}
