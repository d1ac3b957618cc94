package plots

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
	"gonum.org/v1/plot"
)

func majorLabels(t *testing.T, tt timeTicks, lo, hi float64) []string {
	t.Helper()
	var out []string
	for _, tick := range tt.Ticks(lo, hi) {
		if tick.Label != "" {
			out = append(out, tick.Label)
		}
	}
	return out
}

func TestTimeTickLabels(t *testing.T) {
	day := Timeline{IntervalSeconds: 1800, Intervals: 48, StartWeekday: 1}
	twoDays := Timeline{IntervalSeconds: 1800, Intervals: 96, StartWeekday: 2}
	week := Timeline{IntervalSeconds: 3600, Intervals: 168, StartWeekday: 1}
	month := Timeline{IntervalSeconds: 3600, Intervals: 24 * 30, StartWeekday: 1}
	halfHour := Timeline{IntervalSeconds: 1800, Intervals: 1}
	cases := []struct {
		name   string
		tt     timeTicks
		lo, hi float64
		want   []string
	}{
		{"working day on a wide axis", timeTicks{day, 1000}, 7, 19,
			[]string{"07:00", "08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00", "18:00", "19:00"}},
		{"whole day", timeTicks{day, 1000}, 0, 24,
			[]string{"00:00", "02:00", "04:00", "06:00", "08:00", "10:00", "12:00", "14:00", "16:00", "18:00", "20:00", "22:00", "24:00"}},
		{"whole day in a small panel", timeTicks{day, 300}, 0, 24,
			[]string{"00:00", "06:00", "12:00", "18:00", "24:00"}},
		{"two days name the day", timeTicks{twoDays, 1000}, 0, 48,
			[]string{"Tue 00:00", "Tue 06:00", "Tue 12:00", "Tue 18:00", "Wed 00:00", "Wed 06:00", "Wed 12:00", "Wed 18:00", "Thu 00:00"}},
		{"a week by day", timeTicks{week, 1000}, 0, 168,
			[]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}},
		{"a week from 07:00 names the first day too", timeTicks{week, 1000}, 7, 168,
			[]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}},
		{"past a week days are numbered, with their weekday, a week apart", timeTicks{month, 1000}, 0, 720,
			[]string{"d1 Mon", "d8 Mon", "d15 Mon", "d22 Mon", "d29 Mon"}},
		{"nine days on a wide axis name every day", timeTicks{Timeline{IntervalSeconds: 3600, Intervals: 9 * 24, StartWeekday: 6}, 1500}, 0, 216,
			[]string{"d1 Sat", "d2 Sun", "d3 Mon", "d4 Tue", "d5 Wed", "d6 Thu", "d7 Fri", "d8 Sat", "d9 Sun"}},
		{"one half hour", timeTicks{halfHour, 1000}, 0, 0.5,
			[]string{"00:00", "00:05", "00:10", "00:15", "00:20", "00:25", "00:30"}},
	}
	for _, c := range cases {
		got := majorLabels(t, c.tt, c.lo, c.hi)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestDayLabelsCentered checks that when every day has a label it
// stands under the middle of the day (of its part in view), and that the
// grid lines then mark the days' bounds, not the labels.
func TestDayLabelsCentered(t *testing.T) {
	tt := timeTicks{Timeline{IntervalSeconds: 3600, Intervals: 72, StartWeekday: 1}, 400}
	var at []float64
	for _, tick := range tt.Ticks(7, 72) {
		if tick.Label != "" {
			at = append(at, tick.Value)
		}
	}
	if want := []float64{15.5, 36, 60}; !slices.Equal(at, want) {
		t.Errorf("labels at %v h, want %v", at, want)
	}
	if got, want := tt.gridAt(7, 72), []float64{24, 48, 72}; !slices.Equal(got, want) {
		t.Errorf("grid at %v h, want %v", got, want)
	}
	day := timeTicks{Timeline{IntervalSeconds: 1800, Intervals: 48}, 1000}
	if got, want := day.gridAt(0, 24), []float64{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24}; !slices.Equal(got, want) {
		t.Errorf("one day: grid at %v h, want %v", got, want)
	}
}

// TestTimeTicksFit checks for any axis length and horizon that the
// labels fit: their count times a generous label width stays within the
// axis, and the labels are evenly spaced and in order.
func TestTimeTicksFit(t *testing.T) {
	for _, hours := range []float64{0.25, 1, 6, 12, 24, 48, 72, 168, 336, 2000} {
		tl := Timeline{IntervalSeconds: 900, Intervals: int(math.Ceil(hours * 4))}
		for _, width := range []float64{200, 350, 600, 1000, 1500} {
			tt := timeTicks{tl, width}
			var values []float64
			var widest int
			for _, tick := range tt.Ticks(0, hours) {
				if tick.Label != "" {
					values = append(values, tick.Value)
					widest = max(widest, len(tick.Label))
				}
			}
			if len(values) < 2 && hours < 2000 {
				t.Errorf("%v h on %v px: %d labels", hours, width, len(values))
				continue
			}
			if n := float64(len(values) - 1); n*float64(widest*8+28) > width+1e-9 && len(values) > 2 {
				t.Errorf("%v h on %v px: %d labels of %d characters do not fit", hours, width, len(values), widest)
			}
			for i := 2; i < len(values); i++ {
				if math.Abs((values[i]-values[i-1])-(values[1]-values[0])) > 1e-9 {
					t.Errorf("%v h on %v px: uneven ticks %v", hours, width, values)
					break
				}
			}
		}
	}
}

func TestActiveSpan(t *testing.T) {
	tl := Timeline{IntervalSeconds: 1800, Intervals: 48}
	// Active 07:30 to 18:30: widened to whole hours.
	lo, hi := activeSpan(tl, func(i int) bool { return i >= 15 && i < 37 })
	if lo != 7 || hi != 19 {
		t.Errorf("span %v-%v, want 7-19", lo, hi)
	}
	if lo, hi := activeSpan(tl, func(int) bool { return false }); lo != 0 || hi != 24 {
		t.Errorf("nothing active: %v-%v, want the horizon", lo, hi)
	}
	if lo, hi := activeSpan(tl, func(i int) bool { return i == 47 }); lo != 23 || hi != 24 {
		t.Errorf("last interval: %v-%v", lo, hi)
	}
}

// TestNiceStep holds niceStep to a brute-force search over a written-out
// list of round steps: the smallest that cuts the span into at most six
// parts.
func TestNiceStep(t *testing.T) {
	var candidates []float64
	for exp := -6; exp <= 12; exp++ {
		for _, m := range []string{"1", "2", "2.5", "5"} {
			v, _ := strconv.ParseFloat(m+"e"+strconv.Itoa(exp), 64)
			candidates = append(candidates, v)
		}
	}
	for _, span := range []float64{1e-5, 0.003, 0.7, 1, 1.08, 5.4, 6, 7, 10, 12, 13, 59, 100, 108, 250, 999, 1080, 123456, 5e9} {
		want := math.Inf(1)
		for _, c := range candidates {
			if span/c <= 6+1e-9 && c < want {
				want = c
			}
		}
		got, decimals := niceStep(span)
		if math.Abs(got-want) > 1e-9*want {
			t.Errorf("span %v: step %v, want %v", span, got, want)
		}
		// The labels must show the step exactly.
		label := strconv.FormatFloat(got, 'f', decimals, 64)
		if back, _ := strconv.ParseFloat(label, 64); math.Abs(back-got) > 1e-9*got {
			t.Errorf("span %v: step %v printed as %q", span, got, label)
		}
	}
	if s, _ := niceStep(0); s != 0 {
		t.Errorf("empty span: step %v", s)
	}
}

func TestRuns(t *testing.T) {
	y := []float64{math.NaN(), 1, 2, math.NaN(), 3, math.Inf(1), 4, 5, 6}
	got := runs(len(y), func(i int) bool { return finite(y[i]) })
	want := [][2]int{{1, 3}, {4, 5}, {6, 9}}
	if !slices.Equal(got, want) {
		t.Errorf("runs %v, want %v", got, want)
	}
}

func TestWrap(t *testing.T) {
	text := strings.Repeat("word ", 60)
	lines := wrap(footerStyle, text, 300)
	if len(lines) < 3 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		if w := toPx(footerStyle.Width(l)); w > 300 {
			t.Errorf("line %q is %v px wide", l, w)
		}
	}
	if strings.Join(lines, " ")+" " != text {
		t.Error("wrapping lost words")
	}
}

func TestDurationText(t *testing.T) {
	cases := map[float64]string{20: "20 s", 60: "60 s", 90: "90 s", 1800: "30 min", 3600: "1 h", 5400: "90 min", 28800: "8 h", 0.5: "0.5 s"}
	for sec, want := range cases {
		if got := durationText(sec); got != want {
			t.Errorf("%v s: %q, want %q", sec, got, want)
		}
	}
	if got := durationText(math.NaN()); got != "-" {
		t.Errorf("NaN: %q", got)
	}
}

// TestHorizonText: a chart's subtitle says how long the horizon is and
// how it is cut, in whole days where it is.
func TestHorizonText(t *testing.T) {
	for _, c := range []struct {
		intervals int
		seconds   float64
		want      string
	}{
		{1, 1800, "one interval of 30 min"},
		{96, 900, "1 day of 15 min intervals"},
		{192, 900, "2 days of 15 min intervals"},
		{24, 1800, "12 h of 30 min intervals"},
	} {
		if got := horizonText(&sim.Result{Intervals: c.intervals, IntervalSeconds: c.seconds}); got != c.want {
			t.Errorf("%d x %v s: %q, want %q", c.intervals, c.seconds, got, c.want)
		}
	}
}

// TestSLGoal: the service-level chart draws the channel's goal, or the
// goal all its classes share; none when the classes differ or one has no
// target time.
func TestSLGoal(t *testing.T) {
	class := func(goal, threshold float64) sim.ClassResult {
		return sim.ClassResult{Target: sim.Target{Goal: goal, Threshold: threshold}}
	}
	for _, c := range []struct {
		name string
		ch   sim.ChannelResult
		want float64
	}{
		{"channel", sim.ChannelResult{Target: sim.Target{Goal: 0.8, Threshold: 20}}, 0.8},
		{"shared by classes", sim.ChannelResult{Classes: []sim.ClassResult{class(0.9, 20), class(0.9, 60)}}, 0.9},
		{"classes differ", sim.ChannelResult{Classes: []sim.ClassResult{class(0.9, 20), class(0.8, 20)}}, math.NaN()},
		{"a class without a time", sim.ChannelResult{Classes: []sim.ClassResult{class(0.9, 20), class(0.9, 0)}}, math.NaN()},
		{"no target", sim.ChannelResult{}, math.NaN()},
	} {
		if got := slGoal(&c.ch); got != c.want && !(math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("%s: goal %v, want %v", c.name, got, c.want)
		}
	}
}

// TestAddTarget: a target line widens the y range to its value; an
// undefined target draws nothing and leaves the range alone.
func TestAddTarget(t *testing.T) {
	pl := plot.New()
	addTarget(pl, math.NaN())
	if !(pl.Y.Min > pl.Y.Max) {
		t.Errorf("an undefined target set the y range to %v..%v", pl.Y.Min, pl.Y.Max)
	}
	addTarget(pl, 80)
	if pl.Y.Min != 80 || pl.Y.Max != 80 {
		t.Errorf("a target at 80 gives the y range %v..%v", pl.Y.Min, pl.Y.Max)
	}
}

// TestWaitUnit: a wait axis counts seconds up to ten minutes, minutes up
// to two hours, hours beyond.
func TestWaitUnit(t *testing.T) {
	for _, c := range []struct {
		max, scale float64
		label      string
	}{{600, 1, "seconds"}, {601, 1.0 / 60, "minutes"}, {7200, 1.0 / 60, "minutes"}, {7201, 1.0 / 3600, "hours"}} {
		if scale, label := waitUnit(c.max); scale != c.scale || label != c.label {
			t.Errorf("%v s: %v %s, want %v %s", c.max, scale, label, c.scale, c.label)
		}
	}
}

// TestSeriesStylesDiffer checks that the first three rounds of the
// palette give every series its own colour and dash pattern, so that 24
// channels or groups still draw 24 distinguishable lines.
func TestSeriesStylesDiffer(t *testing.T) {
	seen := map[string]int{}
	for i := range 3 * len(okabeIto) {
		key := fmt.Sprint(seriesColor(i), seriesDashes(i))
		if j, ok := seen[key]; ok {
			t.Fatalf("series %d and %d look alike: %s", j, i, key)
		}
		seen[key] = i
	}
}
