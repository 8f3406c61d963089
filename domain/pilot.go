package domain

import (
	"context"
	"slices"
	"time"

	"xietong/domain/calendar"
	"xietong/domain/catalog"
)

// The pilots' "five ones" (五个一, 陕建发〔2014〕275号): each pilot city and
// county delivers one work plan (方案), one set of working mechanisms (机制,
// the notice's four: 组织领导, 激励奖惩, 教育培训, 绩效考核, each its own
// item), one local standard (标准), one body of material including images
// and video (材料) and at least one harmonious community (和谐社区).
//
// A pilot region is where a pilot community lies: the region code of every
// active community the register marks Pilot (a city's code for 西安 and 宝鸡,
// the county's for 勉县 and 石泉县). The list follows the register, so an
// admin who marks another community a pilot adds its region; no second list
// of pilots is kept.
//
// Every item but the community is supervised like a task: assigning it
// creates a task (source campaign) whose lead is the owner bureau and
// whose deadline is the due date, so the ladder, the reminders and the
// report cover it. The item's status follows the task's; its evidence is
// the task's attachments. The community item is derived: done when a
// community of the region holds a title valid today (TitleValidOn).

// PilotItemKind is one line of a pilot's checklist.
type PilotItemKind string

// The checklist's lines, in the order the notice names them.
const (
	PilotPlan                PilotItemKind = "plan"
	PilotMechOrganization    PilotItemKind = "mechanism_organization"
	PilotMechIncentive       PilotItemKind = "mechanism_incentive"
	PilotMechTraining        PilotItemKind = "mechanism_training"
	PilotMechAssessment      PilotItemKind = "mechanism_assessment"
	PilotStandard            PilotItemKind = "standard"
	PilotMaterials           PilotItemKind = "materials"
	PilotHarmoniousCommunity PilotItemKind = "community"
)

// PilotItemKinds returns the checklist's lines in order, in a fresh slice.
func PilotItemKinds() []PilotItemKind {
	return []PilotItemKind{PilotPlan, PilotMechOrganization, PilotMechIncentive, PilotMechTraining,
		PilotMechAssessment, PilotStandard, PilotMaterials, PilotHarmoniousCommunity}
}

// Valid reports whether k is a line of the checklist.
func (k PilotItemKind) Valid() bool { return slices.Contains(PilotItemKinds(), k) }

// Derived reports whether the item's status is derived from other records
// rather than supervised as a task.
func (k PilotItemKind) Derived() bool { return k == PilotHarmoniousCommunity }

// pilotItemTitles are the items' names in the titles of their tasks (task
// titles are data, written in Chinese like every task's).
var pilotItemTitles = map[PilotItemKind]string{
	PilotPlan: "工作方案", PilotMechOrganization: "组织领导机制", PilotMechIncentive: "激励奖惩机制",
	PilotMechTraining: "教育培训机制", PilotMechAssessment: "绩效考核机制", PilotStandard: "地方标准",
	PilotMaterials: "工作材料（含影像）", PilotHarmoniousCommunity: "和谐社区",
}

// PilotItemStatus is where a checklist item stands.
type PilotItemStatus string

// The statuses of a checklist item.
const (
	PilotUnassigned PilotItemStatus = "unassigned" // no owner yet
	PilotOpen       PilotItemStatus = "open"       // the owner is working on it
	PilotSubmitted  PilotItemStatus = "submitted"  // the owner submitted it with evidence
	PilotDone       PilotItemStatus = "done"       // the province accepted it (or, derived, it holds)
)

// PilotItemStatuses returns every item status, in a fresh slice.
func PilotItemStatuses() []PilotItemStatus {
	return []PilotItemStatus{PilotUnassigned, PilotOpen, PilotSubmitted, PilotDone}
}

// PilotStatusOfTask is the status of an item whose task is in status s.
func PilotStatusOfTask(s Status) PilotItemStatus {
	switch s {
	case StatusSubmitted:
		return PilotSubmitted
	case StatusClosed:
		return PilotDone
	case "":
		return PilotUnassigned
	}
	return PilotOpen
}

// PilotAction is something done to a checklist item.
type PilotAction string

// The actions on a checklist item.
const (
	PilotAssign PilotAction = "assign" // the province names the owner and the due date
	PilotSubmit PilotAction = "submit" // the owner submits it with its evidence
	PilotAccept PilotAction = "accept" // the province accepts it
	PilotReturn PilotAction = "return" // the province returns it for more work
)

// pilotMoves is the item workflow: the status each action is allowed
// from, the status it leads to, whether the province takes it (otherwise
// the owner bureau) and the task action it takes on the item's task.
var pilotMoves = map[PilotAction]struct {
	from, to PilotItemStatus
	province bool
	task     Action
}{
	PilotAssign: {PilotUnassigned, PilotOpen, true, ""},
	PilotSubmit: {PilotOpen, PilotSubmitted, false, ActSubmit},
	PilotAccept: {PilotSubmitted, PilotDone, true, ActClose},
	PilotReturn: {PilotSubmitted, PilotOpen, true, ActReturn},
}

// PilotActions returns the item actions in workflow order.
func PilotActions() []PilotAction {
	return []PilotAction{PilotAssign, PilotSubmit, PilotAccept, PilotReturn}
}

// PilotNext returns the status action act leads item k to from cur:
// ErrInvalid for an unknown action or any action on a derived item,
// ErrConflict when act is not allowed from cur.
func PilotNext(k PilotItemKind, cur PilotItemStatus, act PilotAction) (PilotItemStatus, error) {
	m, ok := pilotMoves[act]
	if !ok || k.Derived() {
		return cur, Invalid("pilot.action_invalid", string(act))
	}
	if m.from != cur {
		return cur, Fail(ErrConflict, "pilot.action_not_allowed", string(act), string(cur))
	}
	return m.to, nil
}

// PilotMayAct reports whether scope may take act on an item whose owner
// is the organisation ownerOrg: the province assigns, accepts and returns;
// the owner bureau submits. Leadership reads only.
func PilotMayAct(scope CampaignScope, ownerOrg int64, act PilotAction) bool {
	m, ok := pilotMoves[act]
	switch {
	case !ok || scope.Reader:
		return false
	case m.province:
		return scope.Province
	}
	return scope.OrgID != 0 && scope.OrgID == ownerOrg
}

// PilotItem is an assigned checklist item as stored: the link from a
// pilot region's line to its task.
type PilotItem struct {
	ID         int64
	RegionCode string
	Item       PilotItemKind
	TaskID     int64
	AssignedBy int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// PilotReader reads the pilots' assigned items.
type PilotReader interface {
	// PilotItems returns every assigned item, by region code and item;
	// no error kind of its own.
	PilotItems(ctx context.Context) ([]PilotItem, error)
}

// PilotWriter records assignments.
type PilotWriter interface {
	// CreatePilotItem inserts it and sets its ID; ErrConflict
	// ("pilot.item_assigned") when the region's item is assigned already.
	CreatePilotItem(ctx context.Context, it *PilotItem) error
}

// PilotCell is one item of one pilot as the checklist shows it.
type PilotCell struct {
	Item   PilotItemKind
	Status PilotItemStatus
	// TaskID, Owner and Due come from the item's task; zero for an
	// unassigned or derived item.
	TaskID      int64
	OwnerOrgID  int64
	Owner       string
	Due         Date
	Overdue     bool
	DaysOverdue int // working days past the due date while not done
	Evidence    int // the task's attachments
	// Titled names the region's communities holding a valid title (the
	// derived community item).
	Titled  []string
	Allowed []PilotAction // what the asking actor may do now
}

// Pilot is one pilot region with its checklist.
type Pilot struct {
	RegionCode  string
	CityCode    string
	Name        string
	NameEn      string
	Communities []Community // the region's pilot communities
	// BureauCode is the region's housing bureau, the owner an assignment
	// proposes.
	BureauCode string
	Items      []PilotCell // in PilotItemKinds order
}

// Owed counts the items not done.
func (p Pilot) Owed() int {
	n := 0
	for _, c := range p.Items {
		if c.Status != PilotDone {
			n++
		}
	}
	return n
}

// PilotOwed is one item a pilot still owes, as the report lists it.
type PilotOwed struct {
	RegionCode  string
	Region      string
	RegionEn    string
	Item        PilotItemKind
	Status      PilotItemStatus
	Owner       string
	Due         Date
	DaysOverdue int
}

// pilotTaskCell fills a supervised item's cell from its task as of today.
func pilotTaskCell(cal *calendar.Calendar, today Date, k PilotItemKind, t *Task, owner string, evidence int) PilotCell {
	c := PilotCell{Item: k, Status: PilotUnassigned}
	if t == nil {
		return c
	}
	c.Status, c.TaskID, c.OwnerOrgID, c.Owner, c.Due, c.Evidence =
		PilotStatusOfTask(t.Status), t.ID, t.LeadOrgID, owner, t.Due, evidence
	if t.Status.IsOpen() {
		c.DaysOverdue = DaysOverdue(cal, t.Due, today)
		c.Overdue = StateOf(cal, t.Status, t.Due, today) == Overdue
	}
	return c
}

// pilotCommunityCell is the derived community item: done when one of ts,
// the titles of the region's communities, is valid today.
func pilotCommunityCell(today Date, ts []Title, names map[int64]string) PilotCell {
	c := PilotCell{Item: PilotHarmoniousCommunity, Status: PilotOpen}
	for _, t := range ts {
		if TitleValidOn(t, today) && !slices.Contains(c.Titled, names[t.CommunityID]) {
			c.Titled = append(c.Titled, names[t.CommunityID])
		}
	}
	if len(c.Titled) > 0 {
		c.Status = PilotDone
	}
	return c
}

// PilotRegionOf returns the pilot region of a pilot community: its region
// code (a county's or, where the county is not recorded, the city's).
func PilotRegionOf(c Community) string { return c.RegionCode }

// PilotBureauCode returns the code of the housing bureau of a pilot
// region: the city's bureau for a city, the county's ("mianxian-housing")
// for a county the catalogue has; "" when it knows none.
func PilotBureauCode(region string) string {
	if region == CityCodeOf(region) {
		return ReviewBureauCode(region)
	}
	for _, r := range catalog.Regions() {
		if r.Division == region && r.Level == RegionCounty {
			return r.Code + "-housing"
		}
	}
	return ""
}
