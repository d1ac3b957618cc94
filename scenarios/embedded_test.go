package scenarios

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// TestEmbeddedFiles checks what `ccsim init` writes: the starter scenario
// loads and builds a model, the schema is JSON, both are the files beside
// them, and callers get copies they cannot corrupt the embedded bytes
// through.
func TestEmbeddedFiles(t *testing.T) {
	s, err := Parse("starter.yaml", StarterYAML())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(SchemaJSON(), &schema); err != nil {
		t.Fatalf("schema: %v", err)
	}
	for name, got := range map[string][]byte{"starter.yaml": StarterYAML(), "schema.json": SchemaJSON()} {
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("embedded %s differs from the file", name)
		}
		got[0] ^= 0xff
	}
	if data := StarterYAML(); data[0] != '#' {
		t.Error("a caller's change reached the embedded starter")
	}
}
