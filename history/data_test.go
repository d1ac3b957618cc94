package history

import (
	"os"
	"path/filepath"
	"testing"
)

// The real log is not in the repository. Tests that need it find it next
// to the checkout (/work/main beside /work/shared) by walking up from the
// package directory, or through CCSIM_DATA_DIR (the folder that holds
// anonymous-bank-1999, or that folder itself), and skip without it.

var bankMonths = []string{"january", "february", "march", "april", "may", "june", "july"}

func bankDataDir(t testing.TB) string {
	t.Helper()
	has := func(dir string) bool {
		_, err := os.Stat(filepath.Join(dir, "january.txt"))
		return err == nil
	}
	if env := os.Getenv("CCSIM_DATA_DIR"); env != "" {
		for _, dir := range []string{filepath.Join(env, "anonymous-bank-1999"), env} {
			if has(dir) {
				return dir
			}
		}
		t.Fatalf("CCSIM_DATA_DIR=%s holds no anonymous-bank-1999/january.txt", env)
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if cand := filepath.Join(dir, "shared", "data", "anonymous-bank-1999"); has(cand) {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("Anonymous Bank data not found (no shared/data/anonymous-bank-1999 above the package; set CCSIM_DATA_DIR): skipping the full-data test")
		}
		dir = parent
	}
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
