//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFORefused: a scenario or baseline that is a named pipe nobody
// writes is refused at once (exit 2, naming it) instead of blocking run,
// validate and check for ever.
func TestFIFORefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for _, args := range [][]string{
		{"run", fifo},
		{"validate", fifo},
		{"check", "../../scenarios/default.yaml", "--baseline", fifo},
		{"compare", fifo, "../../scenarios/default.yaml"},
	} {
		type result struct {
			code   int
			stderr string
		}
		done := make(chan result, 1)
		go func() {
			code, _, errOut := run(t, "", args...)
			done <- result{code, errOut}
		}()
		select {
		case r := <-done:
			if r.code != 2 || !strings.Contains(r.stderr, fifo) {
				t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
			}
		case <-time.After(20 * time.Second):
			// The goroutine stays blocked; the test binary ends with the
			// test run.
			t.Errorf("%v: still blocked on the pipe after 20 s", args)
		}
	}
}
