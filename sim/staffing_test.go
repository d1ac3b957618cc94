package sim

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func staffedModel() *Model {
	return &Model{
		IntervalSeconds: 3600, Intervals: 4,
		Channels: []Channel{{Name: "phone", Arrivals: Arrivals{Rates: make([]float64, 4)}, Handle: Exp(180),
			Patience: &Dist{Kind: Empirical, Points: []CDFPoint{{X: 0, P: 0}, {X: 60, P: 1}}}}},
		Groups: []Group{
			{Name: "team", Skills: []Skill{{Channel: 0}}, Staff: make([]int, 4), Shrinkage: 0.25,
				Shifts: &[7][]Shift{1: {{Start: 0, Length: 3600, Count: 1, Breaks: []Break{{After: 0, Length: 60}}}}}},
			{Name: "outsourcer", Skills: []Skill{{Channel: 0}}, Unlimited: true},
		},
	}
}

// TestSetStaffing: scheduled agents less shrinkage, rounded down, on the
// floor; the epsilon keeps 4 x 0.75 at 3, not 2.999...
func TestSetStaffing(t *testing.T) {
	m := staffedModel()
	if err := m.SetStaffing("team", []int{4, 5, 7, 0}); err != nil {
		t.Fatal(err)
	}
	g := m.Group("team")
	if !slices.Equal(g.Staff, []int{3, 3, 5, 0}) || !slices.Equal(g.Paid, []float64{4, 5, 7, 0}) || g.Shifts != nil {
		t.Errorf("staff %v, paid %v, shifts %v", g.Staff, g.Paid, g.Shifts)
	}
	if err := m.Validate(); err != nil {
		t.Error(err)
	}
	for _, c := range []struct {
		group string
		v     []int
		want  string
	}{
		{"tem", []int{1, 2, 3, 4}, `unknown group "tem"`},
		{"outsourcer", []int{1, 2, 3, 4}, "unlimited"},
		{"team", []int{1, 2}, "2 staffing values for 4 intervals"},
		{"team", []int{1, 2, -1, 4}, "outside"},
	} {
		if err := m.SetStaffing(c.group, c.v); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("SetStaffing(%q, %v): %v, want %q", c.group, c.v, err, c.want)
		}
	}
	if m.Group("nobody") != nil {
		t.Error("an unknown group found")
	}
}

// TestClone: a clone shares nothing a caller may change with its model.
func TestClone(t *testing.T) {
	m := staffedModel()
	m.Channels[0].Hours = []Window{}
	m.Channels[0].Switch = &Switch{Threshold: 60, Share: 0.5}
	m.Channels[0].Redial = &Redial{Share: 0.5, Delay: Dist{Kind: Empirical, Points: []CDFPoint{{X: 0, P: 0}, {X: 60, P: 1}}}}
	m.Channels[0].FollowUp = &FollowUp{Rate: 0.1, Work: Dist{Kind: Empirical, Points: []CDFPoint{{X: 0, P: 0}, {X: 60, P: 1}}}}
	m.Channels[0].Arrivals.Daily = &DailyArrivals{}
	m.Flows = []Flow{{Delay: Dist{Kind: Empirical, Points: []CDFPoint{{X: 0, P: 0}, {X: 60, P: 1}}}}}
	c := m.Clone()
	c.Channels[0].Switch.Share = 9
	c.Channels[0].Redial.Delay.Points[1].X = 9
	c.Channels[0].FollowUp.Work.Points[1].X = 9
	c.Channels[0].Arrivals.Daily.Volume[0] = 9
	c.Flows[0].Delay.Points[1].X = 9
	if m.Channels[0].Switch.Share != 0.5 || m.Channels[0].Redial.Delay.Points[1].X != 60 || m.Channels[0].FollowUp.Work.Points[1].X != 60 ||
		m.Channels[0].Arrivals.Daily.Volume[0] != 0 || m.Flows[0].Delay.Points[1].X != 60 {
		t.Error("changing the clone's switch, redial, follow-ups, daily arrivals or flows changed the model")
	}
	c.Channels[0].Arrivals.Rates[0] = 9
	c.Channels[0].Patience.Points[1].X = 9
	c.Groups[0].Staff[0] = 9
	c.Groups[0].Shifts[1][0].Breaks[0].Length = 9
	c.Groups = append(c.Groups[:1], Group{Name: "extra"})
	if m.Channels[0].Arrivals.Rates[0] != 0 || m.Channels[0].Patience.Points[1].X != 60 || m.Groups[0].Staff[0] != 0 ||
		m.Groups[0].Shifts[1][0].Breaks[0].Length != 60 || m.Groups[1].Name != "outsourcer" {
		t.Error("changing the clone changed the model")
	}
	if c.Channels[0].Hours == nil {
		t.Error("closed hours (an empty list) became always open (nil)")
	}
}

func TestValidateModelFields(t *testing.T) {
	m := staffedModel()
	m.Groups[0].Shrinkage = 1
	m.CostPerHandledMinute = -1
	d := &DailyArrivals{}
	d.Volume[2] = -1
	d.Profile[3] = &Profile{Name: "bad"}
	m.Channels[0].Arrivals = Arrivals{Daily: d}
	err := m.Validate()
	for _, want := range []string{"shrinkage 1", "cost per handled minute", "daily arrivals without the rates",
		"daily volume -1 on weekday 2", `profile "bad": needs at least two points`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
}

// TestCloneDeep changes every number reachable in a clone of a model with
// every behaviour on, through every slice and pointer (profiles aside,
// which are shared by design), and checks that the original did not
// change: no field Clone forgets can alias its model.
func TestCloneDeep(t *testing.T) {
	m := breadthModel()
	d := &DailyArrivals{}
	for wd := range d.Profile {
		d.Profile[wd] = &Profile{Name: "p", Points: []ProfilePoint{{0, 1}, {86400, 1}}}
	}
	m.Channels[0].Arrivals.Daily = d
	before, err := gobBytes(m)
	if err != nil {
		t.Fatal(err)
	}
	c := m.Clone()
	touched := bump(reflect.ValueOf(c).Elem())
	after, err := gobBytes(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("changing the clone changed the model")
	}
	if touched < 100 {
		t.Errorf("only %d numbers changed: the walk missed the model", touched)
	}
}

func gobBytes(m *Model) ([]byte, error) {
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(m)
	return b.Bytes(), err
}

// bump adds one to every number reachable from v and returns how many it
// changed.
func bump(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Float64:
		v.SetFloat(v.Float() + 1)
		return 1
	case reflect.Int, reflect.Int64, reflect.Uint64:
		if v.Kind() == reflect.Uint64 {
			v.SetUint(v.Uint() + 1)
		} else {
			v.SetInt(v.Int() + 1)
		}
		return 1
	case reflect.Pointer:
		if v.IsNil() || v.Type() == reflect.TypeFor[*Profile]() {
			return 0
		}
		return bump(v.Elem())
	case reflect.Slice, reflect.Array:
		n := 0
		for i := range v.Len() {
			n += bump(v.Index(i))
		}
		return n
	case reflect.Struct:
		n := 0
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				n += bump(v.Field(i))
			}
		}
		return n
	}
	return 0
}
