package sim

import (
	"fmt"
	"math"
	"testing"
)

// siteModel is one call channel shared by two sites, each with its own
// group: north takes share of the traffic with nA agents, south the rest
// with nB; contacts overflow to the other site after waiting overflow.
func siteModel(lambda float64, nA, nB int, share, overflow, patience float64, intervals int) *Model {
	m := mmnModel(lambda, 240, 0, patience, intervals)
	m.Groups = []Group{
		{Name: "north_team", Skills: []Skill{{Channel: 0}}, Staff: repeat(nA, intervals), HourlyCost: 30, Site: "north"},
		{Name: "south_team", Skills: []Skill{{Channel: 0}}, Staff: repeat(nB, intervals), HourlyCost: 20, Site: "south"},
	}
	m.Sites = []Site{
		{Name: "north", Shares: []float64{share}, OverflowAfter: overflow},
		{Name: "south", Shares: []float64{1 - share}, OverflowAfter: overflow},
	}
	return m
}

// TestSitesAgreeWithErlang: without overflow, routing a Poisson stream to
// sites at random by shares makes each site an independent M/M/n queue at
// its share of the load (thinning), so the channel's service level is the
// share-weighted Erlang C (or A) of the sites; with overflow at once, any
// agent takes any contact, first come first served, and the sites are one
// M/M/(nA + nB) queue. Each figure is the other's "without the
// behaviour". Each replication runs 20 relaxation times and 20,000
// arrivals, the first tenth left out. Tolerance: the grid's criterion
// (checkMixedGrid), 30 replications a cell.
func TestSitesAgreeWithErlang(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the sites grid")
	}
	const aht, thr = 240.0, 20.0
	var cells []mixedCell
	for _, c := range []struct {
		nA, nB   int
		share    float64
		rho      float64
		patience float64
	}{
		{12, 8, 0.6, 0.8, 0},
		{30, 10, 0.7, 0.85, 180},
		{4, 6, 0.45, 0.7, 0},
	} {
		n := c.nA + c.nB
		lambda := c.rho * float64(n) / aht
		split := func() float64 {
			a, _ := queueFigures(c.nA, lambda*c.share*aht, aht, c.patience, thr)
			b, _ := queueFigures(c.nB, lambda*(1-c.share)*aht, aht, c.patience, thr)
			return c.share*a + (1-c.share)*b
		}()
		pooled, _ := queueFigures(n, lambda*aht, aht, c.patience, thr)
		for _, ov := range []float64{math.Inf(1), 0} {
			m := siteModel(lambda, c.nA, c.nB, c.share, ov, c.patience, 100)
			worst := math.Max(c.share*lambda*aht/float64(c.nA), (1-c.share)*lambda*aht/float64(c.nB))
			m.IntervalSeconds = math.Max(20*relaxation(min(c.nA, c.nB), math.Min(worst, 0.97), c.patience), 20_000/lambda) / 100
			m.Replications = 30
			m.Seed = uint64(n*10) + uint64(c.share*100)
			want := map[string]float64{"service level": split}
			plain := map[string]float64{"service level": pooled}
			if ov == 0 {
				want["service level"], plain["service level"] = pooled, split
			} else if c.patience == 0 {
				// Without overflow or abandonment, north answers exactly
				// the contacts routed there.
				want["north's share"] = c.share
			}
			cells = append(cells, mixedCell{
				name: fmt.Sprintf("nA=%d nB=%d share=%.2f rho=%.2f overflow=%v", c.nA, c.nB, c.share, c.rho, ov), m: m, warm: 10,
				want: want, plain: plain, res: map[string]float64{"north's share": 1e-9},
				measure: func(e *engine, x *tally) map[string]float64 {
					v := map[string]float64{"service level": float64(x.within) / float64(x.offered)}
					if _, ok := want["north's share"]; ok {
						north, south := float64(sumInt(e.groups[0].handled[10:])), float64(sumInt(e.groups[1].handled[10:]))
						v["north's share"] = north / (north + south)
					}
					return v
				}})
		}
	}
	checkMixedGrid(t, cells)
}

// TestSiteOverflowAndOutage: contacts overflow to the other site only
// after waiting the overflow delay (and are counted as site overflows);
// while a site is down or closed its groups start no contact and its
// share goes to the sites open; and the sites' group figures add up to
// the groups'.
func TestSiteOverflowAndOutage(t *testing.T) {
	const n = 48 // a day of half-hours
	m := siteModel(0.08, 12, 12, 0.5, 90, 300, n)
	m.Sites[0].Outages = []Window{{From: 10 * 3600, To: 12 * 3600}}
	m.Sites[1].Hours = []Window{{From: 0, To: 20 * 3600}}
	m.Replications = 6
	r := run(t, m)
	north, south := r.Groups[0], r.Groups[1]
	for i := range n {
		from := float64(i) * 1800
		if from >= 10*3600 && from < 12*3600 && north.Intervals[i][Handled].Mean != 0 {
			t.Errorf("interval %d: north handled %v during its outage", i, north.Intervals[i][Handled].Mean)
		}
		if from >= 20*3600 && south.Intervals[i][Handled].Mean != 0 {
			t.Errorf("interval %d: south handled %v while closed", i, south.Intervals[i][Handled].Mean)
		}
	}
	// During north's outage, south answers everything; no one waits for
	// north to come back.
	var off, southAns float64
	for i := 20; i < 24; i++ {
		off += r.Channels[0].Intervals[i][Answered].Mean
		southAns += south.Intervals[i][Handled].Mean
	}
	if math.Abs(off-southAns) > 0.05*off {
		t.Errorf("during north's outage south handled %.0f of %.0f answered", southAns, off)
	}
	if r.Channels[0].Total[SiteOverflows].Mean == 0 {
		t.Error("no contact overflowed to the other site")
	}
	if len(r.Sites) != 2 || r.Sites[0].Name != "north" {
		t.Fatalf("sites %+v", r.Sites)
	}
	for k := range NumGroupMetrics {
		if k == int(Occupancy) {
			continue
		}
		if got, want := r.Sites[0].Total[k].Mean, north.Total[k].Mean; math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("site north %s %v, its one group's %v", GroupMetric(k).Key(), got, want)
		}
	}
	// Overflow only after the delay: with an infinite delay there is none.
	m.Sites[0].OverflowAfter, m.Sites[1].OverflowAfter = math.Inf(1), math.Inf(1)
	if got := run(t, m).Channels[0].Total[SiteOverflows].Mean; got != 0 {
		t.Errorf("%v site overflows without overflow", got)
	}
}
