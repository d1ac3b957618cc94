package contactlog

import (
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzReader feeds arbitrary bytes to both the mapped reader and the bank
// preset: no panic, counts that add up, and contacts within their ranges.
func FuzzReader(f *testing.F) {
	excerpt, err := os.ReadFile(excerptPath)
	if err != nil {
		f.Fatal(err)
	}
	lines := strings.SplitAfter(string(excerpt), "\n")
	f.Add(strings.Join(lines[:40], ""), "")
	f.Add(strings.Join(append(lines[:1], lines[200:]...), ""), "")
	f.Add("at,queue,result,wait,talk\n2024-01-01 10:00:00,\"a,b\",answered,1:02,00:03:04\n\"x\n", synthMapping)
	f.Add("at;result;wait\n01.02.2024 10:00;abandoned;12,5\n;;\n", "arrival=at,outcome=result,wait=wait")
	f.Add("\xef\xbb\xbfat\tresult\r\n2024-01-01T10:00:00+02:00\tanswered\r\n", "arrival=at,outcome=result,zone=Asia/Jerusalem")
	f.Fuzz(func(t *testing.T, data, mapping string) {
		check := func(opt Options) {
			r, err := NewReader(strings.NewReader(data), opt)
			if err != nil {
				return
			}
			n := 0
			for c, err := range r.All() {
				if err != nil {
					t.Fatalf("non-strict reader returned %v", err)
				}
				n++
				if c.Outcome < Answered || c.Outcome > Blocked || c.Arrival.IsZero() {
					t.Fatalf("contact %+v", c)
				}
				for _, v := range []float64{c.Wait, c.Handle, c.ACW} {
					if !(v >= 0) || math.IsInf(v, 0) {
						t.Fatalf("duration %v in %+v", v, c)
					}
				}
			}
			st := r.Stats()
			if st.Contacts != n || st.Rows != st.Contacts+st.Dropped+st.ProblemCount || len(st.Problems) > DefaultMaxProblems {
				t.Fatalf("stats %+v after %d contacts", st, n)
			}
			for _, p := range st.Problems {
				if p.Line < 1 || p.Field == "" || p.Msg == "" {
					t.Fatalf("problem %+v", p)
				}
			}
			// Strict mode stops at the first problem with that problem.
			opt.Strict = true
			r, err = NewReader(strings.NewReader(data), opt)
			if err != nil {
				t.Fatalf("strict header: %v", err)
			}
			for {
				_, err := r.Next()
				if err == io.EOF {
					if st.ProblemCount != 0 {
						t.Fatal("strict reader reached the end past a problem")
					}
					break
				}
				if err != nil {
					if p, ok := err.(*Problem); !ok || p.Line != st.Problems[0].Line {
						t.Fatalf("strict error %v, first problem %v", err, st.Problems[0])
					}
					break
				}
			}
		}
		check(Options{Format: BankFormat, Name: "bank"})
		if m, err := ParseMapping(mapping); err == nil {
			check(Options{Mapping: m, Name: "mapped"})
		}
	})
}

const synthMapping = "arrival=at,queue=queue,outcome=result,wait=wait,handle=talk"

// FuzzReportReader feeds arbitrary bytes to the interval-report reader and
// the records to an aggregator.
func FuzzReportReader(f *testing.F) {
	f.Add("start,offered,answered,abandoned,aht,asa,sl,staffed\n2024-01-01 08:00,10,8,2,240,0:30,80%,3\n",
		"start=start,offered=offered,answered=answered,abandoned=abandoned,aht=aht,asa=asa,sl=sl,staffed=staffed,length=15m")
	f.Add("d;t;o\n01.01.2024;08:15;4,5\n", "start=t,date=d,offered=o")
	f.Fuzz(func(t *testing.T, data, mapping string) {
		m, err := ParseReportMapping(mapping)
		if err != nil {
			return
		}
		r, err := NewReportReader(strings.NewReader(data), ReportOptions{Mapping: m})
		if err != nil {
			return
		}
		a, _ := NewAggregator(AggregateOptions{})
		for rec, err := range r.All() {
			if err != nil {
				t.Fatal(err)
			}
			if !(rec.Offered >= 0) || rec.Length <= 0 {
				t.Fatalf("record %+v", rec)
			}
			_ = a.AddRecord(rec)
		}
		tab := a.Table()
		for _, d := range tab.Dates() {
			_ = tab.Day(d)
			_ = tab.Staffing(d)
		}
	})
}

// FuzzDates feeds arbitrary text to the date-list parsers.
func FuzzDates(f *testing.F) {
	f.Add("2024-01-01,2024-02-27..2024-03-02")
	f.Add("1999-04-01  # a note\n\n1999-05-20..1999-05-21\n")
	f.Fuzz(func(t *testing.T, s string) {
		if ds, err := ParseDates(s); err == nil && len(ds) > (maxDateRange+1)*(strings.Count(s, ",")+1) {
			t.Fatalf("%d dates from %q", len(ds), s)
		}
		_, _ = ReadDates(strings.NewReader(s), "list")
	})
}

// FuzzLogDates feeds arbitrary date and time cells (and layouts) to the
// log readers: a generic log's arrival column, with and without a layout,
// a date column beside a time of day, and the bank preset's date. None may
// panic, and every contact read must be dated within the dates a log can
// hold (the bank's within 1999, its day after at most).
func FuzzLogDates(f *testing.F) {
	for _, s := range []string{"2024-01-01 10:00", "000101", "691231 10:00", "0001-01-01 00:00", "9999-12-31T23:59:59+14:00",
		"31.12.1999", "20240229", "1999-12-31 24:00", "2099-12-31T23:59:59.999999999-14:00", "990504"} {
		f.Add(s, "")
		f.Add(s, "2006-01-02 15:04")
	}
	head := bankHeadForFuzz(f)
	csvCell := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	lo := firstLogDate
	hi := lastLogDate.AddDate(0, 0, 1)
	f.Fuzz(func(t *testing.T, cell, layout string) {
		read := func(in string, opt Options, from, to time.Time) {
			r, err := NewReader(strings.NewReader(in), opt)
			if err != nil {
				return
			}
			for c, err := range r.All() {
				if err != nil {
					return
				}
				if c.Arrival.Before(from) || !c.Arrival.Before(to) {
					t.Fatalf("%q (layout %q) read as %v", cell, layout, c.Arrival)
				}
			}
		}
		read("at,outcome\n"+csvCell(cell)+",answered\n", Options{Mapping: Mapping{Arrival: "at", Outcome: "outcome"}}, lo, hi)
		read("at,outcome\n"+csvCell(cell)+",answered\n", Options{Mapping: Mapping{Arrival: "at", Outcome: "outcome", ArrivalLayout: layout}}, lo, hi)
		read("d,t,outcome\n"+csvCell(cell)+",10:00,answered\n", Options{Mapping: Mapping{Arrival: "t", Date: "d", Outcome: "outcome", DateLayout: layout}}, lo, hi)
		if !strings.ContainsAny(cell, "\t\r\n\"") {
			in := head[0] + strings.Replace(head[1], "\t990101\t", "\t"+cell+"\t", 1)
			read(in, Options{Format: BankFormat}, time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC))
		}
	})
}

// bankHeadForFuzz is the header and first row of the committed excerpt.
func bankHeadForFuzz(f *testing.F) []string {
	data, err := os.ReadFile("testdata/anonymous-bank-excerpt.txt")
	if err != nil {
		f.Fatal(err)
	}
	return strings.SplitAfterN(string(data), "\n", 3)[:2]
}

// FuzzReportFormat reads reports through each preset with --report-map
// keys over it, the rows checked as one series: no input panics, and
// every record read has a length that divides a day and figures in
// range.
func FuzzReportFormat(f *testing.F) {
	for _, name := range []string{"report-calabrio.csv", "report-exotel.csv", "report-genesys.csv", "report-avaya-cms.txt"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		lines := strings.SplitAfter(string(b), "\n")
		f.Add(uint8(len(name)), strings.Join(lines[:min(6, len(lines))], ""), "start=Interval,date=Date,queue=Queue")
	}
	f.Add(uint8(2), "Interval Start Time,Interval End Time,Total Received Calls,Total Connected Calls,Total Abandoned Calls at ACD,Total Connected in Target\n2024-01-01 23:45,2024-01-01 00:00,4,3,1,9\n", "")
	f.Add(uint8(0), "Date\tTime\tNum ACD Calls\tNum Calls Aband\tServ Levl\n1998-11-02\t08:00\t0\t0\t100\n", "date=Date,sl-base=answered")
	presets := append([]string{""}, ReportPresets()...)
	f.Fuzz(func(t *testing.T, which uint8, data, override string) {
		m, err := ReportFormatMapping(presets[int(which)%len(presets)], override)
		if err != nil {
			return
		}
		r, err := NewReportReader(strings.NewReader(data), ReportOptions{Mapping: m})
		if err != nil {
			return
		}
		series := NewReportSeries(m)
		for rec, err := range r.All() {
			if err != nil {
				t.Fatal(err)
			}
			if rec.Length < time.Minute || (24*time.Hour)%rec.Length != 0 || !(rec.Offered >= 0) ||
				rec.ServiceLevel < 0 || rec.ServiceLevel > 1 || rec.AHT < 0 {
				t.Fatalf("record %+v", rec)
			}
			_ = series.Check(rec)
		}
	})
}
