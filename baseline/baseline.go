// Package baseline stores a forecast's key figures in a file kept under
// version control, and compares a later forecast with it within
// tolerances, so that CI can fail when a change to a scenario, its
// staffing or the simulator moves a forecast too far.
//
// A baseline holds one value per KPI: a metric of a channel, of all
// channels together or of an agent group, over the whole horizon or in one
// interval. Each value is the mean over replications with the half-width of
// its 95% confidence interval and the number of replications that defined
// it, so that a comparison can tell a real change from the noise of the
// replications (see Compare).
package baseline

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ccsim/ccsim/sim"
)

// Format names the version of the file layout. It changes only when a
// field is renamed or removed; readers refuse other versions.
const Format = "ccsim-baseline/1"

// DefaultConfidence is the family-wise confidence level of statistical
// tolerances: when nothing but the random streams changed, every KPI of a
// check holds together with at least this probability.
const DefaultConfidence = 0.999

// DefaultKey names the tolerance that applies to KPIs no other key names.
const DefaultKey = "default"

// Baseline is a stored forecast to check later runs against.
type Baseline struct {
	// Subject is SubjectCapacity for a capacity plan's baseline and empty
	// for a forecast's.
	Subject string
	// Scenario is the name of the scenario the forecast came from (of the
	// capacity plan, for a capacity baseline).
	Scenario string
	// Seed and Replications are those the forecast was run with.
	Seed         uint64
	Replications int
	// Version is the ccsim version that wrote the baseline.
	Version string

	// Select chooses the KPIs; a refreshed baseline keeps it.
	Select Selection
	// Confidence is the family-wise confidence level of statistical
	// tolerances, 0.5 to 1 exclusive.
	Confidence float64
	// Tolerances are keyed by a KPI's ID, by a metric key (applying to
	// every KPI of that metric) or by DefaultKey; the most specific wins.
	Tolerances map[string]Tolerance

	// KPIs are the recorded values, channels first, then all channels,
	// then groups.
	KPIs []KPI
}

// Selection chooses which metrics a baseline records.
type Selection struct {
	// Channel lists channel metrics (sim.Metric keys) recorded over the
	// horizon for each channel and for all channels together.
	Channel []string
	// Group lists group metrics (sim.GroupMetric keys) recorded over the
	// horizon for each agent group.
	Group []string
	// Intervals lists channel metrics recorded in every interval, for
	// each channel and for all channels together; empty records none.
	Intervals []string
}

// DefaultSelection is what a new baseline records: the measures a planner
// is judged by, per channel and for all channels (volume, service level,
// speed of answer, abandonment, the p90 wait, backlog and cost per
// contact), and each group's occupancy and cost.
func DefaultSelection() Selection {
	return Selection{
		Channel: []string{"offered", "service_level", "asa_seconds", "abandon_rate", "wait_p90_seconds",
			"queue_end", "cost_per_contact"},
		Group: []string{"occupancy", "cost"},
	}
}

// DefaultIntervals is the set of per-interval metrics a new baseline
// records when intervals are asked for: a staffing change in one interval
// shows first in these.
func DefaultIntervals() []string {
	return []string{"service_level", "asa_seconds", "abandon_rate", "queue_end"}
}

// DefaultTolerances allow each KPI the statistical tolerance only: honest
// noise passes and any change larger than the noise fails.
func DefaultTolerances() map[string]Tolerance {
	return map[string]Tolerance{DefaultKey: {Statistical: true}}
}

// KPI is one recorded measure.
type KPI struct {
	// ID names the KPI: "phone/service_level" for a channel,
	// "phone/11:00/service_level" for one of its intervals,
	// "all channels/service_level" for all channels together and
	// "group voice/occupancy" for an agent group.
	ID string
	sim.Stat
}

// AllChannels names the scope of all channels together in KPI IDs. It
// holds a space, which scenario names cannot, so it never clashes with a
// channel.
const AllChannels = "all channels"

// groupPrefix starts the scope of an agent group in KPI IDs.
const groupPrefix = "group "

// ChannelID is the ID of a channel metric over the horizon (interval "")
// or in the interval with the given label.
func ChannelID(channel, interval, metric string) string {
	if interval == "" {
		return channel + "/" + metric
	}
	return channel + "/" + interval + "/" + metric
}

// GroupID is the ID of a group metric over the horizon.
func GroupID(group, metric string) string { return groupPrefix + group + "/" + metric }

// Metric returns the metric key of a KPI ID and whether it is a group
// metric.
func Metric(id string) (key string, group bool) {
	key = id[strings.LastIndexByte(id, '/')+1:]
	return key, strings.HasPrefix(id, groupPrefix)
}

// Unit returns the unit of the KPI with the given ID, and false when the
// ID names no known metric (of a forecast or of a capacity plan).
func Unit(id string) (sim.Unit, bool) {
	key, group := Metric(id)
	if group {
		if m, ok := sim.GroupMetricByKey(key); ok {
			return m.Unit(), true
		}
	} else if m, ok := sim.MetricByKey(key); ok {
		return m.Unit(), true
	}
	c, ok := capacityMetrics[key]
	return c.unit, ok
}

// Direction tells which way a metric gets better: +1 when higher is
// better (service level), -1 when lower is (waits, abandonment, cost), 0
// when neither (volumes, handle time, occupancy).
func Direction(id string) int {
	key, group := Metric(id)
	// The one key a forecast and a capacity plan share, cost, falls the
	// same way in both.
	if c, ok := capacityMetrics[key]; ok {
		return c.dir
	}
	if group {
		if key == sim.GroupCost.Key() {
			return -1
		}
		return 0
	}
	m, ok := sim.MetricByKey(key)
	if !ok {
		return 0
	}
	switch m {
	case sim.Answered, sim.ServiceLevel, sim.ServiceLevelAnswered, sim.ServiceLevelAdjusted:
		return 1
	case sim.Abandoned, sim.Blocked, sim.Switched, sim.Unfinished, sim.ASA, sim.MeanWait,
		sim.WaitP50, sim.WaitP80, sim.WaitP90, sim.WaitP95, sim.WaitP99, sim.WaitMax,
		sim.AbandonRate, sim.QueueEnd, sim.OldestAge, sim.MeanQueue,
		sim.Cost, sim.CostPerContact, sim.CostPerMinute:
		return -1
	}
	return 0
}

// check reports the first problem with the selection of a baseline of
// the given subject.
func (s Selection) check(subject string) error {
	if subject == SubjectCapacity {
		return s.checkCapacity()
	}
	return s.Check()
}

// Check reports the first problem with the selection of a forecast's
// baseline: an unknown or repeated metric key.
func (s Selection) Check() error {
	lists := []struct {
		field string
		keys  []string
		known func(string) bool
	}{
		{"channel", s.Channel, func(k string) bool { _, ok := sim.MetricByKey(k); return ok }},
		{"group", s.Group, func(k string) bool { _, ok := sim.GroupMetricByKey(k); return ok }},
		{"intervals", s.Intervals, func(k string) bool { _, ok := sim.MetricByKey(k); return ok }},
	}
	for _, l := range lists {
		for i, k := range l.keys {
			if !l.known(k) {
				return fmt.Errorf("kpis.%s[%d]: unknown metric %q", l.field, i, k)
			}
			if slices.Index(l.keys, k) != i {
				return fmt.Errorf("kpis.%s[%d]: metric %q is listed twice", l.field, i, k)
			}
		}
	}
	if len(s.Channel)+len(s.Group)+len(s.Intervals) == 0 {
		return errors.New("kpis: no metric is selected")
	}
	return nil
}

// New records the KPIs sel chooses from a forecast. Per-interval KPIs
// carry the interval's label (sim.Timeline.Label) in their IDs. The
// tolerances start as DefaultTolerances at DefaultConfidence.
func New(res *sim.Result, sel Selection, version string) (*Baseline, error) {
	if err := sel.Check(); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	// Labels matter only where they name KPIs: a baseline without
	// per-interval KPIs takes any horizon.
	var labels []string
	if len(sel.Intervals) > 0 {
		labels = res.Timeline().Labels()
		seen := make(map[string]bool, len(labels))
		for _, l := range labels {
			if strings.Contains(l, "/") || seen[l] {
				return nil, fmt.Errorf("baseline: interval label %q holds a slash or repeats", l)
			}
			seen[l] = true
		}
	}
	b := &Baseline{
		Scenario:     res.Name,
		Seed:         res.Seed,
		Replications: res.Replications,
		Version:      version,
		Select:       cloneSelection(sel),
		Confidence:   DefaultConfidence,
		Tolerances:   DefaultTolerances(),
	}
	channels, groups := map[string]bool{}, map[string]bool{}
	okName := func(seen map[string]bool, name string) error {
		if name == "" || strings.Contains(name, "/") || seen[name] {
			return fmt.Errorf("baseline: name %q is empty, holds a slash or repeats", name)
		}
		seen[name] = true
		return nil
	}
	series := func(name string, s *sim.Series) {
		for _, k := range sel.Channel {
			m, _ := sim.MetricByKey(k)
			b.add(ChannelID(name, "", k), s.Total[m])
		}
		for _, k := range sel.Intervals {
			m, _ := sim.MetricByKey(k)
			for i := range s.Intervals {
				b.add(ChannelID(name, labels[i], k), s.Intervals[i][m])
			}
		}
	}
	for c := range res.Channels {
		ch := &res.Channels[c]
		if err := okName(channels, ch.Name); err != nil {
			return nil, err
		}
		series(ch.Name, &ch.Series)
	}
	series(AllChannels, &res.Total)
	for _, g := range res.Groups {
		if err := okName(groups, g.Name); err != nil {
			return nil, err
		}
		for _, k := range sel.Group {
			m, _ := sim.GroupMetricByKey(k)
			b.add(GroupID(g.Name, k), g.Total[m])
		}
	}
	return b, nil
}

// add records a KPI; a value that is not a finite number counts as
// undefined, as a measure no replication defined does.
func (b *Baseline) add(id string, s sim.Stat) {
	st := sim.Stat{Mean: s.Mean, HalfWidth: s.HalfWidth, SD: s.SD, N: s.N}
	if s.N == 0 || math.IsNaN(s.Mean) || math.IsInf(s.Mean, 0) {
		st = sim.Stat{Mean: math.NaN(), HalfWidth: math.NaN(), SD: math.NaN()}
	} else if s.N < 2 || math.IsNaN(s.HalfWidth) || math.IsInf(s.HalfWidth, 0) {
		st.HalfWidth, st.SD = math.NaN(), math.NaN()
	}
	b.KPIs = append(b.KPIs, KPI{ID: id, Stat: st})
}

// KPI returns the recorded KPI with the given ID.
func (b *Baseline) KPI(id string) (KPI, bool) {
	for _, k := range b.KPIs {
		if k.ID == id {
			return k, true
		}
	}
	return KPI{}, false
}

// Refresh returns a copy of fresh with b's confidence level and
// tolerances, so that updating a baseline never loses what a person wrote
// into it. Make fresh with b.Select to keep the selection too. A tolerance
// keyed by a KPI that fresh does not have is an error, for the person to
// rename or remove it.
func (b *Baseline) Refresh(fresh *Baseline) (*Baseline, error) {
	out := *fresh
	out.KPIs = slices.Clone(fresh.KPIs)
	out.Select = cloneSelection(fresh.Select)
	out.Confidence = b.Confidence
	out.Tolerances = make(map[string]Tolerance, len(b.Tolerances))
	for k, v := range b.Tolerances {
		out.Tolerances[k] = v
	}
	if k, err := out.checkTolerances(); err != nil {
		return nil, fmt.Errorf("baseline: tolerances[%q]: %w", k, err)
	}
	return &out, nil
}

func cloneSelection(s Selection) Selection {
	return Selection{Channel: slices.Clone(s.Channel), Group: slices.Clone(s.Group), Intervals: slices.Clone(s.Intervals)}
}
