package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"xietong/domain/calendar"
)

// PilotService keeps the pilots' five-ones checklists: it lists them side
// by side, assigns items (each becomes a task for its owner bureau) and
// moves them through the owner's submission and the province's
// acceptance, each in one transaction with the task's record.
type PilotService struct {
	Store    Store
	Tasks    *TaskService
	Now      func() time.Time
	Location *time.Location
}

// AssignPilotItem is what assigning an item names.
type AssignPilotItem struct {
	OwnerOrgID int64
	Due        Date
	Note       string // the task's description
}

// PilotCommand is an action on an assigned item, with its note (required
// to submit and to return).
type PilotCommand struct {
	Action PilotAction
	Note   string
}

func (s *PilotService) loc() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	return time.UTC
}

func (s *PilotService) today() Date { return calendar.DateOf(s.Now(), s.loc()) }

// readScope is a's campaign scope, refusing those with none (other
// departments) with ErrForbidden.
func (s *PilotService) readScope(ctx context.Context, q OrgReader, a Actor) (CampaignScope, error) {
	scope, err := scopeOf(ctx, q, a)
	if err != nil {
		return scope, err
	}
	if scope.None() {
		return scope, Fail(ErrForbidden, "pilot.forbidden")
	}
	return scope, nil
}

// Pilots returns every pilot region's checklist as of today, regions in
// division-code order. Everyone with a campaign scope reads them all.
func (s *PilotService) Pilots(ctx context.Context, a Actor) ([]Pilot, error) {
	scope, err := s.readScope(ctx, s.Store, a)
	if err != nil {
		return nil, err
	}
	cal, err := s.Tasks.Calendar.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := pilots(ctx, s.Store, cal, s.today())
	if err != nil {
		return nil, err
	}
	for i := range ps {
		allow(scope, &ps[i])
	}
	return ps, nil
}

// Pilot returns one pilot region's checklist; a region that is not a
// pilot's is ErrNotFound.
func (s *PilotService) Pilot(ctx context.Context, a Actor, region string) (Pilot, error) {
	ps, err := s.Pilots(ctx, a)
	if err != nil {
		if errors.Is(err, ErrForbidden) {
			return Pilot{}, Fail(ErrNotFound, "pilot.not_found", region)
		}
		return Pilot{}, err
	}
	for _, p := range ps {
		if p.RegionCode == region {
			return p, nil
		}
	}
	return Pilot{}, Fail(ErrNotFound, "pilot.not_found", region)
}

// allow fills each cell's Allowed with what scope may do now.
func allow(scope CampaignScope, p *Pilot) {
	for i, c := range p.Items {
		for _, act := range PilotActions() {
			if _, err := PilotNext(c.Item, c.Status, act); err == nil && PilotMayAct(scope, c.OwnerOrgID, act) {
				p.Items[i].Allowed = append(p.Items[i].Allowed, act)
			}
		}
	}
}

// PilotOwed lists what each pilot still owes as of today, for the report:
// the items not done, pilots and items in checklist order.
func (s *PilotService) PilotOwed(ctx context.Context, today Date) ([]PilotOwed, error) {
	cal, err := s.Tasks.Calendar.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := pilots(ctx, s.Store, cal, today)
	if err != nil {
		return nil, err
	}
	var out []PilotOwed
	for _, p := range ps {
		for _, c := range p.Items {
			if c.Status == PilotDone {
				continue
			}
			out = append(out, PilotOwed{RegionCode: p.RegionCode, Region: p.Name, RegionEn: p.NameEn, Item: c.Item,
				Status: c.Status, Owner: c.Owner, Due: c.Due, DaysOverdue: c.DaysOverdue})
		}
	}
	return out, nil
}

// pilotQueries is what building the checklists reads.
type pilotQueries interface {
	CommunityReader
	OrgReader
	TaskReader
	AttachmentReader
	ApplicationReader
	PilotReader
}

// pilots builds every pilot region's checklist as of today.
func pilots(ctx context.Context, q pilotQueries, cal *calendar.Calendar, today Date) ([]Pilot, error) {
	yes := true
	comms, err := q.Communities(ctx, CommunityFilter{Pilot: &yes, Active: &yes}, Page{Limit: MaxPageSize})
	if err != nil {
		return nil, err
	}
	var out []Pilot
	byRegion := map[string]int{}
	for _, c := range comms {
		region := PilotRegionOf(c)
		if region == "" {
			continue
		}
		i, ok := byRegion[region]
		if !ok {
			zh, en := RegionNames(region)
			i = len(out)
			byRegion[region] = i
			out = append(out, Pilot{RegionCode: region, CityCode: CityCodeOf(region), Name: zh, NameEn: en,
				BureauCode: PilotBureauCode(region)})
		}
		out[i].Communities = append(out[i].Communities, c)
	}
	slices.SortFunc(out, func(a, b Pilot) int {
		switch {
		case a.RegionCode < b.RegionCode:
			return -1
		case a.RegionCode > b.RegionCode:
			return 1
		}
		return 0
	})
	items, err := q.PilotItems(ctx)
	if err != nil {
		return nil, err
	}
	assigned := map[string]PilotItem{}
	for _, it := range items {
		assigned[it.RegionCode+"/"+string(it.Item)] = it
	}
	owners := map[int64]string{}
	for i := range out {
		if err := fillPilot(ctx, q, cal, today, &out[i], assigned, owners); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fillPilot fills p's cells.
func fillPilot(ctx context.Context, q pilotQueries, cal *calendar.Calendar, today Date, p *Pilot,
	assigned map[string]PilotItem, owners map[int64]string) error {
	for _, k := range PilotItemKinds() {
		if k.Derived() {
			c, err := communityCell(ctx, q, today, p.RegionCode)
			if err != nil {
				return err
			}
			p.Items = append(p.Items, c)
			continue
		}
		it, ok := assigned[p.RegionCode+"/"+string(k)]
		if !ok {
			p.Items = append(p.Items, pilotTaskCell(cal, today, k, nil, "", 0))
			continue
		}
		t, err := q.Task(ctx, it.TaskID)
		if err != nil {
			return err
		}
		name, ok := owners[t.LeadOrgID]
		if !ok {
			o, err := q.Organization(ctx, t.LeadOrgID)
			if err != nil {
				return err
			}
			name, owners[t.LeadOrgID] = o.Name, o.Name
		}
		files, err := q.Attachments(ctx, AttachmentTarget{TaskID: t.ID}, Page{Limit: MaxPageSize * 5})
		if err != nil {
			return err
		}
		p.Items = append(p.Items, pilotTaskCell(cal, today, k, &t, name, len(files)))
	}
	return nil
}

// communityCell derives the region's community item from its titles.
func communityCell(ctx context.Context, q pilotQueries, today Date, region string) (PilotCell, error) {
	f := TitleFilter{Status: TitleActive, RegionCode: region}
	if CityCodeOf(region) == region {
		f = TitleFilter{Status: TitleActive, CityCode: region}
	}
	ts, err := q.Titles(ctx, f, Page{Limit: MaxPageSize})
	if err != nil {
		return PilotCell{}, err
	}
	names := map[int64]string{}
	for _, t := range ts {
		if _, ok := names[t.CommunityID]; ok || !TitleValidOn(t, today) {
			continue
		}
		c, err := q.Community(ctx, t.CommunityID)
		if err != nil {
			return PilotCell{}, err
		}
		names[t.CommunityID] = c.Name
	}
	return pilotCommunityCell(today, ts, names), nil
}

// pilotItemOf loads a pilot's item for an action inside tx, with the
// task behind it (nil while unassigned).
// scopedItem reads a's campaign scope and the item k of region's pilot
// with its task, for a change: a scope without a part in the campaign is
// ErrNotFound, as a pilot that does not exist is.
func (s *PilotService) scopedItem(ctx context.Context, tx Tx, a Actor, region string, k PilotItemKind) (CampaignScope, Pilot, *Task, error) {
	scope, err := s.readScope(ctx, tx, a)
	if errors.Is(err, ErrForbidden) {
		return scope, Pilot{}, nil, Fail(ErrNotFound, "pilot.not_found", region)
	}
	if err != nil {
		return scope, Pilot{}, nil, err
	}
	p, t, err := pilotItemOf(ctx, tx, region, k)
	return scope, p, t, err
}

func pilotItemOf(ctx context.Context, tx Tx, region string, k PilotItemKind) (Pilot, *Task, error) {
	if !k.Valid() {
		return Pilot{}, nil, Invalid("pilot.item_invalid", string(k))
	}
	yes := true
	comms, err := tx.Communities(ctx, CommunityFilter{Pilot: &yes, Active: &yes, RegionCode: region},
		Page{Limit: MaxPageSize})
	if err != nil {
		return Pilot{}, nil, err
	}
	if region == "" || len(comms) == 0 {
		return Pilot{}, nil, Fail(ErrNotFound, "pilot.not_found", region)
	}
	zh, en := RegionNames(region)
	p := Pilot{RegionCode: region, CityCode: CityCodeOf(region), Name: zh, NameEn: en, Communities: comms,
		BureauCode: PilotBureauCode(region)}
	items, err := tx.PilotItems(ctx)
	if err != nil {
		return p, nil, err
	}
	for _, it := range items {
		if it.RegionCode == region && it.Item == k {
			t, err := tx.Task(ctx, it.TaskID)
			return p, &t, err
		}
	}
	return p, nil, nil
}

// Assign names an item's owner bureau and due date (the province): it
// creates the item's task, led by the owner, due on the date.
func (s *PilotService) Assign(ctx context.Context, a Actor, region string, k PilotItemKind, in AssignPilotItem) error {
	cal, err := s.Tasks.Calendar.Calendar(ctx)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx Tx) error {
		tx = withMemo(tx)
		scope, p, t, err := s.scopedItem(ctx, tx, a, region, k)
		if err != nil {
			return err
		}
		var owner int64
		if t != nil {
			owner = t.LeadOrgID
		}
		if !PilotMayAct(scope, owner, PilotAssign) {
			return Fail(ErrForbidden, "pilot.forbidden")
		}
		cur := PilotUnassigned
		if t != nil {
			cur = PilotStatusOfTask(t.Status)
		}
		if _, err := PilotNext(k, cur, PilotAssign); err != nil {
			return err
		}
		if in.Due.IsZero() {
			return Invalid("pilot.due_required")
		}
		if err := requireHousingBureau(ctx, tx, in.OwnerOrgID); err != nil {
			return err
		}
		task, err := s.Tasks.create(ctx, tx, a, CreateTask{
			Title:       "试点五个一：" + p.Name + "·" + pilotItemTitles[k],
			Description: in.Note, LeadOrgID: in.OwnerOrgID, Priority: PriorityNormal, Source: SourceCampaign,
			Category: "other", DueDate: in.Due, Pilot: true}, cal)
		if err != nil {
			return err
		}
		now := tx.Now()
		it := PilotItem{RegionCode: region, Item: k, TaskID: task.ID, AssignedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
		if err := tx.CreatePilotItem(ctx, &it); err != nil {
			return err
		}
		au := auditOf(a, now, "pilot.assign", "pilot:"+region+"/"+string(k),
			fmt.Sprintf("task:%d org:%d due:%s", task.ID, in.OwnerOrgID, task.Due))
		return tx.AddAudit(ctx, &au)
	})
}

// requireHousingBureau refuses an owner that is not an active housing
// organisation: the five ones are the housing bureaus' work.
func requireHousingBureau(ctx context.Context, q OrgReader, id int64) error {
	if id <= 0 {
		return Invalid("pilot.owner_required")
	}
	o, err := q.Organization(ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && (!o.Active || o.Type != "housing") {
		return Invalid("pilot.owner_not_bureau", id)
	}
	return err
}

// Act submits, accepts or returns an assigned item by the same action on
// its task. Submitting needs at least one evidence file and accepts the
// task first when the owner has not. Out of scope is ErrNotFound; the
// wrong party ErrForbidden; a step the status does not allow ErrConflict.
func (s *PilotService) Act(ctx context.Context, a Actor, region string, k PilotItemKind, cmd PilotCommand) error {
	m, ok := pilotMoves[cmd.Action]
	if !ok || cmd.Action == PilotAssign {
		return Invalid("pilot.action_invalid", string(cmd.Action))
	}
	tc := TaskCommand{Action: m.task, Note: cmd.Note}
	if err := tc.Validate(); err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx Tx) error {
		tx = withMemo(tx)
		scope, _, t, err := s.scopedItem(ctx, tx, a, region, k)
		if err != nil {
			return err
		}
		cur, owner := PilotUnassigned, int64(0)
		if t != nil {
			cur, owner = PilotStatusOfTask(t.Status), t.LeadOrgID
		}
		if !PilotMayAct(scope, owner, cmd.Action) {
			return Fail(ErrForbidden, "pilot.forbidden")
		}
		if _, err := PilotNext(k, cur, cmd.Action); err != nil {
			return err
		}
		if cmd.Action == PilotSubmit {
			files, err := tx.Attachments(ctx, AttachmentTarget{TaskID: t.ID}, Page{Limit: 1})
			if err != nil {
				return err
			}
			if len(files) == 0 {
				return Fail(ErrUnprocessable, "pilot.evidence_required")
			}
			if t.Status == StatusAssigned {
				if err := s.Tasks.apply(ctx, tx, a, t, TaskCommand{Action: ActAccept}); err != nil {
					return err
				}
			}
		}
		if err := s.Tasks.apply(ctx, tx, a, t, tc); err != nil {
			return err
		}
		au := auditOf(a, tx.Now(), "pilot."+string(cmd.Action), "pilot:"+region+"/"+string(k),
			"task:"+strconv.FormatInt(t.ID, 10))
		return tx.AddAudit(ctx, &au)
	})
}
