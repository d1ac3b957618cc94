package contactlog

import (
	"fmt"
	"io"
	"iter"
	"os"
	"strings"
)

// ReadLog streams every contact of a log file to add and returns what the
// reader counted. Options.Name defaults to the path. Unreadable rows are
// problems in the stats, not errors, unless Options.Strict is set.
func ReadLog(path string, opt Options, add func(Contact)) (Stats, error) {
	if opt.Name == "" {
		opt.Name = path
	}
	return readFile(path, func(f io.Reader) (*Reader, error) { return NewReader(f, opt) },
		func(c Contact) error { add(c); return nil })
}

// ReadReport streams every record of an interval report file to add,
// stopping at the first error add returns.
func ReadReport(path string, opt ReportOptions, add func(IntervalRecord) error) (Stats, error) {
	if opt.Name == "" {
		opt.Name = path
	}
	return readFile(path, func(f io.Reader) (*ReportReader, error) { return NewReportReader(f, opt) }, add)
}

// stream is what ReadLog and ReadReport read a file through.
type stream[T any] interface {
	All() iter.Seq2[T, error]
	Stats() Stats
	Line() int
}

// readFile opens path, reads it through the reader open makes and hands
// every value to add, stopping at the first error of either.
func readFile[T any, R stream[T]](path string, open func(io.Reader) (R, error), add func(T) error) (Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return Stats{}, err
	}
	defer f.Close()
	r, err := open(f)
	if err != nil {
		return Stats{}, err
	}
	for v, err := range r.All() {
		if err != nil {
			return r.Stats(), err
		}
		if err := add(v); err != nil {
			// What add refuses (a report interval off its boundary) is
			// still a fault of this row: name it.
			return r.Stats(), &lineError{path: path, line: r.Line(), err: err}
		}
	}
	return r.Stats(), nil
}

// lineError is an error about the row at a line of a file.
type lineError struct {
	path string
	line int
	err  error
}

func (e *lineError) Error() string {
	return fmt.Sprintf("contactlog: %s:%d: %s", e.path, e.line, strings.TrimPrefix(e.err.Error(), "contactlog: "))
}

func (e *lineError) Unwrap() error { return e.err }
