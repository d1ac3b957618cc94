package sim

import (
	"context"
	"fmt"
)

// Partial holds some of a run's replications, each one's measures kept
// apart rather than merged: a run spread over several machines runs one
// Partial on each, and Merge folds them, in replication order, into the
// Result that Run gives on one machine, to the byte.
type Partial struct {
	// From and To bound the replications held, [From, To).
	From, To int
	// Width is the number of measures of one replication; it depends on
	// the model's shape (channels, groups, intervals, flows) and on the
	// spans asked for, and lets Merge refuse a part of another model.
	Width int
	// Values holds the replications one after the other, Width values
	// each, NaN where a replication leaves a measure undefined.
	Values []float64
}

// RunPartial simulates replications [from, to) of m, as Run would
// simulate them, and returns their measures unmerged. opts are those of
// the run the part belongs to: the spans must be the same in every part.
// An empty range is a valid part with no replications.
func RunPartial(ctx context.Context, m *Model, opts Options, from, to int) (*Partial, error) {
	lay, err := prepare(m, opts)
	if err != nil {
		return nil, err
	}
	if from < 0 || to < from || to > m.Replications {
		return nil, fmt.Errorf("sim: replications [%d, %d) are not within the model's %d", from, to, m.Replications)
	}
	p := &Partial{From: from, To: to, Width: lay.size, Values: make([]float64, 0, (to-from)*lay.size)}
	err = replicate(ctx, m, opts, lay, from, to, func(v []float64) { p.Values = append(p.Values, v...) })
	if err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress(1)
	}
	return p, nil
}

// Merge folds parts that together hold replications 0 to m.Replications,
// each once, into the Result that Run(m, opts) gives: the same figures to
// the last bit, since replications are merged in the same order by the
// same code. Parts may come in any order; a gap, an overlap or a part of
// another shape is an error.
func Merge(m *Model, opts Options, parts []*Partial) (*Result, error) {
	lay, err := prepare(m, opts)
	if err != nil {
		return nil, err
	}
	byStart := map[int]*Partial{}
	for _, p := range parts {
		switch {
		case p.Width != lay.size:
			return nil, fmt.Errorf("sim: a part of %d measures per replication cannot merge into a run of %d: it is of another model", p.Width, lay.size)
		case p.From < 0 || p.To < p.From || p.To > m.Replications:
			return nil, fmt.Errorf("sim: a part holds replications [%d, %d), outside the model's %d", p.From, p.To, m.Replications)
		case len(p.Values) != (p.To-p.From)*p.Width:
			return nil, fmt.Errorf("sim: a part of replications [%d, %d) holds %d values, not %d", p.From, p.To, len(p.Values), (p.To-p.From)*p.Width)
		case p.From == p.To:
			continue // holds nothing
		}
		if q, dup := byStart[p.From]; dup {
			return nil, fmt.Errorf("sim: replications [%d, %d) and [%d, %d) overlap", q.From, q.To, p.From, p.To)
		}
		byStart[p.From] = p
	}
	mg := newMerger(m, lay)
	for next := 0; next < m.Replications; {
		p, ok := byStart[next]
		if !ok {
			return nil, fmt.Errorf("sim: no part holds replication %d", next)
		}
		delete(byStart, next)
		for k := range p.To - p.From {
			mg.add(p.Values[k*p.Width : (k+1)*p.Width])
		}
		next = p.To
	}
	for _, p := range byStart {
		// Left over: it starts inside a part already merged.
		return nil, fmt.Errorf("sim: replications [%d, %d) overlap another part", p.From, p.To)
	}
	return mg.result(), nil
}
