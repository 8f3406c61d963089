package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date with no time of day and no zone. It is comparable and
// usable as a map key; dates built with NewDate, ParseDate or DateOf are
// normalised (month 1–12, day within the month), so equal days compare equal.
// The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d, normalising values out of range the way
// time.Date does: NewDate(2025, 2, 29) is 2025-03-01.
func NewDate(y int, m time.Month, d int) Date {
	return fromDays(toDays(y, m, d))
}

// ParseDate parses a date in the strict form "YYYY-MM-DD" (four-digit year,
// two-digit month and day) and rejects days that do not exist, such as
// "2025-02-29".
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("calendar: date %q: want YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("calendar: date %q: want YYYY-MM-DD", s)
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, fmt.Errorf("calendar: date %q does not exist", s)
	}
	return Date{y, time.Month(m), d}, nil
}

// digits parses s as an unsigned decimal number made of ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// DateOf returns the civil date of the instant t in loc, which must not be
// nil. A task assigned at 2025-01-24T23:30+08:00 has DateOf(t, Shanghai)
// 2025-01-24 whatever the server's own zone.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// String returns d as "YYYY-MM-DD". Every task on a page or in a report is
// written with its dates, so the usual form is written by hand rather than
// through fmt (a list of 50 tasks spent 3 % of its CPU in Sprintf); a year
// outside 0–9999 or a month or day out of range, which only a Date built
// by hand can hold, goes the general way.
func (d Date) String() string {
	var b [10]byte
	return string(d.Append(b[:0]))
}

// Append appends d as String writes it to b: the JSON answers write dates
// straight into their buffer, without a string each.
func (d Date) Append(b []byte) []byte {
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Appendf(b, "%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	m, day := int(d.Month), d.Day
	return append(b, byte('0'+d.Year/1000), byte('0'+d.Year/100%10), byte('0'+d.Year/10%10),
		byte('0'+d.Year%10), '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10))
}

// In returns the first instant of d in loc (midnight, or the first instant
// after a zone transition that skips midnight). loc must not be nil.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date {
	return fromDays(d.days() + n)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return weekday(d.days())
}

// Compare returns -1 if d is before o, 0 if they are the same day and +1 if
// d is after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// IsZero reports whether d is the zero Date, which stands for "no date".
func (d Date) IsZero() bool { return d == Date{} }

// MarshalText encodes d as "YYYY-MM-DD", and the zero Date as empty text so
// that an optional date can be left out. It fails for a year outside
// 0000–9999, which ParseDate could not read back.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	if d.Year < 0 || d.Year > 9999 {
		return nil, fmt.Errorf("calendar: marshal date %v: year outside 0000-9999", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes a date written by MarshalText: "YYYY-MM-DD", or empty
// text for the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// days returns d as a day number: days since 1970-01-01.
func (d Date) days() int { return toDays(d.Year, d.Month, d.Day) }

// toDays converts a civil date to a day number (days since 1970-01-01) in the
// proleptic Gregorian calendar, accepting months and days out of range like
// time.Date. It is Howard Hinnant's days_from_civil.
func toDays(y int, m time.Month, d int) int {
	mo := int(m) - 1
	y += floorDiv(mo, 12)
	mo = mo - floorDiv(mo, 12)*12 + 1 // 1..12
	if mo <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400                     // [0, 399]
	doy := (153*((mo+9)%12)+2)/5 + d - 1   // day of the year starting 1 March
	doe := yoe*365 + yoe/4 - yoe/100 + doy // day of the 400-year era
	return era*146097 + doe - 719468
}

// fromDays converts a day number back to a civil date (Hinnant's
// civil_from_days).
func fromDays(z int) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	y := yoe + era*400
	if m > 12 {
		m -= 12
		y++
	}
	return Date{y, time.Month(m), d}
}

// weekday returns the day of the week of day number z (day 0, 1970-01-01,
// was a Thursday).
func weekday(z int) time.Weekday {
	return time.Weekday(floorMod(z+4, 7))
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return toDays(y, m+1, 1) - toDays(y, m, 1)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }
