package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// TestForecastJSONMatchesDocs holds the forecast's JSON to the example in
// docs/output.md: every key of the example is in the document at the same
// place, and every key of the document's objects (other than metric keys,
// which TestMetricKeysDocumented covers) is in the example, in its order.
func TestForecastJSONMatchesDocs(t *testing.T) {
	doc, err := os.ReadFile("../docs/output.md")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```json\n(.*?)```").FindSubmatch(doc)
	if block == nil {
		t.Fatal("docs/output.md has no JSON example")
	}
	var b bytes.Buffer
	if err := (Forecast{Result: simulated(t, 1)}).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	example, got := decodeOrdered(t, block[1]), decodeOrdered(t, b.Bytes())
	sameKeys(t, "", example, got)
}

// node is a decoded JSON value that keeps the order of object keys.
type node struct {
	keys   []string
	fields map[string]*node
	items  []*node
}

func decodeOrdered(t *testing.T, data []byte) *node {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	var read func() *node
	read = func() *node {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		n := &node{}
		switch tok {
		case json.Delim('{'):
			n.fields = map[string]*node{}
			for dec.More() {
				k, _ := dec.Token()
				n.keys = append(n.keys, k.(string))
				n.fields[k.(string)] = read()
			}
			dec.Token()
		case json.Delim('['):
			for dec.More() {
				n.items = append(n.items, read())
			}
			dec.Token()
		}
		return n
	}
	return read()
}

// sameKeys compares the keys of the example's objects with the
// document's, recursing into the first element of lists. Objects whose
// keys are metric keys ("..." marks them in the example) are compared by
// their first key only.
func sameKeys(t *testing.T, path string, example, got *node) {
	t.Helper()
	if example.fields == nil {
		if len(example.items) > 0 && len(got.items) > 0 && example.items[0].fields != nil {
			sameKeys(t, path+"[0]", example.items[0], got.items[0])
		}
		return
	}
	if got.fields == nil {
		t.Errorf("%s: an object in the docs, not in the document", path)
		return
	}
	if slices.Contains(example.keys, "...") {
		if len(example.keys) > 1 && len(got.keys) > 0 && example.keys[0] != got.keys[0] {
			t.Errorf("%s: first key %q in the document, %q in the docs", path, got.keys[0], example.keys[0])
		}
		return
	}
	if len(example.keys) == 0 {
		return // {} stands for an object described elsewhere
	}
	// Keys written only when they apply may be missing.
	optional := []string{"name", "classes"}
	var want []string
	for _, k := range example.keys {
		if got.fields[k] != nil || !slices.Contains(optional, k) {
			want = append(want, k)
		}
	}
	if !slices.Equal(want, got.keys) {
		t.Errorf("%s: keys %v in the document, %v in the docs", path, got.keys, example.keys)
		return
	}
	for _, k := range want {
		sameKeys(t, path+"."+k, example.fields[k], got.fields[k])
	}
}

// TestForecastJSONRoundTrip reads the JSON back: every value is the
// result's to ten significant digits, undefined ones are null with their
// count of replications.
func TestForecastJSONRoundTrip(t *testing.T) {
	r := simulated(t, 1)
	var b bytes.Buffer
	if err := (Forecast{Result: r}).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	type statJSON struct {
		Mean *float64 `json:"mean"`
		CI95 *float64 `json:"ci95"`
		N    int      `json:"n"`
	}
	var doc struct {
		Format         string   `json:"format"`
		IntervalLabels []string `json:"interval_labels"`
		Channels       []struct {
			Name      string                `json:"name"`
			Kind      string                `json:"kind"`
			Intervals []map[string]statJSON `json:"intervals"`
			Total     map[string]statJSON   `json:"total"`
		} `json:"channels"`
		Groups []struct {
			Total map[string]statJSON `json:"total"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != ForecastFormat || !slices.Equal(doc.IntervalLabels, r.Timeline().Labels()) ||
		len(doc.Channels) != len(r.Channels) || len(doc.Groups) != len(r.Groups) {
		t.Fatalf("document shape: %s", b.Bytes()[:200])
	}
	same := func(where string, got statJSON, want sim.Stat) {
		t.Helper()
		close := func(p *float64, v float64) bool {
			if math.IsNaN(v) {
				return p == nil
			}
			return p != nil && math.Abs(*p-v) <= 1e-9*math.Abs(v)
		}
		if got.N != want.N || !close(got.Mean, want.Mean) || !close(got.CI95, want.HalfWidth) {
			t.Errorf("%s: %+v, want %+v", where, got, want)
		}
	}
	undefined := 0
	for c, ch := range doc.Channels {
		want := &r.Channels[c]
		if ch.Name != want.Name || ch.Kind != want.Kind.String() || len(ch.Intervals) != r.Intervals {
			t.Fatalf("channel %d: %s %s with %d intervals", c, ch.Name, ch.Kind, len(ch.Intervals))
		}
		for k := range sim.NumMetrics {
			key := sim.Metric(k).Key()
			if k >= int(sim.SelfServed) {
				// The model's breadth: none in this scenario, so left out.
				if _, ok := ch.Total[key]; ok {
					t.Errorf("%s/%s written for a scenario without it", ch.Name, key)
				}
				continue
			}
			same(ch.Name+"/"+key, ch.Total[key], want.Total[k])
			for i, iv := range ch.Intervals {
				same(ch.Name+"/"+doc.IntervalLabels[i]+"/"+key, iv[key], want.Intervals[i][k])
				if iv[key].Mean == nil {
					undefined++
				}
			}
		}
	}
	for g, gr := range doc.Groups {
		for k := range sim.NumGroupMetrics {
			key := sim.GroupMetric(k).Key()
			if k >= int(sim.Absent) {
				if _, ok := gr.Total[key]; ok {
					t.Errorf("%s/%s written for a scenario without it", r.Groups[g].Name, key)
				}
				continue
			}
			same(r.Groups[g].Name+"/"+key, gr.Total[key], r.Groups[g].Total[k])
		}
	}
	if undefined == 0 {
		t.Error("no undefined value: the night intervals should have some")
	}
}

// TestStatJSON: values marshal as objects whether held by value or by
// pointer (a pointer receiver would write an array for a value).
func TestStatJSON(t *testing.T) {
	var v sim.Values
	for k := range v {
		v[k] = sim.Stat{Mean: math.NaN(), HalfWidth: math.NaN()}
	}
	v[sim.Offered] = sim.Stat{Mean: 1534.25, HalfWidth: 21.7, N: 10}
	v[sim.ServiceLevel] = sim.Stat{Mean: 0.8, HalfWidth: math.NaN(), N: 1}
	for _, x := range []any{values{v, nil}, &struct{ V values }{values{v, nil}}} {
		b, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(s, `"offered":{"mean":1534.25,"ci95":21.7,"n":10}`) ||
			!strings.Contains(s, `"service_level":{"mean":0.8,"ci95":null,"n":1}`) ||
			!strings.Contains(s, `"answered":{"mean":null,"ci95":null,"n":0}`) {
			t.Errorf("%T: %s", x, s)
		}
	}
	b, _ := json.Marshal(target(sim.Target{Threshold: 20, Goal: 0.8, MaxAbandon: 0.05}))
	if string(b) != `{"threshold_seconds":20,"goal":0.8,"asa_seconds":0,"max_abandon":0.05}` {
		t.Errorf("target %s", b)
	}
	b, _ = json.Marshal(kind(sim.Email))
	if string(b) != `"email"` {
		t.Errorf("kind %s", b)
	}
}

// TestComparisonDocuments writes a comparison in each format: the JSON
// carries every KPI's values and deltas, the CSV a row per KPI and plan.
func TestComparisonDocuments(t *testing.T) {
	plans := []Forecast{
		{File: "a.yaml", Result: simulated(t, 1), Currency: "USD"},
		{File: "b.yaml", Result: simulated(t, 2), Currency: "USD"},
	}
	NamePlans(plans)
	cmp, err := Compare(plans)
	if err != nil {
		t.Fatal(err)
	}
	if got := Formats(cmp); !slices.Equal(got, []Format{Table, JSON, CSV, HTML}) {
		t.Errorf("formats %v", got)
	}
	var j, c, tab bytes.Buffer
	for f, w := range map[Format]*bytes.Buffer{JSON: &j, CSV: &c, Table: &tab} {
		if err := Write(w, cmp, f); err != nil {
			t.Fatal(err)
		}
	}
	var doc struct {
		Format string `json:"format"`
		Plans  []struct {
			Name string `json:"name"`
			File string `json:"file"`
		} `json:"plans"`
		KPIs []struct {
			Key    string     `json:"key"`
			Unit   string     `json:"unit"`
			Values []any      `json:"values"`
			Deltas []*float64 `json:"deltas"`
		} `json:"kpis"`
	}
	if err := json.Unmarshal(j.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != CompareFormat || len(doc.Plans) != 2 || doc.Plans[1].Name != "b.yaml" ||
		len(doc.KPIs) != len(cmp.Rows) {
		t.Fatalf("document %s", j.Bytes()[:300])
	}
	for i, k := range doc.KPIs {
		row := cmp.Rows[i]
		if k.Key != row.Key || k.Unit != UnitName(row.Unit) || len(k.Values) != 2 || k.Deltas[0] != nil ||
			(k.Deltas[1] == nil) != math.IsNaN(row.Deltas[1]) {
			t.Errorf("kpi %d: %+v for %+v", i, k, row.KPI)
		}
	}
	rows, err := csv.NewReader(&c).ReadAll()
	if err != nil || len(rows) != 1+2*len(cmp.Rows) {
		t.Errorf("csv: %d rows for %d KPIs (%v)", len(rows), len(cmp.Rows), err)
	}
	if !strings.Contains(tab.String(), "pp: percentage points") {
		t.Errorf("table:\n%s", tab.String())
	}
}

// TestWriteFormats: a document is written only in the formats it has,
// and a failed rendering writes nothing.
func TestWriteFormats(t *testing.T) {
	e := Erlang{}
	if got := Formats(e); !slices.Equal(got, []Format{Table, JSON}) {
		t.Errorf("erlang formats %v", got)
	}
	var b bytes.Buffer
	if err := Write(&b, e, CSV); err == nil || b.Len() > 0 {
		t.Errorf("CSV of an erlang document: %v, wrote %q", err, b.String())
	}
	if err := Write(&b, e, "xml"); err == nil || b.Len() > 0 {
		t.Errorf("unknown format: %v, wrote %q", err, b.String())
	}
	bad := Erlang{Load: math.NaN()} // JSON has no NaN
	if err := Write(&b, bad, JSON); err == nil || b.Len() > 0 {
		t.Errorf("NaN in JSON: %v, wrote %q", err, b.String())
	}
}

// TestForecastTableAndCSV: the table has every section, the CSV a row per
// measure of every scope.
func TestForecastTableAndCSV(t *testing.T) {
	r := simulated(t, 1)
	f := Forecast{Result: r, Intervals: true}
	out := writeAll(t, f)
	for _, want := range []string{"Default multi-channel center: 1 day, 48 intervals of 30m, 3 replications, seed 1",
		"Real-time channels", "channel offered answered abandoned service level target ASA (s) wait p90 (s) AHT (s)",
		"phone (call)", "all real-time", "Deferred channels (waits are first-reply times)", "first reply (s)",
		"group on floor (mean while scheduled) paid (mean while scheduled)", "voice",
		"flow from to contacts", "escalation", "phone by interval (contacts counted where they arrived)", "email by interval"} {
		if !has(out[Table], want) {
			t.Errorf("table lacks %q:\n%s", want, out[Table])
		}
	}
	f.Intervals = false
	if short := writeAll(t, f)[Table]; strings.Contains(short, "by interval") || !strings.HasPrefix(out[Table], short) {
		t.Errorf("table without intervals:\n%s", short)
	}
	rows, err := csv.NewReader(strings.NewReader(out[CSV])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	classes := 0
	for _, c := range r.Channels {
		classes += len(c.Classes)
	}
	// A scenario without the model's breadth writes no breadth metric
	// (they come after the others in metric order).
	metrics, groupMetrics := int(sim.SelfServed), int(sim.Absent)
	want := 1 + (len(r.Channels)+1)*(r.Intervals+1)*metrics + classes*metrics +
		len(r.Groups)*(r.Intervals+1)*groupMetrics + len(r.Flows)
	if len(rows) != want || rows[1][3] != "00:00" || rows[len(rows)-1][0] != "flow" {
		t.Errorf("csv: %d rows, want %d; first %v, last %v", len(rows), want, rows[1], rows[len(rows)-1])
	}
}

func TestForecastNames(t *testing.T) {
	r := &sim.Result{Name: "Tuesday"}
	for _, c := range []struct {
		f            Forecast
		title, money string
	}{
		{Forecast{Name: "Plan A", Result: r, Currency: "USD"}, "Plan A", "USD"},
		{Forecast{Result: r}, "Tuesday", "cost"},
		{Forecast{}, "forecast", "cost"},
	} {
		if c.f.Title() != c.title || c.f.Money() != c.money {
			t.Errorf("%+v: %q, %q", c.f, c.f.Title(), c.f.Money())
		}
	}
	if ScenarioName("") != "the scenario" || ScenarioName(`a "b"`) != `"a \"b\""` {
		t.Errorf("%q, %q", ScenarioName(""), ScenarioName(`a "b"`))
	}
	if IntervalName(time.Hour) != "1-hour" || IntervalName(15*time.Minute) != "15-minute" {
		t.Error(IntervalName(time.Hour), IntervalName(15*time.Minute))
	}
	if _, err := CompareKPIs([]Forecast{{Name: "none"}}); err == nil || !strings.Contains(err.Error(), "no forecast") {
		t.Errorf("a plan without a result: %v", err)
	}
}

// TestBreadthMetricsShown: the JSON and CSV of a result leave out each
// behaviour's metrics when it has none of it, and carry them when it has:
// self-service, callbacks, sites, absence and adherence each on their own.
func TestBreadthMetricsShown(t *testing.T) {
	plain := func() ([]sim.Values, []sim.GroupValues) {
		return make([]sim.Values, 2), make([]sim.GroupValues, 1)
	}
	keys := func(h *hidden) (shown []string) {
		for k := range sim.NumMetrics {
			if !h.metric[k] {
				shown = append(shown, sim.Metric(k).Key())
			}
		}
		for k := range sim.NumGroupMetrics {
			if !h.group[k] {
				shown = append(shown, "group:"+sim.GroupMetric(k).Key())
			}
		}
		return shown
	}
	ch, gr := plain()
	base := keys(hiddenIn(ch, gr, false))
	if len(base) != int(sim.SelfServed)+int(sim.Absent) || slices.Contains(base, "self_served") {
		t.Fatalf("without breadth shown %v", base)
	}
	cases := []struct {
		name string
		set  func(ch []sim.Values, gr []sim.GroupValues) bool // sites
		more []string
	}{
		{"self-service", func(ch []sim.Values, _ []sim.GroupValues) bool { ch[1][sim.SelfServiceFailed].Mean = 3; return false },
			[]string{"self_served", "self_service_failed", "self_service_cost", "cost_per_contact_blended"}},
		{"callbacks", func(ch []sim.Values, _ []sim.GroupValues) bool { ch[0][sim.CallbacksOffered].Mean = 1; return false },
			[]string{"callbacks_offered", "callbacks_accepted", "callbacks_made", "callbacks_kept", "callback_wait_seconds", "live_asa_seconds"}},
		{"sites", func([]sim.Values, []sim.GroupValues) bool { return true }, []string{"site_overflows"}},
		{"absence", func(_ []sim.Values, gr []sim.GroupValues) bool { gr[0][sim.Absent].Mean = 0.5; return false }, []string{"group:absent"}},
		{"adherence", func(_ []sim.Values, gr []sim.GroupValues) bool { gr[0][sim.Away].Mean = 0.5; return false }, []string{"group:away"}},
	}
	for _, c := range cases {
		ch, gr := plain()
		sites := c.set(ch, gr)
		got := keys(hiddenIn(ch, gr, sites))
		if want := len(base) + len(c.more); len(got) != want {
			t.Errorf("%s: %d metrics shown, want %d", c.name, len(got), want)
		}
		for _, k := range c.more {
			if !slices.Contains(got, k) {
				t.Errorf("%s: %s not shown", c.name, k)
			}
		}
	}
	// Hidden metrics are left out of the JSON object, the others kept.
	ch, gr = plain()
	b, err := json.Marshal(values{ch[0], hiddenIn(ch, gr, false)})
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); strings.Contains(s, "self_served") || strings.Contains(s, "site_overflows") ||
		!strings.Contains(s, `"cost_per_minute":`) || strings.Contains(s, ",}") {
		t.Errorf("JSON %s", s)
	}
}

// TestForecastSize holds the printing estimate that refuses a run too
// large to print (docs/limits.md) to what printing the default scenario
// takes: the right order of size, and never much under it (the estimate
// is of the widest figures, so a quarter to five fourths of it); totals
// alone cost nothing worth counting in JSON and CSV, and a page is not
// estimated.
func TestForecastSize(t *testing.T) {
	m := scenarios.Default().Model
	values := m.Estimate(1).Values
	r := simulated(t, 1)
	for _, c := range []struct {
		f              Format
		perValue, mult float64
	}{{JSON, 100, 6}, {CSV, 40, 4}, {Table, 4, 2}} {
		printed, memory := ForecastSize(values, c.f, false)
		actual := float64(len(written(t, Forecast{Result: r, Intervals: true}, c.f)))
		if printed != int64(float64(values)*c.perValue) || memory != int64(float64(printed)*c.mult) ||
			actual > 1.25*float64(printed) || actual < 0.25*float64(printed) {
			t.Errorf("%s: %d bytes and %d of memory estimated, %.0f printed", c.f, printed, memory, actual)
		}
		printed, _ = ForecastSize(values, c.f, true)
		if (printed == 0) != (c.f != Table) {
			t.Errorf("%s of the totals alone: %d bytes", c.f, printed)
		}
	}
	if printed, memory := ForecastSize(values, HTML, false); printed != 0 || memory != 0 {
		t.Errorf("html: %d, %d", printed, memory)
	}
}
