package contactlog

import (
	"io"
	"math"
	"os"
	"strings"
	"testing"
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
