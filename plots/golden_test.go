package plots

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata")

// The golden images in testdata are compared by their decoded pixels, not
// their bytes, so that another zlib or PNG encoder (which changes the
// bytes but not the picture) does not fail them. A pixel counts as changed
// when one of its channels moves by more than pixelLevels of 255 (about
// 6%): rounding in anti-aliasing, say from another CPU's fused
// multiply-adds, moves edge pixels by a level or two. An image passes when
// at most one pixel in changedShare is changed (about a dozen in a chart),
// room for a few stray edge pixels but not for anything a reader could
// see: TestGoldenComparison shows that one letter of the plan's name
// (about 3,000 pixels changed) or one value of a line moved by half a
// pixel (about 90) fail.
//
// After a deliberate change to the drawing (or a gonum/plot update that
// moves the layout), look at the images the failing test saves and
// refresh the goldens with
//
//	go test ./plots -update
//
// which is the only way they are written.
const (
	pixelLevels  = 16
	changedShare = 100_000
)

// goldenPNG holds a rendered PNG to testdata/name within the tolerance
// above. On a mismatch it saves what it got under the system's temporary
// folder, so that a reviewer can look at both.
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
	diff := comparePNG(t, got, want)
	if diff.ok() {
		return
	}
	// Outside t.TempDir, which is removed when the test ends.
	saved := filepath.Join(os.TempDir(), "ccsim-plots-got", name)
	os.MkdirAll(filepath.Dir(saved), 0o755)
	os.WriteFile(saved, got, 0o644)
	t.Errorf("%s differs from the golden image (%s); got saved as %s (refresh with -update after looking at it)",
		name, diff, saved)
}

// pixelDiff is how far two decoded images are apart.
type pixelDiff struct {
	bounds        [2]image.Rectangle // got, want
	changed, size int                // pixels changed beyond pixelLevels, pixels in all
	worst         int                // the largest change of a channel, 0-255
}

func (d pixelDiff) ok() bool {
	return d.bounds[0] == d.bounds[1] && d.changed <= d.size/changedShare
}

func (d pixelDiff) String() string {
	if d.bounds[0] != d.bounds[1] {
		return "sizes " + d.bounds[0].String() + " and " + d.bounds[1].String()
	}
	return formatInt(d.changed) + " of " + formatInt(d.size) + " pixels changed by more than " +
		strconv.Itoa(pixelLevels) + " levels (" + formatInt(d.size/changedShare) + " allowed), the most by " +
		strconv.Itoa(d.worst)
}

// comparePNG decodes both images and counts the pixels that changed.
func comparePNG(t *testing.T, got, want []byte) pixelDiff {
	t.Helper()
	a, b := decode(t, got), decode(t, want)
	d := pixelDiff{bounds: [2]image.Rectangle{a.Bounds(), b.Bounds()}}
	if a.Bounds() != b.Bounds() {
		return d
	}
	r := a.Bounds()
	d.size = r.Dx() * r.Dy()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			m := 0
			for _, c := range [4][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}, {a1, a2}} {
				m = max(m, abs(int(c[0]>>8)-int(c[1]>>8)))
			}
			d.worst = max(d.worst, m)
			if m > pixelLevels {
				d.changed++
			}
		}
	}
	return d
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func formatInt(n int) string { return output.Number(float64(n), 0) }

// TestGoldenComparison checks the tolerance of the golden images both
// ways: an image encoded again at another compression level (new bytes,
// the same picture) passes; one letter changed in a title, or one value of
// a line moved by half a pixel, fails.
func TestGoldenComparison(t *testing.T) {
	serviceLevel := func(f output.Forecast) []byte {
		t.Helper()
		figs, err := chartFigures(f)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if figs[0].file != "service-level.png" || figs[0].render(&buf) != nil {
			t.Fatalf("could not draw %s", figs[0].file)
		}
		return buf.Bytes()
	}
	sl := serviceLevel(fixtureForecast())
	var again bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&again, decode(t, sl)); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(again.Bytes(), sl) {
		t.Fatal("encoding again at another level gave the same bytes: the case tests nothing")
	}
	if d := comparePNG(t, again.Bytes(), sl); !d.ok() || d.changed != 0 {
		t.Errorf("the same picture encoded again: %s", d)
	}

	renamed := fixtureForecast()
	renamed.Name = "Plan B"
	moved := fixtureForecast()
	// 0.2 points of service level, half a pixel on the chart's axis.
	moved.Result.Channels[0].Intervals[20][sim.ServiceLevel].Mean += 0.002
	for name, f := range map[string]output.Forecast{"one letter": renamed, "half a pixel": moved} {
		d := comparePNG(t, serviceLevel(f), sl)
		if d.ok() {
			t.Errorf("%s: %s, and the comparison passes", name, d)
		}
		t.Logf("%s: %s", name, d)
	}
}

func fixtureForecast() output.Forecast {
	return output.Forecast{Name: "Plan A", Result: fixture("Tuesday plan", 0), Currency: "USD"}
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
	plans := []output.Forecast{fixtureForecast(), {Name: "Plan B: more voice agents", Result: fixture("Tuesday plan B", 0.08), Currency: "USD"}}
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
		if err := Compare(&buf, []output.Forecast{fixtureForecast(), {Name: "B", Result: fixture("b", 0.05), Currency: "USD"}}); err != nil {
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

// TestChartsThatApply leaves out the charts a forecast has nothing for:
// abandonment without a real-time channel, backlog without a deferred
// one, occupancy and agents without groups.
func TestChartsThatApply(t *testing.T) {
	only := func(kind func(sim.Kind) bool) *sim.Result {
		r := fixture("one kind", 0)
		var keep []sim.ChannelResult
		for _, c := range r.Channels {
			if kind(c.Kind) {
				keep = append(keep, c)
			}
		}
		r.Channels = keep
		return r
	}
	noGroups := fixture("no groups", 0)
	noGroups.Groups = nil
	for name, c := range map[string]struct {
		r    *sim.Result
		want string
	}{
		"deferred only":  {only(sim.Kind.Deferred), "service-level.png waits.png backlog.png occupancy.png agents.png cost.png"},
		"real-time only": {only(func(k sim.Kind) bool { return !k.Deferred() }), "service-level.png waits.png abandonment.png occupancy.png agents.png cost.png"},
		"no groups":      {noGroups, "service-level.png waits.png abandonment.png backlog.png cost.png"},
	} {
		charts, err := Charts(output.Forecast{Result: c.r})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var files []string
		for _, ch := range charts {
			files = append(files, ch.File)
		}
		if got := strings.Join(files, " "); got != c.want {
			t.Errorf("%s: %s, want %s", name, got, c.want)
		}
	}
}
