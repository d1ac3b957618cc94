package calibrate

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/internal/bankdata"
	"github.com/ccsim/ccsim/internal/banklog"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// dayExcerptPath is the committed whole day of the Anonymous Bank log.
const dayExcerptPath = "../contactlog/testdata/anonymous-bank-1999-05-04.txt"

// calibrateDay calibrates the whole-day excerpt.
func calibrateDay(t *testing.T, opt Options) *Calibration {
	t.Helper()
	tab := banklog.Table(t, contactlog.AggregateOptions{}, dayExcerptPath)
	var err error
	if opt.Availability, err = contactlog.MeasureAvailability(banklog.Read(dayExcerptPath), 1800); err != nil {
		t.Fatal(err)
	}
	c, err := Fit(tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// writeScenario writes the calibration's model with its notes, as
// "ccsim calibrate" does.
func writeScenario(c *Calibration) ([]byte, error) {
	var b bytes.Buffer
	m, notes := c.Model()
	err := scenarios.Write(&b, m, scenarios.WriteOptions{Comments: notes.Comments, After: notes.After, StaffingPerInterval: true})
	return b.Bytes(), err
}

// loadScenario writes the calibration as a scenario file and loads it
// back.
func loadScenario(t testing.TB, c *Calibration) (*sim.Model, []byte) {
	t.Helper()
	text, err := writeScenario(c)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse("calibrated.yaml", text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	return &sc.Model, text
}

func TestCalibrateDayAgainstRawRows(t *testing.T) {
	raw := bankdata.Calls(t, dayExcerptPath)
	c := calibrateDay(t, Options{Name: "one Tuesday"})

	// References from the raw rows.
	var offered, abandoned, handleN, handleZero int
	var handleSum, waitSum float64
	for _, r := range raw {
		if !r.AgentBound() {
			continue
		}
		offered++
		waitSum += float64(r.QTime)
		switch {
		case r.Outcome != "AGENT":
			abandoned++
		case r.SerTime > 0:
			handleN++
			handleSum += float64(r.SerTime)
		default:
			handleZero++
		}
	}
	cells := bankdata.Cells(raw)["990504"]
	grid := bankdata.NewSecondGrid(raw, 1800)
	tue := c.DayTypes[time.Tuesday]
	if tue.Days != 1 || tue.Contacts != offered || tue.Volume != float64(offered) {
		t.Errorf("Tuesday: %d days, %d contacts, volume %v; raw rows %d", tue.Days, tue.Contacts, tue.Volume, offered)
	}
	day0 := int(time.Date(1999, 5, 4, 0, 0, 0, 0, time.UTC).Sub(time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)).Hours()/24) * 86400
	for i := range 48 {
		want := 0.0
		if r := cells[i]; r != nil {
			want = float64(r.Offered) / float64(offered)
		}
		if math.Abs(tue.Shares[i]-want) > 1e-15 {
			t.Errorf("share of %02d:%02d: %v, raw %v", i/2, i%2*30, tue.Shares[i], want)
		}
		if on := grid.OnDutyMean(day0+i*1800, 1800); math.Abs(tue.OnDuty[i]-on) > 1e-9 {
			t.Errorf("on duty at %02d:%02d: %v, second grid %v", i/2, i%2*30, tue.OnDuty[i], on)
		}
	}
	for _, f := range c.DayTypes {
		if f.Name != "tue" && f.Days != 0 {
			t.Errorf("%s: %d days in a one-day log", f.Name, f.Days)
		}
	}
	if c.Handle.N != handleN || c.Handle.Zero != handleZero || math.Abs(c.Handle.Mean-handleSum/float64(handleN)) > 1e-9 {
		t.Errorf("handle: n %d zero %d mean %v; raw %d, %d, %v", c.Handle.N, c.Handle.Zero, c.Handle.Mean, handleN, handleZero, handleSum/float64(handleN))
	}
	if c.Patience == nil || math.Abs(c.Patience.ExpMean-waitSum/float64(abandoned)) > 1e-9 || c.Abandoned != abandoned {
		t.Errorf("patience %+v; raw: %v s over %d abandoned", c.Patience, waitSum, abandoned)
	}
	share, _ := grid.Share()
	if math.Abs(c.Shrinkage-(1-share)) > 1e-12 {
		t.Errorf("shrinkage %v, second grid %v", c.Shrinkage, 1-share)
	}

	// The scenario written holds those fits.
	m, text := loadScenario(t, c)
	if m.Intervals != 7*48 || m.StartWeekday != 0 || len(m.Channels) != 1 || len(m.Groups) != 1 || m.Name != "one Tuesday" {
		t.Fatalf("model %d intervals from weekday %d, %d channels, %d groups, %q", m.Intervals, m.StartWeekday, len(m.Channels), len(m.Groups), m.Name)
	}
	ch := m.Channels[0]
	// Tuesday is the third day of a week from Sunday.
	rates := ch.Arrivals.Rates[2*48 : 3*48]
	total := 0.0
	for i, r := range rates {
		total += r * 1800
		want := tue.Shares[i] * float64(offered)
		// Four significant digits in the profile and a tenth of a contact
		// in the daily volume: within 0.1% or 0.001 contacts.
		if math.Abs(r*1800-want) > 1e-3*want+1e-3 {
			t.Errorf("%02d:%02d: %v contacts, measured %v", i/2, i%2*30, r*1800, want)
		}
	}
	if math.Abs(total-float64(offered)) > 1e-6*float64(offered) {
		t.Errorf("Tuesday: %v contacts a day, measured %d", total, offered)
	}
	for d := range 7 {
		if d == 2 {
			continue
		}
		for _, r := range ch.Arrivals.Rates[d*48 : (d+1)*48] {
			if r != 0 {
				t.Fatalf("day %d of the week has arrivals, but the log has only a Tuesday", d)
			}
		}
	}
	best := c.Handle.BestFit().Dist
	if ch.Handle.Kind != best.Kind || math.Abs(ch.Handle.Mean-best.Mean) > 0.005 || math.Abs(ch.Handle.CV-best.CV) > 5e-5 {
		t.Errorf("handle %+v, fitted %+v", ch.Handle, best)
	}
	if ch.Patience == nil || ch.Patience.Kind != sim.Empirical || len(ch.Patience.Points) != len(c.Patience.Dist.Points) {
		t.Fatalf("patience %+v", ch.Patience)
	}
	for i, p := range ch.Patience.Points {
		q := c.Patience.Dist.Points[i]
		if math.Abs(p.X-q.X) > 0.005 || math.Abs(p.P-q.P) > 5e-6 {
			t.Errorf("patience point %d: %v, fitted %v", i, p, q)
		}
	}
	if math.Abs(ch.Patience.TailMean-c.Patience.TailMean) > 0.005 {
		t.Errorf("tail mean %v, fitted %v", ch.Patience.TailMean, c.Patience.TailMean)
	}
	if ch.Target.Threshold != 20 {
		t.Errorf("threshold %v", ch.Target.Threshold)
	}
	g := m.Groups[0]
	if math.Abs(g.Shrinkage-c.Shrinkage) > 5e-6 {
		t.Errorf("shrinkage %v, fitted %v", g.Shrinkage, c.Shrinkage)
	}
	for i := range 48 {
		paid := g.Paid[2*48+i]
		if want := math.Round(tue.OnDuty[i]); paid != want {
			t.Errorf("%02d:%02d: %v scheduled, on duty %v", i/2, i%2*30, paid, tue.OnDuty[i])
		}
	}
	for _, want := range []string{"log-likelihood", "KS", "Kaplan-Meier", "exponential estimate", "shrinkage",
		"Priorities in the log", "1999-05-04 to 1999-05-04"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("the scenario's comments do not state %q", want)
		}
	}
}

func TestOptions(t *testing.T) {
	c := calibrateDay(t, Options{DayTypes: contactlog.WorkdayWeekend, Weekend: []time.Weekday{time.Friday, time.Saturday},
		HighPriority: []string{"2"}, Channel: "calls", Group: "team", Kind: sim.Chat, Credit: []string{"Data: somebody."}})
	if len(c.DayTypes) != 2 || c.DayTypes[0].Name != "workday" || c.DayTypes[0].Days != 1 || c.DayTypes[1].Days != 0 {
		t.Fatalf("day types %+v", c.DayTypes)
	}
	m, text := loadScenario(t, c)
	ch := m.Channels[0]
	if ch.Name != "calls" || ch.Kind != sim.Chat || m.Groups[0].Name != "team" {
		t.Errorf("names: %q %v %q", ch.Name, ch.Kind, m.Groups[0].Name)
	}
	if len(ch.Classes) != 2 || ch.Classes[0].Name != "priority" || math.Abs(ch.Classes[0].Share-c.HighShare) > 1e-6 {
		t.Errorf("classes %+v, high share %v", ch.Classes, c.HighShare)
	}
	// Workdays share one volume: every workday of the week has it.
	for d := range 7 {
		sum := 0.0
		for _, r := range ch.Arrivals.Rates[d*48 : (d+1)*48] {
			sum += r * 1800
		}
		want := float64(c.DayTypes[0].Contacts)
		if time.Weekday(d) == time.Friday || time.Weekday(d) == time.Saturday {
			want = 0
		}
		if math.Abs(sum-want) > 1e-6*want+1e-9 {
			t.Errorf("day %d: %v contacts, want %v", d, sum, want)
		}
	}
	if !bytes.Contains(text, []byte("# Data: somebody.")) {
		t.Error("credit line missing")
	}

	tab := banklog.Table(t, contactlog.AggregateOptions{}, dayExcerptPath)
	for name, opt := range map[string]Options{
		"bad channel":   {Channel: "9lives"},
		"email":         {Kind: sim.Email},
		"unknown queue": {Queues: []string{"XX"}},
		"priority all":  {HighPriority: []string{"0", "1", "2"}},
		"priority none": {HighPriority: []string{"7"}},
		"replications":  {Replications: -1},
	} {
		if _, err := Fit(tab, opt); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	short := banklog.Table(t, contactlog.AggregateOptions{IntervalSeconds: 60}, dayExcerptPath)
	if _, err := Fit(short, Options{}); err == nil {
		t.Error("1-minute intervals: no error")
	}
	// A log of one answered call: the step that fails is named once, with
	// the package's prefix once, and the fit's error stays reachable.
	agg, err := contactlog.NewAggregator(contactlog.AggregateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	agg.Add(contactlog.Contact{Arrival: time.Date(1999, 5, 4, 10, 0, 0, 0, time.UTC), Outcome: contactlog.Answered, Wait: 5, Handle: 120, Agent: "a"})
	_, err = Fit(agg.Table(), Options{})
	const want = "calibrate: handle time: need at least two distinct positive durations, have 1"
	var step *stepError
	if err == nil || err.Error() != want || !errors.As(err, &step) || errors.Unwrap(err) == nil {
		t.Errorf("one call: %v, want %q", err, want)
	}
}

// TestStepProfile checks the profile anchors against an independent
// integration of the piecewise-linear rate, one second at a time by the
// trapezoid rule (exact for a linear rate within each second).
func TestStepProfile(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		L := []int{300, 900, 1800, 3600}[trial%4]
		n := 86400 / L
		shares := make([]float64, n)
		sum := 0.0
		for i := range shares {
			switch r.IntN(4) {
			case 0: // closed
			case 1:
				shares[i] = 50 * r.Float64() // a spike
			default:
				shares[i] = r.Float64()
			}
			sum += shares[i]
		}
		if sum == 0 {
			continue
		}
		for i := range shares {
			shares[i] /= sum
		}
		anchors := stepProfile(shares, 1000, L)
		for j := 1; j < len(anchors); j++ {
			if anchors[j].At <= anchors[j-1].At || math.Mod(anchors[j].At, 60) != 0 || anchors[j].Rate < 0 {
				t.Fatalf("trial %d: anchors %v then %v", trial, anchors[j-1], anchors[j])
			}
		}
		got := make([]float64, n)
		total := 0.0
		rate := func(s float64) float64 {
			j := sort.Search(len(anchors), func(j int) bool { return anchors[j].At > s })
			if last := anchors[len(anchors)-1]; j == len(anchors) && s == last.At {
				return last.Rate
			}
			if j == 0 || j == len(anchors) {
				return 0
			}
			a, b := anchors[j-1], anchors[j]
			return a.Rate + (b.Rate-a.Rate)*(s-a.At)/(b.At-a.At)
		}
		for s := range 86400 {
			v := (rate(float64(s)) + rate(float64(s)+1)) / 2
			got[s/L] += v
			total += v
		}
		for i := range n {
			if math.Abs(got[i]/total-shares[i]) > 1e-9 {
				t.Fatalf("trial %d, L %d, interval %d: share %v, want %v", trial, L, i, got[i]/total, shares[i])
			}
		}
	}
}

// TestCalibrateFullData checks what calibrate fits on January-May against
// figures computed from the raw rows: the mean daily volume of each
// weekday, the mean handle time and the exponential patience estimate.
func TestCalibrateFullData(t *testing.T) {
	files := bankdata.Files(t, 0, 4)
	tab := banklog.Table(t, contactlog.AggregateOptions{}, files...)
	av, err := contactlog.MeasureAvailability(banklog.Read(files...), 1800)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Fit(tab, Options{Availability: av})
	if err != nil {
		t.Fatal(err)
	}
	perDate := map[string]int{}
	var handleN, abandoned int
	var handleSum, waitSum float64
	for _, f := range files {
		for _, r := range bankdata.Calls(t, f) {
			if !r.AgentBound() {
				continue
			}
			perDate[r.Date]++
			waitSum += float64(r.QTime)
			if r.Outcome != "AGENT" {
				abandoned++
			} else if r.SerTime > 0 {
				handleN++
				handleSum += float64(r.SerTime)
			}
		}
	}
	var byDay [7][]int
	for date, n := range perDate {
		d, err := time.Parse("060102", date)
		if err != nil {
			t.Fatal(err)
		}
		byDay[d.Weekday()] = append(byDay[d.Weekday()], n)
	}
	for wd, counts := range byDay {
		sum := 0
		for _, n := range counts {
			sum += n
		}
		f := c.DayTypes[wd]
		if f.Days != len(counts) || math.Abs(f.Volume-float64(sum)/float64(len(counts))) > 1e-9 {
			t.Errorf("%v: %d days, %v a day; raw rows %d days, %v a day", time.Weekday(wd), f.Days, f.Volume, len(counts), float64(sum)/float64(len(counts)))
		}
	}
	if math.Abs(c.Handle.Mean-handleSum/float64(handleN)) > 1e-9 || c.Handle.N != handleN {
		t.Errorf("handle mean %v over %d, raw %v over %d", c.Handle.Mean, c.Handle.N, handleSum/float64(handleN), handleN)
	}
	if math.Abs(c.Patience.ExpMean-waitSum/float64(abandoned)) > 1e-9*c.Patience.ExpMean {
		t.Errorf("patience %v, raw %v", c.Patience.ExpMean, waitSum/float64(abandoned))
	}
	t.Logf("January-May: handle %.1f s (%v best), patience %.1f s (exponential), %.1f s (Kaplan-Meier mean), availability %.4f over %.0f h",
		c.Handle.Mean, c.Handle.BestFit().Dist.Kind, c.Patience.ExpMean, c.Patience.Dist.Average(), av.Share, av.WaitingSeconds/3600)
	if av.Share < 0.7 || av.Share > 0.8 {
		t.Errorf("availability %v: the log's figure is 0.752", av.Share)
	}
	if _, text := loadScenario(t, c); !slices.Contains(strings.Split(string(text), "\n"), "horizon: {days: 7, start: sunday}") {
		t.Error("horizon line missing")
	}
	// The demand's variation: the outlier days are those of the list the
	// forecast's documentation made by the same rule, and the dispersion
	// without them is the bank's about 4.
	data, err := os.ReadFile("../contactlog/testdata/anonymous-bank-1999-exclude.txt")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for line := range strings.Lines(string(data)) {
		if f := strings.Fields(line); len(f) > 0 && !strings.HasPrefix(f[0], "#") {
			listed = append(listed, f[0])
		}
	}
	var found []string
	for _, d := range c.Demand.Outliers {
		found = append(found, d.Format(time.DateOnly))
	}
	if !slices.Equal(found, listed) {
		t.Errorf("outlier days %v, the exclusion list has %v", found, listed)
	}
	d, a := c.Demand, c.Absence
	t.Logf("dispersion %.3f over %d degrees of freedom (%.3f with every day), day cv %.4f over %d days; absence %.4f (%d alone, %d in a row of %d expected, %d of %d agents)",
		d.Dispersion, d.DF, d.AllDays, d.DayCV, d.Days, a.Rate, a.Missed, a.Leave, a.Expected, a.Regular, a.Agents)
	if d.Why != "" || d.Dispersion < 3.9 || d.Dispersion > 4.4 || d.AllDays < d.Dispersion || d.DayCV < 0.05 || d.DayCV > 0.25 {
		t.Errorf("demand %+v: the bank's dispersion is about 4, its days vary by some 10-15%%", d)
	}
	if a.Why != "" || a.Rate < 0.05 || a.Rate > 0.1 {
		t.Errorf("absence %+v", a)
	}
}

// TestFitEdges fits small logs built by hand, for what the bank day does
// not show: no contact at all, no handle time to fit, too few waits for
// the patience estimate, and a log with after-contact work, two queues
// (one with a single answered contact), no priorities and busy agents
// above on duty.
func TestFitEdges(t *testing.T) {
	day := time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)
	table := func(cs []contactlog.Contact) *contactlog.Table {
		a, err := contactlog.NewAggregator(contactlog.AggregateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			a.Add(c)
		}
		return a.Table()
	}
	if _, err := Fit(table(nil), Options{}); err == nil || !strings.Contains(err.Error(), "no contact") {
		t.Errorf("an empty log: %v", err)
	}
	var cs []contactlog.Contact
	for i := range 40 {
		cs = append(cs, contactlog.Contact{Arrival: day.Add(time.Duration(i) * time.Minute), Queue: "a",
			Outcome: contactlog.Answered, Wait: float64(i), Agent: "ann"})
	}
	if _, err := Fit(table(cs), Options{}); err == nil || !strings.Contains(err.Error(), "handle time") {
		t.Errorf("no handle time: %v", err)
	}
	for i := range cs {
		cs[i].Handle, cs[i].ACW = float64(60+7*i), float64(10+i%5)
	}
	for i := range 5 {
		cs = append(cs, contactlog.Contact{Arrival: day.Add(time.Duration(i) * time.Hour), Queue: "a",
			Outcome: contactlog.Abandoned, Wait: float64(30 + i)})
	}
	cs = append(cs, contactlog.Contact{Arrival: day, Queue: "b", Outcome: contactlog.Answered, Handle: 90, Agent: "bob"})
	if _, err := Fit(table(cs), Options{Patience: PatienceOptions{MinAtRisk: 1000}}); err == nil || !strings.Contains(err.Error(), "patience") {
		t.Errorf("too few waits: %v", err)
	}
	c, err := Fit(table(cs), Options{Availability: contactlog.Availability{Share: 1.2, WaitingSeconds: 60, Busy: 1.2, OnDuty: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Wrap.N != 40 || c.Shrinkage != 0 || len(c.Queue) != 2 || c.Queue[1].HandleErr == nil {
		t.Errorf("wrap n %d, shrinkage %v, queues %+v", c.Wrap.N, c.Shrinkage, c.Queue)
	}
	_, notes := c.Model()
	var all []string
	for _, lines := range notes.Comments {
		all = append(all, lines...)
	}
	for _, lines := range notes.After {
		all = append(all, lines...)
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"b too few", "The log shows no priorities.", "After-contact work: 40", "a 188 s (11.1% abandoned)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the notes do not say %q:\n%s", want, text)
		}
	}
}
