package output

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/ccsim/ccsim/erlang"
)

// Erlang is what `ccsim erlang` prints: the staffing of one queue in one
// interval and its figures, with the figures of the agent counts around
// it when asked.
type Erlang struct {
	// Abandonment says that callers hang up (Erlang A rather than C):
	// the figures add the share who abandon and the mean wait of all.
	Abandonment bool
	Load        float64 // Erlangs
	// Agents is the staffing found, or the one given when Given.
	Agents    int
	Given     bool
	Scheduled int     // headcount to schedule after Shrinkage
	Shrinkage float64 // share of paid time off the phones
	// Targets are those asked for; their threshold and definition are
	// those of the service level.
	Targets erlang.Targets
	Metrics erlang.Metrics
	// Table holds the figures of the agent counts around Agents.
	Table []erlang.Metrics
}

// Model names the queueing model: "Erlang A" or "Erlang C".
func (e Erlang) Model() string {
	if e.Abandonment {
		return "Erlang A"
	}
	return "Erlang C"
}

// erlangRowJSON is one agent count's figures.
type erlangRowJSON struct {
	Agents       int      `json:"agents"`
	PWait        float64  `json:"p_wait"`
	ServiceLevel float64  `json:"service_level"`
	ASA          float64  `json:"asa_seconds"`
	Occupancy    float64  `json:"occupancy"`
	PAbandon     *float64 `json:"p_abandon,omitempty"`
}

// erlangJSON is the JSON document; its keys are documented in the
// command's help and docs/erlang.md.
type erlangJSON struct {
	Model           string          `json:"model"`
	Agents          int             `json:"agents"`
	ScheduledAgents int             `json:"scheduled_agents"`
	LoadErlangs     float64         `json:"load_erlangs"`
	PWait           float64         `json:"p_wait"`
	ServiceLevel    float64         `json:"service_level"`
	ASA             float64         `json:"asa_seconds"`
	Occupancy       float64         `json:"occupancy"`
	PAbandon        *float64        `json:"p_abandon,omitempty"`
	MeanWaitAll     *float64        `json:"mean_wait_seconds,omitempty"`
	Table           []erlangRowJSON `json:"table,omitempty"`
}

// WriteJSON writes the figures with stable keys.
func (e Erlang) WriteJSON(w io.Writer) error {
	m := e.Metrics
	doc := erlangJSON{Model: e.Model(), Agents: e.Agents, ScheduledAgents: e.Scheduled, LoadErlangs: e.Load,
		PWait: m.PWait, ServiceLevel: m.ServiceLevel, ASA: m.ASA, Occupancy: m.Occupancy}
	if e.Abandonment {
		doc.PAbandon, doc.MeanWaitAll = &m.PAbandon, &m.MeanWait
	}
	for _, r := range e.Table {
		row := erlangRowJSON{Agents: int(r.Agents), PWait: r.PWait, ServiceLevel: r.ServiceLevel, ASA: r.ASA, Occupancy: r.Occupancy}
		if e.Abandonment {
			row.PAbandon = &r.PAbandon
		}
		doc.Table = append(doc.Table, row)
	}
	return writeJSON(w, doc)
}

// WriteTable prints the figures one a line, then the table of agent
// counts.
func (e Erlang) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	t, m := e.Targets, e.Metrics
	fmt.Fprintf(tw, "model\t%s\n", e.Model())
	fmt.Fprintf(tw, "load\t%.2f Erlangs\n", e.Load)
	what := "agents needed"
	if e.Given {
		what = "agents"
	}
	fmt.Fprintf(tw, "%s\t%d\n", what, e.Agents)
	fmt.Fprintf(tw, "scheduled\t%d (after %s shrinkage)\n", e.Scheduled, Share(e.Shrinkage))
	fmt.Fprintf(tw, "service level\t%s answered within %gs (over %s)\n", Share(m.ServiceLevel), t.Threshold, t.Definition)
	fmt.Fprintf(tw, "P(wait)\t%s\n", Share(m.PWait))
	if e.Abandonment {
		fmt.Fprintf(tw, "P(abandon)\t%s\n", Share(m.PAbandon))
	}
	fmt.Fprintf(tw, "ASA\t%.1f s (answered contacts)\n", m.ASA)
	if e.Abandonment {
		fmt.Fprintf(tw, "mean wait, all\t%.1f s (abandoned ones too)\n", m.MeanWait)
	}
	fmt.Fprintf(tw, "occupancy\t%s\n", Share(m.Occupancy))
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(e.Table) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	tw = newTable(w)
	head := "agents\tP(wait)\tservice level\tASA (s)\toccupancy\t"
	if e.Abandonment {
		head += "P(abandon)\t"
	}
	fmt.Fprintln(tw, head)
	for _, r := range e.Table {
		line := strconv.Itoa(int(r.Agents)) + "\t" + Share(r.PWait) + "\t" + Share(r.ServiceLevel) + "\t" +
			strconv.FormatFloat(r.ASA, 'f', 1, 64) + "\t" + Share(r.Occupancy) + "\t"
		if e.Abandonment {
			line += Share(r.PAbandon) + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	return tw.Flush()
}
