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
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := execute(ctx, systemStreams(), os.Args[1:])
	stop()
	os.Exit(code)
}
