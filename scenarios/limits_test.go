package scenarios

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const tiny = `channels:
  phone: {kind: call, arrivals: {per_day: 10, profile: flat}, handle: 4m}
groups:
  team: {skills: [phone], staffing: [{from: "00:00", to: "24:00", agents: 1}]}
`

func wantProblem(t *testing.T, err error, substr string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want an *Error", err)
	}
	if !strings.Contains(err.Error(), substr) {
		t.Errorf("got %q, want it to mention %q", err, substr)
	}
}

func TestFileSizeLimit(t *testing.T) {
	big := tiny + "description: " + strings.Repeat("x", maxFileBytes) + "\n"
	_, err := Parse("big.yaml", []byte(big))
	wantProblem(t, err, "larger than the limit of 4 MiB")
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path)
	wantProblem(t, err, "larger than the limit of 4 MiB")
}

func TestLoadErrors(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "missing.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("loading a directory gives no error")
	}
	for _, text := range []string{"", "# only a comment\n", "---\n", "42\n", "[1, 2]\n", "~\n"} {
		if _, err := Parse("x.yaml", []byte(text)); err == nil {
			t.Errorf("%q: no error", text)
		}
	}
}

// A billion-laughs document: nine levels of ten aliases each expand to
// a billion nodes. The node budget stops the walk long before.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	_, err := Parse("bomb.yaml", []byte(b.String()+tiny))
	wantProblem(t, err, "more than 1000000 nodes")
}

func TestDeepNesting(t *testing.T) {
	deep := "description: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n" + tiny
	_, err := Parse("deep.yaml", []byte(deep))
	wantProblem(t, err, "nesting deeper than 64 levels")
}

// Aliases are fine within the budget: a shared target, say.
func TestAliasesWithinBudget(t *testing.T) {
	text := `channels:
  a: {kind: call, arrivals: {per_day: 10, profile: flat}, handle: 4m, target: &sl {answered: 80%, within: 20s}}
  b: {kind: call, arrivals: {per_day: 10, profile: flat}, handle: 4m, target: *sl}
groups:
  team: {skills: [a, b], staffing: []}
`
	s, err := Parse("alias.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if s.Channels[1].Target != s.Channels[0].Target || s.Channels[1].Target.Goal != 0.8 {
		t.Errorf("aliased target %+v", s.Channels[1].Target)
	}
}

func TestModelSizeLimits(t *testing.T) {
	_, err := Parse("x.yaml", []byte("interval: 1m\nhorizon: {days: 300}\n"+tiny))
	wantProblem(t, err, "more than the limit of 100000")
	var b strings.Builder
	b.WriteString("channels:\n")
	for i := 0; i <= maxChannels; i++ {
		b.WriteString("  c" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ": {kind: call, arrivals: {per_day: 1, profile: flat}, handle: 1m}\n")
	}
	b.WriteString("groups:\n  team: {skills: [caa], staffing: []}\n")
	_, err = Parse("x.yaml", []byte(b.String()))
	wantProblem(t, err, "more than the limit of 100")
}

func TestProblemCountIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(tiny)
	for i := range 300 {
		b.WriteString("unknown" + strings.Repeat("x", i) + ": 1\n")
	}
	_, err := Parse("x.yaml", []byte(b.String()))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	if len(e.Problems) != maxProblems+1 || !strings.Contains(e.Problems[maxProblems].Msg, "200 more problems") {
		t.Errorf("%d problems, last %q", len(e.Problems), e.Problems[len(e.Problems)-1].Msg)
	}
}
