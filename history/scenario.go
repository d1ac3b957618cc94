package history

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ccsim/ccsim/sim"
)

// WriteScenario writes the calibration as a scenario file in the format of
// docs/scenarios.md, with comments that state each fit: what it was fitted
// from, the alternatives, and the figures behind the choice.
//
// The scenario is a week from a Sunday at the table's interval with one
// channel and one agent group. Arrivals are the mean daily volume of each
// weekday (or day type) spread by its own intraday profile: a custom
// profile whose rate is constant within each interval (with a one-minute
// ramp between intervals, since profiles are piecewise linear), scaled so
// that each interval's share of the day is the one measured. Staffing is
// the mean on-duty headcount per interval, rounded, and the shrinkage is
// the share of on-duty agents not taking calls.
func (c *Calibration) WriteScenario(w io.Writer) error {
	var b bytes.Buffer
	o := c.Options
	L := c.IntervalSeconds
	per := 86400 / L

	comment(&b, "", "Calibrated by \"ccsim calibrate\": every figure below was fitted from the contact log alone; the comments state each fit.")
	for _, l := range o.Credit {
		comment(&b, "", l)
	}
	b.WriteString("#\n")
	for _, l := range o.Sources {
		comment(&b, "", l)
	}
	comment(&b, "", fmt.Sprintf("Days used: %s to %s, %d with contacts; %s contacts of %s pooled into one channel.",
		c.First.Format(time.DateOnly), c.Last.Format(time.DateOnly), c.Days, thousands(c.Total.Offered), queueList(c.Queues)))
	comment(&b, "", fmt.Sprintf("Observed: %.1f%% abandoned, %.1f%% answered within %s (over all offered), ASA %.1f s.",
		100*c.Total.AbandonRate(), 100*c.Total.ServiceLevel(), durationText(c.Threshold), c.Total.ASA()))
	fmt.Fprintf(&b, "name: %s\n", yamlString(o.Name))
	b.WriteString("description: Fitted by ccsim calibrate from a contact log; the comments state each fit.\n")
	fmt.Fprintf(&b, "seed: %d\nreplications: %d\n", o.Seed, o.Replications)
	fmt.Fprintf(&b, "interval: %dm\n", L/60)
	b.WriteString("horizon: {days: 7, start: sunday}\n\n")

	// Profiles.
	comment(&b, "", "Arrivals: the mean contacts a day of each day type (days counted, standard deviation):")
	for _, f := range c.DayTypes {
		if f.Days == 0 {
			comment(&b, "", fmt.Sprintf("  %s: no day in the log; zero contacts (set by hand)", f.Name))
			continue
		}
		days := fmt.Sprintf("%d days, %s contacts; sd %.1f", f.Days, thousands(f.Contacts), f.VolumeSD)
		if f.Days == 1 {
			days = "1 day"
		}
		comment(&b, "", fmt.Sprintf("  %s: %.1f a day (%s)", f.Name, f.Volume, days))
	}
	comment(&b, "", fmt.Sprintf("and its intraday profile: each %d-minute interval's share of the day type's contacts, as a custom", L/60))
	comment(&b, "", "profile (rates in contacts an hour on a mean day, constant within each interval, with one-minute ramps).")
	b.WriteString("profiles:\n")
	profileName := map[string]string{}
	for _, f := range c.DayTypes {
		if f.Days == 0 || f.Contacts == 0 {
			continue
		}
		name := o.Channel + "_" + f.Name
		profileName[f.Name] = name
		anchors := stepProfile(f.Shares, f.Volume, L)
		var parts []string
		for _, a := range anchors {
			parts = append(parts, fmt.Sprintf("%q: %s", clockText(a.at), sig4(a.rate)))
		}
		flowMapping(&b, "  "+name+": ", parts)
	}
	b.WriteString("\nchannels:\n")
	fmt.Fprintf(&b, "  %s:\n    kind: %v\n    arrivals:\n", o.Channel, o.Kind)
	var vol, prof []string
	for d := time.Sunday; d <= time.Saturday; d++ {
		f := c.DayTypes[dayTypeIndex(c.DayTypes, d)]
		p, ok := profileName[f.Name]
		if !ok {
			p = "flat"
		}
		vol = append(vol, fmt.Sprintf("%s: %s", weekdayShort[d], strconv.FormatFloat(math.Round(f.Volume*10)/10, 'f', -1, 64)))
		prof = append(prof, fmt.Sprintf("%s: %s", weekdayShort[d], p))
	}
	flowMapping(&b, "      per_day: ", vol)
	flowMapping(&b, "      profile: ", prof)

	c.writeHandle(&b)
	c.writePatience(&b)
	comment(&b, "    ", fmt.Sprintf("The service-level threshold is %s; the goal is the share the log shows, a placeholder", durationText(c.Threshold)))
	comment(&b, "    ", "for the center's own goal.")
	fmt.Fprintf(&b, "    target: {answered: %s%%, within: %s}\n", strconv.FormatFloat(math.Round(1000*c.Total.ServiceLevel())/10, 'f', -1, 64), durationText(c.Threshold))
	c.writePriorities(&b)

	b.WriteString("\ngroups:\n")
	fmt.Fprintf(&b, "  %s:\n    skills: [%s]\n", o.Group, o.Channel)
	c.writeStaffing(&b, per)
	_, err := w.Write(b.Bytes())
	return err
}

func (c *Calibration) writeHandle(b *bytes.Buffer) {
	h := c.Handle
	comment(b, "    ", fmt.Sprintf("Handle time: %s answered contacts with a handle time (%s with none left out); mean %.1f s, CV %.2f.",
		thousands(h.N), thousands(h.Zero), h.Mean, h.CV))
	comment(b, "    ", "Maximum-likelihood fits, the lowest AIC chosen (KS: Kolmogorov-Smirnov distance to the data):")
	names := []string{"exponential", "lognormal", "gamma"}
	for i, f := range h.Fits {
		var params string
		switch i {
		case 0:
			params = fmt.Sprintf("rate %.5f/s", f.Params[0])
		case 1:
			params = fmt.Sprintf("mu %.3f, sigma %.3f", f.Params[0], f.Params[1])
		case 2:
			params = fmt.Sprintf("shape %.3f, rate %.5f/s", f.Params[0], f.Params[1])
		}
		mark := ""
		if i == h.Best {
			mark = "  <- chosen"
		}
		comment(b, "    ", fmt.Sprintf("  %-11s %-27s mean %6.1f s, CV %.2f, log-likelihood %s, KS %.3f%s",
			names[i], params, f.Dist.Average(), distCV(f.Dist), thousands(int(math.Round(f.LogLik))), f.KS, mark))
	}
	if len(c.Queue) > 1 {
		var parts []string
		for _, q := range c.Queue {
			if q.HandleErr != nil {
				parts = append(parts, fmt.Sprintf("%s too few", q.Queue))
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %v %.0f s (%s)", q.Queue, q.Handle.BestFit().Dist.Kind, q.Handle.Mean, thousands(q.Handle.N)))
		}
		wrapComment(b, "    ", "By queue (best family, mean, contacts): "+strings.Join(parts, "; ")+".")
	}
	var hours []string
	lo, hi := math.Inf(1), math.Inf(-1)
	for hr, v := range c.HourlyAHT {
		if math.IsNaN(v) || c.HourlyAnswered[hr] < minHourly {
			continue
		}
		hours = append(hours, fmt.Sprintf("%02d:00 %.0f", hr, v))
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if len(hours) > 0 {
		wrapComment(b, "    ", fmt.Sprintf("Mean handle time by hour of arrival (hours with at least %d answered), s: %s. It ranges from %.0f to %.0f s; "+
			"the scenario format holds one distribution per channel, so the all-day fit stands for every hour.",
			minHourly, strings.Join(hours, ", "), lo, hi))
	}
	fmt.Fprintf(b, "    handle: %s\n", distYAML(h.BestFit().Dist))
	if c.Wrap.N > 0 {
		comment(b, "    ", fmt.Sprintf("After-contact work: %s answered contacts with some; mean %.1f s, CV %.2f; best by AIC: %v.",
			thousands(c.Wrap.N), c.Wrap.Mean, c.Wrap.CV, c.Wrap.BestFit().Dist.Kind))
		fmt.Fprintf(b, "    wrap: %s\n", distYAML(c.Wrap.BestFit().Dist))
	}
}

func (c *Calibration) writePatience(b *bytes.Buffer) {
	if c.Options.Kind != sim.Call && c.Options.Kind != sim.Chat {
		return
	}
	p := c.Patience
	if p == nil {
		comment(b, "    ", fmt.Sprintf("Patience: nobody of the %s waits abandoned, so the scenario has no patience (nobody abandons).", thousands(c.Waits)))
		return
	}
	comment(b, "    ", fmt.Sprintf("Patience, from censored waits (an answered caller would have waited at least as long): %s waits,", thousands(p.Waits)))
	comment(b, "    ", fmt.Sprintf("%s abandoned.", thousands(p.Abandoned)))
	comment(b, "    ", fmt.Sprintf("  exponential estimate (abandonments over the time everyone waited): mean %.1f s", p.ExpMean))
	var marks []string
	for _, t := range []float64{10, 30, 60, 120, 300, 600} {
		if t <= p.Horizon {
			marks = append(marks, fmt.Sprintf("S(%s) %.3f", durationText(t), p.survival(t)))
		}
	}
	median := "beyond the horizon"
	if !math.IsNaN(p.Median) {
		median = durationText(p.Median)
	}
	comment(b, "    ", fmt.Sprintf("  Kaplan-Meier: %s; median %s;", strings.Join(marks, ", "), median))
	comment(b, "    ", fmt.Sprintf("  followed to %s (the last time with at least %d callers still waiting), then an exponential", durationText(p.Horizon), minAtRisk(c.Options.Patience)))
	comment(b, "    ", fmt.Sprintf("  tail of mean %s; mean %.1f s.", durationText(p.TailMean), p.Dist.Average()))
	comment(b, "    ", "The simulator takes the Kaplan-Meier estimate (its hazard falls with time, which the exponential")
	comment(b, "    ", "cannot show); Erlang A in \"ccsim backtest\" takes its mean unless --erlang-patience says otherwise.")
	if len(c.Queue) > 1 {
		var parts []string
		for _, q := range c.Queue {
			if math.IsInf(q.PatienceMean, 1) {
				parts = append(parts, fmt.Sprintf("%s none abandoned", q.Queue))
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %.0f s (%.1f%% abandoned)", q.Queue, q.PatienceMean, 100*ratio(float64(q.Abandoned), float64(q.Offered))))
		}
		wrapComment(b, "    ", "Exponential estimate by queue: "+strings.Join(parts, "; ")+".")
	}
	b.WriteString("    patience:\n      dist: empirical\n")
	if p.Dist.TailMean > 0 {
		fmt.Fprintf(b, "      tail_mean: %s\n", durationText(p.Dist.TailMean))
	}
	var pts []string
	for _, pt := range p.Dist.Points {
		pts = append(pts, fmt.Sprintf("[%s, %s]", durationText(pt.X), strconv.FormatFloat(math.Round(pt.P*1e5)/1e5, 'f', -1, 64)))
	}
	flowSequence(b, "      points: ", pts)
}

func (c *Calibration) writePriorities(b *bytes.Buffer) {
	if len(c.Priorities) == 0 || (len(c.Priorities) == 1 && c.Priorities[0].Priority == "") {
		comment(b, "    ", "The log shows no priorities.")
		return
	}
	var parts []string
	for _, p := range c.Priorities {
		name := p.Priority
		if name == "" {
			name = "(none)"
		}
		parts = append(parts, fmt.Sprintf("%s: %s contacts, %.1f%% abandoned, ASA %.0f s", name, thousands(p.Offered),
			100*ratio(float64(p.Abandoned), float64(p.Offered)), ratio(p.AnswerWaitSum, float64(p.Answered))))
	}
	wrapComment(b, "    ", "Priorities in the log: "+strings.Join(parts, "; ")+".")
	if len(c.Options.HighPriority) == 0 {
		comment(b, "    ", "Not written as classes (the simulator serves a higher class strictly first); calibrate with")
		comment(b, "    ", "--priority VALUES to make those contacts a class of their own.")
		return
	}
	comment(b, "    ", fmt.Sprintf("Contacts of priority %s form the class served first.", strings.Join(c.Options.HighPriority, ", ")))
	high := math.Round(c.HighShare*1e6) / 1e4
	fmt.Fprintf(b, "    classes:\n      priority: {share: %s%%}\n      regular: {share: %s%%}\n",
		strconv.FormatFloat(high, 'f', -1, 64), strconv.FormatFloat(math.Round((100-high)*1e4)/1e4, 'f', -1, 64))
}

func (c *Calibration) writeStaffing(b *bytes.Buffer, per int) {
	gap := durationText(c.AgentGap)
	if int(c.AgentGap)%60 == 0 {
		gap = fmt.Sprintf("%dm", int(c.AgentGap)/60)
	}
	comment(b, "    ", "Staffing: agents on duty, inferred from agent activity. Each agent's busy periods (handle time and")
	comment(b, "    ", fmt.Sprintf("after-contact work) are joined into spells across idle gaps of up to %s, and the agents", gap))
	comment(b, "    ", "in a spell are averaged over each interval; contacts without a named agent count while they are")
	comment(b, "    ", "handled. The mean over the days of each day type is rounded to whole agents.")
	comment(b, "    ", "Agents who served a contact in an interval overstate the staff taking contacts; spells narrow that")
	comment(b, "    ", "but still count breaks and other work shorter than the gap. Agent-hours a day: on duty / busy / served a contact:")
	for _, f := range c.DayTypes {
		if f.Days == 0 {
			continue
		}
		var on, busy, agents float64
		for i := range f.OnDuty {
			on += f.OnDuty[i]
			busy += f.Busy[i]
			agents += f.Agents[i]
		}
		h := float64(c.IntervalSeconds) / 3600
		comment(b, "    ", fmt.Sprintf("  %s: %.1f / %.1f / %.1f", f.Name, on*h, busy*h, agents*h))
	}
	a := c.Options.Availability
	if a.Share > 0 && a.WaitingSeconds > 0 {
		comment(b, "    ", fmt.Sprintf("Shrinkage: while at least one caller waited (%.0f hours in all), %.2f of %.2f agents on duty",
			a.WaitingSeconds/3600, a.Busy, a.OnDuty))
		comment(b, "    ", fmt.Sprintf("were busy (%.1f%%): a waiting call goes to any free agent, so the other %.1f%% were not taking", 100*a.Share, 100*c.Shrinkage))
		comment(b, "    ", "calls. The simulator staffs round(on duty x (1 - shrinkage)).")
		fmt.Fprintf(b, "    shrinkage: %s%%\n", strconv.FormatFloat(math.Round(c.Shrinkage*1e5)/1e3, 'f', -1, 64))
	} else {
		comment(b, "    ", "Shrinkage: not measured (no caller waited while an agent was on duty); none applied.")
	}
	comment(b, "    ", fmt.Sprintf("Agents on duty per %d-minute interval from 00:00:", c.IntervalSeconds/60))
	b.WriteString("    staffing:\n")
	for d := time.Sunday; d <= time.Saturday; d++ {
		f := c.DayTypes[dayTypeIndex(c.DayTypes, d)]
		vals := make([]string, per)
		for i := range per {
			vals[i] = "0"
			if f.Days > 0 {
				vals[i] = strconv.Itoa(int(math.Round(f.OnDuty[i])))
			}
		}
		fmt.Fprintf(b, "      %s: [%s]\n", weekdayShort[d], strings.Join(vals, ", "))
	}
}

// stepProfile turns interval shares into profile anchors (seconds from
// midnight and a rate in contacts an hour): the rate is constant within
// each interval, with a one-minute ramp to the next placed inside the
// interval of the two with the higher rate, so that an empty interval
// stays empty and a quiet one next to a busy one keeps its own level. The
// ramps move a little of each interval's area; a few rounds of rescaling
// put every interval's share back.
func stepProfile(shares []float64, volume float64, L int) []anchor {
	n := len(shares)
	rate := make([]float64, n)
	for i, s := range shares {
		rate[i] = s * volume * 3600 / float64(L)
	}
	// rampInside[i] says whether the ramp between intervals i and i+1
	// lies in interval i (else in i+1); decided once, from the shares.
	rampInside := make([]bool, n)
	for i := 0; i+1 < n; i++ {
		rampInside[i] = shares[i] >= shares[i+1]
	}
	build := func() []anchor {
		var out []anchor
		for i := range n {
			from, to := i*L, (i+1)*L
			if i > 0 && !rampInside[i-1] {
				from += 60
			}
			if i+1 < n && rampInside[i] {
				to -= 60
			}
			out = append(out, anchor{from, rate[i]}, anchor{to, rate[i]})
		}
		// Drop the middle of three anchors at one rate: the line runs
		// through it anyway.
		kept := out[:1]
		for j := 1; j < len(out)-1; j++ {
			if out[j].rate == kept[len(kept)-1].rate && out[j].rate == out[j+1].rate {
				continue
			}
			kept = append(kept, out[j])
		}
		return append(kept, out[len(out)-1])
	}
	var anchors []anchor
	for range 100 {
		anchors = build()
		got := anchorShares(anchors, L, n)
		worst := 0.0
		for i := range n {
			if rate[i] == 0 || got[i] == 0 {
				continue
			}
			f := shares[i] / got[i]
			worst = math.Max(worst, math.Abs(f-1))
			rate[i] *= f
		}
		if worst < 1e-12 {
			break
		}
	}
	return anchors
}

// anchor is one point of a profile: the rate at a clock time.
type anchor struct {
	at   int // seconds from midnight
	rate float64
}

// anchorShares integrates the piecewise-linear rate through the anchors
// over each interval, as a share of the day.
func anchorShares(a []anchor, L, n int) []float64 {
	out := make([]float64, n)
	total := 0.0
	for j := 1; j < len(a); j++ {
		lo, hi := a[j-1], a[j]
		for i := lo.at / L; i < n && i*L < hi.at; i++ {
			from, to := math.Max(float64(lo.at), float64(i*L)), math.Min(float64(hi.at), float64((i+1)*L))
			if !(from < to) {
				continue
			}
			at := func(t float64) float64 {
				return lo.rate + (hi.rate-lo.rate)*(t-float64(lo.at))/float64(hi.at-lo.at)
			}
			v := (at(from) + at(to)) / 2 * (to - from)
			out[i] += v
			total += v
		}
	}
	if total > 0 {
		for i := range out {
			out[i] /= total
		}
	}
	return out
}

// minHourly is the fewest answered contacts an hour needs for its mean
// handle time to be shown.
const minHourly = 100

// comment writes one comment line. Text from the log (queue names,
// priority values, file names) may hold anything, so characters YAML does
// not allow in a comment are written as Go escapes.
func comment(b *bytes.Buffer, indent, text string) {
	b.WriteString(indent)
	b.WriteString("# ")
	for _, r := range text {
		if r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('\n')
}

// wrapComment writes a long comment over lines of about 110 characters.
func wrapComment(b *bytes.Buffer, indent, text string) {
	words := strings.Fields(text)
	line := ""
	for _, w := range words {
		if line != "" && len(indent)+2+len(line)+1+len(w) > 110 {
			comment(b, indent, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		comment(b, indent, line)
	}
}

// flowMapping writes {a, b, ...} after prefix, wrapped over lines.
func flowMapping(b *bytes.Buffer, prefix string, items []string) {
	flow(b, prefix, "{", "}", items)
}

func flowSequence(b *bytes.Buffer, prefix string, items []string) {
	flow(b, prefix, "[", "]", items)
}

func flow(b *bytes.Buffer, prefix, open, close string, items []string) {
	indent := strings.Repeat(" ", len(prefix)-len(strings.TrimLeft(prefix, " "))+2)
	line := prefix + open
	first := true
	for _, it := range items {
		piece := it
		if !first {
			piece = " " + it
		}
		if !first && len(line)+len(piece)+2 > 110 {
			b.WriteString(line + ",\n")
			line = indent + it
		} else {
			if !first {
				line += ","
			}
			line += piece
		}
		first = false
	}
	b.WriteString(line + close + "\n")
}

func distYAML(d sim.Dist) string {
	switch d.Kind {
	case sim.Exponential:
		return fmt.Sprintf("{dist: exponential, mean: %s}", durationText(d.Mean))
	case sim.LogNormal, sim.Gamma:
		return fmt.Sprintf("{dist: %v, mean: %s, cv: %s}", d.Kind, durationText(d.Mean), strconv.FormatFloat(math.Round(d.CV*1e4)/1e4, 'f', -1, 64))
	default:
		return durationText(d.Average())
	}
}

func distCV(d sim.Dist) float64 {
	if d.Kind == sim.Exponential {
		return 1
	}
	return d.CV
}

// durationText writes seconds as a scenario duration, to the hundredth.
func durationText(s float64) string {
	return strconv.FormatFloat(math.Round(s*100)/100, 'f', -1, 64) + "s"
}

func clockText(sec int) string { return fmt.Sprintf("%02d:%02d", sec/3600, sec%3600/60) }

// sig4 writes v to four significant digits without an exponent.
func sig4(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	e := math.Floor(math.Log10(math.Abs(v)))
	scale := math.Pow(10, 3-e)
	return strconv.FormatFloat(math.Round(v*scale)/scale, 'f', -1, 64)
}

// thousands writes n with comma separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

func queueList(q []string) string {
	switch {
	case len(q) == 0:
		return "no queue"
	case len(q) == 1 && q[0] == "":
		return "the log"
	case len(q) == 1:
		return "queue " + q[0]
	}
	return "queues " + strings.Join(q, ", ")
}

// yamlString quotes s when YAML would not read it back as the same plain
// string.
func yamlString(s string) string {
	return strconv.Quote(s)
}

// survival is the Kaplan–Meier estimate S(t), a step function.
func (p *Patience) survival(t float64) float64 {
	s := 1.0
	for _, pt := range p.Curve {
		if pt.T > t {
			break
		}
		s = pt.Survival
	}
	return s
}

func minAtRisk(o PatienceOptions) int64 {
	if o.MinAtRisk > 0 {
		return o.MinAtRisk
	}
	return 30
}
