package contactlog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"
)

// Options configure a Reader.
type Options struct {
	// Name names the input (usually its file name) in problems.
	Name string
	// Format is "" for a log read through Mapping, or the name of a
	// built-in preset (see Formats).
	Format string
	// Mapping says which column holds which field when Format is "".
	Mapping Mapping
	// Delimiter separates fields; 0 chooses the most frequent of tab,
	// comma, semicolon and bar in the header line.
	Delimiter rune
	// Strict makes the first unreadable row an error instead of a problem
	// that is counted and skipped.
	Strict bool
	// MaxProblems caps the problems kept in detail; 0 means
	// DefaultMaxProblems.
	MaxProblems int
}

// Formats lists the built-in log presets.
func Formats() []string { return []string{BankFormat} }

// Reader reads contacts one at a time from a contact-level log, so that
// memory does not grow with the number of rows.
type Reader struct{ rows[Contact] }

// NewReader reads the header of a log and prepares to read its rows. It
// fails when the header lacks a column the mapping or the preset needs.
func NewReader(r io.Reader, opt Options) (*Reader, error) {
	rd := &Reader{}
	if err := rd.src.open(r, opt.Name, opt.Delimiter, opt.Strict, opt.MaxProblems); err != nil {
		return nil, err
	}
	var err error
	switch opt.Format {
	case "":
		rd.dec, err = newGenericDecoder(opt.Mapping, rd.src.header, rd.src.rows.delim)
	case BankFormat:
		rd.dec, err = newBankDecoder(rd.src.header)
	default:
		return nil, fmt.Errorf("contactlog: %s: unknown log format %q (known: %s)", rd.src.display(), opt.Format, strings.Join(Formats(), ", "))
	}
	if err != nil {
		return nil, rd.src.headerError(err)
	}
	return rd, nil
}

// Next returns the next contact, or io.EOF after the last one. Unreadable
// rows are recorded in Stats and skipped; in strict mode the first one is
// returned as a *Problem error. After an error other than a problem, Next
// keeps returning that error.
func (r *Reader) Next() (Contact, error) { return r.next() }

// All iterates over the remaining contacts. It stops after the first error
// it yields; io.EOF is not yielded.
func (r *Reader) All() iter.Seq2[Contact, error] { return r.all() }

// Stats returns the counts so far. The Problems slice is shared with the
// reader; copy it to keep it past further reads.
func (r *Reader) Stats() Stats { return r.src.stats }

// quote shows a cell in a problem, shortened when long.
func quote(b []byte) string {
	const max = 40
	if len(b) > max {
		return fmt.Sprintf("%q...", b[:max])
	}
	return fmt.Sprintf("%q", b)
}

// interner keeps one copy of each repeated string (queues, agents,
// priorities) so that a row does not allocate. It stops adding new
// strings past a bound, so a column of unique values costs one allocation
// per row instead of unbounded memory.
type interner struct{ m map[string]string }

const maxInterned = 1 << 14

func (in *interner) get(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := in.m[string(b)]; ok {
		return s
	}
	s := string(b)
	if in.m == nil {
		in.m = map[string]string{}
	}
	if len(in.m) < maxInterned {
		in.m[s] = s
	}
	return s
}

// genericDecoder reads rows through a Mapping.
type genericDecoder struct {
	m     Mapping
	names []string // header, for problems
	// Column indexes, -1 when not mapped.
	arrival, date, queue, outcome, wait, handle, acw, agent, prio int

	need  int  // fields a row must have
	comma bool // decimal commas allowed
	loc   *time.Location

	answered, abandoned, blocked, ignore [][]byte
	in                                   interner
}

func newGenericDecoder(m Mapping, header []string, delim byte) (*genericDecoder, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	d := &genericDecoder{m: m, names: header, comma: delim != ','}
	cols := columns{header: header}
	d.arrival = cols.find("arrival", m.Arrival)
	d.date = cols.find("date", m.Date)
	d.queue = cols.find("queue", m.Queue)
	d.outcome = cols.find("outcome", m.Outcome)
	d.wait = cols.find("wait", m.Wait)
	d.handle = cols.find("handle", m.Handle)
	d.acw = cols.find("acw", m.ACW)
	d.agent = cols.find("agent", m.Agent)
	d.prio = cols.find("priority", m.Priority)
	if err := errors.Join(cols.errs...); err != nil {
		return nil, err
	}
	d.need = cols.need
	values := func(given, def []string) [][]byte {
		if len(given) == 0 {
			given = def
		}
		out := make([][]byte, len(given))
		for i, v := range given {
			out[i] = []byte(v)
		}
		return out
	}
	d.answered = values(m.AnsweredValues, defaultAnswered)
	d.abandoned = values(m.AbandonedValues, defaultAbandoned)
	d.blocked = values(m.BlockedValues, defaultBlocked)
	d.ignore = values(m.IgnoreValues, nil)
	if m.Zone != "" {
		d.loc, _ = time.LoadLocation(m.Zone) // validated above
	}
	return d, nil
}

func oneOf(b []byte, list [][]byte) bool {
	for _, v := range list {
		if bytes.EqualFold(b, v) {
			return true
		}
	}
	return false
}

func (d *genericDecoder) decode(f [][]byte) (Contact, bool, *fieldError) {
	var c Contact
	keep, fe := d.fill(f, &c)
	return c, keep, fe
}

func (d *genericDecoder) fill(f [][]byte, c *Contact) (bool, *fieldError) {
	if len(f) < d.need {
		return false, &fieldError{field: "row", msg: fmt.Sprintf("has %d fields, the mapped columns need %d", len(f), d.need)}
	}
	if d.outcome >= 0 {
		v := f[d.outcome]
		switch {
		case oneOf(v, d.ignore):
			return false, nil
		case oneOf(v, d.answered):
			c.Outcome = Answered
		case oneOf(v, d.abandoned):
			c.Outcome = Abandoned
		case oneOf(v, d.blocked):
			c.Outcome = Blocked
		default:
			return false, &fieldError{field: d.names[d.outcome], msg: fmt.Sprintf("outcome %s is not one of the answered, abandoned, blocked or ignored values", quote(v))}
		}
	}
	at, fe := d.arrivalTime(f)
	if fe != nil {
		return false, fe
	}
	c.Arrival = at
	for _, x := range []struct {
		col int
		dst *float64
	}{{d.wait, &c.Wait}, {d.handle, &c.Handle}, {d.acw, &c.ACW}} {
		if x.col < 0 {
			continue
		}
		v, err := parseDuration(f[x.col], d.comma)
		if err != nil {
			return false, &fieldError{field: d.names[x.col], msg: quote(f[x.col]) + " " + err.Error()}
		}
		*x.dst = v
	}
	if d.queue >= 0 {
		c.Queue = d.in.get(f[d.queue])
	}
	if d.agent >= 0 {
		c.Agent = d.in.get(f[d.agent])
	}
	if d.prio >= 0 {
		c.Priority = d.in.get(f[d.prio])
	}
	if d.outcome < 0 {
		c.Outcome = Abandoned
		if c.Handle > 0 || c.Agent != "" {
			c.Outcome = Answered
		}
	}
	if c.Outcome != Answered {
		c.Handle, c.ACW = 0, 0
	}
	return true, nil
}

// arrivalTime reads the arrival column, with the date column when mapped.
func (d *genericDecoder) arrivalTime(f [][]byte) (time.Time, *fieldError) {
	a := f[d.arrival]
	bad := func(col int, what string) *fieldError {
		return &fieldError{field: d.names[col], msg: fmt.Sprintf("%s is not a %s", quote(f[col]), what)}
	}
	if d.date >= 0 {
		var day int64
		if d.m.DateLayout != "" {
			t, err := time.Parse(d.m.DateLayout, string(f[d.date]))
			if err != nil {
				return time.Time{}, bad(d.date, "date in layout "+d.m.DateLayout)
			}
			day = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix()
		} else {
			var ok bool
			if day, ok = parseDate(f[d.date]); !ok {
				return time.Time{}, bad(d.date, "date")
			}
		}
		var sec float64
		if d.m.ArrivalLayout != "" {
			t, err := time.Parse(d.m.ArrivalLayout, string(a))
			if err != nil {
				return time.Time{}, bad(d.arrival, "time in layout "+d.m.ArrivalLayout)
			}
			sec = float64(t.Hour()*3600+t.Minute()*60+t.Second()) + float64(t.Nanosecond())/1e9
		} else {
			var ok bool
			if sec, ok = parseClock(a); !ok {
				return time.Time{}, bad(d.arrival, "time of day")
			}
		}
		return wallTime(float64(day) + sec), nil
	}
	if d.m.ArrivalLayout != "" {
		t, err := time.Parse(d.m.ArrivalLayout, string(a))
		if err != nil {
			return time.Time{}, bad(d.arrival, "date and time in layout "+d.m.ArrivalLayout)
		}
		if d.loc != nil {
			t = t.In(d.loc)
		}
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
	}
	wall, offset, hasZone, ok := parseDateTime(a)
	if !ok {
		return time.Time{}, bad(d.arrival, "date and time")
	}
	t := wallTime(wall)
	if hasZone && d.loc != nil {
		l := t.Add(-time.Duration(offset) * time.Second).In(d.loc)
		t = time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
	}
	return t, nil
}
