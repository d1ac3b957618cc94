package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
)

// TestRunWorkedExample runs the classic single queue (360 calls per half
// hour, AHT 240 s, 54 agents) for twelve stationary hours and reads the
// service level from the JSON. Erlang C gives 81.7% in steady state; the
// first half-hour starts empty and answers better, which lifts the
// 24-interval mean by about 0.4 points. Over 20 replications the mean must
// lie within 1.5 of its 95% half-widths of 81.7% (the 99.9% interval at 19
// degrees of freedom is 3.88/2.09 = 1.86 half-widths; 1.5 leaves room for
// the start-up bias and still fails if the simulator were 2 points off).
func TestRunWorkedExample(t *testing.T) {
	const n = 24
	yaml := "name: stationary worked example\nseed: 3\nreplications: 20\ninterval: 30m\n" +
		"horizon: {intervals: 24}\nchannels:\n  calls:\n    kind: call\n    arrivals:\n      per_interval: [" +
		strings.TrimSuffix(strings.Repeat("360, ", n), ", ") + "]\n    handle: 240s\n" +
		"    target: {answered: 80%, within: 20s}\ngroups:\n  agents:\n    skills: [calls]\n    staffing: [" +
		strings.TrimSuffix(strings.Repeat("54, ", n), ", ") + "]\n"
	path := filepath.Join(t.TempDir(), "stationary.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	out := runOK(t, "", "run", path, "--format", "json")
	var rep struct {
		Format         string   `json:"format"`
		IntervalLabels []string `json:"interval_labels"`
		Channels       []struct {
			Name  string `json:"name"`
			Total map[string]struct {
				Mean *float64 `json:"mean"`
				CI95 *float64 `json:"ci95"`
			} `json:"total"`
		} `json:"channels"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Format != output.ForecastFormat || len(rep.IntervalLabels) != n || len(rep.Channels) != 1 {
		t.Fatalf("unexpected report shape: %+v", rep)
	}
	sl := rep.Channels[0].Total["service_level"]
	if sl.Mean == nil || sl.CI95 == nil {
		t.Fatal("no service level")
	}
	if d := *sl.Mean - 0.817; d*d > (1.5**sl.CI95)*(1.5**sl.CI95) {
		t.Errorf("service level %.4f±%.4f, Erlang C 0.817", *sl.Mean, *sl.CI95)
	}
}

func TestRunFormats(t *testing.T) {
	_, one, _ := run(t, "", "run", "--reps", "4", "--format", "json", "--workers", "1")
	code, many, errOut := run(t, "", "run", "--reps", "4", "--format", "json", "--workers", "4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if one != many {
		t.Error("JSON differs between 1 and 4 workers")
	}
	code, out, _ := run(t, "", "run", "--reps", "4", "--format", "csv")
	if code != 0 {
		t.Fatal("csv failed")
	}
	rows := csvRows(t, out, "scope,name,interval,start,metric,mean,ci95,n")
	found := false
	for _, r := range rows {
		if r[0] == "channel" && r[1] == "phone" && r[2] == "total" && r[4] == "offered" {
			found = r[5] != "" && r[7] == "4"
		}
	}
	if !found {
		t.Error("csv has no total offered for phone over 4 replications")
	}
	code, out, _ = run(t, "", "run", "--reps", "2")
	if code != 0 || !strings.Contains(out, "Default multi-channel center") || !strings.Contains(out, "phone by interval") {
		t.Errorf("table output:\n%s", out)
	}
}

// TestRunBadInput: every kind of bad input exits 2 with one report on
// stderr that says what was wrong, and nothing on stdout. The broken
// scenario must be reported with its file, line and column, exactly as
// package scenarios reports it (its golden file), so that the case cannot
// pass on some other error such as a missing file.
func TestRunBadInput(t *testing.T) {
	const broken = "../../scenarios/testdata/broken/bad-duration"
	report, err := os.ReadFile(broken + ".golden")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string // the whole of stderr
	}{
		{[]string{"run", "--format", "xml"}, "ccsim: --format \"xml\": want table, json, csv or html\n"},
		{[]string{"run", "no-such-file.yaml"}, "ccsim: cannot read no-such-file.yaml: no such file or directory\n"},
		{[]string{"run", "--reps", "0"}, "ccsim: --reps 0: must be between 1 and 100000\n"},
		{[]string{"run", "--reps", "x"}, "ccsim: invalid argument \"x\" for \"--reps\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n"},
		{[]string{"run", "a.yaml", "b.yaml"}, "ccsim: accepts at most 1 arg(s), received 2\n"},
		// The golden report names the file as package scenarios sees it,
		// from its own folder.
		{[]string{"run", broken + ".yaml"}, "ccsim: ../../scenarios/" + string(report)},
	}
	for _, c := range cases {
		code, out, errOut := run(t, "", c.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", c.args, code)
		}
		if out != "" {
			t.Errorf("%v: wrote %q to stdout", c.args, out)
		}
		if errOut != c.want {
			t.Errorf("%v: stderr %q, want %q", c.args, errOut, c.want)
		}
	}
}

// TestRunInterrupted: a run whose context is cancelled (Ctrl-C) stops
// with exit code 130, one line on stderr and nothing on stdout.
func TestRunInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, out, errOut := invoke(ctx, nil, "", "run", "--reps", "3")
	if code != 130 || out != "" || errOut != "ccsim: interrupted\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestOutputDocs keeps docs/output.md describing every metric key.
func TestOutputDocs(t *testing.T) {
	doc, err := os.ReadFile("../../docs/output.md")
	if err != nil {
		t.Fatal(err)
	}
	for k := range sim.NumMetrics {
		if key := sim.Metric(k).Key(); !strings.Contains(string(doc), "`"+key+"`") {
			t.Errorf("docs/output.md does not describe metric %q", key)
		}
	}
	for k := range sim.NumGroupMetrics {
		if key := sim.GroupMetric(k).Key(); !strings.Contains(string(doc), "`"+key+"`") {
			t.Errorf("docs/output.md does not describe group metric %q", key)
		}
	}
}

// TestRunRollup runs the example week by day: the table has each day and
// no intervals unless asked for, JSON and CSV leave the intervals out
// with a roll-up unless asked for, and a bad period is a usage error.
func TestRunRollup(t *testing.T) {
	code, out, errOut := run(t, "", "run", "../../scenarios/week.yaml", "--reps", "2", "--rollup", "day")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "phone by day") || !strings.Contains(out, "\n  Sun ") || strings.Contains(out, "by interval") {
		t.Errorf("table by day:\n%s", out)
	}
	_, out, _ = run(t, "", "run", "../../scenarios/week.yaml", "--reps", "2", "--rollup", "week", "--intervals")
	if !strings.Contains(out, "phone by week") || !strings.Contains(out, "week 1 (Mon-Sun)") || !strings.Contains(out, "phone by interval") {
		t.Errorf("table by week with intervals:\n%s", out)
	}
	for _, args := range [][]string{{"--rollup", "day"}, {"--intervals=false"}} {
		_, out, _ = run(t, "", append([]string{"run", "../../scenarios/week.yaml", "--reps", "2", "--format", "json"}, args...)...)
		var doc struct {
			Labels []string        `json:"interval_labels"`
			Rollup json.RawMessage `json:"rollup"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Labels) != 0 || (args[0] == "--rollup") != (doc.Rollup != nil) {
			t.Errorf("%v: %d interval labels, rollup %s", args, len(doc.Labels), doc.Rollup)
		}
	}
	_, out, _ = run(t, "", "run", "../../scenarios/week.yaml", "--reps", "2", "--format", "csv", "--rollup", "day", "--intervals")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var days, intervals int
	for _, r := range rows[1:] {
		if r[0] == "channel" && r[1] == "phone" && r[4] == "offered" {
			switch {
			case strings.HasPrefix(r[2], "day "):
				days++
			case r[2] != "total":
				intervals++
			}
		}
	}
	if days != 7 || intervals != 7*24 {
		t.Errorf("CSV: %d day rows and %d interval rows of phone's offered, want 7 and 168", days, intervals)
	}
	code, _, errOut = run(t, "", "run", "--rollup", "month")
	if code != 2 || !strings.Contains(errOut, `"month": want day or week`) {
		t.Errorf("--rollup month: exit %d, %s", code, errOut)
	}
}
