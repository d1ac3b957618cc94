package contactlog

import (
	"os"
)

// ReadLog streams every contact of a log file to add and returns what the
// reader counted. Options.Name defaults to the path. Unreadable rows are
// problems in the stats, not errors, unless Options.Strict is set.
func ReadLog(path string, opt Options, add func(Contact)) (Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return Stats{}, err
	}
	defer f.Close()
	if opt.Name == "" {
		opt.Name = path
	}
	r, err := NewReader(f, opt)
	if err != nil {
		return Stats{}, err
	}
	for c, err := range r.All() {
		if err != nil {
			return r.Stats(), err
		}
		add(c)
	}
	return r.Stats(), nil
}

// ReadReport streams every record of an interval report file to add,
// stopping at the first error add returns.
func ReadReport(path string, opt ReportOptions, add func(IntervalRecord) error) (Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return Stats{}, err
	}
	defer f.Close()
	if opt.Name == "" {
		opt.Name = path
	}
	r, err := NewReportReader(f, opt)
	if err != nil {
		return Stats{}, err
	}
	for rec, err := range r.All() {
		if err != nil {
			return r.Stats(), err
		}
		if err := add(rec); err != nil {
			return r.Stats(), err
		}
	}
	return r.Stats(), nil
}
