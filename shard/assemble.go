package shard

import (
	"fmt"
	"slices"
	"strings"
)

// Named is a shard file and the name it was read from, for messages.
type Named struct {
	Name string
	*File
}

// Assemble checks that shards are the Count parts of one run, each given
// once and written by this version of ccsim, and returns them in part
// order. It refuses, with a message naming the files, shards of
// different runs (another command or arguments, seed, replications,
// model or input), a part given twice, and a part missing.
func Assemble(shards []Named, version string) ([]Named, error) {
	if len(shards) == 0 {
		return nil, fmt.Errorf("no shard files given")
	}
	first := shards[0]
	for _, s := range shards {
		if s.Version != version {
			return nil, fmt.Errorf("%s was written by ccsim %s, and this is ccsim %s: merge with the version that ran the shards",
				s.Name, s.Version, version)
		}
		if what := differs(first.File, s.File); what != "" {
			return nil, fmt.Errorf("%s and %s are parts of different runs: %s", first.Name, s.Name, what)
		}
	}
	byIndex := map[int]Named{}
	for _, s := range shards {
		if d, dup := byIndex[s.Index]; dup {
			return nil, fmt.Errorf("shard %d/%d is given twice: %s and %s", s.Index, s.Count, d.Name, s.Name)
		}
		byIndex[s.Index] = s
	}
	var missing []string
	for k := 1; k <= first.Count; k++ {
		if _, ok := byIndex[k]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", k, first.Count))
		}
	}
	if len(missing) > 0 {
		word := "shard"
		if len(missing) > 1 {
			word = "shards"
		}
		if len(missing) > 10 {
			missing = append(missing[:10], fmt.Sprintf("and %d more", len(missing)-10))
		}
		return nil, fmt.Errorf("%s %s missing: a merge needs all %d parts", word, strings.Join(missing, ", "), first.Count)
	}
	out := slices.Clone(shards)
	slices.SortFunc(out, func(a, b Named) int { return a.Index - b.Index })
	return out, nil
}

// differs says how b is not a part of the same run as a, or "" when it
// is.
func differs(a, b *File) string {
	short := func(h string) string { return "sha256:" + h[:min(12, len(h))] + "…" }
	switch {
	case a.Command != b.Command:
		return fmt.Sprintf("ccsim %s against ccsim %s", a.Command, b.Command)
	case !slices.Equal(a.Args, b.Args):
		return fmt.Sprintf("the arguments differ (%s against %s)", strings.Join(a.Args, " "), strings.Join(b.Args, " "))
	case a.Count != b.Count:
		return fmt.Sprintf("split into %d against %d shards", a.Count, b.Count)
	case a.Seed != b.Seed:
		return fmt.Sprintf("seed %d against %d", a.Seed, b.Seed)
	case a.Replications != b.Replications:
		return fmt.Sprintf("%d against %d replications", a.Replications, b.Replications)
	case len(a.Inputs) != len(b.Inputs):
		return fmt.Sprintf("%d against %d input files", len(a.Inputs), len(b.Inputs))
	}
	for i := range a.Inputs {
		x, y := a.Inputs[i], b.Inputs[i]
		if x.Name != y.Name || x.Hash() != y.Hash() {
			return fmt.Sprintf("input %q (%s) against %q (%s)", x.Name, short(x.Hash()), y.Name, short(y.Hash()))
		}
	}
	switch {
	case a.Model != b.Model:
		return fmt.Sprintf("the model simulated differs (%s against %s): a data file the scenario reads differs", short(a.Model), short(b.Model))
	case a.Unit != b.Unit || a.Total != b.Total || a.Width != b.Width:
		return fmt.Sprintf("%d %s of %d values against %d %s of %d", a.Total, a.Unit, a.Width, b.Total, b.Unit, b.Width)
	}
	return ""
}
