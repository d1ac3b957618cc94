package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

var classic = []string{"erlang", "--volume", "360", "--interval", "30m", "--aht", "4m", "--sl", "80/20s"}

func TestErlangGolden(t *testing.T) {
	for _, c := range []struct {
		golden string
		extra  []string
	}{
		{"erlang_classic.golden", nil},
		{"erlang_classic_table.golden", []string{"--table", "--shrinkage", "30%"}},
		{"erlang_classic.json.golden", []string{"--format", "json"}},
		{"erlang_patience.golden", []string{"--patience", "3m", "--table", "--max-abandon", "5%"}},
		{"erlang_patience.json.golden", []string{"--patience", "3m", "--agents", "52", "--format", "json", "--table"}},
		{"erlang_agents.golden", []string{"--agents", "55", "--sl-def", "answered"}},
	} {
		args := append(append([]string{}, classic...), c.extra...)
		code, out, errOut := run(t, "", args...)
		if code != 0 || errOut != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
		}
		golden(t, c.golden, out)
	}
}

// TestErlangClassic checks the worked example's figures directly, so the
// golden files cannot drift from them unnoticed.
func TestErlangClassic(t *testing.T) {
	code, out, _ := run(t, "", append(append([]string{}, classic...), "--format", "json", "--table")...)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	// The fields read here, by their documented keys.
	var r struct {
		Model           string  `json:"model"`
		Agents          int     `json:"agents"`
		ScheduledAgents int     `json:"scheduled_agents"`
		LoadErlangs     float64 `json:"load_erlangs"`
		Table           []struct {
			Agents       int     `json:"agents"`
			ServiceLevel float64 `json:"service_level"`
			ASA          float64 `json:"asa_seconds"`
		} `json:"table"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Model != "Erlang C" || r.Agents != 54 || r.LoadErlangs != 48 || r.ScheduledAgents != 54 {
		t.Errorf("result %+v", r)
	}
	want := map[int][2]float64{53: {0.752, 18.1}, 54: {0.817, 12.1}, 55: {0.867, 8.2}}
	found := 0
	for _, row := range r.Table {
		if w, ok := want[row.Agents]; ok {
			found++
			if d := row.ServiceLevel - w[0]; d > 0.0005 || d < -0.0005 {
				t.Errorf("%d agents: service level %v, want %v", row.Agents, row.ServiceLevel, w[0])
			}
			if d := row.ASA - w[1]; d > 0.05 || d < -0.05 {
				t.Errorf("%d agents: ASA %v, want %v", row.Agents, row.ASA, w[1])
			}
		}
	}
	if found != len(want) {
		t.Errorf("the table has %d of the rows for 53, 54 and 55 agents: %+v", found, r.Table)
	}
	// JSON keys are a documented interface.
	var keys map[string]any
	_ = json.Unmarshal([]byte(out), &keys)
	for _, k := range []string{"model", "agents", "scheduled_agents", "load_erlangs", "p_wait", "service_level", "asa_seconds", "occupancy", "table"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("JSON lacks key %q", k)
		}
	}
	if _, ok := keys["p_abandon"]; ok {
		t.Error("Erlang C output has p_abandon")
	}
}

func TestErlangBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"erlang", "--volume", "-5", "--aht", "4m"},
		{"erlang", "--volume", "360", "--aht", "4m", "--sl", "120/20s"},
		{"erlang", "--volume", "360", "--aht", "4m", "--sl", "80"},
		{"erlang", "--volume", "360", "--aht", "4 minutes"},
		{"erlang", "--volume", "360", "--aht", "-4m"},
		{"erlang", "--volume", "360", "--aht", "0s"},
		{"erlang", "--volume", "360", "--aht", "4m", "--interval", "x"},
		{"erlang", "--volume", "360", "--aht", "4m", "--patience", "soon"},
		{"erlang", "--volume", "360", "--aht", "4m", "--max-abandon", "5%"},
		{"erlang", "--volume", "360", "--aht", "4m", "--patience", "3m", "--max-abandon", "150%"},
		{"erlang", "--volume", "360", "--aht", "4m", "--max-occupancy", "abc"},
		{"erlang", "--volume", "360", "--aht", "4m", "--shrinkage", "100%"},
		{"erlang", "--volume", "360", "--aht", "4m", "--format", "xml"},
		{"erlang", "--volume", "360", "--aht", "4m", "--sl-def", "best"},
		{"erlang", "--volume", "360", "--aht", "4m", "--agents", "-3"},
		{"erlang", "--volume", "360", "--aht", "4m", "--sl", "0/20s"},
		{"erlang", "--volume", "abc", "--aht", "4m"},
		{"erlang", "--aht", "4m"},
		{"erlang", "--volume", "360"},
		{"erlang", "--volume", "1e300", "--aht", "4m"},
		{"erlang", "--volume", "360", "--aht", "4m", "extra"},
	} {
		code, out, errOut := run(t, "", args...)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "ccsim: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line", args, code, out, errOut)
		}
	}
}

func TestErlangUnstableAgents(t *testing.T) {
	code, _, errOut := run(t, "", append(append([]string{}, classic...), "--agents", "40")...)
	if code != 1 || !strings.Contains(errOut, "least stable agent count is 49") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestErlangUnreachableAndUnstable: targets no staffing meets fail (exit
// 1); the table leaves out agent counts too few to be stable.
func TestErlangUnreachableAndUnstable(t *testing.T) {
	code, _, errOut := run(t, "", "erlang", "--volume", "1e6", "--interval", "30m", "--aht", "4m", "--max-occupancy", "0.0001%")
	if code != 1 || !strings.Contains(errOut, "no staffing up to 1e+07 agents meets the targets") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	out := runOK(t, "", append(append([]string{}, classic...), "--agents", "50", "--table")...)
	// 48 Erlangs: 48 agents and fewer never catch up.
	row := func(n int) bool { return regexp.MustCompile(fmt.Sprintf(`(?m)^ +%d +`, n)).MatchString(out) }
	if row(48) || !row(49) || !row(55) {
		t.Errorf("table:\n%s", out)
	}
}

// TestErlangShareSyntax: the flags read shares as scenario files do.
// --sl 0.8/20s, 80%/20s and 80/20s ask the same question (54 agents for the
// worked example; 0.8 was once read as 0.8%), --shrinkage 0.3 is 30%
// (not 0.3%), and an ambiguous 1 or a bare 30 is refused with what to write.
func TestErlangShareSyntax(t *testing.T) {
	answer := func(args ...string) string {
		t.Helper()
		code, out, errOut := run(t, "", append([]string{"erlang", "--volume", "360", "--interval", "30m", "--aht", "4m", "--format", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		return out
	}
	want := answer("--sl", "80/20s")
	for _, sl := range []string{"0.8/20s", "80%/20s", "80/20"} {
		if got := answer("--sl", sl); got != want {
			t.Errorf("--sl %s answers\n%s\nwant, as for 80/20s,\n%s", sl, got, want)
		}
	}
	if !strings.Contains(want, `"agents": 54`) {
		t.Errorf("80/20s: %s", want)
	}
	if a, b := answer("--shrinkage", "0.3"), answer("--shrinkage", "30%"); a != b || !strings.Contains(a, `"scheduled_agents": 78`) {
		t.Errorf("--shrinkage 0.3 gives\n%s\n--shrinkage 30%% gives\n%s\n(want 78 scheduled: 54 / 0.7)", a, b)
	}
	for _, c := range []struct{ flag, value, want string }{
		{"--sl", "1/20s", "1%/20s for one percent, or 100%/20s"},
		{"--shrinkage", "30", "write 30% for 30 percent, or 0.3"},
		{"--shrinkage", "1", "ambiguous"},
		{"--max-occupancy", "85", "write 85%"},
	} {
		code, _, errOut := run(t, "", "erlang", "--volume", "360", "--aht", "4m", c.flag, c.value)
		if code != 2 || !strings.Contains(errOut, c.want) || !strings.Contains(errOut, c.flag) {
			t.Errorf("%s %s: exit %d, stderr %q; want exit 2 and %q", c.flag, c.value, code, errOut, c.want)
		}
	}
}
