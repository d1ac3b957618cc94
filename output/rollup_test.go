package output

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// fortnight is the example week stretched to nine days, three
// replications: days past a week, and a partial second week.
func fortnight(t *testing.T) *sim.Result {
	t.Helper()
	data := strings.Replace(string(mustRead(t, "../scenarios/week.yaml")), "days: 7", "days: 9", 1)
	sc, err := scenarios.Parse("nine-days.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	m := sc.Model
	m.Replications = 3
	r, err := sim.Run(context.Background(), &m, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestPeriodLabels(t *testing.T) {
	r := fortnight(t)
	var days, weeks []string
	for _, p := range r.Days {
		days = append(days, PeriodLabel(r, p, ByDay))
	}
	for _, p := range r.Weeks {
		weeks = append(weeks, PeriodLabel(r, p, ByWeek))
	}
	if got, want := strings.Join(days, ","), "d1 Mon,d2 Tue,d3 Wed,d4 Thu,d5 Fri,d6 Sat,d7 Sun,d8 Mon,d9 Tue"; got != want {
		t.Errorf("days %s, want %s", got, want)
	}
	if got, want := strings.Join(weeks, ","), "week 1 (Mon-Sun),week 2 (Mon-Tue)"; got != want {
		t.Errorf("weeks %s, want %s", got, want)
	}
	for _, bad := range []string{"", "month", "Day", "days"} {
		if _, err := ParseRollup(bad); err == nil {
			t.Errorf("ParseRollup(%q): no error", bad)
		}
	}
}

// TestRollupJSONAndCSV checks that the roll-up in JSON and CSV carries
// the simulator's days and weeks value for value, that a day's counts add
// up to the horizon's, that without per-interval detail the interval
// arrays and rows are empty while everything else stays, and that the
// roll-up is absent unless asked for.
func TestRollupJSONAndCSV(t *testing.T) {
	r := fortnight(t)
	hide := hiddenInResult(r)
	for _, ro := range []Rollup{ByDay, ByWeek} {
		var b bytes.Buffer
		if err := (Forecast{Result: r, Rollup: ro, OmitIntervals: true}).WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			IntervalLabels []string `json:"interval_labels"`
			Channels       []struct {
				Intervals []any `json:"intervals"`
			} `json:"channels"`
			Total struct {
				Intervals []any `json:"intervals"`
			} `json:"total"`
			Groups []struct {
				Intervals []any `json:"intervals"`
			} `json:"groups"`
			Rollup struct {
				Period  string `json:"period"`
				Periods []struct {
					Label         string `json:"label"`
					Start         string `json:"start"`
					FirstInterval int    `json:"first_interval"`
					Intervals     int    `json:"intervals"`
				} `json:"periods"`
				Channels []struct {
					Name    string                               `json:"name"`
					Periods []map[string]struct{ Mean *float64 } `json:"periods"`
				} `json:"channels"`
				Total     []map[string]struct{ Mean *float64 } `json:"total"`
				RealTime  []map[string]struct{ Mean *float64 } `json:"real_time"`
				Deferred  []map[string]struct{ Mean *float64 } `json:"deferred"`
				AllGroups []map[string]struct{ Mean *float64 } `json:"all_groups"`
				Groups    []struct {
					Name    string                               `json:"name"`
					Periods []map[string]struct{ Mean *float64 } `json:"periods"`
				} `json:"groups"`
			} `json:"rollup"`
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.IntervalLabels) != 0 || len(doc.Total.Intervals) != 0 || len(doc.Channels[0].Intervals) != 0 || len(doc.Groups[0].Intervals) != 0 {
			t.Errorf("%s: per-interval detail left in", ro)
		}
		ps := ro.Periods(r)
		if doc.Rollup.Period != string(ro) || len(doc.Rollup.Periods) != len(ps) {
			t.Fatalf("%s: rollup %q of %d periods, want %d", ro, doc.Rollup.Period, len(doc.Rollup.Periods), len(ps))
		}
		sum := 0.0
		for k, p := range ps {
			jp := doc.Rollup.Periods[k]
			if jp.FirstInterval != p.From || jp.Intervals != p.To-p.From || jp.Start != r.Timeline().Label(p.From) || jp.Label != PeriodLabel(r, p, ro) {
				t.Errorf("%s: period %d is %+v, want %v", ro, k, jp, p.Span)
			}
			for c := range r.Channels {
				for m := range sim.NumMetrics {
					if hide.metric[m] {
						// A behaviour the scenario lacks: left out, as in
						// the rest of the document.
						if _, ok := doc.Rollup.Channels[c].Periods[k][sim.Metric(m).Key()]; ok {
							t.Errorf("%s %d %s: %s is shown, though the forecast has no such behaviour", ro, k, r.Channels[c].Name, sim.Metric(m).Key())
						}
						continue
					}
					got := doc.Rollup.Channels[c].Periods[k][sim.Metric(m).Key()].Mean
					if !sameNumber(got, p.Channels[c][m].Mean) {
						t.Errorf("%s %d %s %s: %v, the simulator's %v", ro, k, r.Channels[c].Name, sim.Metric(m).Key(), got, p.Channels[c][m].Mean)
					}
				}
			}
			if !sameNumber(doc.Rollup.RealTime[k]["service_level"].Mean, p.RealTime[sim.ServiceLevel].Mean) ||
				!sameNumber(doc.Rollup.AllGroups[k]["occupancy"].Mean, p.AllGroups[sim.Occupancy].Mean) {
				t.Errorf("%s %d: real-time or all-groups figures differ from the simulator's", ro, k)
			}
			sum += *doc.Rollup.Total[k]["offered"].Mean
		}
		if want := r.Total.Total[sim.Offered].Mean; !scalar.EqualWithinRel(sum, want, 1e-9) {
			t.Errorf("%s: the periods offer %v, the horizon %v", ro, sum, want)
		}

		// CSV: every roll-up row carries the same value, and no interval
		// row is left.
		b.Reset()
		if err := (Forecast{Result: r, Rollup: ro, OmitIntervals: true}).WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, row := range rows[1:] {
			iv := row[2]
			if iv != "total" && !strings.HasPrefix(iv, string(ro)+" ") {
				t.Fatalf("%s: interval row %v left in", ro, row)
			}
			if row[0] == "channel" && row[1] == r.Channels[0].Name && row[4] == "offered" && iv != "total" {
				seen++
			}
		}
		if seen != len(ps) {
			t.Errorf("%s: %d CSV rows of %s's offered, want %d", ro, seen, r.Channels[0].Name, len(ps))
		}
	}
	var b bytes.Buffer
	if err := (Forecast{Result: r}).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), `"rollup"`) {
		t.Error("a roll-up without --rollup")
	}
}

// TestRollupTable checks the table's days: one row per day for each
// channel, and the groups' paid hours of each day, which sum to the
// horizon's.
func TestRollupTable(t *testing.T) {
	r := fortnight(t)
	out := written(t, Forecast{Result: r, Rollup: ByDay}, Table)
	for _, want := range []string{"phone by day", "chat by day", "Groups by day", "d9 Tue"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "by interval") {
		t.Error("intervals printed without Intervals")
	}
	sum := 0.0
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 3 && f[2] == "voice" {
			v, err := parseNumber(f[len(f)-3])
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			sum += v
		}
	}
	if want := r.Groups[0].Total[sim.PaidHours].Mean; math.Abs(sum-want) > 0.05*float64(len(r.Days)) {
		t.Errorf("voice: days' paid hours sum to %v, the horizon's %v", sum, want)
	}
}

func sameNumber(got *float64, want float64) bool {
	if got == nil {
		return math.IsNaN(want)
	}
	return scalar.EqualWithinRel(*got, want, 1e-9)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// parseNumber reads a number as the tables write it: "7,518.0".
func parseNumber(s string) (float64, error) {
	return strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
}

// TestRollupJSONMatchesDocs holds the roll-up's JSON to its example in
// docs/output.md, key for key and in order.
func TestRollupJSONMatchesDocs(t *testing.T) {
	doc := mustRead(t, "../docs/output.md")
	block := regexp.MustCompile("(?s)```json\n(\"rollup\".*?)```").FindSubmatch(doc)
	if block == nil {
		t.Fatal("docs/output.md has no example of the roll-up")
	}
	var b bytes.Buffer
	if err := (Forecast{Result: simulated(t, 1), Rollup: ByDay}).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	example := decodeOrdered(t, append(append([]byte("{"), block[1]...), '}'))
	got := decodeOrdered(t, b.Bytes())
	sameKeys(t, "rollup", example.fields["rollup"], got.fields["rollup"])
}
