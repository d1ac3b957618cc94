package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// defaultMaxMemory is the memory a run may need before it is refused:
// 4 GB, what an ordinary laptop can give one program. --max-memory raises
// it. The limit is the same on every machine, so that a scenario runs or
// is refused alike everywhere.
const defaultMaxMemory = 4_000_000_000

// longRun is the estimated time past which a run says how long it will
// take before it starts.
const longRun = 5 * 60 // seconds

// manyPerArrival is the number of contacts one arrival may lead to
// through its follow-ons past which a run says so: real centres see one
// or two.
const manyPerArrival = 100

// memoryFlag is --max-memory: a size such as 8GB or 512MiB, or 0 for no
// limit.
type memoryFlag struct{ limit *int64 }

func addMemoryFlag(f *pflag.FlagSet, limit *int64) {
	*limit = defaultMaxMemory
	f.Var(memoryFlag{limit}, "max-memory", "refuse a run that needs more `SIZE` of memory, estimated before it starts (8GB, 512MiB; 0: no limit)")
}

func (m memoryFlag) String() string { return sizeText(*m.limit) }
func (m memoryFlag) Type() string   { return "size" }

func (m memoryFlag) Set(s string) error {
	v, ok := parseSize(s)
	if !ok {
		return &valueError{fmt.Sprintf("--max-memory %s: want a size such as 8GB, 512MB or 16GiB, or 0 for no limit", s)}
	}
	*m.limit = v
	return nil
}

// sizeUnits are the units parseSize reads, decimal and binary.
var sizeUnits = map[string]float64{
	"": 1, "b": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// parseSize reads a number of bytes with an optional unit.
func parseSize(s string) (int64, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	unit, ok := sizeUnits[strings.TrimSpace(t[i:])]
	v, err := strconv.ParseFloat(t[:i], 64)
	if !ok || err != nil || v < 0 || math.IsInf(v*unit, 0) || v*unit > 1<<62 {
		return 0, false
	}
	return int64(v * unit), true
}

// sizeText writes a limit for a person: 4 GB, 512 MB.
func sizeText(b int64) string {
	switch {
	case b == 0:
		return "0 (no limit)"
	case b >= 1e9:
		return strconv.FormatFloat(float64(b)/1e9, 'g', 4, 64) + " GB"
	case b >= 1e6:
		return strconv.FormatFloat(float64(b)/1e6, 'g', 4, 64) + " MB"
	}
	return strconv.FormatInt(b, 10) + " bytes"
}

// roundSize writes a size rounded to two significant figures, for
// estimates.
func roundSize(b float64) string {
	for _, u := range []struct {
		v    float64
		name string
	}{{1e12, "TB"}, {1e9, "GB"}, {1e6, "MB"}, {1e3, "kB"}} {
		if b >= u.v {
			x := b / u.v
			if x >= 10 {
				return fmt.Sprintf("%.0f %s", x, u.name)
			}
			return fmt.Sprintf("%.1f %s", x, u.name)
		}
	}
	return fmt.Sprintf("%.0f bytes", b)
}

// duration writes seconds for a person: 40 seconds, 12 minutes, 3.5 hours,
// 2 days.
func durationText(s float64) string {
	switch {
	case s < 90:
		return fmt.Sprintf("%.0f seconds", s)
	case s < 90*60:
		return fmt.Sprintf("%.0f minutes", s/60)
	case s < 48*3600:
		return fmt.Sprintf("%.1f hours", s/3600)
	}
	return fmt.Sprintf("%.0f days", s/86400)
}

// forecastPrinting is what printing a forecast in format f costs.
func forecastPrinting(f output.Format, totalsOnly bool) func(int) printing {
	return func(values int) printing {
		p := printing{what: strings.ToUpper(string(f))}
		p.bytes, p.memory = output.ForecastSize(values, f, totalsOnly)
		if f != output.Table {
			p.lighter = "--intervals=false prints the totals alone"
		} else {
			p.what = "tables"
		}
		return p
	}
}

// printing is what printing a run's result costs: bytes printed, the peak
// memory they add, and what the output is, for messages.
type printing struct {
	bytes, memory int64
	what          string // "JSON", "CSV"
	// lighter says how to print less, when there is a way.
	lighter string
}

// budget checks what a run of each model costs before any starts. It
// refuses, as bad input, runs whose estimated memory together (each
// simulation's times runs, plus what printing its result adds) passes
// limit, naming the figures and what to do; and it warns on standard
// error when a run will take long or a channel's follow-ons multiply its
// arrivals far.
func budget(s *streams, cmdName string, models []*sim.Model, workers, runs int, limit int64, print func(values int) printing) error {
	var need int64
	var p printing
	es := make([]sim.Estimate, len(models))
	for i, m := range models {
		es[i] = m.Estimate(workers)
		need += es[i].Memory * int64(max(1, runs))
		if print != nil {
			q := print(es[i].Values)
			p.bytes += q.bytes
			p.memory += q.memory
			p.what, p.lighter = q.what, q.lighter
		}
	}
	need += p.memory
	if limit > 0 && need > limit {
		m, e := models[0], es[0]
		var msg string
		if len(models) == 1 {
			msg = fmt.Sprintf("%s: %s over %s intervals of %s make %s figures a replication: the run would need about %s of memory",
				cmdName, shape(m), output.Int(m.Intervals), scenarios.FormatDuration(m.IntervalSeconds), output.Int(e.Values), roundSize(float64(need)))
		} else {
			msg = fmt.Sprintf("%s: the %d runs would need about %s of memory together", cmdName, len(models), roundSize(float64(need)))
		}
		if p.bytes > 0 {
			msg += fmt.Sprintf(" and print about %s of %s", roundSize(float64(p.bytes)), p.what)
		}
		msg += fmt.Sprintf(", more than --max-memory %s allows. ", sizeText(limit))
		var ways []string
		if p.lighter != "" && p.memory > 0 {
			ways = append(ways, fmt.Sprintf("print less (%s; the run then needs about %s of memory)", p.lighter, roundSize(float64(need-p.memory))))
		}
		ways = append(ways, "use fewer intervals (longer ones, or fewer days) or fewer channels and groups",
			fmt.Sprintf("raise --max-memory (--max-memory %s) on a machine that has it", roundSize(float64(need)*1.2)))
		return usageError(fmt.Errorf("%s%s", msg, capitalise(strings.Join(ways, ", or "))+"."))
	}
	for i, m := range models {
		e := es[i]
		// e.Seconds is already shared among the workers.
		if t := e.Seconds * float64(max(1, runs)); t > longRun {
			fmt.Fprintf(s.err, "ccsim: warning: %s simulates up to %s contacts (%s): about %s. Ctrl-C stops it.\n",
				cmdName, output.Int(int(min(e.Contacts, 1e18))), output.Plural(float64(m.Replications), "replication"), durationText(t))
		}
		if e.MostPerArrival > manyPerArrival && !math.IsInf(e.MostPerArrival, 0) {
			fmt.Fprintf(s.err, "ccsim: warning: each arrival of %s may lead to up to %s contacts through its escalations, repeats, redials and switches; real centres see one or two\n",
				sim.Printable(m.Channels[e.Channel].Name), output.Int(int(math.Round(e.MostPerArrival))))
		}
	}
	return nil
}

// shape names a model's size: "10 channels and 1 group".
func shape(m *sim.Model) string {
	return output.Plural(float64(len(m.Channels)), "channel") + " and " + output.Plural(float64(len(m.Groups)), "group")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
