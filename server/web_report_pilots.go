package server

import "xietong/domain"

// pilotOwedView is the report page's pilot section: what each pilot still
// owes of its five ones.
type pilotOwedView struct {
	Rows []pilotOwedRow
}

// pilotOwedRow is one item a pilot owes.
type pilotOwedRow struct {
	Region, Href, ItemKey, StatusKey, Owner, Due string
	DaysOverdue                                  int
}

// pilotOwedViewOf is r's pilot section for the page, nil when r has none.
func pilotOwedViewOf(loc *Localizer, r domain.Report) *pilotOwedView {
	if r.Pilots == nil {
		return nil
	}
	v := &pilotOwedView{}
	for _, o := range r.Pilots.Owed {
		row := pilotOwedRow{Region: reportName(loc.Lang == langEN, o.Region, o.RegionEn),
			Href: pilotItemPath(o.RegionCode, o.Item), ItemKey: "web.pilot.item." + string(o.Item),
			StatusKey: "web.pilot.status." + string(o.Status), Owner: o.Owner, DaysOverdue: o.DaysOverdue}
		if !o.Due.IsZero() {
			row.Due = o.Due.String()
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}
