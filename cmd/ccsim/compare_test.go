package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/output"
)

// comparePlans writes two plans into a fresh working directory: the
// default scenario as plan-a.yaml and, as plan-b.yaml, the same center
// with two more voice agents from 10:00 to 16:00. It returns the
// directory.
func comparePlans(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../scenarios/default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a := string(data)
	b := strings.Replace(a, "name: Default multi-channel center", "name: Two more voice agents", 1)
	// Two more agents in every voice block inside 10:00-16:00, whatever the
	// default's staffing is today.
	voice, rest, ok := strings.Cut(b, "\n  digital:")
	if !ok {
		t.Fatal("default.yaml has no digital group after the voice group; update the test")
	}
	block := regexp.MustCompile(`\{from: "(\d\d):(\d\d)", to: "(\d\d):(\d\d)", agents: (\d+)\}`)
	changed := 0
	voice = block.ReplaceAllStringFunc(voice, func(m string) string {
		g := block.FindStringSubmatch(m)
		from, _ := strconv.Atoi(g[1])
		to, _ := strconv.Atoi(g[3])
		if from < 10 || to > 16 || (to == 16 && g[4] != "00") {
			return m
		}
		n, _ := strconv.Atoi(g[5])
		changed++
		return fmt.Sprintf(`{from: "%s:%s", to: "%s:%s", agents: %d}`, g[1], g[2], g[3], g[4], n+2)
	})
	if changed == 0 {
		t.Fatal("no voice staffing block inside 10:00-16:00 in default.yaml; update the test")
	}
	b = voice + "\n  digital:" + rest
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "plan-a.yaml"), []byte(a), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plan-b.yaml"), []byte(b), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCompareTable(t *testing.T) {
	dir := comparePlans(t)
	var code int
	var out, errOut string
	// Run from the plans' directory so that the table names them by short,
	// fixed paths; the subtest restores the working directory for golden.
	t.Run("in the plans' directory", func(t *testing.T) {
		t.Chdir(dir)
		code, out, errOut = run(t, "", "compare", "plan-a.yaml", "plan-b.yaml", "--reps", "3")
	})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "compare-table.golden", out)
	for _, want := range []string{"Default multi-channel center", "Two more voice agents", "service level", "cost per contact", "Δ"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
}

// mustAbs is path made absolute.
func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func TestCompareJSONAndCSV(t *testing.T) {
	t.Chdir(comparePlans(t))
	out := runOK(t, "", "compare", "plan-a.yaml", "plan-b.yaml", "--reps", "2", "--format", "json")
	var rep struct {
		Format string `json:"format"`
		Plans  []struct {
			Name         string `json:"name"`
			Replications int    `json:"replications"`
		} `json:"plans"`
		KPIs []struct {
			Key     string `json:"key"`
			Channel string `json:"channel"`
			Unit    string `json:"unit"`
			Values  []struct {
				Mean *float64 `json:"mean"`
			} `json:"values"`
			Deltas []*float64 `json:"deltas"`
		} `json:"kpis"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Format != output.CompareFormat || len(rep.Plans) != 2 || rep.Plans[1].Name != "Two more voice agents" || rep.Plans[0].Replications != 2 {
		t.Fatalf("report %+v", rep)
	}
	checked := 0
	for _, k := range rep.KPIs {
		if len(k.Values) != 2 || len(k.Deltas) != 2 || k.Deltas[0] != nil {
			t.Fatalf("%s %s: %d values, deltas %v", k.Key, k.Channel, len(k.Values), k.Deltas)
		}
		if k.Values[0].Mean != nil && k.Values[1].Mean != nil {
			// JSON prints 10 significant digits, so the difference of the
			// printed values may be off by a few parts in 10^10 of them.
			a, b := *k.Values[0].Mean, *k.Values[1].Mean
			if k.Deltas[1] == nil || math.Abs(*k.Deltas[1]-(b-a)) > 1e-9*(math.Abs(a)+math.Abs(b)) {
				t.Errorf("%s %s: delta %v for %v and %v", k.Key, k.Channel, k.Deltas[1], a, b)
			}
			checked++
		}
		if k.Key == "service_level" && k.Channel == "phone" && !(*k.Values[1].Mean > *k.Values[0].Mean) {
			t.Errorf("more voice agents did not raise the phone service level: %v -> %v", *k.Values[0].Mean, *k.Values[1].Mean)
		}
	}
	if checked < 10 {
		t.Errorf("only %d KPIs with both values", checked)
	}

	out = runOK(t, "", "compare", "plan-a.yaml", "plan-b.yaml", "--reps", "2", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "kpi,channel,unit,plan,mean,ci95,n,delta" || len(rows) != 1+2*len(rep.KPIs) {
		t.Errorf("csv: header %v, %d rows for %d KPIs", rows[0], len(rows), len(rep.KPIs))
	}
}

// TestComparePNG writes the comparison image and wants the same bytes
// whatever the number of workers.
func TestComparePNG(t *testing.T) {
	t.Chdir(comparePlans(t))
	var images [][]byte
	for _, workers := range []string{"1", "2"} {
		code, out, errOut := run(t, "", "compare", "plan-a.yaml", "plan-b.yaml", "--reps", "2",
			"--workers", workers, "--png", "out.png")
		if code != 0 || out == "" {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		b, err := os.ReadFile("out.png")
		if err != nil {
			t.Fatal(err)
		}
		images = append(images, b)
	}
	if !bytes.Equal(images[0], images[1]) {
		t.Error("the PNG differs between 1 and 2 workers")
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(images[0]))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width < 1400 || cfg.Height < 800 {
		t.Errorf("image %dx%d", cfg.Width, cfg.Height)
	}
	onlyEntries(t, ".", "out.png", "plan-a.yaml", "plan-b.yaml")
}

// onlyEntries fails the test unless dir holds want and nothing else.
func onlyEntries(t *testing.T, dir string, want ...string) {
	t.Helper()
	if names := entryNames(t, dir); strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("%s holds %v, want %v", dir, names, want)
	}
}

// entryNames lists the names in dir, in order.
func entryNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestCompareBadInput(t *testing.T) {
	t.Chdir(comparePlans(t))
	eur, _ := os.ReadFile("plan-b.yaml")
	os.WriteFile("euro.yaml", bytes.Replace(eur, []byte("currency: USD"), []byte("currency: EUR"), 1), 0o644)
	os.Mkdir("adir", 0o755)
	cases := map[string][]string{
		"one plan":         {"compare", "plan-a.yaml"},
		"bad format":       {"compare", "plan-a.yaml", "plan-b.yaml", "--format", "xml"},
		"missing file":     {"compare", "plan-a.yaml", "nope.yaml"},
		"broken file":      {"compare", "plan-a.yaml", "../../scenarios/testdata/broken/yaml-syntax.yaml"},
		"png under /proc":  {"compare", "plan-a.yaml", "plan-b.yaml", "--png", "/proc/ccsim/no/out.png"},
		"png is a dir":     {"compare", "plan-a.yaml", "plan-b.yaml", "--png", "adir"},
		"zero reps":        {"compare", "plan-a.yaml", "plan-b.yaml", "--reps", "0"},
		"mixed currencies": {"compare", "plan-a.yaml", "euro.yaml", "--png", "x.png"},
		"too many plans":   append([]string{"compare"}, strings.Fields(strings.Repeat("plan-a.yaml ", 13))...),
	}
	for name, args := range cases {
		code, out, errOut := run(t, "", args...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2 (%s)", name, code, errOut)
		}
		if out != "" {
			t.Errorf("%s: wrote %q", name, out)
		}
		if !strings.HasPrefix(errOut, "ccsim: ") || strings.Count(errOut, "\n") < 1 {
			t.Errorf("%s: stderr %q", name, errOut)
		}
	}
	onlyEntries(t, ".", "adir", "euro.yaml", "plan-a.yaml", "plan-b.yaml")
	// The broken file is named with its line.
	_, _, errOut := run(t, "", "compare", "plan-a.yaml", filepath.Join(mustAbs(t, "../../scenarios/testdata/broken"), "yaml-syntax.yaml"))
	if !strings.Contains(errOut, "yaml-syntax.yaml:") {
		t.Errorf("error does not name the file: %q", errOut)
	}
}

func TestRunCharts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "charts")
	var first map[string][]byte
	for _, workers := range []string{"1", "2"} {
		code, out, errOut := run(t, "", "run", "--reps", "2", "--workers", workers, "--charts", dir)
		if code != 0 || !strings.Contains(out, "Default multi-channel center") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		files := map[string][]byte{}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			files[e.Name()], _ = os.ReadFile(filepath.Join(dir, e.Name()))
		}
		if first == nil {
			first = files
			continue
		}
		for name, b := range files {
			if !bytes.Equal(b, first[name]) {
				t.Errorf("%s differs between 1 and 2 workers", name)
			}
		}
	}
	onlyEntries(t, dir, "abandonment.png", "agents.png", "backlog.png", "cost.png", "occupancy.png", "service-level.png", "waits.png")
	for name, b := range first {
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRunChartsBadDirOrFailedRun(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file")
	os.WriteFile(file, nil, 0o644)
	code, out, errOut := run(t, "", "run", "--charts", file)
	if code != 2 || out != "" || !strings.Contains(errOut, "not a folder") || !strings.Contains(errOut, file) {
		t.Errorf("--charts FILE: exit %d, out %q, err %q", code, out, errOut)
	}
	// A run that fails (here: interrupted) writes no chart, and removes the
	// folder it made for them.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(tmp, "charts")
	if code, _, _ := invoke(ctx, nil, "", "run", "--charts", dir); code == 0 {
		t.Fatalf("interrupted run: exit 0")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("interrupted run created %s (%v)", dir, err)
	}
}
