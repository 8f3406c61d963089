package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ownCPU is this process's CPU time so far.
func ownCPU(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// The watch gives each of the benchmark's programs the CPU its processes
// used while it watched: here the test binary, counted as one of them for
// the test, spends 0.3 s of CPU and must find at least most of it under its
// own name and none under another's.
func TestCPUWatchCountsEachProgram(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	self := filepath.Base(os.Args[0])
	if len(self) > 15 {
		self = self[:15] // the kernel's comm is at most 15 bytes
	}
	benchProcesses[self] = true
	defer delete(benchProcesses, self)

	w := watchCPUEvery(50 * time.Millisecond)
	start := ownCPU(t)
	x := 0
	for ownCPU(t)-start < 300*time.Millisecond { // spin until 0.3 s of CPU is spent, however long that takes
		for i := range 100_000 {
			x += i
		}
	}
	use := w.Stop()
	_ = x
	if !use.ok {
		t.Fatal("the watch saw nothing")
	}
	if got := use.seconds[self]; got < 0.2 {
		t.Errorf("%s used 0.3 s of CPU; the watch counted %.2f s (all: %v)", self, got, use.seconds)
	}
	if got, err := strconv.ParseFloat(use.perCall(self, 100), 64); err != nil || got < 2 {
		t.Errorf("per call of 100: %s ms (%v), want at least 2 ms", use.perCall(self, 100), err)
	}
	if got := use.perCall(self, 0); got != "?" {
		t.Errorf("per call of none: %s, want ?", got)
	}
	if got := use.perCall("no-such-program", 100); got != "?" {
		t.Errorf("a program never seen: %s ms, want ?", got)
	}
}

// The table's rows have as many columns as its header, and the CPU columns
// are per request.
func TestResultRowMatchesHeader(t *testing.T) {
	r := result{op: "get", clients: 8, want: 200, ok: 4, elapsed: time.Second,
		lat:   []time.Duration{time.Millisecond, time.Millisecond, time.Millisecond, time.Millisecond},
		codes: map[int]int{200: 4},
		cpu:   cpuUse{ok: true, seconds: map[string]float64{"xietong": 0.004, "postgres": 0.002, "xietong-bench": 0.001}}}
	header, _, _ := strings.Cut(tableHeader, "\n")
	row := r.row()
	if h, c := strings.Count(header, "|"), strings.Count(row, "|"); h != c {
		t.Fatalf("header has %d bars, row %d:\n%s\n%s", h, c, header, row)
	}
	if !strings.HasSuffix(row, "| 1.000 | 0.500 | 0.250 |") {
		t.Errorf("row %q: want server 1.000, PostgreSQL 0.500, load 0.250 ms a request at the end", row)
	}
	r.cpu = cpuUse{}
	if !strings.HasSuffix(r.row(), "| ? | ? | ? |") {
		t.Errorf("row %q: want ? where the CPU was not watched", r.row())
	}
}
