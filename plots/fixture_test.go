package plots

import (
	"math"

	"github.com/ccsim/ccsim/sim"
)

// fixture builds a forecast by hand (no simulation), so that golden
// images change only when the drawing does. It has what the charts must
// handle: a phone line open 07:00-19:00 (undefined service level at
// night), a chat with concurrency, an email channel with classes and a
// backlog, a lone defined interval, an interval with one replication
// (no confidence interval), and two groups. lift shifts the staffing and
// the service level, to make a second plan.
func fixture(name string, lift float64) *sim.Result {
	const n = 48 // a day of 30-minute intervals
	nan := math.NaN()
	stat := func(mean, hw float64) sim.Stat {
		return sim.Stat{Mean: mean, HalfWidth: hw, SD: hw, N: 10}
	}
	r := &sim.Result{
		Name: name, IntervalSeconds: 1800, Intervals: n, StartWeekday: 1, Seed: 7, Replications: 10,
	}
	// peak is a smooth daytime load, 0 at 07:00 and 19:00, 1 at 13:00.
	peak := func(i int) float64 {
		h := (float64(i) + 0.5) / 2
		if h < 7 || h > 19 {
			return 0
		}
		return math.Sin(math.Pi * (h - 7) / 12)
	}
	undefined := sim.Stat{Mean: nan, HalfWidth: nan, SD: nan}
	newSeries := func() sim.Series {
		s := sim.Series{Intervals: make([]sim.Values, n)}
		for i := range s.Intervals {
			for k := range s.Intervals[i] {
				s.Intervals[i][k] = undefined
			}
		}
		return s
	}
	phone := sim.ChannelResult{Name: "phone", Kind: sim.Call,
		Target: sim.Target{Threshold: 20, Goal: 0.8, ASA: 30, MaxAbandon: 0.05}, Series: newSeries()}
	chat := sim.ChannelResult{Name: "chat", Kind: sim.Chat,
		Target: sim.Target{Threshold: 60, Goal: 0.9}, Series: newSeries()}
	email := sim.ChannelResult{Name: "email", Kind: sim.Email, Series: newSeries(),
		Classes: []sim.ClassResult{
			{Name: "urgent", Target: sim.Target{Threshold: 1800, Goal: 0.9}},
			{Name: "normal", Target: sim.Target{Threshold: 8 * 3600, Goal: 0.9}},
		}}
	for i := range n {
		p := peak(i)
		h := (float64(i) + 0.5) / 2
		v := &phone.Intervals[i]
		v[sim.Offered] = stat(60*p, 4)
		v[sim.Cost] = stat(400*p, 20)
		if p > 0 {
			v[sim.ServiceLevel] = stat(math.Min(1, 0.95-0.35*p+lift), 0.04+0.03*p)
			v[sim.AbandonRate] = stat(0.01+0.07*p*p*(1-3*lift), 0.01)
			v[sim.ASA] = stat(5+40*p*p, 3)
			v[sim.WaitP50] = stat(2+30*p*p, 2)
			v[sim.WaitP90] = stat(15+80*p*p, 5)
			v[sim.WaitP95] = stat(20+110*p*p, 6)
		}
		c := &chat.Intervals[i]
		load := 0.3 + 0.7*math.Exp(-(h-13)*(h-13)/8)
		c[sim.Offered] = stat(30*load, 3)
		c[sim.ServiceLevel] = stat(1.02-0.25*load+lift/2, 0.03)
		c[sim.AbandonRate] = stat(0.04*load, 0.01)
		c[sim.ASA] = stat(3+20*load, 2)
		c[sim.WaitP50] = stat(1+8*load, 1)
		c[sim.WaitP90] = stat(6+50*load, 4)
		c[sim.WaitP95] = stat(9+70*load, 5)
		c[sim.Cost] = stat(150*load, 10)
		e := &email.Intervals[i]
		e[sim.Offered] = stat(20, 2)
		e[sim.ServiceLevel] = stat(1, 0)
		e[sim.ASA] = stat(600+9000*p, 500)
		e[sim.WaitP50] = stat(400+7000*p, 400)
		e[sim.WaitP90] = stat(1200+16000*p, 900)
		e[sim.WaitP95] = stat(1500+20000*p, 1000)
		e[sim.QueueEnd] = stat(5+60*p*p*(1-lift), 6)
		e[sim.Cost] = stat(100+200*p, 10)
	}
	// A lone interval with a defined chat service level between
	// undefined ones, and one replication only (no band) at 03:00.
	chat.Intervals[4][sim.ServiceLevel] = undefined
	chat.Intervals[6][sim.ServiceLevel] = undefined
	chat.Intervals[6][sim.ASA] = sim.Stat{Mean: 12, HalfWidth: nan, SD: nan, N: 1}
	r.Channels = []sim.ChannelResult{phone, chat, email}

	r.Total = newSeries()
	for i := range n {
		var cost float64
		for _, ch := range r.Channels {
			cost += ch.Intervals[i][sim.Cost].Mean
		}
		r.Total.Intervals[i][sim.Cost] = stat(cost, 25)
	}
	r.Total.Total[sim.ServiceLevel] = stat(0.85+lift/2, 0.01)
	r.Total.Total[sim.ASA] = stat(40-100*lift, 3)
	r.Total.Total[sim.AbandonRate] = stat(0.03-lift/5, 0.003)
	r.Total.Total[sim.Cost] = stat(20000*(1+lift), 0)
	r.Total.Total[sim.CostPerContact] = stat(7.2*(1+lift), 0.1)
	for c := range r.Channels {
		ch := &r.Channels[c]
		ch.Total[sim.ServiceLevel] = stat(0.8+0.05*float64(c)+lift, 0.02)
		ch.Total[sim.ASA] = stat(20+100*float64(c)-50*lift, 2)
		ch.Total[sim.AbandonRate] = stat(0.05-0.02*float64(c), 0.005)
	}
	// Phone and chat are real time, email deferred: their totals apart.
	r.RealTime, r.Deferred = r.Total.Total, r.Channels[2].Total
	r.RealTime[sim.ServiceLevel] = stat(0.83+lift, 0.012)
	r.RealTime[sim.ASA] = stat(55-50*lift, 2.5)

	for g, name := range []string{"voice", "digital"} {
		gr := sim.GroupResult{Name: name, Intervals: make([]sim.GroupValues, n)}
		var busy, avail, paid float64
		for i := range n {
			p := peak(i)
			staff := math.Round(4 + 16*p + 40*lift*p)
			if g == 1 {
				staff = 3 + math.Round(8*math.Exp(-((float64(i)/2-13)*(float64(i)/2-13))/10))
			}
			if g == 0 && p == 0 {
				staff = 0
			}
			v := &gr.Intervals[i]
			v[sim.Paid] = stat(math.Ceil(staff/0.7), 0)
			v[sim.Staff] = stat(staff, 0.1)
			v[sim.AvailableHours] = stat(staff/2, 0.05)
			v[sim.BusyHours] = stat(staff/2*(0.6+0.3*p), 0.05)
			v[sim.Occupancy] = undefined
			if staff > 0 {
				v[sim.Occupancy] = stat(0.6+0.3*p-lift/3, 0.03)
			}
			v[sim.PaidHours] = stat(math.Ceil(staff/0.7)/2, 0)
			busy += v[sim.BusyHours].Mean
			avail += v[sim.AvailableHours].Mean
			paid += v[sim.PaidHours].Mean
		}
		gr.Total[sim.BusyHours] = stat(busy, 1)
		gr.Total[sim.AvailableHours] = stat(avail, 0)
		gr.Total[sim.PaidHours] = stat(paid, 0)
		gr.Total[sim.Occupancy] = stat(busy/avail, 0.01)
		r.Groups = append(r.Groups, gr)
	}

	// All groups: the groups' sums, occupancy the ratio of the sums.
	all := sim.GroupResult{Name: "all groups", Intervals: make([]sim.GroupValues, n)}
	var busy, avail, paid float64
	for i := range n {
		v := &all.Intervals[i]
		for _, k := range []sim.GroupMetric{sim.Staff, sim.Paid, sim.BusyHours, sim.AvailableHours, sim.PaidHours} {
			sum := 0.0
			for _, g := range r.Groups {
				sum += g.Intervals[i][k].Mean
			}
			v[k] = stat(sum, 0.1)
		}
		v[sim.Occupancy] = undefined
		if a := v[sim.AvailableHours].Mean; a > 0 {
			v[sim.Occupancy] = stat(v[sim.BusyHours].Mean/a, 0.02)
		}
		busy += v[sim.BusyHours].Mean
		avail += v[sim.AvailableHours].Mean
		paid += v[sim.PaidHours].Mean
	}
	all.Total[sim.BusyHours] = stat(busy, 1.4)
	all.Total[sim.AvailableHours] = stat(avail, 0)
	all.Total[sim.PaidHours] = stat(paid, 0)
	all.Total[sim.Occupancy] = stat(busy/avail, 0.007)
	r.AllGroups = all
	return r
}
