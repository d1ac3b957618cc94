package sim

// OpeningSurge is the largest surge of a real-time channel at its
// opening: follow-on contacts (escalations, repeats, redials, customers
// switching in) due while the channel is closed all arrive when it opens,
// so its first open interval can be offered far more than the next, and
// a plan staffs for that peak.
type OpeningSurge struct {
	Channel int
	// Interval is the opening interval of the largest surge; Offered and
	// Next the mean contacts offered in it and in the interval after it.
	Interval      int
	Offered, Next float64
	// Openings counts the channel's openings with a surge, of All.
	Openings, All int
}

// surgeRatio and surgeExcess make an opening a surge: half as many
// contacts again as the next interval, and at least surgeExcess more. A
// profile's own morning ramp offers fewer at the opening than after it.
const (
	surgeRatio  = 1.5
	surgeExcess = 10
)

// OpeningSurges returns the real-time channels of m whose result r shows
// a surge at an opening (an interval in which the channel opens after a
// closed one), each with its largest.
func OpeningSurges(m *Model, r *Result) []OpeningSurge {
	var out []OpeningSurge
	L := m.IntervalSeconds
	for c := range m.Channels {
		ch := &m.Channels[c]
		if !ch.Realtime() || len(ch.Hours) == 0 || c >= len(r.Channels) {
			continue
		}
		iv := r.Channels[c].Intervals
		s := OpeningSurge{Channel: c, Interval: -1}
		for i := 1; i+1 < len(iv); i++ {
			t := float64(i) * L
			if ch.OpenSeconds(t-L, t) > 0 || ch.OpenSeconds(t, t+L) == 0 {
				continue
			}
			s.All++
			offered, next := iv[i][Offered].Mean, iv[i+1][Offered].Mean
			if !(offered >= surgeRatio*next && offered-next >= surgeExcess) {
				continue
			}
			s.Openings++
			if s.Interval < 0 || offered-next > s.Offered-s.Next {
				s.Interval, s.Offered, s.Next = i, offered, next
			}
		}
		if s.Openings > 0 {
			out = append(out, s)
		}
	}
	return out
}
