package contactlog

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestReadLog: the file streams the contacts a reader gives, and its
// stats; a missing file is an error.
func TestReadLog(t *testing.T) {
	want, wantStats := readAll(t, dayExcerptPath, Options{Format: BankFormat})
	var got []Contact
	st, err := ReadLog(dayExcerptPath, Options{Format: BankFormat}, func(c Contact) { got = append(got, c) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || st.Contacts != wantStats.Contacts || st.Rows != wantStats.Rows {
		t.Errorf("%d contacts, stats %+v; want %d, %+v", len(got), st, len(want), wantStats)
	}
	if _, err := ReadLog(filepath.Join(t.TempDir(), "none.txt"), Options{Format: BankFormat}, func(Contact) {}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestReadReport: records stream to add until it fails.
func TestReadReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.csv")
	text := "start,offered,answered\n2024-05-06 08:00,40,36\n2024-05-06 08:30,30,30\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ParseReportMapping("start=start,offered=offered,answered=answered,length=30m")
	if err != nil {
		t.Fatal(err)
	}
	var offered []float64
	st, err := ReadReport(path, ReportOptions{Mapping: m}, func(r IntervalRecord) error {
		offered = append(offered, r.Offered)
		return nil
	})
	if err != nil || len(offered) != 2 || offered[0] != 40 || offered[1] != 30 || st.Rows != 2 {
		t.Errorf("offered %v, stats %+v, %v", offered, st, err)
	}
	stop := errors.New("stop")
	if _, err := ReadReport(path, ReportOptions{Mapping: m}, func(IntervalRecord) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("add's error: %v", err)
	}
	if _, err := ReadReport(filepath.Join(t.TempDir(), "none.csv"), ReportOptions{Mapping: m}, nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
