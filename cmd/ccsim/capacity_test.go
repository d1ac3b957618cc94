package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/output"
)

const smallCapacity = "testdata/capacity-small.yaml"

func TestCapacityTable(t *testing.T) {
	out := runOK(t, "", "capacity", smallCapacity)
	golden(t, "capacity-small.golden", out)
}

// TestCapacityFormats checks the JSON and CSV documents against each
// other and that the plan does not depend on the number of workers.
func TestCapacityFormats(t *testing.T) {
	out := runOK(t, "", "capacity", smallCapacity, "--format", "json", "--workers", "1")
	var doc struct {
		Format string   `json:"format"`
		Met    bool     `json:"met"`
		Weeks  []string `json:"weeks"`
		Groups []struct {
			Name  string    `json:"name"`
			Hires []int     `json:"hires"`
			Risk  []float64 `json:"risk"`
		} `json:"groups"`
		Totals struct {
			Hires int `json:"hires"`
		} `json:"totals"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != output.CapacityFormat || !doc.Met || len(doc.Weeks) != 26 || len(doc.Groups) != 1 ||
		len(doc.Groups[0].Hires) != 26 || doc.Weeks[0] != "2027-01-04" {
		t.Fatalf("unexpected JSON: %+v", doc)
	}
	sum := 0
	for _, h := range doc.Groups[0].Hires {
		sum += h
	}
	if sum != doc.Totals.Hires || sum == 0 {
		t.Errorf("hires by week add up to %d, the total says %d", sum, doc.Totals.Hires)
	}
	_, many, _ := run(t, "", "capacity", smallCapacity, "--format", "json", "--workers", "3")
	if many != out {
		t.Error("JSON differs between 1 and 3 workers")
	}

	out = runOK(t, "", "capacity", smallCapacity, "--format", "csv")
	rows := csvRows(t, out, "scope,name,week,start,field,value,ci95")
	got := 0
	for _, r := range rows[1:] {
		if r[0] == "group" && r[1] == "team" && r[4] == "hires" && r[2] != "total" {
			var v float64
			if err := json.Unmarshal([]byte(r[5]), &v); err != nil {
				t.Fatal(err)
			}
			got += int(v)
		}
	}
	if got != sum {
		t.Errorf("the CSV's hires add up to %d, the JSON's to %d", got, sum)
	}
}

func TestCapacityPNG(t *testing.T) {
	png := filepath.Join(t.TempDir(), "capacity.png")
	code, _, errOut := run(t, "", "capacity", smallCapacity, "--weeks=false", "--png", png)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(png)
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		t.Fatalf("no PNG written: %v", err)
	}
}

// TestCapacityNotHeld asks for more than the lead time allows: the first
// weeks cannot be covered, the plan is printed and the exit status is 1.
func TestCapacityNotHeld(t *testing.T) {
	data, err := os.ReadFile(smallCapacity)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "max_hours: 80", "max_hours: 10", 1)
	dir := t.TempDir()
	for name, body := range map[string]string{"c.yaml": text} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	day, _ := os.ReadFile("testdata/capacity-day.yaml")
	if err := os.WriteFile(filepath.Join(dir, "capacity-day.yaml"), day, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "capacity", filepath.Join(dir, "c.yaml"), "--weeks=false")
	if code != 1 || !strings.Contains(out, "DOES NOT HOLD THE RISK") || !strings.Contains(errOut, "cannot hold a risk of 10% for group team") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestCapacityBadInput(t *testing.T) {
	dir := t.TempDir()
	day, _ := os.ReadFile("testdata/capacity-day.yaml")
	if err := os.WriteFile(filepath.Join(dir, "capacity-day.yaml"), day, 0o644); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(smallCapacity)
	for _, c := range []struct {
		name, old, new string
		args           []string
		want           string
	}{
		{"class above its limit", "lead_time: 2w", "lead_time: 2w\n      planned: [{start: 2027-01-11, people: 9}]", nil,
			"c.yaml:18:45: groups.team.hiring.planned[0].people: a class of 9 is larger than the limit of 6"},
		{"negative attrition", "staff:", "attrition: -3%\n    staff:", nil, "groups.team.attrition: attrition cannot be negative"},
		{"ramp-up above 100%", "ramp: [50%]", "ramp: [150%]", nil, "groups.team.hiring.ramp[0]: a ramp-up of 150% is outside 0%..100%"},
		{"horizon past 78 weeks", "weeks: 26", "weeks: 104", nil, "c.yaml:6:8: weeks: a horizon of 104 weeks is past the limit of 78"},
		{"risk above one half", "name: Small", "name: Small", []string{"--risk", "0.7"}, "--risk 0.7: must be above 0 and at most 0.5"},
		{"risk above one half, as a percentage", "name: Small", "name: Small", []string{"--risk", "70%"}, "--risk 0.7: must be above 0 and at most 0.5"},
		{"risk not a number", "name: Small", "name: Small", []string{"--risk", "ten"}, `invalid argument "ten" for "--risk" flag: "ten" is not a share`},
		{"bad scope", "name: Small", "name: Small", []string{"--risk-scope", "some-weeks"}, `--risk-scope "some-weeks"`},
		{"too few paths", "name: Small", "name: Small", []string{"--paths", "99"}, "--paths 99: must be 100 to"},
		{"confidence below one half", "name: Small", "name: Small", []string{"--confidence", "0.4"}, "--confidence 0.4: must be between 0.5 and 0.999"},
		{"one replication", "name: Small", "name: Small", []string{"--reps", "1"}, "--reps 1: must be between 2 and"},
		{"seed zero", "name: Small", "name: Small", []string{"--seed", "0"}, "--seed 0: give a positive seed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(dir, "c.yaml")
			if err := os.WriteFile(file, []byte(strings.Replace(string(data), c.old, c.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := run(t, "", append([]string{"capacity", file}, c.args...)...)
			if code != 2 || out != "" || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 2 and %q", code, out, errOut, c.want)
			}
		})
	}
	code, _, errOut := run(t, "", "capacity", filepath.Join(dir, "missing.yaml"))
	if code != 2 || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("a missing file: exit %d, %s", code, errOut)
	}
}

// TestCheckCapacity holds a capacity plan as a baseline: written, checked
// again (it holds, as the same input and seeds give the same plan), and
// refused against a forecast's baseline.
func TestCheckCapacity(t *testing.T) {
	base := filepath.Join(t.TempDir(), "capacity.json")
	code, out, errOut := run(t, "", "check", smallCapacity, "--baseline", base, "--update")
	if code != 0 || !strings.Contains(out, "500 paths") {
		t.Fatalf("update: exit %d\n%s\n%s", code, out, errOut)
	}
	data, err := os.ReadFile(base)
	if err != nil || !strings.Contains(string(data), `"subject": "capacity"`) || !strings.Contains(string(data), `"group team/w01/requirement_fte"`) {
		t.Fatalf("baseline: %v\n%s", err, data)
	}
	code, out, errOut = run(t, "", "check", smallCapacity, "--baseline", base)
	if code != 0 || !strings.Contains(out, "ok: every compared KPI holds") {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errOut)
	}
	// More staff at the start changes the plan beyond its tolerances.
	dir := t.TempDir()
	day, _ := os.ReadFile("testdata/capacity-day.yaml")
	os.WriteFile(filepath.Join(dir, "capacity-day.yaml"), day, 0o644)
	small, _ := os.ReadFile(smallCapacity)
	changed := filepath.Join(dir, "changed.yaml")
	os.WriteFile(changed, []byte(strings.Replace(string(small), "people: 12", "people: 16", 1)), 0o644)
	code, out, _ = run(t, "", "check", changed, "--baseline", base)
	if code != 1 || !strings.Contains(out, "FAIL") {
		t.Errorf("a changed plan: exit %d\n%s", code, out)
	}
	forecast := filepath.Join(t.TempDir(), "forecast.json")
	if code, _, errOut := run(t, "", "check", smallPlan, "--baseline", forecast, "--update"); code != 0 {
		t.Fatalf("forecast baseline: %s", errOut)
	}
	code, _, errOut = run(t, "", "check", smallCapacity, "--baseline", forecast)
	if code != 2 || !strings.Contains(errOut, "records a forecast") {
		t.Errorf("a capacity file against a forecast's baseline: exit %d, %s", code, errOut)
	}
}

// TestCapacityFromHistory forecasts the phone channel's weekly volume from
// eight weeks of a synthetic log whose true level is 1,630 contacts a week
// (the sum of synthLog's daily levels) with no trend: week 1's median must be
// within 6% of it (about three of the forecast's own standard errors there),
// and week 26's within three of its standard errors, which the fitted trend's
// error widens to about 11%; the file's growth (set to 300% a year, which would
// double week 26) must not apply, and the errors must widen away from the
// history.
func TestCapacityFromHistory(t *testing.T) {
	log := synthLog(t)
	dir := t.TempDir()
	data, err := os.ReadFile(smallCapacity)
	if err != nil {
		t.Fatal(err)
	}
	day, err := filepath.Abs("testdata/capacity-day.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer("start: 2027-01-04", "start: 2024-03-04", "scenario: capacity-day.yaml", "scenario: "+day,
		"seasonality: {mar: 1.2}, ", "", "growth: 20%", "growth: 300%").Replace(string(data))
	file := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "capacity", file, "--log", log, "--map", synthMap, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "phone's volume from 56 days of history (2024-01-07 to 2024-03-02") {
		t.Errorf("no summary of the history on stderr:\n%s", errOut)
	}
	var doc struct {
		Volume      [][]float64 `json:"volume"`
		VolumeError []float64   `json:"volume_error"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Volume) != 26 || len(doc.VolumeError) != 26 {
		t.Fatalf("%d weeks of volume, %d of error", len(doc.Volume), len(doc.VolumeError))
	}
	const level = 320 + 300 + 300 + 290 + 300 + 90 + 30
	first, last := doc.Volume[0][0], doc.Volume[25][0]
	if math.Abs(first/level-1) > 0.06 {
		t.Errorf("week 1: %.0f contacts, the history's level is %d", first, level)
	}
	if math.Abs(math.Log(last/level)) > 3*doc.VolumeError[25] {
		t.Errorf("week 26: %.0f contacts, the history's level is %d and the error %.3f (the file's growth must not apply)", last, level, doc.VolumeError[25])
	}
	if !(doc.VolumeError[0] > 0 && doc.VolumeError[0] < 0.1 && doc.VolumeError[25] > doc.VolumeError[0]) {
		t.Errorf("weekly errors %.4f ... %.4f: want small and widening", doc.VolumeError[0], doc.VolumeError[25])
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--queue", "sales"}, "--queue and --log-channel go with --log"},
		{[]string{"--log", log, "--map", synthMap, "--log-channel", "chat"}, `--log-channel "chat": not a channel of the scenario`},
		{[]string{"--log", log, "--map", synthMap, "--queue", "billing"}, `--queue "billing": not in the history (queues: sales, support)`},
	} {
		code, out, errOut := run(t, "", append([]string{"capacity", file}, c.args...)...)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
	early := filepath.Join(dir, "early.yaml")
	if err := os.WriteFile(early, []byte(strings.Replace(text, "start: 2024-03-04", "start: 2024-02-05", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = run(t, "", "capacity", early, "--log", log, "--map", synthMap)
	if code != 2 || out != "" || !strings.Contains(errOut, "starts after the history's last day (2024-03-02)") {
		t.Errorf("a plan inside the history: exit %d, stdout %q, stderr:\n%s", code, out, errOut)
	}
}

// TestCapacityRiskAsPercentage: --risk 5% is --risk 0.05.
func TestCapacityRiskAsPercentage(t *testing.T) {
	_, pct, errPct := run(t, "", "capacity", smallCapacity, "--risk", "5%", "--format", "json")
	_, frac, _ := run(t, "", "capacity", smallCapacity, "--risk", "0.05", "--format", "json")
	if pct == "" || pct != frac || !strings.Contains(pct, `"risk": 0.05`) {
		t.Errorf("--risk 5%% and --risk 0.05 differ (or the risk is not 0.05):\n%s\n%s", pct, errPct)
	}
}

// TestCapacityInputs: a capacity file read from standard input plans as
// the file does (its scenario then resolves against the working
// directory), and each input problem is bad input (exit 2) named at its
// place: a field of the file, from a file or standard input, and the
// replications or seed a check of the plan is given.
func TestCapacityInputs(t *testing.T) {
	small, err := os.ReadFile(smallCapacity)
	if err != nil {
		t.Fatal(err)
	}
	fromHere := strings.Replace(string(small), "scenario: capacity-day.yaml", "scenario: testdata/capacity-day.yaml", 1)
	if runOK(t, fromHere, "capacity", "-", "--format", "json") != runOK(t, "", "capacity", smallCapacity, "--format", "json") {
		t.Error("the plan of standard input differs from the file's")
	}
	broken := strings.Replace(fromHere, "weeks: 26", "weeks: nope", 1)
	file := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "capacity.json")
	for _, c := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{broken, []string{"capacity", "-"}, `-:6:8: weeks: expected a number, found "nope"`},
		{"", []string{"check", file, "--baseline", base, "--update"}, "broken.yaml:6:8: weeks"},
		{"", []string{"check", smallCapacity, "--baseline", base, "--update", "--reps", "1"}, "--reps 1: must be between 2"},
		{"", []string{"check", smallCapacity, "--baseline", base, "--update", "--seed", "0"}, "--seed 0: give a positive seed"},
	} {
		code, out, errOut := run(t, c.stdin, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
	if _, err := os.Stat(base); !os.IsNotExist(err) {
		t.Errorf("a refused check wrote its baseline: %v", err)
	}
}
