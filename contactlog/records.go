package contactlog

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// maxRecord caps the length of one row, so that a file without line breaks
// cannot make a reader hold it whole.
const maxRecord = 1 << 20

// maxQuotedLines caps the lines one quoted field may span. A quote that
// does not close within them (or within maxRecord) is taken for a stray
// one: its line is a problem and reading resumes on the next line. The cap
// also bounds how often a line can be read again after such a quote.
const maxQuotedLines = 1000

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
	// want is the header's field count: a row that spans lines must have
	// it, or its first quote was a stray one.
	want int
	// replay holds lines read past a stray quote, to be read again, each
	// ending in '\n'.
	replay []byte

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
	if len(s.replay) > 0 {
		i := bytes.IndexByte(s.replay, '\n')
		b := s.replay[:i]
		s.replay = s.replay[i+1:]
		s.line++
		return b, nil
	}
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
		f, err := s.split(b)
		s.want = len(f)
		return f, err
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
//
// A quote that opens a field and is not closed on its line may be a line
// break inside the field, as CSV allows, or a stray quote. A row that
// spans lines is taken only when the file is not tab-separated, no line
// inside the field is a whole row by itself (as many delimiters as the
// header, no quote), and the row then has as many fields as the header.
// Otherwise (or when the quote stays open to the end of the file, past
// maxQuotedLines or past maxRecord) the first line is a problem and the
// lines after it are read again as rows of their own, so that one stray
// quote costs one row, not the rest of the file.
func (s *records) splitQuoted(first []byte) ([][]byte, error) {
	row := append(s.row[:0], first...)
	defer func() { s.row = row[:0] }()
	s.unq, s.bounds = s.unq[:0], s.bounds[:0]
	s.pos, s.inQuote = 0, false
	lines := 1
	var stray string
	for !s.scan(row) {
		b, err := s.readLine()
		switch {
		case err == io.EOF:
			stray = "is never closed"
		case err != nil:
			return nil, err
		case s.delim == '\t':
			// Tab-separated text has no way to put a line break in a
			// field: a quote open at the end of a line is a stray one.
			stray = "is not closed on it"
		case len(row)+len(b) >= maxRecord:
			stray = "is not closed within 1 MiB"
		case lines == maxQuotedLines:
			stray = fmt.Sprintf("is not closed within %d lines", maxQuotedLines)
		case s.want > 1 && bytes.IndexByte(b, '"') < 0 && bytes.Count(b, []byte{s.delim})+1 == s.want:
			// A line inside the quoted field that is a whole row by
			// itself: the quote swallowed rows.
			stray = fmt.Sprintf("runs over line %d, which is a row of its own", s.line)
		}
		if stray != "" {
			if err == nil {
				row = append(append(row, '\n'), b...)
			}
			break
		}
		row = append(append(row, '\n'), b...)
		lines++
	}
	if stray == "" && lines > 1 && s.want > 0 && len(s.bounds)/2 != s.want {
		stray = fmt.Sprintf("closes %d lines further down, leaving a row of %d fields where the header has %d",
			lines-1, len(s.bounds)/2, s.want)
	}
	if stray != "" {
		s.resync(row, len(first))
		return nil, &errRow{msg: "a quote opened on this line " + stray + ` (a stray "?); reading goes on with the next line`}
	}
	s.fields = s.fields[:0]
	for k := 0; k < len(s.bounds); k += 2 {
		s.fields = append(s.fields, s.trim(s.unq[s.bounds[k]:s.bounds[k+1]]))
	}
	return s.fields, nil
}

// resync puts back the lines of row after its first line (which is
// firstLen bytes long), to be read again as rows of their own.
func (s *records) resync(row []byte, firstLen int) {
	if firstLen >= len(row) {
		return
	}
	rest := row[firstLen+1:]
	// The lines still to replay come after the ones put back now.
	buf := make([]byte, 0, len(rest)+1+len(s.replay))
	buf = append(append(append(buf, rest...), '\n'), s.replay...)
	s.replay = buf
	s.line = s.start
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
