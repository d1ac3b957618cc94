package sim

import (
	"errors"
	"fmt"
	"math"
)

// Profile is a relative arrival rate over the clock of one day: linear
// between points, zero before the first point and after the last. Being
// defined over the clock rather than over intervals, it serves 15, 30 and
// 60-minute intervals alike: an interval's share of the day is the integral
// of the rate over it, divided by the integral over the day. Only the ratios
// of the rates matter.
type Profile struct {
	Name   string
	Points []ProfilePoint // ascending in At
}

// ProfilePoint is the rate at one clock time, in seconds after midnight.
type ProfilePoint struct{ At, Rate float64 }

// Validate checks that the points are ascending clock times of one day
// with finite, non-negative rates, at least two of them, not all zero.
func (p *Profile) Validate() error {
	if len(p.Points) < 2 {
		return fmt.Errorf("profile %q: needs at least two points", p.Name)
	}
	for i, pt := range p.Points {
		if !(pt.At >= 0 && pt.At <= 86400) || (i > 0 && !(pt.At > p.Points[i-1].At)) {
			return fmt.Errorf("profile %q: point %d at %vs: clock times must increase within 00:00-24:00", p.Name, i, pt.At)
		}
		if !(pt.Rate >= 0) || math.IsInf(pt.Rate, 0) {
			return fmt.Errorf("profile %q: point %d: rate %v", p.Name, i, pt.Rate)
		}
	}
	if p.integral(0, 86400) == 0 {
		return fmt.Errorf("profile %q: zero all day", p.Name)
	}
	return nil
}

// integral is the area under the rate over [a, b], exact for a piecewise
// linear rate.
func (p *Profile) integral(a, b float64) float64 {
	sum := 0.0
	for i := 1; i < len(p.Points); i++ {
		sum += p.segment(i, a, b)
	}
	return sum
}

// segment is the area under the rate between points i-1 and i, within
// [a, b].
func (p *Profile) segment(i int, a, b float64) float64 {
	lo, hi := p.Points[i-1], p.Points[i]
	c, e := max(a, lo.At), min(b, hi.At)
	if !(c < e) {
		return 0
	}
	at := func(t float64) float64 {
		return lo.Rate + (hi.Rate-lo.Rate)*(t-lo.At)/(hi.At-lo.At)
	}
	return (at(c) + at(e)) / 2 * (e - c)
}

// Shares is the share of the day in each of the 86400/intervalSeconds
// intervals of a day (all zero for a profile that is zero all day). It
// walks points and intervals together once, so a profile with many points
// stays cheap at short intervals.
func (p *Profile) Shares(intervalSeconds float64) []float64 {
	n := int(86400 / intervalSeconds)
	out := make([]float64, n)
	total := p.integral(0, 86400)
	if total == 0 {
		return out
	}
	seg := 1
	for i := range out {
		a, b := float64(i)*intervalSeconds, float64(i+1)*intervalSeconds
		for seg < len(p.Points) && p.Points[seg].At <= a {
			seg++
		}
		sum := 0.0
		for j := seg; j < len(p.Points); j++ {
			sum += p.segment(j, a, b)
			if p.Points[j].At >= b {
				break
			}
		}
		out[i] = sum / total
	}
	return out
}

// DailyArrivals are arrivals given as a volume a day spread over the clock
// by an intraday profile, both by weekday (index 0 Sunday ... 6 Saturday).
// A weekday without a profile has no arrivals.
type DailyArrivals struct {
	Volume  [7]float64 // contacts a day
	Profile [7]*Profile
}

// Rates lays the daily volumes over a horizon of intervals starting at
// 00:00 on startWeekday: the rate of an interval, in contacts per second,
// is the day's volume times the interval's share of the day under the
// day's profile, over the interval's length. intervalSeconds must divide a
// day.
func (d *DailyArrivals) Rates(intervalSeconds float64, intervals, startWeekday int) []float64 {
	perDay := int(86400 / intervalSeconds)
	var shares [7][]float64
	out := make([]float64, intervals)
	for i := range out {
		wd := ((startWeekday+i/perDay)%7 + 7) % 7
		if d.Profile[wd] == nil {
			continue
		}
		if shares[wd] == nil {
			shares[wd] = d.Profile[wd].Shares(intervalSeconds)
		}
		out[i] = d.Volume[wd] * shares[wd][i%perDay] / intervalSeconds
	}
	return out
}

// RatesWhileOpen lays the daily volumes over the horizon as Rates does,
// for a real-time channel open only in the given windows (seconds from the
// start of the horizon, as Channel.Hours): each day's volume is spread by
// the profile over the day's open time alone, and an interval's rate is
// its rate while open, so that the engine, which generates arrivals only
// while the channel is open, brings the whole volume of each day. A day
// whose arrivals under Rates all fall in intervals open throughout keeps
// the rates of Rates bit for bit. lost[wd] counts the horizon's days of
// weekday wd whose volume cannot arrive: closed throughout, or with a
// profile that is zero whenever the channel is open.
func (d *DailyArrivals) RatesWhileOpen(intervalSeconds float64, intervals, startWeekday int, hours []Window) (rates []float64, lost [7]int) {
	out := d.Rates(intervalSeconds, intervals, startWeekday)
	if hours == nil {
		return out, lost
	}
	perDay := int(86400 / intervalSeconds)
	ch := Channel{Hours: hours}
	for day := 0; day*perDay < intervals; day++ {
		wd := ((startWeekday+day)%7 + 7) % 7
		p := d.Profile[wd]
		if p == nil || d.Volume[wd] == 0 {
			continue
		}
		first, last := day*perDay, min(intervals, (day+1)*perDay)
		// openIn is the open time of interval i as clock spans of its day.
		openIn := func(i int) [][2]float64 {
			var spans [][2]float64
			start := float64(i) * intervalSeconds
			end := start + intervalSeconds
			for t := start; t < end; {
				from, to := ch.nextWindow(t)
				if from >= end {
					break
				}
				to = min(to, end)
				spans = append(spans, [2]float64{from - float64(day)*86400, to - float64(day)*86400})
				t = to
			}
			return spans
		}
		unchanged := true
		for i := first; i < last && unchanged; i++ {
			if out[i] == 0 {
				continue
			}
			spans := openIn(i)
			unchanged = len(spans) == 1 && spans[0][1]-spans[0][0] == intervalSeconds
		}
		if unchanged {
			continue
		}
		mass := make([]float64, last-first)
		open := make([]float64, last-first)
		total := 0.0
		for i := first; i < last; i++ {
			for _, s := range openIn(i) {
				mass[i-first] += p.integral(s[0], s[1])
				open[i-first] += s[1] - s[0]
			}
			total += mass[i-first]
		}
		if last-first < perDay {
			// The horizon ends within the day; its hours after the end are
			// unknown, so the rest of the day counts as open, and the part
			// of the day in the horizon gets what it would in a whole day.
			total += p.integral(float64(last-first)*intervalSeconds, 86400)
		}
		for i := first; i < last; i++ {
			out[i] = 0
			if total > 0 && open[i-first] > 0 {
				out[i] = d.Volume[wd] * mass[i-first] / total / open[i-first]
			}
		}
		if total == 0 {
			lost[wd]++
		}
	}
	return out, lost
}

func (d *DailyArrivals) validate() error {
	var errs []error
	for wd, v := range d.Volume {
		if !(v >= 0) || math.IsInf(v, 0) {
			errs = append(errs, fmt.Errorf("daily volume %v on weekday %d", v, wd))
		}
		if v > 0 && d.Profile[wd] == nil {
			errs = append(errs, fmt.Errorf("a daily volume of %v on weekday %d without a profile", v, wd))
		}
		if p := d.Profile[wd]; p != nil {
			if err := p.Validate(); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
