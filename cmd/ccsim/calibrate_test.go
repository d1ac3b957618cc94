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
		{[]string{"calibrate", "-"}, "standard input"},
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
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--channel", "2phones"}, "2phones"},
		{[]string{"calibrate", bankDayLog, "--log-format", "anonymous-bank", "--priority", "9"}, "priority"},
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

func TestCalibrateHelp(t *testing.T) {
	code, out, _ := run(t, "", "calibrate", "--help")
	if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "--agent-gap") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
