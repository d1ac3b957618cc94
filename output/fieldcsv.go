package output

import (
	"encoding/csv"
	"io"
)

// fieldCSV is the long-form CSV that the plan and the capacity plan
// write: scope, name, the period (its key, or "total" for the whole
// horizon), start (the period's first interval or day), field, value,
// ci95.
type fieldCSV struct {
	cw *csv.Writer
	// period names period i: its key and its start.
	period func(i int) (key, start string)
}

// newFieldCSV writes the header, column naming the period ("interval",
// "week").
func newFieldCSV(w io.Writer, column string, period func(i int) (key, start string)) fieldCSV {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scope", "name", column, "start", "field", "value", "ci95"})
	return fieldCSV{cw: cw, period: period}
}

// row writes a field of period i, or of the whole horizon when i < 0; ci
// is NaN (written empty) for a figure without a confidence interval.
func (f fieldCSV) row(scope, name string, i int, field string, v, ci float64) {
	key, start := "total", ""
	if i >= 0 {
		key, start = f.period(i)
	}
	f.cw.Write([]string{scope, name, key, start, field, csvNumber(v), csvNumber(ci)})
}

// close flushes the document and returns the first error writing it.
func (f fieldCSV) close() error {
	f.cw.Flush()
	return f.cw.Error()
}
