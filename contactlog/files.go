package contactlog

import (
	"io"
	"iter"
	"os"
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
			return r.Stats(), err
		}
	}
	return r.Stats(), nil
}
