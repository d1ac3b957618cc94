package output

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/baseline"
)

// checked compares the default scenario run with seed 2 against a
// baseline of its run with seed 1, per interval too, with a relative
// tolerance on the phone's offered contacts and an exact one on its
// service level, so that every kind of row shows.
func checked(t *testing.T) Check {
	t.Helper()
	sel := baseline.DefaultSelection()
	sel.Intervals = []string{"service_level"}
	base, err := baseline.New(simulated(t, 1), sel, "test")
	if err != nil {
		t.Fatal(err)
	}
	base.Tolerances["phone/offered"] = baseline.Tolerance{Relative: 0.5}
	base.Tolerances["phone/service_level"] = baseline.Tolerance{}
	base.Tolerances["chat/offered"] = baseline.Tolerance{Absolute: 1}
	now, err := baseline.New(simulated(t, 2), sel, "test")
	if err != nil {
		t.Fatal(err)
	}
	if now, err = base.Refresh(now); err != nil {
		t.Fatal(err)
	}
	rep, err := baseline.Compare(base, now)
	if err != nil {
		t.Fatal(err)
	}
	return Check{Scenario: "center.yaml", BaselineFile: "center.json", Base: base, Now: now, Report: rep,
		Lines: map[string]int{"phone": 12, "group voice": 30}}
}

// TestCheckTable prints the comparison: the verdict first, then what
// failed, and the KPIs that hold only when verbose; the allowance of each
// kind; annotations only on GitHub.
func TestCheckTable(t *testing.T) {
	c := checked(t)
	if c.Report.Failed() == 0 {
		t.Fatal("no KPI failed: the exact tolerance should fail the phone's service level")
	}
	var quiet, verbose, github bytes.Buffer
	if err := Write(&quiet, c, Table); err != nil {
		t.Fatal(err)
	}
	c.Verbose = true
	Write(&verbose, c, Table)
	c.Verbose, c.GitHub = false, true
	Write(&github, c, Table)
	for _, want := range []string{
		`Checking "Default multi-channel center" (seed 2, 3 replications) against center.json (seed 1, 3 replications, ccsim test).`,
		"family-wise confidence over ", "exact", " pp ",
		"KPIs within tolerance not listed; --verbose lists them)",
		"FAIL: ",
	} {
		if !strings.Contains(quiet.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, quiet.String())
		}
	}
	for _, want := range []string{" rel ", " abs ", "exact", " stat ", " ok"} {
		if !strings.Contains(verbose.String(), want) {
			t.Errorf("verbose table lacks %q:\n%s", want, verbose.String())
		}
	}
	// The verdict leads, the failures come first, and the KPIs that hold
	// are not listed.
	lines := strings.Split(quiet.String(), "\n")
	if len(lines) < 6 || !strings.HasPrefix(lines[3], "FAIL: ") || !strings.HasPrefix(lines[5], "KPI ") || !strings.Contains(lines[6], "FAIL") {
		t.Errorf("the report does not lead with what failed:\n%s", quiet.String())
	}
	for _, l := range lines {
		if strings.HasSuffix(l, " ok") {
			t.Errorf("a KPI that holds is listed without --verbose: %q", l)
		}
	}
	if strings.Contains(quiet.String(), "::error") || verbose.Len() <= quiet.Len() ||
		strings.Contains(verbose.String(), "not listed") {
		t.Errorf("verbose %d bytes, quiet %d", verbose.Len(), quiet.Len())
	}
	annotations := strings.Count(github.String(), "\n::error file=center.yaml,")
	if annotations != c.Report.Failed() || !strings.Contains(github.String(), "::error file=center.yaml,line=12,title=ccsim check%3A phone/service_level::phone/service_level moved from ") {
		t.Errorf("%d annotations for %d failures:\n%s", annotations, c.Report.Failed(), github.String())
	}
}

// TestCheckUpdated: an update says what it wrote, after the comparison
// with the old baseline when there was one.
func TestCheckUpdated(t *testing.T) {
	c := checked(t)
	c.Updated = true
	var b bytes.Buffer
	Write(&b, c, Table)
	if !strings.HasPrefix(b.String(), "Checking ") ||
		!strings.HasSuffix(b.String(), "\nwrote center.json: "+Int(len(c.Now.KPIs))+` KPIs of "Default multi-channel center", seed 2, 3 replications`+"\n") {
		t.Errorf("update of a baseline:\n%s", b.String())
	}
	c.Base = nil
	b.Reset()
	Write(&b, c, Table)
	if strings.Count(b.String(), "\n") != 1 || !strings.HasPrefix(b.String(), "wrote center.json: ") {
		t.Errorf("a new baseline: %q", b.String())
	}
}

// TestCheckJUnit: a test case per KPI, the failures and skips counted.
func TestCheckJUnit(t *testing.T) {
	c := checked(t)
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Properties []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
			Cases []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(c.JUnit(), &doc); err != nil {
		t.Fatal(err)
	}
	rep := c.Report
	if doc.Tests != len(rep.Rows) || doc.Failures != rep.Failed() || doc.Skipped != rep.Count(baseline.Skip) ||
		len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != len(rep.Rows) || len(doc.Suites[0].Properties) != 5 {
		t.Fatalf("junit %+v", doc)
	}
	for i, tc := range doc.Suites[0].Cases {
		if tc.Name != rep.Rows[i].ID || tc.Classname != "ccsim.check.center" || (tc.Failure != nil) != rep.Rows[i].Verdict.Failed() {
			t.Errorf("case %d %+v for %+v", i, tc, rep.Rows[i])
		}
	}
	if !bytes.Equal(c.JUnit(), c.JUnit()) {
		t.Error("the report differs between two renderings")
	}
}

func TestCheckSummary(t *testing.T) {
	rep := &baseline.Report{Rows: []baseline.Row{
		{ID: "a/offered", Verdict: baseline.Pass}, {ID: "b/offered", Verdict: baseline.Skip},
		{ID: "c/offered", Verdict: baseline.Added},
	}}
	if got := CheckSummary(rep); got != "ok: every compared KPI holds, 3 in all (1 skipped, 1 not in the baseline (--update adds them))" {
		t.Errorf("%q", got)
	}
	for i := range 7 {
		rep.Rows = append(rep.Rows, baseline.Row{ID: string(rune('d'+i)) + "/x", Verdict: baseline.Missing})
	}
	if got := CheckSummary(rep); got != "FAIL: 7 of 10 KPIs failed: d/x, e/x, f/x, g/x, h/x, ... (1 skipped, 1 not in the baseline (--update adds them))" {
		t.Errorf("%q", got)
	}
	for _, r := range []baseline.Row{
		{Verdict: baseline.Missing, Note: "gone"}, {Verdict: baseline.Skip, Note: "n 1"}, {Verdict: baseline.Added, Note: "new"},
		{Verdict: baseline.Pass, Note: "both undefined"}, {Verdict: baseline.Fail, Note: "now undefined"},
	} {
		if got := verdict(r); !strings.Contains(got, r.Note) {
			t.Errorf("verdict %q lacks %q", got, r.Note)
		}
	}
	if got := failure(baseline.Row{ID: "a/offered", Verdict: baseline.Missing}, 0.999); !strings.HasPrefix(got, "a/offered is in the baseline but not in the forecast") {
		t.Errorf("%q", got)
	}
	if got := EscapeProperty("a:b,c%\n"); got != "a%3Ab%2Cc%25%0A" {
		t.Errorf("%q", got)
	}
}
