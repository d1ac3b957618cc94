package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const bankDayLog = "../../contactlog/testdata/anonymous-bank-1999-05-04.txt"

func TestCalibrateDay(t *testing.T) {
	code, out, errOut := run(t, "", "calibrate", "--log-format", "anonymous-bank", bankDayLog)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if errOut != "ccsim: "+bankDayLog+": 1613 contacts from 1679 rows, 66 left out by the format's definitions\n" {
		t.Errorf("stderr %q", errOut)
	}
	golden(t, "calibrate-day.yaml.golden", out)

	// With -o the file is written, and ccsim validate accepts it.
	file := filepath.Join(t.TempDir(), "day.yaml")
	code, out, errOut = run(t, "", "calibrate", "--log-format", "anonymous-bank", "--log", bankDayLog, "-o", file,
		"--name", "one Tuesday", "--priority", "2", "--interval", "15m", "--sl", "30s")
	if code != 0 || out != "" || !strings.Contains(errOut, "wrote "+file+": 1,613 contacts, 1999-05-04 to 1999-05-04") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, errOut = run(t, "", "validate", file)
	if code != 0 || out != file+": ok (1 channel, 1 group, 672 intervals)\n" {
		t.Errorf("validate: exit %d, %q %q", code, out, errOut)
	}
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name: \"one Tuesday\"", "interval: 15m", "within: 30s", "classes:", "priority: {share:"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the scenario lacks %q", want)
		}
	}
}

func TestCalibrateErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"calibrate"}, "no contact log"},
		{[]string{"calibrate", "-", "-", "--log-format", "anonymous-bank"}, "standard input (-) can be read once"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--reps", "0"}, "--reps 0: want 1 to 100000"},
		{[]string{"calibrate", bankDayLog}, "say how to read the logs"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--map", "arrival=a"}, "not both"},
		{[]string{"calibrate", bankDayLog, "--log-format", "nope"}, "nope"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--interval", "7m"}, "--interval 7m0s"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--interval", "1m"}, "at least 5"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--sl", "0s"}, "--sl"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--kind", "email"}, "--kind"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--day-types", "season"}, "--day-types"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--day-types", "weekend", "--weekend", "frx"}, "--weekend"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--from", "1999-13-01"}, "--from"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--from", "1999-06-01", "--to", "1999-05-01"}, "before"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--from", "1999-06-01"}, "no contact"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--exclude", "1999-05-04"}, "no contact"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--exclude-file", filepath.Join(dir, "none.txt")}, "--exclude-file"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--queue", "XX"}, `queue "XX"`},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--skip-queue", "XX"}, `--skip-queue "XX": no contact of the logs is in that queue (queues: IN, NE, NW, PE, PS, TT)`},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--skip-queue", "IN", "--queue", "IN"}, "both --queue and --skip-queue"},
		{[]string{"calibrate", "--report", bankDayLog, "--report-map", "start=a,offered=b,aht=c", "--skip-queue", "IN"}, "--skip-queue needs a contact log"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--channel", "2phones"}, "2phones"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--priority", "9"}, "priority"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--agent-gap", "0s"}, "calibrate: --agent-gap 0s: want a positive duration"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--agent-gap", "10m", "--spell-edge", "6m"}, "calibrate: --spell-edge 6m0s: want 0 to half --agent-gap (5m0s)"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--spell-edge", "-1m"}, "--spell-edge -1m0s: want 0 to half"},
		{[]string{"calibrate", filepath.Join(dir, "missing.txt"), "--log-format", "anonymous-bank"}, "missing.txt"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "-o", "/proc/ccsim/no/dir.yaml"}, "-o"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "-o", dir}, "it is a folder"},
	} {
		code, out, errOut := run(t, "", c.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") > 3 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q (want %q)", c.args[1:], code, out, errOut, c.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed runs left files: %v", entries)
	}
}

// TestCalibrateFromStandardInput: calibrate reads its log twice, so
// standard input is copied to a temporary file first (and removed); the
// scenario is the one the file gives, named after standard input.
func TestCalibrateFromStandardInput(t *testing.T) {
	log, err := os.ReadFile(bankDayLog)
	if err != nil {
		t.Fatal(err)
	}
	_, want, _ := run(t, "", "calibrate", "--log-format", "anonymous-bank", bankDayLog)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	code, got, errOut := run(t, string(log), "calibrate", "--log-format", "anonymous-bank", "-")
	if code != 0 || errOut != "ccsim: standard input: 1613 contacts from 1679 rows, 66 left out by the format's definitions\n" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	base := filepath.Base(bankDayLog)
	want = strings.ReplaceAll(want, "calibrated from "+strings.TrimSuffix(base, ".txt"), "calibrated from standard input")
	want = strings.ReplaceAll(want, "Log: "+base, "Log: standard input")
	if got != want {
		t.Errorf("from standard input:\n%s\nfrom the file:\n%s", got, want)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("left behind in TMPDIR: %v", entries)
	}
}

// withoutQueue writes the day excerpt twice under the same file name: as
// it is, and without the rows of queue (type) q, as a log that never had
// them. It returns the two paths.
func withoutQueue(t *testing.T, q string) (full, without string) {
	t.Helper()
	data, err := os.ReadFile(bankDayLog)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	dropped := 0
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if f := strings.Split(line, "\t"); len(f) > 4 && strings.TrimSpace(f[4]) == q {
			dropped++
			continue
		}
		kept = append(kept, line)
	}
	if dropped == 0 {
		t.Fatalf("the excerpt has no row of queue %s", q)
	}
	full = filepath.Join(t.TempDir(), "day.txt")
	without = filepath.Join(t.TempDir(), "day.txt")
	if err := os.WriteFile(full, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(without, []byte(strings.Join(kept, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return full, without
}

// TestCalibrateSkipQueue: --skip-queue IN calibrates as if the log had no
// IN rows at all (their volumes, handle times, waits and the agents' work
// on them: staffing and the fitted shrinkage), the header saying so.
func TestCalibrateSkipQueue(t *testing.T) {
	full, without := withoutQueue(t, "IN")
	got := runOK(t, "", "calibrate", "--log-format", "anonymous-bank", full, "--skip-queue", "IN")
	want := runOK(t, "", "calibrate", "--log-format", "anonymous-bank", without)
	all := runOK(t, "", "calibrate", "--log-format", "anonymous-bank", full)
	line := "# Queues left out (--skip-queue): IN, with the agents' work on them.\n"
	if !strings.Contains(got, line) {
		t.Errorf("the header lacks %q", line)
	}
	if strings.Replace(got, line, "", 1) != want {
		t.Errorf("--skip-queue IN:\n%s\nwithout the IN rows:\n%s", got, want)
	}
	if want == all {
		t.Error("leaving out the IN rows changed nothing: the test cannot tell")
	}
}
