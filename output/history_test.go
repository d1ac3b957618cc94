package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/backtest"
	"github.com/ccsim/ccsim/calibrate"
	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/erlang"
	"github.com/ccsim/ccsim/forecast"
	"github.com/ccsim/ccsim/scenarios"
)

// has reports whether text holds want, whatever the runs of blanks
// between words (tables pad their columns).
func has(text, want string) bool {
	words := func(s string) string { return " " + strings.Join(strings.Fields(s), " ") + " " }
	return strings.Contains(words(text), words(want))
}

// TestErlangDocuments: Erlang A adds the share who abandon and the mean
// wait of all; the table of agent counts follows the answer.
func TestErlangDocuments(t *testing.T) {
	q := erlang.AQueue{Load: 48, AHT: 240, Patience: 180}
	targets := erlang.Targets{ServiceLevel: 0.8, Threshold: 20}
	m, err := q.MetricsAt(50, targets.Threshold, targets.Definition)
	if err != nil {
		t.Fatal(err)
	}
	e := Erlang{Abandonment: true, Load: 48, Agents: 50, Given: true, Scheduled: 63, Shrinkage: 0.2, Targets: targets,
		Metrics: m, Table: []erlang.Metrics{m}}
	out := writeAll(t, e)
	for _, want := range []string{"model Erlang A", "load 48.00 Erlangs agents 50", "scheduled 63 (after 20.0% shrinkage)",
		"P(abandon)", "mean wait, all", "occupancy P(abandon) 50"} {
		if !has(out[Table], want) {
			t.Errorf("table lacks %q:\n%s", want, out[Table])
		}
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out[JSON]), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["p_abandon"] == nil || doc["mean_wait_seconds"] == nil || len(doc["table"].([]any)) != 1 ||
		doc["table"].([]any)[0].(map[string]any)["p_abandon"] == nil {
		t.Errorf("JSON %s", out[JSON])
	}
	c := Erlang{Load: 48, Agents: 54, Metrics: m}
	out = writeAll(t, c)
	if !has(out[Table], "agents needed 54") || strings.Contains(out[Table], "abandon") ||
		strings.Contains(out[JSON], "p_abandon") || strings.Contains(out[JSON], `"table"`) {
		t.Errorf("Erlang C:\n%s%s", out[Table], out[JSON])
	}
}

func volumeForecast() VolumeForecast {
	day := func(d int, noHistory bool) forecast.Day {
		f := forecast.Day{Date: time.Date(2024, 3, 4+d, 0, 0, 0, 0, time.UTC), NoHistory: noHistory,
			Total: forecast.Band{Forecast: 480.123, Low: 400.456, High: 560.789}, Method: forecast.MethodCombined}
		for i := range 48 {
			v := float64(i) / 4
			f.Intervals = append(f.Intervals, forecast.Band{Forecast: v, Low: v / 2, High: 2 * v})
		}
		return f
	}
	p := forecast.Prediction{IntervalSeconds: 1800, Level: 0.8}
	for d := range 9 {
		p.Days = append(p.Days, day(d, d == 8))
	}
	p.Days[2].Special = &forecast.SpecialForecast{Entry: contactlog.SpecialDay{Kind: contactlog.Eve, Name: "eve of Passover", Line: 3},
		Factor: 0.3412, Learned: true, Days: 4, LogSD: 0.5}
	p.Days[3].Special = &forecast.SpecialForecast{Entry: contactlog.SpecialDay{Kind: contactlog.Holiday, Line: 4}, Factor: 1,
		Note: "no past holiday in the history to learn from"}
	methods := forecast.Methods()
	scores := make([][]forecast.MethodScore, len(methods))
	for i := range scores {
		scores[i] = []forecast.MethodScore{{IntervalWAPE: 0.2, DayWAPE: 0.1, Trials: 30}}
	}
	scores[0][0] = forecast.MethodScore{IntervalWAPE: math.NaN(), DayWAPE: math.NaN()}
	p.Selection = forecast.Selection{Horizons: []forecast.Horizon{{From: 1, To: 91}}, Methods: methods, Scores: scores,
		Chosen: []string{forecast.MethodCombined}, Origins: 33}
	s := forecast.Summary{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC),
		Days: 60, Excluded: 3, WeeklyGrowth: 0.012345, ResidualSD: 0.0812345, Dispersion: 1.23456}
	return VolumeForecast{Prediction: p, Summary: s, First: 16, Last: 40}
}

// TestVolumeForecast: days with their bands, intervals within the hours
// asked for, seven days to a block of the table.
func TestVolumeForecast(t *testing.T) {
	out := writeAll(t, volumeForecast())
	for _, want := range []string{
		"Contacts offered per 30-minute interval, forecast with 80% prediction intervals\n",
		"History 2024-01-01 to 2024-03-03: 60 usual days used, 3 excluded or special; trend +1.2% a week; daily spread 0.081 (log sd)\n",
		"Method by days ahead (rolling-origin evaluation from 33 origins of the history): 1-91 combined\n",
		"2024-03-12 Tue 480 400 561 combined no history of this day type",
		"2024-03-06 Wed 480 400 561 combined eve (eve of Passover): x0.34, learned from 4 past eves",
		"2024-03-07 Thu 480 400 561 combined holiday: no past holiday in the history to learn from",
		"time Mon 03-04", "08:00", "19:30", "time Mon 03-11 Tue 03-12 08:00",
	} {
		if !has(out[Table], want) {
			t.Errorf("table lacks %q:\n%s", want, out[Table])
		}
	}
	if strings.Contains(out[Table], "07:30") || strings.Contains(out[Table], "20:00") {
		t.Error("table shows intervals outside the hours")
	}
	var doc struct {
		History struct {
			WeeklyGrowth float64 `json:"weekly_growth"`
		} `json:"history"`
		Days []struct {
			NoHistory bool   `json:"no_history"`
			Method    string `json:"method"`
			Special   *struct {
				Kind   string  `json:"kind"`
				Factor float64 `json:"factor"`
				From   string  `json:"learned_from"`
			} `json:"special"`
			Total struct {
				Forecast float64 `json:"forecast"`
			} `json:"total"`
			Intervals []struct {
				Start string `json:"start"`
			} `json:"intervals"`
		} `json:"days"`
		Selection []struct {
			Chosen string `json:"chosen"`
			Scores []struct {
				Method       string   `json:"method"`
				IntervalWAPE *float64 `json:"interval_wape"`
			} `json:"scores"`
		} `json:"selection"`
	}
	if err := json.Unmarshal([]byte(out[JSON]), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.History.WeeklyGrowth != 0.0123 || len(doc.Days) != 9 || doc.Days[0].Total.Forecast != 480.12 ||
		!doc.Days[8].NoHistory || len(doc.Days[0].Intervals) != 24 || doc.Days[0].Intervals[0].Start != "2024-03-04T08:00:00" {
		t.Errorf("JSON %s", out[JSON][:300])
	}
	if d := doc.Days[2]; d.Method != forecast.MethodCombined || d.Special == nil || d.Special.Kind != "eve" ||
		d.Special.Factor != 0.3412 || d.Special.From != "kind" || doc.Days[0].Special != nil {
		t.Errorf("JSON day %+v", d)
	}
	if len(doc.Selection) != 1 || doc.Selection[0].Chosen != forecast.MethodCombined || doc.Selection[0].Scores[0].IntervalWAPE != nil ||
		*doc.Selection[0].Scores[1].IntervalWAPE != 0.2 {
		t.Errorf("JSON selection %+v", doc.Selection)
	}
	if lines := strings.Count(out[CSV], "\n"); lines != 1+9*24 || !strings.Contains(out[CSV], "2024-03-04T08:00:00,4,2,8\n") {
		t.Errorf("csv: %d lines\n%s", lines, out[CSV][:200])
	}
}

// TestVolumeEvaluation: the forecast beside the baselines by days ahead,
// every method's scores; the baselines have no bands; undefined scores are
// "-" and null.
func TestVolumeEvaluation(t *testing.T) {
	acc := func(i, d float64) forecast.Accuracy {
		return forecast.Accuracy{IntervalWAPE: i, DayWAPE: d, ByInterval: []float64{0.3, 0.25}}
	}
	nan := math.NaN()
	methods := make([]forecast.Accuracy, len(forecast.Methods()))
	for i := range methods {
		methods[i] = acc(0.21, 0.11)
	}
	methods[0] = acc(nan, nan)
	fc := forecast.Accuracy{IntervalWAPE: 0.123456, DayWAPE: 0.05, IntervalBias: -0.01, DayBias: -0.02,
		IntervalCoverage: 0.79, DayCoverage: 0.81, ByInterval: []float64{0.2, 0.1}}
	base := []forecast.Accuracy{acc(0.3, 0.2), acc(0.2, 0.1), acc(0.25, 0.15)}
	ev := forecast.Evaluation{Origins: 1, Days: 40, Intervals: 960, Starts: []float64{28800, 30600}, Level: 0.8,
		Forecast: fc, Baselines: base, Methods: methods,
		ByHorizon: []forecast.HorizonAccuracy{{Horizon: forecast.Horizon{From: 1, To: 7}, Days: 5, Intervals: 120, Forecast: fc,
			Baselines: base, Methods: methods, Chosen: map[string]int{forecast.MethodCombined: 1}}}}
	e := VolumeEvaluation{Evaluation: ev, From: time.Date(1999, 6, 1, 0, 0, 0, 0, time.UTC), To: time.Date(1999, 7, 31, 0, 0, 0, 0, time.UTC), Horizon: 61}
	out := writeAll(t, e)
	for _, want := range []string{"Held back 1999-06-01 to 1999-07-31 (one forecast from 1999-06-01): 40 day and 960 interval forecasts scored; special days left out",
		"1-7 5 per interval 12.3% 30.0% 20.0% 25.0% -1.0% 79.0% combined 1", "per day 5.0% 20.0% 10.0% 15.0% -2.0% 81.0%",
		"naive - / - - / -", "combined 21.0% / 11.0% 21.0% / 11.0%"} {
		if !has(out[Table], want) {
			t.Errorf("table lacks %q:\n%s", want, out[Table])
		}
	}
	if out[CSV] != "interval,forecast_wape,naive_wape,weekly_mean_wape,recent_level_wape\n08:00,0.2,0.3,0.3,0.3\n08:30,0.1,0.25,0.25,0.25\n" {
		t.Errorf("csv %q", out[CSV])
	}
	var doc struct {
		Forecast struct {
			IntervalWAPE float64 `json:"interval_wape"`
		} `json:"forecast"`
		Baselines map[string]struct {
			IntervalWAPE *float64 `json:"interval_wape"`
			Coverage     *float64 `json:"interval_coverage"`
		} `json:"baselines"`
		Methods map[string]struct {
			IntervalWAPE *float64 `json:"interval_wape"`
		} `json:"methods"`
		ByHorizon []struct {
			From   int            `json:"from_days"`
			Chosen map[string]int `json:"chosen"`
		} `json:"by_horizon"`
	}
	if err := json.Unmarshal([]byte(out[JSON]), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Forecast.IntervalWAPE != 0.1235 || *doc.Baselines[forecast.MethodWeeklyMean].IntervalWAPE != 0.2 ||
		doc.Baselines[forecast.MethodNaive].Coverage != nil || doc.Methods[forecast.MethodNaive].IntervalWAPE != nil ||
		len(doc.ByHorizon) != 1 || doc.ByHorizon[0].Chosen[forecast.MethodCombined] != 1 {
		t.Errorf("JSON %s", out[JSON])
	}
	e.Step, e.Horizon, e.SpecialScored, e.Evaluation.Special = 7, 91, true, 3
	if out := writeAll(t, e); !strings.Contains(out[Table], "(1 origins, every 7 days, each forecasting 91 days)") ||
		!strings.Contains(out[Table], "3 special-day forecasts scored in") {
		t.Errorf("table:\n%s", out[Table])
	}
}

// TestBacktestDocuments: the errors of each method, undefined figures as
// "-" and null, the time of day within the hours scored.
func TestBacktestDocuments(t *testing.T) {
	nan := math.NaN()
	m := func(a, s, asa float64) backtest.Measures {
		return backtest.Measures{AbandonRate: a, ServiceLevel: s, ASA: asa}
	}
	day := time.Date(1999, 6, 6, 0, 0, 0, 0, time.UTC)
	r := &backtest.Result{Scenario: "bank", IntervalSeconds: 1800, Threshold: 20, Replications: 3, Seed: 1,
		Days: []time.Time{day}, Offered: 1234}
	for i, start := range []int{7, 8, 23} {
		r.Intervals = append(r.Intervals, backtest.Interval{Start: day.Add(time.Duration(start) * time.Hour), Offered: 100 + i,
			Agents: 5.5, AHT: 200, Patience: 100, Observed: m(0.1, 0.5, 30), Predicted: m(0.12, 0.45, nan),
			Spread: m(0.01, 0.02, 3), ErlangA: m(0.11, 0.5, 28), ErlangC: m(0, 0.4, nan)})
	}
	r.Summary.MAE = backtest.Methods{Sim: m(0.02, 0.05, 3), ErlangA: m(0.01, 0.04, 2), ErlangC: m(0.1, 0.1, nan)}
	r.Summary.Bias = backtest.Methods{Sim: m(0.02, -0.05, 3), ErlangA: m(-0.01, 0.04, -2), ErlangC: m(-0.1, -0.1, nan)}
	r.Summary.UndefinedASA.ErlangC = 3
	b := Backtest{Result: r, Hours: "07:00-24:00", From: 7 * time.Hour, To: 23 * time.Hour}
	out := writeAll(t, b)
	for _, want := range []string{`Backtest of "bank": 1 day, 1999-06-06 (every day, 07:00-24:00)`,
		"3 30-minute intervals, 1,234 contacts offered;", "-10.0%", "+3.0", "ASA undefined (left out of its MAE) in 3 intervals for Erlang C",
		"07:00", "08:00"} {
		if !has(out[Table], want) {
			t.Errorf("table lacks %q:\n%s", want, out[Table])
		}
	}
	if strings.Contains(out[Table], "23:00") {
		t.Error("the time-of-day table goes past the hours scored")
	}
	// The page sets the simulator's errors against Erlang's (worse than
	// Erlang A's alone on every measure here) and scores the same hours.
	// Erlang C's ASA is undefined in every interval, so the ASA card is
	// judged against Erlang A alone.
	root := checkPage(t, out[HTML], "Backtest", "bank")
	cs := cards(root)
	for label, value := range map[string]string{"abandonment share": "2.0 pp", "service level": "5.0 pp", "ASA": Seconds(3)} {
		c := cs[label+": simulator's error (MAE)"]
		if c == nil || c.withClass("card-value")[0].text() != value || !c.hasClass("missed") ||
			c.withClass("card-status")[0].text() != "worse than Erlang A" {
			t.Errorf("no card of the %s error %s, worse than Erlang A's", label, value)
		}
	}
	if tod := tablesOf(sectionByID(t, root, "time-of-day"))[0]; !slices.Equal(tod.column(0), []string{"07:00", "08:00"}) {
		t.Errorf("the page scores %q", tod.column(0))
	}
	var doc struct {
		Rows []struct {
			Agents    float64                `json:"agents"`
			Predicted struct{ ASA *float64 } `json:"predicted"`
		} `json:"intervals"`
		Summary struct {
			UndefinedASA struct {
				ErlangC int `json:"erlang_c"`
			} `json:"undefined_asa"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out[JSON]), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Rows) != 3 || doc.Rows[0].Agents != 5.5 || doc.Summary.UndefinedASA.ErlangC != 3 ||
		!strings.Contains(out[JSON], `"asa_seconds": null`) || !strings.Contains(out[JSON], `"abandon_rate": 0.12000`) {
		t.Errorf("JSON %s", out[JSON][:600])
	}
	r.Days = append(r.Days, day.AddDate(0, 0, 1))
	b.Weekdays = "sun-thu"
	if out := writeAll(t, b); !strings.Contains(out[Table], "2 days from 1999-06-06 to 1999-06-07 (sun-thu, 07:00-24:00)") {
		t.Errorf("table:\n%s", out[Table])
	}
}

// TestLines: what validate, the log readers and calibrate print as they
// go.
func TestLines(t *testing.T) {
	var b bytes.Buffer
	Valid(&b, "a.yaml", &scenarios.Default().Model)
	if b.String() != "a.yaml: ok (3 channels, 2 groups, 48 intervals)\n" {
		t.Errorf("%q", b.String())
	}
	_, err := scenarios.Parse("bad.yaml", []byte("channels: 3\n"))
	b.Reset()
	Invalid(&b, "bad.yaml", err)
	if !strings.HasPrefix(b.String(), "bad.yaml:1:") {
		t.Errorf("%q", b.String())
	}
	b.Reset()
	Invalid(&b, "-", errors.New("reading standard input: EOF"))
	if b.String() != "-: reading standard input: EOF\n" {
		t.Errorf("%q", b.String())
	}
	if got := Invalids(1, 3); got != "1 of 3 files has problems" {
		t.Errorf("%q", got)
	}
	if got := Invalids(2, 2); got != "2 of 2 files have problems" {
		t.Errorf("%q", got)
	}
	st := contactlog.Stats{Rows: 12, Contacts: 2, Dropped: 3, ProblemCount: 7}
	for i := range 6 {
		st.Problems = append(st.Problems, contactlog.Problem{File: "log.csv", Line: i + 2, Field: "wait", Msg: "not a number"})
	}
	b.Reset()
	Read(&b, "log.csv", "contacts", st)
	want := "ccsim: log.csv: 2 contacts from 12 rows, 3 left out by the format's definitions, 7 unreadable\n" +
		"ccsim: log.csv:2: wait: not a number\n"
	if !strings.HasPrefix(b.String(), want) || strings.Count(b.String(), "\n") != 7 ||
		!strings.HasSuffix(b.String(), "ccsim: log.csv: ... 2 more unreadable rows\n") {
		t.Errorf("%s", b.String())
	}
	cal := &calibrate.Calibration{First: time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC), Last: time.Date(1999, 5, 31, 0, 0, 0, 0, time.UTC)}
	cal.Total.Offered = 123456
	b.Reset()
	Calibrated(&b, "bank.yaml", cal)
	if b.String() != "ccsim: wrote bank.yaml: 123,456 contacts, 1999-01-01 to 1999-05-31\n" {
		t.Errorf("%q", b.String())
	}
}

// TestBacktestVerdicts: a backtest page's cards judge the simulator's
// error against the Erlang models whose error is defined, naming those
// that beat it, and give no verdict when none is defined.
func TestBacktestVerdicts(t *testing.T) {
	nan := math.NaN()
	day := time.Date(1999, 6, 6, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		sim, a, erlangC float64
		status, says    string
	}{
		{0.01, 0.02, 0.03, "met", "better than Erlang A and Erlang C"},
		{0.02, 0.02, 0.03, "met", "better than Erlang A and Erlang C"},
		{0.025, 0.02, 0.03, "missed", "worse than Erlang A"},
		{0.04, 0.02, 0.03, "missed", "worse than Erlang A and Erlang C"},
		{0.01, 0.02, nan, "met", "better than Erlang A"},
		{0.01, nan, nan, "", ""},
		{nan, 0.02, 0.03, "", ""},
	} {
		m := func(v float64) backtest.Measures { return backtest.Measures{AbandonRate: v} }
		r := &backtest.Result{Scenario: "bank", IntervalSeconds: 1800, Threshold: 20, Replications: 3, Seed: 1,
			Days: []time.Time{day}, Offered: 100}
		r.Intervals = []backtest.Interval{{Start: day.Add(8 * time.Hour), Offered: 100, Agents: 5, AHT: 200, Patience: 100}}
		r.Summary.MAE = backtest.Methods{Sim: m(c.sim), ErlangA: m(c.a), ErlangC: m(c.erlangC)}
		page := writeAll(t, Backtest{Result: r, Hours: "08:00-09:00", From: 8 * time.Hour, To: 9 * time.Hour})[HTML]
		card := cards(checkPage(t, page, "Backtest", "bank"))["abandonment share: simulator's error (MAE)"]
		if card == nil {
			t.Fatalf("%+v: no abandonment card", c)
		}
		says := ""
		if s := card.withClass("card-status"); len(s) > 0 {
			says = s[0].text()
		}
		judged := card.hasClass("met") || card.hasClass("missed")
		if says != c.says || judged != (c.status != "") || c.status != "" && !card.hasClass(c.status) {
			t.Errorf("simulator %v, Erlang A %v, C %v: %q (met %v, missed %v), want %q %s", c.sim, c.a, c.erlangC, says,
				card.hasClass("met"), card.hasClass("missed"), c.says, c.status)
		}
	}
}
