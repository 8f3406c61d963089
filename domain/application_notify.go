package domain

import (
	"context"
	"strconv"
)

// Mail kinds of campaign applications (rendered like task mail from a
// Notice whose ApplicationID is set): submitted to the reviewing city
// bureau; recommended to the province (its leads and the provincial
// department); returned, accepted and rejected to the community's users,
// and the province's acceptance or rejection of a province title to the
// city bureau that recommended it too.
// Scoring and inspection send nothing.
const (
	MailAppSubmitted   = "application_submitted"
	MailAppRecommended = "application_recommended"
	MailAppReturned    = "application_returned"
	MailAppAccepted    = "application_accepted"
	MailAppRejected    = "application_rejected"
)

// Recipient roles of application mail (Notice.Role).
const (
	RecipientApplicant = "applicant" // a user of the applying community
	RecipientReviewer  = "reviewer"  // the reviewing bureau, or the province
)

// appMailKinds says which step sends which kind.
var appMailKinds = map[AppAction]string{
	StepSubmit:    MailAppSubmitted,
	StepRecommend: MailAppRecommended,
	StepReturn:    MailAppReturned,
	StepAccept:    MailAppAccepted,
	StepReject:    MailAppRejected,
}

// notify queues the mail a step on app causes, in the step's transaction.
func (s *CampaignService) notify(ctx context.Context, tx Tx, a Actor, app Application, c Community, act AppAction, note string) error {
	kind, ok := appMailKinds[act]
	if !ok {
		return nil
	}
	var rs []recipient
	active := true
	switch act {
	case StepSubmit, StepRecommend:
		code := ReviewBureauCode(app.CityCode)
		if act == StepRecommend {
			code = ProvinceBureauCode
			leads, err := tx.Users(ctx, UserFilter{Role: RoleLead, Active: &active}, Page{Limit: MaxPageSize})
			if err != nil {
				return err
			}
			for _, u := range leads {
				rs = append(rs, recipient{userID: u.ID, addr: u.Email, name: u.DisplayName, lang: u.Lang,
					role: RecipientReviewer, mailOn: !u.MailOff})
			}
		}
		more, err := reviewerRecipients(ctx, tx, code)
		if err != nil {
			return err
		}
		rs = append(rs, more...)
	default:
		users, err := tx.Users(ctx, UserFilter{CommunityID: app.CommunityID, Active: &active}, Page{Limit: MaxPageSize})
		if err != nil {
			return err
		}
		for _, u := range users {
			rs = append(rs, recipient{userID: u.ID, addr: u.Email, name: u.DisplayName, lang: u.Lang,
				role: RecipientApplicant, mailOn: !u.MailOff})
		}
		// The province's decision on a province title is also the news of
		// the city bureau that recommended it.
		if app.Level == LevelProvince && (act == StepAccept || act == StepReject) {
			more, err := reviewerRecipients(ctx, tx, ReviewBureauCode(app.CityCode))
			if err != nil {
				return err
			}
			rs = append(rs, more...)
		}
	}
	n := Notice{ApplicationID: app.ID, Level: string(app.Level), Community: c.Name, Actor: displayName(a),
		Note: note, Action: string(act), TaskStatus: string(app.Status)}
	if a.OrgID != 0 {
		if o, err := tx.Organization(ctx, a.OrgID); err == nil {
			n.ActorOrg = o.Name
		}
	}
	if sc := app.DecidingScore(); sc != nil && act != StepSubmit {
		n.Score = FormatScore(*sc)
	}
	now := tx.Now()
	seen := map[string]bool{}
	var msgs []OutboxMessage
	for _, r := range rs {
		// Submission and decisions are essential: they are the work.
		if r.userID == a.UserID && r.userID != 0 || seen[r.addr] || r.addr == "" {
			continue
		}
		seen[r.addr] = true
		n.RecipientName, n.Role = r.name, r.role
		msgs = append(msgs, OutboxMessage{
			DedupeKey: "application:" + itoa(app.ID) + ":" + kind + ":v" + strconv.Itoa(app.Version) + ":" + r.addr,
			Kind:      kind, Lang: r.lang, UserID: r.userID, OrgID: r.orgID, To: r.addr, ToName: r.name,
			Payload: n.Encode(), Essential: true, Status: OutboxQueued, NextAttemptAt: now, CreatedAt: now})
	}
	return tx.EnqueueMails(ctx, msgs)
}

// reviewerRecipients are the mail recipients, as reviewers, of the
// organisation with code (a reviewing bureau).
func reviewerRecipients(ctx context.Context, tx Tx, code string) ([]recipient, error) {
	org, err := tx.OrganizationByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	return orgRecipients(ctx, tx, org.ID, RecipientReviewer)
}
