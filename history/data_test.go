package history

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/ccsim/ccsim/internal/bankdata"
)

// bankMonths are the log's monthly files.
var bankMonths = bankdata.Months

// bankDataDir finds the real log (not in the repository) or skips the
// test, as it does under -short; see package bankdata.
func bankDataDir(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skipping the full-data test")
	}
	dir, err := bankdata.Dir()
	if errors.Is(err, bankdata.ErrNotFound) {
		t.Skip(err.Error() + ": skipping the full-data test")
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// bankFiles returns the paths of the monthly files from first to last
// (0 = January).
func bankFiles(t testing.TB, first, last int) []string {
	dir := bankDataDir(t)
	var out []string
	for _, m := range bankMonths[first : last+1] {
		out = append(out, filepath.Join(dir, m+".txt"))
	}
	return out
}

const excerptPath = "testdata/anonymous-bank-excerpt.txt"
