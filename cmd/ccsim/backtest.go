package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/history"
	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// backtestOptions are the flags of "ccsim backtest".
type backtestOptions struct {
	in             logInput
	from, to       string
	exclude        []string
	excludeFile    string
	weekdays       string
	hours          string
	interval       time.Duration
	staffStep      time.Duration
	agentGap       time.Duration
	sl             time.Duration
	reps           int
	seed           uint64
	erlangPatience time.Duration
	format         string
	workers        int
	charts         string
}

func newBacktestCmd() *cobra.Command {
	o := &backtestOptions{}
	cmd := &cobra.Command{
		Use:   "backtest scenario.yaml --log LOG...",
		Short: "Replay a contact log through a scenario and compare predicted with observed",
		Long: `backtest replays each day of a contact log through the simulator and compares,
interval by interval, what it predicts with what the log shows: the share of
arrivals that abandoned, the service level (answered within the threshold over
all arrivals) and the ASA (mean wait of answered contacts). Erlang A and Erlang C
on the same inputs stand beside it.

For every day in range the simulator takes the logged arrival times, the
scenario's handle time, after-contact work and patience, and the staffing
inferred from that day of the log: agents on duty (busy periods joined across
idle gaps of up to --agent-gap) times one minus the scenario group's shrinkage,
changing every --staff-step. It does not take the scenario's arrivals or
staffing: the backtest tests the model, given what really happened. Erlang A and
C get, per interval, the arrivals, the scenario's mean handle time (with
after-contact work), the mean of its patience (or --erlang-patience) and the
same agents.

Errors are arrival-weighted over the intervals scored: the mean absolute error
and the bias (predicted minus observed). The threshold is the scenario's target
unless --sl says otherwise. docs/calibration.md describes the method and the
JSON keys.`,
		Example: `  # calibrate on January-May, then backtest June and July, Sunday to Thursday 07:00-24:00
  ccsim calibrate --log-format anonymous-bank january.txt february.txt march.txt april.txt may.txt -o bank.yaml
  ccsim backtest bank.yaml --log-format anonymous-bank --log june.txt --log july.txt \
      --weekdays sun-thu --hours 07:00-24:00

  # one week as JSON, 15-minute intervals
  ccsim backtest bank.yaml --log-format anonymous-bank --log june.txt --from 1999-06-06 --to 1999-06-10 \
      --interval 15m --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBacktest(cmd, args[0], o)
		},
	}
	f := cmd.Flags()
	o.in.flags(f)
	f.StringVar(&o.from, "from", "", "first `DATE` to replay (YYYY-MM-DD; default the log's first)")
	f.StringVar(&o.to, "to", "", "last `DATE` to replay (default the log's last)")
	f.StringArrayVar(&o.exclude, "exclude", nil, "`DATES` to leave out: 1999-06-20,1999-07-01..1999-07-03 (repeatable)")
	f.StringVar(&o.excludeFile, "exclude-file", "", "`FILE` of dates or ranges to leave out, one a line, # comments")
	f.StringVar(&o.weekdays, "weekdays", "", "`DAYS` to replay and score, such as sun-thu or mon,tue (default all)")
	f.StringVar(&o.hours, "hours", "00:00-24:00", "time-of-day `WINDOW` scored")
	f.DurationVar(&o.interval, "interval", 30*time.Minute, "interval scored; must divide a day")
	f.DurationVar(&o.staffStep, "staff-step", 5*time.Minute, "how often the inferred staffing changes in the simulation; must divide the interval")
	f.DurationVar(&o.agentGap, "agent-gap", 30*time.Minute, "longest idle time between an agent's contacts that still counts as on duty (as calibrated)")
	f.DurationVar(&o.sl, "sl", 0, "service-level threshold (default: the scenario's target)")
	f.IntVar(&o.reps, "reps", 0, "replications per day (default: the scenario's)")
	f.Uint64Var(&o.seed, "seed", 0, "random seed (default: the scenario's)")
	f.DurationVar(&o.erlangPatience, "erlang-patience", 0, "mean patience for Erlang A (default: the mean of the scenario's patience)")
	f.StringVar(&o.format, "format", "table", "output format: table or json")
	f.IntVar(&o.workers, "workers", 0, "replications of a day simulated at once (default: all cores); never changes the result")
	f.StringVar(&o.charts, "charts", "", "also draw observed against predicted by time of day into `DIR` (backtest.png)")
	return cmd
}

func runBacktest(cmd *cobra.Command, scenario string, o *backtestOptions) error {
	if o.format != "table" && o.format != "json" {
		return usageErrorf("backtest: --format %q: want table or json", o.format)
	}
	ropt, err := o.in.options("backtest")
	if err != nil {
		return err
	}
	if o.interval < time.Minute || o.interval%time.Minute != 0 || (24*time.Hour)%o.interval != 0 {
		return usageErrorf("backtest: --interval %v: want whole minutes that divide a day (15m, 30m, 1h)", o.interval)
	}
	if o.staffStep < time.Minute || o.staffStep%time.Minute != 0 || o.interval%o.staffStep != 0 || time.Hour%o.staffStep != 0 {
		return usageErrorf("backtest: --staff-step %v: want whole minutes that divide the interval and an hour", o.staffStep)
	}
	if o.agentGap <= 0 {
		return usageErrorf("backtest: --agent-gap %v: want a positive duration", o.agentGap)
	}
	if o.sl < 0 || o.erlangPatience < 0 {
		return usageErrorf("backtest: --sl and --erlang-patience must not be negative")
	}
	if cmd.Flags().Changed("reps") && (o.reps < 1 || o.reps > 100000) {
		return usageErrorf("backtest: --reps %d: want 1 to 100000", o.reps)
	}
	if cmd.Flags().Changed("seed") && o.seed == 0 {
		return usageErrorf("backtest: --seed 0: want a positive seed")
	}
	window, err := parseDayWindow("backtest", o.from, o.to, o.exclude, o.excludeFile)
	if err != nil {
		return err
	}
	if o.weekdays != "" {
		if window.Weekdays, err = parseWeekdays(o.weekdays); err != nil {
			return usageErrorf("backtest: --weekdays: %v", err)
		}
	}
	hoursFrom, hoursTo, err := parseHours(o.hours, o.interval)
	if err != nil {
		return usageErrorf("backtest: --hours: %v", err)
	}
	if o.charts != "" {
		if err := plots.CheckDir(o.charts); err != nil {
			return usageErrorf("backtest: --charts: %v", err)
		}
	}
	sc, err := scenarios.Load(scenario)
	if err != nil {
		return usageError(err)
	}
	bt, err := history.NewBacktest(&sc.Model, history.BacktestOptions{
		Window: window, From: hoursFrom, To: hoursTo,
		IntervalSeconds: int(o.interval / time.Second), StaffSeconds: int(o.staffStep / time.Second),
		AgentGap: o.agentGap.Seconds(), Threshold: o.sl.Seconds(), Replications: o.reps, Seed: o.seed,
		ErlangPatience: o.erlangPatience.Seconds(), Workers: o.workers,
	})
	if err != nil {
		return usageError(err)
	}
	if err := o.in.reader(cmd, ropt, func(history.Contact) bool { return true }, true)(bt.Add); err != nil {
		return err
	}
	res, err := bt.Run(cmd.Context())
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if o.format == "json" {
		err = writeBacktestJSON(&out, res, o)
	} else {
		err = writeBacktestTable(&out, res, o, hoursFrom, hoursTo)
	}
	if err != nil {
		return err
	}
	if o.charts != "" {
		if err := writeBacktestChart(o.charts, res, hoursFrom, hoursTo); err != nil {
			return err
		}
	}
	_, err = cmd.OutOrStdout().Write(out.Bytes())
	return err
}

// writeBacktestChart draws the by-time-of-day comparison of the table
// within the scored hours.
func writeBacktestChart(dir string, r *history.BacktestResult, from, to time.Duration) error {
	n := 86400 / r.IntervalSeconds
	names := []string{"observed (the log)", "simulator", "Erlang A", "Erlang C"}
	series := make([]plots.BacktestSeries, len(names))
	for k := range series {
		series[k] = plots.BacktestSeries{Name: names[k], AbandonRate: nans(n), ServiceLevel: nans(n), ASA: nans(n)}
	}
	for _, row := range r.ByTimeOfDay() {
		if row.Start < from || row.Start >= to {
			continue
		}
		i := int(row.Start/time.Second) / r.IntervalSeconds
		for k, m := range []history.Measures{row.Observed, row.Sim, row.ErlangA, row.ErlangC} {
			series[k].AbandonRate[i], series[k].ServiceLevel[i], series[k].ASA[i] = m.AbandonRate, m.ServiceLevel, m.ASA
		}
	}
	sub := fmt.Sprintf("%s: %d days from %s to %s, %d replications a day", r.Scenario, len(r.Days),
		r.Days[0].Format(time.DateOnly), r.Days[len(r.Days)-1].Format(time.DateOnly), r.Replications)
	chart, err := plots.BacktestChart(float64(r.IntervalSeconds), r.Threshold, sub, series)
	if err != nil {
		return err
	}
	return plots.WriteCharts(dir, []plots.Chart{chart})
}

func nans(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

// jsonFloat is a number rounded for output, or null when undefined.
type jsonFloat struct {
	v      float64
	digits int
}

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(f.v, 'f', f.digits, 64)), nil
}

func jsonShare(v float64) jsonFloat   { return jsonFloat{v, 5} }
func jsonSeconds(v float64) jsonFloat { return jsonFloat{v, 2} }

type jsonMeasures struct {
	AbandonRate  jsonFloat `json:"abandon_rate"`
	ServiceLevel jsonFloat `json:"service_level"`
	ASA          jsonFloat `json:"asa_seconds"`
}

func measuresJSON(m history.Measures) jsonMeasures {
	return jsonMeasures{jsonShare(m.AbandonRate), jsonShare(m.ServiceLevel), jsonSeconds(m.ASA)}
}

type jsonMethods struct {
	Sim     jsonFloat `json:"sim"`
	ErlangA jsonFloat `json:"erlang_a"`
	ErlangC jsonFloat `json:"erlang_c"`
}

type jsonScores struct {
	AbandonRate  jsonMethods `json:"abandon_rate"`
	ServiceLevel jsonMethods `json:"service_level"`
	ASA          jsonMethods `json:"asa_seconds"`
}

func scoresJSON(m history.Methods) jsonScores {
	return jsonScores{
		AbandonRate:  jsonMethods{jsonShare(m.Sim.AbandonRate), jsonShare(m.ErlangA.AbandonRate), jsonShare(m.ErlangC.AbandonRate)},
		ServiceLevel: jsonMethods{jsonShare(m.Sim.ServiceLevel), jsonShare(m.ErlangA.ServiceLevel), jsonShare(m.ErlangC.ServiceLevel)},
		ASA:          jsonMethods{jsonSeconds(m.Sim.ASA), jsonSeconds(m.ErlangA.ASA), jsonSeconds(m.ErlangC.ASA)},
	}
}

func writeBacktestJSON(w io.Writer, r *history.BacktestResult, o *backtestOptions) error {
	type interval struct {
		Start     string       `json:"start"`
		Offered   int          `json:"offered"`
		Agents    jsonFloat    `json:"agents"`
		AHT       jsonFloat    `json:"aht_seconds"`
		Patience  jsonFloat    `json:"patience_seconds"`
		Observed  jsonMeasures `json:"observed"`
		Predicted jsonMeasures `json:"predicted"`
		Spread    jsonMeasures `json:"spread"`
		ErlangA   jsonMeasures `json:"erlang_a"`
		ErlangC   jsonMeasures `json:"erlang_c"`
	}
	type undefined struct {
		Observed int `json:"observed"`
		Sim      int `json:"sim"`
		ErlangA  int `json:"erlang_a"`
		ErlangC  int `json:"erlang_c"`
	}
	type summary struct {
		MAE          jsonScores   `json:"mae"`
		Bias         jsonScores   `json:"bias"`
		Observed     jsonMeasures `json:"observed"`
		Spread       jsonMeasures `json:"spread"`
		UndefinedASA undefined    `json:"undefined_asa"`
	}
	s := r.Summary
	var days []string
	for _, d := range r.Days {
		days = append(days, d.Format(time.DateOnly))
	}
	out := struct {
		Scenario        string     `json:"scenario"`
		From            string     `json:"from"`
		To              string     `json:"to"`
		Days            []string   `json:"days"`
		Hours           string     `json:"hours"`
		IntervalSeconds int        `json:"interval_seconds"`
		Threshold       jsonFloat  `json:"threshold_seconds"`
		Replications    int        `json:"replications"`
		Seed            uint64     `json:"seed"`
		Intervals       int        `json:"interval_count"`
		Offered         int        `json:"offered"`
		Summary         summary    `json:"summary"`
		Rows            []interval `json:"intervals"`
	}{
		Scenario: r.Scenario, From: days[0], To: days[len(days)-1], Days: days, Hours: o.hours,
		IntervalSeconds: r.IntervalSeconds, Threshold: jsonSeconds(r.Threshold), Replications: r.Replications, Seed: r.Seed,
		Intervals: len(r.Intervals), Offered: r.Offered,
		Summary: summary{MAE: scoresJSON(s.MAE), Bias: scoresJSON(s.Bias), Observed: measuresJSON(s.Observed),
			Spread: measuresJSON(s.Spread), UndefinedASA: undefined(s.UndefinedASA)},
		Rows: []interval{},
	}
	for _, iv := range r.Intervals {
		out.Rows = append(out.Rows, interval{
			Start: iv.Start.Format(isoLocal), Offered: iv.Offered, Agents: jsonFloat{iv.Agents, 3},
			AHT: jsonSeconds(iv.AHT), Patience: jsonSeconds(iv.Patience),
			Observed: measuresJSON(iv.Observed), Predicted: measuresJSON(iv.Predicted), Spread: measuresJSON(iv.Spread),
			ErlangA: measuresJSON(iv.ErlangA), ErlangC: measuresJSON(iv.ErlangC),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeBacktestTable(w io.Writer, r *history.BacktestResult, o *backtestOptions, from, to time.Duration) error {
	s := r.Summary
	days := "every day"
	if o.weekdays != "" {
		days = o.weekdays
	}
	span := fmt.Sprintf("%d days from %s to %s", len(r.Days), r.Days[0].Format(time.DateOnly), r.Days[len(r.Days)-1].Format(time.DateOnly))
	if len(r.Days) == 1 {
		span = "1 day, " + r.Days[0].Format(time.DateOnly)
	}
	fmt.Fprintf(w, "Backtest of %q: %s (%s, %s)\n", r.Scenario, span, days, o.hours)
	fmt.Fprintf(w, "%s %s intervals, %s contacts offered; simulator: %d replications a day, seed %d\n",
		groupThousands(strconv.Itoa(len(r.Intervals))), fmtInterval(time.Duration(r.IntervalSeconds)*time.Second), groupThousands(strconv.Itoa(r.Offered)), r.Replications, r.Seed)
	fmt.Fprintf(w, "Service level: answered within %gs over all arrivals. Errors are arrival-weighted over the intervals.\n\n", r.Threshold)

	pct := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*v)
	}
	spct := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%+.1f%%", 100*v)
	}
	sec := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%.1f", v)
	}
	ssec := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%+.1f", v)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\t\tobserved\tsimulator\tErlang A\tErlang C\tchance alone\t")
	fmt.Fprintf(tw, "abandonment share\tMAE\t%s\t%s\t%s\t%s\t%s\t\n", pct(s.Observed.AbandonRate), pct(s.MAE.Sim.AbandonRate),
		pct(s.MAE.ErlangA.AbandonRate), pct(s.MAE.ErlangC.AbandonRate), pct(s.Spread.AbandonRate))
	fmt.Fprintf(tw, "\tbias\t\t%s\t%s\t%s\t\t\n", spct(s.Bias.Sim.AbandonRate), spct(s.Bias.ErlangA.AbandonRate), spct(s.Bias.ErlangC.AbandonRate))
	fmt.Fprintf(tw, "service level\tMAE\t%s\t%s\t%s\t%s\t%s\t\n", pct(s.Observed.ServiceLevel), pct(s.MAE.Sim.ServiceLevel),
		pct(s.MAE.ErlangA.ServiceLevel), pct(s.MAE.ErlangC.ServiceLevel), pct(s.Spread.ServiceLevel))
	fmt.Fprintf(tw, "\tbias\t\t%s\t%s\t%s\t\t\n", spct(s.Bias.Sim.ServiceLevel), spct(s.Bias.ErlangA.ServiceLevel), spct(s.Bias.ErlangC.ServiceLevel))
	fmt.Fprintf(tw, "ASA, seconds\tMAE\t%s\t%s\t%s\t%s\t%s\t\n", sec(s.Observed.ASA), sec(s.MAE.Sim.ASA),
		sec(s.MAE.ErlangA.ASA), sec(s.MAE.ErlangC.ASA), sec(s.Spread.ASA))
	fmt.Fprintf(tw, "\tbias\t\t%s\t%s\t%s\t\t\n", ssec(s.Bias.Sim.ASA), ssec(s.Bias.ErlangA.ASA), ssec(s.Bias.ErlangC.ASA))
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\n\"observed\" is the arrival-weighted mean of the log; \"chance alone\" the simulator's mean absolute")
	fmt.Fprintln(w, "deviation of one replication from the mean: how far an observed interval lands from a perfect forecast.")
	if u := s.UndefinedASA; u.ErlangC+u.ErlangA+u.Sim+u.Observed > 0 {
		fmt.Fprintf(w, "ASA undefined (left out of its MAE) in %d intervals for Erlang C (load at or above the agents), %d for\n",
			u.ErlangC, u.ErlangA)
		fmt.Fprintf(w, "Erlang A, %d for the simulator and %d in the log (nobody answered).\n", u.Sim, u.Observed)
	}

	fmt.Fprintln(w, "\nBy time of day: mean offered and agents a day; arrival-weighted means observed (obs), simulated (sim),")
	fmt.Fprintln(w, "Erlang A (A) and Erlang C (C).")
	tw = tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "time\toffered\tagents\t  abandon obs\tsim\tA\tC\t  SL obs\tsim\tA\tC\t  ASA obs\tsim\tA\tC\t")
	for _, row := range r.ByTimeOfDay() {
		if row.Start < from || row.Start >= to {
			continue
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t", sim.Clock(row.Start.Seconds()), row.Offered, row.Agents)
		ms := []history.Measures{row.Observed, row.Sim, row.ErlangA, row.ErlangC}
		for _, part := range []struct {
			get    func(history.Measures) float64
			format func(float64) string
		}{
			{func(m history.Measures) float64 { return m.AbandonRate }, pct},
			{func(m history.Measures) float64 { return m.ServiceLevel }, pct},
			{func(m history.Measures) float64 { return m.ASA }, sec},
		} {
			for _, m := range ms {
				fmt.Fprintf(tw, "%s\t", part.format(part.get(m)))
			}
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
