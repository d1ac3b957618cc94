package contactlog

import (
	"context"
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
	return ReadLogContext(context.Background(), path, opt, add)
}

// ReadLogContext is ReadLog that stops with ctx's error, wrapped with the
// file and line, soon after ctx is done.
func ReadLogContext(ctx context.Context, path string, opt Options, add func(Contact)) (Stats, error) {
	if opt.Name == "" {
		opt.Name = path
	}
	return readFile(ctx, path, func(f io.Reader) (*Reader, error) { return NewReader(f, opt) },
		func(c Contact) error { add(c); return nil })
}

// ReadLogFrom streams a log from r (standard input, a pipe), as
// ReadLogContext does a file; Options.Name names it in problems.
func ReadLogFrom(ctx context.Context, r io.Reader, opt Options, add func(Contact)) (Stats, error) {
	return readStream(ctx, r, opt.Name, func(f io.Reader) (*Reader, error) { return NewReader(f, opt) },
		func(c Contact) error { add(c); return nil })
}

// ReadReport streams every record of an interval report file to add,
// stopping at the first error add returns.
func ReadReport(path string, opt ReportOptions, add func(IntervalRecord) error) (Stats, error) {
	return ReadReportContext(context.Background(), path, opt, add)
}

// ReadReportContext is ReadReport that stops soon after ctx is done.
func ReadReportContext(ctx context.Context, path string, opt ReportOptions, add func(IntervalRecord) error) (Stats, error) {
	if opt.Name == "" {
		opt.Name = path
	}
	return readFile(ctx, path, func(f io.Reader) (*ReportReader, error) { return NewReportReader(f, opt) }, add)
}

// stream is what ReadLog and ReadReport read a file through.
type stream[T any] interface {
	All() iter.Seq2[T, error]
	Stats() Stats
	Line() int
}

// readFile opens path, reads it through the reader open makes and hands
// every value to add, stopping at the first error of either.
func readFile[T any, R stream[T]](ctx context.Context, path string, open func(io.Reader) (R, error), add func(T) error) (Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return Stats{}, err
	}
	defer f.Close()
	return readStream(ctx, f, path, open, add)
}

// readStream reads r through the reader open makes, as readFile does;
// name is the input's name for errors.
func readStream[T any, R stream[T]](ctx context.Context, in io.Reader, name string, open func(io.Reader) (R, error), add func(T) error) (Stats, error) {
	r, err := open(ContextReader(ctx, in))
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
			return r.Stats(), &lineError{path: name, line: r.Line(), err: err}
		}
	}
	return r.Stats(), nil
}

// ContextReader reads r until ctx is done, then fails with ctx's error,
// so that reading or copying a long log stops within one buffer of an
// interrupt.
func ContextReader(ctx context.Context, r io.Reader) io.Reader { return &ctxReader{ctx: ctx, r: r} }

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
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
