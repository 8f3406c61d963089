package scheduler_test

import (
	"testing"

	"xietong/notifications/scheduler"
)

func TestCheckSpecGood(t *testing.T) {
	for _, spec := range []string{"0 9,15 * * *", "*/30 8-18 * * 1-5", "0 17 * * FRI", "30 8 1-7 * *", "@monthly", "@daily"} {
		if err := scheduler.CheckSpec(spec); err != nil {
			t.Errorf("%q: got %v, want nil", spec, err)
		}
	}
}

func TestCheckSpecBad(t *testing.T) {
	tests := []struct {
		name string
		spec string
		want string // the whole error
	}{
		{"fields", "0 9 * *",
			`invalid cron spec "0 9 * *": expected exactly 5 fields, found 4: [0 9 * *]`},
		{"seconds", "0 0 9 * * *",
			`invalid cron spec "0 0 9 * * *": expected exactly 5 fields, found 6: [0 0 9 * * *]`},
		{"range", "30 25 * * 1",
			`invalid cron spec "30 25 * * 1": end of range (25) above maximum (23): 25`},
		{"descriptor", "@fortnightly",
			`invalid cron spec "@fortnightly": unrecognized descriptor: @fortnightly`},
		{"empty", "",
			`invalid cron spec "": empty spec string`},
		{"every", "@every 6h",
			`@every is not allowed (replicas would not agree on its times), got "@every 6h"`},
		{"time zone", "CRON_TZ=UTC 0 1 * * *",
			`a time zone prefix is not allowed (schedules follow XIETONG_TIMEZONE), got "CRON_TZ=UTC 0 1 * * *"`},
		{"tz", "TZ=UTC 0 1 * * *",
			`a time zone prefix is not allowed (schedules follow XIETONG_TIMEZONE), got "TZ=UTC 0 1 * * *"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := scheduler.CheckSpec(tt.spec)
			if err == nil {
				t.Fatalf("got no error, want %q", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
