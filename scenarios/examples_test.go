package scenarios

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// examples are the scenario files shipped in this folder.
func examples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 8 {
		t.Fatalf("found %d example files, want the default, the starter and at least six more", len(files))
	}
	return files
}

func TestExamplesLoadAndBuildValidModels(t *testing.T) {
	for _, f := range examples(t) {
		t.Run(f, func(t *testing.T) {
			s, err := Load(f)
			if err != nil {
				t.Fatal(err)
			}
			m := s.Model.Clone()
			if err := m.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func mustModel(t *testing.T, file string) *sim.Model {
	t.Helper()
	s, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return s.Model.Clone()
}

func TestWorkedExample(t *testing.T) {
	m := mustModel(t, "worked-example.yaml")
	if m.Intervals != 1 || m.IntervalSeconds != 1800 {
		t.Fatalf("horizon %d x %gs, want 1 x 1800s", m.Intervals, m.IntervalSeconds)
	}
	c := m.Channels[0]
	// 360 calls in 1800 s.
	if got := c.Arrivals.Rates; len(got) != 1 || math.Abs(got[0]-0.2) > 1e-15 {
		t.Errorf("rates %v, want [0.2]", got)
	}
	if !reflect.DeepEqual(c.Handle, sim.Exp(240)) {
		t.Errorf("handle %+v, want exponential mean 240", c.Handle)
	}
	if c.Target.Goal != 0.8 || c.Target.Threshold != 20 {
		t.Errorf("target %+v, want 80%% within 20 s", c.Target)
	}
	if c.Patience != nil {
		t.Errorf("patience %+v, want none", c.Patience)
	}
	if g := m.Groups[0]; len(g.Staff) != 1 || g.Staff[0] != 54 || g.Paid[0] != 54 {
		t.Errorf("staff %v paid %v, want 54 on the floor", g.Staff, g.Paid)
	}
}

func TestDefaultScenario(t *testing.T) {
	s := Default()
	m := s.Model.Clone()
	if m.Intervals != 48 || m.IntervalSeconds != 1800 {
		t.Fatalf("horizon %d x %gs, want one day of half-hours", m.Intervals, m.IntervalSeconds)
	}
	if s.Seed != 1 || s.Replications != 20 || s.Currency != "USD" || s.CostPerHandledMinute != 1.60 {
		t.Errorf("seed %d, replications %d, currency %s, per minute %v", s.Seed, s.Replications, s.Currency, s.CostPerHandledMinute)
	}
	// The arrival rates over the day add back up to per_day.
	perDay := map[string]float64{"phone": 1440, "chat": 600, "email": 300}
	kinds := map[string]sim.Kind{"phone": sim.Call, "chat": sim.Chat, "email": sim.Email}
	for _, c := range m.Channels {
		total := 0.0
		for _, r := range c.Arrivals.Rates {
			total += r * m.IntervalSeconds
		}
		if math.Abs(total-perDay[c.Name]) > 1e-9*perDay[c.Name] {
			t.Errorf("%s: %v arrivals a day, want %v", c.Name, total, perDay[c.Name])
		}
		if c.Kind != kinds[c.Name] {
			t.Errorf("%s: kind %v, want %v", c.Name, c.Kind, kinds[c.Name])
		}
	}
	phone, chat, email := m.Channels[0], m.Channels[1], m.Channels[2]
	if !reflect.DeepEqual(phone.Handle, sim.Dist{Kind: sim.LogNormal, Mean: 190.5, CV: 1.43}) || phone.Lines != 96 {
		t.Errorf("phone handle %+v lines %d", phone.Handle, phone.Lines)
	}
	if phone.Patience == nil || !reflect.DeepEqual(*phone.Patience, sim.Exp(382)) {
		t.Errorf("phone patience %+v, want exponential mean 382 s", phone.Patience)
	}
	if phone.Switch == nil || *phone.Switch != (sim.Switch{Threshold: 3600, Share: 0.4, To: 1}) {
		t.Errorf("phone switch %+v, want 40%% to chat after 60 min", phone.Switch)
	}
	if chat.Concurrency != 2 || chat.Slowdown != 0.25 {
		t.Errorf("chat concurrency %d slowdown %v", chat.Concurrency, chat.Slowdown)
	}
	// 1.15 messages per request: 0.15 over 2 h, one per 13h20m.
	if f := email.FollowUp; f == nil || math.Abs(f.Rate-1.0/48000) > 1e-18 || !reflect.DeepEqual(f.Work, sim.Const(60)) {
		t.Errorf("email follow-ups %+v", email.FollowUp)
	}
	wantClasses := []sim.Class{
		{Name: "urgent", Share: 0.05, Target: sim.Target{Threshold: 1800, Goal: 0.9}},
		{Name: "high", Share: 0.20, Target: sim.Target{Threshold: 4 * 3600, Goal: 0.9}},
		{Name: "normal", Share: 0.75, Target: sim.Target{Threshold: 8 * 3600, Goal: 0.9}},
	}
	for i, c := range email.Classes {
		if c.Name != wantClasses[i].Name || math.Abs(c.Share-wantClasses[i].Share) > 1e-15 || c.Target != wantClasses[i].Target {
			t.Errorf("email class %d: %+v, want %+v", i, c, wantClasses[i])
		}
	}
	wantFlows := []struct {
		kind     sim.FlowKind
		from, to int
		share    float64
	}{
		{sim.Escalation, 1, 2, 0.25}, {sim.Escalation, 0, 2, 0.20}, {sim.Escalation, 2, 0, 0.05},
		{sim.Repeat, 0, 0, 0.06}, {sim.Repeat, 1, 1, 0.01}, {sim.Repeat, 2, 2, 0.21},
	}
	if len(m.Flows) != len(wantFlows) {
		t.Fatalf("%d flows, want %d", len(m.Flows), len(wantFlows))
	}
	for i, w := range wantFlows {
		f := m.Flows[i]
		if f.Kind != w.kind || f.From != w.from || f.To != w.to || f.Share != w.share {
			t.Errorf("flow %d: %+v, want %+v", i, f, w)
		}
	}
	voice, digital := m.Groups[0], m.Groups[1]
	if voice.HourlyCost != 50 || voice.Skills[1] != (sim.Skill{Channel: 2}) || digital.DeferredReserve != 0.2 {
		t.Errorf("groups %+v %+v", voice, digital)
	}
	// 10:00-11:00 has 28 scheduled; 30% shrinkage leaves floor(19.6) = 19.
	if voice.Paid[20] != 28 || voice.Staff[20] != 19 || voice.Staff[0] != 0 {
		t.Errorf("voice at 10:00: paid %v staff %v", voice.Paid[20], voice.Staff[20])
	}
}

// TestDefaultIsTheEmbeddedFile: DefaultYAML, StarterYAML and SchemaJSON
// return default.yaml, starter.yaml and schema.json as they stand in this
// folder, a fresh copy each time, and Default is the scenario default.yaml
// describes, down to every value of its model.
func TestDefaultIsTheEmbeddedFile(t *testing.T) {
	for file, embedded := range map[string]func() []byte{
		"default.yaml": DefaultYAML, "starter.yaml": StarterYAML, "schema.json": SchemaJSON,
	} {
		disk, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := embedded()
		if !bytes.Equal(text, disk) {
			t.Errorf("the embedded %s differs from the file", file)
			continue
		}
		text[0] ^= 0xff
		if !bytes.Equal(embedded(), disk) {
			t.Errorf("changing the copy of %s changed the embedded file", file)
		}
	}
	fromDisk, err := Load("default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := Default().Model, fromDisk.Model; !reflect.DeepEqual(a, b) {
		t.Errorf("Default gives the model\n%+v\ndefault.yaml gives\n%+v", a, b)
	}
}

func TestModelReturnsIndependentCopies(t *testing.T) {
	s := Default()
	m1 := s.Model.Clone()
	m1.Channels[0].Arrivals.Rates[20] = 99
	m1.Groups[0].Staff[20] = 99
	m1.Channels[0].Patience.Mean = 1
	m2 := s.Model.Clone()
	if m2.Channels[0].Arrivals.Rates[20] == 99 || m2.Groups[0].Staff[20] == 99 || m2.Channels[0].Patience.Mean == 1 {
		t.Error("changing one model changed the scenario")
	}
}

func TestWeekExample(t *testing.T) {
	m := mustModel(t, "week.yaml")
	if m.Intervals != 7*24 || m.StartWeekday != 1 {
		t.Fatalf("%d intervals from weekday %d", m.Intervals, m.StartWeekday)
	}
	phone := m.Channels[0]
	day := func(d int) float64 {
		sum := 0.0
		for _, r := range phone.Arrivals.Rates[d*24 : (d+1)*24] {
			sum += r * 3600
		}
		return sum
	}
	for d, want := range []float64{1440, 1440, 1440, 1440, 1440, 450, 150} {
		if got := day(d); math.Abs(got-want) > 1e-9*want {
			t.Errorf("day %d: %v calls, want %v", d, got, want)
		}
	}
	// The weekend profile opens at 09:00; the weekday one at 07:00.
	if phone.Arrivals.Rates[7] == 0 || phone.Arrivals.Rates[5*24+7] != 0 || phone.Arrivals.Rates[5*24+9] == 0 {
		t.Error("weekday and weekend profiles not applied by day")
	}
	voice := m.Groups[0]
	// Saturday 09:00-17:00: 6 scheduled, 30% shrinkage: round(4.2) = 4.
	if voice.Paid[5*24+10] != 6 || voice.Staff[5*24+10] != 4 || voice.Paid[5*24+8] != 0 {
		t.Errorf("Saturday staffing %v", voice.Paid[5*24:6*24])
	}
	// Monday 11:00-12:00: shifts from 07:00 (6 + 6 on a break at 11:00 for
	// 30 minutes), 09:00 (8) and 11:00 (9): 29 - 3 = 26 scheduled.
	if voice.Paid[11] != 26 {
		t.Errorf("Monday 11:00: %v scheduled, want 26", voice.Paid[11])
	}
}

func TestOutageAndOverflowExamples(t *testing.T) {
	m := mustModel(t, "outage.yaml")
	if got := m.Groups[0].Outages; len(got) != 1 || got[0] != (sim.Window{From: 10 * 3600, To: 12.5 * 3600}) {
		t.Errorf("outages %v", got)
	}
	m = mustModel(t, "outsourced-overflow.yaml")
	o := m.Groups[1]
	if !o.Unlimited || o.ContactCost != 15.56 || o.Skills[0] != (sim.Skill{Channel: 0, After: 45}) || o.Staff != nil {
		t.Errorf("outsourcer %+v", o)
	}
}

func TestFlowsExample(t *testing.T) {
	m := mustModel(t, "flows.yaml")
	p := m.Channels[0].Patience
	want := []sim.CDFPoint{{X: 0, P: 0}, {X: 120, P: 0.3}, {X: 360, P: 0.6}, {X: 900, P: 0.75}}
	if p == nil || p.Kind != sim.Empirical || len(p.Points) != len(want) || !math.IsInf(p.Average(), 1) {
		t.Fatalf("patience %+v", p)
	}
	for i := range want {
		if p.Points[i] != want[i] {
			t.Errorf("point %d: %v, want %v", i, p.Points[i], want[i])
		}
	}
	// A repeat's channel may differ from its origin.
	if f := m.Flows[4]; f.Kind != sim.Repeat || f.From != 1 || f.To != 0 {
		t.Errorf("chat repeat %+v", f)
	}
	if d := m.Flows[2].Delay; !reflect.DeepEqual(d, sim.Dist{Kind: sim.Uniform, Min: 1800, Max: 7200}) {
		t.Errorf("delay %+v", d)
	}
	if s := m.Groups[1].Skills[2]; s != (sim.Skill{Channel: 0, After: 90}) {
		t.Errorf("overflow skill %+v", s)
	}
}

// TestExamplesWithoutWarnings: the shipped examples give no implausible
// value, so that a user who copies one sees no warning.
func TestExamplesWithoutWarnings(t *testing.T) {
	for _, f := range examples(t) {
		s, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range s.Warnings {
			t.Errorf("%s", w)
		}
	}
}
