package xlsx

import (
	"fmt"
	"runtime/debug"
)

// recovered runs f and returns the panic it raised, if any, as an error
// that carries the stack. The workbook's goroutines run their work through
// it: a bug in laying out a report fails that report, and its stack reaches
// the log through the caller's error, instead of taking the whole process
// down with every request and job in it.
func recovered(f func()) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("xlsx: panic: %v\n%s", v, debug.Stack())
		}
	}()
	f()
	return nil
}
