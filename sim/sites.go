package sim

import "slices"

// route draws the site a contact of a channel routed by site goes to: by
// the sites' shares among those open and not down now; when every site
// with a share is closed or down, by the shares alone (the contact waits
// for its site, or overflows).
func (e *engine) route(cs *chanState) uint8 {
	total := 0.0
	for s, v := range cs.siteShare {
		if v > 0 && e.siteDown[s] == 0 {
			total += v
		}
	}
	all := total == 0
	if all {
		total = 1
	}
	x := cs.siteRand.Float64() * total
	last := 0
	for s, v := range cs.siteShare {
		if v > 0 && (all || e.siteDown[s] == 0) {
			last = s
			if x < v {
				return uint8(s)
			}
			x -= v
		}
	}
	return uint8(last)
}

// GroupDown returns the windows when group g takes no new contacts: its
// own outages, and the closed hours and outages of its site. They may
// overlap; the planner asks whether one covers an interval.
func (m *Model) GroupDown(g int) []Window {
	grp := &m.Groups[g]
	out := slices.Clone(grp.Outages)
	for _, st := range m.Sites {
		if grp.Site != "" && st.Name == grp.Site {
			out = append(out, closedWindows(st.Hours, float64(m.Intervals)*m.IntervalSeconds)...)
			out = append(out, st.Outages...)
		}
	}
	return out
}
