package history

import (
	"bytes"
	"context"
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/scenarios"
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

// FuzzFits feeds arbitrary durations to the handle-time fits and the
// patience estimate: errors are fine, panics and invalid distributions
// are not.
func FuzzFits(f *testing.F) {
	f.Add([]byte{10, 200, 3, 0, 255, 17, 90, 90, 1})
	f.Add(bytes.Repeat([]byte{7}, 40))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d Durations
		var w Waits
		for i := 0; i+1 < len(data); i += 2 {
			// Two bytes make a duration from 0.01 s to about 10 hours.
			v := math.Exp(float64(data[i])/255*15-4.6) * float64(data[i+1]%4)
			d.Add(v)
			w.Add(v, data[i+1]%3 == 0)
		}
		if fit, err := FitDurations(&d); err == nil {
			for _, ft := range fit.Fits {
				if err := ft.Dist.Validate(); err != nil || math.IsNaN(ft.LogLik) || !(ft.KS >= 0 && ft.KS <= 1) {
					t.Fatalf("fit %+v: %v", ft, err)
				}
			}
		}
		if p, err := FitPatience(&w, PatienceOptions{MinAtRisk: 2}); err == nil {
			if err := p.Dist.Validate(); err != nil {
				t.Fatalf("patience %+v: %v", p, err)
			}
		}
	})
}

// FuzzForecast feeds arbitrary volumes to the forecast and the
// evaluation.
func FuzzForecast(f *testing.F) {
	f.Add([]byte{3, 9, 200, 0, 0, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53}, uint8(0), uint8(7))
	f.Fuzz(func(t *testing.T, data []byte, types, gaps uint8) {
		v := Volumes{IntervalSeconds: 6 * 3600}
		date := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i+3 < len(data); i += 4 {
			date = date.AddDate(0, 0, 1+int(data[i]&gaps&3))
			v.Days = append(v.Days, DayVolume{Date: date, Counts: []float64{
				float64(data[i]), float64(data[i+1]) * 10, float64(data[i+2]) * 1000, float64(data[i+3])}})
		}
		opt := ForecastOptions{DayTypes: DayTypes(types % 2)}
		if fc, err := FitForecast(v, opt); err == nil {
			for _, d := range fc.Predict(date.AddDate(0, 0, 1), 9).Days {
				for _, b := range append(d.Intervals, d.Total) {
					if math.IsNaN(b.Forecast) || b.Low > b.Forecast+1e-6*math.Max(1, b.Forecast) || b.High < b.Forecast-1e-6*math.Max(1, b.Forecast) || b.Low < 0 {
						t.Fatalf("band %+v", b)
					}
				}
			}
		}
		_, _ = SeasonalNaive(v, date, 3, nil)
		if len(v.Days) > 4 {
			_, _ = Evaluate(v, EvaluateOptions{TestFrom: v.Days[len(v.Days)-2].Date, TestTo: date, Step: int(gaps % 3)})
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

// FuzzCalibrateBacktest feeds an arbitrary log (a CSV through a mapping)
// to calibration and backtest: no panic; when calibration succeeds, the
// scenario written loads, and a backtest of the same log against it runs
// with figures in their ranges.
func FuzzCalibrateBacktest(f *testing.F) {
	const header = "at,queue,result,wait,talk,agent,prio\n"
	f.Add(header+"2024-01-02 09:00:00,a,answered,5,120,ann,1\n2024-01-02 09:01:00,a,abandoned,40,0,,2\n"+
		"2024-01-02 09:02:00,b,answered,0,300,bob,1\n2024-01-02 09:03:30,a,answered,12,45,ann,2\n", "2")
	f.Add(header+"2024-01-02 23:59:59,a,answered,100000,86400,x,\n2024-01-03 00:00:00,a,abandoned,0,0,,\n"+
		"2024-01-03 00:00:01,a,answered,0,1e-9,x,\n2024-01-03 00:00:02,a,answered,0,7,y,\n", "")
	f.Fuzz(func(t *testing.T, data, priority string) {
		m, err := ParseMapping("arrival=at,queue=queue,outcome=result,wait=wait,handle=talk,agent=agent,priority=prio")
		if err != nil {
			t.Fatal(err)
		}
		var contacts []Contact
		r, err := NewReader(strings.NewReader(data), Options{Mapping: m})
		if err != nil {
			return
		}
		for c, err := range r.All() {
			if err != nil {
				t.Fatal(err)
			}
			contacts = append(contacts, c)
			if len(contacts) > 2000 {
				break
			}
		}
		read := func(add func(Contact)) error {
			for _, c := range contacts {
				add(c)
			}
			return nil
		}
		agg, _ := NewAggregator(AggregateOptions{})
		_ = read(agg.Add)
		av, err := MeasureAvailability(read, 1800)
		if err != nil {
			t.Fatal(err)
		}
		if !math.IsNaN(av.Share) && !(av.Share >= 0) {
			t.Fatalf("share %v", av.Share)
		}
		opt := CalibrateOptions{Availability: av}
		if priority != "" {
			opt.HighPriority = []string{priority}
		}
		c, err := Calibrate(agg.Table(), opt)
		if err != nil {
			return
		}
		text, err := writeScenario(c)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scenarios.Parse("fuzz.yaml", text)
		if err != nil {
			t.Fatalf("the scenario written does not load: %v\n%s", err, text)
		}
		bt, err := NewBacktest(&sc.Model, BacktestOptions{Replications: 1})
		if err != nil {
			t.Fatal(err)
		}
		_ = read(bt.Add)
		res, err := bt.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, iv := range res.Intervals {
			for _, m := range []Measures{iv.Observed, iv.Predicted, iv.ErlangA, iv.ErlangC} {
				for _, v := range []float64{m.AbandonRate, m.ServiceLevel} {
					if !math.IsNaN(v) && !(v >= 0 && v <= 1) {
						t.Fatalf("%v: share %v in %+v", iv.Start, v, iv)
					}
				}
				if !math.IsNaN(m.ASA) && !(m.ASA >= 0) {
					t.Fatalf("%v: ASA %v", iv.Start, m.ASA)
				}
			}
		}
	})
}
