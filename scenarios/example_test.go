package scenarios_test

import (
	"fmt"

	"github.com/ccsim/ccsim/scenarios"
)

func ExampleParse() {
	text := `
interval: 30m
horizon: {intervals: 1}
channels:
  calls:
    kind: call
    arrivals: {per_interval: [360]}
    handle: 240s
    target: {answered: 80%, within: 20s}
groups:
  agents: {skills: [calls], staffing: [54]}
`
	s, err := scenarios.Parse("worked.yaml", []byte(text))
	if err != nil {
		fmt.Println(err)
		return
	}
	m := s.Model.Clone()
	fmt.Printf("%.1f calls/s, %d agents\n", m.Channels[0].Arrivals.Rates[0], m.Groups[0].Staff[0])
	// Output: 0.2 calls/s, 54 agents
}

func ExampleError() {
	text := `
channels:
  phone:
    kind: call
    arrivals: {per_day: 100, profile: phone}
    handle: 4m
    patince: 3m
groups:
  team: {skills: [phone, chat], staffing: []}
`
	_, err := scenarios.Parse("plan.yaml", []byte(text))
	fmt.Println(err)
	// Output:
	// plan.yaml:7:5: channels.phone: unknown key "patince" (did you mean "patience"?)
	// plan.yaml:9:26: groups.team.skills[1]: unknown channel "chat"
}

func ExampleStaffingYAML() {
	m := scenarios.Default().Model.Clone()
	scheduled := make([]int, m.Intervals)
	for i := 16; i < 36; i++ { // 08:00 to 18:00
		scheduled[i] = 20
	}
	if err := m.SetStaffing("voice", scheduled); err != nil {
		fmt.Println(err)
		return
	}
	block, _ := scenarios.StaffingYAML(m, "voice")
	fmt.Print(string(block))
	// Output:
	// # scheduled agents of group voice (before 30% shrinkage)
	// staffing:
	//   - {from: "08:00", to: "18:00", agents: 20}
}
