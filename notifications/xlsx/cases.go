package xlsx

import (
	"strconv"

	"xietong/domain"
)

// cases writes 典型案例: the typical cases first published in a monthly
// report's month, newest first, with the path of each case's public page
// (the workbook knows no server address); a month with none has the
// header row only.
func (b *book) cases() error {
	cols := []column{{"case.id", 8}, {"case.title", 40}, {"case.community", 20}, {"case.city", 12},
		{"case.bureau", 30}, {"case.published", 12}, {"case.link", 22}}
	return b.sheet("sheet.cases", cols, 2, func(emit func(...any) error) error {
		for _, c := range b.r.Cases.Items {
			if err := emit(b.id(c.ID), b.text(c.Title), b.text(c.Community),
				b.text(domain.RegionName(c.CityCode, b.en == 1)), b.text(c.Bureau), b.date(c.PublishedOn),
				b.text("/public/cases/"+strconv.FormatInt(c.ID, 10))); err != nil {
				return err
			}
		}
		return nil
	})
}
