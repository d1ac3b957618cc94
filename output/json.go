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
// sim.Metric.Key, in metric order.
type values sim.Values

func (v values) MarshalJSON() ([]byte, error) {
	return statObject(v[:], func(i int) string { return sim.Metric(i).Key() }), nil
}

// groupValues are a group's metrics in JSON, keyed by
// sim.GroupMetric.Key.
type groupValues sim.GroupValues

func (v groupValues) MarshalJSON() ([]byte, error) {
	return statObject(v[:], func(i int) string { return sim.GroupMetric(i).Key() }), nil
}

func statObject(stats []sim.Stat, key func(int) string) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, s := range stats {
		if i > 0 {
			b.WriteByte(',')
		}
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
