package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/baseline"
	"github.com/ccsim/ccsim/output"
)

// checkCenter is a small two-channel day with 30 replications: a check of
// it with per-interval KPIs takes a fraction of a second.
const checkCenter = "testdata/check/center.yaml"

// variant writes a copy of the test center to dir with each old string
// replaced by its new one, and returns its path.
func variant(t *testing.T, dir, name string, edits ...string) string {
	t.Helper()
	data, err := os.ReadFile(checkCenter)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(text, edits[i]) {
			t.Fatalf("%s: no %q to replace", name, edits[i])
		}
		text = strings.Replace(text, edits[i], edits[i+1], 1)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The staffing cut of the end-to-end test: the voice team's 11:00-11:30
// half-hour, the phone peak, from 7 agents to 3.
var peakCut = []string{
	`      - {from: "11:00", to: "12:00", agents: 7}`,
	`      - {from: "11:00", to: "11:30", agents: 3}` + "\n" + `      - {from: "11:30", to: "12:00", agents: 7}`,
}

func seedEdit(seed int) []string { return []string{"\nseed: 1\n", fmt.Sprintf("\nseed: %d\n", seed)} }

// failedKPIs returns the IDs of the table rows whose verdict is a failure.
func failedKPIs(out string) []string {
	var ids []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 1 && strings.Contains(line, "  FAIL") {
			ids = append(ids, strings.SplitN(line, "  ", 2)[0])
		}
	}
	return ids
}

// TestCheckEndToEnd is the done-when: a baseline of the test
// center with per-interval KPIs catches a staffing cut in one interval,
// and does not fail when only the seed changes.
//
// The tolerance reasoning, with the default statistical tolerance: the
// baseline holds 601 KPIs, of which about 530 are compared statistically
// (the rest are undefined at night, when the phone is closed). At 99.9%
// family-wise confidence each is tested at two-sided level 1e-3/530, a t
// quantile of about 5.3 at the 58 Welch degrees of freedom of two
// 30-replication means. The phone's 11:00 service level is about 81% with
// a 95% half-width of 6 points (standard error 3), so its allowance is
// about 5.3 * sqrt(3.1² + 2.8²) = 22 points. Three agents for 5.2 erlangs
// of calls cannot keep up: that half-hour's service level falls to 15-17%,
// a drop of over 60 points, caught whatever the seed. A new seed moves
// each KPI by noise only, which the allowances cover: ten seeds are tried.
// (Over 100 seed pairs of this center the smallest Bonferroni-adjusted
// p-value was 0.11, and 20 of 20 pairs caught the cut; see docs/check.md.)
func TestCheckEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the end-to-end check over fifteen seeds")
	}
	dir := t.TempDir()
	base := filepath.Join(dir, "forecasts", "center.json")
	center := variant(t, dir, "center.yaml")
	code, out, errOut := run(t, "", "check", center, "--baseline", base, "--update", "--intervals")
	if code != 0 || !strings.Contains(out, "wrote "+base+": 601 KPIs") {
		t.Fatalf("update: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = run(t, "", "check", center, "--baseline", base)
	if code != 0 || !strings.Contains(out, "ok: every compared KPI holds, 601 in all") {
		t.Fatalf("check against itself: exit %d\n%s%s", code, out, errOut)
	}

	for seed := 2; seed <= 11; seed++ {
		path := variant(t, dir, fmt.Sprintf("seed%d.yaml", seed), seedEdit(seed)...)
		code, out, errOut := run(t, "", "check", path, "--baseline", base)
		if code != 0 {
			t.Errorf("seed %d alone failed the check: exit %d, %q\n%s%s", seed, code, failedKPIs(out), out, errOut)
		}
	}

	for seed := 1; seed <= 5; seed++ {
		path := variant(t, dir, fmt.Sprintf("cut%d.yaml", seed), append(seedEdit(seed), peakCut...)...)
		code, out, errOut := run(t, "", "check", path, "--baseline", base)
		failed := failedKPIs(out)
		if code != 1 || !strings.Contains(errOut, "check failed") {
			t.Errorf("seed %d: the staffing cut passed: exit %d\n%s%s", seed, code, out, errOut)
		}
		row := regexp.MustCompile(`(?m)^phone/11:00/service_level .* -\d+\.\d pp +±\d+\.\d pp stat +FAIL \(worse\)$`)
		if !row.MatchString(out) {
			t.Errorf("seed %d: no failing row for the 11:00 phone service level; failed %q\n%s", seed, failed, out)
		}
		for _, id := range failed {
			// A cut at 11:00 shows at 11:00, in the day's totals and in
			// the voice team's cost; nothing else may move.
			if strings.Contains(id, "/") && strings.Count(id, "/") == 2 && !strings.Contains(id, "/11:00/") &&
				!strings.Contains(id, "/11:30/") {
				t.Errorf("seed %d: %s failed, away from the cut", seed, id)
			}
		}
	}
}

// TestCheckReports checks the JUnit report and the GitHub Actions
// annotations of a failing check.
func TestCheckReports(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "center.json")
	if code, out, errOut := run(t, "", "check", variant(t, dir, "center.yaml"), "--baseline", base, "--update", "--intervals"); code != 0 {
		t.Fatalf("update: exit %d\n%s%s", code, out, errOut)
	}
	cut := variant(t, dir, "cut.yaml", append(seedEdit(2), peakCut...)...)
	junit := filepath.Join(dir, "reports", "check.xml")
	github := map[string]string{"GITHUB_ACTIONS": "true"}
	code, out, _ := invoke(context.Background(), github, "", "check", cut, "--baseline", base, "--junit", junit)
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	failed := failedKPIs(out)

	// The phone channel's key is on line 12 of the test center.
	want := "::error file=" + output.EscapeProperty(cut) + ",line=12,title=ccsim check%3A phone/11%3A00/service_level::" +
		"phone/11:00/service_level moved from "
	if !strings.Contains(out, want) {
		t.Errorf("no annotation %q in\n%s", want, out)
	}
	if n := strings.Count(out, "\n::error "); n != len(failed) {
		t.Errorf("%d annotations for %d failures", n, len(failed))
	}
	if !strings.Contains(out, ",title=ccsim check%3A group voice/cost::") || !strings.Contains(out, "line=28,title=ccsim check%3A group voice/cost") {
		t.Errorf("no annotation on the voice group's line 28:\n%s", out)
	}

	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if doc.Tests != 601 || doc.Failures != len(failed) || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 601 {
		t.Fatalf("junit: %d tests, %d failures (table: %d)", doc.Tests, doc.Failures, len(failed))
	}
	var junitFailed []string
	for _, c := range doc.Suites[0].Cases {
		if c.Failure != nil {
			junitFailed = append(junitFailed, c.Name)
			if !strings.HasPrefix(c.Failure.Message, c.Name+" moved from ") {
				t.Errorf("junit message %q", c.Failure.Message)
			}
		}
	}
	if strings.Join(junitFailed, ",") != strings.Join(failed, ",") {
		t.Errorf("junit failures %q, table %q", junitFailed, failed)
	}

	// Outside GitHub Actions there are no annotations.
	if _, out, _ := run(t, "", "check", cut, "--baseline", base); strings.Contains(out, "::error") {
		t.Errorf("annotations outside GitHub Actions:\n%s", out)
	}
}

// TestCheckGolden pins the table and the JUnit report of a small check:
// the test center against its own baseline (horizon KPIs only), with the
// peak cut and another seed.
func TestCheckGolden(t *testing.T) {
	// The golden output has no annotations: run gives the CLI an empty
	// environment, even when CI runs on GitHub.
	dir := t.TempDir()
	variant(t, dir, "center.yaml")
	variant(t, dir, "cut.yaml", append(seedEdit(2), peakCut...)...)
	pkg := cwd(t)
	// Relative names keep the temporary folder out of the output.
	t.Chdir(dir)
	if code, out, errOut := run(t, "", "check", "center.yaml", "--baseline", "center.json", "--update"); code != 0 {
		t.Fatalf("update: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := run(t, "", "check", "cut.yaml", "--baseline", "center.json", "--junit", "report.xml")
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	junit, err := os.ReadFile("report.xml")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(pkg)
	golden(t, "check-cut.golden", "stdout:\n"+out+"stderr:\n"+errOut)
	golden(t, "check-cut.junit.golden", string(junit))
}

func TestCheckReproducibleOnAnyNumberOfCores(t *testing.T) {
	dir := t.TempDir()
	center := variant(t, dir, "center.yaml")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first []byte
	for _, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		base := filepath.Join(dir, fmt.Sprintf("b%d.json", procs))
		if code, out, errOut := run(t, "", "check", center, "--baseline", base, "--update", "--intervals"); code != 0 {
			t.Fatalf("GOMAXPROCS %d: exit %d\n%s%s", procs, code, out, errOut)
		}
		data, err := os.ReadFile(base)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = data
		} else if !bytes.Equal(data, first) {
			t.Errorf("GOMAXPROCS %d wrote a different baseline", procs)
		}
		code, out, _ := run(t, "", "check", center, "--baseline", filepath.Join(dir, "b1.json"))
		if code != 0 || !strings.Contains(out, "ok: every compared KPI holds") {
			t.Errorf("GOMAXPROCS %d: check against the GOMAXPROCS 1 baseline: exit %d\n%s", procs, code, out)
		}
	}
}

func TestCheckUpdateKeepsTolerances(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "center.json")
	center := variant(t, dir, "center.yaml")
	if code, _, errOut := run(t, "", "check", center, "--baseline", base, "--update", "--intervals"); code != 0 {
		t.Fatal(errOut)
	}
	data, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	// A planner accepts any move of the 11:00 phone service level up to
	// 90 points and of the voice team's cost up to 10%.
	edited := strings.Replace(string(data), `"default": {"statistical": true}`,
		`"default": {"statistical": true},`+"\n"+`    "phone/11:00/service_level": {"absolute": 0.9},`+"\n"+`    "group voice/cost": {"relative": 0.1}`, 1)
	if err := os.WriteFile(base, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	cut := variant(t, dir, "cut.yaml", peakCut...)
	code, out, _ := run(t, "", "check", cut, "--baseline", base, "--verbose")
	if !regexp.MustCompile(`(?m)^phone/11:00/service_level .* ±90\.0 pp abs +ok$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^group voice/cost .* ±180\.00 rel +ok$`).MatchString(out) {
		t.Errorf("edited tolerances not applied (exit %d):\n%s", code, out)
	}

	// Refreshing with another seed keeps them and records the new seed.
	if code, _, errOut := run(t, "", "check", variant(t, dir, "seed2.yaml", seedEdit(2)...), "--baseline", base, "--update"); code != 0 {
		t.Fatal(errOut)
	}
	data, err = os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"phone/11:00/service_level": {"absolute": 0.9}`, `"group voice/cost": {"relative": 0.1}`, `"seed": 2,`, `"intervals": ["service_level"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("refreshed baseline lost %s", want)
		}
	}
	// Dropping the intervals orphans the 11:00 tolerance: mend it by hand.
	code, _, errOut := run(t, "", "check", center, "--baseline", base, "--update", "--intervals=false")
	if code != 2 || !strings.Contains(errOut, `tolerances["phone/11:00/service_level"]: names no KPI`) {
		t.Errorf("orphaned tolerance: exit %d, %s", code, errOut)
	}
}

func TestCheckBadInput(t *testing.T) {
	dir := t.TempDir()
	center := variant(t, dir, "center.yaml")
	base := filepath.Join(dir, "center.json")
	if code, _, errOut := run(t, "", "check", center, "--baseline", base, "--update"); code != 0 {
		t.Fatal(errOut)
	}
	broken := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(broken, []byte("{\n  \"format\": \"ccsim-baseline/1\",\n  \"seed\": -1\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{center}, "--baseline is required"},
		{[]string{center, "--baseline", filepath.Join(dir, "none.json")}, "does not exist (write it with --update)"},
		{[]string{center, "--baseline", broken}, broken + ":3: seed: found number -1, want a whole number in range"},
		{[]string{center, "--baseline", dir}, "not a regular file"},
		{[]string{"../../scenarios/testdata/broken/unknown-kind.yaml", "--baseline", base}, "unknown-kind.yaml:"},
		{[]string{"no-such.yaml", "--baseline", base}, "no-such.yaml"},
		{[]string{center, "--baseline", base, "--update", "--junit", "x.xml"}, "--junit reports a check"},
		{[]string{center, "--baseline", base, "--intervals"}, "--intervals applies with --update"},
		{[]string{center, "--baseline", base, "--reps", "0"}, "--reps 0"},
		{[]string{center, "--baseline", base, "--reps", "1"}, "at least 2 replications"},
		{[]string{center, center, "--baseline", base}, "accepts 1 arg"},
		{[]string{"--baseline", base}, "accepts 1 arg"},
		{[]string{center, "--baseline", base, "--nope"}, "unknown flag"},
		// A folder for the report cannot be made where a file stands.
		{[]string{center, "--baseline", base, "--junit", filepath.Join(center, "r.xml")}, "cannot write " + filepath.Join(center, "r.xml")},
	} {
		code, out, errOut := run(t, "", append([]string{"check"}, c.args...)...)
		if code != 2 || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout %q; want exit 2 and %q", c.args, code, errOut, out, c.want)
		}
	}
}

// TestReadmeCheckCommand runs the command of the README's CI snippet from
// the repository root, so the example stays true: the committed baseline
// must hold for the current code and default scenario within its
// tolerances. A change that moves the default forecast beyond them fails
// here, and is either a regression or needs the baseline refreshed with
// --update in the same commit.
func TestReadmeCheckCommand(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// The step runs a built binary: go run would turn the exit codes a CI
	// job tells apart (1 a regression, 2 bad input) into 1.
	if !regexp.MustCompile(`(?m)^\s*run: go build -o ccsim \./cmd/ccsim$`).Match(readme) {
		t.Error("README.md's CI job does not build ccsim before it runs it")
	}
	m := regexp.MustCompile(`(?m)^\s*run: \./ccsim (check .*)$`).FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no `run: ./ccsim check ...` step")
	}
	args := strings.Fields(string(m[1]))
	report := filepath.Join(t.TempDir(), "report.xml")
	for i := range args {
		if i > 0 && args[i-1] == "--junit" {
			args[i] = report
		}
	}
	t.Chdir("../..")
	code, out, errOut := run(t, "", args...)
	if code != 0 {
		t.Fatalf("README command %q: exit %d\n%s%s", m[1], code, out, errOut)
	}
	if _, err := os.Stat(report); err != nil {
		t.Errorf("no JUnit report: %v", err)
	}
}

func cwd(t *testing.T) string {
	t.Helper()
	d, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestCheckPastAWeek checks baselines of horizons longer than a week: a
// fortnight and 60 days. Day 2 and day 9 of the fortnight are both
// Tuesdays; their intervals must still get KPI IDs of their own
// ("d2 08:00", "d9 08:00"), as in the run's JSON, and a check against the
// baseline just written must pass.
func TestCheckPastAWeek(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/check/fortnight.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, days := range []int{14, 60} {
		path := filepath.Join(dir, fmt.Sprintf("days%d.yaml", days))
		text := strings.Replace(string(src), "days: 14,", fmt.Sprintf("days: %d,", days), 1)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, intervals := range []bool{false, true} {
			base := filepath.Join(dir, fmt.Sprintf("days%d-%v.json", days, intervals))
			args := []string{"check", path, "--baseline", base, "--update"}
			if intervals {
				args = append(args, "--intervals")
			}
			if code, out, errOut := run(t, "", args...); code != 0 {
				t.Fatalf("%d days, intervals %v: update: exit %d\n%s%s", days, intervals, code, out, errOut)
			}
			code, out, errOut := run(t, "", "check", path, "--baseline", base)
			if code != 0 || !strings.Contains(out, "ok: every compared KPI holds") {
				t.Fatalf("%d days, intervals %v: check against itself: exit %d\n%s%s", days, intervals, code, out, errOut)
			}
			if !intervals {
				continue
			}
			b, err := baseline.Load(base)
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]bool{}
			for _, k := range b.KPIs {
				if ids[k.ID] {
					t.Errorf("%d days: KPI %s twice", days, k.ID)
				}
				ids[k.ID] = true
			}
			last := fmt.Sprintf("phone/d%d 23:00/queue_end", days)
			for _, id := range []string{"phone/d2 08:00/service_level", "phone/d9 08:00/service_level", last} {
				if !ids[id] {
					t.Errorf("%d days: no KPI %s", days, id)
				}
			}
		}
	}

	// The run's JSON names the intervals as the baseline does.
	code, out, errOut := run(t, "", "run", "testdata/check/fortnight.yaml", "--format", "json")
	var doc struct {
		Labels []string `json:"interval_labels"`
	}
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil {
		t.Fatalf("run: exit %d, %v\n%s", code, err, errOut)
	}
	if len(doc.Labels) != 14*24 {
		t.Fatalf("run: %d interval labels", len(doc.Labels))
	}
	if doc.Labels[24+8] != "d2 08:00" || doc.Labels[8*24+8] != "d9 08:00" {
		t.Errorf("run labels %q and %q", doc.Labels[24+8], doc.Labels[8*24+8])
	}
}
