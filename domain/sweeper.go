package domain

import (
	"context"
	"errors"
	"slices"
	"time"

	"xietong/domain/calendar"
)

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// sweeper carries one batch's state.
type sweeper struct {
	svc        *SupervisionService
	q          recipientReader
	cal        *calendar.Calendar
	now        time.Time
	policies   map[Priority]Policy
	dry        bool
	res        *SweepResult
	recipients map[string][]recipient
	orgs       map[int64]Organization
}

func (w *sweeper) tasks(ctx context.Context, tx Tx, tasks []LadderTask) error {
	loc, hours := w.svc.Location, w.svc.Hours
	today := calendar.DateOf(w.now, loc)
	// A batch's writes go out together at its end: one insert of its
	// events, one of its mail and one update of its tasks' ladder state.
	var events []TaskEvent
	var mails []OutboxMessage
	states := make([]TaskLadder, 0, len(tasks))
	for _, lt := range tasks {
		t := lt.Task
		w.res.Tasks++
		p, ok := w.policies[t.Priority]
		if !ok {
			p = w.policies[PriorityNormal]
		}
		done := make(map[string]bool, len(t.LadderDone))
		for _, id := range t.LadderDone {
			done[id] = true
		}
		decisions := DueRungs(t, done, p, w.cal, loc, w.now, hours)
		doneList, step, listed := slices.Clone(t.LadderDone), t.LadderStep, t.Listed
		for _, d := range decisions {
			lead, err := w.org(ctx, t.LeadOrgID)
			if err != nil {
				return err
			}
			st := SweepStep{TaskID: t.ID, Title: t.Title, LeadOrg: lead.Name, Priority: t.Priority, Due: t.Due,
				RungID: d.RungID, Step: d.Rung.Step, Action: d.Action, Reason: d.Reason}
			e := TaskEvent{TaskID: t.ID, At: w.now, Channel: ChannelSystem, From: t.Status, To: t.Status}
			if d.Action == LadderSkip {
				e.Action, e.Note, e.Internal = EventLadderSkipped, d.RungID+" "+string(d.Reason), true
				w.res.Skipped++
			} else {
				e.Action, e.Note = EventLadderPrefix+string(d.Rung.Step), d.RungID
				w.res.Sent++
				if stepRank(d.Rung.Step) > stepRank(step) {
					step = d.Rung.Step
				}
				listed = listed || d.Rung.ListInReport
				msgs, err := w.mail(ctx, t, d, today, listed)
				if err != nil {
					return err
				}
				for _, m := range msgs {
					st.Recipients = append(st.Recipients, m.To)
				}
				w.res.Messages += len(msgs)
				mails = append(mails, msgs...)
			}
			doneList = append(doneList, d.RungID)
			done[d.RungID] = true
			events = append(events, e)
			w.res.Steps = append(w.res.Steps, st)
		}
		next, _ := NextLadderAt(t, done, p, w.cal, loc, hours)
		states = append(states, TaskLadder{TaskID: t.ID,
			LadderState: LadderState{Done: doneList, Step: step, Listed: listed, NextAt: next}})
	}
	if w.dry {
		return nil
	}
	if err := tx.AddTaskEvents(ctx, events); err != nil {
		return err
	}
	if err := tx.EnqueueMails(ctx, mails); err != nil {
		return err
	}
	return tx.SaveLadders(ctx, states)
}

func (w *sweeper) org(ctx context.Context, id int64) (Organization, error) {
	if o, ok := w.orgs[id]; ok {
		return o, nil
	}
	o, err := w.q.Organization(ctx, id)
	if err != nil {
		return Organization{}, err
	}
	w.orgs[id] = o
	return o, nil
}

// audience resolves one audience of a rung for task t, caching per batch.
func (w *sweeper) audience(ctx context.Context, t Task, a Audience) ([]recipient, error) {
	switch a {
	case AudienceLeadContact:
		return w.cached(ctx, "org:"+itoa(t.LeadOrgID), func() ([]recipient, error) {
			return orgRecipients(ctx, w.q, t.LeadOrgID, RecipientLead)
		})
	case AudienceLeadHead:
		o, err := w.org(ctx, t.LeadOrgID)
		if err != nil || o.HeadEmail == "" {
			return nil, err
		}
		return []recipient{{orgID: o.ID, addr: o.HeadEmail, name: o.Name, lang: "zh-CN", role: RecipientHead, mailOn: true}}, nil
	case AudienceCoOrgs:
		var out []recipient
		for _, co := range t.CoOrgIDs {
			rs, err := w.cached(ctx, "co:"+itoa(co), func() ([]recipient, error) {
				return orgRecipients(ctx, w.q, co, RecipientCo)
			})
			if err != nil {
				return nil, err
			}
			out = append(out, rs...)
		}
		return out, nil
	case AudienceAssigner:
		return w.cached(ctx, "user:"+itoa(t.CreatedBy), func() ([]recipient, error) {
			rs, err := userRecipient(ctx, w.q, t.CreatedBy)
			for i := range rs {
				rs[i].role = RecipientAssigner
			}
			return rs, err
		})
	case AudienceLeadership:
		return w.cached(ctx, "leadership", func() ([]recipient, error) {
			active := true
			users, err := w.q.Users(ctx, UserFilter{Role: RoleLeadership, Active: &active}, Page{Limit: MaxPageSize})
			var out []recipient
			for _, u := range users {
				out = append(out, recipient{userID: u.ID, addr: u.Email, name: u.DisplayName, lang: u.Lang,
					role: RecipientLeadership, mailOn: true})
			}
			return out, err
		})
	}
	return nil, nil
}

func (w *sweeper) cached(ctx context.Context, key string, load func() ([]recipient, error)) ([]recipient, error) {
	if rs, ok := w.recipients[key]; ok {
		return rs, nil
	}
	rs, err := load()
	if err != nil {
		return nil, err
	}
	w.recipients[key] = rs
	return rs, nil
}

// mail builds one message per recipient of a sent rung. Ladder mail is
// essential: supervision reaches users who turned optional mail off.
func (w *sweeper) mail(ctx context.Context, t Task, d Decision, today Date, listed bool) ([]OutboxMessage, error) {
	var rs []recipient
	for _, a := range d.Rung.Audiences {
		more, err := w.audience(ctx, t, a)
		if err != nil {
			return nil, err
		}
		rs = append(rs, more...)
	}
	if len(rs) == 0 {
		return nil, nil
	}
	lead, err := w.org(ctx, t.LeadOrgID)
	if err != nil {
		return nil, err
	}
	n := Notice{TaskID: t.ID, TaskTitle: t.Title, TaskStatus: string(t.Status), Priority: string(t.Priority),
		DueDate: t.Due.String(), Provisional: t.Provisional, LeadOrg: lead.Name, HotspotID: t.HotspotID,
		Step: string(d.Rung.Step), Listed: listed, WorkingDaysLeft: w.cal.WorkingDaysBetween(today, t.Due)}
	for _, co := range t.CoOrgIDs {
		o, err := w.org(ctx, co)
		if err != nil {
			return nil, err
		}
		n.CoOrgs = append(n.CoOrgs, o.Name)
	}
	kind := d.Rung.Template
	if !slices.Contains(LadderTemplates(), kind) {
		kind = EventLadderPrefix + string(d.Rung.Step)
	}
	var out []OutboxMessage
	seen := map[string]bool{}
	for _, r := range rs {
		if r.addr == "" || seen[r.addr] {
			continue
		}
		seen[r.addr] = true
		n.RecipientName, n.Role = r.name, r.role
		out = append(out, OutboxMessage{DedupeKey: "ladder:" + itoa(t.ID) + ":" + d.RungID + ":" + r.addr,
			Kind: kind, Lang: r.lang, UserID: r.userID, OrgID: r.orgID, To: r.addr, ToName: r.name,
			TaskID: t.ID, HotspotID: t.HotspotID, Payload: n.Encode(), Essential: true,
			Status: OutboxQueued, NextAttemptAt: w.now, CreatedAt: w.now})
	}
	return out, nil
}
