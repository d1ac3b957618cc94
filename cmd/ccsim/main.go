// Command ccsim is a contact-center queue simulator and capacity planner.
//
// It computes Erlang staffing, replays arrivals through a discrete-event
// simulator, and forecasts waits, service levels, abandonment, occupancy,
// backlog and cost per interval and channel. Run "ccsim --help" for the
// list of commands.
//
// Each command is a file of this package: its flags bound to an options
// struct, checked, handed to the packages that do the work, and the
// result handed to package output, which prints it. Commands read and
// write only through the streams that execute is given.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/ccsim/ccsim/internal/atomicfile"
)

// interruptGrace is how long a command has, after Ctrl-C, to stop by
// itself (it notices at its next check, writes nothing and returns)
// before the process stops it: a command blocked opening a FIFO that no
// one writes, or in a long step without a check, must stop all the same.
const interruptGrace = 500 * time.Millisecond

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan int, 1)
	go func() { done <- execute(ctx, systemStreams(), os.Args[1:]) }()
	select {
	case code := <-done:
		os.Exit(code)
	case sig := <-signals:
		cancel(interrupted{sig})
		select {
		case code := <-done:
			os.Exit(code)
		case <-time.After(interruptGrace):
		case <-signals: // a second Ctrl-C: at once
		}
		// Wait for a set of files being renamed to be whole, remove every
		// temporary file, and go.
		atomicfile.Abandon()
		runExitTasks()
		fmt.Fprintln(os.Stderr, "ccsim: interrupted")
		os.Exit(interruptCode(context.Cause(ctx)))
	}
}

// exitTasks are what must be undone if the process is stopped before a
// command could undo them itself (temporary copies of piped logs).
var (
	exitMu    sync.Mutex
	exitTasks = map[int]func(){}
	exitNext  int
)

// atExit registers f to run if an interrupt stops the process, and
// returns the function that unregisters it.
func atExit(f func()) (unregister func()) {
	exitMu.Lock()
	defer exitMu.Unlock()
	id := exitNext
	exitNext++
	exitTasks[id] = f
	return func() {
		exitMu.Lock()
		delete(exitTasks, id)
		exitMu.Unlock()
	}
}

// runExitTasks runs what atExit registered.
func runExitTasks() {
	exitMu.Lock()
	defer exitMu.Unlock()
	for id, f := range exitTasks {
		f()
		delete(exitTasks, id)
	}
}
