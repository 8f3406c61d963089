package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// Bounds of the calendar queries, so one request cannot ask for a
// century of days.
const (
	maxRangeDays   = 400
	maxWorkingDays = 1000
)

type calendarDayJSON struct {
	Date   string `json:"date"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

type calendarYearJSON struct {
	Year   int               `json:"year"`
	Source string            `json:"source"`
	Days   []calendarDayJSON `json:"days"`
}

func toCalendarYearJSON(y calendar.Year) calendarYearJSON {
	out := calendarYearJSON{Year: y.Year, Source: y.Source, Days: make([]calendarDayJSON, 0, len(y.Days))}
	for _, d := range y.Days {
		out.Days = append(out.Days, calendarDayJSON{Date: d.Date.String(), Kind: string(d.Kind),
			Name: d.Name, NameEn: d.NameEn})
	}
	return out
}

// calendarYearInputJSON is the body of PUT; year, when given, must equal
// the year in the path.
type calendarYearInputJSON struct {
	Year   *int              `json:"year"`
	Source string            `json:"source"`
	Days   []calendarDayJSON `json:"days"`
}

// schedule turns the body into a schedule for year, checking the dates;
// the rest of the checks are the domain's.
func (in calendarYearInputJSON) schedule(year int) (calendar.Year, error) {
	if in.Year != nil && *in.Year != year {
		return calendar.Year{}, domain.Invalid("calendar.year_mismatch", *in.Year, year)
	}
	y := calendar.Year{Year: year, Source: in.Source, Days: make([]calendar.Day, 0, len(in.Days))}
	for i, d := range in.Days {
		date, err := calendar.ParseDate(d.Date)
		if err != nil {
			return calendar.Year{}, domain.Invalid("calendar.date_invalid", i+1, d.Date)
		}
		y.Days = append(y.Days, calendar.Day{Date: date, Kind: calendar.Kind(d.Kind), Name: d.Name, NameEn: d.NameEn})
	}
	return y, nil
}

// pathYear reads the :year parameter.
func pathYear(c echo.Context) (int, error) {
	y, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		return 0, domain.Invalid("request.param_invalid", "year")
	}
	return y, nil
}

// handleCalendarYearList lists the loaded schedules, in one page.
func (a api) handleCalendarYearList(c echo.Context) error {
	ys, err := a.deps.Calendar.Years(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(domain.List[calendar.Year]{Items: ys}, toCalendarYearJSON))
}

// handleCalendarYearGet returns one year's schedule.
func (a api) handleCalendarYearGet(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	y, err := a.deps.Calendar.Year(c.Request().Context(), actorOf(c), year)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCalendarYearJSON(y))
}

// handleCalendarYearPut adds or replaces a year's schedule (admin) and
// returns it as stored.
func (a api) handleCalendarYearPut(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	var in calendarYearInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	y, err := in.schedule(year)
	if err != nil {
		return err
	}
	ctx, actor := c.Request().Context(), actorOf(c)
	if err := a.deps.Calendar.PutYear(ctx, actor, y); err != nil {
		return err
	}
	if y, err = a.deps.Calendar.Year(ctx, actor, year); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCalendarYearJSON(y))
}

type workingDayJSON struct {
	Date    string `json:"date"`
	Working bool   `json:"working"`
	Name    string `json:"name,omitempty"`
	NameEn  string `json:"name_en,omitempty"`
}

type workingDaysJSON struct {
	From        string           `json:"from"`
	To          string           `json:"to"`
	WorkingDays int              `json:"working_days"`
	Provisional bool             `json:"provisional"`
	Days        []workingDayJSON `json:"days"`
}

// daysBetween returns the number of days from a to b, inclusive.
func daysBetween(a, b calendar.Date) int {
	return int(b.In(time.UTC).Sub(a.In(time.UTC)).Hours()/24) + 1
}

// workingDays describes every day from from to to, inclusive: whether it
// is worked, and the holiday it belongs to. provisional is true when a
// day lies in a year whose schedule is not loaded.
func workingDays(cal *calendar.Calendar, from, to calendar.Date) workingDaysJSON {
	named := map[calendar.Date]calendar.Day{}
	for _, y := range cal.Years() {
		for _, d := range y.Days {
			named[d.Date] = d
		}
	}
	out := workingDaysJSON{From: from.String(), To: to.String(), Days: []workingDayJSON{}}
	for d := from; !d.After(to); d = d.AddDays(1) {
		w := workingDayJSON{Date: d.String(), Working: cal.IsWorkingDay(d), Name: named[d].Name, NameEn: named[d].NameEn}
		if w.Working {
			out.WorkingDays++
		}
		out.Provisional = out.Provisional || !cal.Loaded(d.Year)
		out.Days = append(out.Days, w)
	}
	return out
}

// handleCalendarWorkingDays answers ?from=…&to=…: the days in between
// (inclusive, at most 400) and how many of them are working days.
func (a api) handleCalendarWorkingDays(c echo.Context) error {
	from, err := queryDate(c, "from")
	if err != nil {
		return err
	}
	to, err := queryDate(c, "to")
	if err != nil {
		return err
	}
	if to.Before(from) {
		return domain.Invalid("request.range_invalid")
	}
	if daysBetween(from, to) > maxRangeDays {
		return domain.Invalid("request.range_too_long", maxRangeDays)
	}
	cal, err := a.deps.Calendar.Calendar(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, workingDays(cal, from, to))
}

type dueDateJSON struct {
	Start       string `json:"start"`
	WorkingDays int    `json:"working_days"`
	DueDate     string `json:"due_date"`
	Provisional bool   `json:"provisional"`
}

// handleCalendarAdd answers ?start=…&working_days=N: the N-th working day
// after start (start itself does not count).
func (a api) handleCalendarAdd(c echo.Context) error {
	start, err := queryDate(c, "start")
	if err != nil {
		return err
	}
	n, err := queryInt(c, "working_days")
	if err != nil || n < 0 || n > maxWorkingDays {
		return domain.Invalid("request.working_days_invalid", maxWorkingDays)
	}
	cal, err := a.deps.Calendar.Calendar(c.Request().Context())
	if err != nil {
		return err
	}
	due, provisional := cal.AddWorkingDays(start, n)
	return c.JSON(http.StatusOK, dueDateJSON{Start: start.String(), WorkingDays: n,
		DueDate: due.String(), Provisional: provisional})
}
