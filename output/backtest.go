package output

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/ccsim/ccsim/backtest"
	"github.com/ccsim/ccsim/sim"
)

// Backtest is what `ccsim backtest` prints: predicted against observed,
// for the simulator and Erlang A and C, over the days and hours scored.
type Backtest struct {
	Result *backtest.Result
	// Weekdays and Hours say which days and hours were scored, as given
	// ("sun-thu", "07:00-24:00"); empty Weekdays means every day.
	Weekdays, Hours string
	// From and To bound the time-of-day table, from midnight.
	From, To time.Duration
	// HTML holds what the HTML page adds: charts and provenance.
	HTML Report
	// Reports says the observed figures are interval reports', not a
	// log's.
	Reports bool
}

// observedSource names where the observed figures come from, and why an
// observed ASA can be missing.
func (b Backtest) observedSource() (string, string) {
	if b.Reports {
		return "the reports", "nobody answered, or no ASA reported"
	}
	return "the log", "nobody answered"
}

// rounded is a number rounded for output, or null when undefined.
type rounded struct {
	v      float64
	digits int
}

func (f rounded) MarshalJSON() ([]byte, error) {
	if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(f.v, 'f', f.digits, 64)), nil
}

func roundedShare(v float64) rounded   { return rounded{v, 5} }
func roundedSeconds(v float64) rounded { return rounded{v, 2} }

// byMeasure holds a T for each measure a backtest compares.
type byMeasure[T any] struct {
	AbandonRate  T `json:"abandon_rate"`
	ServiceLevel T `json:"service_level"`
	ASA          T `json:"asa_seconds"`
}

// measuresJSON are the measures of one source (observed, the simulator).
type measuresJSON = byMeasure[rounded]

func measures(m backtest.Measures) measuresJSON {
	return measuresJSON{roundedShare(m.AbandonRate), roundedShare(m.ServiceLevel), roundedSeconds(m.ASA)}
}

type methodsJSON struct {
	Sim     rounded `json:"sim"`
	ErlangA rounded `json:"erlang_a"`
	ErlangC rounded `json:"erlang_c"`
}

// scoresJSON are a score (mean absolute error, bias) of each method for
// each measure.
type scoresJSON = byMeasure[methodsJSON]

func scores(m backtest.Methods) scoresJSON {
	s, a, c := measures(m.Sim), measures(m.ErlangA), measures(m.ErlangC)
	return scoresJSON{
		AbandonRate:  methodsJSON{s.AbandonRate, a.AbandonRate, c.AbandonRate},
		ServiceLevel: methodsJSON{s.ServiceLevel, a.ServiceLevel, c.ServiceLevel},
		ASA:          methodsJSON{s.ASA, a.ASA, c.ASA},
	}
}

type backtestIntervalJSON struct {
	Start     string       `json:"start"`
	Offered   int          `json:"offered"`
	Agents    rounded      `json:"agents"`
	AHT       rounded      `json:"aht_seconds"`
	Patience  rounded      `json:"patience_seconds"`
	Observed  measuresJSON `json:"observed"`
	Predicted measuresJSON `json:"predicted"`
	Spread    measuresJSON `json:"spread"`
	ErlangA   measuresJSON `json:"erlang_a"`
	ErlangC   measuresJSON `json:"erlang_c"`
}

type undefinedJSON struct {
	Observed int `json:"observed"`
	Sim      int `json:"sim"`
	ErlangA  int `json:"erlang_a"`
	ErlangC  int `json:"erlang_c"`
}

type backtestSummaryJSON struct {
	MAE          scoresJSON    `json:"mae"`
	Bias         scoresJSON    `json:"bias"`
	Observed     measuresJSON  `json:"observed"`
	Spread       measuresJSON  `json:"spread"`
	UndefinedASA undefinedJSON `json:"undefined_asa"`
}

type backtestJSON struct {
	Scenario        string                 `json:"scenario"`
	From            string                 `json:"from"`
	To              string                 `json:"to"`
	Days            []string               `json:"days"`
	Hours           string                 `json:"hours"`
	IntervalSeconds int                    `json:"interval_seconds"`
	Threshold       rounded                `json:"threshold_seconds"`
	Replications    int                    `json:"replications"`
	Seed            uint64                 `json:"seed"`
	Intervals       int                    `json:"interval_count"`
	Offered         int                    `json:"offered"`
	Summary         backtestSummaryJSON    `json:"summary"`
	Rows            []backtestIntervalJSON `json:"intervals"`
}

// WriteJSON writes the summary and every scored interval
// (docs/calibration.md).
func (b Backtest) WriteJSON(w io.Writer) error {
	r := b.Result
	s := r.Summary
	var days []string
	for _, d := range r.Days {
		days = append(days, d.Format(time.DateOnly))
	}
	doc := backtestJSON{
		Scenario: r.Scenario, From: days[0], To: days[len(days)-1], Days: days, Hours: b.Hours,
		IntervalSeconds: r.IntervalSeconds, Threshold: roundedSeconds(r.Threshold), Replications: r.Replications, Seed: r.Seed,
		Intervals: len(r.Intervals), Offered: r.Offered,
		Summary: backtestSummaryJSON{MAE: scores(s.MAE), Bias: scores(s.Bias), Observed: measures(s.Observed),
			Spread: measures(s.Spread), UndefinedASA: undefinedJSON(s.UndefinedASA)},
		Rows: []backtestIntervalJSON{},
	}
	for _, iv := range r.Intervals {
		doc.Rows = append(doc.Rows, backtestIntervalJSON{
			Start: iv.Start.Format(isoLocal), Offered: iv.Offered, Agents: rounded{iv.Agents, 3},
			AHT: roundedSeconds(iv.AHT), Patience: roundedSeconds(iv.Patience),
			Observed: measures(iv.Observed), Predicted: measures(iv.Predicted), Spread: measures(iv.Spread),
			ErlangA: measures(iv.ErlangA), ErlangC: measures(iv.ErlangC),
		})
	}
	return writeJSON(w, doc)
}

// WriteTable prints the errors of each method, then the measures by time
// of day.
func (b Backtest) WriteTable(w io.Writer) error {
	r := b.Result
	s := r.Summary
	days := "every day"
	if b.Weekdays != "" {
		days = b.Weekdays
	}
	span := fmt.Sprintf("%d days from %s to %s", len(r.Days), r.Days[0].Format(time.DateOnly), r.Days[len(r.Days)-1].Format(time.DateOnly))
	if len(r.Days) == 1 {
		span = "1 day, " + r.Days[0].Format(time.DateOnly)
	}
	fmt.Fprintf(w, "Backtest of %q: %s (%s, %s)\n", r.Scenario, span, days, b.Hours)
	fmt.Fprintf(w, "%s %s intervals, %s contacts offered; simulator: %d replications a day, seed %d\n",
		Int(len(r.Intervals)), IntervalName(time.Duration(r.IntervalSeconds)*time.Second), Int(r.Offered), r.Replications, r.Seed)
	fmt.Fprintf(w, "Service level: answered within %gs over all arrivals. Errors are arrival-weighted over the intervals.\n\n", r.Threshold)

	// Signed errors carry their sign; seconds print bare in a column
	// headed "seconds".
	bias := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%+.1f%%", 100*v)
	}
	sec := func(v float64) string { return Float(v, 1) }
	ssec := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%+.1f", v)
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "\t\tobserved\tsimulator\tErlang A\tErlang C\tchance alone\t")
	fmt.Fprintf(tw, "abandonment share\tMAE\t%s\t%s\t%s\t%s\t%s\t\n", Share(s.Observed.AbandonRate), Share(s.MAE.Sim.AbandonRate),
		Share(s.MAE.ErlangA.AbandonRate), Share(s.MAE.ErlangC.AbandonRate), Share(s.Spread.AbandonRate))
	fmt.Fprintf(tw, "\tbias\t\t%s\t%s\t%s\t\t\n", bias(s.Bias.Sim.AbandonRate), bias(s.Bias.ErlangA.AbandonRate), bias(s.Bias.ErlangC.AbandonRate))
	fmt.Fprintf(tw, "service level\tMAE\t%s\t%s\t%s\t%s\t%s\t\n", Share(s.Observed.ServiceLevel), Share(s.MAE.Sim.ServiceLevel),
		Share(s.MAE.ErlangA.ServiceLevel), Share(s.MAE.ErlangC.ServiceLevel), Share(s.Spread.ServiceLevel))
	fmt.Fprintf(tw, "\tbias\t\t%s\t%s\t%s\t\t\n", bias(s.Bias.Sim.ServiceLevel), bias(s.Bias.ErlangA.ServiceLevel), bias(s.Bias.ErlangC.ServiceLevel))
	fmt.Fprintf(tw, "ASA, seconds\tMAE\t%s\t%s\t%s\t%s\t%s\t\n", sec(s.Observed.ASA), sec(s.MAE.Sim.ASA),
		sec(s.MAE.ErlangA.ASA), sec(s.MAE.ErlangC.ASA), sec(s.Spread.ASA))
	fmt.Fprintf(tw, "\tbias\t\t%s\t%s\t%s\t\t\n", ssec(s.Bias.Sim.ASA), ssec(s.Bias.ErlangA.ASA), ssec(s.Bias.ErlangC.ASA))
	if err := tw.Flush(); err != nil {
		return err
	}
	src, why := b.observedSource()
	fmt.Fprintf(w, "\n\"observed\" is the arrival-weighted mean of %s; \"chance alone\" the simulator's mean absolute\n", src)
	fmt.Fprintln(w, "deviation of one replication from the mean: how far an observed interval lands from a perfect forecast.")
	if u := s.UndefinedASA; u.ErlangC+u.ErlangA+u.Sim+u.Observed > 0 {
		fmt.Fprintf(w, "ASA undefined (left out of its MAE) in %d intervals for Erlang C (load at or above the agents), %d for\n",
			u.ErlangC, u.ErlangA)
		fmt.Fprintf(w, "Erlang A, %d for the simulator and %d in %s (%s).\n", u.Sim, u.Observed, src, why)
	}

	fmt.Fprintln(w, "\nBy time of day: mean offered and agents a day; arrival-weighted means observed (obs), simulated (sim),")
	fmt.Fprintln(w, "Erlang A (A) and Erlang C (C).")
	tw = tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "time\toffered\tagents\t  abandon obs\tsim\tA\tC\t  SL obs\tsim\tA\tC\t  ASA obs\tsim\tA\tC\t")
	for _, row := range r.ByTimeOfDay() {
		if row.Start < b.From || row.Start >= b.To {
			continue
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t", sim.Clock(row.Start.Seconds()), row.Offered, row.Agents)
		ms := []backtest.Measures{row.Observed, row.Sim, row.ErlangA, row.ErlangC}
		for _, part := range []struct {
			get    func(backtest.Measures) float64
			format func(float64) string
		}{
			{func(m backtest.Measures) float64 { return m.AbandonRate }, Share},
			{func(m backtest.Measures) float64 { return m.ServiceLevel }, Share},
			{func(m backtest.Measures) float64 { return m.ASA }, sec},
		} {
			for _, m := range ms {
				fmt.Fprintf(tw, "%s\t", part.format(part.get(m)))
			}
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
