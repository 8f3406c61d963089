package domain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
		var mine []User
		for _, u := range users {
			if u.OrgID == orgID {
				mine = append(mine, u)
			}
		}
		out = append(out, orgRecipientsOf(os[orgID], mine, roles[i])...)
	}
	return out, nil
}

// orgRecipientsOf are o's users (its active ones) and then its contact
// address, unless a user has it, each in role.
func orgRecipientsOf(o Organization, users []User, role string) []recipient {
	var out []recipient
	seen := map[string]bool{}
	for _, u := range users {
		out = append(out, recipient{userID: u.ID, orgID: o.ID, addr: u.Email, name: u.DisplayName, lang: u.Lang,
			role: role, mailOn: !u.MailOff})
		seen[u.Email] = true
	}
	if o.ContactEmail != "" && !seen[o.ContactEmail] {
		out = append(out, recipient{orgID: o.ID, addr: o.ContactEmail, name: o.Name, lang: "zh-CN", role: role, mailOn: true})
	}
	return out
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

// mailChange is what a task change records of its mail (MailChange.Body):
// who hears of it, as the change saw the task, and the notice as far as the
// change knows it without reading anything. AddressMail reads the rest —
// the recipients and the names the notice shows — for a batch of changes
// at once.
type mailChange struct {
	Kind      string `json:"kind"`
	Essential bool   `json:"essential,omitempty"`
	EventID   int64  `json:"event"`
	Notice    Notice `json:"notice"`
	// Orgs hear of it, Roles[i] being Orgs[i]'s role; Assigner (0: no one)
	// is the bureau lead told of it; Actor is the user who made the change,
	// who is not.
	Orgs     []int64  `json:"orgs,omitempty"`
	Roles    []string `json:"roles,omitempty"`
	Assigner int64    `json:"assigner,omitempty"`
	Actor    int64    `json:"actor,omitempty"`
	// What the notice names: the task's lead organisation and
	// co-organisers, the actor's organisation and the task's community.
	LeadOrg   int64   `json:"lead_org"`
	CoOrgs    []int64 `json:"co_orgs,omitempty"`
	ActorOrg  int64   `json:"actor_org,omitempty"`
	Community int64   `json:"community,omitempty"`
}

// notifyTask records the mail a task event causes, in the event's
// transaction: one MailChange, which AddressMail turns into messages.
func (s *TaskService) notifyTask(ctx context.Context, tx Tx, a Actor, t *Task, e TaskEvent) error {
	body, err := s.mailBody(ctx, a, t, e)
	if err != nil || body == nil {
		return err
	}
	return tx.QueueMailChange(ctx, MailChange{TaskID: t.ID, EventID: e.ID, At: e.At, Body: body})
}

// mailBody is the MailChange body of event e on t: who hears of it and what
// the mail says; nil when no one does.
func (s *TaskService) mailBody(ctx context.Context, a Actor, t *Task, e TaskEvent) ([]byte, error) {
	au, ok := audiences[e.Action]
	if !ok {
		return nil, nil
	}
	c := mailChange{Kind: au.kind, Essential: au.essential, EventID: e.ID, Actor: a.UserID,
		LeadOrg: t.LeadOrgID, CoOrgs: t.CoOrgIDs, ActorOrg: a.OrgID, Community: t.CommunityID}
	if au.leadOrg && !(e.Action == string(ActNote) && a.OrgID == t.LeadOrgID && a.Role == RoleDepartment) {
		c.Orgs, c.Roles = append(c.Orgs, t.LeadOrgID), append(c.Roles, RecipientLead)
	}
	if au.coOrgs {
		for _, co := range t.CoOrgIDs {
			c.Orgs, c.Roles = append(c.Orgs, co), append(c.Roles, RecipientCo)
		}
	}
	if au.assigner && a.UserID != t.CreatedBy {
		c.Assigner = t.CreatedBy
	}
	if len(c.Orgs) == 0 && c.Assigner == 0 {
		return nil, nil
	}
	var err error
	if c.Notice, err = s.notice(ctx, a, t, e); err != nil {
		return nil, err
	}
	return json.Marshal(c)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// notice is what a task message says, as far as the change knows it: the
// names are AddressMail's to fill in.
func (s *TaskService) notice(ctx context.Context, a Actor, t *Task, e TaskEvent) (Notice, error) {
	n := Notice{TaskID: t.ID, TaskTitle: t.Title, TaskStatus: string(t.Status), Priority: string(t.Priority),
		DueDate: t.Due.String(), Provisional: t.Provisional, Actor: displayName(a), Note: e.Note, Action: e.Action,
		HotspotID: t.HotspotID}
	if !t.ExtensionTo.IsZero() {
		n.NewDueDate = t.ExtensionTo.String()
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return Notice{}, err
	}
	n.WorkingDaysLeft = cal.WorkingDaysBetween(s.today(), t.Due)
	return n, nil
}

// addressBatch is how many changes AddressMail takes at once when it is
// to address them all.
const addressBatch = 200

// AddressMail turns up to n recorded task changes (MailChange) into their
// messages, in one transaction: it reads the names and the recipients of
// the whole batch in a few statements, queues the messages in one, and
// removes the changes. It returns how many changes it addressed. Without
// wait, changes another transaction is addressing are left to it (several
// relays at once); with wait, AddressMail waits for it. The messages'
// dedupe keys are those a change always had (task:T:event:E:address), so
// a change addressed twice still mails once.
//
// A change whose record cannot be read (which only a bug could write) is
// removed with the others, and reported in the error after they are
// committed: kept, it would stop every batch behind it.
func AddressMail(ctx context.Context, st Transactor, n int, wait bool) (int, error) {
	var done int
	var bad []int64
	err := st.InTx(ctx, func(tx Tx) error {
		done, bad = 0, nil
		cs, err := tx.TakeMailChanges(ctx, n, wait)
		if err != nil || len(cs) == 0 {
			return err
		}
		var msgs []OutboxMessage
		msgs, bad, err = addressChanges(ctx, withMemo(tx), cs)
		if err != nil {
			return err
		}
		if err := tx.EnqueueMails(ctx, msgs); err != nil {
			return err
		}
		ids := make([]int64, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		if err := tx.DropMailChanges(ctx, ids); err != nil {
			return err
		}
		done = len(cs)
		return nil
	})
	if err == nil && len(bad) > 0 {
		err = fmt.Errorf("mail changes %v could not be read and were dropped", bad)
	}
	return done, err
}

// AddressAllMail addresses every change recorded before it was called,
// waiting for those another transaction holds: when it returns, their
// messages are in the outbox.
func AddressAllMail(ctx context.Context, st Transactor) error {
	for {
		n, err := AddressMail(ctx, st, addressBatch, true)
		if err != nil || n == 0 {
			return err
		}
	}
}

// addressChanges builds the messages of cs: the organisations in one
// statement, their active users in another, the assigners and the
// communities one each (a memo answers them again).
func addressChanges(ctx context.Context, q *memo, cs []MailChange) ([]OutboxMessage, []int64, error) {
	var bad []int64
	changes := make([]mailChange, 0, len(cs))
	keep := make([]MailChange, 0, len(cs))
	var named, heard []int64
	for _, mc := range cs {
		var c mailChange
		if err := json.Unmarshal(mc.Body, &c); err != nil || len(c.Orgs) != len(c.Roles) {
			bad = append(bad, mc.ID)
			continue
		}
		// A body written before its task and event had ids (a create).
		if c.EventID == 0 {
			c.EventID = mc.EventID
		}
		if c.Notice.TaskID == 0 {
			c.Notice.TaskID = mc.TaskID
		}
		changes, keep = append(changes, c), append(keep, mc)
		named = append(append(named, c.LeadOrg), c.CoOrgs...)
		if c.ActorOrg != 0 {
			named = append(named, c.ActorOrg)
		}
		for _, id := range c.Orgs {
			if !slices.Contains(heard, id) {
				heard = append(heard, id)
			}
		}
	}
	orgs, err := orgsByID(ctx, q, append(named, heard...))
	if err != nil {
		return nil, bad, err
	}
	users := map[int64][]User{}
	if len(heard) > 0 {
		active := true
		us, err := q.Users(ctx, UserFilter{OrgIDs: heard, Active: &active}, Page{Limit: MaxPageSize * len(heard)})
		if err != nil {
			return nil, bad, err
		}
		for _, u := range us {
			users[u.OrgID] = append(users[u.OrgID], u)
		}
	}
	assigners := map[int64][]recipient{}
	var msgs []OutboxMessage
	for i, c := range changes {
		mc := keep[i]
		n := c.Notice
		n.LeadOrg = orgs[c.LeadOrg].Name
		n.CoOrgs = nil
		for _, id := range c.CoOrgs {
			n.CoOrgs = append(n.CoOrgs, orgs[id].Name)
		}
		n.ActorOrg = orgs[c.ActorOrg].Name
		if c.Community != 0 {
			if cm, err := q.Community(ctx, c.Community); err == nil {
				n.Community = cm.Name
			}
		}
		var rs []recipient
		for j, orgID := range c.Orgs {
			rs = append(rs, orgRecipientsOf(orgs[orgID], users[orgID], c.Roles[j])...)
		}
		if c.Assigner != 0 {
			r, ok := assigners[c.Assigner]
			if !ok {
				if r, err = userRecipient(ctx, q, c.Assigner); err != nil {
					return nil, bad, err
				}
				assigners[c.Assigner] = r
			}
			rs = append(rs, r...)
		}
		seen := map[string]bool{}
		for _, r := range rs {
			if r.userID == c.Actor && r.userID != 0 || seen[r.addr] || !r.mailOn && !c.Essential {
				continue
			}
			seen[r.addr] = true
			n.RecipientName, n.Role = r.name, r.role
			msgs = append(msgs, OutboxMessage{
				DedupeKey: "task:" + itoa(mc.TaskID) + ":event:" + itoa(c.EventID) + ":" + r.addr,
				Kind:      c.Kind, Lang: r.lang, UserID: r.userID, OrgID: r.orgID, To: r.addr, ToName: r.name,
				TaskID: mc.TaskID, HotspotID: n.HotspotID, Payload: n.Encode(), Essential: c.Essential,
				Status: OutboxQueued, NextAttemptAt: mc.At, CreatedAt: mc.At})
		}
	}
	return msgs, bad, nil
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
