package backtest

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/calibrate"
	"github.com/ccsim/ccsim/contactlog"
)

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
		m, err := contactlog.ParseMapping("arrival=at,queue=queue,outcome=result,wait=wait,handle=talk,agent=agent,priority=prio")
		if err != nil {
			t.Fatal(err)
		}
		var contacts []contactlog.Contact
		r, err := contactlog.NewReader(strings.NewReader(data), contactlog.Options{Mapping: m})
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
		read := func(add func(contactlog.Contact)) error {
			for _, c := range contacts {
				add(c)
			}
			return nil
		}
		agg, _ := contactlog.NewAggregator(contactlog.AggregateOptions{})
		_ = read(agg.Add)
		av, err := contactlog.MeasureAvailability(read, 1800)
		if err != nil {
			t.Fatal(err)
		}
		if !math.IsNaN(av.Share) && !(av.Share >= 0) {
			t.Fatalf("share %v", av.Share)
		}
		opt := calibrate.Options{Availability: av}
		if priority != "" {
			opt.HighPriority = []string{priority}
		}
		c, err := calibrate.Fit(agg.Table(), opt)
		if err != nil {
			return
		}
		bt, err := New(loaded(t, c), Options{Replications: 1})
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
