package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readOnlyDir returns a folder that refuses new files: a folder made
// read-only, or, for root (whom permissions do not stop), /sys, whose file
// system refuses files anyone would create.
func readOnlyDir(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		d := filepath.Join(t.TempDir(), "ro")
		if err := os.Mkdir(d, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(d, 0o755) })
		return d
	}
	if f, err := os.CreateTemp("/sys", "ccsim-*"); err == nil {
		os.Remove(f.Name())
		t.Skip("no folder refuses files here: running as root, and /sys takes them")
	}
	return "/sys"
}

// TestUnwritableOutputs gives every command that writes a file or folder
// an output it cannot write: under a missing folder in /proc (which
// cannot be created), in a read-only folder, and a folder where a file is
// wanted (a file where a folder is). Each must exit 2 with the path in its
// message before it simulates or reads a log: the context is cancelled
// from the start, so a command that simulated first would report an
// interruption (exit 130) instead. Nothing may be printed on standard
// output, and no folder is left behind.
func TestUnwritableOutputs(t *testing.T) {
	tmp := t.TempDir()
	center := variant(t, tmp, "center.yaml")
	aFile := filepath.Join(tmp, "a-file")
	if err := os.WriteFile(aFile, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ro := readOnlyDir(t)
	baseline := filepath.Join(tmp, "base.json")
	if code, _, errOut := run(t, "", "check", center, "--baseline", baseline, "--update", "--reps", "2"); code != 0 {
		t.Fatalf("check --update: %s", errOut)
	}
	// Each command, with the place of its output as %s.
	files := map[string][]string{
		"compare --png":  {"compare", center, center, "--png", "%s"},
		"check --update": {"check", center, "--baseline", "%s", "--update"},
		"check --junit":  {"check", center, "--baseline", baseline, "--junit", "%s"},
		"init":           {"init", "%s"},
		"calibrate -o":   {"calibrate", bankDayLog, "--log-format", "anonymous-bank", "-o", "%s"},
	}
	dirs := map[string][]string{
		"run --charts":      {"run", center, "--charts", "%s"},
		"plan --charts":     {"plan", center, "--charts", "%s"},
		"backtest --charts": {"backtest", center, "--log-format", "anonymous-bank", "--log", bankDayLog, "--charts", "%s"},
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	try := func(name string, args []string, place string) {
		t.Helper()
		full := make([]string, len(args))
		for i, a := range args {
			full[i] = strings.ReplaceAll(a, "%s", place)
		}
		code, out, errOut := invoke(ctx, nil, "", full...)
		if code != 2 || out != "" || !strings.Contains(errOut, "cannot write") || !strings.Contains(errOut, place) {
			t.Errorf("%s into %s: exit %d, stdout %q, stderr %q; want exit 2 naming the path", name, place, code, out, errOut)
		}
	}
	for name, args := range files {
		try(name, args, "/proc/ccsim-none/out.file")
		try(name, args, filepath.Join(ro, "out.file"))
		try(name, args, tmp) // a folder where a file goes
	}
	for name, args := range dirs {
		try(name, args, "/proc/ccsim-none/charts")
		try(name, args, filepath.Join(ro, "charts"))
		try(name, args, aFile) // a file where a folder goes
	}
	onlyEntries(t, tmp, "a-file", "base.json", "center.yaml")
}

// TestMissingFoldersAreCreated: every output makes its missing parent
// folders alike (the charts folder, the image's, the report's, the
// baseline's, the starter file's).
func TestMissingFoldersAreCreated(t *testing.T) {
	tmp := t.TempDir()
	center := variant(t, tmp, "center.yaml")
	for _, args := range [][]string{
		{"init", filepath.Join(tmp, "a", "b", "starter.yaml")},
		{"run", center, "--reps", "2", "--charts", filepath.Join(tmp, "c", "d")},
		{"compare", center, center, "--reps", "2", "--png", filepath.Join(tmp, "e", "f", "plans.png")},
		{"check", center, "--reps", "2", "--baseline", filepath.Join(tmp, "g", "h", "base.json"), "--update"},
		{"check", center, "--reps", "2", "--baseline", filepath.Join(tmp, "g", "h", "base.json"), "--junit", filepath.Join(tmp, "i", "j", "r.xml")},
	} {
		if code, _, errOut := run(t, "", args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
	}
	for _, p := range []string{"a/b/starter.yaml", "c/d/service-level.png", "e/f/plans.png", "g/h/base.json", "i/j/r.xml"} {
		if _, err := os.Stat(filepath.Join(tmp, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// failingWriter fails every write, as a full disk or a closed pipe does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestStandardOutputFailureIsExit2: a command whose standard output cannot
// be written exits 2 and says so, whatever it was doing: a plan, a check
// that passed, the Erlang calculator.
func TestStandardOutputFailureIsExit2(t *testing.T) {
	tmp := t.TempDir()
	center := variant(t, tmp, "center.yaml")
	baseline := filepath.Join(tmp, "base.json")
	if code, _, errOut := run(t, "", "check", center, "--baseline", baseline, "--update", "--reps", "2"); code != 0 {
		t.Fatal(errOut)
	}
	for _, args := range [][]string{
		{"run", center, "--reps", "2"},
		{"check", center, "--baseline", baseline, "--reps", "2"},
		{"erlang", "--volume", "360", "--aht", "4m"},
		{"validate", center},
	} {
		var errOut bytes.Buffer
		s := &streams{in: strings.NewReader(""), out: failingWriter{}, err: &errOut, getenv: func(string) string { return "" }}
		code := execute(context.Background(), s, args)
		if code != 2 || !strings.Contains(errOut.String(), "cannot write standard output: no space left on device") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

// TestStandardInput: run, compare and check read a scenario from standard
// input for "-", as validate and plan do; compare reads it for one plan
// only.
func TestStandardInput(t *testing.T) {
	tmp := t.TempDir()
	center := variant(t, tmp, "center.yaml")
	text, err := os.ReadFile(center)
	if err != nil {
		t.Fatal(err)
	}
	_, fromFile, _ := run(t, "", "run", center, "--reps", "2", "--format", "json")
	code, fromStdin, errOut := run(t, string(text), "run", "-", "--reps", "2", "--format", "json")
	if code != 0 || fromStdin != fromFile {
		t.Errorf("run -: exit %d (%s); the forecast differs from the file's: %v", code, errOut, fromStdin != fromFile)
	}
	if code, out, errOut := run(t, string(text), "compare", center, "-", "--reps", "2"); code != 0 || !strings.Contains(out, "service level") {
		t.Errorf("compare FILE -: exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, string(text), "compare", "-", "-"); code != 2 || !strings.Contains(errOut, "once") {
		t.Errorf("compare - -: exit %d: %s", code, errOut)
	}
	base := filepath.Join(tmp, "base.json")
	if code, _, errOut := run(t, string(text), "check", "-", "--baseline", base, "--update", "--reps", "2"); code != 0 {
		t.Errorf("check - --update: exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, string(text), "check", "-", "--baseline", base, "--reps", "2"); code != 0 {
		t.Errorf("check -: exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, "channels: {", "run", "-"); code != 2 || !strings.Contains(errOut, "-:") {
		t.Errorf("run - on a broken scenario: exit %d: %s", code, errOut)
	}
}

// TestWarningsOnStandardError: validate and run load a scenario with an
// implausible value and warn on standard error with file:line, and the
// erlang calculator warns of an AHT of 4 seconds; none of it is an error.
func TestWarningsOnStandardError(t *testing.T) {
	tmp := t.TempDir()
	center := variant(t, tmp, "center.yaml")
	text, _ := os.ReadFile(center)
	s := string(text)
	i := strings.Index(s, "handle:")
	if i < 0 {
		t.Fatal("no handle in the check scenario")
	}
	j := i + strings.IndexByte(s[i:], '\n')
	line := strings.Count(s[:i], "\n") + 1
	odd := filepath.Join(tmp, "odd.yaml")
	if err := os.WriteFile(odd, []byte(s[:i]+"handle: 4"+s[j:]), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"validate", odd}, {"run", odd, "--reps", "2"}} {
		code, out, errOut := run(t, "", args...)
		want := "ccsim: warning: " + odd + ":" + strconv.Itoa(line) + ":"
		if code != 0 || out == "" || !strings.Contains(errOut, want) || !strings.Contains(errOut, "write 4m") {
			t.Errorf("%v: exit %d, stderr %q; want a warning at %s", args, code, errOut, want)
		}
	}
	code, out, errOut := run(t, "", "erlang", "--volume", "360", "--aht", "4")
	if code != 0 || out == "" || !strings.Contains(errOut, "warning: --aht 4 is 4 seconds") || !strings.Contains(errOut, "write 4m") {
		t.Errorf("erlang --aht 4: exit %d, stderr %q", code, errOut)
	}
	if _, _, errOut := run(t, "", "erlang", "--volume", "360", "--aht", "4m"); errOut != "" {
		t.Errorf("erlang --aht 4m warns: %q", errOut)
	}
}
