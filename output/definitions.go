package output

import "slices"

// A term of a report page and its definition, in the words of the docs
// file and section it names (a test holds each to its file).
type term struct {
	Term, Text, File, Section string
}

// terms are the definitions a report page may show, by key: the metric
// keys of docs/output.md, and the words of the comparison, the check and
// the backtest.
var terms = map[string]term{
	"offered":            {"offered", "arrivals, including blocked ones and follow-on contacts", "docs/output.md", "Channel metrics"},
	"answered":           {"answered", "reached an agent (first reply started, for deferred channels)", "docs/output.md", "Channel metrics"},
	"abandoned":          {"abandoned", "hung up while waiting", "docs/output.md", "Channel metrics"},
	"blocked":            {"blocked", "found every line taken, or arrived while the channel was closed", "docs/output.md", "Channel metrics"},
	"service_level":      {"service level", "answered within the target time over offered contacts whose outcome is known (see Shares); the definition targets are checked against", "docs/output.md", "Channel metrics"},
	"asa_seconds":        {"ASA", "average speed of answer: mean wait of answered contacts (first-reply time for deferred)", "docs/output.md", "Channel metrics"},
	"wait_p90_seconds":   {"wait p90", "percentiles of the wait of answered contacts, within 0.4%", "docs/output.md", "Channel metrics"},
	"abandon_rate":       {"abandonment", "abandoned over offered, less those turned away while the channel was closed", "docs/output.md", "Channel metrics"},
	"aht_seconds":        {"AHT", "mean handle time (talk, hold and wrap-up) of contacts whose handling ended", "docs/output.md", "Channel metrics"},
	"queue_end":          {"queue at end, backlog", "waiting at the end of the interval: the backlog, for deferred channels", "docs/output.md", "Channel metrics"},
	"oldest_age_seconds": {"oldest waiting", "how long the oldest waiting contact had waited at the end of the interval", "docs/output.md", "Channel metrics"},
	"cost":               {"cost (channel)", "cost allocated to the channel (see model.md)", "docs/output.md", "Channel metrics"},
	"cost_per_contact":   {"cost per contact", "cost over contacts whose handling started", "docs/output.md", "Channel metrics"},
	"staff":              {"on floor", "mean agents on the floor, counting those who stay past their shift to finish a contact", "docs/output.md", "Group metrics"},
	"paid":               {"paid", "mean paid (scheduled) headcount", "docs/output.md", "Group metrics"},
	"occupancy":          {"occupancy", "handling time over time on the floor (a chat in hand counts 1/k)", "docs/output.md", "Group metrics"},
	"busy_hours":         {"busy hours", "agent-hours handling", "docs/output.md", "Group metrics"},
	"paid_hours":         {"paid hours", "paid agent-hours", "docs/output.md", "Group metrics"},
	"handled":            {"handled", "contacts whose handling started", "docs/output.md", "Group metrics"},
	"group_cost":         {"cost (group)", "paid hours × hourly cost plus cost per contact", "docs/output.md", "Group metrics"},
	"known":              {"outcome known", "offered, less those turned away while the channel was closed, and less those still waiting when the horizon ended that had waited less than their target time", "docs/output.md", "Shares"},
	"days":               {"by day, by week", "Each period is measured in each replication as if it were one long interval, and then merged over the replications like any other figure, with its own 95% confidence interval", "docs/output.md", "Days and weeks (--rollup)"},
	"delta":              {"Δ (difference)", "the difference (Δ) of each plan from the first", "docs/charts.md", "Comparing plans"},
	"tolerance":          {"tolerance", "A tolerance may set three allowances; each one set permits a change of its size, and the largest wins", "docs/check.md", "Tolerances"},
	"mae":                {"MAE", "MAE = Σ offered × |predicted − observed| / Σ offered", "docs/calibration.md", "Backtest"},
	"bias":               {"bias", "bias = Σ offered × (predicted − observed) / Σ offered", "docs/calibration.md", "Backtest"},
	"chance":             {"chance alone", "Chance alone is the arrival-weighted mean absolute deviation of one replication from the mean of all", "docs/calibration.md", "Backtest"},
}

// defs collects the terms a page uses, in the order it first uses them.
type defs struct{ keys []string }

// use marks a term as used and returns its key, the anchor of its
// definition; a key without a term returns "".
func (d *defs) use(key string) string {
	if _, ok := terms[key]; !ok {
		return ""
	}
	if !slices.Contains(d.keys, key) {
		d.keys = append(d.keys, key)
	}
	return key
}

func (d *defs) list() []definition {
	var out []definition
	for _, k := range d.keys {
		t := terms[k]
		out = append(out, definition{ID: k, Term: t.Term, Text: t.Text, Source: t.File + ", " + t.Section})
	}
	return out
}

// column is a numeric column headed label whose heading links to the
// definition of key.
func (d *defs) column(label, key string) column {
	return column{Label: label, Def: d.use(key), Numeric: true}
}
