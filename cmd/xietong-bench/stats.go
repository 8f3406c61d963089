package main

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// result is one operation measured at one client count.
type result struct {
	op      string
	clients int
	rate    float64         // offered requests per second; 0 for closed-loop clients
	lat     []time.Duration // every measured request, answered or not
	codes   map[int]int     // responses by status; -1 is a transport error
	want    int             // the expected status
	ok      int             // responses with the expected status
	elapsed time.Duration
	samples []string // a few unexpected answers, for the log
	cpu     cpuUse   // the CPU the server, PostgreSQL, the load generator and others used meanwhile
	rssMB   float64  // the server's peak resident memory while measured (0: not watched)
}

// serverPID is the server process whose memory the runs watch (-server-pid).
var serverPID int

// sampleRSS samples the server's resident memory every 50 ms from from on,
// keeping the peak in res, until the returned function is called.
func sampleRSS(from time.Time, res *result) (stop func()) {
	if serverPID <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		time.Sleep(time.Until(from))
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if kb, err := procStatus(serverPID, "VmRSS"); err == nil {
				res.rssMB = max(res.rssMB, float64(kb)/1024)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// The CPU columns are each program's CPU time over the measured time
// divided by the requests measured: what one request cost the server, its
// PostgreSQL (backends and background processes) and the load generator.
const tableHeader = "| operation | clients | offered (/s) | requests | errors | throughput (/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | other CPU | server RSS (MB) | server CPU (ms/req) | PostgreSQL CPU (ms/req) | load CPU (ms/req) |\n" +
	"| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"

func (r *result) percentile(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	if !slices.IsSorted(r.lat) {
		slices.Sort(r.lat)
	}
	i := int(p*float64(len(r.lat))+0.5) - 1
	return r.lat[max(0, min(i, len(r.lat)-1))]
}

func (r *result) throughput() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.ok) / r.elapsed.Seconds()
}

func (r *result) errors() int { return len(r.lat) - r.ok }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func (r *result) row() string {
	offered := "max"
	if r.rate > 0 {
		offered = fmt.Sprintf("%.0f", r.rate)
	}
	other := "?"
	if r.cpu.ok {
		other = fmt.Sprintf("%.0f%%", r.cpu.other)
	}
	srv, pg, load := r.cpuPerRequest()
	return fmt.Sprintf("| %s | %d | %s | %d | %s | %.0f | %s | %s | %s | %s | %s | %.0f | %s | %s | %s |", r.op, r.clients, offered, len(r.lat),
		r.errorText(), r.throughput(), ms(r.percentile(0.50)), ms(r.percentile(0.95)), ms(r.percentile(0.99)),
		ms(r.percentile(1)), other, r.rssMB, srv, pg, load)
}

// cpuPerRequest is the server's, PostgreSQL's and the load generator's CPU
// per measured request, in milliseconds ("?" where not watched).
func (r *result) cpuPerRequest() (server, postgres, load string) {
	n := len(r.lat)
	return r.cpu.perCall("xietong", n), r.cpu.perCall("postgres", n), r.cpu.perCall("xietong-bench", n)
}

// errorText is the number of unexpected answers, with their statuses.
func (r *result) errorText() string {
	n := r.errors()
	if n == 0 {
		return "0"
	}
	var codes []int
	for c := range r.codes {
		if c != r.want {
			codes = append(codes, c)
		}
	}
	sort.Ints(codes)
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d×%d", r.codes[c], c)
	}
	return fmt.Sprintf("%d (%s)", n, strings.Join(parts, ", "))
}

// appendCSV adds one line per result: op,clients,rate,requests,errors,rps,p50,p95,p99,max (ms),other CPU (%),server RSS (MB),
// then the server's, PostgreSQL's and the load generator's CPU per request (ms, "?" where not watched).
func appendCSV(path string, rs []result) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	for _, r := range rs {
		srv, pg, load := r.cpuPerRequest()
		_, err = fmt.Fprintf(f, "%s,%d,%.0f,%d,%d,%.1f,%s,%s,%s,%s,%.0f,%.0f,%s,%s,%s\n", r.op, r.clients, r.rate, len(r.lat), r.errors(),
			r.throughput(), ms(r.percentile(0.50)), ms(r.percentile(0.95)), ms(r.percentile(0.99)), ms(r.percentile(1)), r.cpu.other, r.rssMB,
			srv, pg, load)
		if err != nil {
			break
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
