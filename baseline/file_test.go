package baseline

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func testBaseline(t *testing.T) *Baseline {
	t.Helper()
	sel := DefaultSelection()
	sel.Intervals = []string{"service_level", "queue_end"}
	b, err := New(testResult(), sel, "0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	b.Tolerances["service_level"] = Tolerance{Absolute: 0.02, Statistical: true}
	b.Tolerances["phone/offered"] = Tolerance{Relative: 0.1}
	b.Tolerances["group voice/cost"] = Tolerance{}
	// A mean with more digits than the file keeps.
	b.KPIs[0].Mean = 1 / 3.0
	return b
}

func TestMarshalParseRoundTrip(t *testing.T) {
	b := testBaseline(t)
	data := b.Marshal()
	got, err := Parse("b.json", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !bytes.Equal(got.Marshal(), data) {
		t.Errorf("second write differs:\n%s\nfirst:\n%s", got.Marshal(), data)
	}
	if got.Scenario != b.Scenario || got.Seed != b.Seed || got.Replications != b.Replications ||
		got.Version != b.Version || got.Confidence != b.Confidence || len(got.Tolerances) != len(b.Tolerances) ||
		len(got.KPIs) != len(b.KPIs) {
		t.Fatalf("read back %+v", got)
	}
	for i, k := range got.KPIs {
		w := b.KPIs[i]
		same := k.ID == w.ID && k.N == w.N &&
			(math.Abs(k.Mean-w.Mean) <= 1e-9*math.Abs(w.Mean) || math.IsNaN(k.Mean) && math.IsNaN(w.Mean))
		if !same {
			t.Errorf("KPI %d: %+v, wrote %+v", i, k, w)
		}
	}
	// What the file rounded must still compare equal to what was run.
	rep, err := Compare(got, b)
	if err != nil || rep.Failed() != 0 {
		t.Errorf("a baseline fails against its own forecast: %v, %d failed", err, rep.Failed())
	}
}

// TestMarshalLayout pins the layout a person reads in a diff: fields in a
// fixed order, the default tolerance first, one KPI a line.
func TestMarshalLayout(t *testing.T) {
	b := &Baseline{Scenario: "x <&>", Seed: 3, Replications: 20, Version: "v", Confidence: 0.999,
		Select:     Selection{Channel: []string{"offered"}, Group: []string{}, Intervals: nil},
		Tolerances: map[string]Tolerance{"offered": {Relative: 0.05}, DefaultKey: {Statistical: true}},
		KPIs:       []KPI{{ID: "phone/offered", Stat: stat(123.456, 7.5, 20)}, {ID: "all channels/offered", Stat: undef}}}
	want := `{
  "format": "ccsim-baseline/1",
  "scenario": "x <&>",
  "seed": 3,
  "replications": 20,
  "ccsim_version": "v",
  "kpis": {
    "channel": ["offered"],
    "group": [],
    "intervals": []
  },
  "confidence": 0.999,
  "tolerances": {
    "default": {"statistical": true},
    "offered": {"relative": 0.05}
  },
  "values": {
    "phone/offered": {"mean": 123.456, "ci95": 7.5, "n": 20},
    "all channels/offered": {"mean": null, "ci95": null, "n": 0}
  }
}
`
	if got := string(b.Marshal()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestParseErrorsNameLineAndField(t *testing.T) {
	good := string(testBaseline(t).Marshal())
	edit := func(old, new string) string {
		if !strings.Contains(good, old) {
			t.Fatalf("no %q in the test file", old)
		}
		return strings.Replace(good, old, new, 1)
	}
	line := func(s string) string {
		i := strings.Index(good, s)
		if i < 0 {
			t.Fatalf("no %q in the test file", s)
		}
		return "b.json:" + strconv.Itoa(strings.Count(good[:i], "\n")+1) + ": "
	}
	for _, c := range []struct{ name, data, want string }{
		{"empty", "", "b.json: unexpected end of file"},
		{"not JSON", "{\n  \"format\": x", "b.json:2: format: invalid JSON: invalid character 'x'"},
		{"other format", edit(`"ccsim-baseline/1"`, `"ccsim-baseline/2"`),
			line(`"format"`) + `format: format "ccsim-baseline/2" is not "ccsim-baseline/1"`},
		{"unknown field", edit(`"seed": 7,`, `"seed": 7, "sede": 1,`), line(`"seed"`) + `sede: unknown field`},
		{"duplicate field", edit(`"seed": 7,`, `"seed": 7, "seed": 8,`), line(`"seed"`) + `key "seed" appears twice`},
		{"seed is text", edit(`"seed": 7,`, `"seed": "7",`), line(`"seed"`) + `seed: found string, want a whole number in range`},
		{"scenario is a number", edit(`"scenario": "test"`, `"scenario": 3`), line(`"scenario"`) + `scenario: found number, want a string`},
		{"confidence is text", edit(`"confidence": 0.999`, `"confidence": "high"`), line(`"confidence"`) + `confidence: found string, want a number`},
		{"metrics not a list", edit(`"intervals": ["service_level", "queue_end"]`, `"intervals": {}`),
			line(`"kpis"`) + `kpis.intervals: found object, want a list`},
		{"statistical is text", edit(`{"absolute": 0.02, "statistical": true}`, `{"absolute": 0.02, "statistical": "yes"}`),
			line(`"service_level": {"abs`) + `tolerances["service_level"].statistical: found string, want true or false`},
		{"no replications", edit(`"replications": 10,`, `"replications": 0,`), line(`"replications"`) + `replications: 0 is not between 1 and`},
		{"missing field", edit(`  "ccsim_version": "0.1.0",`+"\n", ""), `b.json:1: ccsim_version: missing`},
		{"unknown metric", edit(`"asa_seconds"`, `"asa"`), line(`"kpis"`) + `kpis.channel[2]: unknown metric "asa"`},
		{"missing list", edit(`"intervals": ["service_level", "queue_end"]`, `"interval": []`), line(`"kpis"`) + `kpis: unknown field "interval"`},
		{"confidence as percent", edit(`"confidence": 0.999`, `"confidence": 99.9`), line(`"confidence"`) + `confidence: 99.9 is not between 0.5 and 0.9999`},
		{"tolerance typo", edit(`{"absolute": 0.02, "statistical": true}`, `{"absolute": 0.02, "statistcal": true}`),
			line(`"service_level": {"abs`) + `tolerances["service_level"]: unknown field "statistcal"`},
		{"negative tolerance", edit(`{"relative": 0.1}`, `{"relative": -0.1}`),
			line(`"phone/offered": {"rel`) + `tolerances["phone/offered"]: allowances cannot be negative`},
		{"tolerance for nothing", edit(`"phone/offered": {"relative": 0.1}`, `"fone/offered": {"relative": 0.1}`),
			line(`"phone/offered": {"rel`) + `tolerances["fone/offered"]: names no KPI`},
		{"value of an unknown metric", edit(`"phone/asa_seconds": {`, `"phone/asa": {`), line(`"phone/asa_seconds": {`) + `values["phone/asa"]: not a KPI`},
		{"duplicate value", edit(`"chat/offered": {`, `"phone/offered": {`), line(`"chat/offered": {`) + `values: key "phone/offered" appears twice`},
		{"negative half-width", edit(`"chat/offered": {"mean": 100, "ci95": 1,`, `"chat/offered": {"mean": 100, "ci95": -1,`),
			line(`"chat/offered": {`) + `values["chat/offered"]: ci95 -1 is negative`},
		{"mean without n", edit(`"chat/offered": {"mean": 100, "ci95": 1, "n": 10}`, `"chat/offered": {"mean": 100, "ci95": 1}`),
			line(`"chat/offered": {`) + `values["chat/offered"]: "n" is missing`},
		{"n beyond replications", edit(`"chat/offered": {"mean": 100, "ci95": 1, "n": 10}`, `"chat/offered": {"mean": 100, "ci95": 1, "n": 11}`),
			line(`"chat/offered": {`) + `values["chat/offered"].n: 11 is more than the 10 replications`},
		{"null mean", edit(`"chat/offered": {"mean": 100,`, `"chat/offered": {"mean": null,`),
			line(`"chat/offered": {`) + `values["chat/offered"]: mean is null but n is 10`},
		{"n out of range", edit(`"chat/offered": {"mean": 100, "ci95": 1, "n": 10}`, `"chat/offered": {"mean": 100, "ci95": 1, "n": -1}`),
			line(`"chat/offered": {`) + `values["chat/offered"]: n -1 is not between 0 and`},
		{"mean without replications", edit(`"chat/offered": {"mean": 100, "ci95": 1, "n": 10}`, `"chat/offered": {"mean": 100, "ci95": null, "n": 0}`),
			line(`"chat/offered": {`) + `values["chat/offered"]: mean and ci95 must be null when n is 0`},
		{"half-width of one replication", edit(`"chat/offered": {"mean": 100, "ci95": 1, "n": 10}`, `"chat/offered": {"mean": 100, "ci95": 1, "n": 1}`),
			line(`"chat/offered": {`) + `values["chat/offered"]: ci95 must be null when n is 1`},
		{"no half-width", edit(`"chat/offered": {"mean": 100, "ci95": 1,`, `"chat/offered": {"mean": 100, "ci95": null,`),
			line(`"chat/offered": {`) + `values["chat/offered"]: ci95 is null but n is 10`},
		{"text after", good + "{}", `text after the end`},
		{"not an object", "[]", `b.json:1: want an object`},
	} {
		_, err := Parse("b.json", []byte(c.data))
		var be *Error
		if err == nil || !errors.As(err, &be) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v\nwant it to contain %q", c.name, err, c.want)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(filepath.Join(dir, "none.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a folder: %v", err)
	}
	path := filepath.Join(dir, "b.json")
	if err := os.WriteFile(path, testBaseline(t).Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := Load(path); err != nil || len(b.KPIs) == 0 {
		t.Errorf("load: %v", err)
	}
}
