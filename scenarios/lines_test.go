package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyLines(t *testing.T) {
	got := KeyLines("default.yaml")
	s, err := Load("default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile("default.yaml")
	lines := strings.Split(string(data), "\n")
	check := func(path, text string) {
		t.Helper()
		n := got[path]
		if n < 1 || n > len(lines) || lines[n-1] != text {
			t.Errorf("%s: line %d, want the line %q", path, n, text)
		}
	}
	check("channels", "channels:")
	check("groups", "groups:")
	for _, c := range s.Channels {
		check("channels."+c.Name, "  "+c.Name+":")
	}
	for _, g := range s.Groups {
		check("groups."+g.Name, "  "+g.Name+":")
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("channels: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if l := KeyLines(bad); len(l) != 0 {
		t.Errorf("broken file: %v", l)
	}
	if l := KeyLines(filepath.Join(t.TempDir(), "missing.yaml")); len(l) != 0 {
		t.Errorf("missing file: %v", l)
	}
}
