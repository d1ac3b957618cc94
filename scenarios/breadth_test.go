package scenarios

import (
	"testing"
)

// TestBreadthRoundTrip writes and reads back a scenario with every key
// of the model's breadth: the same model.
func TestBreadthRoundTrip(t *testing.T) {
	text := `channels:
  phone:
    kind: call
    arrivals: {per_day: 2000, profile: phone, dispersion: 4, day_cv: 10%}
    handle: 4m
    patience: 3m
    target: {answered: 80%, within: 20s}
    self_service: {share: 30%, fail: 40%, delay: 2m, cost: 0.3}
    callback: {when: expected_wait, threshold: 2m, accept: [[1m, 30%], [10m, 70%]], keep_place: false, first_after: 20m, promise: 30m}
  chat:
    kind: chat
    arrivals: {per_day: 300, profile: chat}
    handle: 6m
    callback: {when: waited, threshold: 90s, accept: 40%}
sites:
  north: {shares: {phone: 60%, chat: 100%}, overflow_after: 60s, hours: {from: "07:00", to: "19:00"}}
  south: {shares: {phone: 40%}, outages: [{from: "10:00", to: "11:00"}]}
groups:
  a: {site: north, skills: [{channel: phone, handle_factor: 1.2}, chat], staffing: [{from: "07:00", to: "19:00", agents: 20}], absence: 5%, adherence: 92%}
  b: {site: south, skills: [{channel: phone, after: 10s, handle: {dist: gamma, mean: 3m, cv: 0.8}}], staffing: [{from: "07:00", to: "19:00", agents: 14}], adherence: 95%, away_spell: 15m}
`
	s, err := Parse("breadth.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	back, written := writeAndRead(t, &s.Model)
	if d := sameModel(&s.Model, &back.Model); len(d) > 0 {
		t.Errorf("written and read back, the model differs: %v\n%s", d, written)
	}
	t.Log(written)
}
