package golden

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, want, got, diff string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line", "a\nb\nc\nd\ne\nf\n", "a\nb\nc\nD\ne\nf\n",
			"@@ line 4 @@\n  a\n  b\n  c\n- \"d\"\n+ \"D\"\n  e\n  f\n  \n"},
		{"added at the end", "a\n", "a\nb\n", "@@ line 2 @@\n  a\n+ \"b\"\n  \n"},
		{"removed in the middle", "1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\n5\n6\n7\n",
			"@@ line 4 @@\n  1\n  2\n  3\n- \"4\"\n  5\n  6\n  7\n"},
		{"trailing blank", "a \n", "a\n", "@@ line 1 @@\n- \"a \"\n+ \"a\"\n  \n"},
		{"line ends", "a\r\nb\r\n", "a\nb\n", "@@ line 1 @@\n- \"a\\r\"\n- \"b\\r\"\n+ \"a\"\n+ \"b\"\n  \n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := diff(tt.want, tt.got); got != tt.diff {
				t.Errorf("got\n%s\nwant\n%s", got, tt.diff)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.golden")
	if err := os.WriteFile(path, []byte("任务\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	Compare(t, path, "任务\n")
	Compare(t, path, []byte("任务\n"))
}
