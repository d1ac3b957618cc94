package contactlog

import (
	"bufio"
	"bytes"
	"io"
)

// maxRecord caps the length of one row, so that a file without line breaks
// cannot make a reader hold it whole.
const maxRecord = 1 << 20

// records splits delimited text into rows of fields. It handles both TSV
// and CSV: a field whose first character is a double quote is quoted, may
// contain the delimiter, doubled quotes and line breaks. Fields are trimmed
// of surrounding spaces and tabs (tabs only when they are not the
// delimiter). The slices it returns are valid until the next call.
type records struct {
	br    *bufio.Reader
	delim byte
	line  int // physical lines consumed so far
	start int // line where the current row starts

	rec    []byte   // a line longer than the read buffer
	row    []byte   // a quoted row, possibly spanning lines
	unq    []byte   // unquoted copies of quoted fields
	fields [][]byte // the current row's fields
	bounds []int    // offsets of the fields in unq, before slicing

	// The place of a scan of quoted text, kept across lines.
	pos        int  // offset in the row to go on from
	inQuote    bool // inside a quoted field
	fieldStart int  // offset in unq where the current field starts
}

// errRow is a row the splitter cannot read; the reader reports it as a
// problem and goes on.
type errRow struct{ msg string }

func (e *errRow) Error() string { return e.msg }

func newRecords(r io.Reader) *records {
	return &records{br: bufio.NewReaderSize(r, 64<<10)}
}

// readLine returns the next physical line without its line break. The
// slice is valid until the next call. Lines longer than maxRecord are
// consumed and reported as errRow.
func (s *records) readLine() ([]byte, error) {
	b, err := s.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		s.rec = append(s.rec[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = s.br.ReadSlice('\n')
			if len(s.rec) <= maxRecord {
				s.rec = append(s.rec, b...)
			}
		}
		b = s.rec
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	if len(b) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	s.line++
	if len(b) > maxRecord {
		return nil, &errRow{msg: "row is longer than 1 MiB"}
	}
	b = bytes.TrimSuffix(b, []byte{'\n'})
	b = bytes.TrimSuffix(b, []byte{'\r'})
	return b, nil
}

// header reads the first non-blank line, strips a UTF-8 byte-order mark,
// chooses the delimiter when delim is 0 and splits the line.
func (s *records) header(delim byte) ([][]byte, error) {
	for {
		b, err := s.readLine()
		if err != nil {
			return nil, err
		}
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		if len(trimSpace(b)) == 0 {
			continue
		}
		if delim == 0 {
			delim = sniff(b)
		}
		s.delim = delim
		s.start = s.line
		return s.split(b)
	}
}

// sniff picks the most frequent of tab, comma, semicolon and bar outside
// quotes in a header line; comma when none occurs.
func sniff(b []byte) byte {
	counts := map[byte]int{}
	quoted := false
	for _, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == '\t' || c == ',' || c == ';' || c == '|'):
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{'\t', ';', '|', ','} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// next returns the fields of the next non-blank row. Rows whose fields are
// all empty count as blank.
func (s *records) next() ([][]byte, error) {
	for {
		b, err := s.readLine()
		s.start = s.line
		if err != nil {
			return nil, err
		}
		if bytes.IndexByte(b, '"') >= 0 {
			f, err := s.splitQuoted(b)
			if err != nil {
				return nil, err
			}
			if !blank(f) {
				return f, nil
			}
			continue
		}
		f, _ := s.split(b)
		if !blank(f) {
			return f, nil
		}
	}
}

func blank(f [][]byte) bool {
	for _, x := range f {
		if len(x) > 0 {
			return false
		}
	}
	return true
}

// split cuts a line without quotes at the delimiter.
func (s *records) split(b []byte) ([][]byte, error) {
	if bytes.IndexByte(b, '"') >= 0 {
		return s.splitQuoted(b)
	}
	s.fields = s.fields[:0]
	for {
		i := bytes.IndexByte(b, s.delim)
		if i < 0 {
			s.fields = append(s.fields, s.trim(b))
			return s.fields, nil
		}
		s.fields = append(s.fields, s.trim(b[:i]))
		b = b[i+1:]
	}
}

func (s *records) trim(b []byte) []byte {
	if s.delim == '\t' {
		for len(b) > 0 && b[0] == ' ' {
			b = b[1:]
		}
		for len(b) > 0 && b[len(b)-1] == ' ' {
			b = b[:len(b)-1]
		}
		return b
	}
	return trimSpace(b)
}

// splitQuoted cuts a row that contains quotes, reading further lines while
// a quoted field is open. The scan resumes where it stopped, so a row of
// many lines costs time in proportion to its length.
func (s *records) splitQuoted(first []byte) ([][]byte, error) {
	row := append(s.row[:0], first...)
	defer func() { s.row = row[:0] }()
	s.unq, s.bounds = s.unq[:0], s.bounds[:0]
	s.pos, s.inQuote = 0, false
	for !s.scan(row) {
		b, err := s.readLine()
		if err == io.EOF {
			return nil, &errRow{msg: "quoted field is not closed before the end of the file"}
		}
		if err != nil {
			return nil, err
		}
		if len(row)+len(b) > maxRecord {
			return nil, &errRow{msg: "row is longer than 1 MiB (is a quote left open?)"}
		}
		row = append(append(row, '\n'), b...)
	}
	s.fields = s.fields[:0]
	for k := 0; k < len(s.bounds); k += 2 {
		s.fields = append(s.fields, s.trim(s.unq[s.bounds[k]:s.bounds[k+1]]))
	}
	return s.fields, nil
}

// scan goes on splitting row from s.pos, unquoting quoted fields into
// s.unq and noting field bounds. It returns false when the row ends inside
// a quoted field, keeping its place for when the next line is appended.
func (s *records) scan(row []byte) bool {
	i := s.pos
	for {
		if !s.inQuote {
			// The start of a field; spaces before a quote are skipped so
			// that ` "x"` is quoted too.
			s.fieldStart = len(s.unq)
			j := i
			for j < len(row) && (row[j] == ' ' || (row[j] == '\t' && s.delim != '\t')) {
				j++
			}
			if j < len(row) && row[j] == '"' {
				s.inQuote = true
				i = j + 1
			}
		}
		if s.inQuote {
			for i < len(row) {
				c := row[i]
				if c == '"' {
					if i+1 < len(row) && row[i+1] == '"' {
						s.unq = append(s.unq, '"')
						i += 2
						continue
					}
					i++
					s.inQuote = false
					break
				}
				s.unq = append(s.unq, c)
				i++
			}
			if s.inQuote {
				s.pos = i
				return false
			}
		}
		// Unquoted text, or text after a closing quote, runs to the
		// delimiter as it stands (lenient, as spreadsheets write it).
		for i < len(row) && row[i] != s.delim {
			s.unq = append(s.unq, row[i])
			i++
		}
		s.bounds = append(s.bounds, s.fieldStart, len(s.unq))
		if i >= len(row) {
			return true
		}
		i++
	}
}

// isRowError reports whether err is a row the splitter could not read.
func isRowError(err error) (*errRow, bool) {
	// A type assertion, not errors.As: this runs for every row and must
	// not allocate.
	e, ok := err.(*errRow)
	return e, ok
}
