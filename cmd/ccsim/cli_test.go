package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// run executes the CLI in-process and returns its exit code and output.
// stdin stands in for standard input; the environment is empty.
func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return invoke(context.Background(), nil, stdin, args...)
}

// runOK runs the CLI as run does and fails the test unless it exits 0;
// it returns the standard output.
func runOK(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	code, out, errOut := run(t, stdin, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	return out
}

// csvRows reads a CSV document whose header must be header.
func csvRows(t *testing.T, doc, header string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(doc)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != header {
		t.Errorf("csv header %v", rows[0])
	}
	return rows
}

// invoke executes the CLI on buffers, with ctx and the environment env.
func invoke(ctx context.Context, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	s := &streams{in: strings.NewReader(stdin), out: &out, err: &errOut, getenv: func(k string) string { return env[k] }}
	code = execute(ctx, s, args)
	return code, out.String(), errOut.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
}
