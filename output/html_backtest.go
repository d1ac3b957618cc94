package output

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ccsim/ccsim/backtest"
	"github.com/ccsim/ccsim/sim"
)

// WriteHTML writes the backtest as a report page: what was replayed, the
// errors of the simulator beside Erlang A and C (each against the noise
// of chance alone), the measures by time of day, the chart, and the
// definitions.
func (b Backtest) WriteHTML(w io.Writer) error {
	r := b.Result
	s := r.Summary
	d := &defs{}
	days := "every day"
	if b.Weekdays != "" {
		days = b.Weekdays
	}
	pg := &page{Kind: "Backtest", Title: r.Scenario,
		Lead: fmt.Sprintf("Logged days replayed through the simulator, scored against what happened, beside Erlang A and Erlang C on the same inputs. "+
			"Service level: answered within %gs over all arrivals; errors are arrival-weighted over the intervals.", r.Threshold)}
	span := fmt.Sprintf("%d days from %s to %s", len(r.Days), r.Days[0].Format(time.DateOnly), r.Days[len(r.Days)-1].Format(time.DateOnly))
	pg.Facts = append(pg.Facts, fact{"replayed", span}, fact{"days", days}, fact{"hours", b.Hours},
		fact{"intervals", Int(len(r.Intervals)) + " of " + IntervalName(time.Duration(r.IntervalSeconds)*time.Second)},
		fact{"contacts", Int(r.Offered)}, fact{"replications", strconv.Itoa(r.Replications) + " a day"}, fact{"seed", strconv.FormatUint(r.Seed, 10)})
	pg.withReport(b.HTML)
	measures := []struct {
		name  string
		get   func(backtest.Measures) float64
		share bool
	}{
		{"abandonment share", func(m backtest.Measures) float64 { return m.AbandonRate }, true},
		{"service level", func(m backtest.Measures) float64 { return m.ServiceLevel }, true},
		{"ASA", func(m backtest.Measures) float64 { return m.ASA }, false},
	}
	mae := d.use("mae")
	for _, m := range measures {
		format := func(v float64) string {
			if m.share {
				return points(v) + " pp"
			}
			return Seconds(v)
		}
		sim, a, c := m.get(s.MAE.Sim), m.get(s.MAE.ErlangA), m.get(s.MAE.ErlangC)
		card := kpiCard{Label: m.name + ": simulator's error (MAE)", Value: format(sim),
			Target: fmt.Sprintf("Erlang A %s, Erlang C %s", format(a), format(c)), Def: mae}
		// The simulator is judged against the Erlang models whose error
		// is defined: Erlang C's ASA is not where every interval it
		// scores is overloaded.
		var defined, beat []string
		for _, e := range []struct {
			name string
			mae  float64
		}{{"Erlang A", a}, {"Erlang C", c}} {
			if !math.IsNaN(e.mae) {
				defined = append(defined, e.name)
				if e.mae < sim {
					beat = append(beat, e.name)
				}
			}
		}
		switch {
		case math.IsNaN(sim) || len(defined) == 0:
		case len(beat) == 0:
			card.Status, card.Says = "met", "better than "+strings.Join(defined, " and ")
		default:
			card.Status, card.Says = "missed", "worse than "+strings.Join(beat, " and ")
		}
		pg.KPIs = append(pg.KPIs, card)
	}
	var rows [][]cell
	for _, m := range measures {
		value := func(v float64) cell {
			if m.share {
				return num(Share(v), v)
			}
			return num(Seconds(v), v)
		}
		signedValue := func(v float64) cell {
			if math.IsNaN(v) {
				return num("-", v)
			}
			if m.share {
				return num(fmt.Sprintf("%+.1f%%", 100*v), v)
			}
			return num(fmt.Sprintf("%+.1fs", v), v)
		}
		rows = append(rows,
			[]cell{{Text: m.name + ", MAE"}, value(m.get(s.Observed)), value(m.get(s.MAE.Sim)), value(m.get(s.MAE.ErlangA)),
				value(m.get(s.MAE.ErlangC)), value(m.get(s.Spread))},
			[]cell{{Text: m.name + ", bias"}, num("", nan), signedValue(m.get(s.Bias.Sim)), signedValue(m.get(s.Bias.ErlangA)),
				signedValue(m.get(s.Bias.ErlangC)), num("", nan)})
	}
	src, _ := b.observedSource()
	note := "observed: the arrival-weighted mean of " + src + "; chance alone: the simulator's mean absolute deviation of one replication " +
		"from the mean, how far an observed interval lands from a perfect forecast."
	if u := s.UndefinedASA; u.ErlangC+u.ErlangA+u.Sim+u.Observed > 0 {
		note += fmt.Sprintf(" ASA undefined (left out of its MAE) in %d intervals for Erlang C, %d for Erlang A, %d for the simulator and %d in %s.",
			u.ErlangC, u.ErlangA, u.Sim, u.Observed, src)
	}
	pg.Sections = append(pg.Sections, section{ID: "scores", Title: "Errors of each method",
		Tables: []table{{Head: []column{{Label: "measure"}, {Label: "observed", Numeric: true}, {Label: "simulator", Def: mae, Numeric: true},
			{Label: "Erlang A", Numeric: true}, {Label: "Erlang C", Numeric: true}, d.column("chance alone", "chance")},
			Rows: rows, Note: note}}})
	d.use("bias")

	var tod [][]cell
	for _, row := range r.ByTimeOfDay() {
		if row.Start < b.From || row.Start >= b.To {
			continue
		}
		line := []cell{num(sim.Clock(row.Start.Seconds()), row.Start.Seconds()), num(Float(row.Offered, 1), row.Offered), num(Float(row.Agents, 1), row.Agents)}
		for _, m := range measures {
			for _, x := range []backtest.Measures{row.Observed, row.Sim, row.ErlangA, row.ErlangC} {
				v := m.get(x)
				if m.share {
					line = append(line, num(Share(v), v))
				} else {
					line = append(line, num(Float(v, 1), v))
				}
			}
		}
		tod = append(tod, line)
	}
	head := []column{{Label: "time"}, {Label: "offered a day", Numeric: true}, {Label: "agents", Numeric: true}}
	for _, m := range []string{"abandoned", "SL", "ASA (s)"} {
		for _, who := range []string{"obs", "sim", "A", "C"} {
			head = append(head, column{Label: m + " " + who, Numeric: true})
		}
	}
	pg.Sections = append(pg.Sections, section{ID: "time-of-day", Title: "By time of day",
		Intro:  "Mean offered and agents a day; arrival-weighted means observed (obs), simulated (sim), Erlang A (A) and Erlang C (C).",
		Tables: []table{{Head: head, Rows: tod}}})
	if len(b.HTML.Figures) > 0 {
		pg.Sections = append(pg.Sections, section{ID: "charts", Title: "Charts",
			Intro: "Point at a chart for every method's figure at that time of day.", Figures: b.HTML.Figures})
	}
	pg.Defs = d.list()
	return pg.write(w)
}
