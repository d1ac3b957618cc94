package sim

import (
	"context"
	"encoding/binary"
	"math"
	"testing"
)

// fuzzModel builds a small model from fuzz bytes: every choice the engine
// branches on (kinds, concurrency, slowdown, classes, lines, patience,
// switching, redials, flows with any shares and delays, hours, overflow,
// reserve, unlimited groups, outages, staffing that jumps around) comes
// from the input, within what Validate accepts. It returns nil when the
// bytes run out before the model is complete.
func fuzzModel(data []byte) *Model {
	r := byteReader{data: data}
	n := 1 + r.intn(12)
	ilen := []float64{60, 900, 1800, 3600}[r.intn(4)]
	m := &Model{IntervalSeconds: ilen, Intervals: n, Seed: uint64(r.intn(1 << 16)), Replications: 1}
	nch := 1 + r.intn(3)
	dist := func() Dist {
		mean := 1 + r.float(600)
		switch r.intn(6) {
		case 0:
			return Const(mean)
		case 1:
			return Dist{Kind: LogNormal, Mean: mean, CV: 0.05 + r.float(3)}
		case 2:
			return Dist{Kind: Gamma, Mean: mean, CV: 0.05 + r.float(3)}
		case 3:
			a := r.float(300)
			return Dist{Kind: Uniform, Min: a, Max: a + 1 + r.float(300)}
		case 4:
			x := 1 + r.float(300)
			return Dist{Kind: Empirical, Points: []CDFPoint{{0, 0}, {x, r.float(1)}, {x * 2, 1}}}
		default:
			return Exp(mean)
		}
	}
	for c := range nch {
		ch := Channel{Name: string(rune('a' + c)), Kind: Kind(r.intn(4)), Handle: dist()}
		switch r.intn(3) {
		case 0:
			ch.Arrivals.Rates = make([]float64, n)
			for i := range n {
				ch.Arrivals.Rates[i] = r.float(0.3)
			}
		case 1:
			ch.Arrivals.Counts = make([]int, n)
			for i := range n {
				ch.Arrivals.Counts[i] = r.intn(200)
			}
		default:
			t := 0.0
			for range r.intn(300) {
				t += r.float(ilen)
				ch.Arrivals.Times = append(ch.Arrivals.Times, t)
			}
		}
		if r.bool() {
			ch.Wrap = dist()
		}
		if r.bool() {
			p := dist()
			if p.Kind == Empirical && r.bool() {
				p.Points[2].P = 0.9 // some customers never abandon
			}
			ch.Patience = &p
		}
		if r.bool() {
			ch.Lines = r.intn(30)
		}
		if ch.Kind == Chat && r.bool() {
			ch.Concurrency = 1 + r.intn(4)
			ch.Slowdown = r.float(1)
		}
		if r.bool() {
			ch.Classes = []Class{{Name: "hi", Share: 0.3, Target: Target{Threshold: 1 + r.float(60), Goal: 0.8}},
				{Name: "lo", Share: 0.7, Target: Target{Threshold: r.float(600)}}}
		}
		ch.Target = Target{Threshold: r.float(100), Goal: r.float(1)}
		if nch > 1 && r.bool() {
			ch.Switch = &Switch{Threshold: 1 + r.float(600), Share: r.float(1), To: (c + 1) % nch}
		}
		if r.bool() {
			ch.Redial = &Redial{Share: r.float(0.95), Delay: dist()}
		}
		if ch.Kind.Deferred() && r.bool() {
			ch.FollowUp = &FollowUp{Rate: r.float(0.01), Work: dist()}
		}
		if r.bool() {
			from := r.float(m.Horizon())
			ch.Hours = []Window{{From: from, To: from + 1 + r.float(m.Horizon())}}
			if r.bool() {
				// A second opening, from within an interval.
				from = ch.Hours[0].To + r.float(ilen)
				ch.Hours = append(ch.Hours, Window{From: from, To: from + 1 + r.float(m.Horizon())})
			}
		}
		m.Channels = append(m.Channels, ch)
	}
	for range r.intn(4) {
		from, to := r.intn(nch), r.intn(nch)
		m.Flows = append(m.Flows, Flow{Kind: FlowKind(r.intn(2)), From: from, To: to, Share: r.float(0.3), Delay: dist()})
	}
	for g := range 1 + r.intn(2) {
		grp := Group{Name: string(rune('A' + g)), HourlyCost: r.float(50), ContactCost: r.float(5)}
		for c := range nch {
			if r.bool() || c == g%nch {
				grp.Skills = append(grp.Skills, Skill{Channel: c, After: r.float(120) * float64(r.intn(2))})
			}
		}
		if r.intn(4) == 0 {
			grp.Unlimited = true
		} else {
			grp.Staff = make([]int, n)
			for i := range n {
				grp.Staff[i] = r.intn(15)
			}
			grp.DeferredReserve = r.float(1) * float64(r.intn(2))
		}
		if r.bool() {
			from := r.float(m.Horizon())
			grp.Outages = []Window{{From: from, To: from + 1 + r.float(3600)}}
		}
		m.Groups = append(m.Groups, grp)
	}
	if r.short {
		return nil
	}
	return m
}

// byteReader hands out fuzz bytes as choices; past the end it answers 0
// and remembers that it ran short.
type byteReader struct {
	data  []byte
	short bool
}

func (r *byteReader) u16() uint16 {
	if len(r.data) < 2 {
		r.short = true
		return 0
	}
	v := binary.LittleEndian.Uint16(r.data)
	r.data = r.data[2:]
	return v
}

func (r *byteReader) intn(n int) int          { return int(r.u16()) % n }
func (r *byteReader) bool() bool              { return r.u16()&1 == 1 }
func (r *byteReader) float(x float64) float64 { return float64(r.u16()) / math.MaxUint16 * x }

// FuzzEngine runs random small models: no panic, no error for a valid
// model, exact conservation of contacts in every interval, and every share
// within 0..1.
func FuzzEngine(f *testing.F) {
	f.Add(make([]byte, 64))
	seed := make([]byte, 400)
	for i := range seed {
		seed[i] = byte(i * 37)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		m := fuzzModel(data)
		if m == nil || m.Validate() != nil {
			return
		}
		e := newEngine(context.Background(), m, 0)
		if err := e.run(); err != nil {
			t.Fatalf("valid model failed: %v", err)
		}
		for c := range e.chans {
			for i, x := range e.chans[c].iv {
				if x.answered+x.abandoned+x.blocked+x.switched+x.unfinished != x.offered {
					t.Fatalf("channel %d interval %d: contacts not conserved: %+v", c, i, x)
				}
				if x.closed > x.blocked || x.censored > x.unfinished {
					t.Fatalf("channel %d interval %d: closed or censored not within blocked or unfinished: %+v", c, i, x)
				}
			}
		}
		l := newLayout(m, nil)
		v := l.values(e)
		// Channel, class and total blocks come first, then the groups'.
		for off := 0; off < l.grIv; off += NumMetrics {
			for k := range NumMetrics {
				if x := v[off+k]; Metric(k).Unit() == Share && (x < 0 || x > 1) {
					t.Fatalf("%s = %v", Metric(k).Key(), x)
				}
			}
		}
		for off := l.grIv; off < l.spans; off += NumGroupMetrics {
			if x := v[off+int(Occupancy)]; x < 0 || x > 1+1e-9 {
				t.Fatalf("occupancy %v", x)
			}
		}
		if _, err := Run(context.Background(), m, Options{Workers: 1}); err != nil {
			t.Fatalf("Run: %v", err)
		}
	})
}
