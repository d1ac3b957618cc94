package output

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"

	"github.com/ccsim/ccsim/sim"
)

// writeJSON writes a document as indented JSON.
func writeJSON(w io.Writer, doc any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// stat is a sim.Stat in JSON: {"mean": m, "ci95": h, "n": n}, with null
// for undefined values.
type stat sim.Stat

func (s stat) MarshalJSON() ([]byte, error) {
	return []byte(`{"mean":` + jsonNumber(s.Mean) + `,"ci95":` + jsonNumber(s.HalfWidth) +
		`,"n":` + strconv.Itoa(s.N) + `}`), nil
}

// values are a channel's metrics in JSON: an object keyed by
// sim.Metric.Key, in metric order, without the metrics hidden.
type values struct {
	v    sim.Values
	hide *hidden
}

func (v values) MarshalJSON() ([]byte, error) {
	return statObject(v.v[:], func(i int) string { return sim.Metric(i).Key() },
		func(i int) bool { return v.hide != nil && v.hide.metric[i] }), nil
}

// groupValues are a group's metrics in JSON, keyed by
// sim.GroupMetric.Key, without the metrics hidden.
type groupValues struct {
	v    sim.GroupValues
	hide *hidden
}

func (v groupValues) MarshalJSON() ([]byte, error) {
	return statObject(v.v[:], func(i int) string { return sim.GroupMetric(i).Key() },
		func(i int) bool { return v.hide != nil && v.hide.group[i] }), nil
}

// hidden are the metrics a document leaves out: those of the model's
// breadth (self-service, callbacks, sites, absence, adherence) when the
// result has none of the behaviour, so that a scenario without them
// writes the document it wrote before they existed.
type hidden struct {
	metric [sim.NumMetrics]bool
	group  [sim.NumGroupMetrics]bool
}

// hiddenIn decides what to leave out from a result's figures: the
// channels' totals, the groups' totals and whether it has sites.
func hiddenIn(channels []sim.Values, groups []sim.GroupValues, sites bool) *hidden {
	any := func(m sim.Metric) bool {
		for i := range channels {
			if channels[i][m].Mean > 0 {
				return true
			}
		}
		return false
	}
	anyGroup := func(m sim.GroupMetric) bool {
		for i := range groups {
			if groups[i][m].Mean > 0 {
				return true
			}
		}
		return false
	}
	var h hidden
	if !any(sim.SelfServed) && !any(sim.SelfServiceFailed) {
		for _, m := range []sim.Metric{sim.SelfServed, sim.SelfServiceFailed, sim.SelfServiceCost, sim.CostPerContactBlended} {
			h.metric[m] = true
		}
	}
	if !any(sim.CallbacksOffered) {
		for _, m := range []sim.Metric{sim.CallbacksOffered, sim.CallbacksAccepted, sim.CallbacksMade, sim.CallbacksKept,
			sim.CallbackWait, sim.LiveASA} {
			h.metric[m] = true
		}
	}
	h.metric[sim.SiteOverflows] = !sites && !any(sim.SiteOverflows)
	h.group[sim.Absent] = !anyGroup(sim.Absent)
	h.group[sim.Away] = !anyGroup(sim.Away)
	return &h
}

// hiddenInResult is hiddenIn for a simulation's result.
func hiddenInResult(r *sim.Result) *hidden {
	return hiddenIn(each(r.Channels, func(c sim.ChannelResult) sim.Values { return c.Total }),
		each(r.Groups, func(g sim.GroupResult) sim.GroupValues { return g.Total }), len(r.Sites) > 0)
}

func statObject(stats []sim.Stat, key func(int) string, hide func(int) bool) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for i, s := range stats {
		if hide(i) {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(strconv.Quote(key(i)))
		b.WriteByte(':')
		j, _ := stat(s).MarshalJSON()
		b.Write(j)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// kind is a channel kind in JSON: its name.
type kind sim.Kind

func (k kind) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(sim.Kind(k).String())), nil }

// target is a channel's or class's targets in JSON.
type target sim.Target

func (t target) MarshalJSON() ([]byte, error) {
	return []byte(`{"threshold_seconds":` + jsonNumber(t.Threshold) + `,"goal":` + jsonNumber(t.Goal) +
		`,"asa_seconds":` + jsonNumber(t.ASA) + `,"max_abandon":` + jsonNumber(t.MaxAbandon) + `}`), nil
}

// each converts a list for a JSON document, keeping a nil list nil (null
// in JSON) and an empty one empty ([]).
func each[T, U any](in []T, f func(T) U) []U {
	if in == nil {
		return nil
	}
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// stats converts a list of statistics.
func stats(in []sim.Stat) []stat { return each(in, func(s sim.Stat) stat { return stat(s) }) }
