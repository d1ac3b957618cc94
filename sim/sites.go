package sim

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
