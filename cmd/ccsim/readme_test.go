package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeTourNamesRealFiles reads the README's tour line by line: every
// file it names must exist in the repository or be created by an earlier
// line (ccsim init, a redirection, an output flag), so that a new user
// can follow it as written.
func TestReadmeTourNamesRealFiles(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## A tour\n+```sh\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no tour")
	}
	file := regexp.MustCompile(`^[\w./-]+\.(yaml|json|png|xml|csv|html)$`)
	created := map[string]bool{}
	outputs := map[string]bool{"--png": true, "--charts": true, "-o": true, ">": true, "--junit": true, "--roster": true, "--html": true}
	checked := 0
	for _, line := range strings.Split(string(m[1]), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		for i, f := range fields {
			f = strings.Trim(f, `'"`)
			isInit := i > 0 && fields[i-1] == "init"
			if i > 0 && (outputs[fields[i-1]] || isInit) {
				created[f] = true
				continue
			}
			if !file.MatchString(f) || strings.HasPrefix(f, "s/") {
				continue
			}
			checked++
			if created[f] {
				continue
			}
			if _, err := os.Stat(filepath.Join("../..", f)); err != nil {
				t.Errorf("the tour's line %q names %s, which neither exists nor is made by an earlier line", line, f)
			}
		}
	}
	if checked < 5 {
		t.Errorf("only %d files checked: the tour's commands were not recognised", checked)
	}
}
