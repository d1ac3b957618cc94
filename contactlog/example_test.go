package contactlog_test

import (
	"fmt"
	"os"

	"github.com/ccsim/ccsim/contactlog"
)

// Read the committed excerpt of the Anonymous Bank log with its preset and
// count it per half-hour.
func Example() {
	f, err := os.Open("testdata/anonymous-bank-excerpt.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	r, err := contactlog.NewReader(f, contactlog.Options{Name: "excerpt", Format: contactlog.BankFormat})
	if err != nil {
		fmt.Println(err)
		return
	}
	agg, _ := contactlog.NewAggregator(contactlog.AggregateOptions{IntervalSeconds: 1800, Threshold: 20})
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
	h, w := table.Handle(), table.Waits()
	fmt.Printf("handle time: %d calls, mean %.0f s\n", h.N, h.Mean())
	fmt.Printf("waits: %d, %d abandoned\n", w.Answered+w.Abandoned, w.Abandoned)
	// Output:
	// 255 rows: 231 calls, 24 left out, 0 unreadable
	// handle time: 156 calls, mean 465 s
	// waits: 231, 73 abandoned
}
