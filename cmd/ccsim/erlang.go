package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/erlang"
	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/scenarios"
)

// erlangOptions are the flags of "ccsim erlang", as typed.
type erlangOptions struct {
	volume       float64
	interval     string
	aht          string
	sl           string
	slDef        string
	patience     string
	agents       int
	asa          string
	maxAbandon   string
	maxOccupancy string
	shrinkage    string
	format       *formatFlag
	table        bool
}

// erlangQuestion is the validated question the flags ask.
type erlangQuestion struct {
	load      float64 // Erlangs
	aht       float64 // seconds
	patience  float64 // seconds; 0 = Erlang C
	agents    int     // 0 = find the staffing
	targets   erlang.Targets
	shrinkage float64
}

func newErlangCmd(s *streams) *cobra.Command {
	o := &erlangOptions{}
	cmd := &cobra.Command{
		Use:   "erlang",
		Short: "Agents needed for a target, or the service of a given staffing (Erlang C or A)",
		Long: `erlang answers the planner's quick question for one queue and one interval.

The load is volume x AHT / interval, in Erlangs. Without --agents it finds the
least number of agents that meets every target given (--sl, --asa,
--max-abandon, --max-occupancy) and the headcount to schedule after
--shrinkage; with --agents it evaluates that staffing. Without --patience the
model is Erlang C (nobody hangs up); --patience switches to Erlang A, where
callers abandon after an exponential patience of that mean.

The service level counts contacts answered within the threshold over all
offered (--sl-def offered), over answered ones (answered), or over offered
less those who abandoned within the threshold (offered-less-short-abandons).
ASA is the mean wait of answered contacts. Durations take Go units (20s, 4m,
1h30m) or plain seconds. Shares are written as in scenario files, 5% or 0.05;
--sl also takes the planners' 80/20 (a goal above 1 is a percentage). A bare
1 is refused as ambiguous (1% or 100%?), and so is a bare 30 for a share
(30% or 0.3). An AHT under 10 seconds is read as given, with a warning.

JSON keys (stable): model, agents, scheduled_agents, load_erlangs, p_wait,
service_level, asa_seconds, occupancy; with --patience also p_abandon and
mean_wait_seconds (mean wait of all arrivals); with --table also table, a list
of {agents, p_wait, service_level, asa_seconds, occupancy[, p_abandon]}.
docs/erlang.md gives every formula.`,
		Example: `  # agents for 80% answered in 20 s: 360 calls per 30 min, AHT 4 min -> 54
  ccsim erlang --volume 360 --interval 30m --aht 4m --sl 80/20s

  # the same with callers who hang up after 3 minutes on average (Erlang A)
  ccsim erlang --volume 360 --interval 30m --aht 4m --sl 80/20s --patience 3m

  # what do 52 agents give? And the rows around 54, as JSON
  ccsim erlang --volume 360 --interval 30m --aht 4m --sl 80/20s --agents 52
  ccsim erlang --volume 360 --interval 30m --aht 4m --sl 80/20s --table --format json

  # several targets at once, and the headcount after 30% shrinkage
  ccsim erlang --volume 200 --interval 1h --aht 300 --sl 90/30s --asa 15s \
      --patience 2m --max-abandon 3% --max-occupancy 85% --shrinkage 30%`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			q, err := o.question(cmd)
			if err != nil {
				return err
			}
			if q.aht < minAHT {
				fmt.Fprintf(s.err, "ccsim: warning: --aht %s is %g seconds, implausibly short for a handle time (a number without a unit is seconds; if %s minutes was meant, write %sm)\n",
					o.aht, q.aht, strings.TrimSpace(o.aht), strings.TrimSpace(o.aht))
			}
			doc, err := q.answer(o.table)
			if err != nil {
				return err
			}
			return output.Write(s.out, doc, o.format.value)
		},
	}
	f := cmd.Flags()
	f.Float64Var(&o.volume, "volume", 0, "contacts offered in the interval (required)")
	f.StringVar(&o.interval, "interval", "30m", "interval length")
	f.StringVar(&o.aht, "aht", "", "average handle time (required)")
	f.StringVar(&o.sl, "sl", "80/20s", "service-level target GOAL/THRESHOLD, e.g. 80/20s; goal 0 sets no target but keeps the threshold for reporting")
	f.StringVar(&o.slDef, "sl-def", "offered", "service-level definition: offered, answered, offered-less-short-abandons")
	f.StringVar(&o.patience, "patience", "", "mean patience before callers abandon: switches to Erlang A")
	f.IntVar(&o.agents, "agents", 0, "evaluate this many agents instead of finding the staffing")
	f.StringVar(&o.asa, "asa", "", "largest ASA (mean wait of answered contacts)")
	f.StringVar(&o.maxAbandon, "max-abandon", "", "largest share of callers who abandon (needs --patience)")
	f.StringVar(&o.maxOccupancy, "max-occupancy", "", "largest agent occupancy")
	f.StringVar(&o.shrinkage, "shrinkage", "0%", "share of paid time off the phones (breaks, training, absence)")
	o.format = addFormatFlag(f, output.Erlang{}, "output format", "erlang: ")
	f.BoolVar(&o.table, "table", false, "also print the figures for agent counts around the answer")
	return cmd
}

// question validates the flags; every error is a usage error naming the
// flag.
func (o *erlangOptions) question(cmd *cobra.Command) (erlangQuestion, error) {
	var q erlangQuestion
	if !cmd.Flags().Changed("volume") {
		return q, usageErrorf("erlang: --volume is required")
	}
	if math.IsNaN(o.volume) || math.IsInf(o.volume, 0) || o.volume < 0 {
		return q, usageErrorf("erlang: --volume %v: must be a non-negative number", o.volume)
	}
	if o.aht == "" {
		return q, usageErrorf("erlang: --aht is required")
	}
	interval, err := parseSeconds("--interval", o.interval, false)
	if err != nil {
		return q, err
	}
	if q.aht, err = parseSeconds("--aht", o.aht, false); err != nil {
		return q, err
	}
	q.load = o.volume * q.aht / interval
	if math.IsInf(q.load, 0) || q.load > erlang.MaxAgents {
		return q, usageErrorf("erlang: load %g Erlangs: more than %g", q.load, float64(erlang.MaxAgents))
	}
	if o.patience != "" {
		if q.patience, err = parseSeconds("--patience", o.patience, false); err != nil {
			return q, err
		}
	}
	if o.agents < 0 || float64(o.agents) > erlang.MaxAgents {
		return q, usageErrorf("erlang: --agents %d: must be between 1 and %g", o.agents, float64(erlang.MaxAgents))
	}
	if cmd.Flags().Changed("agents") && o.agents == 0 {
		return q, usageErrorf("erlang: --agents 0: must be at least 1")
	}
	q.agents = o.agents
	t := &q.targets
	if t.ServiceLevel, t.Threshold, err = parseSL(o.sl); err != nil {
		return q, err
	}
	if t.Definition, err = erlang.ParseSLDef(o.slDef); err != nil {
		return q, usageErrorf("erlang: --sl-def %q: must be offered, answered or offered-less-short-abandons", o.slDef)
	}
	if o.asa != "" {
		if t.ASA, err = parseSeconds("--asa", o.asa, false); err != nil {
			return q, err
		}
	}
	if o.maxAbandon != "" {
		if q.patience == 0 {
			return q, usageErrorf("erlang: --max-abandon needs --patience: without it nobody abandons")
		}
		if t.MaxAbandon, err = parseShare("--max-abandon", o.maxAbandon, false); err != nil {
			return q, err
		}
	}
	if o.maxOccupancy != "" {
		if t.MaxOccupancy, err = parseShare("--max-occupancy", o.maxOccupancy, true); err != nil {
			return q, err
		}
	}
	if q.shrinkage, err = parseShare("--shrinkage", o.shrinkage, false); err != nil {
		return q, err
	}
	if q.agents == 0 && t.ServiceLevel == 0 && t.ASA == 0 && t.MaxAbandon == 0 && t.MaxOccupancy == 0 {
		return q, usageErrorf("erlang: no target: give --sl with a goal above 0, --asa, --max-abandon or --max-occupancy, or --agents")
	}
	return q, nil
}

// parseSeconds reads a duration: Go units (20s, 4m, 1h30m) or plain
// seconds. Zero is allowed only where zeroOK.
func parseSeconds(flag, s string, zeroOK bool) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		d, derr := time.ParseDuration(strings.TrimSpace(s))
		if derr != nil {
			return 0, usageErrorf("erlang: %s %q: not a duration (use 20s, 4m, 1h30m or seconds)", flag, s)
		}
		v = d.Seconds()
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (v == 0 && !zeroOK) {
		return 0, usageErrorf("erlang: %s %q: must be a positive duration", flag, s)
	}
	return v, nil
}

// minAHT is the shortest plausible handle time, as scenario files judge
// it: an --aht of 4 is 4 seconds, and 4 minutes was more likely meant.
const minAHT = 10

// parseShare reads a share as scenario files write it, 5% or 0.05
// (scenarios.ParseShare), below 1 (up to 1 where oneOK).
func parseShare(flag, s string, oneOK bool) (float64, error) {
	v, err := scenarios.ParseShare(s)
	if err != nil {
		return 0, usageErrorf("erlang: %s %v", flag, err)
	}
	if v == 1 && !oneOK {
		return 0, usageErrorf("erlang: %s %q: must be below 100%%", flag, s)
	}
	return v, nil
}

// parseSL reads GOAL/THRESHOLD: 80%/20s, 0.8/20s or 80/20
// (scenarios.ParseServiceLevel). The goal must be below 100%: no finite
// staffing answers every contact within a threshold.
func parseSL(s string) (goal, threshold float64, err error) {
	goal, threshold, err = scenarios.ParseServiceLevel(s)
	if err != nil {
		return 0, 0, usageErrorf("erlang: --sl %q: %v", s, err)
	}
	if goal >= 1 {
		return 0, 0, usageErrorf("erlang: --sl %q: the goal must be below 100%%", s)
	}
	return goal, threshold, nil
}

// model returns the queue the question is about.
func (q erlangQuestion) model() erlang.Queue {
	if q.patience > 0 {
		return erlang.AQueue{Load: q.load, AHT: q.aht, Patience: q.patience}
	}
	return erlang.CQueue{Load: q.load, AHT: q.aht}
}

// evaluate returns the figures at n agents.
func (q erlangQuestion) evaluate(n int) (erlang.Metrics, error) {
	return q.model().MetricsAt(float64(n), q.targets.Threshold, q.targets.Definition)
}

// answer finds the staffing (or evaluates the one given) and, with
// table, the figures of the agent counts around it.
func (q erlangQuestion) answer(table bool) (output.Erlang, error) {
	doc := output.Erlang{Abandonment: q.patience > 0, Load: q.load, Given: q.agents > 0, Shrinkage: q.shrinkage, Targets: q.targets}
	var err error
	if doc.Given {
		if doc.Metrics, err = q.evaluate(q.agents); err != nil {
			return doc, err // the erlang package's errors name themselves
		}
		doc.Agents = q.agents
	} else {
		s, err := erlang.Staff(q.model(), q.targets)
		if err != nil {
			if errors.Is(err, erlang.ErrUnreachable) {
				return doc, fmt.Errorf("erlang: no staffing up to %g agents meets the targets", float64(erlang.MaxAgents))
			}
			return doc, err
		}
		doc.Metrics, doc.Agents = s.Metrics, s.Agents
	}
	if doc.Scheduled, err = erlang.Scheduled(float64(doc.Agents), q.shrinkage); err != nil {
		return doc, err
	}
	if !table {
		return doc, nil
	}
	for n := max(1, doc.Agents-5); n <= doc.Agents+5; n++ {
		m, err := q.evaluate(n)
		if errors.Is(err, erlang.ErrUnstable) {
			continue
		}
		if err != nil {
			return doc, err
		}
		doc.Table = append(doc.Table, m)
	}
	return doc, nil
}
