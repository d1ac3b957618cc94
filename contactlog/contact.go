package contactlog

import (
	"fmt"
	"time"
)

// Outcome is how a contact ended.
type Outcome uint8

// Contact outcomes. The zero Outcome is not a valid outcome of a read
// contact.
const (
	Answered  Outcome = iota + 1 // an agent took the contact
	Abandoned                    // the customer left the queue before an agent took it
	Blocked                      // turned away: no line or no room in the queue
)

var outcomeNames = [...]string{"", "answered", "abandoned", "blocked"}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) && o != 0 {
		return outcomeNames[o]
	}
	return fmt.Sprintf("Outcome(%d)", o)
}

// Contact is one contact that asked for an agent, as a log records it.
type Contact struct {
	// Arrival is when the contact asked for an agent (joined the queue or
	// went straight to an agent), local wall-clock time.
	Arrival time.Time
	// Queue is the channel or queue; empty when the log has none.
	Queue   string
	Outcome Outcome
	// Wait is the time in queue in seconds: until answered, abandoned or
	// blocked (0 for a contact that went straight to an agent).
	Wait float64
	// Handle is talk plus hold time in seconds (answered contacts only).
	Handle float64
	// ACW is after-contact work in seconds; 0 when the log has none.
	ACW float64
	// Agent is who answered; empty when unknown.
	Agent string
	// Priority is the priority class as the log writes it; empty when the
	// log has none.
	Priority string
}

// Problem is a row that could not be read.
type Problem struct {
	File  string // as given to the reader; may be empty
	Line  int    // 1-based line where the row starts
	Field string // the field at fault, or "row" for the row as a whole
	Msg   string
}

func (p *Problem) Error() string {
	file := p.File
	if file == "" {
		file = "input"
	}
	return fmt.Sprintf("contactlog: %s:%d: %s: %s", file, p.Line, p.Field, p.Msg)
}

// DefaultMaxProblems is how many problems a reader keeps in detail; the
// rest are only counted.
const DefaultMaxProblems = 100

// Stats counts what a reader has seen so far.
type Stats struct {
	// Rows is the number of data rows read (the header and blank lines
	// excluded).
	Rows int
	// Contacts is the number of contacts returned.
	Contacts int
	// Dropped counts rows left out on purpose: rows the preset's
	// definitions exclude (for anonymous-bank, PHANTOM calls and calls
	// that ended in the IVR) and rows whose outcome the mapping ignores.
	Dropped int
	// Problems holds the first unreadable rows in detail (at most the
	// reader's MaxProblems); ProblemCount counts all of them.
	Problems     []Problem
	ProblemCount int
}
