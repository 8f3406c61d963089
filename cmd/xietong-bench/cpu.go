package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// benchProcesses are the programs a measurement is made of; CPU used by
// anything else on the machine during it is reported, because on a 2-core
// machine a compiler running beside the benchmark changes every figure.
var benchProcesses = map[string]bool{"xietong": true, "postgres": true, "xietong-bench": true, "pgbench": true}

// benchDatabase names the benchmark's database: PostgreSQL backends serving
// any other database (another project's tests) are not the benchmark's.
var benchDatabase = "xietong_bench"

// ours reports whether the process of the stat file p belongs to the
// benchmark.
func ours(p, comm string) bool {
	if !benchProcesses[comm] {
		return false
	}
	if comm != "postgres" {
		return true
	}
	cmd, err := os.ReadFile(filepath.Join(filepath.Dir(p), "cmdline"))
	if err != nil {
		return false
	}
	// A client backend's title is "postgres: 15/main: USER DB HOST(PORT) …";
	// the server's own processes (writer, checkpointer, …) work for everyone.
	title := string(cmd)
	return !strings.Contains(title, "(") || strings.Contains(title, " "+benchDatabase+" ")
}

// cpuWatch follows the machine's busy time and the benchmark's processes
// while a measurement runs. It samples twice a second so that processes that
// end before the measurement does (pgbench's backends) still count as the
// benchmark's, up to the last half second of their life.
type cpuWatch struct {
	start      time.Time
	busy0      int64
	ok         bool
	mu         sync.Mutex
	first      map[int]int64 // ticks of each process when first seen (0 if born meanwhile)
	last       map[int]int64
	comm       map[int]string // each process's program
	stop, done chan struct{}
}

// watchCPU samples every second while the load runs beside the server (each
// sample reads /proc, which the server's cores pay for); watchCmd samples
// more often, because pgbench's backends end with it and what they spent
// after the last sample is lost.
func watchCPU() *cpuWatch { return watchCPUEvery(time.Second) }

func watchCPUEvery(every time.Duration) *cpuWatch {
	w := &cpuWatch{start: time.Now(), first: map[int]int64{}, last: map[int]int64{}, comm: map[int]string{},
		stop: make(chan struct{}), done: make(chan struct{})}
	w.busy0, w.ok = machineBusy()
	w.sample(true)
	go func() {
		defer close(w.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
				w.sample(false)
			}
		}
	}()
	return w
}

// sample reads the CPU time of the benchmark's processes.
func (w *cpuWatch) sample(initial bool) {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state … utime stime are fields 14 and 15.
		open, end := strings.IndexByte(string(b), '('), strings.LastIndexByte(string(b), ')')
		if open < 0 || end < open {
			continue
		}
		comm := string(b[open+1 : end])
		if !ours(p, comm) {
			continue
		}
		rest := strings.Fields(string(b[end+1:]))
		pid, err := strconv.Atoi(strings.TrimSpace(string(b[:open])))
		if len(rest) < 13 || err != nil {
			continue
		}
		u, _ := strconv.ParseInt(rest[11], 10, 64)
		st, _ := strconv.ParseInt(rest[12], 10, 64)
		if _, seen := w.first[pid]; !seen {
			w.first[pid] = 0
			if initial {
				w.first[pid] = u + st
			}
		}
		w.last[pid] = u + st
		w.comm[pid] = comm
	}
}

// cpuUse is what a watch saw.
type cpuUse struct {
	other   float64            // per cent of the machine's CPU (all cores) that other programs used
	ok      bool               // false without /proc
	seconds map[string]float64 // CPU seconds each of the benchmark's programs used, by name (xietong, postgres, …)
}

// perCall is a program's CPU per call in milliseconds, or "?" where it
// cannot be told: no /proc, no calls, or no process of that name seen (a
// server binary under another name must not read as a server that cost
// nothing).
func (u cpuUse) perCall(program string, calls int) string {
	sec, seen := u.seconds[program]
	if !u.ok || calls <= 0 || !seen {
		return "?"
	}
	return fmt.Sprintf("%.3f", 1000*sec/float64(calls))
}

// Stop ends the watch and returns the CPU each of the benchmark's programs
// used meanwhile and the share of the machine's that other programs used.
// PostgreSQL's own processes (the WAL writer, the checkpointer, autovacuum)
// count as postgres: the load makes their work.
func (w *cpuWatch) Stop() cpuUse {
	w.sample(false)
	close(w.stop)
	<-w.done
	busy1, ok := machineBusy()
	if !w.ok || !ok {
		return cpuUse{}
	}
	const ticks = 100 // USER_HZ on Linux
	use := cpuUse{ok: true, seconds: map[string]float64{}}
	var ours int64
	for pid, t := range w.last {
		ours += t - w.first[pid]
		use.seconds[w.comm[pid]] += float64(t-w.first[pid]) / ticks
	}
	total := time.Since(w.start).Seconds() * ticks * float64(runtime.NumCPU())
	if total <= 0 {
		return cpuUse{}
	}
	use.other = max(0, 100*float64(busy1-w.busy0-ours)/total)
	return use
}

// machineBusy is the time all cores spent busy, from /proc/stat, in ticks.
func machineBusy() (int64, bool) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	var busy int64
	// cpu user nice system idle iowait irq softirq steal …
	for i, v := range f[1:min(len(f), 9)] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		busy += n
	}
	return busy, true
}

// watchCmd runs a command (pgbench) and then prints the share of the CPU
// that other programs used while it ran, as load does for its measurements.
func watchCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&benchDatabase, "db-name", benchDatabase, "the benchmark's database")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 {
		return fmt.Errorf("%w: watch [-db-name DB] -- command [args]", errUsage)
	}
	cmd := exec.CommandContext(ctx, fs.Arg(0), fs.Args()[1:]...)
	cmd.Stdout, cmd.Stderr = out, out
	w := watchCPUEvery(200 * time.Millisecond)
	err := cmd.Run()
	if use := w.Stop(); use.ok {
		fmt.Fprintf(out, "other CPU = %.0f%%\n", use.other)
		fmt.Fprintf(out, "postgres CPU = %.2f s\n", use.seconds["postgres"])
	}
	return err
}
