package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/sim"
)

// compareOptions are the flags of "ccsim compare".
type compareOptions struct {
	reps    int
	seed    uint64
	format  string
	png     string
	workers int
}

func newCompareCmd() *cobra.Command {
	var o compareOptions
	cmd := &cobra.Command{
		Use:   "compare A.yaml B.yaml [C.yaml ...]",
		Short: "Forecast several staffing plans and compare them side by side",
		Long: `Compare simulates each scenario (a staffing plan) and prints its headline KPIs
over the whole horizon side by side: service level, ASA and abandonment for
all channels and per channel, occupancy and paid hours of all groups, cost and
cost per contact, each with its difference (Δ) from the first plan.

With --png it also draws one image of panels with one line per plan, the same
colour for a plan in every panel: per channel its service level, 90th
percentile wait and abandonment (backlog for email and messaging), and for the
whole center scheduled agents, occupancy and cost per interval, beside the
KPI table (see docs/charts.md).

Plans are named by their scenario's name, or by file name when names clash.
Each runs with its own seed and replications unless --reps or --seed is given;
give the plans one seed to compare them on the same customers (common random
numbers), which makes small differences sharp. Every file is checked before
anything is simulated.`,
		Example: `  ccsim compare today.yaml more-chat-agents.yaml
  ccsim compare a.yaml b.yaml c.yaml --png plans.png
  ccsim compare a.yaml b.yaml --reps 30 --seed 7 --format csv > kpis.csv`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCompare(cmd, args, &o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.reps, "reps", 0, "replications for every plan (default: each scenario's)")
	f.Uint64Var(&o.seed, "seed", 0, "random seed for every plan (default: each scenario's)")
	f.StringVar(&o.format, "format", "table", "KPI output format: table, json or csv")
	f.StringVar(&o.png, "png", "", "also write the comparison as a PNG image to this file")
	f.IntVar(&o.workers, "workers", 0, "replications run at once (default: all cores); never changes the result")
	return cmd
}

// comparedPlan is one loaded plan.
type comparedPlan struct {
	file     string
	name     string
	currency string
	model    *sim.Model
}

func runCompare(cmd *cobra.Command, args []string, o *compareOptions) error {
	switch o.format {
	case "table", "json", "csv":
	default:
		return usageErrorf("--format %q: want table, json or csv", o.format)
	}
	if len(args) > plots.MaxPlans {
		return usageErrorf("%d plans: compare at most %d", len(args), plots.MaxPlans)
	}
	if o.png != "" {
		if err := checkOutputFile(o.png); err != nil {
			return usageErrorf("--png: %w", err)
		}
	}
	plans := make([]comparedPlan, len(args))
	for i, file := range args {
		m, err := loadModel(cmd, []string{file}, o.reps, o.seed)
		if err != nil {
			return err
		}
		plans[i] = comparedPlan{file: file, name: m.Name, currency: m.Currency, model: m}
		if m.Currency != plans[0].currency {
			return usageErrorf("%s counts cost in %s but %s in %s: compare plans in one currency",
				file, m.Currency, args[0], plans[0].currency)
		}
	}
	namePlans(plans)

	forecasts := make([]plots.Forecast, len(plans))
	for i, p := range plans {
		res, err := simulate(cmd, p.model, o.workers)
		if err != nil {
			return err
		}
		forecasts[i] = plots.Forecast{Name: p.name, Result: res, Currency: p.currency}
	}
	rows, err := plots.CompareKPIs(forecasts)
	if err != nil {
		return err
	}
	// Render everything before writing anything, so that a failure leaves
	// neither half a report nor half an image.
	var image bytes.Buffer
	if o.png != "" {
		if err := plots.Compare(&image, forecasts); err != nil {
			return err
		}
	}
	var out bytes.Buffer
	switch o.format {
	case "json":
		err = writeCompareJSON(&out, plans, forecasts, rows)
	case "csv":
		err = writeCompareCSV(&out, plans, rows)
	default:
		err = writeCompareTable(&out, plans, forecasts, rows)
	}
	if err != nil {
		return err
	}
	if o.png != "" {
		if err := plots.WriteFile(o.png, image.Bytes()); err != nil {
			return err
		}
	}
	_, err = cmd.OutOrStdout().Write(out.Bytes())
	return err
}

// checkOutputFile fails early when path cannot be written: its directory
// is missing or it names a directory.
func checkOutputFile(path string) error {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fmt.Errorf("%s is a directory", path)
	}
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	return nil
}

// namePlans names each plan by its scenario name; plans whose names are
// empty or clash take their file's base name, and their path when even
// those clash. The same file given twice is told apart by a number.
func namePlans(plans []comparedPlan) {
	count := func(name func(comparedPlan) string) map[string]int {
		n := map[string]int{}
		for _, p := range plans {
			n[name(p)]++
		}
		return n
	}
	byName := count(func(p comparedPlan) string { return p.name })
	byBase := count(func(p comparedPlan) string { return filepath.Base(p.file) })
	for i := range plans {
		p := &plans[i]
		switch {
		case p.name != "" && byName[p.name] == 1:
		case byBase[filepath.Base(p.file)] == 1:
			p.name = filepath.Base(p.file)
		default:
			p.name = p.file
		}
	}
	seen := map[string]int{}
	for i := range plans {
		seen[plans[i].name]++
		if n := seen[plans[i].name]; n > 1 {
			plans[i].name += " (" + strconv.Itoa(n) + ")"
		}
	}
}

var unitKeys = map[sim.Unit]string{
	sim.Count: "count", sim.Share: "share", sim.Seconds: "seconds", sim.Minutes: "minutes",
	sim.Money: "money", sim.Agents: "agents", sim.Hours: "hours",
}

// compareFormat is the version of the compare JSON and CSV layouts.
const compareFormat = "ccsim-compare/1"

func writeCompareJSON(w io.Writer, plans []comparedPlan, forecasts []plots.Forecast, rows []plots.KPIRow) error {
	type planJSON struct {
		Name         string `json:"name"`
		File         string `json:"file"`
		Seed         uint64 `json:"seed"`
		Replications int    `json:"replications"`
		Currency     string `json:"currency"`
	}
	type kpiJSON struct {
		Key     string     `json:"key"`
		Channel string     `json:"channel,omitempty"`
		Unit    string     `json:"unit"`
		Values  []sim.Stat `json:"values"`
		// Deltas are against the first plan; null where undefined.
		Deltas []*float64 `json:"deltas"`
	}
	rep := struct {
		Format string     `json:"format"`
		Plans  []planJSON `json:"plans"`
		KPIs   []kpiJSON  `json:"kpis"`
	}{Format: compareFormat}
	for i, p := range plans {
		r := forecasts[i].Result
		rep.Plans = append(rep.Plans, planJSON{p.name, p.file, r.Seed, r.Replications, p.currency})
	}
	for _, row := range rows {
		k := kpiJSON{Key: row.Key, Channel: row.Channel, Unit: unitKeys[row.Unit], Values: row.Values}
		for _, d := range row.Deltas {
			if math.IsNaN(d) || math.IsInf(d, 0) {
				k.Deltas = append(k.Deltas, nil)
			} else {
				k.Deltas = append(k.Deltas, &d)
			}
		}
		rep.KPIs = append(rep.KPIs, k)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// writeCompareCSV writes one row per KPI and plan: kpi, channel, plan,
// mean, ci95, n, delta (against the first plan).
func writeCompareCSV(w io.Writer, plans []comparedPlan, rows []plots.KPIRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"kpi", "channel", "unit", "plan", "mean", "ci95", "n", "delta"})
	num := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', 10, 64)
	}
	for _, row := range rows {
		for i, p := range plans {
			s := row.Values[i]
			cw.Write([]string{row.Key, row.Channel, unitKeys[row.Unit], p.name,
				num(s.Mean), num(s.HalfWidth), strconv.Itoa(s.N), num(row.Deltas[i])})
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeCompareTable(w io.Writer, plans []comparedPlan, forecasts []plots.Forecast, rows []plots.KPIRow) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%d plans compared over their whole horizons; Δ is the difference from %s.\n", len(plans), plans[0].name)
	fmt.Fprintln(bw, "Means over replications; ± is the half-width of the 95% confidence interval; pp: percentage points.")
	fmt.Fprintln(bw)
	list := [][]string{{"plan", "file", "replications", "seed"}}
	for i, p := range plans {
		r := forecasts[i].Result
		list = append(list, []string{p.name, p.file, strconv.Itoa(r.Replications), strconv.FormatUint(r.Seed, 10)})
	}
	writeColumns(bw, list, 2)
	fmt.Fprintln(bw)

	header := []string{"KPI"}
	for i, p := range plans {
		header = append(header, p.name)
		if i > 0 {
			header = append(header, "Δ")
		}
	}
	table := [][]string{header}
	for _, row := range rows {
		line := []string{row.Label()}
		for i, p := range plans {
			line = append(line, row.FormatValue(i, p.currency, true))
			if i > 0 {
				line = append(line, row.FormatDelta(i, p.currency))
			}
		}
		table = append(table, line)
	}
	writeColumns(bw, table, 1)
	return bw.Flush()
}

// writeColumns prints a table two spaces apart, its first left columns
// aligned left and the others, numbers, aligned right.
func writeColumns(w io.Writer, table [][]string, left int) {
	var widths []int
	for _, row := range table {
		for c, cell := range row {
			if c == len(widths) {
				widths = append(widths, 0)
			}
			widths[c] = max(widths[c], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range table {
		var b strings.Builder
		for c, cell := range row {
			pad := strings.Repeat(" ", widths[c]-utf8.RuneCountInString(cell))
			if c > 0 {
				b.WriteString("  ")
			}
			if c < left {
				b.WriteString(cell + pad)
			} else {
				b.WriteString(pad + cell)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
