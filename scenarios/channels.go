package scenarios

import (
	"math"
	"slices"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ccsim/ccsim/sim"
)

// kindWords are the channel kinds by their sim names, in sim.Kind order.
var kindWords = func() []string {
	var words []string
	for k := sim.Call; k <= sim.Messaging; k++ {
		words = append(words, k.String())
	}
	return words
}()

func (b *builder) channels(o *object) {
	if !o.require("channels") {
		return
	}
	n, path := o.get("channels")
	names, keys, vals, ok := b.entries(n, path, "channels")
	if !ok {
		return
	}
	if len(names) == 0 {
		b.errorf(resolve(n), path, "no channels")
		return
	}
	if len(names) > maxChannels {
		b.errorf(resolve(n), path, "%d channels is more than the limit of %d", len(names), maxChannels)
		return
	}
	b.channelIndex = map[string]int{}
	for i, name := range names {
		b.name(keys[i], path, name)
		b.channelIndex[name] = i
	}
	b.channelNames = names
	if !b.fits(n, path, len(names)) {
		return
	}
	b.s.Channels = make([]sim.Channel, len(names))
	for i, name := range names {
		b.s.Channels[i] = b.channel(i, name, vals[i], join(path, name))
	}
}

func (b *builder) channel(self int, name string, n *yaml.Node, path string) sim.Channel {
	c := sim.Channel{Name: name}
	o, ok := b.mapping(n, path, "channel")
	if !ok {
		return c
	}
	o.require("kind", "arrivals", "handle")
	kindOK := false
	if n, p := o.get("kind"); n != nil {
		if k, ok := b.str(n, p); ok {
			if i := slices.Index(kindWords, k); i >= 0 {
				c.Kind, kindOK = sim.Kind(i), true
			} else {
				b.add(n, p, b.didYouMean(k, kindWords), "unknown channel kind %q", k)
			}
		}
	}
	if n, p := o.get("arrivals"); n != nil {
		c.Arrivals = b.arrivals(n, p)
	}
	if n, p := o.get("handle"); n != nil {
		var ok bool
		if c.Handle, ok = b.dist(n, p, distOpts{positive: true}); ok {
			b.plausibleHandle(n, p, c.Handle)
		}
	}
	if n, p := o.get("wrap"); n != nil {
		c.Wrap, _ = b.dist(n, p, distOpts{})
	}
	// A key that does not apply to the channel's kind is a mistake worth
	// reporting rather than ignoring.
	onlyFor := func(key, why string, allowed bool) *yaml.Node {
		n, _ := o.get(key)
		if n != nil && kindOK && !allowed {
			b.add(o.at[key], path, why, "%q does not apply to %s %s channel", key, article(c.Kind.String()), c.Kind)
			return nil
		}
		return n
	}
	deferred := c.Kind.Deferred()
	why := "deferred requests wait in a backlog and never abandon"
	if n := onlyFor("patience", why, !deferred); n != nil {
		if d, ok := b.dist(n, join(path, "patience"), distOpts{infinite: true}); ok {
			c.Patience = &d
			b.plausiblePatience(n, join(path, "patience"), d)
		}
	}
	if n := onlyFor("lines", why, !deferred); n != nil {
		c.Lines, _ = b.integer(n, join(path, "lines"), 0, maxLines)
	}
	chatOnly := "only chat agents hold several contacts at once"
	if n := onlyFor("concurrency", chatOnly, c.Kind == sim.Chat); n != nil {
		c.Concurrency, _ = b.integer(n, join(path, "concurrency"), 1, maxConcurrency)
	}
	if n := onlyFor("slowdown", chatOnly, c.Kind == sim.Chat); n != nil {
		c.Slowdown, _ = b.fraction(n, join(path, "slowdown"), 10)
	}
	if n := onlyFor("follow_ups", "real-time customers do not write while they wait", deferred); n != nil {
		c.FollowUp = b.followUps(n, join(path, "follow_ups"))
	}
	if n, p := o.get("target"); n != nil {
		c.Target, _ = b.target(n, p, kindOK && deferred)
	}
	if n, p := o.get("classes"); n != nil {
		c.Classes = b.classes(n, p, c.Target, kindOK && deferred)
	}
	if n, p := o.get("switch"); n != nil {
		c.Switch = b.channelSwitch(self, n, p)
	}
	if n, p := o.get("hours"); n != nil {
		c.Hours = b.hours(n, p)
		if c.Hours != nil && kindOK && !deferred {
			an, _ := o.get("arrivals")
			b.arrivalsWhileOpen(&c, an, join(path, "arrivals"))
		}
	}
	if n := onlyFor("redial", "deferred requests are never blocked and never abandon", !deferred); n != nil {
		c.Redial = b.redial(n, join(path, "redial"))
	}
	if n, p := o.get("self_service"); n != nil {
		c.SelfService = b.selfService(n, p)
	}
	if n := onlyFor("callback", "deferred requests wait in a backlog, not on hold", !deferred); n != nil {
		c.Callback = b.callback(n, join(path, "callback"))
	}
	if n, p := o.get("handle_by_time"); n != nil {
		c.HandleByTime = b.handleByTime(n, p)
	}
	return c
}

// selfService reads the share of arrivals that try self-service, the
// share of those that fail and come through, their delay and the cost of
// a self-served contact.
func (b *builder) selfService(n *yaml.Node, path string) *sim.SelfService {
	o, ok := b.mapping(n, path, "self_service")
	if !ok {
		return nil
	}
	// Every key is checked even without a share, so that one pass reports
	// every mistake.
	good := o.require("share")
	s := &sim.SelfService{Delay: sim.Const(0)}
	good = readOptional(o, "share", &s.Share, b.share) && good
	good = readOptional(o, "fail", &s.Fail, b.share) && good
	good = readOptional(o, "delay", &s.Delay, func(n *yaml.Node, p string) (sim.Dist, bool) { return b.dist(n, p, distOpts{}) }) && good
	good = readOptional(o, "cost", &s.Cost, func(n *yaml.Node, p string) (float64, bool) { return b.nonNegative(n, p, maxCost) }) && good
	if !good {
		return nil
	}
	return s
}

var callbackWhen = []string{"expected_wait", "waited"}

// callback reads when a callback is offered, who accepts it, and how
// callbacks are served.
func (b *builder) callback(n *yaml.Node, path string) *sim.Callback {
	o, ok := b.mapping(n, path, "callback")
	if !ok {
		return nil
	}
	good := o.require("threshold", "accept") // and check the rest anyway
	cb := &sim.Callback{KeepPlace: true, Ahead: math.Inf(1)}
	if wn, wp := o.get("when"); wn != nil {
		if w, ok := b.str(wn, wp); ok {
			switch w {
			case "expected_wait":
			case "waited":
				cb.OnWait = true
			default:
				b.add(wn, wp, b.didYouMean(w, callbackWhen), "unknown callback rule %q (expected_wait or waited)", w)
				good = false
			}
		} else {
			good = false
		}
	}
	good = readOptional(o, "threshold", &cb.Threshold, b.duration) && good
	good = readOptional(o, "accept", &cb.Accept, b.acceptCurve) && good
	good = readOptional(o, "keep_place", &cb.KeepPlace, b.boolean) && good
	if fn, fp := o.get("first_after"); fn != nil {
		if cb.KeepPlace {
			b.add(o.at["first_after"], path, "set keep_place: false for a queue of callbacks", "%q applies only to callbacks in a queue of their own", "first_after")
			good = false
		} else {
			cb.Ahead, ok = b.duration(fn, fp)
			good = good && ok
		}
	}
	if pn, pp := o.get("promise"); pn != nil {
		cb.Promise, ok = b.duration(pn, pp)
		good = good && ok
		if ok && cb.Promise == 0 {
			b.errorf(resolve(pn), pp, "a promise must be longer than zero")
			good = false
		}
	}
	if !good {
		return nil
	}
	return cb
}

// acceptCurve reads the share of customers who accept a callback: one
// share for everyone, or [expected wait, share] points of increasing
// wait, linear between them.
func (b *builder) acceptCurve(n *yaml.Node, path string) ([]sim.AcceptPoint, bool) {
	if r := resolve(n); r.Kind != yaml.SequenceNode {
		v, ok := b.share(n, path)
		return []sim.AcceptPoint{{Wait: 0, Share: v}}, ok
	}
	items, ok := b.list(n, path, maxAcceptPoints)
	if !ok {
		return nil, false
	}
	if len(items) == 0 {
		b.add(resolve(n), path, "write accept: 60%, or points like [[2m, 30%], [10m, 70%]]", "no acceptance share")
		return nil, false
	}
	var out []sim.AcceptPoint
	good := true
	for i, item := range items {
		ip := index(path, i)
		pair, ok := b.list(item, ip, 2)
		if !ok || len(pair) != 2 {
			if ok {
				b.add(resolve(item), ip, "write [expected wait, share], like [2m, 30%]", "a point needs two values")
			}
			good = false
			continue
		}
		w, okW := b.duration(pair[0], index(ip, 0))
		v, okV := b.share(pair[1], index(ip, 1))
		if okW && len(out) > 0 && !(w > out[len(out)-1].Wait) {
			b.add(resolve(pair[0]), index(ip, 0), "list the points by increasing expected wait", "%s does not come after the wait before it", resolve(pair[0]).Value)
			okW = false
		}
		good = good && okW && okV
		out = append(out, sim.AcceptPoint{Wait: w, Share: v})
	}
	return out, good
}

// maxHandleFactor bounds a factor of handle_by_time.
const maxHandleFactor = 10

// handleByTime reads factors of the handle time by clock time: a mapping
// from "HH:MM" to a positive number, starting at 00:00, in order.
func (b *builder) handleByTime(n *yaml.Node, path string) []sim.ClockFactor {
	if resolve(n).Kind != yaml.MappingNode {
		b.add(n, path, `for example {"00:00": 0.8, "09:00": 1.1, "16:00": 0.9}`, "expected a mapping of clock times to handle-time factors, found %s", kindName(resolve(n)))
		return nil
	}
	times, tkeys, tvals, ok := b.entries(n, path, "handle-time factors")
	if !ok {
		return nil
	}
	if len(times) == 0 || len(times) > 96 {
		b.add(n, path, `for example {"00:00": 0.8, "09:00": 1.1, "16:00": 0.9}`, "handle_by_time needs 1 to 96 clock times, found %d", len(times))
		return nil
	}
	var out []sim.ClockFactor
	good := true
	for j, t := range times {
		p := join(path, t)
		at, err := parseClock(t)
		if err != nil || at >= 86400 {
			b.add(tkeys[j], path, clockHint+" before 24:00", "invalid clock time %q", t)
			good = false
			continue
		}
		switch {
		case j == 0 && at != 0:
			b.add(tkeys[j], path, `start with "00:00": a factor holds until the next time, every day`, "handle_by_time starts at %s, not 00:00", t)
			good = false
		case len(out) > 0 && float64(at) <= out[len(out)-1].At:
			b.add(tkeys[j], path, "list clock times in order", "%s does not come after the time before it", t)
			good = false
		}
		f, ok := b.nonNegative(tvals[j], p, maxHandleFactor)
		if ok && f == 0 {
			b.errorf(tvals[j], p, "a handle-time factor must be positive")
			ok = false
		}
		good = good && ok
		out = append(out, sim.ClockFactor{At: float64(at), Factor: f})
	}
	if !good {
		return nil
	}
	return out
}

// dayHours is a channel's opening time on one day; closed days have none.
type dayHours struct {
	from, to int // seconds after midnight
	closed   bool
}

// hours reads opening hours, the same every day or by weekday, and lays
// them over the horizon as windows (adjacent days' windows joined).
func (b *builder) hours(n *yaml.Node, path string) []sim.Window {
	var days [7]dayHours
	ok := false
	if isHoursMapping(n) {
		var h dayHours
		h, ok = b.dayHours(n, path)
		for i := range days {
			days[i] = h
		}
	} else {
		days, ok = byDay(b, n, path, b.dayHours)
	}
	if !ok || !b.sized {
		return nil
	}
	return layHours(days, b.days(), float64(b.intervals)*b.s.IntervalSeconds, b.s.StartWeekday)
}

// layHours lays the opening hours of each weekday over a horizon of days
// starting on startWeekday, cut at the horizon's end, as windows (adjacent
// days' windows joined).
func layHours(days [7]dayHours, ndays int, horizon float64, startWeekday int) []sim.Window {
	var out []sim.Window
	for d := range ndays {
		h := days[(startWeekday+d)%7]
		if h.closed {
			continue
		}
		from := float64(d)*86400 + float64(h.from)
		to := min(float64(d)*86400+float64(h.to), horizon)
		if from >= to {
			continue
		}
		if k := len(out); k > 0 && out[k-1].To == from {
			out[k-1].To = to
			continue
		}
		out = append(out, sim.Window{From: from, To: to})
	}
	if out == nil {
		// Closed throughout: an empty window list, not nil (always open).
		out = []sim.Window{}
	}
	return out
}

// isHoursMapping tells {from, to} (the same hours every day) from a
// mapping by weekday.
func isHoursMapping(n *yaml.Node) bool {
	r := resolve(n)
	if r.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(r.Content); i += 2 {
		if k := r.Content[i].Value; k == "from" || k == "to" {
			return true
		}
	}
	return false
}

// dayHours reads one day's hours: {from: "07:00", to: "19:00"}, or closed.
func (b *builder) dayHours(n *yaml.Node, path string) (dayHours, bool) {
	if r := resolve(n); r.Kind == yaml.ScalarNode {
		if r.Value == "closed" {
			return dayHours{closed: true}, true
		}
		b.add(r, path, `write {from: "07:00", to: "19:00"} or closed`, "invalid opening hours %s", kindName(r))
		return dayHours{}, false
	}
	o, ok := b.mapping(n, path, "hours")
	if !ok || !o.require("from", "to") {
		return dayHours{}, false
	}
	from, okF := b.clock(o.get("from"))
	tn, tp := o.get("to")
	to, okT := b.clock(tn, tp)
	if !okF || !okT {
		return dayHours{}, false
	}
	if to <= from {
		b.add(resolve(tn), tp, "hours end on the day they start; use 24:00 for midnight", "closing time %s is not after opening time", resolve(tn).Value)
		return dayHours{}, false
	}
	return dayHours{from: from, to: to}, true
}

// redial reads the share of blocked and abandoned customers who try again
// and their delay.
func (b *builder) redial(n *yaml.Node, path string) *sim.Redial {
	o, ok := b.mapping(n, path, "redial")
	if !ok || !o.require("share", "delay") {
		return nil
	}
	sn, sp := o.get("share")
	share, okS := b.share(sn, sp)
	if okS && share >= 1 {
		b.add(resolve(sn), sp, "below 100%, so that the retries end", "a redial share of %s never ends", resolve(sn).Value)
		okS = false
	}
	dn, dp := o.get("delay")
	delay, okD := b.dist(dn, dp, distOpts{})
	if !okS || !okD {
		return nil
	}
	return &sim.Redial{Share: share, Delay: delay}
}

func (b *builder) arrivals(n *yaml.Node, path string) (a sim.Arrivals) {
	o, ok := b.mapping(n, path, "arrivals")
	if !ok {
		return a
	}
	form := o.exclusive("per_day", "per_interval", "file")
	if form == "" {
		b.add(o.n, path, "give per_day with a profile, per_interval, or file", "no arrivals given")
		return a
	}
	if o.has("profile") && form != "per_day" {
		b.add(o.at["profile"], path, "a profile spreads per_day over the clock", "%q applies only with per_day", "profile")
	}
	for _, key := range []string{"dispersion", "day_cv"} {
		if o.has(key) && form == "file" {
			b.add(o.at[key], path, "recorded arrivals are replayed as they were", "%q applies only to per_day or per_interval", key)
		}
	}
	// Read last, into the arrivals returned: the forms return early.
	defer func() {
		if form == "file" {
			return
		}
		if n, p := o.get("dispersion"); n != nil {
			if v, ok := b.nonNegative(n, p, 1e6); ok {
				if v < 1 {
					b.add(resolve(n), p, "1 is Poisson; the Anonymous Bank's half-hours show about 4", "a dispersion below 1 (%v) is less variable than Poisson", v)
				} else {
					a.Dispersion = v
				}
			}
		}
		if n, p := o.get("day_cv"); n != nil {
			a.DayCV, _ = b.fraction(n, p, 10)
		}
	}()
	switch form {
	case "per_day":
		if !o.require("profile") {
			return a
		}
		vn, vp := o.get("per_day")
		volumes, okV := byDay(b, vn, vp, func(n *yaml.Node, p string) (float64, bool) {
			return b.nonNegative(n, p, maxVolume)
		})
		pn, pp := o.get("profile")
		profiles, okP := byDay(b, pn, pp, b.profileRef)
		if !okV || !okP || !b.sized {
			return a
		}
		a.Daily = &sim.DailyArrivals{Volume: volumes, Profile: profiles}
		a.Rates = a.Daily.Rates(b.step, b.intervals, b.s.StartWeekday)
	case "per_interval":
		n, p := o.get("per_interval")
		items, ok := b.list(n, p, maxIntervals)
		if !ok {
			return a
		}
		volumes := make([]float64, len(items))
		good := true
		for i, item := range items {
			v, ok := b.nonNegative(item, index(p, i), maxVolume)
			volumes[i], good = v, good && ok
		}
		if !good || !b.sized {
			return a
		}
		if !b.checkLength(n, p, len(volumes)) {
			return a
		}
		a.Rates = make([]float64, b.intervals)
		for i := range a.Rates {
			a.Rates[i] = volumes[i%len(volumes)] / b.step
		}
	case "file":
		n, p := o.get("file")
		if name, ok := b.str(n, p); ok && b.sized {
			a = b.arrivalFile(n, p, name)
		}
	}
	return a
}

// checkLength accepts a per-interval list that covers the horizon or one
// day (repeated each day).
func (b *builder) checkLength(n *yaml.Node, path string, got int) bool {
	if got == b.intervals || got == b.perDay {
		return true
	}
	b.add(resolve(n), path, "give one value per interval of the horizon, or of one day to repeat each day",
		"%d values for %d intervals (%d per day)", got, b.intervals, b.perDay)
	return false
}

func (b *builder) profileRef(n *yaml.Node, path string) (*sim.Profile, bool) {
	name, ok := b.str(n, path)
	if !ok {
		return nil, false
	}
	p, ok := b.profiles[name]
	if !ok {
		hint := ""
		if !b.full() {
			var names []string
			for k := range b.profiles {
				names = append(names, k)
			}
			slices.Sort(names)
			hint = didYouMean(name, names)
		}
		b.add(n, path, hint, "unknown profile %q", name)
	}
	return p, ok
}

// byDay reads a value that may differ by weekday: either one value for
// every day, or a mapping from day keys (mon ... sun, weekday, weekend).
// It checks that every weekday in the horizon gets a value.
func byDay[T any](b *builder, n *yaml.Node, path string, read func(*yaml.Node, string) (T, bool)) (out [7]T, ok bool) {
	r := resolve(n)
	if r.Kind != yaml.MappingNode {
		v, ok := read(n, path)
		for i := range out {
			out[i] = v
		}
		return out, ok
	}
	o, ok := b.mapping(n, path, "days")
	if !ok {
		return out, false
	}
	var set [7]bool
	ok = !b.failedIn(o)
	// Groups first, so that a weekday's own key overrides its group.
	for _, key := range []string{"weekday", "weekend", "mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		vn, vp := o.get(key)
		if vn == nil {
			continue
		}
		v, good := read(vn, vp)
		ok = ok && good
		for _, wd := range dayKeyWeekdays(key) {
			out[wd], set[wd] = v, true
		}
	}
	if !ok || !b.sized {
		return out, ok
	}
	for d := 0; d < min(b.days(), 7); d++ {
		wd := b.weekday(d)
		if !set[wd] {
			short := weekdayName(wd)[:3]
			group := "weekday"
			if wd == time.Saturday || wd == time.Sunday {
				group = "weekend"
			}
			b.add(r, path, "add "+short+" or "+group, "no value for %s, which is in the horizon", weekdayName(wd))
			ok = false
		}
	}
	return out, ok
}

// failedIn reports whether mapping o had unknown or duplicate keys; they
// were reported when o was read.
func (b *builder) failedIn(o *object) bool {
	return len(o.keys)*2 != len(o.n.Content)
}

func dayKeyWeekdays(key string) []time.Weekday {
	switch key {
	case "weekday":
		return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	case "weekend":
		return []time.Weekday{time.Saturday, time.Sunday}
	}
	wd, _ := parseWeekday(key)
	return []time.Weekday{wd}
}

// distOpts says what a distribution may be used for.
type distOpts struct {
	positive bool // the mean must be above zero (handle time)
	infinite bool // probability may be left at infinity (patience: never abandons)
}

var distWords = []string{"exponential", "lognormal", "gamma", "fixed", "uniform", "empirical"}

// distParams are the keys each family takes, required first.
var distParams = map[string]struct{ required, optional []string }{
	"exponential": {required: []string{"mean"}},
	"lognormal":   {required: []string{"mean", "cv"}},
	"gamma":       {required: []string{"mean", "cv"}},
	"fixed":       {required: []string{"value"}},
	"uniform":     {required: []string{"min", "max"}},
	"empirical":   {optional: []string{"points", "file", "tail_mean"}},
}

// dist reads a duration distribution: a bare duration is exponential with
// that mean (the Erlang assumption); a mapping names its family with dist.
func (b *builder) dist(n *yaml.Node, path string, opts distOpts) (sim.Dist, bool) {
	r := resolve(n)
	if r.Kind == yaml.ScalarNode {
		mean, ok := b.duration(n, path)
		if ok && opts.positive && mean == 0 {
			b.errorf(r, path, "must be longer than zero")
			return sim.Dist{}, false
		}
		return sim.Exp(mean), ok
	}
	o, ok := b.mapping(n, path, "dist")
	if !ok || !o.require("dist") {
		return sim.Dist{}, false
	}
	kn, kp := o.get("dist")
	kind, ok := b.str(kn, kp)
	if !ok {
		return sim.Dist{}, false
	}
	params, ok := distParams[kind]
	if !ok {
		b.add(kn, kp, b.didYouMean(kind, distWords), "unknown distribution %q", kind)
		return sim.Dist{}, false
	}
	good := o.require(params.required...)
	for _, key := range o.keys {
		if key != "dist" && !slices.Contains(params.required, key) && !slices.Contains(params.optional, key) {
			b.errorf(o.at[key], path, "%q does not apply to %s %s distribution", key, article(kind), kind)
			good = false
		}
	}
	if !good {
		return sim.Dist{}, false
	}
	dur := func(key string) float64 {
		n, p := o.get(key)
		v, ok := b.duration(n, p)
		good = good && ok
		return v
	}
	var d sim.Dist
	switch kind {
	case "exponential":
		d = sim.Exp(dur("mean"))
	case "fixed":
		d = sim.Const(dur("value"))
	case "lognormal", "gamma":
		d = sim.Dist{Kind: sim.LogNormal, Mean: dur("mean")}
		if kind == "gamma" {
			d.Kind = sim.Gamma
		}
		cn, cp := o.get("cv")
		cv, ok := b.number(cn, cp)
		if ok && !(cv > 0 && cv <= 100) {
			b.errorf(cn, cp, "cv must be above 0 and at most 100, found %v", cv)
			ok = false
		}
		d.CV, good = cv, good && ok
		if good && d.Mean == 0 {
			mn, mp := o.get("mean")
			b.errorf(mn, mp, "a %s mean must be longer than zero", kind)
			return d, false
		}
	case "uniform":
		d = sim.Dist{Kind: sim.Uniform, Min: dur("min"), Max: dur("max")}
		if good && d.Max < d.Min {
			mn, mp := o.get("max")
			b.errorf(mn, mp, "max is less than min")
			return d, false
		}
	case "empirical":
		d, good = b.empirical(o, path, opts)
	}
	if good && opts.positive && d.Average() == 0 {
		b.errorf(r, path, "the mean must be longer than zero")
		return d, false
	}
	return d, good
}

func (b *builder) empirical(o *object, path string, opts distOpts) (sim.Dist, bool) {
	d := sim.Dist{Kind: sim.Empirical}
	form := o.exclusive("points", "file")
	if form == "" {
		b.add(o.n, path, "points: [[0s, 0], [2m, 0.5], [10m, 1]] or file: handle.csv", "an empirical distribution needs points or file")
		return d, false
	}
	good := true
	if n, p := o.get("tail_mean"); n != nil {
		d.TailMean, good = b.duration(n, p)
	}
	var at *yaml.Node
	switch form {
	case "points":
		n, p := o.get("points")
		at = resolve(n)
		items, ok := b.list(n, p, maxPoints)
		if !ok {
			return d, false
		}
		for i, item := range items {
			ip := index(p, i)
			pair, ok := b.list(item, ip, 2)
			if !ok {
				good = false
				continue
			}
			if len(pair) != 2 {
				b.add(resolve(item), ip, "write [duration, probability], like [2m, 50%]", "a point needs two values")
				good = false
				continue
			}
			x, okX := b.duration(pair[0], index(ip, 0))
			q, okQ := b.share(pair[1], index(ip, 1))
			good = good && okX && okQ
			d.Points = append(d.Points, sim.CDFPoint{X: x, P: q})
		}
	case "file":
		n, p := o.get("file")
		at = resolve(n)
		name, ok := b.str(n, p)
		if !ok {
			return d, false
		}
		pts, ok := b.empiricalFile(n, p, name)
		d.Points, good = pts, good && ok
	}
	if !good {
		return d, false
	}
	p := join(path, form)
	switch {
	case len(d.Points) < 2:
		b.errorf(at, p, "an empirical distribution needs at least two points")
		return d, false
	case d.Points[0].P != 0:
		b.add(at, p, "start with the shortest time, at probability 0", "the first point must have probability 0")
		return d, false
	}
	for i := 1; i < len(d.Points); i++ {
		if d.Points[i].X < d.Points[i-1].X || d.Points[i].P < d.Points[i-1].P {
			b.errorf(at, index(p, i), "times and probabilities must not decrease")
			return d, false
		}
	}
	if last := d.Points[len(d.Points)-1]; last.P < 1 && d.TailMean == 0 && !opts.infinite {
		b.add(at, p, "end at probability 1, or give tail_mean for the rest", "the last point has probability %v, so some durations would be endless", last.P)
		return d, false
	}
	return d, true
}

// target reads a service target; deferred channels cannot have an
// abandonment target.
func (b *builder) target(n *yaml.Node, path string, deferred bool) (sim.Target, bool) {
	var t sim.Target
	o, ok := b.mapping(n, path, "target")
	if !ok {
		return t, false
	}
	good := true
	if o.has("answered") != o.has("within") {
		b.add(o.n, path, "write answered: 80% with within: 20s", "answered and within go together")
		good = false
	}
	if n, p := o.get("answered"); n != nil {
		v, ok := b.share(n, p)
		t.Goal, good = v, good && ok
	}
	if n, p := o.get("within"); n != nil {
		v, ok := b.duration(n, p)
		if ok && v == 0 {
			// The model reads a target time of 0 as no service-level
			// target: the plan would drop it and report every target met.
			b.add(resolve(n), p, "for contacts answered at once, write within: 1s", "a target time of 0s cannot be checked: give a time above 0")
			ok = false
		}
		t.Threshold, good = v, good && ok
		if ok && deferred {
			b.plausibleDeferredTarget(n, p, v)
		}
	}
	if n, p := o.get("asa"); n != nil {
		v, ok := b.duration(n, p)
		t.ASA, good = v, good && ok
	}
	if n, p := o.get("max_abandon"); n != nil {
		if deferred {
			b.add(o.at["max_abandon"], path, "deferred requests never abandon", "%q does not apply to a deferred channel", "max_abandon")
			good = false
		} else {
			v, ok := b.share(n, p)
			t.MaxAbandon, good = v, good && ok
		}
	}
	return t, good
}

// classes reads priority classes, highest priority first. A class without
// a target takes the channel's.
func (b *builder) classes(n *yaml.Node, path string, channelTarget sim.Target, deferred bool) []sim.Class {
	names, keys, vals, ok := b.entriesUpTo(n, path, "classes", maxClasses)
	if !ok {
		return nil
	}
	var out []sim.Class
	sum, good := 0.0, true
	for i, name := range names {
		p := join(path, name)
		good = b.name(keys[i], path, name) && good
		o, ok := b.mapping(vals[i], p, "class")
		if !ok || !o.require("share") {
			good = false
			continue
		}
		c := sim.Class{Name: name, Target: channelTarget}
		c.Share, ok = b.share(o.get("share"))
		good = good && ok
		if tn, tp := o.get("target"); tn != nil {
			c.Target, ok = b.target(tn, tp, deferred)
			good = good && ok
		}
		sum += c.Share
		out = append(out, c)
	}
	if !good {
		return nil
	}
	if math.Abs(sum-1) > 1e-6 {
		b.add(resolve(n), path, "the classes split the channel's arrivals", "class shares add up to %.6g%%, not 100%%", sum*100)
		return nil
	}
	// Shares written as percentages may miss 1 by rounding; the engine
	// wants them to sum to 1 exactly.
	for i := range out {
		out[i].Share /= sum
	}
	return out
}

func (b *builder) channelSwitch(self int, n *yaml.Node, path string) *sim.Switch {
	o, ok := b.mapping(n, path, "switch")
	if !ok || !o.require("after", "share", "to") {
		return nil
	}
	after, okA := b.duration(o.get("after"))
	share, okS := b.share(o.get("share"))
	tn, tp := o.get("to")
	to, okT := b.channelRef(tn, tp)
	if okT && to == self {
		b.add(tn, tp, "name another channel", "a customer cannot switch to the channel they wait in")
		okT = false
	}
	if !okA || !okS || !okT {
		return nil
	}
	return &sim.Switch{Threshold: after, Share: share, To: to}
}

// followUps reads duplicate messages: one every so often per waiting
// customer (a Poisson rate), each adding work.
func (b *builder) followUps(n *yaml.Node, path string) *sim.FollowUp {
	o, ok := b.mapping(n, path, "follow_ups")
	if !ok || !o.require("every", "work") {
		return nil
	}
	en, ep := o.get("every")
	every, okE := b.duration(en, ep)
	if okE && every == 0 {
		b.errorf(en, ep, "must be longer than zero")
		okE = false
	}
	wn, wp := o.get("work")
	work, okW := b.dist(wn, wp, distOpts{})
	if !okE || !okW {
		return nil
	}
	return &sim.FollowUp{Rate: 1 / every, Work: work}
}
