package contactlog

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"
	"time"
)

// ReportMapping tells a ReportReader which column of an interval report
// (as ACD and helpdesk systems export them: one row per interval and
// queue) holds which figure. Columns are named by their header, compared
// without regard to case or surrounding spaces. Only Start and Offered are
// required.
type ReportMapping struct {
	// Start holds the interval's start: a date and time, or a time of day
	// when Date is set.
	Start, Date, Queue string
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
	// Length is the interval length (default 30 minutes).
	Length time.Duration
	// StartLayout and DateLayout are Go time layouts; empty recognises the
	// forms Mapping does.
	StartLayout, DateLayout string
}

var reportKeys = map[string]func(m *ReportMapping, v string) error{
	"start":         func(m *ReportMapping, v string) error { m.Start = v; return nil },
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
	"start-layout":  func(m *ReportMapping, v string) error { m.StartLayout = v; return nil },
	"date-layout":   func(m *ReportMapping, v string) error { m.DateLayout = v; return nil },
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
// key=value pairs with the keys start, date, queue (or channel), offered,
// answered, abandoned, aht, asa, sl (or service-level), staffed, length,
// start-layout and date-layout.
func ParseReportMapping(s string) (ReportMapping, error) {
	var m ReportMapping
	err := eachPair(s, "report mapping", map[string]string{"channel": "queue", "service-level": "sl"},
		func(key string) bool { _, ok := reportKeys[key]; return ok },
		"start, date, queue, channel, offered, answered, abandoned, aht, asa, sl, service-level, staffed, length, start-layout, date-layout",
		func(key, value string) error { return reportKeys[key](&m, value) })
	if err != nil {
		return ReportMapping{}, err
	}
	return m, m.validate()
}

func (m *ReportMapping) validate() error {
	var errs []error
	if m.Start == "" {
		errs = append(errs, errors.New("contactlog: report mapping: start: a column is required"))
	}
	if m.Offered == "" {
		errs = append(errs, errors.New("contactlog: report mapping: offered: a column is required"))
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
	cols   [8]int          // offered, answered, abandoned, aht, asa, sl, staffed, queue
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
	for i, c := range []struct{ role, name string }{
		{"offered", m.Offered}, {"answered", m.Answered}, {"abandoned", m.Abandoned},
		{"aht", m.AHT}, {"asa", m.ASA}, {"sl", m.ServiceLevel}, {"staffed", m.Staffed}, {"queue", m.Queue},
	} {
		d.cols[i] = cols.find(c.role, c.name)
	}
	if err := errors.Join(cols.errs...); err != nil {
		return nil, rr.src.headerError(err)
	}
	d.need = cols.need
	rr.dec = d
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
	rec := IntervalRecord{Start: start, Length: d.m.Length}
	nan := math.NaN()
	vals := [7]float64{nan, nan, nan, nan, nan, nan, nan}
	for i := range 7 {
		c := d.cols[i]
		if c < 0 {
			continue
		}
		cell := f[c]
		var v float64
		var err error
		switch i {
		case 3, 4: // aht, asa
			v, err = parseDuration(cell, d.comma)
		case 5:
			v, err = parseShare(cell, d.comma)
		default:
			v, err = parseCount(cell, d.comma)
		}
		if err != nil {
			return IntervalRecord{}, false, &fieldError{field: d.header[c], msg: quote(cell) + " " + err.Error()}
		}
		vals[i] = v
	}
	rec.Offered, rec.Answered, rec.Abandoned = vals[0], vals[1], vals[2]
	rec.AHT, rec.ASA, rec.ServiceLevel, rec.Staffed = vals[3], vals[4], vals[5], vals[6]
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
