package config_test

import (
	"maps"
	"reflect"
	"testing"
	"time"

	"xietong/config"
)

func TestScheduleDefaults(t *testing.T) {
	got := mustLoad(t, nil).Schedule
	want := config.Schedule{Enabled: true, Sweep: "0 9,15 * * *", WeeklyReport: "30 8 * * 1",
		MonthlyReport: "30 8 1-7 * *", Cleanup: "40 3 * * *", LadderStart: 8*time.Hour + 30*time.Minute, LadderEnd: 18 * time.Hour}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestScheduleGood(t *testing.T) {
	tests := []struct {
		name string
		key  string
		val  string
		get  func(c config.Schedule) any
		want any
	}{
		{"off", "XIETONG_SCHEDULER", "off", func(c config.Schedule) any { return c.Enabled }, false},
		{"on upper", "XIETONG_SCHEDULER", "ON", func(c config.Schedule) any { return c.Enabled }, true},
		{"sweep", "XIETONG_SCHEDULE_SWEEP", "*/30 8-18 * * 1-5", func(c config.Schedule) any { return c.Sweep }, "*/30 8-18 * * 1-5"},
		{"weekly names", "XIETONG_SCHEDULE_WEEKLY_REPORT", "0 17 * * FRI", func(c config.Schedule) any { return c.WeeklyReport }, "0 17 * * FRI"},
		{"cleanup", "XIETONG_SCHEDULE_CLEANUP", "0 2 * * 0", func(c config.Schedule) any { return c.Cleanup }, "0 2 * * 0"},
		{"monthly descriptor", "XIETONG_SCHEDULE_MONTHLY_REPORT", "@monthly", func(c config.Schedule) any { return c.MonthlyReport }, "@monthly"},
		// The scheduler, not config, judges a spec (scheduler.CheckSpec):
		// config keeps what it is given.
		{"spec kept as written", "XIETONG_SCHEDULE_SWEEP", "0 9 * *", func(c config.Schedule) any { return c.Sweep }, "0 9 * *"},
		{"ladder hours", "XIETONG_LADDER_HOURS", "09:00-17:30",
			func(c config.Schedule) any { return [2]time.Duration{c.LadderStart, c.LadderEnd} },
			[2]time.Duration{9 * time.Hour, 17*time.Hour + 30*time.Minute}},
		{"ladder whole day", "XIETONG_LADDER_HOURS", "00:00 - 24:00",
			func(c config.Schedule) any { return [2]time.Duration{c.LadderStart, c.LadderEnd} },
			[2]time.Duration{0, 24 * time.Hour}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustLoad(t, map[string]string{tt.key: tt.val})
			if got := tt.get(c.Schedule); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestScheduleBad(t *testing.T) {
	tests := []struct {
		name string
		key  string
		val  string
		want string // the whole error
	}{
		{"scheduler", "XIETONG_SCHEDULER", "yes",
			`XIETONG_SCHEDULER: want on or off, got "yes"`},
		{"sweep blank", "XIETONG_SCHEDULE_SWEEP", "   ",
			`XIETONG_SCHEDULE_SWEEP: must not be empty (a cron spec such as 0 9 * * 1-5)`},
		{"ladder format", "XIETONG_LADDER_HOURS", "8:30-18:00",
			`XIETONG_LADDER_HOURS: want HH:MM-HH:MM, e.g. 08:30-18:00, got "8:30-18:00"`},
		{"ladder one time", "XIETONG_LADDER_HOURS", "08:30",
			`XIETONG_LADDER_HOURS: want HH:MM-HH:MM, e.g. 08:30-18:00, got "08:30"`},
		{"ladder minute", "XIETONG_LADDER_HOURS", "08:60-18:00",
			`XIETONG_LADDER_HOURS: want HH:MM-HH:MM, e.g. 08:30-18:00, got "08:60-18:00"`},
		{"ladder past midnight", "XIETONG_LADDER_HOURS", "08:00-24:30",
			`XIETONG_LADDER_HOURS: want HH:MM-HH:MM, e.g. 08:30-18:00, got "08:00-24:30"`},
		{"ladder reversed", "XIETONG_LADDER_HOURS", "18:00-08:30",
			`XIETONG_LADDER_HOURS: start must be before end, got "18:00-08:30"`},
		{"ladder empty window", "XIETONG_LADDER_HOURS", "09:00-09:00",
			`XIETONG_LADDER_HOURS: start must be before end, got "09:00-09:00"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Load(env(map[string]string{tt.key: tt.val}))
			if err == nil {
				t.Fatalf("got no error, want %q", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestScheduleRedacted: Redacted prints the schedule the way Load reads it.
func TestScheduleRedacted(t *testing.T) {
	in := map[string]string{"XIETONG_SCHEDULER": "off", "XIETONG_SCHEDULE_SWEEP": "0 10 * * 1-5",
		"XIETONG_LADDER_HOURS": "07:05-24:00"}
	got := mustLoad(t, in).Redacted()
	sub := map[string]string{}
	for k := range in {
		sub[k] = got[k]
	}
	if !maps.Equal(sub, in) {
		t.Errorf("got %v, want %v", sub, in)
	}
}
