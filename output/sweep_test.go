package output

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
	"github.com/ccsim/ccsim/sweep"
)

// swept runs a sweep of the default scenario (phone, chat, email with
// classes, two groups) at two replications a point, after edit changes
// the scenario; a point costs a few milliseconds.
func swept(t *testing.T, mode sweep.Mode, edit func(m *sim.Model), axes ...sweep.Axis) Sweep {
	t.Helper()
	m := scenarios.Default().Model
	m.Replications = 2
	if edit != nil {
		edit(&m)
	}
	p, err := sweep.New(&m, mode, axes)
	if err != nil {
		t.Fatal(err)
	}
	totals, err := sweep.Run(context.Background(), p, 0, p.Len(), sweep.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Sweep{&sweep.Result{Plan: p, Totals: totals}}
}

// axis is a --vary of param:target over values.
func axis(param, target string, values ...float64) sweep.Axis {
	a := sweep.Axis{Param: param, Target: target}
	for _, v := range values {
		a.Values = append(a.Values, sweep.Value{V: v})
	}
	return a
}

// sweepDoc is the sweep's JSON as docs/sweeps.md ("Output") describes it.
type sweepDoc struct {
	Format       string `json:"format"`
	Scenario     string `json:"scenario"`
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications"`
	Currency     string `json:"currency"`
	Mode         string `json:"mode"`
	Parameters   []struct {
		Name   string    `json:"name"`
		Target string    `json:"target"`
		Unit   string    `json:"unit"`
		Base   *float64  `json:"base"`
		Values []float64 `json:"values"`
	} `json:"parameters"`
	KPIs []struct {
		Key      string `json:"key"`
		Channel  string `json:"channel"`
		Channels string `json:"channels"`
		Unit     string `json:"unit"`
	} `json:"kpis"`
	Points []struct {
		Point      int        `json:"point"`
		Values     []*float64 `json:"values"`
		Varied     string     `json:"varied"`
		TargetsMet bool       `json:"targets_met"`
		Missed     []string   `json:"missed"`
		KPIs       []struct {
			Mean *float64 `json:"mean"`
			CI95 *float64 `json:"ci95"`
			N    int      `json:"n"`
		} `json:"kpis"`
	} `json:"points"`
}

// sweepDocs writes s as JSON, CSV and a table, and decodes the first two.
func sweepDocs(t *testing.T, s Sweep) (sweepDoc, [][]string, string) {
	t.Helper()
	var doc sweepDoc
	if err := json.Unmarshal([]byte(written(t, s, JSON)), &doc); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(written(t, s, CSV))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return doc, rows, written(t, s, Table)
}

// kpiOf reads a sweep KPI from a point's totals by its JSON key and scope,
// by way of the metric keys of docs/output.md: a channel's own figure, the
// real-time channels' merged, all groups', or all channels'.
func kpiOf(t *testing.T, m *sim.Model, tot *sweep.Totals, key, channel, channels string) sim.Stat {
	t.Helper()
	for k := range sim.NumMetrics {
		if sim.Metric(k).Key() != key {
			continue
		}
		switch {
		case channel != "":
			for c := range m.Channels {
				if m.Channels[c].Name == channel {
					return tot.Channels[c][k]
				}
			}
			t.Fatalf("no channel %q", channel)
		case channels == "real-time" || key == "abandon_rate":
			return tot.RealTime[k]
		}
		return tot.All[k]
	}
	for k := range sim.NumGroupMetrics {
		if sim.GroupMetric(k).Key() == key {
			return tot.AllGroups[k]
		}
	}
	t.Fatalf("no metric %q", key)
	return sim.Stat{}
}

// sameFloat: a number written with ten significant digits against the
// value it was written from; nil stands for an undefined value.
func sameFloat(got *float64, want float64) bool {
	if math.IsNaN(want) {
		return got == nil
	}
	return got != nil && math.Abs(*got-want) <= 1e-9*math.Abs(want)
}

// columnGap parts the columns of a text table: two or more spaces, which
// no cell holds.
var columnGap = regexp.MustCompile(`\s{2,}`)

// tableCells splits a line of a text table into its cells.
func tableCells(line string) []string { return columnGap.Split(strings.TrimSpace(line), -1) }

// TestSweepFactorial writes a 2×2 grid of phone volume and voice agents in
// every format and holds each to docs/sweeps.md: the JSON's header,
// parameters and KPI list, every point's values in factorial order (the
// last parameter fastest) and its KPIs as the point's totals have them;
// the CSV a row per point and KPI agreeing with the JSON; the table a row
// per point whose verdict names the targets the JSON says it missed.
func TestSweepFactorial(t *testing.T) {
	s := swept(t, sweep.Factorial, nil, axis("volume", "phone", 0.9, 1.1), axis("staff_delta", "voice", -3, 3))
	m := s.Plan.Base
	doc, rows, table := sweepDocs(t, s)

	if doc.Format != "ccsim-sweep/1" || doc.Scenario != m.Name || doc.Seed != m.Seed || doc.Replications != 2 ||
		doc.Currency != "USD" || doc.Mode != "factorial" {
		t.Errorf("header %+v", doc)
	}
	if len(doc.Parameters) != 2 {
		t.Fatalf("parameters %+v", doc.Parameters)
	}
	for i, want := range []struct {
		name, target, unit string
		base               float64
		values             []float64
	}{{"volume", "phone", "factor", 1, []float64{0.9, 1.1}}, {"staff_delta", "voice", "agents", 0, []float64{-3, 3}}} {
		p := doc.Parameters[i]
		if p.Name != want.name || p.Target != want.target || p.Unit != want.unit || p.Base == nil || *p.Base != want.base ||
			!slices.Equal(p.Values, want.values) {
			t.Errorf("parameter %d: %+v, want %+v", i, p, want)
		}
	}

	// The KPIs docs/sweeps.md lists, in its order: email is deferred, so
	// the abandonment of all channels is the real-time channels'.
	var keys []string
	for _, k := range doc.KPIs {
		keys = append(keys, k.Key+"/"+k.Channel+k.Channels+"/"+k.Unit)
	}
	wantKeys := "service_level/phone/share service_level/chat/share service_level/email/share " +
		"asa_seconds/phone/seconds asa_seconds/chat/seconds asa_seconds/email/seconds " +
		"abandon_rate/real-time/share abandon_rate/phone/share abandon_rate/chat/share " +
		"occupancy//share paid_hours//hours cost//money cost_per_contact//money"
	if got := strings.Join(keys, " "); got != wantKeys {
		t.Fatalf("kpis\n%s\nwant\n%s", got, wantKeys)
	}

	grid := [][]float64{{0.9, -3}, {0.9, 3}, {1.1, -3}, {1.1, 3}}
	if len(doc.Points) != len(grid) || len(s.Totals) != len(grid) {
		t.Fatalf("%d points, %d totals", len(doc.Points), len(s.Totals))
	}
	for i, pt := range doc.Points {
		tot := &s.Totals[i]
		if pt.Point != i+1 || pt.Varied != "" || len(pt.Values) != 2 || *pt.Values[0] != grid[i][0] || *pt.Values[1] != grid[i][1] {
			t.Errorf("point %d: number %d, values %v, varied %q; want %v", i+1, pt.Point, pt.Values, pt.Varied, grid[i])
		}
		if pt.TargetsMet != (len(pt.Missed) == 0) || pt.Missed == nil {
			t.Errorf("point %d: targets_met %v with missed %q", i+1, pt.TargetsMet, pt.Missed)
		}
		if len(pt.KPIs) != len(doc.KPIs) {
			t.Fatalf("point %d: %d KPIs", i+1, len(pt.KPIs))
		}
		for k, v := range pt.KPIs {
			kd := doc.KPIs[k]
			want := kpiOf(t, m, tot, kd.Key, kd.Channel, kd.Channels)
			if v.N != want.N || v.N != 2 || !sameFloat(v.Mean, want.Mean) || !sameFloat(v.CI95, want.HalfWidth) {
				t.Errorf("point %d %s %s: %+v, totals %+v", i+1, kd.Key, kd.Channel, v, want)
			}
		}
	}
	// Three fewer voice agents serve the phone worse than three more at
	// either volume: six agents of about 28 move the service level by tens
	// of points, and every point draws the same customers. This holds the
	// points' values to the totals they label.
	sl := func(i int) float64 { return *doc.Points[i].KPIs[0].Mean }
	if !(sl(0) < sl(1) && sl(2) < sl(3)) {
		t.Errorf("phone service level %v, %v at 0.9; %v, %v at 1.1", sl(0), sl(1), sl(2), sl(3))
	}
	if !slices.Contains(doc.Points[2].Missed, "phone service level") {
		t.Errorf("10%% more calls with three fewer agents meets the phone's 80/20: %q", doc.Points[2].Missed)
	}

	// CSV: a header, then a row per point and KPI with the JSON's figures.
	header := []string{"point", "volume:phone", "staff_delta:voice", "kpi", "channel", "unit", "mean", "ci95", "n", "targets_met"}
	if len(rows) != 1+len(grid)*len(doc.KPIs) || !slices.Equal(rows[0], header) {
		t.Fatalf("csv: %d rows, header %q", len(rows), rows[0])
	}
	for r, row := range rows[1:] {
		i, k := r/len(doc.KPIs), r%len(doc.KPIs)
		pt, kd := doc.Points[i], doc.KPIs[k]
		scope := kd.Channel
		if kd.Channels != "" {
			scope = kd.Channels + " channels"
		}
		mean, _ := strconv.ParseFloat(row[6], 64)
		if row[0] != strconv.Itoa(i+1) || row[1] != strconv.FormatFloat(grid[i][0], 'g', -1, 64) ||
			row[2] != strconv.FormatFloat(grid[i][1], 'g', -1, 64) || row[3] != kd.Key || row[4] != scope || row[5] != kd.Unit ||
			!sameFloat(&mean, *pt.KPIs[k].Mean) || row[8] != "2" || row[9] != strconv.FormatBool(pt.TargetsMet) {
			t.Errorf("csv row %d: %q for point %d %s", r+1, row, i+1, kd.Key)
		}
	}

	// The table: what was swept, the parameters in words, a row per point.
	lines := strings.Split(strings.TrimRight(table, "\n"), "\n")
	if lines[0] != `What-if sweep of "Default multi-channel center": 4 points (factorial), 2 replications each, seed 1` {
		t.Errorf("title %q", lines[0])
	}
	for _, want := range [][]string{
		{"parameter", "varies", "values", "scenario's"},
		{"volume:phone", "phone volume", "×0.9, ×1.1", "×1"},
		{"staff_delta:voice", "agents added to voice", "-3, +3", "0"},
		{"#", "volume:phone", "staff_delta:voice", "phone SL", "chat SL", "email SL", "abandoned (real-time)", "occupancy", "cost (USD)", "targets"},
	} {
		if !slices.ContainsFunc(lines, func(l string) bool { return slices.Equal(tableCells(l), want) }) {
			t.Errorf("table lacks the row %q:\n%s", want, table)
		}
	}
	last := lines[len(lines)-len(grid):]
	for i, l := range last {
		cells, pt := tableCells(l), doc.Points[i]
		verdict := "met"
		if !pt.TargetsMet {
			verdict = "missed: " + strings.Join(pt.Missed, ", ")
		}
		if len(cells) != 10 || cells[0] != strconv.Itoa(i+1) || cells[9] != verdict ||
			!strings.HasPrefix(cells[3], Share(*pt.KPIs[0].Mean)+"±") || cells[8] != Money(*pt.KPIs[11].Mean) {
			t.Errorf("table row of point %d: %q; json %+v", i+1, cells, pt)
		}
	}
	if strings.Contains(table, "·") {
		t.Errorf("a factorial sweep marks values left as given:\n%s", table)
	}
}

// TestSweepOneAtATime: the base first, then each parameter's values with
// the other at the scenario's; a value equal to the scenario's is not run
// twice, and a parameter over groups whose values differ is "as given"
// (null in JSON, empty in CSV, "·" in the table).
func TestSweepOneAtATime(t *testing.T) {
	s := swept(t, sweep.OneAtATime, func(m *sim.Model) { m.Groups[1].Shrinkage = 0.25 },
		axis("volume", "phone", 0.9, 1, 1.1), axis("shrinkage", "", 0.25, 0.35))
	doc, rows, table := sweepDocs(t, s)
	if doc.Mode != "one-at-a-time" || doc.Parameters[1].Unit != "share" || doc.Parameters[1].Base != nil {
		t.Errorf("header %+v", doc)
	}
	nan := math.NaN()
	want := []struct {
		values []float64
		varied string
	}{{[]float64{1, nan}, ""}, {[]float64{0.9, nan}, "volume:phone"}, {[]float64{1.1, nan}, "volume:phone"},
		{[]float64{1, 0.25}, "shrinkage"}, {[]float64{1, 0.35}, "shrinkage"}}
	if len(doc.Points) != len(want) {
		t.Fatalf("%d points, want %d", len(doc.Points), len(want))
	}
	for i, w := range want {
		pt := doc.Points[i]
		if pt.Varied != w.varied || !sameFloat(pt.Values[0], w.values[0]) || !sameFloat(pt.Values[1], w.values[1]) {
			t.Errorf("point %d: values %v varied %q, want %v %q", i+1, pt.Values, pt.Varied, w.values, w.varied)
		}
	}
	// The points' labels hold to their totals: with the same customers,
	// 20% more calls answer fewer of them in time.
	if lo, hi := *doc.Points[1].KPIs[0].Mean, *doc.Points[2].KPIs[0].Mean; !(lo > hi) {
		t.Errorf("phone service level %v at ×0.9, %v at ×1.1", lo, hi)
	}
	if rows[1][2] != "" || len(rows) != 1+len(want)*len(doc.KPIs) {
		t.Errorf("csv: %d rows, first %q", len(rows), rows[1])
	}

	lines := strings.Split(strings.TrimRight(table, "\n"), "\n")
	if !slices.ContainsFunc(lines, func(l string) bool {
		return slices.Equal(tableCells(l), []string{"shrinkage", "every group's shrinkage", "25%, 35%", "as given"})
	}) {
		t.Errorf("no parameter line for the shrinkage:\n%s", table)
	}
	if lines[len(lines)-1] != "· is the scenario's value: point 1 is the base, and each other point changes one parameter." {
		t.Errorf("last line %q", lines[len(lines)-1])
	}
	points := lines[len(lines)-2-len(want) : len(lines)-2]
	for i, w := range []string{"· ·", "×0.9 ·", "×1.1 ·", "· 25%", "· 35%"} {
		if cells := tableCells(points[i]); cells[0] != strconv.Itoa(i+1) || strings.Join(cells[1:3], " ") != w {
			t.Errorf("point %d: %q, want values %q", i+1, cells, w)
		}
	}
}

// TestSweepKPIsByKind: abandonment is reported only where customers can
// abandon, over the real-time channels, and named "real-time" only beside
// deferred channels (as compare does).
func TestSweepKPIsByKind(t *testing.T) {
	cases := []struct {
		kinds []sim.Kind
		want  string
	}{
		{[]sim.Kind{sim.Call, sim.Email}, "abandon_rate/real-time abandon_rate/c0"},
		{[]sim.Kind{sim.Call, sim.Chat}, "abandon_rate/ abandon_rate/c0 abandon_rate/c1"},
		{[]sim.Kind{sim.Email, sim.Messaging}, ""},
	}
	for _, c := range cases {
		m := &sim.Model{}
		for i, k := range c.kinds {
			m.Channels = append(m.Channels, sim.Channel{Name: "c" + strconv.Itoa(i), Kind: k})
		}
		var abandon []string
		kpis := SweepKPIs(m)
		for _, k := range kpis {
			if k.Key == "abandon_rate" {
				abandon = append(abandon, k.Key+"/"+k.Channel+k.Timing)
			}
		}
		if got := strings.Join(abandon, " "); got != c.want {
			t.Errorf("%v: %q, want %q", c.kinds, got, c.want)
		}
		// Service level and ASA per channel, and the four of the center.
		if n := 2*len(c.kinds) + len(abandon) + 4; len(kpis) != n {
			t.Errorf("%v: %d KPIs, want %d", c.kinds, len(kpis), n)
		}
	}
}

// TestMissed judges a point's means against each target of the scenario:
// a channel's and each priority class's, service level (only when the
// target has a threshold), ASA and abandonment, in that order.
func TestMissed(t *testing.T) {
	m := &sim.Model{Channels: []sim.Channel{
		{Name: "phone", Kind: sim.Call, Target: sim.Target{Threshold: 20, Goal: 0.8, ASA: 30, MaxAbandon: 0.05}},
		{Name: "email", Kind: sim.Email, Classes: []sim.Class{
			{Name: "urgent", Target: sim.Target{Threshold: 1800, Goal: 0.9}},
			{Name: "normal", Target: sim.Target{Goal: 0.9}}, // no threshold: no service level to judge
		}},
	}}
	type figures struct{ phoneSL, phoneASA, phoneAbandon, urgentSL, normalSL float64 }
	good := figures{0.85, 20, 0.03, 0.95, 0.1}
	cases := []struct {
		name string
		edit func(f *figures)
		want []string
	}{
		{"all met", func(*figures) {}, nil},
		{"at the goal is met", func(f *figures) { f.phoneSL, f.phoneASA, f.phoneAbandon = 0.8, 30, 0.05 }, nil},
		{"no contacts, nothing to judge", func(f *figures) { f.phoneSL, f.phoneASA, f.phoneAbandon = nan, nan, nan }, nil},
		{"service level", func(f *figures) { f.phoneSL = 0.79 }, []string{"phone service level"}},
		{"everything", func(f *figures) { f.phoneSL, f.phoneASA, f.phoneAbandon, f.urgentSL = 0.5, 31, 0.06, 0.2 },
			[]string{"phone service level", "phone ASA", "phone abandonment", "email urgent service level"}},
	}
	for _, c := range cases {
		f := good
		c.edit(&f)
		tot := &sweep.Totals{Channels: make([]sim.Values, 2), Classes: [][]sim.Values{nil, make([]sim.Values, 2)}}
		tot.Channels[0][sim.ServiceLevel].Mean = f.phoneSL
		tot.Channels[0][sim.ASA].Mean = f.phoneASA
		tot.Channels[0][sim.AbandonRate].Mean = f.phoneAbandon
		tot.Classes[1][0][sim.ServiceLevel].Mean = f.urgentSL
		tot.Classes[1][1][sim.ServiceLevel].Mean = f.normalSL
		if got := Missed(m, tot); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestParamValue writes each kind of value as a reader would: a factor as
// ×, changes with their sign (none for no change), durations as scenarios
// write them, shares as percentages.
func TestParamValue(t *testing.T) {
	cases := []struct {
		unit sweep.Unit
		v    float64
		want string
	}{
		{sweep.Factor, 1.1, "×1.1"},
		{sweep.Factor, 1, "×1"},
		{sweep.Seconds, 15, "+15s"},
		{sweep.Seconds, -90, "-1m30s"},
		{sweep.Seconds, 2.5, "+2.5s"},
		{sweep.Seconds, 0, "0s"},
		{sweep.Share, 0.25, "25%"},
		{sweep.Share, 0.29, "29%"},
		{sweep.Agents, -2, "-2"},
		{sweep.Agents, 3, "+3"},
		{sweep.Agents, 0, "0"},
		{sweep.Count, 3, "3"},
		{sweep.Money, 1250, "1,250"},
		{sweep.Money, 48.5, "48.50"},
		{sweep.Share, math.NaN(), "as given"},
	}
	for _, c := range cases {
		if got := ParamValue(c.unit, c.v); got != c.want {
			t.Errorf("%s %v: %q, want %q", SweepUnitName(c.unit), c.v, got, c.want)
		}
	}
	for u, want := range []string{"factor", "seconds", "share", "agents", "count", "money"} {
		if got := SweepUnitName(sweep.Unit(u)); got != want {
			t.Errorf("unit %d named %q, want %q", u, got, want)
		}
	}
}

// TestParamPhrase says in words what each parameter of docs/sweeps.md
// varies, for one target and for all of them (a channel's parameters over
// every channel, a group's over every group).
func TestParamPhrase(t *testing.T) {
	cases := []struct{ param, target, want string }{
		{"volume", "phone", "phone volume"},
		{"volume", "", "every channel's volume"},
		{"handle", "chat", "chat handle time"},
		{"handle_delta", "phone", "change in handle time of phone"},
		{"wrap_delta", "", "change in wrap time of every channel"},
		{"patience", "phone", "phone patience"},
		{"concurrency", "chat", "chats per agent of chat"},
		{"staff_delta", "voice", "agents added to voice"},
		{"staff_delta", "", "agents added to every group"},
		{"staff", "voice", "voice staffing"},
		{"shrinkage", "", "every group's shrinkage"},
		{"hourly_cost", "digital", "digital hourly cost"},
		{"contact_cost", "", "every group's cost per contact"},
		{"escalation", "chat:email", "escalations chat → email"},
		{"escalation", "", "every escalation share"},
		{"repeat", "email", "email repeat share"},
		{"repeat", "", "every repeat share"},
		{"unknown", "x", "unknown:x"},
	}
	for _, c := range cases {
		if got := ParamPhrase(&sweep.CheckedAxis{Param: c.param, Target: c.target}); got != c.want {
			t.Errorf("%s:%s: %q, want %q", c.param, c.target, got, c.want)
		}
	}
}

// TestSweepCounts: the table's counts read with separators and their
// noun, and a long list of values keeps its ends and says how many.
func TestSweepCounts(t *testing.T) {
	if got := counted(1, "point") + "; " + counted(1000, "point"); got != "1 point; 1,000 points" {
		t.Errorf("%q", got)
	}
	var vals []string
	for i := range 10 {
		vals = append(vals, strconv.Itoa(i))
	}
	if got := shorten(vals); got != "0, 1, 2, … 8, 9 (10 values)" {
		t.Errorf("%q", got)
	}
	if got := shorten(vals[:8]); got != "0, 1, 2, 3, 4, 5, 6, 7" {
		t.Errorf("%q", got)
	}
}
