package inbound

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// bigMessage builds a reply of about size bytes: a short text and n
// base64 attachments sharing the rest, inside a nested multipart.
func bigMessage(size, n int) []byte {
	var b bytes.Buffer
	b.WriteString("From: zw@x.cn\r\nSubject: Re: [督办#1] x\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n")
	b.WriteString("--outer\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n")
	b.WriteString("--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n签收\r\n--alt--\r\n")
	per := size / n * 3 / 4
	data := bytes.Repeat([]byte("0123456789abcdef"), per/16+1)[:per]
	enc := wrap76(base64.StdEncoding.EncodeToString(data))
	for i := range n {
		fmt.Fprintf(&b, "--outer\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"f%d.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", i)
		b.WriteString(strings.ReplaceAll(enc, "\n", "\r\n"))
		b.WriteString("\r\n")
	}
	b.WriteString("--outer--\r\n")
	return b.Bytes()
}

// heapPeak runs f and returns the most heap its objects held above what
// was live before, sampled every 100µs.
func heapPeak(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(100 * time.Microsecond):
			}
		}
	}()
	f()
	close(done)
	<-stopped
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// TestParseLargeMemory: a 19 MB message must not cost several copies of
// itself. The raw message is the caller's; Parse may add the decoded
// attachments (3/4 of it) and little more.
func TestParseLargeMemory(t *testing.T) {
	raw := bigMessage(19<<20, 4)
	var m *Message
	peak := heapPeak(func() { m, _ = Parse(raw) })
	if len(m.Attachments) != 4 || m.Text != "签收" {
		t.Fatalf("%d attachments, text %q", len(m.Attachments), m.Text)
	}
	t.Logf("19 MiB message: peak heap +%d MiB", peak>>20)
	if limit := uint64(len(raw)); peak > limit {
		t.Errorf("peak heap +%d MiB, want at most %d MiB (the message's size)", peak>>20, limit>>20)
	}
}

// BenchmarkParseLarge parses a 19 MiB message with four attachments and
// reports the peak heap above the raw message.
func BenchmarkParseLarge(b *testing.B) {
	raw := bigMessage(19<<20, 4)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		peak = max(peak, heapPeak(func() { _, _ = Parse(raw) }))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
}

// manyAttachments builds a message with n attachments of size bytes each.
func manyAttachments(n, size int) []byte {
	var b strings.Builder
	b.WriteString("From: zw@x.cn\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n签收\r\n")
	for i := range n {
		fmt.Fprintf(&b, "--b\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=\"p%d.png\"\r\n\r\n%s\r\n", i, strings.Repeat("x", size))
	}
	b.WriteString("--b--\r\n")
	return []byte(b.String())
}

func TestAttachmentLimits(t *testing.T) {
	tests := []struct {
		name          string
		raw           []byte
		limits        Limits
		kept, dropped int
	}{
		{"default count", manyAttachments(25, 10), Limits{}, DefaultMaxAttachments, 5},
		{"under the count", manyAttachments(3, 10), Limits{}, 3, 0},
		{"configured count", manyAttachments(5, 10), Limits{MaxAttachments: 2}, 2, 3},
		{"bytes", manyAttachments(5, 1000), Limits{MaxAttachmentBytes: 2500}, 2, 3},
		{"bytes exactly", manyAttachments(2, 1000), Limits{MaxAttachmentBytes: 2000}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseLimited(tt.raw, tt.limits)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Attachments) != tt.kept || m.DroppedAttachments != tt.dropped || m.Text != "签收" {
				t.Errorf("kept %d dropped %d text %q, want %d %d", len(m.Attachments), m.DroppedAttachments, m.Text, tt.kept, tt.dropped)
			}
			if len(m.Attachments) > 0 && m.Attachments[0].Filename != "p0.png" {
				t.Errorf("first kept %q, want p0.png", m.Attachments[0].Filename)
			}
		})
	}
}

// TestSplitMultipart holds the delimiter rules mime/multipart follows.
func TestSplitMultipart(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"crlf", "pre\r\n--b\r\nA\r\n--b\r\nB\r\n--b--\r\nepi", []string{"A", "B"}},
		{"lf", "--b\nA\n--b\nB\n--b--\n", []string{"A", "B"}},
		{"trailing space after delimiter", "--b \r\nA\r\n--b--  \r\n", []string{"A"}},
		{"longer line is content", "--b\r\nA\r\n--bc\r\nstill A\r\n--b--", []string{"A\r\n--bc\r\nstill A"}},
		{"mid-line is content", "--b\r\nA --b\r\n--b--", []string{"A --b"}},
		{"never closed", "--b\r\nA\r\n", []string{"A\r\n"}},
		{"empty part", "--b\r\n--b--", []string{""}},
		{"no delimiter", "just text", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range splitMultipart([]byte(tt.in), "b") {
				got = append(got, string(p))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || len(got) != len(tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
