package layers

import (
	"bufio"
	"bytes"
	"io/fs"
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
	json   = "encoding/json"
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

// readSources reads every Go file of the module's packages, and lists
// every folder of the module. The answers of go list are not files the
// test opens, so without this the test's cached result would outlive a
// change of imports: go test keys its cache on the files a test opens
// and on the entries of the folders it lists, so a new file or package
// runs the test again too.
func readSources(t *testing.T) {
	t.Helper()
	for dir, files := range list(t, `{{.Dir}} {{join .GoFiles " "}}`, "./...") {
		for _, f := range files {
			if _, err := os.ReadFile(filepath.Join(dir, f)); err != nil {
				t.Fatal(err)
			}
		}
	}
	root := list(t, `{{.Dir}}`, "-m")
	for dir := range root {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
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
	// The packages that take the model and never a file: the planner and
	// the history packages, split by job (log → counts → fits, forecasts
	// and backtests). Each must exist, so that a rename cannot drop it
	// from the rule unnoticed.
	for _, rel := range []string{"plan", "contactlog", "calibrate", "forecast", "backtest"} {
		p := module + "/" + rel
		ds, ok := deps[p]
		if !ok {
			t.Errorf("package %s not found", p)
			continue
		}
		if slices.Contains(ds, module+"/scenarios") {
			t.Errorf("%s depends on scenarios: it takes the model, never a file", p)
		}
	}
	// History flows one way: contactlog reads and counts and needs no other
	// ccsim package; calibrate, forecast and backtest each start from its
	// counts and do not build on one another.
	if got := ccsimPackages(deps[module+"/contactlog"], module+"/contactlog"); len(got) > 0 {
		t.Errorf("contactlog imports %v: reading and counting a log needs no other ccsim package", got)
	}
	jobs := []string{"calibrate", "forecast", "backtest"}
	for _, a := range jobs {
		for _, b := range jobs {
			if a != b && slices.Contains(deps[module+"/"+a], module+"/"+b) {
				t.Errorf("%s depends on %s: the history jobs stand side by side on contactlog", a, b)
			}
		}
	}
	// Capacity plans take the model and plain inputs: scenarios reads
	// capacity files into capacity's types, so capacity must not reach
	// back to scenarios, nor to plan (whose tests load scenarios); the
	// command hands it plan's search as its Planner. The planner and the
	// history packages stand below it and do not import it.
	capacityPkg := module + "/capacity"
	if _, ok := deps[capacityPkg]; !ok {
		t.Errorf("package %s not found", capacityPkg)
	}
	for _, below := range []string{"scenarios", "plan"} {
		if slices.Contains(deps[capacityPkg], module+"/"+below) {
			t.Errorf("capacity depends on %s: it takes the model and a Planner, never a file or the planner itself", below)
		}
	}
	for _, rel := range []string{"plan", "contactlog", "calibrate", "forecast", "backtest"} {
		if slices.Contains(deps[module+"/"+rel], capacityPkg) {
			t.Errorf("%s depends on capacity: capacity plans build on it, not the reverse", rel)
		}
	}
	for _, problem := range presentation(deps, imports) {
		t.Error(problem)
	}
	// A sweep changes a model and runs it: the engine is all it needs;
	// its file is read by scenarios and its charts drawn by plots. The
	// shard file format knows no ccsim type at all.
	only := map[string][]string{"sweep": {module + "/sim"}, "shard": nil}
	for rel, allowed := range only {
		p := module + "/" + rel
		ds, ok := deps[p]
		if !ok {
			t.Errorf("package %s not found", p)
			continue
		}
		for _, d := range ccsimPackages(ds, p) {
			if !slices.Contains(allowed, d) {
				t.Errorf("%s depends on %s: it may use only %v", rel, d, allowed)
			}
		}
	}
}

// presentation checks the layer that prints: output builds every
// command's documents from the results below it and is used by the
// commands and the charts, never the other way round. It returns the
// rules broken.
func presentation(deps, imports map[string][]string) []string {
	out, plots, cmd := module+"/output", module+"/plots", module+"/cmd/ccsim"
	if _, ok := deps[out]; !ok {
		return []string{"package " + out + " not found"}
	}
	var problems []string
	for _, above := range []string{cmd, plots} {
		if slices.Contains(deps[out], above) {
			problems = append(problems, "output depends on "+above+": the presentation layer is used by the commands and the charts, not the reverse")
		}
	}
	if slices.Contains(deps[plots], cmd) {
		problems = append(problems, "plots depends on "+cmd+": charts take results, not commands")
	}
	if !slices.Contains(imports[cmd], out) {
		problems = append(problems, cmd+" does not import output: the commands print through it")
	}
	for p, imps := range imports {
		// internal/chromium speaks the browser's DevTools protocol for the
		// report tests; it writes no document.
		if slices.Contains(imps, json) && p != out && p != module+"/baseline" && p != module+"/internal/chromium" {
			problems = append(problems, p+" imports "+json+": JSON documents are built in output (and baseline files in baseline)")
		}
	}
	slices.Sort(problems)
	return problems
}

// TestPresentationRules feeds the presentation check graphs that break
// each rule (the compiler forbids some of them only while plots imports
// output), and one that keeps them.
func TestPresentationRules(t *testing.T) {
	out, plots, cmd, sim := module+"/output", module+"/plots", module+"/cmd/ccsim", module+"/sim"
	good := func() (map[string][]string, map[string][]string) {
		deps := map[string][]string{out: {sim}, plots: {out, sim}, cmd: {out, plots, sim}, sim: nil}
		imports := map[string][]string{out: {sim, json}, plots: {out, sim}, cmd: {out, plots, sim}, sim: nil}
		return deps, imports
	}
	deps, imports := good()
	if got := presentation(deps, imports); len(got) > 0 {
		t.Errorf("a good graph: %q", got)
	}
	for name, c := range map[string]struct {
		breakIt func(deps, imports map[string][]string)
		want    string
	}{
		"output on plots":  {func(d, _ map[string][]string) { d[out] = append(d[out], plots) }, "output depends on " + plots},
		"output on cmd":    {func(d, _ map[string][]string) { d[out] = append(d[out], cmd) }, "output depends on " + cmd},
		"plots on cmd":     {func(d, _ map[string][]string) { d[plots] = append(d[plots], cmd) }, "plots depends on " + cmd},
		"cmd past output":  {func(_, i map[string][]string) { i[cmd] = []string{plots, sim} }, "does not import output"},
		"JSON in sim":      {func(_, i map[string][]string) { i[sim] = []string{json} }, sim + " imports " + json},
		"no output at all": {func(d, _ map[string][]string) { delete(d, out) }, "not found"},
	} {
		deps, imports := good()
		c.breakIt(deps, imports)
		got := presentation(deps, imports)
		if len(got) != 1 || !strings.Contains(got[0], c.want) {
			t.Errorf("%s: %q, want one problem with %q", name, got, c.want)
		}
	}
}
