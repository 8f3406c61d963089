// Package calendar answers working-day questions on the official Chinese
// calendar: is this a working day, which day is "N working days after"
// assignment, how many working days lie between two dates.
//
// The model, and why:
//   - A working day is Monday to Friday, minus the holidays, plus the weekend
//     days that become working days (调休/补班). The only source for those two
//     lists is the yearly notice of the State Council General Office
//     (国务院办公厅关于YYYY年部分节假日安排的通知), so a schedule is stored as
//     overrides of the Monday–Friday rule (Year, Day) and never derived from
//     the lunar calendar: no rule predicts which weekend days are worked.
//   - A Holiday entry lists every day of a holiday period, weekend days
//     included, because that is how people read the notice ("春节：1月28日至
//     2月4日"). A Holiday on a weekend does not change the count; it only names
//     the day. A Workday entry is always a Saturday or Sunday (Year.Validate).
//   - Schedules are data: Official ships the published ones, and the server
//     may load amended or newer ones from its database. A year whose schedule
//     is not loaded falls back to Monday–Friday, and any answer that counted
//     a day of such a year is provisional: the notice for a year comes out
//     only in November or December before it, so a deadline set now for next
//     spring may move once the schedule is known. Callers keep the flag so
//     they can recompute those deadlines when the year is loaded.
//   - Deadlines count from the day after assignment: "5个工作日内" assigned
//     on a Friday before a 调休 Saturday counts that Saturday
//     (Calendar.AddWorkingDays).
//   - Dates are civil dates (Date) with no time and no zone. The server fixes
//     the zone (Asia/Shanghai) when it converts an instant with DateOf.
//
// A Calendar is immutable once built by New and safe for concurrent use; a
// new schedule means a new Calendar, swapped in by whoever holds it. Queries
// are computed arithmetically (whole weeks plus override corrections found by
// binary search), so their cost does not grow with the span of dates.
package calendar
