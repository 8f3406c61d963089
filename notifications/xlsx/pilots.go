package xlsx

// pilots writes 试点五个一: what each pilot still owes of its five ones,
// one row per item not done, pilots and items in checklist order.
func (b *book) pilots() error {
	cols := []column{{"pilot.col_region", 14}, {"pilot.col_item", 20}, {"pilot.col_status", 10}, {"pilot.col_owner", 30},
		{"pilot.col_due", 12}, {"pilot.col_days_overdue", 11}}
	return b.sheet("pilot.sheet", cols, 2, func(emit func(...any) error) error {
		for _, o := range b.r.Pilots.Owed {
			if err := emit(b.text(pick(b.en, o.Region, o.RegionEn)), b.text(b.t("pilot.item."+string(o.Item))),
				b.text(b.t("pilot.status."+string(o.Status))), b.text(o.Owner), b.date(o.Due),
				b.num(o.DaysOverdue)); err != nil {
				return err
			}
		}
		return nil
	})
}
