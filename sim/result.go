package sim

import (
	"math"
	"slices"
	"strconv"
)

// Metric is one measure of a channel (or of all channels) over an
// interval or over the whole horizon. Contacts are counted in the interval
// in which they arrived; time-based measures (queue length, cost, handled
// minutes) in the interval in which the time was spent.
type Metric int

// Channel metrics. Their names (Metric.Key) are stable: JSON, CSV and
// baseline files use them.
const (
	Offered    Metric = iota // contacts that arrived, including blocked ones
	Answered                 // contacts that reached an agent
	Abandoned                // customers who hung up while waiting
	Blocked                  // arrivals that found every line taken
	Switched                 // customers who left the queue for another channel
	Unfinished               // still waiting when the horizon ended

	// ServiceLevel is answered within the target time over offered.
	ServiceLevel
	// ServiceLevelAnswered is answered within the target over answered.
	ServiceLevelAnswered
	// ServiceLevelAdjusted is answered within the target over offered
	// minus those who abandoned within the target time.
	ServiceLevelAdjusted
	// ASA is the average speed of answer: mean wait of answered contacts,
	// in seconds (first-reply time for deferred channels).
	ASA
	// MeanWait is the mean time in queue over all contacts that entered
	// it (answered, abandoned, switched, and unfinished up to the end).
	MeanWait
	WaitP50 // percentiles of the wait of answered contacts, seconds
	WaitP80
	WaitP90
	WaitP95
	WaitP99
	WaitMax
	// AbandonRate is abandoned over offered.
	AbandonRate
	// AHT is the mean handle time (talk, hold and after-contact work) of
	// contacts whose handling ended, in seconds.
	AHT
	// QueueEnd is the number waiting at the end of the interval: the
	// backlog, for deferred channels.
	QueueEnd
	// OldestAge is how long the oldest waiting contact had waited at the
	// end of the interval, seconds.
	OldestAge
	// MeanQueue is the time-average number of contacts waiting.
	MeanQueue
	Escalated // follow-on contacts this channel's contacts created in other channels
	Repeats   // repeat contacts this channel's contacts created
	FollowUps // duplicate messages received from waiting customers
	// HandledMinutes is agent-minutes spent handling (a chat counts 1/k of
	// its duration, k being the channel's concurrency).
	HandledMinutes
	// Cost is the cost allocated to the channel: paid agent hours of every
	// group, split by the groups' handling time per channel, plus costs
	// per contact.
	Cost
	// CostPerContact is Cost over contacts whose handling started in the
	// interval.
	CostPerContact
	// CostPerMinute is Cost over HandledMinutes.
	CostPerMinute

	// SelfServed counts arrivals resolved by self-service, in the interval
	// they arrived; they are not offered to the channel.
	SelfServed
	// SelfServiceFailed counts arrivals that tried self-service and came
	// through to the channel later (offered then, as new contacts).
	SelfServiceFailed
	// SelfServiceCost is the cost of the self-served contacts.
	SelfServiceCost
	// CostPerContactBlended is Cost plus SelfServiceCost over the contacts
	// whose handling started plus the self-served ones: what a contact
	// costs when self-service counts as a way of resolving it.
	CostPerContactBlended
	// CallbacksOffered counts customers offered a callback,
	// CallbacksAccepted those who took it, CallbacksMade the callbacks an
	// agent started, CallbacksKept those started within the promise.
	CallbacksOffered
	CallbacksAccepted
	CallbacksMade
	CallbacksKept
	// CallbackWait is the mean time from accepting to being called back,
	// over callbacks made, in seconds.
	CallbackWait
	// LiveASA is the mean wait of contacts answered live (not called
	// back), in seconds: the live queue's ASA.
	LiveASA
	// SiteOverflows counts contacts answered by a group of another site
	// than the one they were routed to.
	SiteOverflows

	NumMetrics int = iota
)

var metricKeys = [NumMetrics]string{
	"offered", "answered", "abandoned", "blocked", "switched", "unfinished",
	"service_level", "service_level_answered", "service_level_adjusted",
	"asa_seconds", "mean_wait_seconds",
	"wait_p50_seconds", "wait_p80_seconds", "wait_p90_seconds", "wait_p95_seconds", "wait_p99_seconds", "wait_max_seconds",
	"abandon_rate", "aht_seconds", "queue_end", "oldest_age_seconds", "mean_queue",
	"escalated", "repeats", "follow_ups", "handled_minutes",
	"cost", "cost_per_contact", "cost_per_minute",
	"self_served", "self_service_failed", "self_service_cost", "cost_per_contact_blended",
	"callbacks_offered", "callbacks_accepted", "callbacks_made", "callbacks_kept", "callback_wait_seconds",
	"live_asa_seconds", "site_overflows",
}

// Key is the metric's stable snake_case name.
func (m Metric) Key() string { return keyOf(metricKeys[:], m, "metric_") }

// MetricByKey returns the metric with the given key.
func MetricByKey(key string) (Metric, bool) { return byKey[Metric](metricKeys[:], key) }

// Unit tells how to read a metric's values.
type Unit uint8

// Units.
const (
	Count   Unit = iota // contacts or messages
	Share               // a fraction 0..1
	Seconds             // a duration
	Minutes             // a duration
	Money               // the scenario's currency
	Agents              // agent counts (possibly fractional)
	Hours               // a duration
)

// Unit returns the metric's unit.
func (m Metric) Unit() Unit {
	switch m {
	case ServiceLevel, ServiceLevelAnswered, ServiceLevelAdjusted, AbandonRate:
		return Share
	case ASA, MeanWait, WaitP50, WaitP80, WaitP90, WaitP95, WaitP99, WaitMax, AHT, OldestAge, CallbackWait, LiveASA:
		return Seconds
	case HandledMinutes:
		return Minutes
	case Cost, CostPerContact, CostPerMinute, SelfServiceCost, CostPerContactBlended:
		return Money
	default:
		return Count
	}
}

// GroupMetric is one measure of an agent group.
type GroupMetric int

// Group metrics.
const (
	// Staff is the mean number of agents on the floor (after shrinkage),
	// counting agents who stay past their shift to finish a contact.
	Staff GroupMetric = iota
	// Paid is the mean paid headcount.
	Paid
	// Occupancy is busy time over time on the floor; a chat in hand counts
	// 1/k of the agent.
	Occupancy
	BusyHours      // agent-hours spent handling
	AvailableHours // agent-hours on the floor
	PaidHours      // paid agent-hours
	Handled        // contacts whose handling started
	GroupCost      // paid hours times hourly cost plus per-contact cost
	// Absent is the mean number of agents absent for the day (paid, not
	// on the floor; see Group.Absence).
	Absent
	// Away is the mean number of present agents away from the floor at
	// random (schedule adherence; see Group.Away).
	Away

	NumGroupMetrics int = iota
)

var groupMetricKeys = [NumGroupMetrics]string{
	"staff", "paid", "occupancy", "busy_hours", "available_hours", "paid_hours", "handled", "cost",
	"absent", "away",
}

// Key is the group metric's stable snake_case name.
func (m GroupMetric) Key() string { return keyOf(groupMetricKeys[:], m, "group_metric_") }

// GroupMetricByKey returns the group metric with the given key.
func GroupMetricByKey(key string) (GroupMetric, bool) {
	return byKey[GroupMetric](groupMetricKeys[:], key)
}

// keyOf is the key of m in keys, or prefix and its number when it has
// none, so that even an invalid metric prints as something.
func keyOf[M ~int](keys []string, m M, prefix string) string {
	if m >= 0 && int(m) < len(keys) {
		return keys[m]
	}
	return prefix + strconv.Itoa(int(m))
}

// byKey is the metric whose key is key, and whether there is one.
func byKey[M ~int](keys []string, key string) (M, bool) {
	i := slices.Index(keys, key)
	return M(max(i, 0)), i >= 0
}

// Unit returns the group metric's unit.
func (m GroupMetric) Unit() Unit {
	switch m {
	case Staff, Paid, Absent, Away:
		return Agents
	case Occupancy:
		return Share
	case BusyHours, AvailableHours, PaidHours:
		return Hours
	case GroupCost:
		return Money
	default:
		return Count
	}
}

// Stat summarises one measure over the replications: the mean, and the
// half-width of its 95% confidence interval from Student's t. N counts the
// replications in which the measure was defined (a service level is not
// defined in an interval without arrivals). Mean is NaN when N is 0 and
// HalfWidth is NaN when N < 2.
type Stat struct {
	Mean      float64
	HalfWidth float64
	SD        float64 // sample standard deviation across replications
	N         int
}

// Low and High bound the 95% confidence interval.
func (s Stat) Low() float64  { return s.Mean - s.HalfWidth }
func (s Stat) High() float64 { return s.Mean + s.HalfWidth }

// HalfWidthAt returns the half-width of the two-sided confidence interval
// at the given level (0.95 for 95%), NaN when N < 2.
func (s Stat) HalfWidthAt(level float64) float64 {
	if s.N < 2 || !(level > 0 && level < 1) {
		return math.NaN()
	}
	return TQuantile(0.5+level/2, s.N-1) * s.SD / math.Sqrt(float64(s.N))
}

// Values holds every channel metric for one scope and span.
type Values [NumMetrics]Stat

// GroupValues holds every group metric for one group and span.
type GroupValues [NumGroupMetrics]Stat

// Series is a scope's metrics per interval and over the whole horizon.
type Series struct {
	Intervals []Values
	Total     Values
}

// Result is a forecast: a model's metrics merged over replications.
type Result struct {
	Name            string
	IntervalSeconds float64
	Intervals       int
	StartWeekday    int
	Seed            uint64
	Replications    int

	Channels []ChannelResult
	// Total merges all channels.
	Total Series
	// RealTime and Deferred merge, over the horizon, the real-time
	// channels (call, chat) and the deferred ones (email, messaging) as
	// Total merges all: in each replication, before the replications are
	// merged. A report that keeps the two apart (an ASA of seconds beside
	// one of hours means nothing summed) reads them; a forecast without
	// channels of a kind has counts of zero there, and no shares or waits.
	RealTime, Deferred Values
	Groups             []GroupResult
	// AllGroups merges all agent groups in each replication before the
	// replications are merged, so that its ratios (occupancy) are
	// replications' ratios and every figure has its confidence interval;
	// with one group it equals that group's. Its name is "all groups".
	AllGroups GroupResult
	// Sites merge the groups of each site (Model.Sites) as AllGroups
	// merges all; empty without sites.
	Sites []GroupResult
	Flows []FlowResult
	// Spans holds the measures Options.Spans asked for, in their order.
	Spans []SpanResult
	// Days and Weeks roll the forecast up by day of the horizon and by
	// runs of seven days from its first (Timeline.Days, Timeline.Weeks).
	Days, Weeks []PeriodResult
}

// Span is a run of consecutive intervals, [From, To), measured as one,
// over all channels or over some of them.
type Span struct {
	From, To int
	// Channels are the indices of the channels measured together; nil
	// means all of them. A planner judging one channel's target from the
	// replications' contact counts asks for one channel per span.
	Channels []int
}

// SpanResult is the measures of a span's channels together: what the
// merged Values of those intervals would be if they were one interval.
// Wait percentiles are undefined (NaN): the engine keeps no wait
// histogram per interval across channels.
type SpanResult struct {
	Span
	// Total merges the replications, with confidence intervals.
	Total Values
	// Replications holds each replication's value of every metric, in
	// replication order; NaN where a replication leaves a metric
	// undefined. Only spans are kept per replication: their memory grows
	// with replications times spans, not times intervals.
	Replications [][NumMetrics]float64
}

// ChannelResult is one channel's forecast.
type ChannelResult struct {
	Name   string
	Kind   Kind
	Target Target
	Series
	// Classes break the horizon totals down by priority class; empty for a
	// channel without classes.
	Classes []ClassResult
}

// ClassResult is one priority class's totals over the horizon.
type ClassResult struct {
	Name   string
	Target Target
	Total  Values
}

// GroupResult is one agent group's measures.
type GroupResult struct {
	Name      string
	Intervals []GroupValues
	Total     GroupValues
}

// FlowResult counts the follow-on contacts of one kind from one channel to
// another over the horizon. Switches (customers leaving a queue for
// another channel) appear with Kind "switch", and redials (blocked or
// abandoned customers trying again) with Kind "redial".
type FlowResult struct {
	Kind  string
	From  string
	To    string
	Count Stat
}
