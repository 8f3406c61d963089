package config

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Schedule says when this process runs the scheduled jobs. Specs are
// standard 5-field cron specs (minute hour day-of-month month day-of-week)
// read in Config.Location. Config keeps them as written: the scheduler,
// which owns the cron parser, checks them when the server starts
// (scheduler.CheckSpec), so that this package needs only the standard
// library.
type Schedule struct {
	// Enabled runs the scheduled jobs in this process. Every replica may run
	// them: each scheduled run is claimed once in the database.
	// XIETONG_SCHEDULER.
	Enabled bool
	// Sweep is when the supervision sweep runs. XIETONG_SCHEDULE_SWEEP.
	Sweep string
	// WeeklyReport is when the weekly report is sent.
	// XIETONG_SCHEDULE_WEEKLY_REPORT.
	WeeklyReport string
	// MonthlyReport is when the monthly report may be sent; the job itself
	// goes ahead only on the month's first working day.
	// XIETONG_SCHEDULE_MONTHLY_REPORT.
	MonthlyReport string
	// Cleanup is when the daily cleanup runs (old sent mail's text).
	// XIETONG_SCHEDULE_CLEANUP.
	Cleanup string
	// LadderStart and LadderEnd bound, as offsets from midnight, the part of
	// a working day in which ladder mail goes out; 0 ≤ LadderStart <
	// LadderEnd ≤ 24h. XIETONG_LADDER_HOURS.
	LadderStart, LadderEnd time.Duration
}

// scheduleSpecs are the scheduler's variables, in documentation order.
func scheduleSpecs() []spec {
	return []spec{
		{
			name: "XIETONG_SCHEDULER", def: "on",
			meaning: "on or off: run the scheduled jobs (sweep, reports) in this process; replicas share them, each run happens once",
			set: func(c *Config, v string) error {
				switch strings.ToLower(v) {
				case "on":
					c.Schedule.Enabled = true
				case "off":
					c.Schedule.Enabled = false
				default:
					return fmt.Errorf("want on or off, got %q", v)
				}
				return nil
			},
			get: func(c Config) string {
				if c.Schedule.Enabled {
					return "on"
				}
				return "off"
			},
		},
		cronSpec("XIETONG_SCHEDULE_SWEEP", "0 9,15 * * *",
			"cron spec (minute hour day month weekday, in XIETONG_TIMEZONE) of the supervision sweep; a sweep on a non-working day does nothing",
			func(c *Config) *string { return &c.Schedule.Sweep }),
		cronSpec("XIETONG_SCHEDULE_WEEKLY_REPORT", "30 8 * * 1",
			"cron spec of the weekly report",
			func(c *Config) *string { return &c.Schedule.WeeklyReport }),
		cronSpec("XIETONG_SCHEDULE_MONTHLY_REPORT", "30 8 1-7 * *",
			"cron spec of the monthly report; of the days it names, the report goes out only on the month's first working day (so name the first week)",
			func(c *Config) *string { return &c.Schedule.MonthlyReport }),
		cronSpec("XIETONG_SCHEDULE_CLEANUP", "40 3 * * *",
			"cron spec of the cleanup: drops the text of sent mail older than XIETONG_MAIL_RAW_RETENTION_DAYS",
			func(c *Config) *string { return &c.Schedule.Cleanup }),
		{
			name: "XIETONG_LADDER_HOURS", def: "08:30-18:00",
			meaning: "HH:MM-HH:MM in XIETONG_TIMEZONE: the part of a working day in which reminders and escalations are mailed",
			set: func(c *Config, v string) error {
				start, end, err := parseHours(v)
				if err != nil {
					return err
				}
				c.Schedule.LadderStart, c.Schedule.LadderEnd = start, end
				return nil
			},
			get: func(c Config) string {
				return formatClock(c.Schedule.LadderStart) + "-" + formatClock(c.Schedule.LadderEnd)
			},
		},
	}
}

// cronSpec is a variable holding a cron spec. Only emptiness is checked
// here; the scheduler checks the spec itself when the server starts.
func cronSpec(name, def, meaning string, field func(*Config) *string) spec {
	return spec{
		name: name, def: def, meaning: meaning,
		set: func(c *Config, v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("must not be empty (a cron spec such as 0 9 * * 1-5)")
			}
			*field(c) = v
			return nil
		},
		get: func(c Config) string { return *field(&c) },
	}
}

// parseHours reads a window "08:30-18:00" within one day; "24:00" may end it.
func parseHours(v string) (start, end time.Duration, err error) {
	a, b, ok := strings.Cut(v, "-")
	start, okA := parseClock(strings.TrimSpace(a))
	end, okB := parseClock(strings.TrimSpace(b))
	if !ok || !okA || !okB {
		return 0, 0, fmt.Errorf("want HH:MM-HH:MM, e.g. 08:30-18:00, got %q", v)
	}
	if start >= end {
		return 0, 0, fmt.Errorf("start must be before end, got %q", v)
	}
	return start, end, nil
}

// parseClock reads "HH:MM" from 00:00 to 24:00 as an offset from midnight.
func parseClock(s string) (time.Duration, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, false
	}
	hh, okH := digits2(h)
	mm, okM := digits2(m)
	if !okH || !okM || hh > 24 || mm > 59 || hh == 24 && mm != 0 {
		return 0, false
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, true
}

func digits2(s string) (int, bool) {
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

func formatClock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
