package scenarios

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// sameModel reports where two models differ, with floats equal within a
// relative 1e-9: shares are written as percentages to a millionth of a
// percent and the loader rescales class shares to sum to 1.
func sameModel(a, b *sim.Model) []string {
	var diffs []string
	var walk func(path string, x, y reflect.Value)
	walk = func(path string, x, y reflect.Value) {
		if len(diffs) > 10 {
			return
		}
		switch x.Kind() {
		case reflect.Float64:
			u, v := x.Float(), y.Float()
			if !(u == v || math.Abs(u-v) <= 1e-9*math.Max(math.Abs(u), math.Abs(v))) {
				diffs = append(diffs, fmt.Sprintf("%s: %v, %v", path, u, v))
			}
		case reflect.Pointer:
			if x.IsNil() != y.IsNil() {
				diffs = append(diffs, fmt.Sprintf("%s: nil %v, %v", path, x.IsNil(), y.IsNil()))
			} else if !x.IsNil() {
				walk(path, x.Elem(), y.Elem())
			}
		case reflect.Slice, reflect.Array:
			if x.Len() != y.Len() {
				diffs = append(diffs, fmt.Sprintf("%s: length %d, %d", path, x.Len(), y.Len()))
				return
			}
			if x.Kind() == reflect.Slice && x.IsNil() != y.IsNil() {
				diffs = append(diffs, fmt.Sprintf("%s: nil %v, %v", path, x.IsNil(), y.IsNil()))
			}
			for i := range x.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), x.Index(i), y.Index(i))
			}
		case reflect.Struct:
			for i := range x.NumField() {
				walk(path+"."+x.Type().Field(i).Name, x.Field(i), y.Field(i))
			}
		default:
			if !reflect.DeepEqual(x.Interface(), y.Interface()) {
				diffs = append(diffs, fmt.Sprintf("%s: %v, %v", path, x.Interface(), y.Interface()))
			}
		}
	}
	walk("model", reflect.ValueOf(*a), reflect.ValueOf(*b))
	return diffs
}

// writeAndRead writes m as a scenario file and reads it back, failing
// the test on either error; it returns what was read and the file.
func writeAndRead(t *testing.T, m *sim.Model) (*Scenario, string) {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, m, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	back, err := Parse("written.yaml", b.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	return back, b.String()
}

// TestWriteRoundTrip: every example scenario, written by Write and read
// back, is the same model; so is the copy written from that (Write is
// stable).
func TestWriteRoundTrip(t *testing.T) {
	files, err := filepath.Glob("*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("examples: %v %v", files, err)
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			s, err := Load(file)
			if err != nil {
				t.Fatal(err)
			}
			back, first := writeAndRead(t, &s.Model)
			if d := sameModel(&s.Model, &back.Model); len(d) > 0 {
				t.Errorf("the model read back differs:\n%s\n%s", strings.Join(d, "\n"), first)
			}
			var second bytes.Buffer
			if err := Write(&second, &back.Model, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			if first != second.String() {
				t.Errorf("written twice, the files differ:\n%s\n---\n%s", first, second.String())
			}
		})
	}
}

// TestWriteRenamesProfiles: a custom profile named like a built-in one,
// or like another custom profile, is written under a name of its own, so
// that the file loads (calibrate --day-types weekend named its weekend
// profile phone_weekend, which is built in).
func TestWriteRenamesProfiles(t *testing.T) {
	s, err := Parse("p.yaml", []byte(`
interval: 24h
horizon: {days: 7, start: sunday}
profiles:
  mine: {"08:00": 1, "12:00": 3, "18:00": 1}
channels:
  phone:
    kind: call
    arrivals: {per_day: {weekday: 100, weekend: 40}, profile: {weekday: mine, weekend: phone_weekend}}
    handle: 3m
groups:
  team: {skills: [phone], staffing: [2]}
`))
	if err != nil {
		t.Fatal(err)
	}
	m := s.Model.Clone()
	d := m.Channels[0].Arrivals.Daily
	// A fitted weekend profile that takes the built-in one's name, and a
	// second profile called "mine" that is not the first.
	d.Profile[0] = &sim.Profile{Name: "phone_weekend", Points: []sim.ProfilePoint{{At: 0, Rate: 1}, {At: 43200, Rate: 2}, {At: 86400, Rate: 1}}}
	d.Profile[6] = &sim.Profile{Name: "mine", Points: []sim.ProfilePoint{{At: 36000, Rate: 5}, {At: 50400, Rate: 1}}}
	m.Channels[0].Arrivals.Rates = d.Rates(m.IntervalSeconds, m.Intervals, m.StartWeekday)
	back, written := writeAndRead(t, m)
	// The same model, but for the names of the two renamed profiles.
	d.Profile[0].Name, d.Profile[6].Name = "phone_weekend_2", "mine_2"
	if diffs := sameModel(m, &back.Model); len(diffs) > 0 {
		t.Errorf("%s\n%s", strings.Join(diffs, "\n"), written)
	}
}

// TestWriteRefuses: what a scenario file cannot hold is an error that
// says what, not a file that loads into another model.
func TestWriteRefuses(t *testing.T) {
	base := func() *sim.Model { return Default().Model.Clone() }
	cases := map[string]struct {
		change func(m *sim.Model)
		want   string
	}{
		"replayed counts": {func(m *sim.Model) {
			m.Channels[0].Arrivals = sim.Arrivals{Counts: make([]int, m.Intervals)}
		}, "replayed from recorded counts"},
		"fractional staffing": {func(m *sim.Model) {
			m.Groups[0].Paid[20] = 2.5
		}, "2.5 agents in interval 20"},
		"two openings a day": {func(m *sim.Model) {
			m.Channels[0].Hours = []sim.Window{{From: 3600, To: 7200}, {From: 36000, To: 40000}}
		}, "two windows in one day"},
		"interval": {func(m *sim.Model) {
			m.IntervalSeconds, m.Intervals = 7*60, 10
		}, "whole minutes that divide a day"},
		"outage off the minute": {func(m *sim.Model) {
			m.Groups[0].Outages = []sim.Window{{From: 30, To: 3600}}
		}, "whole minutes"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m := base()
			c.change(m)
			var b bytes.Buffer
			if err := Write(&b, m, WriteOptions{}); err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "scenarios: ") {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

// TestWriteComments: comments go above their key or after its entry,
// with a blank line above the blocks of the top level; characters a
// comment cannot hold are escaped.
func TestWriteComments(t *testing.T) {
	s, err := Parse("c.yaml", []byte(`
name: c
interval: 24h
channels:
  phone: {kind: call, arrivals: {per_interval: [10]}, handle: 3m, target: {answered: 80%, within: 20s}}
groups:
  team: {skills: [phone], staffing: [2]}
`))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	err = Write(&b, &s.Model, WriteOptions{
		Comments: map[string][]string{
			"":                      {"head", "", "from queue\x00A"},
			"channels":              {"the channels"},
			"channels.phone.handle": {"fitted"},
		},
		After: map[string][]string{"channels.phone.target": {"no priorities"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# head\n#\n# from queue\\x00A\nname: \"c\"\n",
		"\n\n# the channels\nchannels:\n",
		"    # fitted\n    handle: {dist: exponential, mean: 180s}\n",
		"    target: {answered: 80%, within: 20s}\n    # no priorities\n\ngroups:\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
}

func TestWrapFlow(t *testing.T) {
	long := func(n int, item string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = item
		}
		return out
	}
	for _, c := range []struct{ name, in, want string }{
		{"short", "a: {b: 1}\n", "a: {b: 1}\n"},
		{"mapping", "  p: {" + strings.Join(long(12, `"10:00": 1.25`), ", ") + "}\n",
			"  p: {" + strings.Join(long(7, `"10:00": 1.25`), ", ") + ",\n    " + strings.Join(long(5, `"10:00": 1.25`), ", ") + "}\n"},
		{"list of pairs", "points: [" + strings.Join(long(12, "[100s, 0.12345]"), ", ") + "]\n",
			"points: [" + strings.Join(long(6, "[100s, 0.12345]"), ", ") + ",\n  " + strings.Join(long(6, "[100s, 0.12345]"), ", ") + "]\n"},
		{"list of values stays a row", "sun: [" + strings.Join(long(48, "10"), ", ") + "]\n", "sun: [" + strings.Join(long(48, "10"), ", ") + "]\n"},
		{"commas in quotes", `x: {a: "` + strings.Repeat("b, ", 40) + `", c: 1}` + "\n", `x: {a: "` + strings.Repeat("b, ", 40) + `",` + "\n  c: 1}\n"},
		{"a comment", "# {" + strings.Repeat("a: 1, ", 30) + "}\n", "# {" + strings.Repeat("a: 1, ", 30) + "}\n"},
	} {
		if got := wrapFlow(c.in); got != c.want {
			t.Errorf("%s:\n%s\nwant\n%s", c.name, got, c.want)
		}
	}
}

// TestWithStaffing: a file given a model's staffing reads back as that
// model, keeps what a person wrote around the staffing (comments, key
// order, other groups), and marks each replaced staffing with the note.
func TestWithStaffing(t *testing.T) {
	const note = "planned by a test"
	for _, c := range []struct {
		name, file string
		edit       func(string) string
		staffed    int    // groups that get the note
		keep       string // text of the file that must survive
		foreign    bool   // the file has a group the model has not, so it reads back as another model
	}{
		{"staffing replaced", "starter.yaml", nil, 1, "  # A fifth of calls need an email afterwards.\n", false},
		// A group given no staffing gets one, after its other keys.
		{"staffing added", "starter.yaml", func(s string) string { return s[:strings.Index(s, "    staffing:")] }, 1,
			"    hourly_cost: 30 # per paid hour\n    # " + note + "\n    staffing:\n", false},
		// An unlimited group has no staffing and gets none.
		{"unlimited left alone", "outsourced-overflow.yaml", nil, 1, "  outsourcer:\n    unlimited: true\n", false},
		// A group the model does not have is left as written.
		{"unknown group left alone", "starter.yaml", func(s string) string {
			return s + "  spare: {skills: [phone], staffing: [3]}\n"
		}, 1, "  spare: {skills: [phone], staffing: [3]}\n", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			orig, err := os.ReadFile(c.file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(c.file, orig)
			if err != nil {
				t.Fatal(err)
			}
			// A plan unlike the file's: 0 to 6 agents, changing every
			// interval, so that no interval can keep the old figure by
			// chance.
			g := &s.Model.Groups[0]
			paid := make([]float64, len(g.Staff))
			for i := range paid {
				paid[i] = float64(i % 7)
			}
			g.SetScheduled(paid)
			data := string(orig)
			if c.edit != nil {
				data = c.edit(data)
			}
			out, err := WithStaffing(c.file, []byte(data), &s.Model, note)
			if err != nil {
				t.Fatal(err)
			}
			text := string(out)
			if n := strings.Count(text, "# "+note+"\n"); n != c.staffed {
				t.Errorf("the note is written %d times, want %d:\n%s", n, c.staffed, text)
			}
			if !strings.Contains(text, c.keep) || strings.Index(text, "\nname:") > strings.Index(text, "\ngroups:") {
				t.Errorf("lost %q or the key order:\n%s", c.keep, text)
			}
			if c.foreign {
				return
			}
			back, err := Parse("staffed.yaml", out)
			if err != nil {
				t.Fatalf("%v\n%s", err, text)
			}
			if d := sameModel(&s.Model, &back.Model); len(d) > 0 {
				t.Errorf("read back, the model differs:\n%s\n%s", strings.Join(d, "\n"), text)
			}
		})
	}
	// Without a note, no comment is added.
	orig, err := os.ReadFile("worked-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse("worked-example.yaml", orig)
	if err != nil {
		t.Fatal(err)
	}
	s.Model.Groups[0].SetScheduled([]float64{60})
	out, err := WithStaffing("worked-example.yaml", orig, &s.Model, "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(out), "#") != strings.Count(string(orig), "#") || !strings.Contains(string(out), "staffing: [60]") {
		t.Errorf("without a note:\n%s", out)
	}
}

// TestWithStaffingRefuses: a file with nowhere to put staffing is an
// error naming the file.
func TestWithStaffingRefuses(t *testing.T) {
	s, err := Load("worked-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"groups: [\n":            "scenarios: f.yaml: ",
		"- a\n- b\n":             "scenarios: f.yaml: not a scenario file",
		"name: x\n":              "scenarios: f.yaml: no groups to staff",
		"name: x\ngroups: [a]\n": "scenarios: f.yaml: no groups to staff",
	} {
		if _, err := WithStaffing("f.yaml", []byte(text), &s.Model, "n"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
}
