// Package golden compares a test's output with a golden file: the text of
// an email's parts, a parsed reply, a dump of a workbook's cells. Tests
// import it; nothing else does.
//
// A golden file is the output as reviewed: `go test ./PKG -update` rewrites
// every golden file of the package with the current output, and the diff is
// then reviewed like code. Without -update a mismatch fails the test with a
// line diff, so that what changed can be read in the test's output.
package golden

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files with the current output")

// Compare fails t when got differs from the file at path, showing where; with
// -update it writes got to path instead, creating its folder.
func Compare[T ~string | ~[]byte](t testing.TB, path string, got T) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the output (go test -update rewrites it; review the diff):\n%s",
			path, diff(string(want), string(got)))
	}
}

// contextLines is how many equal lines Diff shows around a change.
const contextLines = 3

// maxLines is the most lines Diff shows of either side of a change.
const maxLines = 40

// diff shows how got differs from want: the lines from the first to the
// last that differ, quoted, as "-" lines of want and "+" lines of got,
// between a few equal lines, under the number of the first. It is empty
// when they are equal.
func diff(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	pre := 0
	for pre < len(w) && pre < len(g) && w[pre] == g[pre] {
		pre++
	}
	suf := 0
	for suf < len(w)-pre && suf < len(g)-pre && w[len(w)-1-suf] == g[len(g)-1-suf] {
		suf++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "@@ line %d @@\n", pre+1)
	for i := max(0, pre-contextLines); i < pre; i++ {
		fmt.Fprintf(&b, "  %s\n", w[i])
	}
	changed := func(sign string, lines []string) {
		for i, l := range lines {
			if i == maxLines {
				fmt.Fprintf(&b, "%s … %d more lines\n", sign, len(lines)-maxLines)
				break
			}
			fmt.Fprintf(&b, "%s %q\n", sign, l)
		}
	}
	changed("-", w[pre:len(w)-suf])
	changed("+", g[pre:len(g)-suf])
	for i := len(w) - suf; i < min(len(w), len(w)-suf+contextLines); i++ {
		fmt.Fprintf(&b, "  %s\n", w[i])
	}
	return b.String()
}
