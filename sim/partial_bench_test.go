package sim

import (
	"context"
	"testing"
)

// BenchmarkMergeParts times what "ccsim merge" adds to a run: merging
// the 20 replications of a rich model from two parts, against
// BenchmarkRunRich, the run that simulates them (one worker).
func BenchmarkMergeParts(b *testing.B) {
	m := richModel()
	m.Replications = 20
	ctx := context.Background()
	p1, err := RunPartial(ctx, m, Options{Workers: 1}, 0, 10)
	if err != nil {
		b.Fatal(err)
	}
	p2, err := RunPartial(ctx, m, Options{Workers: 1}, 10, 20)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Merge(m, Options{}, []*Partial{p1, p2}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunRich is the baseline of BenchmarkMergeParts.
func BenchmarkRunRich(b *testing.B) {
	m := richModel()
	m.Replications = 20
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), m, Options{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
