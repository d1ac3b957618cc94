package contactlog

import (
	"io"
	"math"
	"strings"
	"testing"
	"time"
)

// readPreset reads a committed report through a preset and overrides.
func readPreset(t *testing.T, file, preset, override string) ([]IntervalRecord, Stats) {
	t.Helper()
	m, err := ReportFormatMapping(preset, override)
	if err != nil {
		t.Fatal(err)
	}
	var recs []IntervalRecord
	st, err := ReadReport("testdata/"+file, ReportOptions{Mapping: m}, func(r IntervalRecord) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return recs, st
}

// TestReportPresets reads each preset's committed report and checks rows
// against figures worked out by hand from the file: the preset's
// conversions (offered as answered plus abandoned, AHT as talk plus
// after-contact work, a service level over answered or a count within
// the target turned into a share of offered, the length from start and
// end) are what is tested.
func TestReportPresets(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}

	// Calabrio: 2024-03-04 08:00,Billing,11,11,11,0,3:30,0:33,1.7,2.
	recs, st := readPreset(t, "report-calabrio.csv", "calabrio-interval-service-queue", "start=Interval,queue=Service Queue")
	r := recs[0]
	if len(recs) != 40 || st.ProblemCount != 0 || !r.Start.Equal(day("2024-03-04 08:00")) || r.Queue != "Billing" ||
		r.Offered != 11 || r.Answered != 11 || r.Abandoned != 0 || r.AHT != 210+33 || r.Staffed != 1.7 ||
		r.Length != 30*time.Minute || !math.IsNaN(r.ASA) || !math.IsNaN(r.ServiceLevel) {
		t.Errorf("calabrio: %d records, %+v", len(recs), r)
	}

	// Exotel: 09:00-09:15, Support, 10 received, 9 connected, 1
	// abandoned, 7 in target.
	recs, st = readPreset(t, "report-exotel.csv", "exotel-acd-interval", "")
	r = recs[0]
	if len(recs) != 32 || st.ProblemCount != 0 || !r.Start.Equal(day("2024-06-11 09:00")) || r.Queue != "Support" ||
		r.Offered != 10 || r.Answered != 9 || r.Abandoned != 1 || !near(r.ServiceLevel, 0.7) || r.Length != 15*time.Minute ||
		!math.IsNaN(r.AHT) || !math.IsNaN(r.Staffed) {
		t.Errorf("exotel: %d records, %+v", len(recs), r)
	}

	// Genesys: 2024-09-17T08:00:00,Claims,12,11,1,91.7,8.3,86.8,37,279.
	recs, st = readPreset(t, "report-genesys.csv", "genesys-cloud-queue-performance", "start=Interval Start,queue=Queue,aht=AHT,asa=ASA")
	r = recs[0]
	if len(recs) != 20 || st.ProblemCount != 0 || r.Queue != "Claims" || r.Offered != 12 || r.Answered != 11 ||
		!near(r.ServiceLevel, 0.868) || r.AHT != 279 || r.ASA != 37 || r.Length != 30*time.Minute {
		t.Errorf("genesys: %d records, %+v", len(recs), r)
	}

	// Avaya CMS: 1998-11-02 08:00: ASA 43, 1 abandoned, 34 ACD calls,
	// talk 3:59, after call 0:23, 2.3 positions, 71% of completed calls
	// within the limit.
	recs, st = readPreset(t, "report-avaya-cms.txt", "avaya-cms-daily-split", "date=Date")
	r = recs[0]
	if len(recs) != 20 || st.ProblemCount != 0 || !r.Start.Equal(day("1998-11-02 08:00")) || r.Offered != 35 ||
		r.Answered != 34 || r.Abandoned != 1 || r.ASA != 43 || r.AHT != 239+23 || r.Staffed != 2.3 ||
		!near(r.ServiceLevel, 0.71*34/35) || r.Length != time.Hour {
		t.Errorf("avaya: %d records, %+v", len(recs), r)
	}
}

func TestReportPresetErrors(t *testing.T) {
	for _, c := range []struct{ preset, override, want string }{
		{"nope", "", `contactlog: report format "nope" is not known (known: avaya-cms-daily-split, calabrio-interval-service-queue, exotel-acd-interval, genesys-cloud-queue-performance; or a column mapping with --report-map)`},
		{"calabrio-interval-service-queue", "", "contactlog: report format calabrio-interval-service-queue: start: its documented columns do not name the interval's start; give it with --report-map start=COL"},
		{"avaya-cms-daily-split", "", `contactlog: report format avaya-cms-daily-split: date: the "Time" column holds a time of day; give the column with the date with --report-map date=COL`},
		{"exotel-acd-interval", "sl=x", "contactlog: report format exotel-acd-interval: give sl or within, not both"},
		{"exotel-acd-interval", "sl-base=most", `contactlog: report mapping: sl-base: "most": want offered or answered`},
		{"", "", "contactlog: say how to read the report"},
	} {
		_, err := ReportFormatMapping(c.preset, c.override)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s %q: %v\nwant %s", c.preset, c.override, err, c.want)
		}
	}

	// A preset's column missing from the file: the columns expected and
	// found are named.
	m, err := ReportFormatMapping("genesys-cloud-queue-performance", "start=Interval Start")
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewReportReader(strings.NewReader("Interval Start,Offered,Answered,Abandon\n"), ReportOptions{Name: "g.csv", Mapping: m})
	want := `contactlog: g.csv:1: header: abandoned: column "Abandoned" is not in the header` + "\n" +
		`sl: column "Service Level %" is not in the header` + "\n" +
		`report format genesys-cloud-queue-performance expects the columns "Interval Start", "Offered", "Answered", "Abandoned", "Service Level %"; the header has "Interval Start", "Offered", "Answered", "Abandon"`
	if err == nil || err.Error() != want {
		t.Errorf("missing columns: %v\nwant %s", err, want)
	}
}

// TestReportSeries: rows of mixed length, or off their length's
// boundaries, are refused with the column at fault.
func TestReportSeries(t *testing.T) {
	m, err := ReportFormatMapping("exotel-acd-interval", "")
	if err != nil {
		t.Fatal(err)
	}
	head := "Interval Start Time,Interval End Time,Queue Name,Total Received Calls,Total Connected Calls,Total Abandoned Calls at ACD,Total Connected in Target\n"
	for in, want := range map[string]string{
		head + "2024-06-11 09:00,2024-06-11 09:15,a,1,1,0,1\n2024-06-11 09:15,2024-06-11 09:45,a,1,1,0,1\n": "contactlog: r.csv:3: Interval End Time: the interval from 2024-06-11 09:15 is 30m0s long, the report's first 15m0s: intervals of mixed length cannot be read as one series",
		head + "2024-06-11 09:05,2024-06-11 09:20,a,1,1,0,1\n":                                              "contactlog: r.csv:2: Interval Start Time: 2024-06-11 09:05:00 is not on a 15m0s boundary: the report's intervals are 15m0s long (a row of another length)",
	} {
		series := NewReportSeries(m)
		_, err := readStream(t.Context(), strings.NewReader(in), "r.csv",
			func(r io.Reader) (*ReportReader, error) {
				return NewReportReader(r, ReportOptions{Name: "r.csv", Mapping: m})
			},
			series.Check)
		if err == nil || err.Error() != want {
			t.Errorf("%v\nwant %s", err, want)
		}
	}
	// An interval that ends at midnight may give its end as 00:00 of its own day.
	r, err := NewReportReader(strings.NewReader(head+"2024-06-11 23:45,2024-06-11 00:00,a,1,1,0,1\n"), ReportOptions{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := r.Next()
	if err != nil || rec.Length != 15*time.Minute {
		t.Errorf("%+v %v %+v", rec, err, r.Stats().Problems)
	}
}

// TestWriteReportRoundTrip: a day of the bank log written as an interval
// report and read back gives the same counts per interval, and the
// handle and wait sums, service level and staffing to the precision
// written (hundredths of a second, six decimals of a share, thousandths
// of an agent).
func TestWriteReportRoundTrip(t *testing.T) {
	a, err := NewAggregator(AggregateOptions{IntervalSeconds: 1800, Threshold: 20, AgentGap: 1800, SpellEdge: 300})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadLog("testdata/anonymous-bank-1999-05-04.txt", Options{Format: BankFormat}, a.Add); err != nil {
		t.Fatal(err)
	}
	orig := a.Table()
	var buf strings.Builder
	if err := WriteReport(&buf, orig); err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for _, c := range strings.Split(ReportColumns, ",") {
		pairs = append(pairs, c+"="+c)
	}
	m, err := ParseReportMapping(strings.Join(pairs, ","))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewAggregator(AggregateOptions{IntervalSeconds: 1800, Threshold: 20})
	r, err := NewReportReader(strings.NewReader(buf.String()), ReportOptions{Name: "written", Mapping: m, Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for rec, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		if err := b.AddRecord(rec); err != nil {
			t.Fatal(err)
		}
		rows++
	}
	back := b.Table()
	day := time.Date(1999, 5, 4, 0, 0, 0, 0, time.UTC)
	want, got := orig.Day(day), back.Day(day)
	ws, gs := orig.Staffing(day), back.Staffing(day)
	total := 0
	for i := range want {
		w, g := want[i], got[i]
		total += g.Offered
		if w.Offered != g.Offered || w.Answered != g.Answered || w.Abandoned != g.Abandoned || w.AnsweredWithin != g.AnsweredWithin ||
			math.Abs(w.HandleSum-g.HandleSum) > 0.005*float64(w.Answered) || math.Abs(w.AnswerWaitSum-g.AnswerWaitSum) > 0.005*float64(w.Answered) ||
			math.Abs(ws[i].OnDuty-gs[i].Reported) > 0.0005 {
			t.Errorf("interval %d: wrote %+v %+v, read %+v %+v", i, w, ws[i], g, gs[i])
		}
	}
	if total != 1613 || rows != 36 {
		t.Errorf("%d contacts in %d rows", total, rows)
	}
}
