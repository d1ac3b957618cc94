package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProgressBar draws the bar once the run has lasted past its delay,
// and erases it when done; nothing is drawn for a run that ends sooner or
// when nobody watches.
func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	p := &progressBar{w: &b, start: time.Now().Add(-time.Hour), delay: time.Second}
	p.update(0.45)
	if want := "\r[=============>                ]  45%"; b.String() != want {
		t.Errorf("%q, want %q", b.String(), want)
	}
	p.update(1)
	if !strings.HasSuffix(b.String(), "\r[==============================] 100%") {
		t.Errorf("%q", b.String())
	}
	p.done()
	if !strings.HasSuffix(b.String(), "\r"+strings.Repeat(" ", 40)+"\r") {
		t.Errorf("not erased: %q", b.String())
	}

	b.Reset()
	var report func(float64)
	p = startProgress(&streams{err: &b, progress: true}, &report)
	if p == nil || report == nil {
		t.Fatal("no bar for a person watching")
	}
	report(0.5) // within the delay
	p.done()
	if b.Len() > 0 {
		t.Errorf("a short run drew %q", b.String())
	}
	report = nil
	if p := startProgress(&streams{err: &b}, &report); p != nil || report != nil {
		t.Error("a bar where nobody watches")
	}
	var none *progressBar
	none.done() // a run without a bar ends without one
}

// TestSystemStreams: main runs on the process's streams and environment;
// a file is no terminal.
func TestSystemStreams(t *testing.T) {
	s := systemStreams()
	if s.in != os.Stdin || s.out != os.Stdout || s.err != os.Stderr || s.getenv("PATH") != os.Getenv("PATH") {
		t.Errorf("streams %+v", s)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a file is a terminal")
	}
}

// TestExitCodes: cobra's own errors (an unknown command, a wrong number
// of arguments, an unknown flag) are bad input, like ours; the version
// and help exit 0.
func TestExitCodes(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"rn"}, 2, "ccsim: unknown command \"rn\" for \"ccsim\"\n\nDid you mean this?\n\trun\n\n"},
		{[]string{"check"}, 2, "ccsim: accepts 1 arg(s), received 0\n"},
		{[]string{"validate"}, 2, "ccsim: requires at least 1 arg(s), only received 0\n"},
		{[]string{"erlang", "x"}, 2, "ccsim: unknown command \"x\" for \"ccsim erlang\"\n"},
		{[]string{"run", "--nope"}, 2, "ccsim: unknown flag: --nope\n"},
		{[]string{"run", "-x"}, 2, "ccsim: unknown shorthand flag: 'x' in -x\n"},
		{[]string{"backtest", "a.yaml", "--format", "csv"}, 2, "ccsim: backtest: --format \"csv\": want table, json or html\n"},
		{[]string{"--version"}, 0, ""},
		{[]string{"help", "run"}, 0, ""},
	} {
		code, _, errOut := run(t, "", c.args...)
		if code != c.code || errOut != c.want {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", c.args, code, errOut, c.code, c.want)
		}
	}
}
