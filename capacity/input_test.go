package capacity

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestValidate breaks planInput (which is valid) one field at a time:
// Validate must reject each mistake as an InputError that names the field
// (and the group, channel, band, class or transfer it is in), and report
// it once, without spurious messages about the fields around it.
func TestValidate(t *testing.T) {
	if err := planInput().Validate(); err != nil {
		t.Fatalf("the valid input: %v", err)
	}
	nan := math.NaN()
	minus := -2.0
	voice := func(f func(g *Group)) func(in *Input) { return func(in *Input) { f(&in.Groups[1]) } }
	for _, c := range []struct {
		name    string
		mistake func(in *Input)
		want    string
	}{
		// Digital's shrinkage is given week by week: without it, the
		// horizon is the only mistake (no weeks at all: see
		// TestValidateReportsEveryMistake).
		{"too many weeks", func(in *Input) { in.Weeks, in.Groups[0].Shrinkage = MaxWeeks+1, nil }, "weeks 79: must be 1 to 78"},
		{"days per week", func(in *Input) { in.DaysPerWeek = 8 }, "days per week 8"},
		{"FTE hours", func(in *Input) { in.FTEHours = 200 }, "FTE hours 200"},
		{"risk above half", func(in *Input) { in.Risk = 0.6 }, "risk 0.6"},
		{"risk NaN", func(in *Input) { in.Risk = nan }, "risk NaN"},
		{"scope", func(in *Input) { in.Scope = 7 }, "unknown risk scope 7"},
		{"too few paths", func(in *Input) { in.Paths = 50 }, "paths 50: must be 100 to 100000"},
		{"too many paths", func(in *Input) { in.Paths = MaxPaths + 1 }, "paths 100001"},
		// One representative week cannot make a line.
		{"one representative week", func(in *Input) { in.Representative = 1 }, "representative weeks 1"},
		{"roster overhead", func(in *Input) { in.RosterOverhead = 1.5 }, "roster overhead 1.5"},
		{"volume growth", func(in *Input) { in.Volume.Growth = -1 }, "volume growth -1"},
		{"seasonality length", func(in *Input) { in.Volume.Seasonality = []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1} }, "seasonality: 11 factors"},
		{"seasonality factor", func(in *Input) {
			in.Volume.Seasonality = []float64{1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1}
		}, "seasonality of month 3: 0"},
		{"volume error", func(in *Input) { in.Volume.Error = 3 }, "volume error 3"},
		{"volume error at the end", func(in *Input) { in.Volume.ErrorEnd = -0.1 }, "volume error -0.1"},
		{"errors per week", func(in *Input) { in.Volume.Errors = make([]float64, 5) }, "volume errors: 5 values for 12 weeks"},
		{"an error of a week", func(in *Input) {
			in.Volume.Errors = make([]float64, 12)
			in.Volume.Errors[3] = nan
		}, "volume error of week 4: NaN"},
		{"channel volume without a name", func(in *Input) { in.Volume.Channels = []ChannelVolume{{}} }, `volume of channel "": empty or repeated`},
		{"channel volume twice", func(in *Input) {
			in.Volume.Channels = []ChannelVolume{{Name: "phone"}, {Name: "phone"}}
		}, `volume of channel "phone": empty or repeated`},
		{"channel base", func(in *Input) { in.Volume.Channels = []ChannelVolume{{Name: "phone", Base: math.Inf(1)}} }, "volume of channel phone: base +Inf"},
		{"channel growth", func(in *Input) { in.Volume.Channels = []ChannelVolume{{Name: "phone", Growth: &minus}} }, "volume of channel phone: growth -2"},
		{"channel weeks", func(in *Input) {
			in.Volume.Channels = []ChannelVolume{{Name: "phone", Weeks: make([]float64, 3)}}
		}, "volume of channel phone: 3 weeks for a horizon of 12"},
		{"channel week", func(in *Input) {
			in.Volume.Channels = []ChannelVolume{{Name: "phone", Weeks: make([]float64, 12)}}
			in.Volume.Channels[0].Weeks[11] = -1
		}, "volume of channel phone in week 12: -1"},
		{"group without a name", func(in *Input) { in.Groups[0].Name, in.Transfers = "", nil }, `group 0: name "" is empty or repeated`},
		{"group twice", func(in *Input) { in.Groups[0].Name, in.Transfers = "voice", nil }, `group 1: name "voice" is empty or repeated`},
		{"contract twice", voice(func(g *Group) { g.Contracts = append(g.Contracts, g.Contracts[0]) }), `group voice: contract "ft": empty or repeated`},
		{"contract hours", voice(func(g *Group) { g.Contracts[0].Hours = 0 }), "group voice: contract ft: 0 hours a week"},
		{"contract cost", voice(func(g *Group) { g.Contracts[0].HourlyCost = nan }), "group voice: contract ft: hourly cost NaN"},
		{"staff contract", voice(func(g *Group) { g.Staff[0].Contract = "pt" }), `group voice: staff 0: unknown contract "pt"`},
		{"staff people", voice(func(g *Group) { g.Staff[0].People = -1 }), "group voice: staff 0: -1 people"},
		{"staff tenure", voice(func(g *Group) { g.Staff[0].Tenure = MaxTenureWeeks + 1 }), "group voice: staff 0: tenure 2601 weeks"},
		{"attrition rate", voice(func(g *Group) { g.Attrition[0].Annual = 1.5 }), "group voice: attrition band 0: 1.5 a year"},
		{"last band with an end", voice(func(g *Group) { g.Attrition[0].Until = 13 }), "group voice: attrition band 0: the last band has no end"},
		{"open band before the last", voice(func(g *Group) {
			g.Attrition = []AttritionBand{{Annual: 0.3}, {Annual: 0.2}}
		}), "group voice: attrition band 0: only the last band may be open-ended"},
		{"bands out of order", voice(func(g *Group) {
			g.Attrition = []AttritionBand{{Until: 26, Annual: 0.3}, {Until: 13, Annual: 0.2}, {Annual: 0.1}}
		}), "group voice: attrition band 1: ends at 13 weeks"},
		{"hiring contract", voice(func(g *Group) { g.Hiring.Contract = "pt" }), `group voice: hiring: unknown contract "pt"`},
		{"classes without a contract", voice(func(g *Group) { g.Hiring.Contract = "" }), "group voice: hiring: classes without a contract"},
		{"lead time", voice(func(g *Group) { g.Hiring.Lead = -1 }), "group voice: hiring: lead -1, training 1"},
		{"ramp", voice(func(g *Group) { g.Hiring.Ramp = []float64{0.5, 0} }), "group voice: hiring: ramp week 2: productivity 0"},
		{"class sizes", voice(func(g *Group) { g.Hiring.MinClass = 6 }), "group voice: hiring: class size 6 to 5"},
		{"every", voice(func(g *Group) { g.Hiring.Every = -1 }), "group voice: hiring: a class every -1 weeks"},
		{"cost per hire", voice(func(g *Group) { g.Hiring.TrainingCost = -5 }), "group voice: hiring: cost -5"},
		{"planned week", voice(func(g *Group) { g.Hiring.Planned = []Class{{Week: 13, People: 1}} }), "group voice: hiring: planned class 0: week 13 is outside 1..12"},
		// A planned class is bounded by the class limit when there is one.
		{"planned people", voice(func(g *Group) { g.Hiring.Planned = []Class{{Week: 2, People: 6}} }), "group voice: hiring: planned class 0: 6 people: a class holds 1 to 5"},
		{"shrinkage weeks", voice(func(g *Group) { g.Shrinkage = make([]float64, 11) }), "group voice: shrinkage: 11 weeks for a horizon of 12"},
		{"shrinkage of a week", func(in *Input) { in.Groups[0].Shrinkage[4] = 1 }, "group digital: shrinkage of week 5: 1"},
		{"overtime share", voice(func(g *Group) { g.Overtime.Max = 2 }), "group voice: overtime: 2 of contracted hours"},
		{"outsourcing hours", voice(func(g *Group) { g.Outsourcing.Max = nan }), "group voice: outsourcing: NaN hours a week"},
		{"flexible cost", voice(func(g *Group) { g.Outsourcing.HourlyCost = -1 }), "group voice: hourly cost -1 of overtime or outsourcing"},
		{"transfer to itself", func(in *Input) { in.Transfers[0].To = "voice" }, `transfer 0: from "voice" to "voice"`},
		{"transfer to no group", func(in *Input) { in.Transfers[0].To = "email" }, `transfer 0: from "voice" to "email"`},
		{"transfer week", func(in *Input) { in.Transfers[0].Week = 13 }, "transfer 0: week 13 is outside 1..12"},
		{"transfer people", func(in *Input) { in.Transfers[0].People = 0 }, "transfer 0: 0 people"},
		{"transfer training", func(in *Input) { in.Transfers[0].Training = -1 }, "transfer 0: training of -1 weeks"},
	} {
		in := planInput()
		c.mistake(in)
		err := in.Validate()
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("%s: %v, want an InputError", c.name, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.want) || strings.Count(msg, "\n") != 0 {
			t.Errorf("%s: %q, want one message with %q", c.name, msg, c.want)
		}
	}
}

// TestValidateReportsEveryMistake: mistakes in several places are all
// reported, each on its own line, so that a hand-built input is put right
// in one go.
func TestValidateReportsEveryMistake(t *testing.T) {
	in := planInput()
	in.Weeks, in.Groups[1].Overtime.Max, in.Transfers[0].People = 0, -1, 0
	err := in.Validate()
	if err == nil {
		t.Fatal("accepted")
	}
	lines := strings.Split(err.Error(), "\n")
	// Weeks 0 also puts digital's planned class, its 12 weeks of
	// shrinkage and the transfer's week 3 outside the horizon: the
	// transfer's week is checked before its people, so its people go
	// unreported.
	for _, want := range []string{"weeks 0: must be 1 to 78", "group digital: hiring: planned class 0: week 2 is outside 1..0",
		"group digital: shrinkage: 12 weeks for a horizon of 0", "group voice: overtime: -1", "transfer 0: week 3 is outside 1..0"} {
		found := false
		for _, l := range lines {
			found = found || strings.Contains(l, want)
		}
		if !found {
			t.Errorf("no line with %q in %q", want, err)
		}
	}
	if len(lines) != 5 {
		t.Errorf("%d messages, want 5: %q", len(lines), err)
	}
}

// TestScopeString: the scopes print as the capacity file spells them.
func TestScopeString(t *testing.T) {
	if EachWeek.String() != "each-week" || AnyWeek.String() != "any-week" {
		t.Errorf("scopes print as %q and %q", EachWeek, AnyWeek)
	}
}
