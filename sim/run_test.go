package sim

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestPanicIsAnError: a panic in a worker's replication comes back from
// Run as a *PanicError with the stack, instead of ending the process.
func TestPanicIsAnError(t *testing.T) {
	testHook = func(rep int) {
		if rep == 1 {
			panic("boom")
		}
	}
	defer func() { testHook = nil }()
	m := staffedModel()
	m.Replications = 3
	_, err := Run(context.Background(), m, Options{Workers: 2})
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "boom" || !strings.Contains(string(pe.Stack), "replicate") {
		t.Fatalf("Run returned %v, want a *PanicError from replicate", err)
	}
}
