package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestValidateExamples(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	code, out, errOut := run(t, "", append([]string{"validate"}, files...)...)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	golden(t, "validate-examples.golden", out)
}

var position = regexp.MustCompile(`^[^:]+\.(yaml|csv):[0-9]+:[0-9]+: `)

func TestValidateBrokenFilesExitTwo(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/testdata/broken/*.yaml")
	if err != nil || len(files) < 30 {
		t.Fatalf("%d broken files: %v", len(files), err)
	}
	for _, f := range files {
		code, out, errOut := run(t, "", "validate", f)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", f, code)
		}
		if out != "" {
			t.Errorf("%s: printed %q on stdout", f, out)
		}
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if len(lines) < 2 || lines[len(lines)-1] != "ccsim: 1 of 1 file has problems" {
			t.Errorf("%s: stderr %q", f, errOut)
			continue
		}
		for _, l := range lines[:len(lines)-1] {
			if !position.MatchString(l) {
				t.Errorf("%s: %q names no file:line:column", f, l)
			}
		}
	}
}

func TestValidateMixedFiles(t *testing.T) {
	code, out, errOut := run(t, "", "validate", "../../scenarios/worked-example.yaml",
		"../../scenarios/testdata/broken/many-mistakes.yaml", "no-such-file.yaml")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	golden(t, "validate-mixed.golden", "stdout:\n"+out+"stderr:\n"+errOut)
}

func TestValidateStdinAndQuiet(t *testing.T) {
	data, err := os.ReadFile("../../scenarios/worked-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := run(t, string(data), "validate", "-")
	if code != 0 || out != "-: ok (1 channel, 1 group, 1 interval)\n" {
		t.Errorf("exit %d, out %q", code, out)
	}
	code, out, _ = run(t, "", "validate", "--quiet", "../../scenarios/default.yaml")
	if code != 0 || out != "" {
		t.Errorf("--quiet: exit %d, out %q", code, out)
	}
	code, _, errOut := run(t, "channels: [\n", "validate", "-")
	if code != 2 || !strings.HasPrefix(errOut, "-:2:1: invalid YAML") {
		t.Errorf("bad stdin: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := run(t, "", "validate"); code != 2 {
		t.Errorf("no files: exit %d, want 2", code)
	}
}
