package scenarios

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gopkg.in/yaml.v3"

	"github.com/ccsim/ccsim/sim"
)

// maxFileProblems bounds the problems reported from one data file: after
// that many, the file is plainly not what it should be.
const maxFileProblems = 10

// dataFile is a CSV file a scenario refers to, read row by row.
type dataFile struct {
	b        *builder
	at       *yaml.Node // the file key's value, for problems about the file as a whole
	path     string     // key path in the scenario
	name     string     // the file as the scenario names it, for messages
	r        *csv.Reader
	header   []string
	problems int
}

// openData opens a CSV file named in the scenario, relative to the
// scenario's directory, and reads its header.
func (b *builder) openData(n *yaml.Node, path, name string) (*dataFile, bool) {
	full := name
	if !filepath.IsAbs(name) {
		full = filepath.Join(b.dir, name)
	}
	data, err := readLimited(full, maxDataBytes)
	if err != nil {
		var tooBig *tooBigError
		if errors.As(err, &tooBig) {
			b.errorf(n, path, "file %q is larger than the limit of %d MiB", name, maxDataBytes>>20)
		} else {
			b.errorf(n, path, "cannot read %q: %v", name, err)
		}
		return nil, false
	}
	// A byte-order mark, as spreadsheets on Windows write it, is not part
	// of the header.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	f := &dataFile{b: b, at: n, path: path, name: full, r: r}
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		b.errorf(n, path, "%q has no header line", name)
		return nil, false
	}
	if err != nil {
		f.problem(csvLine(err, 1), "unreadable CSV: %v", csvReason(err))
		return nil, false
	}
	for _, h := range header {
		f.header = append(f.header, strings.ToLower(strings.TrimSpace(h)))
	}
	return f, true
}

// problem reports a bad row at its line in the data file; it returns false
// once the file has had too many.
func (f *dataFile) problem(line int, format string, args ...any) bool {
	f.problems++
	if f.problems <= maxFileProblems {
		f.b.problems = append(f.b.problems, Problem{File: f.name, Line: line, Column: 1, Path: f.path, Msg: fmt.Sprintf(format, args...)})
	}
	return f.problems < maxFileProblems
}

// rows calls fn for each data row with its line number until fn or the
// file stops. The row slice is reused between calls.
func (f *dataFile) rows(limit int, fn func(line int, row []string) bool) {
	for count := 0; ; count++ {
		row, err := f.r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			// FieldPos may not be asked about a row that did not parse:
			// the error carries the line instead.
			f.problem(csvLine(err, 0), "unreadable CSV: %v", csvReason(err))
			return
		}
		line, _ := f.r.FieldPos(0)
		if count >= limit {
			f.problem(line, "more than %d rows", limit)
			return
		}
		if len(row) != len(f.header) {
			if !f.problem(line, "%d fields, but the header has %d", len(row), len(f.header)) {
				return
			}
			continue
		}
		if !fn(line, row) {
			return
		}
	}
}

// csvLine is the line where a CSV error arose: where the row started, for
// a quote left open to the end of the file, or else where the reader
// stopped; def when the error has no line.
func csvLine(err error, def int) int {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return def
	}
	if errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine > 0 {
		return pe.StartLine
	}
	return pe.Line
}

// csvReason words a CSV error without the position, which the problem
// gives already.
func csvReason(err error) string {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		return fmt.Sprintf("the quote opened on line %d is never closed (a stray \"?)", pe.StartLine)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf("a \" inside an unquoted field at column %d (quote the whole field, doubling the \" inside)", pe.Column)
	}
	return pe.Err.Error()
}

var arrivalHeaders = []string{"seconds", "time", "count"}

// arrivalFile reads recorded arrivals to replay: instants (a "seconds" or
// "time" column) or counts per interval (a "count" column).
func (b *builder) arrivalFile(n *yaml.Node, path, name string) sim.Arrivals {
	var a sim.Arrivals
	f, ok := b.openData(n, path, name)
	if !ok {
		return a
	}
	if len(f.header) != 1 || !slices.Contains(arrivalHeaders, f.header[0]) {
		b.add(n, path, `one column headed "seconds" or "time" (arrival instants) or "count" (arrivals per interval)`,
			"%q has the header %q", name, strings.Join(f.header, ","))
		return a
	}
	horizon := float64(b.intervals) * b.step
	start := len(b.problems)
	switch f.header[0] {
	case "seconds", "time":
		times := []float64{}
		f.rows(maxTimes, func(line int, row []string) bool {
			var t float64
			var err error
			if f.header[0] == "seconds" {
				t, err = strconv.ParseFloat(row[0], 64)
			} else {
				t, err = parseInstant(row[0])
			}
			switch {
			case err != nil || math.IsNaN(t):
				return f.problem(line, "invalid %s %q", f.header[0], row[0])
			case t < 0 || t >= horizon:
				return f.problem(line, "%s %q is outside the horizon of %g seconds", f.header[0], row[0], horizon)
			}
			times = append(times, t)
			return true
		})
		// Replay needs instants in order; a log need not list them so.
		slices.Sort(times)
		a.Times = times
	case "count":
		counts := []int{}
		f.rows(maxIntervals, func(line int, row []string) bool {
			v, err := strconv.Atoi(row[0])
			if err != nil || v < 0 || v > maxVolume {
				return f.problem(line, "invalid count %q", row[0])
			}
			counts = append(counts, v)
			return true
		})
		if len(b.problems) == start && b.checkLength(n, path, len(counts)) {
			a.Counts = make([]int, b.intervals)
			for i := range a.Counts {
				a.Counts[i] = counts[i%len(counts)]
			}
		}
	}
	if len(b.problems) > start {
		return sim.Arrivals{}
	}
	return a
}

var instantPattern = regexp.MustCompile(`^(?:([0-9]+) +)?([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}(?:\.[0-9]+)?))?$`)

// parseInstant reads "[day ]HH:MM[:SS[.fff]]", day counting from 1, as
// seconds from the start of the horizon.
func parseInstant(s string) (float64, error) {
	m := instantPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("invalid time %q", s)
	}
	day := 1
	if m[1] != "" {
		var err error
		if day, err = strconv.Atoi(m[1]); err != nil || day < 1 || day > maxDays {
			return 0, fmt.Errorf("invalid day in %q", s)
		}
	}
	h, _ := strconv.Atoi(m[2])
	mm, _ := strconv.Atoi(m[3])
	sec := 0.0
	if m[4] != "" {
		sec, _ = strconv.ParseFloat(m[4], 64)
	}
	if h > 23 || mm > 59 || sec >= 60 {
		return 0, fmt.Errorf("invalid time %q", s)
	}
	return float64(day-1)*86400 + float64(h*3600+mm*60) + sec, nil
}

// quantilePoints is how many points an empirical distribution built from
// samples keeps: its quantiles at every 0.1%.
const quantilePoints = 1001

// empiricalFile reads an empirical distribution: raw samples (a "seconds"
// column) or CDF points (columns "seconds" and "p").
func (b *builder) empiricalFile(n *yaml.Node, path, name string) ([]sim.CDFPoint, bool) {
	f, ok := b.openData(n, path, name)
	if !ok {
		return nil, false
	}
	samples := slices.Equal(f.header, []string{"seconds"})
	if !samples && !slices.Equal(f.header, []string{"seconds", "p"}) {
		b.add(n, path, `"seconds" (one duration per row) or "seconds,p" (CDF points)`,
			"%q has the header %q", name, strings.Join(f.header, ","))
		return nil, false
	}
	start := len(b.problems)
	var xs []float64
	var pts []sim.CDFPoint
	f.rows(maxEmpiricalRows, func(line int, row []string) bool {
		x, err := strconv.ParseFloat(row[0], 64)
		if err != nil || !(x >= 0) || x > maxDuration {
			return f.problem(line, "invalid seconds %q", row[0])
		}
		if samples {
			xs = append(xs, x)
			return true
		}
		p, err := strconv.ParseFloat(row[1], 64)
		if err != nil || !(p >= 0 && p <= 1) {
			return f.problem(line, "invalid probability %q", row[1])
		}
		pts = append(pts, sim.CDFPoint{X: x, P: p})
		return true
	})
	if len(b.problems) > start {
		return nil, false
	}
	if !samples {
		return pts, true
	}
	if len(xs) < 2 {
		b.errorf(n, path, "%q needs at least two durations", name)
		return nil, false
	}
	// The piecewise-linear empirical CDF of the samples, kept at a fixed
	// number of quantiles so a long log does not make a long model.
	slices.Sort(xs)
	pts = make([]sim.CDFPoint, quantilePoints)
	for i := range pts {
		p := float64(i) / (quantilePoints - 1)
		pts[i] = sim.CDFPoint{X: stat.Quantile(p, stat.LinInterp, xs, nil), P: p}
	}
	return pts, true
}
