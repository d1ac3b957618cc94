package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	// Compiling checks the schema against the draft 2020-12 meta-schema.
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// yamlAsJSON turns YAML text into the JSON value a schema validator takes.
func yamlAsJSON(t *testing.T, text []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(text, &v); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

func TestSchemaValidatesExamples(t *testing.T) {
	s := compileSchema(t)
	for _, f := range examples(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("# yaml-language-server: $schema=./schema.json\n")) && f != "starter.yaml" {
			t.Errorf("%s does not start with the schema modeline", f)
		}
		if err := s.Validate(yamlAsJSON(t, data)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// The schema must reject what the loader rejects for its shape, or it
// checks nothing.
func TestSchemaRejectsBadShapes(t *testing.T) {
	s := compileSchema(t)
	base := "channels:\n  phone:\n    kind: call\n    arrivals: {per_day: 10, profile: phone}\n    handle: %s\ngroups:\n  g: {skills: [phone], staffing: [1]}\n"
	for _, handle := range []string{"4 min", "-3", "{dist: lognormal, mean: 4m}", "{dist: normal, mean: 4m}", "{mean: 4m}"} {
		text := []byte(fmt.Sprintf(base, handle))
		if err := s.Validate(yamlAsJSON(t, text)); err == nil {
			t.Errorf("handle %s: schema accepts it", handle)
		}
		if _, err := Parse("x.yaml", text); err == nil {
			t.Errorf("handle %s: loader accepts it", handle)
		}
	}
	for _, handle := range []string{"4m", "1h30m", "90", "2.5s", "{dist: fixed, value: 30s}"} {
		if err := s.Validate(yamlAsJSON(t, []byte(fmt.Sprintf(base, handle)))); err != nil {
			t.Errorf("handle %s: %v", handle, err)
		}
	}
	if err := s.Validate(yamlAsJSON(t, []byte(fmt.Sprintf(base, "4m")+"seeds: 2\n"))); err == nil {
		t.Error("schema accepts an unknown top-level key")
	}
}

// schemaDefKeySet names the loader key set behind each schema definition
// whose name differs from it.
var schemaDefKeySet = map[string]string{
	"days_volume": "days", "days_profile": "days", "days_staffing": "days", "days_hours": "days",
}

func TestSchemaKeysMatchLoaderKeys(t *testing.T) {
	data, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]any `json:"properties"`
		Defs       map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	check := func(def, set string, props map[string]any) {
		want, ok := keySets[set]
		if !ok {
			t.Errorf("schema definition %q has no key set %q in the loader", def, set)
			return
		}
		covered[set] = true
		got := make([]string, 0, len(props))
		for k := range props {
			got = append(got, k)
		}
		sort.Strings(got)
		w := slices.Clone(want)
		sort.Strings(w)
		if !slices.Equal(got, w) {
			t.Errorf("%s: schema keys %v, loader keys %v", def, got, w)
		}
	}
	check("(root)", "scenario", schema.Properties)
	for name, def := range schema.Defs {
		if def.Properties == nil {
			continue
		}
		set := name
		if s, ok := schemaDefKeySet[name]; ok {
			set = s
		}
		check(name, set, def.Properties)
	}
	for set := range keySets {
		if !covered[set] {
			t.Errorf("loader key set %q has no schema definition", set)
		}
	}
}
