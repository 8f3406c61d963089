package mail

// pilotRow is one item a pilot still owes, in words.
type pilotRow struct {
	Region, Item, Status string
	Owner, Due           string // "—" when the item has none
	DaysOverdue          int
	Days                 string // "已逾期 5 个工作日", or "" when not overdue
}

// PilotsHeading is the numbered heading of the pilot section.
func (v *reportView) PilotsHeading() (string, error) { return v.numbered("pilots", "pilot.section") }

// PilotRows are the items each pilot still owes, in the report's order.
func (v *reportView) PilotRows() ([]pilotRow, error) {
	if v.Pilots == nil {
		return nil, nil
	}
	out := make([]pilotRow, 0, len(v.Pilots.Owed))
	for _, o := range v.Pilots.Owed {
		r := pilotRow{Region: v.name(o.Region, o.RegionEn), Owner: "—", Due: "—", DaysOverdue: o.DaysOverdue}
		var err error
		if r.Item, err = v.T("pilot.item." + string(o.Item)); err != nil {
			return nil, err
		}
		if r.Status, err = v.T("pilot.status." + string(o.Status)); err != nil {
			return nil, err
		}
		if o.Owner != "" {
			r.Owner = oneLine(o.Owner)
		}
		if !o.Due.IsZero() {
			r.Due = o.Due.String()
		}
		if o.DaysOverdue > 0 {
			if r.Days, err = v.cat.text("due.overdue", r); err != nil {
				return nil, err
			}
		}
		out = append(out, r)
	}
	return out, nil
}
