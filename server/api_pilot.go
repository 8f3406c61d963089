package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// pilotCellJSON is one checklist item of a pilot.
type pilotCellJSON struct {
	Item          string   `json:"item"`
	Status        string   `json:"status"`
	TaskID        *int64   `json:"task_id"`
	OwnerOrgID    *int64   `json:"owner_org_id"`
	Owner         string   `json:"owner"`
	DueDate       *string  `json:"due_date"`
	Overdue       bool     `json:"overdue"`
	DaysOverdue   int      `json:"days_overdue"`
	Evidence      int      `json:"evidence_count"`
	Titled        []string `json:"titled_communities,omitempty"`
	AllowedAction []string `json:"allowed_actions"`
}

// pilotJSON is a pilot region with its checklist.
type pilotJSON struct {
	RegionCode  string          `json:"region_code"`
	CityCode    string          `json:"city_code"`
	Name        string          `json:"name"`
	NameEn      string          `json:"name_en"`
	BureauCode  string          `json:"bureau_code"`
	Communities []string        `json:"communities"`
	Owed        int             `json:"owed"`
	Items       []pilotCellJSON `json:"items"`
}

func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func toPilotJSON(p domain.Pilot) pilotJSON {
	out := pilotJSON{RegionCode: p.RegionCode, CityCode: p.CityCode, Name: p.Name, NameEn: p.NameEn,
		BureauCode: p.BureauCode, Communities: []string{}, Owed: p.Owed(), Items: []pilotCellJSON{}}
	for _, c := range p.Communities {
		out.Communities = append(out.Communities, c.Name)
	}
	for _, c := range p.Items {
		j := pilotCellJSON{Item: string(c.Item), Status: string(c.Status), TaskID: optID(c.TaskID),
			OwnerOrgID: optID(c.OwnerOrgID), Owner: c.Owner, DueDate: dateJSON(c.Due), Overdue: c.Overdue,
			DaysOverdue: c.DaysOverdue, Evidence: c.Evidence, Titled: c.Titled, AllowedAction: []string{}}
		for _, a := range c.Allowed {
			j.AllowedAction = append(j.AllowedAction, string(a))
		}
		out.Items = append(out.Items, j)
	}
	return out
}

// handlePilotList lists every pilot with its checklist (one page: the
// pilots are few).
func (a api) handlePilotList(c echo.Context) error {
	ps, err := a.deps.Pilots.Pilots(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(domain.List[domain.Pilot]{Items: ps}, toPilotJSON))
}

// handlePilotGet answers one pilot's checklist.
func (a api) handlePilotGet(c echo.Context) error {
	p, err := a.deps.Pilots.Pilot(c.Request().Context(), actorOf(c), c.Param("region"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toPilotJSON(p))
}

// pilotAssignJSON assigns an item.
type pilotAssignJSON struct {
	OwnerOrgID int64  `json:"owner_org_id"`
	DueDate    string `json:"due_date"`
	Note       string `json:"note"`
}

// handlePilotAssign names an item's owner bureau and due date.
func (a api) handlePilotAssign(c echo.Context) error {
	var in pilotAssignJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	due, err := calendar.ParseDate(in.DueDate)
	if err != nil {
		return domain.Invalid("pilot.due_invalid", in.DueDate)
	}
	ctx, region := c.Request().Context(), c.Param("region")
	err = a.deps.Pilots.Assign(ctx, actorOf(c), region, domain.PilotItemKind(c.Param("item")),
		domain.AssignPilotItem{OwnerOrgID: in.OwnerOrgID, Due: due, Note: in.Note})
	if err != nil {
		return err
	}
	return a.answerPilot(c, http.StatusCreated, region)
}

// pilotActionJSON is an action on an item.
type pilotActionJSON struct {
	Action string `json:"action"`
	Note   string `json:"note"`
}

// handlePilotAction submits, accepts or returns an item.
func (a api) handlePilotAction(c echo.Context) error {
	var in pilotActionJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	region := c.Param("region")
	err := a.deps.Pilots.Act(c.Request().Context(), actorOf(c), region, domain.PilotItemKind(c.Param("item")),
		domain.PilotCommand{Action: domain.PilotAction(in.Action), Note: in.Note})
	if err != nil {
		return err
	}
	return a.answerPilot(c, http.StatusOK, region)
}

// answerPilot answers with the pilot's checklist after a change.
func (a api) answerPilot(c echo.Context, status int, region string) error {
	p, err := a.deps.Pilots.Pilot(c.Request().Context(), actorOf(c), region)
	if err != nil {
		return err
	}
	return c.JSON(status, toPilotJSON(p))
}

// pilotOwedJSON is one item a pilot still owes, in the report.
type pilotOwedJSON struct {
	RegionCode  string  `json:"region_code"`
	Region      string  `json:"region"`
	Item        string  `json:"item"`
	Status      string  `json:"status"`
	Owner       string  `json:"owner"`
	DueDate     *string `json:"due_date"`
	DaysOverdue int     `json:"days_overdue"`
}

// pilotReportJSON is the report's pilot section.
type pilotReportJSON struct {
	Owed []pilotOwedJSON `json:"owed"`
}

func toPilotReportJSON(p *domain.PilotReport) *pilotReportJSON {
	if p == nil {
		return nil
	}
	out := &pilotReportJSON{Owed: []pilotOwedJSON{}}
	for _, o := range p.Owed {
		out.Owed = append(out.Owed, pilotOwedJSON{RegionCode: o.RegionCode, Region: o.Region, Item: string(o.Item),
			Status: string(o.Status), Owner: o.Owner, DueDate: dateJSON(o.Due), DaysOverdue: o.DaysOverdue})
	}
	return out
}
