// Package bankdata serves the tests that read the Anonymous Bank
// call-center log (Technion Service Enterprise Engineering Center, I. Guedj
// and A. Mandelbaum; the data of Brown et al. 2005). It finds the full log,
// which is not in the repository: it sits in shared/data beside a
// checkout, or where CCSIM_DATA_DIR points. And it reads the log's rows
// the simple way, as the reference that the readers, the aggregation,
// calibration and backtest are checked against.
package bankdata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// ErrNotFound means the data is not on this machine; tests skip then.
var ErrNotFound = errors.New("the Anonymous Bank data was not found (no shared/data/anonymous-bank-1999 above the working directory; set CCSIM_DATA_DIR)")

// Months are the log's monthly files, without ".txt", in order.
var Months = []string{"january", "february", "march", "april", "may", "june", "july"}

// Dir returns the folder that holds january.txt ... july.txt: from
// CCSIM_DATA_DIR (the folder itself or its parent) if set, else the first
// shared/data/anonymous-bank-1999 found walking up from the working
// directory. A CCSIM_DATA_DIR without the data is an error, not a skip:
// whoever set it expects the data there.
func Dir() (string, error) {
	has := func(dir string) bool {
		_, err := os.Stat(filepath.Join(dir, "january.txt"))
		return err == nil
	}
	if env := os.Getenv("CCSIM_DATA_DIR"); env != "" {
		for _, dir := range []string{filepath.Join(env, "anonymous-bank-1999"), env} {
			if has(dir) {
				return dir, nil
			}
		}
		return "", fmt.Errorf("CCSIM_DATA_DIR=%s holds no anonymous-bank-1999/january.txt", env)
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		return "", err
	}
	for {
		if cand := filepath.Join(dir, "shared", "data", "anonymous-bank-1999"); has(cand) {
			return cand, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNotFound
		}
		dir = parent
	}
}

// Files returns the paths of the monthly files from first to last
// (0 = January) for a test that reads the full data, or skips the test:
// under -short, and when the data is not on this machine.
func Files(t testing.TB, first, last int) []string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skipping the full-data test")
	}
	dir, err := Dir()
	if errors.Is(err, ErrNotFound) {
		t.Skip(err.Error() + ": skipping the full-data test")
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range Months[first : last+1] {
		out = append(out, filepath.Join(dir, m+".txt"))
	}
	return out
}
