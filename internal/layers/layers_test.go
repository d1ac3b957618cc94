package layers

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	module = "github.com/ccsim/ccsim"
	yaml   = "gopkg.in/yaml.v3"
)

// goTool finds the go command; the graph cannot be read without it.
func goTool(t *testing.T) string {
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command reads the import graph: %v", err)
	}
	return p
}

// list runs go list over the module's packages (tests left out, as they
// may reach further than the code) with a template that prints one line
// per package: its path, then space-separated fields.
func list(t *testing.T, format string, args ...string) map[string][]string {
	t.Helper()
	cmd := exec.Command(goTool(t), append([]string{"list", "-f", format}, args...)...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go list: %v\n%s", err, stderr)
	}
	got := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 0 {
			got[fields[0]] = fields[1:]
		}
	}
	if len(got) == 0 {
		t.Fatal("go list found no packages")
	}
	return got
}

func ccsimPackages(deps []string, self string) []string {
	var out []string
	for _, d := range deps {
		if (d == module || strings.HasPrefix(d, module+"/")) && d != self {
			out = append(out, d)
		}
	}
	return out
}

// readSources reads every Go file of the module's packages. The answers
// of go list are not files the test opens, so without this the test's
// cached result would outlive a change of imports.
func readSources(t *testing.T) {
	t.Helper()
	for dir, files := range list(t, `{{.Dir}} {{join .GoFiles " "}}`, "./...") {
		for _, f := range files {
			if _, err := os.ReadFile(filepath.Join(dir, f)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestImportGraph(t *testing.T) {
	readSources(t)
	deps := list(t, `{{.ImportPath}} {{join .Deps " "}}`, "./...")
	imports := list(t, `{{.ImportPath}} {{join .Imports " "}}`, "./...")
	for _, base := range []string{"sim", "erlang"} {
		p := module + "/" + base
		if _, ok := deps[p]; !ok {
			t.Errorf("package %s not found", p)
		}
		if got := ccsimPackages(deps[p], p); len(got) > 0 {
			t.Errorf("%s imports %v: the model and the closed forms import no ccsim package", base, got)
		}
	}
	for p, imps := range imports {
		if slices.Contains(imps, yaml) && p != module+"/scenarios" {
			t.Errorf("%s imports %s: only scenarios reads and writes YAML", p, yaml)
		}
	}
	found := 0
	for p, ds := range deps {
		rel := strings.TrimPrefix(p, module+"/")
		if rel != "plan" && rel != "history" && !strings.HasPrefix(rel, "history") {
			continue
		}
		found++
		if slices.Contains(ds, module+"/scenarios") {
			t.Errorf("%s depends on scenarios: it takes the model, never a file", p)
		}
	}
	if found < 2 {
		t.Errorf("found %d of plan and the history packages", found)
	}
}
