// Package banklog reads the Anonymous Bank call-center log (Technion
// Service Enterprise Engineering Center, I. Guedj and A. Mandelbaum; the
// data of Brown et al. 2005) with the contactlog preset, for the tests of
// the packages that build on contactlog: calibrate, forecast and backtest.
// contactlog's own tests cannot import it.
package banklog

import (
	"testing"

	"github.com/ccsim/ccsim/contactlog"
)

// Read returns a function that streams the contacts of the log files to
// add, each time it is called, as contactlog.MeasureAvailability wants
// them.
func Read(paths ...string) func(add func(contactlog.Contact)) error {
	return func(add func(contactlog.Contact)) error {
		for _, p := range paths {
			if _, err := contactlog.ReadLog(p, contactlog.Options{Format: contactlog.BankFormat}, add); err != nil {
				return err
			}
		}
		return nil
	}
}

// Table counts the log files with an aggregator of the given options.
func Table(t testing.TB, opt contactlog.AggregateOptions, paths ...string) *contactlog.Table {
	t.Helper()
	a, err := contactlog.NewAggregator(opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := Read(paths...)(a.Add); err != nil {
		t.Fatal(err)
	}
	return a.Table()
}
