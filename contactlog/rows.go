package contactlog

import (
	"fmt"
	"io"
	"iter"
	"strings"
)

// rows reads values of T one row at a time: the rows of a source through
// a decoder, counting the problems and the rows dropped on purpose. A
// Reader is rows of contacts, a ReportReader rows of interval records.
type rows[T any] struct {
	src rowSource
	dec decoder[T]
}

// decoder turns the fields of one row into a value. keep is false for a
// row dropped on purpose; a non-nil fieldError is a problem. The value is
// returned, not stored, so that it does not escape to the heap.
type decoder[T any] interface {
	decode(fields [][]byte) (v T, keep bool, fe *fieldError)
}

// fieldError is what a decoder found wrong in a row.
type fieldError struct{ field, msg string }

// next returns the next value, or io.EOF after the last one; see
// Reader.Next.
func (r *rows[T]) next() (T, error) {
	var zero T
	for {
		fields, err := r.src.next()
		if err != nil {
			return zero, err
		}
		v, keep, fe := r.dec.decode(fields)
		if fe != nil {
			if p := r.src.problem(fe); p != nil {
				return zero, p
			}
			continue
		}
		if !keep {
			r.src.stats.Dropped++
			continue
		}
		r.src.stats.Contacts++
		return v, nil
	}
}

// all iterates over the remaining values, stopping after the first error
// it yields; io.EOF is not yielded.
func (r *rows[T]) all() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for {
			v, err := r.next()
			if err == io.EOF {
				return
			}
			if !yield(v, err) || err != nil {
				return
			}
		}
	}
}

// columns finds the columns a mapping names in a header, without regard
// to case or surrounding spaces, and notes the names it cannot find.
type columns struct {
	header []string
	need   int // fields a row needs to hold every column found
	errs   []error
}

// find returns the index of the column called name, which holds the
// given role, or -1 when name is empty or not in the header.
func (c *columns) find(role, name string) int {
	if name == "" {
		return -1
	}
	for i, h := range c.header {
		if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
			c.need = max(c.need, i+1)
			return i
		}
	}
	c.errs = append(c.errs, fmt.Errorf("%s: column %q is not in the header", role, name))
	return -1
}

// rowSource reads rows after the header and keeps the problem count.
type rowSource struct {
	rows   *records
	name   string // for problems; may be empty
	strict bool
	max    int
	header []string
	stats  Stats
	err    error // sticky: an I/O error or a strict-mode problem
}

// open reads the header. what names the kind of input in errors.
func (s *rowSource) open(r io.Reader, name string, delim rune, strict bool, maxProblems int) error {
	if maxProblems <= 0 {
		maxProblems = DefaultMaxProblems
	}
	*s = rowSource{rows: newRecords(r), name: name, strict: strict, max: maxProblems}
	if delim < 0 || delim > 127 || delim == '"' || delim == '\n' || delim == '\r' {
		return fmt.Errorf("contactlog: %s: delimiter %q: want a single ASCII character other than a quote or line break", s.display(), delim)
	}
	head, err := s.rows.header(byte(delim))
	if err == io.EOF {
		return fmt.Errorf("contactlog: %s: empty file: no header line", s.display())
	}
	if e, ok := isRowError(err); ok {
		return fmt.Errorf("contactlog: %s:%d: header: %s", s.display(), s.rows.line, e.msg)
	}
	if err != nil {
		return fmt.Errorf("contactlog: %s: %w", s.display(), err)
	}
	s.header = make([]string, len(head))
	for i, h := range head {
		s.header[i] = string(h)
	}
	return nil
}

func (s *rowSource) display() string {
	if s.name == "" {
		return "input"
	}
	return s.name
}

// headerError words a problem with the header found by a decoder.
func (s *rowSource) headerError(err error) error {
	return fmt.Errorf("contactlog: %s:%d: header: %w", s.display(), s.rows.start, err)
}

// next returns the fields of the next row, recording rows the splitter
// cannot read as problems. It returns io.EOF at the end, a *Problem in
// strict mode, and I/O errors.
func (s *rowSource) next() ([][]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	for {
		fields, err := s.rows.next()
		if err == io.EOF {
			return nil, io.EOF
		}
		if e, ok := isRowError(err); ok {
			s.stats.Rows++
			if p := s.problem(&fieldError{field: "row", msg: e.msg}); p != nil {
				return nil, p
			}
			continue
		}
		if err != nil {
			s.err = fmt.Errorf("contactlog: %s:%d: %w", s.display(), s.rows.line, err)
			return nil, s.err
		}
		s.stats.Rows++
		return fields, nil
	}
}

// problem records an unreadable row. In strict mode it returns the problem
// as the reader's final error.
func (s *rowSource) problem(fe *fieldError) error {
	p := Problem{File: s.name, Line: s.rows.start, Field: fe.field, Msg: fe.msg}
	s.stats.ProblemCount++
	if len(s.stats.Problems) < s.max {
		s.stats.Problems = append(s.stats.Problems, p)
	}
	if s.strict {
		s.err = &p
		return s.err
	}
	return nil
}
