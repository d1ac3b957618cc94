package plots

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata")

// goldenPNG compares a rendered PNG with testdata/name byte for byte. On a
// mismatch it saves what it got under the system's temporary folder and
// says how many pixels differ, so that a reviewer can look at both.
func goldenPNG(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./plots -update to write it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	// Outside t.TempDir, which is removed when the test ends.
	saved := filepath.Join(os.TempDir(), "ccsim-plots-got", name)
	os.MkdirAll(filepath.Dir(saved), 0o755)
	os.WriteFile(saved, got, 0o644)
	t.Errorf("%s differs from the golden image (%s); got saved as %s (refresh with -update after looking at it)",
		name, pixelDiff(t, got, want), saved)
}

func pixelDiff(t *testing.T, a, b []byte) string {
	ia, err1 := png.Decode(bytes.NewReader(a))
	ib, err2 := png.Decode(bytes.NewReader(b))
	if err1 != nil || err2 != nil {
		return "undecodable"
	}
	if ia.Bounds() != ib.Bounds() {
		return "sizes " + ia.Bounds().String() + " and " + ib.Bounds().String()
	}
	n := 0
	for y := ia.Bounds().Min.Y; y < ia.Bounds().Max.Y; y++ {
		for x := ia.Bounds().Min.X; x < ia.Bounds().Max.X; x++ {
			if ia.At(x, y) != ib.At(x, y) {
				n++
			}
		}
	}
	return formatInt(n) + " pixels differ"
}

func formatInt(n int) string { return numberLabel(float64(n), 0) }

func fixtureForecast() Forecast {
	return Forecast{Name: "Plan A", Result: fixture("Tuesday plan", 0), Currency: "USD"}
}

// TestChartsGolden renders every chart of the fixture forecast and holds
// each to its golden image.
func TestChartsGolden(t *testing.T) {
	charts, err := Charts(fixtureForecast())
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, c := range charts {
		files = append(files, c.File)
		goldenPNG(t, c.File, c.PNG)
	}
	want := []string{"service-level.png", "waits.png", "abandonment.png", "backlog.png", "occupancy.png", "agents.png", "cost.png"}
	if len(files) != len(want) {
		t.Fatalf("charts %v, want %v", files, want)
	}
	for i := range want {
		if files[i] != want[i] {
			t.Errorf("chart %d is %s, want %s", i, files[i], want[i])
		}
	}
}

func TestCompareGolden(t *testing.T) {
	var buf bytes.Buffer
	plans := []Forecast{fixtureForecast(), {Name: "Plan B: more voice agents", Result: fixture("Tuesday plan B", 0.08), Currency: "USD"}}
	if err := Compare(&buf, plans); err != nil {
		t.Fatal(err)
	}
	goldenPNG(t, "compare.png", buf.Bytes())
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// Wide enough for a slide, not wider than a laptop screen at 100%
	// zoom can show without scrolling far.
	if b := img.Bounds(); b.Dx() < 1400 || b.Dx() > 2000 || b.Dy() < 800 || b.Dy() > 1300 {
		t.Errorf("compare image is %v", b)
	}
}

func TestStaffingGolden(t *testing.T) {
	r := fixture("x", 0)
	tl := ResultTimeline(r)
	var groups []StaffingSeries
	for _, g := range r.Groups {
		s := StaffingSeries{Group: g.Name, Required: make([]float64, r.Intervals), Scheduled: make([]float64, r.Intervals)}
		for i := range r.Intervals {
			s.Scheduled[i] = g.Intervals[i][sim.Staff].Mean + 1 // one more for breaks
			s.Required[i] = g.Intervals[i][sim.Staff].Mean
		}
		groups = append(groups, s)
	}
	c, err := StaffingChart(tl, "", groups)
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "staffing.png" {
		t.Errorf("file %q", c.File)
	}
	goldenPNG(t, "staffing.png", c.PNG)
}

// TestChartSizes checks that every chart reads on a laptop and on a
// slide: between 1000 and 1700 px wide, and not taller than a 1080p
// screen for three channels.
func TestChartSizes(t *testing.T) {
	charts, err := Charts(fixtureForecast())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		cfg, err := png.DecodeConfig(bytes.NewReader(c.PNG))
		if err != nil {
			t.Fatalf("%s: %v", c.File, err)
		}
		if cfg.Width < 1000 || cfg.Width > 1700 || cfg.Height < 400 || cfg.Height > 1200 {
			t.Errorf("%s is %dx%d", c.File, cfg.Width, cfg.Height)
		}
	}
}

// TestDeterministicAcrossCores renders the same charts with one core, with
// every core and from several goroutines at once, and wants the same bytes
// each time: nothing in the drawing may depend on scheduling or on shared
// state.
func TestDeterministicAcrossCores(t *testing.T) {
	render := func() [][]byte {
		charts, err := Charts(fixtureForecast())
		if err != nil {
			t.Error(err)
			return nil
		}
		var buf bytes.Buffer
		if err := Compare(&buf, []Forecast{fixtureForecast(), {Name: "B", Result: fixture("b", 0.05), Currency: "USD"}}); err != nil {
			t.Error(err)
		}
		out := [][]byte{buf.Bytes()}
		for _, c := range charts {
			out = append(out, c.PNG)
		}
		return out
	}
	prev := runtime.GOMAXPROCS(1)
	one := render()
	runtime.GOMAXPROCS(max(prev, 2))
	defer runtime.GOMAXPROCS(prev)
	results := make([][][]byte, 3)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() { results[i] = render() })
	}
	wg.Wait()
	for _, got := range results {
		if len(got) != len(one) {
			t.Fatalf("%d images, want %d", len(got), len(one))
		}
		for i := range got {
			if !bytes.Equal(got[i], one[i]) {
				t.Errorf("image %d differs between runs", i)
			}
		}
	}
}

// decode is used by tests that look at pixels.
func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}
