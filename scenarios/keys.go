package scenarios

import "github.com/ccsim/ccsim/sim"

// keySets are the keys each kind of mapping in a scenario accepts. The
// loader checks every mapping against its set, and a test checks that
// schema.json's $defs (and its root, for "scenario") declare the same keys,
// so the two cannot drift apart.
var keySets = map[string][]string{
	"scenario": {"name", "description", "currency", "seed", "replications", "horizon", "interval",
		"costs", "profiles", "channels", "sites", "groups", "flows"},
	"horizon": {"days", "intervals", "start"},
	"costs":   {"per_handled_minute"},
	"channel": {"kind", "arrivals", "handle", "wrap", "patience", "lines", "concurrency", "slowdown", "target", "classes",
		"switch", "follow_ups", "hours", "redial", "self_service", "callback", "handle_by_time"},
	"hours":        {"from", "to"},
	"redial":       {"share", "delay"},
	"arrivals":     {"per_day", "profile", "per_interval", "file", "dispersion", "day_cv"},
	"dist":         {"dist", "mean", "cv", "value", "min", "max", "points", "file", "tail_mean"},
	"target":       {"answered", "within", "asa", "max_abandon"},
	"class":        {"share", "target"},
	"switch":       {"after", "share", "to"},
	"follow_ups":   {"every", "work"},
	"flow":         {"kind", "from", "to", "share", "delay"},
	"self_service": {"share", "fail", "delay", "cost"},
	"callback":     {"when", "threshold", "accept", "keep_place", "first_after", "promise"},
	"group": {"skills", "staffing", "shrinkage", "hourly_cost", "contact_cost", "max_occupancy",
		"deferred_reserve", "unlimited", "outages", "absence", "adherence", "away_spell", "site"},
	"skill":  {"channel", "after", "handle_factor", "handle"},
	"site":   {"shares", "overflow_after", "hours", "outages"},
	"block":  {"from", "to", "agents"},
	"shifts": {"shifts"},
	"shift":  {"start", "length", "count", "breaks"},
	"break":  {"at", "length", "paid"},
	"outage": {"day", "from", "to"},
	"days":   dayKeys,
}

// dayKeys select days of the week in per-day values: a weekday's own key
// wins over "weekday" (Monday to Friday) and "weekend" (Saturday, Sunday).
var dayKeys = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun", "weekday", "weekend"}

// MaxFileBytes is the size of the largest scenario file Load and Parse
// accept.
const MaxFileBytes = maxFileBytes

// Limits that keep a hostile or mistaken file from building a huge model.
const (
	maxFileBytes     = 4 << 20  // scenario file size
	maxDataBytes     = 64 << 20 // a CSV file a scenario refers to
	maxNodes         = 1_000_000
	maxDepth         = 64
	maxDays          = 366
	maxIntervals     = 100_000
	maxModelValues   = 2_000_000 // per-interval values: (channels + groups) x intervals
	maxChannels      = 100
	maxGroups        = 100
	maxClasses       = 20
	maxFlows         = 1000
	maxProfiles      = 100
	maxPoints        = 100_000 // empirical CDF points and profile anchors
	maxTimes         = 5_000_000
	maxVolume        = 1e7 // contacts in one day or interval
	maxAgents        = 1_000_000
	maxShifts        = 10_000
	maxReplications  = sim.MaxReplications
	maxConcurrency   = 100
	maxLines         = 10_000_000
	maxCost          = 1e9
	maxOutages       = 10_000
	maxSites         = sim.MaxSites
	maxAcceptPoints  = 1000
	maxEmpiricalRows = 1_000_000
)
