package contactlog

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// maxDateRange caps the days one range in a date list may expand to.
const maxDateRange = 3660

// ParseDate reads a date as YYYY-MM-DD.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	return t, nil
}

// ParseDates reads a comma-separated list of dates (YYYY-MM-DD) and
// inclusive ranges (YYYY-MM-DD..YYYY-MM-DD), as --exclude takes them.
func ParseDates(s string) ([]time.Time, error) {
	var out []time.Time
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		ds, err := parseDateItem(item)
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	return out, nil
}

func parseDateItem(item string) ([]time.Time, error) {
	a, b, isRange := strings.Cut(item, "..")
	first, err := ParseDate(a)
	if err != nil {
		return nil, err
	}
	if !isRange {
		return []time.Time{first}, nil
	}
	last, err := ParseDate(b)
	if err != nil {
		return nil, err
	}
	if last.Before(first) {
		return nil, fmt.Errorf("range %s ends before it starts", item)
	}
	if last.Sub(first) > maxDateRange*24*time.Hour {
		return nil, fmt.Errorf("range %s spans more than %d days", item, maxDateRange)
	}
	var out []time.Time
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out, nil
}

// ReadDates reads a date list file: one date or range per line, text after
// '#' ignored, blank lines skipped. Errors name the file and line.
func ReadDates(r io.Reader, name string) ([]time.Time, error) {
	var out []time.Time
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text, _, _ := strings.Cut(sc.Text(), "#")
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		ds, err := parseDateItem(text)
		if err != nil {
			return nil, fmt.Errorf("contactlog: %s:%d: %w", name, line, err)
		}
		out = append(out, ds...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("contactlog: %s:%d: %w", name, line+1, err)
	}
	return out, nil
}
