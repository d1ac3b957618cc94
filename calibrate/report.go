package calibrate

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/erlang"
	"github.com/ccsim/ccsim/sim"
)

// ReportFit is what calibration from interval reports found beyond what
// the day fits hold: which figures the reports had, and how the handle
// time and patience were fitted without single contacts.
type ReportFit struct {
	// Rows counts the report rows used.
	Rows int
	// Present and Missing name the figures the reports had and lacked,
	// among offered, answered, abandoned, aht, asa, sl and staffed.
	Present, Missing []string
	// DerivedAnswered says answered was taken as offered less abandoned
	// (or as offered, when neither was given).
	DerivedAnswered bool
	// Patience is the exponential patience's mean in seconds fitted by
	// Erlang A (NaN when not fitted; +Inf when nobody abandoned); Why says
	// why it was not fitted.
	Patience float64
	Why      string
	// Intervals counts the intervals the patience fit used; Skipped those
	// with contacts offered but no agent staffed, which Erlang A cannot
	// take. Observed and Predicted are the abandonment shares of the
	// reports and of Erlang A at the fitted patience over those intervals.
	Intervals, Skipped  int
	Observed, Predicted float64
	// ObservedASA and PredictedASA are the reports' ASA and Erlang A's at
	// the fit (NaN without an ASA figure).
	ObservedASA, PredictedASA float64
	// Shrinkage is the share of the staffed agents not taking contacts
	// fitted beside the patience (0 without an ASA figure).
	Shrinkage float64
	hasASA    bool
	// Simulated, when not nil, is the patience refitted by replaying the
	// reports through the simulator (SetSimulatedPatience).
	Simulated *SimulatedPatience
}

// SimulatedPatience is a patience found by replaying the reports through
// the simulator (package backtest does it): the mean at which the
// simulated abandonment matches the reports'.
type SimulatedPatience struct {
	// Erlang is the mean Erlang A gave, which the search started from.
	Erlang float64
	// Observed and Predicted are the arrival-weighted abandonment shares
	// of the reports and of the simulator at the fitted mean.
	Observed, Predicted float64
	Days                int
}

// SetSimulatedPatience makes the scenario's patience the mean fitted by
// replaying the reports, keeping Erlang A's in the notes.
func (c *Calibration) SetSimulatedPatience(mean float64, s SimulatedPatience) error {
	if c.Report == nil || !(mean > 0) || math.IsInf(mean, 0) {
		return fmt.Errorf("calibrate: simulated patience %v: want a positive mean for a report calibration", mean)
	}
	s.Erlang = c.Report.Patience
	c.Report.Patience, c.Report.Simulated = mean, &s
	return nil
}

// reportFigures are the figures an interval report can hold, in the order
// the notes name them.
var reportFigures = []string{"offered", "answered", "abandoned", "aht", "asa", "sl", "staffed"}

// FitReport fits a one-channel scenario to interval reports: the records
// of every report read (contactlog.ReportReader), already limited to the
// days and queues wanted. An interval report has no single contacts, so
// it fits less than a log: the daily volume per day type and its intraday
// profile and variation, as Fit does; the handle time's mean (AHT,
// weighted by answered contacts) and its factor by hour, with an
// exponential distribution assumed; the staffing from the staffed
// figure; and an exponential patience whose mean makes Erlang A, given
// each interval's offered contacts, AHT and staff, abandon as many
// contacts as the reports say (with the ASA, a shrinkage beside it).
// Offered and AHT are required; without staffed the scenario has no
// staffing and, like without abandoned, no patience. threshold is the
// service-level threshold in seconds the reports' service level was
// measured at; intervalSeconds the scenario's interval, which each
// record's length must divide.
func FitReport(recs []contactlog.IntervalRecord, opt Options, threshold float64, intervalSeconds int) (*Calibration, error) {
	if len(recs) == 0 {
		return nil, errors.New("calibrate: no report row to fit (none in the reports, or none left by the date window, exclusions and queues)")
	}
	if !(threshold > 0) {
		return nil, fmt.Errorf("calibrate: threshold %v s: want a positive number", threshold)
	}
	rf := &ReportFit{Rows: len(recs), Patience: math.NaN(), ObservedASA: math.NaN(), PredictedASA: math.NaN()}
	has := map[string]bool{}
	for _, r := range recs {
		for i, v := range []float64{r.Offered, r.Answered, r.Abandoned, r.AHT, r.ASA, r.ServiceLevel, r.Staffed} {
			if !math.IsNaN(v) {
				has[reportFigures[i]] = true
			}
		}
	}
	for _, f := range reportFigures {
		if has[f] {
			rf.Present = append(rf.Present, f)
		} else {
			rf.Missing = append(rf.Missing, f)
		}
	}
	if !has["aht"] {
		return nil, fmt.Errorf("calibrate: the reports have no aht (the handle time: the scenario cannot be run without it); they have %s: map the column with --report-map",
			strings.Join(rf.Present, ", "))
	}
	agg, err := contactlog.NewAggregator(contactlog.AggregateOptions{IntervalSeconds: intervalSeconds, Threshold: threshold})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, r := range recs {
		seen[r.Queue] = true
		if len(opt.Queues) > 0 && !slices.Contains(opt.Queues, r.Queue) {
			// Left out before the aggregation, which sums the staffed
			// agents of every row of a day.
			continue
		}
		if math.IsNaN(r.Answered) {
			// The handle time is a mean over answered contacts; without
			// the count, the contacts not abandoned stand for it.
			rf.DerivedAnswered = true
			r.Answered = r.Offered
			if !math.IsNaN(r.Abandoned) {
				r.Answered = math.Max(0, r.Offered-r.Abandoned)
			}
		}
		if err := agg.AddRecord(r); err != nil {
			return nil, fmt.Errorf("calibrate: %w", err)
		}
	}
	t := agg.Table()
	for _, q := range opt.Queues {
		if !seen[q] {
			return nil, fmt.Errorf("calibrate: queue %q is not in the reports (queues: %s)", q, strings.Join(slices.Sorted(maps.Keys(seen)), ", "))
		}
	}
	if opt.HighPriority != nil {
		return nil, errors.New("calibrate: priority classes need a contact log: a report has no priorities")
	}
	c, err := newCalibration(t, opt, "calibrated from interval reports",
		"the reports (queues: "+strings.Join(t.Queues(), ", ")+")")
	if err != nil {
		return nil, err
	}
	c.Report = rf
	days := t.Dates(c.Queues...)
	if len(days) == 0 {
		return nil, errors.New("calibrate: no contact offered in the reports to fit")
	}
	c.First, c.Last, c.Days = days[0], days[len(days)-1], len(days)
	c.fitDays(t, days, c.Queues, func(s contactlog.Staffing) float64 { return s.Reported })
	if !(c.AHT > 0) {
		return nil, errors.New("calibrate: the reports' handle time is zero wherever contacts were answered: no handle time to fit")
	}
	switch {
	case !has["abandoned"]:
		rf.Why = "the reports have no abandoned figure"
		return c, nil
	case !has["staffed"]:
		rf.Why = "the reports have no staffed figure, and the fit needs the agents"
		return c, nil
	}
	rf.hasASA = has["asa"]
	rf.fitPatience(t, days, c.Queues, c.AHT, c.Threshold)
	c.Shrinkage = rf.Shrinkage
	return c, nil
}

// fitPatience fits Erlang A (M/M/n+M) to the reports, interval by
// interval with each one's offered contacts, AHT and staffed agents: the
// mean patience at which it abandons as many contacts as the reports say,
// and, when the reports give the ASA, the share of the staffed agents
// not taking contacts (shrinkage) at which it also waits as long. The two
// move the figures apart: fewer agents raise both abandonment and ASA,
// more patience lowers abandonment and raises ASA; so for each shrinkage
// a bisection on the patience's logarithm matches the abandonment, and a
// bisection on the shrinkage then matches the ASA along that curve.
// Without the ASA the shrinkage is 0.
func (rf *ReportFit) fitPatience(t *contactlog.Table, days []time.Time, queues []string, aht, threshold float64) {
	type iv struct{ offered, abandoned, staffed, aht float64 }
	var ivs []iv
	var offered, abandoned, answered, waits float64
	L := float64(t.IntervalSeconds())
	for _, d := range days {
		cells := t.Day(d, queues...)
		staff := t.Staffing(d)
		for i, c := range cells {
			if c.Offered == 0 {
				continue
			}
			if staff[i].Reported <= 0 {
				rf.Skipped++
				continue
			}
			h := aht
			if c.Answered > 0 && c.HandleSum > 0 {
				h = c.HandleSum / float64(c.Answered)
			}
			ivs = append(ivs, iv{float64(c.Offered), float64(c.Abandoned), staff[i].Reported, h})
			offered += float64(c.Offered)
			abandoned += float64(c.Abandoned)
			answered += float64(c.Answered)
			waits += c.AnswerWaitSum
		}
	}
	rf.Intervals = len(ivs)
	if offered == 0 {
		rf.Why = "no interval had both contacts offered and agents staffed"
		return
	}
	rf.Observed = abandoned / offered
	rf.ObservedASA = math.NaN()
	if rf.hasASA && answered > 0 {
		rf.ObservedASA = waits / answered
	}
	if abandoned == 0 {
		rf.Patience = math.Inf(1)
		rf.Predicted = 0
		return
	}
	// predicted is Erlang A's abandonment share and ASA over the
	// intervals at a shrinkage and mean patience.
	predicted := func(shrinkage, mean float64) (ab, asa float64) {
		var lost, ans, wait float64
		for _, v := range ivs {
			n := v.staffed * (1 - shrinkage)
			p, a := 1.0, 0.0
			if n > 0 {
				m, err := (erlang.AQueue{Agents: n, Load: v.offered / L * v.aht, AHT: v.aht, Patience: mean}).Metrics(threshold, erlang.OverOffered)
				if err == nil && !math.IsNaN(m.PAbandon) {
					p, a = m.PAbandon, m.ASA
				}
			}
			lost += v.offered * p
			ans += v.offered * (1 - p)
			if !math.IsNaN(a) && !math.IsInf(a, 0) {
				wait += v.offered * (1 - p) * a
			}
		}
		return lost / offered, wait / math.Max(ans, 1e-9)
	}
	// patienceAt matches the abandonment at a shrinkage. dir is 0 when a
	// patience from a second to a day does, -1 when even a second's
	// abandons too few (the staff must shrink), +1 when even a day's
	// abandons too many.
	const lo0, hi0 = 0.0, 11.366 // log 1 s, log 86400 s
	patienceAt := func(shrinkage float64) (float64, int) {
		lo, hi := lo0, hi0
		if ab, _ := predicted(shrinkage, math.Exp(hi)); ab > rf.Observed {
			return math.Exp(hi), +1
		}
		if ab, _ := predicted(shrinkage, math.Exp(lo)); ab < rf.Observed {
			return math.Exp(lo), -1
		}
		for hi-lo > 1e-3 { // a thousandth of the mean
			mid := (lo + hi) / 2
			if ab, _ := predicted(shrinkage, math.Exp(mid)); ab > rf.Observed {
				lo = mid // too many abandon: more patience
			} else {
				hi = mid
			}
		}
		return math.Exp((lo + hi) / 2), 0
	}
	// bisect finds, between lo and hi, where below(s) turns false.
	bisect := func(lo, hi float64, below func(float64) bool) float64 {
		for hi-lo > 2e-4 { // a fiftieth of a point
			if mid := (lo + hi) / 2; below(mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		return (lo + hi) / 2
	}
	// The shrinkages at which some patience matches the abandonment start
	// at sLo. Past some shrinkage even a day's patience abandons too many;
	// there the ASA is too long as well, so the search for the ASA below
	// needs no upper end of its own.
	const maxShrinkage = 0.95
	sLo := 0.0
	if _, dir := patienceAt(0); dir == +1 {
		rf.Why = fmt.Sprintf("even a patience of a day abandons more than the reports' %.1f%% with every staffed agent taking contacts", 100*rf.Observed)
		return
	} else if dir == -1 {
		if math.IsNaN(rf.ObservedASA) {
			rf.Why = fmt.Sprintf("even a patience of a second abandons fewer than the reports' %.1f%% with the staff they give, "+
				"and without an ASA no shrinkage can be fitted beside it", 100*rf.Observed)
			return
		}
		if _, d := patienceAt(maxShrinkage); d == -1 {
			rf.Why = fmt.Sprintf("no patience and shrinkage make Erlang A abandon the reports' %.1f%%", 100*rf.Observed)
			return
		}
		sLo = bisect(0, maxShrinkage, func(s float64) bool { _, d := patienceAt(s); return d == -1 })
	}
	shrinkage := sLo
	if !math.IsNaN(rf.ObservedASA) {
		// Along the curve the ASA rises with the shrinkage.
		shrinkage = bisect(sLo, maxShrinkage, func(s float64) bool {
			m, d := patienceAt(s)
			if d == +1 {
				return false
			}
			_, asa := predicted(s, m)
			return asa < rf.ObservedASA
		})
	}
	mean, _ := patienceAt(shrinkage)
	rf.Patience, rf.Shrinkage = mean, shrinkage
	rf.Predicted, rf.PredictedASA = predicted(shrinkage, mean)
}

// newCalibration checks the options and queues shared by Fit and
// FitReport and starts a calibration of the table: name is the
// scenario's name when the options give none, source what a queue not in
// the table is said to be missing from.
func newCalibration(t *contactlog.Table, opt Options, name, source string) (*Calibration, error) {
	if opt.Channel == "" {
		opt.Channel = "phone"
	}
	if opt.Group == "" {
		opt.Group = "agents"
	}
	if opt.Name == "" {
		opt.Name = name
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Replications == 0 {
		opt.Replications = 10
	}
	for _, n := range []string{opt.Channel, opt.Group} {
		if !namePattern.MatchString(n) {
			return nil, fmt.Errorf("calibrate: name %q: want a letter, then letters, digits, - or _ (at most 64)", n)
		}
	}
	if opt.Kind != sim.Call && opt.Kind != sim.Chat {
		return nil, fmt.Errorf("calibrate: channel kind %v: want call or chat", opt.Kind)
	}
	if opt.Replications < 1 || opt.Replications > 10000 {
		return nil, fmt.Errorf("calibrate: replications %d: want 1 to 10000", opt.Replications)
	}
	if t.IntervalSeconds() < 300 {
		return nil, fmt.Errorf("calibrate: interval %v: want at least 5 minutes", time.Duration(t.IntervalSeconds())*time.Second)
	}
	if opt.DayTypes == contactlog.WorkdayWeekend && len(opt.Weekend) == 0 {
		opt.Weekend = []time.Weekday{time.Saturday, time.Sunday}
	}
	queues := opt.Queues
	if len(queues) == 0 {
		queues = t.Queues()
	}
	for _, q := range queues {
		if !slices.Contains(t.Queues(), q) {
			return nil, fmt.Errorf("calibrate: queue %q is not in %s", q, source)
		}
	}
	return &Calibration{Options: opt, IntervalSeconds: t.IntervalSeconds(), Threshold: t.Threshold(), AgentGap: t.AgentGap(), Queues: queues}, nil
}

// reportHeadNotes say what the reports held and what they showed.
func (c *Calibration) reportHeadNotes() []string {
	r := c.Report
	var seen []string
	if slices.Contains(r.Present, "abandoned") {
		seen = append(seen, fmt.Sprintf("%.1f%% abandoned", 100*c.Total.AbandonRate()))
	}
	if slices.Contains(r.Present, "sl") {
		seen = append(seen, fmt.Sprintf("%.1f%% answered within %s (over all offered)", 100*c.Total.ServiceLevel(), durationText(c.Threshold)))
	}
	if slices.Contains(r.Present, "asa") && c.Total.Answered > 0 {
		seen = append(seen, fmt.Sprintf("ASA %.1f s", c.Total.ASA()))
	}
	out := []string{fmt.Sprintf("Reports: %s rows; figures present: %s; missing: %s.", thousands(r.Rows), strings.Join(r.Present, ", "), orNone(r.Missing))}
	if len(seen) > 0 {
		out = append(out, "Observed: "+strings.Join(seen, ", ")+".")
	}
	if r.DerivedAnswered {
		out = append(out, "Answered is not reported: offered less abandoned stands for it (the weight of each interval's AHT).")
	}
	return out
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// reportHandleNotes state the handle time fitted from reports.
func (c *Calibration) reportHandleNotes() []string {
	out := wrapped(4, fmt.Sprintf("Handle time: the reports' AHT, weighted by answered contacts: %.1f s over %s answered. A report "+
		"gives a mean per interval, not single handle times, so no distribution can be fitted: an exponential is assumed, the "+
		"one Erlang A takes (the patience below was fitted under it) and the one that needs nothing but the mean. Per-contact "+
		"handle times are usually less variable than exponential (calibrate a contact log to see the CV); with a lower CV the "+
		"simulator queues a little less.", c.AHT, thousands(c.Total.Answered)))
	var hours []string
	for hr, v := range c.HourlyAHT {
		if math.IsNaN(v) || c.HourlyAnswered[hr] < minHourly {
			continue
		}
		hours = append(hours, fmt.Sprintf("%02d:00 %.0f", hr, v))
	}
	if len(hours) > 0 {
		tail := "not applied (--handle-by-time=false)."
		if c.Options.HandleByTime {
			tail = "handle_by_time scales the mean by each hour's over the mean of all."
		}
		out = append(out, wrapped(4, fmt.Sprintf("AHT by hour of the interval (hours with at least %d answered), s: %s; %s", minHourly, strings.Join(hours, ", "), tail))...)
	}
	return out
}

// reportPatienceNotes state how the patience was fitted from reports, or
// why it was not.
func (c *Calibration) reportPatienceNotes() []string {
	r := c.Report
	switch {
	case math.IsNaN(r.Patience):
		return wrapped(4, "Patience: not fitted ("+r.Why+"); the scenario has no patience, so nobody abandons.")
	case math.IsInf(r.Patience, 1):
		return []string{"Patience: nobody abandoned in the reports, so the scenario has no patience (nobody abandons)."}
	}
	erlangMean := r.Patience
	if r.Simulated != nil {
		erlangMean = r.Simulated.Erlang
	}
	fit := fmt.Sprintf("Patience: exponential. A report has no single waits, so its mean is fitted to the intervals' figures "+
		"with Erlang A (M/M/n+M: exponential handle time and patience), given each interval's offered contacts, AHT and "+
		"staffed agents: the mean at which Erlang A abandons as many contacts as the reports, %.1f%% over %s intervals "+
		"(Erlang A %.1f%% at %.1f s).", 100*r.Observed, thousands(r.Intervals), 100*r.Predicted, erlangMean)
	if !math.IsNaN(r.ObservedASA) {
		fit += fmt.Sprintf(" The reports' ASA fixes the share of the staffed agents not taking contacts beside it (a "+
			"shorter patience and fewer agents both raise abandonment, but only fewer agents raise the ASA): at %.1f%% "+
			"shrinkage Erlang A's ASA is %.1f s, the reports' %.1f s.", 100*r.Shrinkage, r.PredictedASA, r.ObservedASA)
	} else {
		fit += " Without an ASA in the reports no shrinkage can be told from the patience: none is applied and the " +
			"patience absorbs it."
	}
	out := wrapped(4, fit)
	if s := r.Simulated; s != nil {
		out = append(out, wrapped(4, fmt.Sprintf("Refitted by replaying the reports through the simulator (ccsim backtest --report, %d days, "+
			"same shrinkage): at a mean of %.1f s it abandons %.1f%% as the reports did (%.1f%%).",
			s.Days, r.Patience, 100*s.Predicted, 100*s.Observed))...)
	}
	if r.Skipped > 0 {
		out = append(out, fmt.Sprintf("%d intervals with contacts but no agent staffed were left out of the fit.", r.Skipped))
	}
	return out
}

// reportStaffingNotes state the staffing read from reports.
func (c *Calibration) reportStaffingNotes() (staffing, shrinkage []string) {
	if !slices.Contains(c.Report.Present, "staffed") {
		return wrapped(0, "Staffing: not in the reports (no staffed figure): none written, every interval 0. Give the "+
			"center's staffing here, or let ccsim plan find the agents the scenario needs."), []string{"Shrinkage: not fitted."}
	}
	staffing = wrapped(0, "Staffing: the reports' staffed agents per interval (the mean over each interval, summed over the "+
		"queues pooled; agents shared between queues count once per queue), averaged over the days of each day type and "+
		"rounded to whole agents. Agent-hours a day:")
	for _, f := range c.DayTypes {
		if f.Days == 0 {
			continue
		}
		on := 0.0
		for _, v := range f.OnDuty {
			on += v
		}
		staffing = append(staffing, fmt.Sprintf("  %s: %.1f", f.Name, on*float64(c.IntervalSeconds)/3600))
	}
	if c.Shrinkage > 0 {
		return staffing, []string{fmt.Sprintf("Shrinkage: %.1f%%, fitted with the patience (see there). The simulator staffs round(staffed x (1 - shrinkage)).", 100*c.Shrinkage)}
	}
	return staffing, []string{"Shrinkage: none applied (see the patience)."}
}
