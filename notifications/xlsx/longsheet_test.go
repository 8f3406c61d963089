package xlsx

import (
	"bytes"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/xuri/excelize/v2"
)

// TestLongSheetPanic: a panic while one chunk of a long sheet's rows is
// being formatted comes back from writeRows as an error carrying the panic
// and its stack, not as a crash of the process; synctest fails the test if
// any goroutine writeRows started is left behind.
func TestLongSheetPanic(t *testing.T) {
	tests := []struct {
		name   string
		broken int // the row whose fill panics
	}{
		{"first chunk", 7},
		{"a middle chunk", 5*chunkRows + 7},
		{"last row", 10*chunkRows - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := &longSheet{n: 10 * chunkRows, cols: 2, row: func(i int, cells []excelize.Cell) {
					if i == tt.broken {
						var missing []int
						cells[0].Value = missing[i] // index out of range
					}
					cells[0], cells[1] = excelize.Cell{Value: i}, excelize.Cell{Value: "行"}
				}}
				err := s.writeRows(new(bytes.Buffer))
				if err == nil {
					t.Fatal("got no error, want the panic as an error")
				}
				for _, want := range []string{"panic", "index out of range", "longsheet_test.go"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %.200q does not say %q", err, want)
					}
				}
			})
		})
	}
}
