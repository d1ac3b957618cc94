package calibrate

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/sim"
)

// Options configure Fit. Zero values take the defaults.
type Options struct {
	// Name is the scenario's name (default "calibrated from a contact
	// log").
	Name string
	// Channel names the one channel the contacts are pooled into (default
	// "phone"); Group names the agent group (default "agents").
	Channel, Group string
	// Kind is the channel's kind: sim.Call (the default) or sim.Chat.
	Kind sim.Kind
	// Queues are the queues pooled; empty pools all of them.
	Queues []string
	// DayTypes groups days for the daily volumes, intraday profiles and
	// staffing: each weekday its own (contactlog.EachWeekday, the default), or
	// workdays and the Weekend days.
	DayTypes contactlog.DayTypes
	// Weekend lists the weekend days for WorkdayWeekend (default Saturday
	// and Sunday).
	Weekend []time.Weekday
	// HighPriority lists the priority values whose contacts form a class
	// served before the others; empty writes no classes.
	HighPriority []string
	// HandleByTime writes the handle time's factor by hour of arrival
	// (sim.Channel.HandleByTime): each hour's mean handle time over the
	// mean of all, for hours with at least 100 answered contacts (others
	// keep the factor of the hour before them, or 1 at the start of the
	// day).
	HandleByTime bool
	// Availability is the measured share of the on-duty staff that takes
	// contacts (see contactlog.MeasureAvailability); its complement becomes the
	// group's shrinkage. A zero value (Share 0 or NaN) means no shrinkage.
	Availability contactlog.Availability
	// Patience tunes the Kaplan–Meier patience fit.
	Patience PatienceOptions
	// NoVariation writes Poisson arrivals at the mean volumes and no
	// absence: the demand's variation and the absence measured are left
	// in the notes only.
	NoVariation bool
	// Seed and Replications go into the scenario (defaults 1 and 10).
	Seed         uint64
	Replications int
	// Sources and Credit are comment lines for the scenario's header:
	// what was read, and whom the data is due to.
	Sources, Credit []string
}

// DayTypeFit is what calibration found for one day type.
type DayTypeFit struct {
	// Name is the weekday's short name ("sun") or "workday"/"weekend".
	Name     string
	Weekdays []time.Weekday
	// Days counts the days of this type used; Contacts their contacts.
	Days, Contacts int
	// Volume is the mean contacts a day and VolumeSD their standard
	// deviation over the days.
	Volume, VolumeSD float64
	// Shares is each interval's share of the day type's contacts.
	Shares []float64
	// OnDuty, Busy and Agents are the mean staffing estimates per
	// interval over the days (see contactlog.Staffing).
	OnDuty, Busy, Agents []float64
}

// QueueFit summarises one queue of the pooled log.
type QueueFit struct {
	Queue                        string
	Offered, Answered, Abandoned int
	// Handle is the queue's handle-time fit; HandleErr says why there is
	// none.
	Handle    DurationFit
	HandleErr error
	// PatienceMean is the exponential patience estimate (+Inf when
	// nobody abandoned).
	PatienceMean float64
}

// Calibration is a scenario fitted to a log: arrivals, handle time,
// patience, staffing and priorities, with the figures behind each fit.
type Calibration struct {
	Options         Options
	IntervalSeconds int
	// Threshold is the service-level threshold in seconds; AgentGap the
	// idle time the on-duty spells bridge.
	Threshold, AgentGap float64
	// First and Last are the first and last day with contacts; Days
	// counts the days with contacts.
	First, Last time.Time
	Days        int
	// Queues are the queues pooled.
	Queues []string
	// Total sums every contact used.
	Total    contactlog.Cell
	DayTypes []DayTypeFit
	// Handle is the handle-time fit; Wrap the after-contact work fit when
	// the log has some (Wrap.N is 0 otherwise). HourlyAHT is the mean
	// handle time of the contacts arriving in each hour of the day (NaN
	// for an hour without answered contacts).
	Handle    DurationFit
	Wrap      DurationFit
	HourlyAHT []float64
	// HourlyAnswered counts the answered contacts behind HourlyAHT.
	HourlyAnswered []int
	// AHT is the mean handle time of every answered contact, the
	// reference of the hourly factors.
	AHT float64
	// Patience is the patience fit; nil when nobody abandoned.
	Patience *Patience
	// Waits and Abandoned count the waits the patience fit used.
	Waits, Abandoned int
	Queue            []QueueFit
	Priorities       []contactlog.PriorityStat
	// HighShare is the share of contacts in the high-priority class.
	HighShare float64
	// Shrinkage is 1 - Options.Availability.Share, or 0 without a
	// measure; SetFittedShrinkage replaces it.
	Shrinkage float64
	// Demand is how much more the volumes vary than Poisson; Absence how
	// often agents were missing on their regular days.
	Demand  DemandFit
	Absence AbsenceFit
	// Fitted describes a shrinkage fitted by replaying the log (nil when
	// the measured one stands).
	Fitted *FittedShrinkage
	// Report is set for a calibration from interval reports (FitReport):
	// what they held and how the handle time and patience were fitted.
	Report *ReportFit
}

// FittedShrinkage is a shrinkage found by replaying the log through the
// simulator (package backtest does it): the one at which the simulated
// abandonment matches the log's.
type FittedShrinkage struct {
	// Measured is the shrinkage the availability gave.
	Measured float64
	// Observed and Predicted are the log's and the simulator's
	// arrival-weighted abandonment shares at the fitted shrinkage.
	Observed, Predicted float64
	// Days is the days replayed.
	Days int
}

// SetFittedShrinkage makes the scenario's shrinkage one fitted by
// replaying the log, keeping the measured one in the notes.
func (c *Calibration) SetFittedShrinkage(shrinkage float64, f FittedShrinkage) error {
	if !(shrinkage >= 0 && shrinkage < 1) {
		return fmt.Errorf("calibrate: fitted shrinkage %v: want 0 to below 1", shrinkage)
	}
	f.Measured = c.Shrinkage
	c.Shrinkage, c.Fitted = shrinkage, &f
	return nil
}

var namePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)

// Fit fits a one-channel scenario to an aggregated log: the daily
// volume per day type with its intraday profile, the handle time (the best
// of exponential, lognormal and gamma by likelihood), patience (the
// Kaplan–Meier estimate from censored waits, with the exponential estimate
// beside it), the staff on duty per interval per day type with the
// measured availability as shrinkage, and optionally a priority class.
// The table's threshold is the target's; its agent gap defines on duty.
func Fit(t *contactlog.Table, opt Options) (*Calibration, error) {
	c, err := newCalibration(t, opt, "calibrated from a contact log", "the log")
	if err != nil {
		return nil, err
	}
	opt, queues := c.Options, c.Queues

	days := t.Dates(queues...)
	if len(days) == 0 {
		return nil, errors.New("calibrate: no contact to fit (none in the log, or none left by the date window and exclusions)")
	}
	c.First, c.Last, c.Days = days[0], days[len(days)-1], len(days)

	c.fitDays(t, days, queues, func(s contactlog.Staffing) float64 { return s.OnDuty })

	if c.Handle, err = FitDurations(t.Handle(queues...)); err != nil {
		return nil, &stepError{"handle time", err}
	}
	if acw := t.ACW(queues...); acw.N >= 2 {
		if c.Wrap, err = FitDurations(acw); err != nil {
			return nil, &stepError{"after-contact work", err}
		}
	}
	waits := t.Waits(queues...)
	c.Waits, c.Abandoned = waits.Abandoned+waits.Answered, waits.Abandoned
	if waits.Abandoned > 0 {
		p, err := FitPatience(waits, opt.Patience)
		if err != nil {
			return nil, &stepError{"patience", err}
		}
		c.Patience = &p
	}
	for _, q := range queues {
		qf := QueueFit{Queue: q, PatienceMean: math.Inf(1)}
		for _, p := range t.Priorities(q) {
			qf.Offered += p.Offered
			qf.Answered += p.Answered
			qf.Abandoned += p.Abandoned
		}
		qf.Handle, qf.HandleErr = FitDurations(t.Handle(q))
		if w := t.Waits(q); w.Abandoned > 0 {
			qf.PatienceMean = w.Total / float64(w.Abandoned)
		}
		c.Queue = append(c.Queue, qf)
	}
	c.Priorities = t.Priorities(queues...)
	if len(opt.HighPriority) > 0 {
		high := 0
		for _, p := range c.Priorities {
			if slices.Contains(opt.HighPriority, p.Priority) {
				high += p.Offered
			}
		}
		if high == 0 || high == c.Total.Offered {
			return nil, fmt.Errorf("calibrate: priority %s: %d of %d contacts, so there is no class to tell apart", strings.Join(opt.HighPriority, ","), high, c.Total.Offered)
		}
		c.HighShare = float64(high) / float64(c.Total.Offered)
	}
	if s := opt.Availability.Share; s > 0 && s <= 1 {
		c.Shrinkage = 1 - s
	} else if s > 1 {
		// Agents on overlapping contacts can push busy past on duty; no
		// one is then away from the phone.
		c.Shrinkage = 0
	}
	return c, nil
}

var weekdayShort = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func dayTypeFits(opt Options, per int) []DayTypeFit {
	var out []DayTypeFit
	if opt.DayTypes == contactlog.WorkdayWeekend {
		var work, rest []time.Weekday
		for d := time.Sunday; d <= time.Saturday; d++ {
			if slices.Contains(opt.Weekend, d) {
				rest = append(rest, d)
			} else {
				work = append(work, d)
			}
		}
		out = []DayTypeFit{{Name: "workday", Weekdays: work}, {Name: "weekend", Weekdays: rest}}
	} else {
		for d := time.Sunday; d <= time.Saturday; d++ {
			out = append(out, DayTypeFit{Name: weekdayShort[d], Weekdays: []time.Weekday{d}})
		}
	}
	for k := range out {
		out[k].Shares = make([]float64, per)
		out[k].OnDuty = make([]float64, per)
		out[k].Busy = make([]float64, per)
		out[k].Agents = make([]float64, per)
	}
	return out
}

func dayTypeIndex(types []DayTypeFit, d time.Weekday) int {
	for k, f := range types {
		if slices.Contains(f.Weekdays, d) {
			return k
		}
	}
	return 0
}

// HandleFactors is the handle time's factor by hour of arrival, as
// Options.HandleByTime writes it: a step function from 00:00, consecutive
// equal factors merged, factors rounded to three decimals. Nil when no
// hour has enough answered contacts.
func (c *Calibration) HandleFactors() []sim.ClockFactor {
	if !(c.AHT > 0) {
		return nil
	}
	var out []sim.ClockFactor
	f, any := 1.0, false
	for h := range 24 {
		if v := c.HourlyAHT[h]; !math.IsNaN(v) && c.HourlyAnswered[h] >= minHourly {
			f, any = math.Round(1000*v/c.AHT)/1000, true
		}
		if len(out) == 0 || out[len(out)-1].Factor != f {
			out = append(out, sim.ClockFactor{At: float64(h * 3600), Factor: f})
		}
	}
	if !any {
		return nil
	}
	return out
}

// fitDays fits what every day of the table shows: each day type's volume,
// intraday profile and staffing (the agents on duty that onDuty reads
// from an interval's staffing), the demand's variation, absence and the
// handle time by hour.
func (c *Calibration) fitDays(t *contactlog.Table, days []time.Time, queues []string, onDuty func(contactlog.Staffing) float64) {
	opt := c.Options
	per := 86400 / c.IntervalSeconds
	c.DayTypes = dayTypeFits(opt, per)
	hourHandle := make([]float64, 24)
	hourAnswered := make([]float64, 24)
	volumes := make([][]float64, len(c.DayTypes))
	var dayCounts [][]float64
	var dayTypes []int
	for _, d := range days {
		k := dayTypeIndex(c.DayTypes, d.Weekday())
		f := &c.DayTypes[k]
		cells := t.Day(d, queues...)
		staff := t.Staffing(d)
		day := 0
		counts := make([]float64, len(cells))
		for i, cell := range cells {
			counts[i] = float64(cell.Offered)
			c.Total.Add(cell)
			day += cell.Offered
			f.Shares[i] += float64(cell.Offered)
			f.OnDuty[i] += onDuty(staff[i])
			f.Busy[i] += staff[i].Busy
			f.Agents[i] += staff[i].Agents
			h := min(23, i*c.IntervalSeconds/3600)
			hourHandle[h] += cell.HandleSum
			hourAnswered[h] += float64(cell.Answered)
		}
		f.Days++
		f.Contacts += day
		volumes[k] = append(volumes[k], float64(day))
		dayCounts, dayTypes = append(dayCounts, counts), append(dayTypes, k)
	}
	for k := range c.DayTypes {
		f := &c.DayTypes[k]
		if f.Days == 0 {
			continue
		}
		f.Volume, f.VolumeSD = stat.MeanStdDev(volumes[k], nil)
		if len(volumes[k]) < 2 {
			f.VolumeSD = 0 // one day shows no spread (gonum gives NaN)
		}
		for i := range per {
			if f.Contacts > 0 {
				f.Shares[i] /= float64(f.Contacts)
			}
			f.OnDuty[i] /= float64(f.Days)
			f.Busy[i] /= float64(f.Days)
			f.Agents[i] /= float64(f.Days)
		}
	}
	c.Demand = fitDemand(days, dayCounts, dayTypes, c.DayTypes)
	c.Absence = fitAbsence(days, t.AgentDays())
	c.HourlyAHT = make([]float64, 24)
	c.HourlyAnswered = make([]int, 24)
	var allHandle, allAnswered float64
	for h := range 24 {
		allHandle += hourHandle[h]
		allAnswered += hourAnswered[h]
	}
	c.AHT = math.NaN()
	if allAnswered > 0 {
		c.AHT = allHandle / allAnswered
	}
	for h := range 24 {
		c.HourlyAnswered[h] = int(hourAnswered[h])
		c.HourlyAHT[h] = math.NaN()
		if hourAnswered[h] > 0 {
			c.HourlyAHT[h] = hourHandle[h] / hourAnswered[h]
		}
	}
}

// stepError names the step of a calibration that failed, the package's
// prefix said once: "calibrate: handle time: need at least two distinct
// positive durations, have 1".
type stepError struct {
	step string
	err  error
}

func (e *stepError) Error() string {
	msg := strings.TrimPrefix(e.err.Error(), "calibrate: ")
	msg = strings.TrimPrefix(msg, e.step+": ")
	return "calibrate: " + e.step + ": " + strings.TrimPrefix(msg, "fit: ")
}

func (e *stepError) Unwrap() error { return e.err }
