package sim

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestMergeParts checks that a run split into parts, run apart and merged
// gives the Result of one run to the last bit (fmt prints every float in
// its shortest exact form), whatever the split and the order of the
// parts, spans included; and that Merge refuses a gap, an overlap and a
// part of another model.
func TestMergeParts(t *testing.T) {
	ctx := context.Background()
	m := richModel()
	m.Replications = 7
	opts := Options{Workers: 2, Spans: []Span{{From: 2, To: 5}}}
	whole, err := Run(ctx, m, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint(whole)
	part := func(from, to int) *Partial {
		t.Helper()
		p, err := RunPartial(ctx, m, Options{Workers: 1, Spans: opts.Spans}, from, to)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b, c, empty := part(0, 3), part(3, 4), part(4, 7), part(7, 7)
	for name, parts := range map[string][]*Partial{
		"in order":            {a, b, c},
		"out of order":        {c, a, b},
		"with an empty part":  {a, empty, b, c},
		"one part of all":     {part(0, 7)},
		"one per replication": {part(0, 1), part(1, 2), part(2, 3), part(3, 4), part(4, 5), part(5, 6), part(6, 7)},
	} {
		got, err := Merge(m, opts, parts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if fmt.Sprint(got) != want {
			t.Errorf("%s: the merged result differs from one run's", name)
		}
	}

	for name, tc := range map[string]struct {
		parts []*Partial
		want  string
	}{
		"a gap":         {[]*Partial{a, c}, "no part holds replication 3"},
		"a duplicate":   {[]*Partial{a, a, b, c}, "overlap"},
		"an overlap":    {[]*Partial{a, part(2, 4), b, c}, "overlap"},
		"too few":       {[]*Partial{a, b}, "no part holds replication 4"},
		"another shape": {[]*Partial{a, b, {From: 4, To: 7, Width: 3, Values: make([]float64, 9)}}, "another model"},
		"short values":  {[]*Partial{a, b, {From: 4, To: 7, Width: a.Width, Values: c.Values[1:]}}, "holds"},
		"out of range":  {[]*Partial{a, b, {From: 4, To: 9, Width: a.Width, Values: make([]float64, 5*a.Width)}}, "outside"},
	} {
		_, err := Merge(m, opts, tc.parts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
	if _, err := RunPartial(ctx, m, opts, 5, 9); err == nil {
		t.Error("RunPartial ran replications past the model's")
	}
}
