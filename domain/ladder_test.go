package domain

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai must load on hosts without zoneinfo

	"xietong/domain/calendar"
)

// The ladder tests run on the official calendar in Asia/Shanghai. In 2025:
// Spring Festival 01-28..02-04 with 调休 Sunday 01-26 and Saturday 02-08;
// National Day 10-01..10-08 with 调休 Sunday 09-28 and Saturday 10-11. In
// 2026: Spring Festival 02-15..02-23 with 调休 Saturday 02-14.
var (
	ladderCal = calendar.New(calendar.Official()...)
	ladderLoc = mustLadderLoc("Asia/Shanghai")
)

func mustLadderLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// lday is a date, lat an instant on the wall clock in Shanghai.
func lday(y int, m time.Month, d int) Date { return calendar.NewDate(y, m, d) }

func lat(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, ladderLoc)
}

// ltask is an open task due on due, assigned long before.
func ltask(due Date) Task {
	return Task{ID: 1, Status: StatusInProgress, Priority: PriorityNormal, Due: due, AssignedOn: due.AddDays(-40)}
}

func lpolicy(t *testing.T, pr Priority) Policy {
	t.Helper()
	for _, p := range DefaultPolicies() {
		if p.Priority == pr {
			return p
		}
	}
	t.Fatalf("no default policy for %q", pr)
	return Policy{}
}

func lset(ids ...string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// lsummary writes decisions as "ID action reason day", one per decision.
func lsummary(ds []Decision) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s %s %s %s", d.RungID, d.Action, d.Reason, d.DueOn))
	}
	return out
}

func TestLadderRungID(t *testing.T) {
	tests := []struct {
		name string
		rung Rung
		want string
	}{
		{"reminder", Rung{Step: StepRemind, OffsetWorkingDays: -3}, "remind-3"},
		{"urge", Rung{Step: StepUrge, OffsetWorkingDays: 1}, "urge+1"},
		{"listed", Rung{Step: StepListed, OffsetWorkingDays: 10}, "listed+10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.rung.ID()
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if k, ok := rungOffset(got); !ok || k != tt.rung.OffsetWorkingDays {
				t.Errorf("rungOffset(%q): got %d, %v, want %d, true", got, k, ok, tt.rung.OffsetWorkingDays)
			}
		})
	}
	for _, id := range []string{"", "urge", "+1", "urge+x"} {
		if k, ok := rungOffset(id); ok {
			t.Errorf("rungOffset(%q): got %d, true, want false", id, k)
		}
	}
}

func TestLadderRungDay(t *testing.T) {
	tests := []struct {
		name string
		due  Date
		k    int
		want Date
	}{
		{"spring festival: -1 is the 调休 Sunday", lday(2025, 1, 27), -1, lday(2025, 1, 26)},
		{"spring festival: -3 skips the weekend Saturday", lday(2025, 1, 27), -3, lday(2025, 1, 23)},
		{"spring festival: +1 after the break", lday(2025, 1, 27), 1, lday(2025, 2, 5)},
		{"spring festival: +3", lday(2025, 1, 27), 3, lday(2025, 2, 7)},
		{"spring festival: +4 is the 调休 Saturday", lday(2025, 1, 27), 4, lday(2025, 2, 8)},
		{"spring festival: +10", lday(2025, 1, 27), 10, lday(2025, 2, 17)},
		{"deadline after the break: -1 before it", lday(2025, 2, 5), -1, lday(2025, 1, 27)},
		{"deadline after the break: -2 is the 调休 Sunday", lday(2025, 2, 5), -2, lday(2025, 1, 26)},
		{"deadline after the break: -3", lday(2025, 2, 5), -3, lday(2025, 1, 24)},
		{"national day: -2 is the 调休 Sunday", lday(2025, 9, 30), -2, lday(2025, 9, 28)},
		{"national day: -3", lday(2025, 9, 30), -3, lday(2025, 9, 26)},
		{"national day: +1 after the break", lday(2025, 9, 30), 1, lday(2025, 10, 9)},
		{"national day: +3 is the 调休 Saturday", lday(2025, 9, 30), 3, lday(2025, 10, 11)},
		{"national day: +10", lday(2025, 9, 30), 10, lday(2025, 10, 21)},
		{"weekend: -1 of a Monday is Friday", lday(2025, 3, 10), -1, lday(2025, 3, 7)},
		{"weekend: -3 of a Monday is Wednesday", lday(2025, 3, 10), -3, lday(2025, 3, 5)},
		{"deadline on a Saturday: -1 is Friday", lday(2025, 3, 8), -1, lday(2025, 3, 7)},
		{"deadline on a Saturday: +1 is Monday", lday(2025, 3, 8), 1, lday(2025, 3, 10)},
		{"2026 spring festival: +1 is the 调休 Saturday", lday(2026, 2, 13), 1, lday(2026, 2, 14)},
		{"2026 spring festival: +2 after the break", lday(2026, 2, 13), 2, lday(2026, 2, 24)},
		{"zero is the deadline", lday(2025, 3, 5), 0, lday(2025, 3, 5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RungDay(ladderCal, tt.due, tt.k); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestLadderRungDayAgrees checks RungDay against DaysOverdue and
// WorkingDaysBetween for every deadline of 2025 and 2026.
func TestLadderRungDayAgrees(t *testing.T) {
	for due := lday(2025, 1, 1); due.Before(lday(2027, 1, 1)); due = due.AddDays(1) {
		for k := -5; k <= 12; k++ {
			if k == 0 {
				continue
			}
			d := RungDay(ladderCal, due, k)
			if !ladderCal.IsWorkingDay(d) {
				t.Fatalf("RungDay(%v, %d) = %v: got a day off, want a working day", due, k, d)
			}
			if k > 0 {
				if got := DaysOverdue(ladderCal, due, d); got != k {
					t.Fatalf("DaysOverdue(%v, RungDay(%d) = %v): got %d, want %d", due, k, d, got, k)
				}
				if got := DaysOverdue(ladderCal, due, d.AddDays(-1)); got != k-1 {
					t.Fatalf("DaysOverdue(%v, day before RungDay(%d)): got %d, want %d", due, k, got, k-1)
				}
				continue
			}
			// |k|-1 working days lie strictly between the rung and the deadline.
			if got := ladderCal.WorkingDaysBetween(d, due.AddDays(-1)); got != -k-1 {
				t.Fatalf("working days between RungDay(%v, %d) = %v and the deadline: got %d, want %d", due, k, d, got, -k-1)
			}
		}
	}
}

func TestLadderWorkingHours(t *testing.T) {
	def := WorkingHours{}
	nineToFive := WorkingHours{Start: 9 * time.Hour, End: 17 * time.Hour}
	tests := []struct {
		name     string
		hours    WorkingHours
		at       time.Time
		wantOpen bool
		wantNext time.Time
	}{
		{"before opening", def, lat(2025, 3, 3, 8, 29), false, lat(2025, 3, 3, 8, 30)},
		{"at opening", def, lat(2025, 3, 3, 8, 30), true, lat(2025, 3, 3, 8, 30)},
		{"last minute", def, lat(2025, 3, 3, 17, 59), true, lat(2025, 3, 3, 17, 59)},
		{"closing is closed", def, lat(2025, 3, 3, 18, 0), false, lat(2025, 3, 4, 8, 30)},
		{"friday night", def, lat(2025, 3, 7, 22, 0), false, lat(2025, 3, 10, 8, 30)},
		{"saturday", def, lat(2025, 3, 8, 10, 0), false, lat(2025, 3, 10, 8, 30)},
		{"saturday before the 调休 sunday", def, lat(2025, 1, 25, 10, 0), false, lat(2025, 1, 26, 8, 30)},
		{"调休 sunday", def, lat(2025, 1, 26, 10, 0), true, lat(2025, 1, 26, 10, 0)},
		{"spring festival", def, lat(2025, 1, 28, 10, 0), false, lat(2025, 2, 5, 8, 30)},
		{"national day", def, lat(2025, 10, 1, 9, 0), false, lat(2025, 10, 9, 8, 30)},
		{"调休 saturday", def, lat(2025, 10, 11, 9, 0), true, lat(2025, 10, 11, 9, 0)},
		{"instant in UTC", def, time.Date(2025, 3, 3, 0, 30, 0, 0, time.UTC), true, lat(2025, 3, 3, 8, 30)},
		{"UTC friday is shanghai saturday", def, time.Date(2025, 3, 7, 23, 0, 0, 0, time.UTC), false, lat(2025, 3, 10, 8, 30)},
		{"custom: before nine", nineToFive, lat(2025, 3, 3, 8, 45), false, lat(2025, 3, 3, 9, 0)},
		{"custom: after five", nineToFive, lat(2025, 3, 3, 17, 0), false, lat(2025, 3, 4, 9, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.hours.Open(ladderCal, ladderLoc, tt.at); got != tt.wantOpen {
				t.Errorf("Open: got %v, want %v", got, tt.wantOpen)
			}
			if got := tt.hours.NextOpen(ladderCal, ladderLoc, tt.at); !got.Equal(tt.wantNext) {
				t.Errorf("NextOpen: got %v, want %v", got, tt.wantNext)
			}
		})
	}
}

func TestLadderWorkingHoursValidate(t *testing.T) {
	tests := []struct {
		name  string
		hours WorkingHours
		ok    bool
	}{
		{"default", DefaultWorkingHours(), true},
		{"whole day", WorkingHours{0, 24 * time.Hour}, true},
		{"empty", WorkingHours{9 * time.Hour, 9 * time.Hour}, false},
		{"reversed", WorkingHours{18 * time.Hour, 8 * time.Hour}, false},
		{"negative start", WorkingHours{-time.Hour, 8 * time.Hour}, false},
		{"past midnight", WorkingHours{8 * time.Hour, 25 * time.Hour}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.hours.Validate()
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalid)) {
				t.Errorf("got %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestLadderDueRungs(t *testing.T) {
	with := func(tk Task, f func(*Task)) Task { f(&tk); return tk }
	sf := ltask(lday(2025, 1, 27))  // due the Monday before Spring Festival 2025
	nd := ltask(lday(2025, 9, 30))  // due the Tuesday before National Day 2025
	mon := ltask(lday(2025, 3, 10)) // due a Monday
	wed := ltask(lday(2025, 3, 5))  // due a Wednesday
	ext := ltask(lday(2025, 3, 14)) // wed, extended to Friday 03-14
	late := ltask(lday(2025, 3, 5)) // wed, assigned on Monday 03-03
	late.AssignedOn = lday(2025, 3, 3)
	reminded := []string{"remind-3", "remind-1"}
	urged := append(slices.Clone(reminded), "urge+1")
	inserted := lpolicy(t, PriorityNormal) // an admin inserted urge+2
	inserted.Rungs = slices.Insert(inserted.Rungs, 3, Rung{Step: StepUrge, OffsetWorkingDays: 2,
		Audiences: []Audience{AudienceLeadContact}, Template: "ladder_urge"})
	reversed := lpolicy(t, PriorityNormal)
	slices.Reverse(reversed.Rungs)

	tests := []struct {
		name   string
		task   Task
		policy Priority // the default policy for it, unless custom is set
		custom *Policy
		done   []string
		now    time.Time
		want   []string
	}{
		// Spring Festival 2025, deadline just before the break.
		{"spring festival: remind-3 the Thursday before", sf, PriorityNormal, nil, nil, lat(2025, 1, 23, 9, 0),
			[]string{"remind-3 send due 2025-01-23"}},
		{"spring festival: Saturday before the 调休 Sunday", sf, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 1, 25, 10, 0), nil},
		{"spring festival: remind-1 on the 调休 Sunday", sf, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 1, 26, 9, 0),
			[]string{"remind-1 send due 2025-01-26"}},
		{"spring festival: missed reminder, holiday", sf, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 1, 28, 10, 0), nil},
		{"spring festival: first morning after the break", sf, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 2, 5, 8, 30),
			[]string{"remind-1 skip stale 2025-01-26", "urge+1 send due 2025-02-05"}},
		{"spring festival: supervise on the third working day", sf, PriorityNormal, nil, urged, lat(2025, 2, 7, 9, 0),
			[]string{"supervise+3 send due 2025-02-07"}},
		{"spring festival: listed ten working days late", sf, PriorityNormal, nil, append(slices.Clone(urged), "supervise+3"), lat(2025, 2, 17, 9, 0),
			[]string{"listed+10 send due 2025-02-17"}},
		// Spring Festival 2025, deadline just after the break.
		{"after the break: remind-1 before the holiday", ltask(lday(2025, 2, 5)), PriorityNormal, nil, []string{"remind-3"}, lat(2025, 1, 27, 9, 0),
			[]string{"remind-1 send due 2025-01-27"}},
		{"after the break: down over the holiday, one reminder", ltask(lday(2025, 2, 7)), PriorityNormal, nil, nil, lat(2025, 2, 6, 9, 0),
			[]string{"remind-3 skip superseded 2025-01-27", "remind-1 send due 2025-02-06"}},
		{"2026 spring festival: urge on the 调休 Saturday", ltask(lday(2026, 2, 13)), PriorityNormal, nil, reminded, lat(2026, 2, 14, 9, 0),
			[]string{"urge+1 send due 2026-02-14"}},
		// National Day 2025.
		{"national day: high priority remind-2 on the 调休 Sunday", nd, PriorityHigh, nil, nil, lat(2025, 9, 28, 9, 0),
			[]string{"remind-2 send due 2025-09-28"}},
		{"national day: nothing during the holiday", nd, PriorityNormal, nil, reminded, lat(2025, 10, 5, 10, 0), nil},
		{"national day: urge after the break", nd, PriorityNormal, nil, reminded, lat(2025, 10, 9, 9, 0),
			[]string{"urge+1 send due 2025-10-09"}},
		{"national day: supervise not yet on Friday", nd, PriorityNormal, nil, urged, lat(2025, 10, 10, 17, 0), nil},
		{"national day: supervise on the 调休 Saturday", nd, PriorityNormal, nil, urged, lat(2025, 10, 11, 9, 0),
			[]string{"supervise+3 send due 2025-10-11"}},
		// Reminders across a weekend, and the send window.
		{"weekend: remind-1 on Friday", mon, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 3, 7, 9, 0),
			[]string{"remind-1 send due 2025-03-07"}},
		{"weekend: nothing on Saturday", mon, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 3, 8, 10, 0), nil},
		{"night: nothing at 22:00", mon, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 3, 7, 22, 0), nil},
		{"night: nothing at 18:00", mon, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 3, 7, 18, 0), nil},
		{"night: nothing at 08:29", mon, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 3, 10, 8, 29), nil},
		{"missed Friday reminder goes out on the deadline", mon, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 3, 10, 8, 30),
			[]string{"remind-1 send due 2025-03-07"}},
		{"missed reminder is stale the day after", mon, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 3, 11, 9, 0),
			[]string{"remind-1 skip stale 2025-03-07", "urge+1 send due 2025-03-11"}},
		{"now in UTC", mon, PriorityNormal, nil, []string{"remind-3"}, time.Date(2025, 3, 7, 1, 0, 0, 0, time.UTC),
			[]string{"remind-1 send due 2025-03-07"}},
		// Extension from Wednesday 03-05 to Friday 03-14.
		{"extension: remind-1 done before is not repeated", ext, PriorityNormal, nil, reminded, lat(2025, 3, 13, 9, 0), nil},
		{"extension: old deadline passed, no urge", ext, PriorityNormal, nil, reminded, lat(2025, 3, 6, 9, 0), nil},
		{"extension: reminder not yet sent counts from the new deadline", ext, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 3, 13, 9, 0),
			[]string{"remind-1 send due 2025-03-13"}},
		{"extension: urge from the new deadline", ext, PriorityNormal, nil, reminded, lat(2025, 3, 17, 9, 0),
			[]string{"urge+1 send due 2025-03-17"}},
		{"extension after urging: urge not repeated", ext, PriorityNormal, nil, urged, lat(2025, 3, 17, 9, 0), nil},
		{"extension after urging: supervise from the new deadline", ext, PriorityNormal, nil, urged, lat(2025, 3, 19, 9, 0),
			[]string{"supervise+3 send due 2025-03-19"}},
		// Status.
		{"closed: nothing", with(wed, func(tk *Task) { tk.Status = StatusClosed }), PriorityNormal, nil, nil, lat(2025, 3, 19, 9, 0), nil},
		{"submitted: paused", with(wed, func(tk *Task) { tk.Status = StatusSubmitted }), PriorityNormal, nil, reminded, lat(2025, 3, 19, 9, 0), nil},
		{"assigned: runs", with(wed, func(tk *Task) { tk.Status = StatusAssigned }), PriorityNormal, nil, reminded, lat(2025, 3, 6, 9, 0),
			[]string{"urge+1 send due 2025-03-06"}},
		{"returned after the deadline: catches up", wed, PriorityNormal, nil, reminded, lat(2025, 3, 12, 9, 0),
			[]string{"urge+1 send due 2025-03-06", "supervise+3 send due 2025-03-10"}},
		{"no deadline: nothing", ltask(Date{}), PriorityNormal, nil, nil, lat(2025, 3, 19, 9, 0), nil},
		// Downtime.
		{"down 12 working days: every step once, reminders stale", ltask(lday(2025, 3, 3)), PriorityNormal, nil, nil, lat(2025, 3, 19, 9, 0),
			[]string{"remind-3 skip stale 2025-02-26", "remind-1 skip stale 2025-02-28", "urge+1 send due 2025-03-04",
				"supervise+3 send due 2025-03-06", "listed+10 send due 2025-03-17"}},
		{"down over national day", ltask(lday(2025, 9, 26)), PriorityNormal, nil, []string{"remind-3"}, lat(2025, 10, 16, 10, 0),
			[]string{"remind-1 skip stale 2025-09-25", "urge+1 send due 2025-09-28",
				"supervise+3 send due 2025-09-30", "listed+10 send due 2025-10-16"}},
		// Assigned late.
		{"assigned late: reminder before assignment skipped", late, PriorityNormal, nil, nil, lat(2025, 3, 3, 15, 0),
			[]string{"remind-3 skip early 2025-02-28"}},
		{"assigned late: next reminder sent", late, PriorityNormal, nil, []string{"remind-3"}, lat(2025, 3, 4, 9, 0),
			[]string{"remind-1 send due 2025-03-04"}},
		{"assigned the day before: both reminders skipped", with(late, func(tk *Task) { tk.AssignedOn = lday(2025, 3, 4) }), PriorityNormal, nil, nil, lat(2025, 3, 4, 15, 0),
			[]string{"remind-3 skip early 2025-02-28", "remind-1 skip early 2025-03-04"}},
		{"assignment day from CreatedAt", with(late, func(tk *Task) { tk.AssignedOn, tk.CreatedAt = Date{}, lat(2025, 3, 4, 10, 0) }), PriorityNormal, nil, nil, lat(2025, 3, 4, 15, 0),
			[]string{"remind-3 skip early 2025-02-28", "remind-1 skip early 2025-03-04"}},
		{"assigned after the deadline: escalation still runs", with(wed, func(tk *Task) { tk.AssignedOn = lday(2025, 3, 12) }), PriorityNormal, nil, reminded, lat(2025, 3, 12, 9, 0),
			[]string{"urge+1 send due 2025-03-06", "supervise+3 send due 2025-03-10"}},
		// Priorities: the same task on Monday 03-10, three working days late.
		{"urgent: urge, supervise and listed", wed, PriorityUrgent, nil, []string{"remind-1"}, lat(2025, 3, 10, 9, 0),
			[]string{"urge+1 send due 2025-03-06", "supervise+2 send due 2025-03-07", "listed+3 send due 2025-03-10"}},
		{"high: urge and supervise", wed, PriorityHigh, nil, []string{"remind-2", "remind-1"}, lat(2025, 3, 10, 9, 0),
			[]string{"urge+1 send due 2025-03-06", "supervise+2 send due 2025-03-07"}},
		{"normal: urge and supervise", wed, PriorityNormal, nil, reminded, lat(2025, 3, 10, 9, 0),
			[]string{"urge+1 send due 2025-03-06", "supervise+3 send due 2025-03-10"}},
		{"high: listed five working days late", wed, PriorityHigh, nil, []string{"remind-2", "remind-1", "urge+1", "supervise+2"}, lat(2025, 3, 12, 9, 0),
			[]string{"listed+5 send due 2025-03-12"}},
		{"urgent: one reminder", wed, PriorityUrgent, nil, nil, lat(2025, 3, 4, 9, 0),
			[]string{"remind-1 send due 2025-03-04"}},
		{"normal: missed remind-3 superseded", wed, PriorityNormal, nil, nil, lat(2025, 3, 4, 9, 0),
			[]string{"remind-3 skip superseded 2025-02-28", "remind-1 send due 2025-03-04"}},
		// Policy edits.
		{"inserted rung below a done one is superseded", wed, PriorityNormal, &inserted, append(slices.Clone(urged), "supervise+3"), lat(2025, 3, 10, 9, 0),
			[]string{"urge+2 skip superseded 2025-03-07"}},
		{"inserted rung above the done ones is sent", wed, PriorityNormal, &inserted, urged, lat(2025, 3, 7, 9, 0),
			[]string{"urge+2 send due 2025-03-07"}},
		{"rungs done under the normal policy count for urgent", wed, PriorityUrgent, nil, append(slices.Clone(urged), "supervise+3"), lat(2025, 3, 10, 9, 0),
			[]string{"supervise+2 skip superseded 2025-03-07", "listed+3 send due 2025-03-10"}},
		{"unsorted policy: decisions in offset order", ltask(lday(2025, 3, 3)), PriorityNormal, &reversed, reminded, lat(2025, 3, 19, 9, 0),
			[]string{"urge+1 send due 2025-03-04", "supervise+3 send due 2025-03-06", "listed+10 send due 2025-03-17"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := lpolicy(t, tt.policy)
			if tt.custom != nil {
				p = *tt.custom
			}
			got := lsummary(DueRungs(tt.task, lset(tt.done...), p, ladderCal, ladderLoc, tt.now, WorkingHours{}))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLadderDecisionFields checks what the sweep needs beyond the summary:
// the rung itself and SendAt, which does not depend on when the sweep ran.
func TestLadderDecisionFields(t *testing.T) {
	task := ltask(lday(2025, 3, 3))
	p := lpolicy(t, PriorityNormal)
	for _, now := range []time.Time{lat(2025, 3, 19, 9, 0), lat(2025, 3, 19, 15, 0)} {
		ds := DueRungs(task, nil, p, ladderCal, ladderLoc, now, WorkingHours{})
		if len(ds) != 5 {
			t.Fatalf("at %v: got %d decisions, want 5", now, len(ds))
		}
		urge, listed := ds[2], ds[4]
		if !urge.SendAt.Equal(lat(2025, 3, 4, 8, 30)) {
			t.Errorf("urge SendAt: got %v, want 2025-03-04 08:30", urge.SendAt)
		}
		if got := urge.Rung.Audiences; !slices.Equal(got, []Audience{AudienceLeadContact}) || urge.Rung.Template != "ladder_urge" {
			t.Errorf("urge rung: got %v %q, want [lead_contact] ladder_urge", got, urge.Rung.Template)
		}
		if !listed.Rung.ListInReport || !slices.Equal(listed.Rung.Audiences, []Audience{AudienceLeadership}) {
			t.Errorf("listed rung: got %+v, want ListInReport to leadership", listed.Rung)
		}
		if !ds[0].SendAt.Equal(lat(2025, 2, 26, 8, 30)) {
			t.Errorf("skipped remind-3 SendAt: got %v, want 2025-02-26 08:30", ds[0].SendAt)
		}
	}
	h := WorkingHours{Start: 9 * time.Hour, End: 17 * time.Hour}
	ds := DueRungs(task, nil, p, ladderCal, ladderLoc, lat(2025, 3, 4, 9, 0), h)
	if len(ds) != 3 || !ds[2].SendAt.Equal(lat(2025, 3, 4, 9, 0)) {
		t.Errorf("custom hours: got %v, want urge+1 last with SendAt 2025-03-04 09:00", ds)
	}
	if ds := DueRungs(task, nil, p, ladderCal, ladderLoc, lat(2025, 3, 4, 8, 45), h); ds != nil {
		t.Errorf("custom hours before opening: got %q, want nothing", lsummary(ds))
	}
}

// TestLadderSweep runs the sweep as the scheduler would, at 09:00 and 15:00
// every day (holidays included), recording each decision as done, for each
// default policy and deadlines around the holidays: every rung is sent once,
// on its own day, and a rerun at the same instant finds nothing. NextLadderAt
// must never promise later than the sweep finds work.
func TestLadderSweep(t *testing.T) {
	dues := []Date{lday(2025, 1, 27), lday(2025, 2, 5), lday(2025, 9, 30), lday(2025, 10, 9), lday(2026, 2, 13), lday(2025, 3, 10)}
	for _, p := range DefaultPolicies() {
		for _, due := range dues {
			t.Run(fmt.Sprintf("%s/%v", p.Priority, due), func(t *testing.T) {
				task := ltask(due)
				done := map[string]bool{}
				sentOn := map[string]Date{}
				for d := due.AddDays(-20); d.Before(due.AddDays(45)); d = d.AddDays(1) {
					for _, hh := range []int{9, 15} {
						now := lat(d.Year, d.Month, d.Day, hh, 0)
						next, ok := NextLadderAt(task, done, p, ladderCal, ladderLoc, WorkingHours{})
						ds := DueRungs(task, done, p, ladderCal, ladderLoc, now, WorkingHours{})
						if len(ds) > 0 && (!ok || next.After(now)) {
							t.Fatalf("at %v: got NextLadderAt %v, %v, want at or before now", now, next, ok)
						}
						for _, dc := range ds {
							if dc.Action != LadderSend || dc.SendAt.After(now) {
								t.Fatalf("at %v: got %s %s %s SendAt %v, want a send not in the future", now, dc.RungID, dc.Action, dc.Reason, dc.SendAt)
							}
							sentOn[dc.RungID] = d
							done[dc.RungID] = true
						}
						if again := DueRungs(task, done, p, ladderCal, ladderLoc, now, WorkingHours{}); again != nil {
							t.Fatalf("rerun at %v: got %q, want nothing", now, lsummary(again))
						}
					}
				}
				for _, r := range p.Rungs {
					if want := RungDay(ladderCal, due, r.OffsetWorkingDays); sentOn[r.ID()] != want {
						t.Errorf("%s: got sent on %v, want %v", r.ID(), sentOn[r.ID()], want)
					}
				}
				if next, ok := NextLadderAt(task, done, p, ladderCal, ladderLoc, WorkingHours{}); ok {
					t.Errorf("all done: got NextLadderAt %v, want none", next)
				}
			})
		}
	}
}

func TestLadderNextLadderAt(t *testing.T) {
	mon := ltask(lday(2025, 3, 10))
	sf := ltask(lday(2025, 1, 27))
	all := []string{"remind-3", "remind-1", "urge+1", "supervise+3", "listed+10"}
	tests := []struct {
		name   string
		task   Task
		done   []string
		hours  WorkingHours
		want   time.Time
		wantOK bool
	}{
		{"fresh task: remind-3", mon, nil, WorkingHours{}, lat(2025, 3, 5, 8, 30), true},
		{"after remind-3: remind-1 on Friday", mon, []string{"remind-3"}, WorkingHours{}, lat(2025, 3, 7, 8, 30), true},
		{"custom hours", mon, []string{"remind-3"}, WorkingHours{Start: 9 * time.Hour, End: 17 * time.Hour}, lat(2025, 3, 7, 9, 0), true},
		{"across spring festival: urge", sf, []string{"remind-3", "remind-1"}, WorkingHours{}, lat(2025, 2, 5, 8, 30), true},
		{"on the 调休 Sunday", sf, []string{"remind-3"}, WorkingHours{}, lat(2025, 1, 26, 8, 30), true},
		{"all done", mon, all, WorkingHours{}, time.Time{}, false},
		{"closed", lstatus(mon, StatusClosed), nil, WorkingHours{}, time.Time{}, false},
		{"submitted", lstatus(mon, StatusSubmitted), nil, WorkingHours{}, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := NextLadderAt(tt.task, lset(tt.done...), lpolicy(t, PriorityNormal), ladderCal, ladderLoc, tt.hours)
			if ok != tt.wantOK || !got.Equal(tt.want) {
				t.Errorf("got %v, %v, want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// lstatus returns t in status s.
func lstatus(t Task, s Status) Task { t.Status = s; return t }

func TestLadderDefaultPolicies(t *testing.T) {
	want := map[Priority][]string{
		PriorityNormal: {"remind-3", "remind-1", "urge+1", "supervise+3", "listed+10"},
		PriorityHigh:   {"remind-2", "remind-1", "urge+1", "supervise+2", "listed+5"},
		PriorityUrgent: {"remind-1", "urge+1", "supervise+2", "listed+3"},
	}
	ps := DefaultPolicies()
	var got []Priority
	for _, p := range ps {
		got = append(got, p.Priority)
		if err := p.Validate(); err != nil {
			t.Errorf("%s: got %v, want valid", p.Priority, err)
		}
		var ids []string
		for _, r := range p.Rungs {
			ids = append(ids, r.ID())
			if r.Template != "ladder_"+string(r.Step) || r.ListInReport != (r.Step == StepListed) {
				t.Errorf("%s %s: got template %q list %v, want ladder_%s, list only when listed", p.Priority, r.ID(), r.Template, r.ListInReport, r.Step)
			}
		}
		if !slices.Equal(ids, want[p.Priority]) {
			t.Errorf("%s: got %q, want %q", p.Priority, ids, want[p.Priority])
		}
	}
	if w := []Priority{PriorityNormal, PriorityHigh, PriorityUrgent}; !slices.Equal(got, w) {
		t.Errorf("got %q, want %q", got, w)
	}
	ps[0].Rungs[0].Audiences[0] = AudienceLeadership
	if a := DefaultPolicies()[0].Rungs[0].Audiences[0]; a != AudienceLeadContact {
		t.Errorf("after changing a copy: got %q, want lead_contact", a)
	}
}

func TestLadderPolicyValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *Policy) // applied to the default normal policy
		want   string          // error key, "" when valid
	}{
		{"default", func(p *Policy) {}, ""},
		{"one rung", func(p *Policy) { p.Rungs = p.Rungs[2:3] }, ""},
		{"range edges", func(p *Policy) { p.Rungs[0].OffsetWorkingDays, p.Rungs[4].OffsetWorkingDays = -30, 60 }, ""},
		{"supervise listed in the report", func(p *Policy) { p.Rungs[3].ListInReport = true }, ""},
		{"every audience", func(p *Policy) { p.Rungs[4].Audiences = Audiences() }, ""},
		{"unknown priority", func(p *Policy) { p.Priority = "low" }, "ladder.priority_invalid"},
		{"no rungs", func(p *Policy) { p.Rungs = nil }, "ladder.rungs_required"},
		{"unknown step", func(p *Policy) { p.Rungs[2].Step = "nag" }, "ladder.step_invalid"},
		{"offset zero", func(p *Policy) { p.Rungs[1].OffsetWorkingDays = 0 }, "ladder.offset_zero"},
		{"offset below range", func(p *Policy) { p.Rungs[0].OffsetWorkingDays = -31 }, "ladder.offset_range"},
		{"offset above range", func(p *Policy) { p.Rungs[4].OffsetWorkingDays = 61 }, "ladder.offset_range"},
		{"duplicate offsets", func(p *Policy) { p.Rungs[1].OffsetWorkingDays = -3 }, "ladder.offset_order"},
		{"out of order", func(p *Policy) { p.Rungs[2], p.Rungs[3] = p.Rungs[3], p.Rungs[2] }, "ladder.offset_order"},
		{"reminder after the deadline", func(p *Policy) { p.Rungs[2].Step = StepRemind }, "ladder.offset_side"},
		{"urge before the deadline", func(p *Policy) { p.Rungs[1].Step = StepUrge }, "ladder.offset_side"},
		{"de-escalation", func(p *Policy) { p.Rungs[2].Step, p.Rungs[3].Step = StepSupervise, StepUrge }, "ladder.step_order"},
		{"no audience", func(p *Policy) { p.Rungs[3].Audiences = nil }, "ladder.audience_required"},
		{"unknown audience", func(p *Policy) { p.Rungs[3].Audiences = []Audience{"mayor"} }, "ladder.audience_invalid"},
		{"duplicate audience", func(p *Policy) { p.Rungs[3].Audiences = []Audience{AudienceAssigner, AudienceAssigner} }, "ladder.audience_duplicate"},
		{"no template", func(p *Policy) { p.Rungs[2].Template = "" }, "ladder.template_invalid"},
		{"template with a path", func(p *Policy) { p.Rungs[2].Template = "../ladder_urge" }, "ladder.template_invalid"},
		{"template in capitals", func(p *Policy) { p.Rungs[2].Template = "Ladder_Urge" }, "ladder.template_invalid"},
		{"template too long", func(p *Policy) { p.Rungs[2].Template = strings.Repeat("a", 65) }, "ladder.template_invalid"},
		{"reminder listed in the report", func(p *Policy) { p.Rungs[0].ListInReport = true }, "ladder.list_before_deadline"},
		{"first problem in rung order", func(p *Policy) { p.Rungs[4].Template, p.Rungs[1].Audiences = "", nil }, "ladder.audience_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := lpolicy(t, PriorityNormal)
			tt.change(&p)
			err := p.Validate()
			if tt.want == "" {
				if err != nil {
					t.Errorf("got %v (%s), want valid", err, ErrorKey(err))
				}
				return
			}
			if got := ErrorKey(err); got != tt.want || !errors.Is(err, ErrInvalid) {
				t.Errorf("got %v (%q), want ErrInvalid %q", err, got, tt.want)
			}
		})
	}
}
