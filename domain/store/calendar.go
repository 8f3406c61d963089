package store

import (
	"context"
	"time"

	"xietong/domain/calendar"
)

// The working-day calendar (domain.CalendarReader, CalendarWriter).

func (q queries) CalendarYears(ctx context.Context) (_ []calendar.Year, err error) {
	defer wrap(&err, "store.CalendarYears()")
	var years []calendarYearRow
	if err := q.db.NewSelect().Model(&years).Order("year").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	var days []calendarDayRow
	if err := q.db.NewSelect().Model(&days).Order("day").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	byYear := map[int][]calendar.Day{}
	for _, d := range days {
		byYear[d.Year] = append(byYear[d.Year], calendar.Day{Date: d.Day.Date, Kind: calendar.Kind(d.Kind),
			Name: d.Name, NameEn: d.NameEn})
	}
	out := make([]calendar.Year, len(years))
	for i, y := range years {
		out[i] = calendar.Year{Year: y.Year, Source: y.Source, Days: byYear[y.Year]}
	}
	return out, nil
}

func (q queries) PutCalendarYear(ctx context.Context, y calendar.Year, at time.Time) (err error) {
	defer wrap(&err, "store.PutCalendarYear(%d)", y.Year)
	if _, err := q.db.NewDelete().Model((*calendarDayRow)(nil)).Where("year = ?", y.Year).Exec(ctx); err != nil {
		return translate(err)
	}
	_, err = q.db.NewInsert().Model(&calendarYearRow{Year: y.Year, Source: y.Source, UpdatedAt: at.UTC()}).
		On("CONFLICT (year) DO UPDATE").
		Set("source = EXCLUDED.source").
		Set("updated_at = EXCLUDED.updated_at").
		Exec(ctx)
	if err != nil {
		return translate(err)
	}
	return q.insertDays(ctx, y)
}

func (q queries) EnsureCalendarYear(ctx context.Context, y calendar.Year, at time.Time) (_ bool, err error) {
	defer wrap(&err, "store.EnsureCalendarYear(%d)", y.Year)
	res, err := q.db.NewInsert().Model(&calendarYearRow{Year: y.Year, Source: y.Source, UpdatedAt: at.UTC()}).
		On("CONFLICT (year) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, translate(err)
	} else if n == 0 {
		return false, nil
	}
	return true, q.insertDays(ctx, y)
}

func (q queries) insertDays(ctx context.Context, y calendar.Year) error {
	if len(y.Days) == 0 {
		return nil
	}
	rows := make([]calendarDayRow, len(y.Days))
	for i, d := range y.Days {
		rows[i] = calendarDayRow{Day: sqlDate{d.Date}, Year: y.Year, Kind: string(d.Kind), Name: d.Name, NameEn: d.NameEn}
	}
	_, err := q.db.NewInsert().Model(&rows).Exec(ctx)
	return translate(err)
}
