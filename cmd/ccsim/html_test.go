package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestHTMLBadPathFailsBeforeWork checks every command with --html on a
// path that cannot be written (a folder where the file goes): exit 2,
// naming the path and the flag, nothing on standard output (the command
// stopped before its work) and no page left behind.
func TestHTMLBadPathFailsBeforeWork(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "a-folder.html")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	cases := [][]string{
		{"run"},
		{"plan", "../../scenarios/default.yaml"},
		{"compare", "../../scenarios/default.yaml", "../../scenarios/worked-example.yaml"},
		{"check", "../../scenarios/default.yaml", "--baseline", filepath.Join(dir, "b.json"), "--update"},
		{"backtest", "../../scenarios/default.yaml", "--log-format", "anonymous-bank", "--log", "../../contactlog/testdata/anonymous-bank-excerpt.txt"},
	}
	for _, args := range cases {
		code, out, errOut := run(t, "", append(args, "--html", folder)...)
		if code != 2 || out != "" || !strings.Contains(errOut, folder) || !strings.Contains(errOut, "--html") {
			t.Errorf("%s --html on a folder: exit %d, stdout %q, stderr %q; want exit 2 naming the path and the flag, nothing printed",
				args[0], code, out, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b.json")); err == nil {
		t.Error("check --update wrote its baseline though its --html path was bad")
	}
	entries, _ := os.ReadDir(folder)
	if len(entries) > 0 {
		t.Errorf("left %d files in the folder", len(entries))
	}
}

// TestHTMLReproducibleOnAnyNumberOfCores checks that the same scenario and
// seed give the same page, byte for byte, on one core and on several
// (the page records its command line, so both runs use the same one).
func TestHTMLReproducibleOnAnyNumberOfCores(t *testing.T) {
	if testing.Short() {
		t.Skip("two plans of the default scenario; skipped under -short")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, args := range [][]string{
		{"run", "../../scenarios/default.yaml", "--reps", "5", "--format", "html"},
		{"plan", "../../scenarios/default.yaml", "--reps", "5", "--format", "html"},
		{"compare", "../../scenarios/default.yaml", "../../scenarios/worked-example.yaml", "--reps", "5", "--format", "html"},
	} {
		var first string
		for _, procs := range []int{1, 2, 4} {
			runtime.GOMAXPROCS(procs)
			code, out, errOut := run(t, "", args...)
			if code != 0 {
				t.Fatalf("%s, GOMAXPROCS %d: exit %d: %s", args[0], procs, code, errOut)
			}
			if !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.Contains(out, "</html>") {
				t.Fatalf("%s: not a whole page: %.100q", args[0], out)
			}
			if procs == 1 {
				first = out
			} else if out != first {
				t.Errorf("%s: GOMAXPROCS %d gave a different page than GOMAXPROCS 1 (%d against %d bytes)%s", args[0], procs,
					len(out), len(first), firstDifference(first, out))
			}
		}
	}
}

// firstDifference shows where two texts part.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-60)
	return fmt.Sprintf(": from byte %d, %q against %q", i, a[lo:min(len(a), i+60)], b[lo:min(len(b), i+60)])
}
