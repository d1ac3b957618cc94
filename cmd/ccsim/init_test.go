package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
)

func TestInitWritesAStarterThatValidates(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "scenario.yaml")
	code, out, errOut := run(t, "", "init", file)
	if code != 0 || out != "wrote "+file+"\n" {
		t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
	}
	if _, err := scenarios.Load(file); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := run(t, "", "validate", file); code != 0 {
		t.Errorf("validate of the starter: exit %d", code)
	}
	// It keeps what exists unless told otherwise.
	if err := os.WriteFile(file, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = run(t, "", "init", file)
	if code != 2 || !strings.Contains(errOut, "exists; use --force") {
		t.Errorf("overwrite without --force: exit %d, %q", code, errOut)
	}
	if data, _ := os.ReadFile(file); string(data) != "mine\n" {
		t.Error("the existing file was changed")
	}
	if code, _, _ := run(t, "", "init", "--force", file); code != 0 {
		t.Errorf("--force: exit %d", code)
	}
	if data, _ := os.ReadFile(file); string(data) != string(scenarios.StarterYAML()) {
		t.Error("--force did not write the starter")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left %d files behind, want 1", len(entries))
	}
}

func TestInitDefaultNameStdoutAndSchema(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, _, _ := run(t, "", "init"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if _, err := os.Stat("scenario.yaml"); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run(t, "", "init", "-")
	if code != 0 || out != string(scenarios.StarterYAML()) {
		t.Errorf("init -: exit %d", code)
	}
	code, _, _ = run(t, "", "init", "--schema", "plan.yaml")
	if code != 0 {
		t.Fatalf("--schema: exit %d", code)
	}
	data, _ := os.ReadFile("plan.yaml")
	schema, _ := os.ReadFile("schema.json")
	if !strings.HasPrefix(string(data), "# yaml-language-server: $schema=./schema.json\n") || string(schema) != string(scenarios.SchemaJSON()) {
		t.Error("--schema did not write the modeline and schema.json")
	}
	if _, err := scenarios.Load("plan.yaml"); err != nil {
		t.Error(err)
	}
	// schema.json exists now: a second --schema refuses before writing.
	code, _, errOut := run(t, "", "init", "--schema", "other.yaml")
	if code != 2 || !strings.Contains(errOut, "schema.json exists") {
		t.Errorf("exit %d, %q", code, errOut)
	}
	if _, err := os.Stat("other.yaml"); err == nil {
		t.Error("other.yaml was written although the command refused")
	}
	if code, _, _ := run(t, "", "init", "a.yaml", "b.yaml"); code != 2 {
		t.Errorf("two files: exit %d, want 2", code)
	}
}

// TestHelpHasExamples: each command's help exits 0 with examples, and
// says what a reader of it most needs (a flag, or an example's line).
func TestHelpHasExamples(t *testing.T) {
	for _, c := range []struct{ cmd, want string }{
		{"validate", ""},
		{"init", ""},
		{"backtest", "--erlang-patience"},
		{"calibrate", "--agent-gap"},
		{"check", "--baseline"},
		{"erlang", "--patience"},
		{"forecast", "--evaluate"},
		{"plan", "ccsim plan center.yaml --budget 450"},
	} {
		code, out, _ := run(t, "", c.cmd, "--help")
		if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, c.want) {
			t.Errorf("%s --help: exit %d, want examples and %q\n%s", c.cmd, code, c.want, out)
		}
	}
}
