package main

import (
	"io"
	"os"
)

// streams are what a command reads and writes besides the files it is
// named: standard input, output and error, the environment, and whether a
// person watches standard error. main passes the process's; tests pass
// buffers and a map, and run the commands in-process.
type streams struct {
	in       io.Reader
	out, err io.Writer
	// getenv looks up an environment variable (GITHUB_ACTIONS).
	getenv func(string) string
	// progress says that err is a terminal, so that progress is drawn only
	// for a person watching, never into a file or a CI log.
	progress bool
	// madeDirs are the folders the command created for its outputs,
	// deepest first, to remove again if it fails before filling them.
	madeDirs []string
	// shard, when set, splits the command's work: this run writes one
	// part (--shard), or a merge puts the parts back (shard.go).
	shard *shardState
	// args are the command line's arguments, for a report to say how it
	// was made.
	args []string
}

// systemStreams are the process's standard streams and environment.
func systemStreams() *streams {
	return &streams{in: os.Stdin, out: os.Stdout, err: os.Stderr, getenv: os.Getenv, progress: isTerminal(os.Stderr)}
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
