package history_test

import (
	"fmt"
	"os"

	"github.com/ccsim/ccsim/history"
)

// Read the committed excerpt of the Anonymous Bank log with its preset,
// count it per half-hour and fit handle time and patience.
func Example() {
	f, err := os.Open("testdata/anonymous-bank-excerpt.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	r, err := history.NewReader(f, history.Options{Name: "excerpt", Format: history.BankFormat})
	if err != nil {
		fmt.Println(err)
		return
	}
	agg, _ := history.NewAggregator(history.AggregateOptions{IntervalSeconds: 1800, Threshold: 20})
	for c, err := range r.All() {
		if err != nil {
			fmt.Println(err)
			return
		}
		agg.Add(c)
	}
	st := r.Stats()
	fmt.Printf("%d rows: %d calls, %d left out, %d unreadable\n", st.Rows, st.Contacts, st.Dropped, st.ProblemCount)

	table := agg.Table()
	fit, err := history.FitDurations(table.Handle())
	if err != nil {
		fmt.Println(err)
		return
	}
	best := fit.BestFit()
	fmt.Printf("handle time: %d calls, mean %.0f s; best fit %v (KS %.3f)\n", fit.N, fit.Mean, best.Dist.Kind, best.KS)
	p, err := history.FitPatience(table.Waits(), history.PatienceOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("patience: %d waits, %d abandoned, exponential estimate %.0f s\n", p.Waits, p.Abandoned, p.ExpMean)
	// Output:
	// 255 rows: 231 calls, 24 left out, 0 unreadable
	// handle time: 156 calls, mean 465 s; best fit lognormal (KS 0.126)
	// patience: 231 waits, 73 abandoned, exponential estimate 456 s
}
