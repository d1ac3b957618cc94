package contactlog

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Mapping tells a Reader which column holds which field of a Contact, and
// how to read the values. Columns are named by their header, compared
// without regard to case or surrounding spaces.
type Mapping struct {
	// Arrival holds when the contact asked for an agent: a date and time,
	// or only a time of day when Date is set.
	Arrival string
	// Date holds the date when Arrival holds only a time of day.
	Date string
	// Queue holds the channel or queue.
	Queue string
	// Outcome holds how the contact ended; its values are matched against
	// AnsweredValues, AbandonedValues, BlockedValues and IgnoreValues.
	// Without an Outcome column, a contact with a handle time above zero
	// or a named agent counts as answered and any other as abandoned.
	Outcome string
	// Wait, Handle and ACW hold durations: seconds (decimals allowed) or
	// clock form H:MM:SS or M:SS. An empty cell reads as 0.
	Wait, Handle, ACW string
	Agent             string
	Priority          string

	// Outcome values, compared without regard to case. Empty lists take
	// the defaults: answered "answered", "agent", "handled", "completed";
	// abandoned "abandoned", "abandon", "hang", "hangup"; blocked
	// "blocked", "busy". Rows whose outcome is in IgnoreValues are dropped
	// without a problem.
	AnsweredValues, AbandonedValues, BlockedValues, IgnoreValues []string

	// ArrivalLayout and DateLayout are Go time layouts (reference time
	// 2006-01-02 15:04:05) for the Arrival and Date columns. Empty means
	// recognise common forms: 2006-01-02, 2006/01/02, 20060102, 060102,
	// 02.01.2006 for dates; 15:04, 15:04:05 with optional fraction for
	// times; a date and a time joined by 'T' or a space, optionally ending
	// in Z or a UTC offset.
	ArrivalLayout, DateLayout string
	// Zone converts arrival times that carry a UTC offset to the local
	// wall clock of this IANA zone (for example "Asia/Jerusalem"). Times
	// without an offset are taken as local already.
	Zone string
}

// Default outcome values of a Mapping.
var (
	defaultAnswered  = []string{"answered", "agent", "handled", "completed"}
	defaultAbandoned = []string{"abandoned", "abandon", "hang", "hangup"}
	defaultBlocked   = []string{"blocked", "busy"}
)

// mappingKeys lists the keys ParseMapping accepts and where they go.
var mappingKeys = map[string]func(m *Mapping, v string){
	"arrival":        func(m *Mapping, v string) { m.Arrival = v },
	"date":           func(m *Mapping, v string) { m.Date = v },
	"queue":          func(m *Mapping, v string) { m.Queue = v },
	"channel":        func(m *Mapping, v string) { m.Queue = v },
	"outcome":        func(m *Mapping, v string) { m.Outcome = v },
	"wait":           func(m *Mapping, v string) { m.Wait = v },
	"handle":         func(m *Mapping, v string) { m.Handle = v },
	"acw":            func(m *Mapping, v string) { m.ACW = v },
	"agent":          func(m *Mapping, v string) { m.Agent = v },
	"priority":       func(m *Mapping, v string) { m.Priority = v },
	"answered":       func(m *Mapping, v string) { m.AnsweredValues = splitValues(v) },
	"abandoned":      func(m *Mapping, v string) { m.AbandonedValues = splitValues(v) },
	"blocked":        func(m *Mapping, v string) { m.BlockedValues = splitValues(v) },
	"ignore":         func(m *Mapping, v string) { m.IgnoreValues = splitValues(v) },
	"arrival-layout": func(m *Mapping, v string) { m.ArrivalLayout = v },
	"date-layout":    func(m *Mapping, v string) { m.DateLayout = v },
	"zone":           func(m *Mapping, v string) { m.Zone = v },
}

func splitValues(v string) []string {
	parts := strings.Split(v, "|")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ParseMapping reads the --map syntax: comma-separated key=value pairs,
// such as "arrival=start_time,wait=queue_secs,handle=talk,outcome=result".
// Keys are the Mapping fields in lower case (arrival, date, queue or
// channel, outcome, wait, handle, acw, agent, priority), the outcome value
// lists answered, abandoned, blocked and ignore (values separated by |),
// and arrival-layout, date-layout and zone.
func ParseMapping(s string) (Mapping, error) {
	var m Mapping
	err := eachPair(s, "mapping", map[string]string{"channel": "queue"},
		func(key string) bool { _, ok := mappingKeys[key]; return ok }, knownKeys(),
		func(key, value string) error { mappingKeys[key](&m, value); return nil })
	if err != nil {
		return Mapping{}, err
	}
	return m, m.validate()
}

// eachPair reads the syntax --map and --report-map share: comma-separated
// key=value pairs, keys trimmed and case-insensitive. Aliases fold a key
// onto another (channel is queue) so that each is given at most once;
// apply receives the folded key.
func eachPair(s, what string, aliases map[string]string, known func(string) bool, knownList string,
	apply func(key, value string) error) error {
	seen := map[string]bool{}
	for pair := range strings.SplitSeq(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		key, value, ok := strings.Cut(pair, "=")
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		if !ok || value == "" {
			return fmt.Errorf("contactlog: %s: %q: want key=value", what, pair)
		}
		if !known(key) {
			return fmt.Errorf("contactlog: %s: unknown key %q (known: %s)", what, key, knownList)
		}
		if alias, ok := aliases[key]; ok {
			key = alias
		}
		if seen[key] {
			return fmt.Errorf("contactlog: %s: key %q given twice", what, key)
		}
		seen[key] = true
		if err := apply(key, value); err != nil {
			return fmt.Errorf("contactlog: %s: %s: %w", what, key, err)
		}
	}
	return nil
}

func knownKeys() string {
	return "arrival, date, queue, channel, outcome, wait, handle, acw, agent, priority, " +
		"answered, abandoned, blocked, ignore, arrival-layout, date-layout, zone"
}

// validate checks that the mapping can produce contacts.
func (m *Mapping) validate() error {
	var errs []error
	if m.Arrival == "" {
		errs = append(errs, errors.New("contactlog: mapping: arrival: a column is required"))
	}
	if m.Outcome == "" && m.Handle == "" && m.Agent == "" {
		errs = append(errs, errors.New("contactlog: mapping: outcome: a column is required (or handle or agent, to infer it)"))
	}
	if m.Zone != "" {
		if _, err := time.LoadLocation(m.Zone); err != nil {
			errs = append(errs, fmt.Errorf("contactlog: mapping: zone: %w", err))
		}
	}
	return errors.Join(errs...)
}

// String writes the mapping back in the --map syntax.
func (m Mapping) String() string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	add("arrival", m.Arrival)
	add("date", m.Date)
	add("queue", m.Queue)
	add("outcome", m.Outcome)
	add("wait", m.Wait)
	add("handle", m.Handle)
	add("acw", m.ACW)
	add("agent", m.Agent)
	add("priority", m.Priority)
	add("answered", strings.Join(m.AnsweredValues, "|"))
	add("abandoned", strings.Join(m.AbandonedValues, "|"))
	add("blocked", strings.Join(m.BlockedValues, "|"))
	add("ignore", strings.Join(m.IgnoreValues, "|"))
	add("arrival-layout", m.ArrivalLayout)
	add("date-layout", m.DateLayout)
	add("zone", m.Zone)
	return strings.Join(parts, ",")
}
