package scheduler

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/robfig/cron/v3"
)

func TestLatest(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m, s, ms int) time.Time {
		return time.Date(2025, 3, d, h, m, s, ms*int(time.Millisecond), sh)
	}
	monday := func(slot time.Time) bool { return slot.Weekday() == time.Monday }
	tests := []struct {
		name   string
		spec   string
		now    time.Time
		within time.Duration
		keep   func(time.Time) bool
		want   time.Time // zero: none
	}{
		{"on time", "0 9,15 * * *", at(3, 9, 0, 0, 0), 24 * time.Hour, nil, at(3, 9, 0, 0, 0)},
		{"timer late by a fraction", "0 9,15 * * *", at(3, 9, 0, 0, 3), 24 * time.Hour, nil, at(3, 9, 0, 0, 0)},
		{"fired late, same minute", "0 9,15 * * *", at(3, 9, 0, 42, 0), 24 * time.Hour, nil, at(3, 9, 0, 0, 0)},
		{"fired hours late", "0 9,15 * * *", at(3, 14, 59, 59, 999), 24 * time.Hour, nil, at(3, 9, 0, 0, 0)},
		{"just before", "0 9,15 * * *", at(3, 8, 59, 59, 999), 24 * time.Hour, nil, at(2, 15, 0, 0, 0)},
		{"out of reach", "0 9,15 * * *", at(3, 8, 59, 59, 999), time.Hour, nil, time.Time{}},
		{"keep filters", "30 8 1-7 * *", at(5, 10, 0, 0, 0), 7 * 24 * time.Hour, monday, at(3, 8, 30, 0, 0)},
		{"every second", "@every 1s", at(3, 9, 0, 7, 250), time.Hour, nil, at(3, 9, 0, 7, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sched, err := cron.ParseStandard(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := latest(sched, tt.now, tt.within, tt.keep)
			if !got.Equal(tt.want) || ok == tt.want.IsZero() {
				t.Errorf("got %v %v, want %v", got, ok, tt.want)
			}
		})
	}
}
