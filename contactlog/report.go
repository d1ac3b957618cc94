package contactlog

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"
	"time"
)

// ReportMapping tells a ReportReader which column of an interval report
// (as ACD and helpdesk systems export them: one row per interval and
// queue) holds which figure. Columns are named by their header, compared
// without regard to case or surrounding spaces. Only Start and Offered are
// required.
type ReportMapping struct {
	// Start holds the interval's start: a date and time, or a time of day
	// when Date is set. End, when set, holds its end in the same forms:
	// each row's length is then read and must be the mapping's Length
	// (or, without one, the first row's), so that a report of mixed
	// lengths is refused at its first odd row.
	Start, End, Date, Queue string
	// Offered, Answered and Abandoned hold contact counts.
	Offered, Answered, Abandoned string
	// AHT and ASA hold durations: seconds or H:MM:SS / M:SS.
	AHT, ASA string
	// ServiceLevel holds the share answered within the threshold, taken
	// as a share of offered contacts: "80%", "80" or "0.8" (a number
	// without a percent sign is a fraction when at most 1, a percentage
	// otherwise).
	ServiceLevel string
	// Staffed holds the agents staffed (average over the interval).
	Staffed string
	// ACW holds the mean after-contact work, added to AHT, for reports
	// that give talk time and wrap-up apart.
	ACW string
	// Within holds the count answered within the threshold, for reports
	// that give it rather than a share; the service level is then Within
	// over offered.
	Within string
	// SLOfAnswered says the ServiceLevel column is a share of answered
	// contacts (some ACDs count only completed calls); it is turned into a
	// share of offered with the answered count.
	SLOfAnswered bool
	// Preset names the --report-format the mapping came from, for
	// messages.
	Preset string
	// timeOfDay says the preset's start column holds a time of day only,
	// so a date column must be given.
	timeOfDay bool
	// Length is the interval length (default 30 minutes).
	Length time.Duration
	// StartLayout and DateLayout are Go time layouts; empty recognises the
	// forms Mapping does.
	StartLayout, DateLayout string
}

var reportKeys = map[string]func(m *ReportMapping, v string) error{
	"start":         func(m *ReportMapping, v string) error { m.Start = v; return nil },
	"end":           func(m *ReportMapping, v string) error { m.End = v; return nil },
	"date":          func(m *ReportMapping, v string) error { m.Date = v; return nil },
	"queue":         func(m *ReportMapping, v string) error { m.Queue = v; return nil },
	"channel":       func(m *ReportMapping, v string) error { m.Queue = v; return nil },
	"offered":       func(m *ReportMapping, v string) error { m.Offered = v; return nil },
	"answered":      func(m *ReportMapping, v string) error { m.Answered = v; return nil },
	"abandoned":     func(m *ReportMapping, v string) error { m.Abandoned = v; return nil },
	"aht":           func(m *ReportMapping, v string) error { m.AHT = v; return nil },
	"asa":           func(m *ReportMapping, v string) error { m.ASA = v; return nil },
	"sl":            func(m *ReportMapping, v string) error { m.ServiceLevel = v; return nil },
	"service-level": func(m *ReportMapping, v string) error { m.ServiceLevel = v; return nil },
	"staffed":       func(m *ReportMapping, v string) error { m.Staffed = v; return nil },
	"acw":           func(m *ReportMapping, v string) error { m.ACW = v; return nil },
	"within":        func(m *ReportMapping, v string) error { m.Within = v; return nil },
	"sl-base": func(m *ReportMapping, v string) error {
		switch strings.ToLower(v) {
		case "offered":
			m.SLOfAnswered = false
		case "answered":
			m.SLOfAnswered = true
		default:
			return fmt.Errorf("%q: want offered or answered", v)
		}
		return nil
	},
	"start-layout": func(m *ReportMapping, v string) error { m.StartLayout = v; return nil },
	"date-layout":  func(m *ReportMapping, v string) error { m.DateLayout = v; return nil },
	"length": func(m *ReportMapping, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%q is not a duration such as 15m", v)
		}
		m.Length = d
		return nil
	},
}

// ParseReportMapping reads the --report-map syntax: comma-separated
// key=value pairs with the keys start, end, date, queue (or channel), offered,
// answered, abandoned, aht, acw, asa, sl (or service-level), within,
// sl-base, staffed, length, start-layout and date-layout.
func ParseReportMapping(s string) (ReportMapping, error) {
	return OverrideReportMapping(ReportMapping{}, s)
}

// OverrideReportMapping reads the --report-map syntax over base (a
// preset's mapping, say): each key given replaces base's, the others
// stay.
func OverrideReportMapping(base ReportMapping, s string) (ReportMapping, error) {
	m := base
	err := eachPair(s, "report mapping", map[string]string{"channel": "queue", "service-level": "sl"},
		func(key string) bool { _, ok := reportKeys[key]; return ok },
		"start, end, date, queue, channel, offered, answered, abandoned, aht, acw, asa, sl, service-level, within, sl-base, staffed, length, start-layout, date-layout",
		func(key, value string) error { return reportKeys[key](&m, value) })
	if err != nil {
		return ReportMapping{}, err
	}
	return m, m.validate()
}

func (m *ReportMapping) validate() error {
	var errs []error
	what := "report mapping"
	if m.Preset != "" {
		what = "report format " + m.Preset
	}
	if m.Start == "" {
		msg := "contactlog: report mapping: start: a column is required"
		if m.Preset != "" {
			msg = fmt.Sprintf("contactlog: %s: start: its documented columns do not name the interval's start; give it with --report-map start=COL", what)
		}
		errs = append(errs, errors.New(msg))
	}
	if m.Offered == "" && (m.Answered == "" || m.Abandoned == "") {
		errs = append(errs, fmt.Errorf("contactlog: %s: offered: a column is required", what))
	}
	if m.timeOfDay && m.Date == "" {
		errs = append(errs, fmt.Errorf("contactlog: %s: date: the %q column holds a time of day; give the column with the date with --report-map date=COL", what, m.Start))
	}
	if m.SLOfAnswered && (m.ServiceLevel == "" || m.Answered == "") {
		errs = append(errs, fmt.Errorf("contactlog: %s: sl-base answered needs the sl and answered columns", what))
	}
	if m.Within != "" && m.ServiceLevel != "" {
		errs = append(errs, fmt.Errorf("contactlog: %s: give sl or within, not both", what))
	}
	if m.Length < 0 || (m.Length != 0 && (m.Length < time.Minute || (24*time.Hour)%m.Length != 0)) {
		errs = append(errs, fmt.Errorf("contactlog: report mapping: length %v must be at least a minute and divide a day", m.Length))
	}
	return errors.Join(errs...)
}

// IntervalRecord is one row of an interval report. Figures the report does
// not have are NaN.
type IntervalRecord struct {
	Start  time.Time // local wall clock, UTC container
	Length time.Duration
	Queue  string
	// Offered, Answered and Abandoned are contact counts.
	Offered, Answered, Abandoned float64
	// AHT and ASA are in seconds.
	AHT, ASA float64
	// ServiceLevel is a fraction of offered contacts.
	ServiceLevel float64
	// Staffed is the agents staffed.
	Staffed float64
}

// ReportOptions configure a ReportReader.
type ReportOptions struct {
	Name        string // names the input in problems
	Mapping     ReportMapping
	Delimiter   rune // 0 chooses from the header line
	Strict      bool
	MaxProblems int
}

// ReportReader reads an interval report one row at a time.
type ReportReader struct{ rows[IntervalRecord] }

// reportDecoder reads the figures of a row through a ReportMapping.
type reportDecoder struct {
	m      ReportMapping
	header []string
	arr    *genericDecoder // reads the start the way a log's arrival is read
	end    *genericDecoder // reads the end, when mapped
	cols   [10]int         // offered, answered, abandoned, aht, asa, sl, staffed, queue, acw, within
	need   int
	comma  bool
	in     interner
}

// NewReportReader reads the header of an interval report.
func NewReportReader(r io.Reader, opt ReportOptions) (*ReportReader, error) {
	rr := &ReportReader{}
	if err := rr.src.open(r, opt.Name, opt.Delimiter, opt.Strict, opt.MaxProblems); err != nil {
		return nil, err
	}
	d := &reportDecoder{m: opt.Mapping, header: rr.src.header}
	if err := d.m.validate(); err != nil {
		return nil, rr.src.headerError(err)
	}
	if d.m.Length == 0 {
		d.m.Length = 30 * time.Minute
	}
	d.comma = rr.src.rows.delim != ','
	cols := columns{header: d.header}
	m := d.m
	d.arr = &genericDecoder{names: d.header, date: -1,
		m: Mapping{ArrivalLayout: m.StartLayout, DateLayout: m.DateLayout}}
	d.arr.arrival = cols.find("start", m.Start)
	d.arr.date = cols.find("date", m.Date)
	if m.End != "" {
		d.end = &genericDecoder{names: d.header, date: d.arr.date,
			m: Mapping{ArrivalLayout: m.StartLayout, DateLayout: m.DateLayout}}
		d.end.arrival = cols.find("end", m.End)
	}
	for i, c := range []struct{ role, name string }{
		{"offered", m.Offered}, {"answered", m.Answered}, {"abandoned", m.Abandoned},
		{"aht", m.AHT}, {"asa", m.ASA}, {"sl", m.ServiceLevel}, {"staffed", m.Staffed}, {"queue", m.Queue},
		{"acw", m.ACW}, {"within", m.Within},
	} {
		d.cols[i] = cols.find(c.role, c.name)
	}
	if err := errors.Join(cols.errs...); err != nil {
		if m.Preset != "" {
			// Say what the format expects beside what the file has, so
			// that a renamed or localised export is seen at once.
			err = errors.Join(err, fmt.Errorf("report format %s expects the columns %s; the header has %s",
				m.Preset, quoteList(m.columns()), quoteList(d.header)))
		}
		return nil, rr.src.headerError(err)
	}
	d.need = cols.need
	rr.dec = d
	rr.when = func(r IntervalRecord) time.Time { return r.Start }
	return rr, nil
}

// Next returns the next record, or io.EOF after the last one; unreadable
// rows are handled as Reader.Next handles them.
func (rr *ReportReader) Next() (IntervalRecord, error) { return rr.next() }

// All iterates over the remaining records; see Reader.All.
func (rr *ReportReader) All() iter.Seq2[IntervalRecord, error] { return rr.all() }

// Stats returns the counts so far; Contacts counts records.
func (rr *ReportReader) Stats() Stats { return rr.src.stats }

// decode reads one row; a report drops no row on purpose.
func (d *reportDecoder) decode(f [][]byte) (IntervalRecord, bool, *fieldError) {
	if len(f) < d.need {
		return IntervalRecord{}, false, &fieldError{field: "row", msg: fmt.Sprintf("has %d fields, the mapped columns need %d", len(f), d.need)}
	}
	start, fe := d.arr.arrivalTime(f)
	if fe != nil {
		return IntervalRecord{}, false, fe
	}
	length := d.m.Length
	if d.end != nil {
		end, fe := d.end.arrivalTime(f)
		if fe != nil {
			return IntervalRecord{}, false, fe
		}
		if !end.After(start) && end.Add(24*time.Hour).After(start) {
			end = end.Add(24 * time.Hour) // an interval that ends at midnight
		}
		n := end.Sub(start)
		if n < time.Minute || n > 24*time.Hour || (24*time.Hour)%n != 0 {
			return IntervalRecord{}, false, &fieldError{field: d.header[d.end.arrival],
				msg: fmt.Sprintf("the interval from %s to %s is %v long: want a length of at least a minute that divides a day",
					start.Format("15:04"), end.Format("15:04"), n)}
		}
		length = n
	}
	rec := IntervalRecord{Start: start, Length: length}
	nan := math.NaN()
	vals := [10]float64{nan, nan, nan, nan, nan, nan, nan, nan, nan, nan}
	for i := range 10 {
		c := d.cols[i]
		if c < 0 || i == 7 {
			continue
		}
		cell := f[c]
		var v float64
		var err error
		switch i {
		case 3, 4, 8: // aht, asa, acw
			v, err = parseDuration(cell, d.comma)
		case 5:
			v, err = parseShare(cell, d.comma)
		default:
			v, err = parseCount(cell, d.comma)
		}
		if err != nil {
			return IntervalRecord{}, false, &fieldError{field: d.header[c], msg: quote(cell) + " " + err.Error()}
		}
		if limit := reportLimits[i]; v > limit {
			msg := fmt.Sprintf("is more than the %g a report row can hold", limit)
			if i == 3 || i == 4 || i == 8 {
				msg, _ = checkDuration(v, limit)
			}
			return IntervalRecord{}, false, &fieldError{field: d.header[c], msg: quote(cell) + " " + msg}
		}
		vals[i] = v
	}
	rec.Offered, rec.Answered, rec.Abandoned = vals[0], vals[1], vals[2]
	rec.AHT, rec.ASA, rec.ServiceLevel, rec.Staffed = vals[3], vals[4], vals[5], vals[6]
	if d.cols[0] < 0 {
		// No offered column: answered plus abandoned (validate asked for
		// both).
		rec.Offered = rec.Answered + rec.Abandoned
	}
	if !math.IsNaN(vals[8]) && !math.IsNaN(rec.AHT) {
		rec.AHT += vals[8]
	}
	if d.m.SLOfAnswered && !math.IsNaN(rec.ServiceLevel) {
		rec.ServiceLevel = 0
		if rec.Offered > 0 {
			rec.ServiceLevel = math.Min(1, vals[5]*rec.Answered/rec.Offered)
		}
	}
	if w := vals[9]; !math.IsNaN(w) {
		if w > rec.Offered+0.5 {
			return IntervalRecord{}, false, &fieldError{field: d.header[d.cols[9]],
				msg: fmt.Sprintf("%v answered within the threshold exceed the %v offered", w, rec.Offered)}
		}
		rec.ServiceLevel = 0
		if rec.Offered > 0 {
			rec.ServiceLevel = math.Min(1, w/rec.Offered)
		}
	}
	if c := d.cols[7]; c >= 0 {
		rec.Queue = d.in.get(f[c])
	}
	if !math.IsNaN(rec.Offered) && !math.IsNaN(rec.Answered) && !math.IsNaN(rec.Abandoned) &&
		rec.Answered+rec.Abandoned > rec.Offered+0.5 {
		return IntervalRecord{}, false, &fieldError{field: d.header[d.cols[1]],
			msg: fmt.Sprintf("answered %v plus abandoned %v exceed offered %v", rec.Answered, rec.Abandoned, rec.Offered)}
	}
	return rec, true, nil
}

// reportLimits bound the figures of a report row, in the order of
// reportDecoder.cols: offered, answered, abandoned, aht, asa, sl, staffed,
// queue (no figure), acw, within.
var reportLimits = [10]float64{maxCount, maxCount, maxCount, maxHandle, maxWait, 1, maxStaffed, 0, maxHandle, maxCount}

// columns lists the columns the mapping names, in the order of the keys.
func (m *ReportMapping) columns() []string {
	var out []string
	for _, c := range []string{m.Start, m.Date, m.Queue, m.Offered, m.Answered, m.Abandoned, m.AHT, m.ACW, m.ASA,
		m.ServiceLevel, m.Within, m.Staffed} {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// quoteList writes names quoted and comma-separated.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// parseNumber reads a finite decimal number, with a decimal comma when
// comma is true. Empty reads as 0.
func parseNumber(b []byte, comma bool) (float64, error) {
	if len(b) == 0 {
		return 0, nil
	}
	if n, ok := digits(b); ok {
		return float64(n), nil
	}
	if len(b) > 40 {
		return 0, errors.New("is not a number")
	}
	var tmp [40]byte
	s := tmp[:copy(tmp[:], b)]
	if comma {
		for i, c := range s {
			if c == ',' {
				s[i] = '.'
			}
		}
	}
	v, err := strconv.ParseFloat(string(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New("is not a number")
	}
	return v, nil
}

// parseCount reads a non-negative count.
func parseCount(b []byte, comma bool) (float64, error) {
	v, err := parseNumber(b, comma)
	if err == nil && v < 0 {
		err = errors.New("is negative")
	}
	return v, err
}

// parseShare reads "80%", "80" or "0.8" as 0.8.
func parseShare(b []byte, comma bool) (float64, error) {
	pct := false
	if n := len(b); n > 0 && b[n-1] == '%' {
		pct = true
		b = trimSpace(b[:n-1])
	}
	v, err := parseNumber(b, comma)
	if err != nil {
		return 0, err
	}
	if pct || v > 1 {
		v /= 100
	}
	if v < 0 || v > 1 {
		return 0, errors.New("is not a share between 0 and 100%")
	}
	return v, nil
}

// AddRecord counts an interval report row. The record's interval must fit
// in one of the aggregator's (its length divides the aggregator's and its
// start is on a boundary of its own length). Counts are rounded to whole
// contacts; answered within the threshold is the service level times
// offered; the answered waits total ASA times answered, which also stands
// for the waits of all offered contacts (the report does not give the
// abandoned ones'); handle time totals AHT times answered. Reports carry
// no single contacts, so they add nothing to the fitting samples.
func (a *Aggregator) AddRecord(r IntervalRecord) error {
	L := time.Duration(a.opt.IntervalSeconds) * time.Second
	if r.Length <= 0 || L%r.Length != 0 {
		return fmt.Errorf("contactlog: report interval %v does not divide the aggregation interval %v", r.Length, L)
	}
	at := float64(r.Start.Unix())
	day, sec := dayOf(at)
	if int64(sec)%int64(r.Length/time.Second) != 0 || r.Start.Nanosecond() != 0 {
		return fmt.Errorf("contactlog: report interval starting %s is not on a %v boundary", r.Start.Format("2006-01-02T15:04:05"), r.Length)
	}
	if math.IsNaN(r.Offered) {
		return errors.New("contactlog: report record without offered contacts")
	}
	q := a.queue(r.Queue)
	cells := q.cells[day]
	if cells == nil {
		cells = make([]Cell, a.perDay)
		q.cells[day] = cells
	}
	i := min(int(sec)/a.opt.IntervalSeconds, a.perDay-1)
	c := &cells[i]
	num := func(v float64) float64 {
		if math.IsNaN(v) {
			return 0
		}
		return v
	}
	offered := int(math.Round(r.Offered))
	answered := int(math.Round(num(r.Answered)))
	c.Offered += offered
	c.Answered += answered
	c.Abandoned += int(math.Round(num(r.Abandoned)))
	c.AnsweredWithin += int(math.Round(num(r.ServiceLevel) * float64(offered)))
	c.AnswerWaitSum += num(r.ASA) * float64(answered)
	c.WaitSum += num(r.ASA) * float64(answered)
	c.HandleSum += num(r.AHT) * float64(answered)
	if !math.IsNaN(r.Staffed) {
		a.addBusy(a.staffed, day, i, r.Staffed*r.Length.Seconds())
	}
	return nil
}

// ReportSeries checks that the rows of interval reports make one series:
// every row as long as the first (when the mapping reads each row's end)
// and starting on a boundary of that length. Its errors name the column
// at fault; package contactlog's readers add the file and line.
type ReportSeries struct {
	m      ReportMapping
	length time.Duration
}

// NewReportSeries checks rows read through m.
func NewReportSeries(m ReportMapping) *ReportSeries { return &ReportSeries{m: m} }

// Length is the rows' length: the first row's, or the mapping's before
// any row.
func (s *ReportSeries) Length() time.Duration {
	if s.length == 0 {
		if s.m.Length == 0 {
			return 30 * time.Minute
		}
		return s.m.Length
	}
	return s.length
}

// Check checks one row.
func (s *ReportSeries) Check(r IntervalRecord) error {
	if s.length == 0 {
		s.length = r.Length
	}
	if r.Length != s.length {
		return fmt.Errorf("%s: the interval from %s is %v long, the report's first %v: intervals of mixed length cannot be read as one series",
			s.m.End, r.Start.Format("2006-01-02 15:04"), r.Length, s.length)
	}
	if sec := r.Start.Unix() % 86400; sec%int64(r.Length/time.Second) != 0 || r.Start.Nanosecond() != 0 {
		how := "set length= in --report-map if they are shorter"
		if s.m.End != "" {
			how = "a row of another length"
		}
		return fmt.Errorf("%s: %s is not on a %v boundary: the report's intervals are %v long (%s)",
			s.m.Start, r.Start.Format("2006-01-02 15:04:05"), r.Length, r.Length, how)
	}
	return nil
}
