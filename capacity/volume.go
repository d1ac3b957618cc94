package capacity

import (
	"math"
	"time"

	"github.com/ccsim/ccsim/sim"
)

// volumes is the weekly volume forecast of the channels that have
// arrivals of their own (follow-on contacts scale with their sources).
type volumes struct {
	channels []int     // indices into the model's channels
	names    []string  // their names
	own      []float64 // the scenario's own volume per week
	median   [][]float64
	sigma    []float64 // per week: the log-scale error
	weeks    []time.Time
}

// horizonDays is the number of whole days of the model's horizon, or an
// error when it is not 1 to 7 whole days.
func horizonDays(m *sim.Model) (int, error) {
	days := m.Horizon() / 86400
	if days < 1 || days > 7 || math.Abs(days-math.Round(days)) > 1e-9 {
		return 0, inputErrorf("capacity: the scenario's horizon is %g days: plan capacity from a scenario of 1 to 7 whole days (a day or a week)", days)
	}
	return int(math.Round(days)), nil
}

// weekFactor is how many times the scenario's horizon makes a week.
func weekFactor(m *sim.Model, in *Input) (float64, error) {
	days, err := horizonDays(m)
	if err != nil {
		return 0, err
	}
	if days == 7 && in.DaysPerWeek != 7 {
		return 0, inputErrorf("capacity: the scenario is a week: days per week must be 7, not %d", in.DaysPerWeek)
	}
	return float64(in.DaysPerWeek) / float64(days), nil
}

// newVolumes builds the weekly forecast of in for the model's channels.
func newVolumes(m *sim.Model, in *Input) (*volumes, error) {
	factor, err := weekFactor(m, in)
	if err != nil {
		return nil, err
	}
	v := &volumes{}
	given := map[string]*ChannelVolume{}
	for i := range in.Volume.Channels {
		given[in.Volume.Channels[i].Name] = &in.Volume.Channels[i]
	}
	for c := range m.Channels {
		ch := &m.Channels[c]
		a := &ch.Arrivals
		if a.Counts != nil || a.Times != nil {
			return nil, inputErrorf("capacity: channel %s replays recorded arrivals: capacity planning scales arrival rates; give the channel a volume and a profile", ch.Name)
		}
		own := 0.0
		for _, r := range a.Rates {
			own += r * m.IntervalSeconds
		}
		own *= factor
		cv := given[ch.Name]
		delete(given, ch.Name)
		if own <= 0 {
			if cv != nil && (cv.Base > 0 || cv.Weeks != nil) {
				return nil, inputErrorf("capacity: volume of channel %s: the scenario gives it no arrivals of its own to scale", ch.Name)
			}
			continue
		}
		v.channels = append(v.channels, c)
		v.names = append(v.names, ch.Name)
		v.own = append(v.own, own)
	}
	for name := range given {
		return nil, inputErrorf("capacity: volume of channel %q: the scenario has no such channel", name)
	}
	if len(v.channels) == 0 {
		return nil, inputErrorf("capacity: the scenario has no arrivals to plan for")
	}
	v.median = make([][]float64, in.Weeks)
	v.sigma = make([]float64, in.Weeks)
	v.weeks = make([]time.Time, in.Weeks)
	for w := range in.Weeks {
		v.weeks[w] = in.Start.AddDate(0, 0, 7*w)
		v.median[w] = make([]float64, len(v.channels))
		season := seasonFactor(in.Volume.Seasonality, v.weeks[w].Add(84*time.Hour))
		for k, c := range v.channels {
			base, growth := v.own[k], in.Volume.Growth
			cv := channelVolume(in, m.Channels[c].Name)
			if cv != nil && cv.Weeks != nil {
				v.median[w][k] = cv.Weeks[w]
				if cv.Seasonal {
					v.median[w][k] *= season
				}
				continue
			}
			if cv != nil && cv.Base > 0 {
				base = cv.Base
			}
			if cv != nil && cv.Growth != nil {
				growth = *cv.Growth
			}
			v.median[w][k] = base * math.Pow(1+growth, float64(w)/52) * season
		}
		v.sigma[w] = volumeError(&in.Volume, w, in.Weeks)
	}
	return v, nil
}

func channelVolume(in *Input, name string) *ChannelVolume {
	for i := range in.Volume.Channels {
		if in.Volume.Channels[i].Name == name {
			return &in.Volume.Channels[i]
		}
	}
	return nil
}

// volumeError is week w's log-scale error (w from 0).
func volumeError(v *Volume, w, weeks int) float64 {
	if v.Errors != nil {
		return v.Errors[w]
	}
	if v.ErrorEnd == 0 || weeks == 1 {
		return v.Error
	}
	return v.Error + (v.ErrorEnd-v.Error)*float64(w)/float64(weeks-1)
}

// seasonFactor is the seasonal factor at time t: each month's factor holds
// at the middle of the month, and the factor moves linearly between the
// middles of neighbouring months (December to January across the year).
func seasonFactor(f []float64, t time.Time) float64 {
	if f == nil {
		return 1
	}
	mid := func(y int, m time.Month) time.Time {
		first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		next := first.AddDate(0, 1, 0)
		return first.Add(next.Sub(first) / 2)
	}
	y, m := t.Year(), t.Month()
	here := mid(y, m)
	var a, b time.Time
	var fa, fb float64
	if !t.Before(here) {
		ny, nm := y, m+1
		if nm > 12 {
			ny, nm = y+1, 1
		}
		a, b, fa, fb = here, mid(ny, nm), f[m-1], f[nm-1]
	} else {
		py, pm := y, m-1
		if pm < 1 {
			py, pm = y-1, 12
		}
		a, b, fa, fb = mid(py, pm), here, f[pm-1], f[m-1]
	}
	x := float64(t.Sub(a)) / float64(b.Sub(a))
	return fa + (fb-fa)*x
}
