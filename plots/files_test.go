package plots

import (
	"bytes"
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
)

func TestWriteFileReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "chart.png")
	if err := WriteFile(context.Background(), path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(context.Background(), path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("content %q", b)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v", info.Mode(), err)
	}
	onlyFiles(t, dir, "chart.png")
}

// TestWriteFileFailureLeavesNothing makes the final rename fail (the
// target is a directory) and wants neither a file nor a temporary left.
func TestWriteFileFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "taken")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(context.Background(), target, []byte("png"))
	if err == nil {
		t.Fatal("no error renaming over a directory")
	}
	if !strings.HasPrefix(err.Error(), "plots: ") {
		t.Errorf("error %q", err)
	}
	onlyFiles(t, dir, "taken")
	if err := WriteFile(context.Background(), filepath.Join(dir, "missing", "x.png"), nil); err == nil {
		t.Error("no error for a missing directory")
	}
}

func onlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("%s holds %v, want %v", dir, names, want)
	}
}

func TestWriteCharts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "charts")
	charts := []Chart{{File: "a.png", PNG: []byte{1}}, {File: "b.png", PNG: []byte{2}}}
	if err := WriteCharts(context.Background(), dir, charts); err != nil {
		t.Fatal(err)
	}
	onlyFiles(t, dir, "a.png", "b.png")
	if err := WriteCharts(context.Background(), dir, []Chart{{File: "../escape.png"}}); err == nil {
		t.Error("a chart name with a path was accepted")
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if err := CheckDir(file); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("CheckDir on a file: %v", err)
	}
	if err := WriteCharts(context.Background(), file, charts); err == nil {
		t.Error("WriteCharts into a file: no error")
	}
}

// TestBadForecasts feeds results the charts cannot read and wants a
// clear error for each, never a panic.
func TestBadForecasts(t *testing.T) {
	cases := map[string]func(r *sim.Result){
		"no intervals":       func(r *sim.Result) { r.Intervals = 0 },
		"negative interval":  func(r *sim.Result) { r.IntervalSeconds = -1 },
		"NaN interval":       func(r *sim.Result) { r.IntervalSeconds = math.NaN() },
		"short channel":      func(r *sim.Result) { r.Channels[1].Intervals = r.Channels[1].Intervals[:3] },
		"short group":        func(r *sim.Result) { r.Groups[0].Intervals = nil },
		"short total":        func(r *sim.Result) { r.Total.Intervals = nil },
		"no channels":        func(r *sim.Result) { r.Channels = nil },
		"horizon of 10^6 y":  func(r *sim.Result) { r.IntervalSeconds = 3e13 },
		"too many intervals": func(r *sim.Result) { r.Intervals = 1 << 30 },
	}
	for name, spoil := range cases {
		r := fixture("x", 0)
		spoil(r)
		if _, err := Charts(output.Forecast{Result: r}); err == nil || !strings.HasPrefix(err.Error(), "plots: ") {
			t.Errorf("%s: Charts error %v", name, err)
		}
		if err := Compare(io.Discard, []output.Forecast{{Result: fixture("ok", 0)}, {Result: r}}); err == nil {
			t.Errorf("%s: Compare accepted it", name)
		}
	}
	if _, err := Charts(output.Forecast{}); err == nil {
		t.Error("nil result accepted")
	}
	many := make([]output.Forecast, MaxPlans+1)
	if err := Compare(io.Discard, many); err == nil {
		t.Error("too many plans accepted")
	}
	tl := Timeline{IntervalSeconds: 1800, Intervals: 4}
	if err := Staffing(io.Discard, tl, "", []StaffingSeries{{Group: "g", Required: []float64{1, 2}}}); err == nil {
		t.Error("staffing of the wrong length accepted")
	}
	if err := Staffing(io.Discard, tl, "", nil); err == nil {
		t.Error("staffing without groups accepted")
	}
	if err := Staffing(io.Discard, Timeline{IntervalSeconds: 1800}, "", []StaffingSeries{{Group: "g"}}); err == nil {
		t.Error("staffing on a timeline without intervals accepted")
	}
	if _, err := StaffingChart(tl, "", nil); err == nil {
		t.Error("a staffing chart without groups accepted")
	}
	if err := WriteCharts(context.Background(), t.TempDir(), []Chart{{File: "sub/a.png", PNG: []byte{1}}}); err == nil ||
		!strings.Contains(err.Error(), "plain file name") {
		t.Errorf("a chart named sub/a.png: %v", err)
	}
}

// TestUndefinedEverywhere draws a forecast in which nothing is defined
// (every mean NaN): every chart of a defined forecast must still render,
// at full size, and so must a comparison.
func TestUndefinedEverywhere(t *testing.T) {
	r := fixture("x", 0)
	nan := sim.Stat{Mean: math.NaN(), HalfWidth: math.NaN()}
	for c := range r.Channels {
		for i := range r.Channels[c].Intervals {
			for k := range r.Channels[c].Intervals[i] {
				r.Channels[c].Intervals[i][k] = nan
			}
		}
	}
	for g := range r.Groups {
		for i := range r.Groups[g].Intervals {
			for k := range r.Groups[g].Intervals[i] {
				r.Groups[g].Intervals[i][k] = nan
			}
		}
	}
	charts, err := Charts(output.Forecast{Result: r})
	if err != nil {
		t.Fatal(err)
	}
	defined, err := Charts(output.Forecast{Result: fixture("x", 0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != len(defined) {
		t.Errorf("%d charts, %d when everything is defined", len(charts), len(defined))
	}
	for _, c := range charts {
		if img := decode(t, c.PNG); img.Bounds().Dx() < 1000 {
			t.Errorf("%s: %v", c.File, img.Bounds())
		}
	}
	var buf bytes.Buffer
	if err := Compare(&buf, []output.Forecast{{Result: r}, {Result: fixture("y", 0)}}); err != nil {
		t.Fatal(err)
	}
	if img := decode(t, buf.Bytes()); img.Bounds().Dx() < 1000 {
		t.Errorf("comparison: %v", img.Bounds())
	}
}

// TestWriteChartsRefuses: a folder that cannot hold the charts, a chart
// whose file is taken by a folder, or a context done before the renames
// fail with an error naming the cause and write none of the charts (the
// set is whole or not at all); a cancellation is the context's own error,
// as callers test for it.
func TestWriteChartsRefuses(t *testing.T) {
	charts := []Chart{{File: "a.png", PNG: []byte{1}}, {File: "b.png", PNG: []byte{2}}}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name string
		// setup returns the folder to write into, under root.
		setup func(t *testing.T, root string) string
		ctx   context.Context
		want  string
	}{
		{"no folder name", func(*testing.T, string) string { return "" }, context.Background(), "plots: empty directory name"},
		{"under a file", func(t *testing.T, root string) string {
			if err := os.WriteFile(filepath.Join(root, "file"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(root, "file", "charts")
		}, context.Background(), "not a directory"},
		// A link to nowhere does not exist for CheckDir, but cannot be
		// made into a folder either.
		{"a dangling link", func(t *testing.T, root string) string {
			link := filepath.Join(root, "link")
			if err := os.Symlink(filepath.Join(root, "nowhere"), link); err != nil {
				t.Skip("no symbolic links:", err)
			}
			return link
		}, context.Background(), "plots: mkdir"},
		{"a chart's name taken by a folder", func(t *testing.T, root string) string {
			if err := os.MkdirAll(filepath.Join(root, "charts", "b.png"), 0o755); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(root, "charts")
		}, context.Background(), "b.png is a directory"},
		{"context done", func(t *testing.T, root string) string { return filepath.Join(root, "charts") }, canceled, context.Canceled.Error()},
	}
	for _, c := range cases {
		root := t.TempDir()
		dir := c.setup(t, root)
		err := WriteCharts(c.ctx, dir, charts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
		if c.ctx.Err() != nil && err != context.Canceled {
			t.Errorf("%s: error %#v, want context.Canceled itself", c.name, err)
		}
		for _, p := range listTree(t, root) {
			if info, err := os.Lstat(p); err == nil && info.Mode().IsRegular() && (strings.HasSuffix(p, ".png") || strings.HasSuffix(p, ".tmp")) {
				t.Errorf("%s: wrote %s", c.name, p)
			}
		}
	}
	// A single chart: the same cancellation, the same nothing written.
	dir := t.TempDir()
	if err := WriteFile(canceled, filepath.Join(dir, "a.png"), []byte{1}); err != context.Canceled {
		t.Errorf("WriteFile with its context done: %v, want context.Canceled", err)
	}
	onlyFiles(t, dir)
}

// listTree lists the paths under root, sorted.
func listTree(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(path string, _ os.DirEntry, err error) error {
		out = append(out, path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
