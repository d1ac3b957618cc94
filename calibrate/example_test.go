package calibrate_test

import (
	"fmt"

	"github.com/ccsim/ccsim/calibrate"
	"github.com/ccsim/ccsim/contactlog"
)

// Count the committed excerpt of the Anonymous Bank log per half-hour and
// fit handle time and patience to it.
func Example() {
	agg, _ := contactlog.NewAggregator(contactlog.AggregateOptions{IntervalSeconds: 1800, Threshold: 20})
	if _, err := contactlog.ReadLog("../contactlog/testdata/anonymous-bank-excerpt.txt",
		contactlog.Options{Format: contactlog.BankFormat}, agg.Add); err != nil {
		fmt.Println(err)
		return
	}
	table := agg.Table()
	fit, err := calibrate.FitDurations(table.Handle())
	if err != nil {
		fmt.Println(err)
		return
	}
	best := fit.BestFit()
	fmt.Printf("handle time: %d calls, mean %.0f s; best fit %v (KS %.3f)\n", fit.N, fit.Mean, best.Dist.Kind, best.KS)
	p, err := calibrate.FitPatience(table.Waits(), calibrate.PatienceOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("patience: %d waits, %d abandoned, exponential estimate %.0f s\n", p.Waits, p.Abandoned, p.ExpMean)
	// Output:
	// handle time: 156 calls, mean 465 s; best fit lognormal (KS 0.126)
	// patience: 231 waits, 73 abandoned, exponential estimate 456 s
}
