package output

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ccsim/ccsim/baseline"
)

// WriteHTML writes the check as a report page: the verdict, the count of
// KPIs by verdict, every KPI against the baseline with its tolerance
// (those that failed first), the charts of the forecast checked, and the
// definitions.
func (c Check) WriteHTML(w io.Writer) error {
	now, base, rep := c.Now, c.Base, c.Report
	d := &defs{}
	name := now.Scenario
	if name == "" {
		name = "the scenario"
	}
	pg := &page{Kind: "Forecast check", Title: name, Lead: c.Description}
	pg.Verdict = &pageVerdict{Good: rep.Failed() == 0, Text: CheckSummary(rep)}
	if c.Updated {
		pg.Verdict = &pageVerdict{Good: true, Text: fmt.Sprintf("Wrote %s: %d KPIs of %s, seed %d, %d replications.", c.BaselineFile,
			len(now.KPIs), ScenarioName(now.Scenario), now.Seed, now.Replications)}
	}
	pg.Facts = append(pg.Facts, fact{"scenario", c.Scenario}, fact{"baseline", c.BaselineFile},
		fact{"now", fmt.Sprintf("seed %d, %d replications", now.Seed, now.Replications)})
	if base != nil {
		pg.Facts = append(pg.Facts, fact{"baseline run", fmt.Sprintf("seed %d, %d replications, ccsim %s", base.Seed, base.Replications, base.Version)})
	}
	pg.Facts = append(pg.Facts, fact{"confidence", Percent(rep.Confidence) + " family-wise over " + Plural(float64(rep.Tests), "KPI")})
	pg.withReport(c.HTML)
	counts := []struct {
		v    baseline.Verdict
		word string
		bad  bool
	}{{baseline.Pass, "within tolerance", false}, {baseline.Fail, "failed", true}, {baseline.Missing, "missing", true},
		{baseline.Skip, "skipped", false}, {baseline.Added, "not in the baseline", false}}
	for _, k := range counts {
		n := rep.Count(k.v)
		card := kpiCard{Label: "KPIs " + k.word, Value: strconv.Itoa(n), Def: d.use("tolerance")}
		switch {
		case k.bad && n > 0:
			card.Status, card.Says = "missed", "the check fails"
		case k.v == baseline.Pass:
			card.Status, card.Says = "met", "hold"
		}
		if n > 0 || k.v == baseline.Pass || k.v == baseline.Fail {
			pg.KPIs = append(pg.KPIs, card)
		}
	}
	// The KPIs of the channels (and all channels together) and those of
	// the groups go in a table each; in each, those that failed first.
	var channelRows, groupRows [][]cell
	add := func(r baseline.Row) {
		unit, _ := baseline.Unit(r.ID)
		v := cell{Text: verdict(r)}
		if r.Verdict.Failed() {
			v.Class = "bad"
		}
		row := []cell{{Text: r.ID}, num(ValueCI(r.Base, unit), r.Base.Mean), num(ValueCI(r.Now, unit), r.Now.Mean),
			num(Change(r.Change, unit), r.Change), num(allowed(r, unit), r.Allowed), v}
		if strings.HasPrefix(r.ID, "group ") {
			groupRows = append(groupRows, row)
		} else {
			channelRows = append(channelRows, row)
		}
		if key := kpiMetric(r.ID); key != "" {
			d.use(key)
		}
	}
	for _, r := range rep.Rows {
		if r.Verdict.Failed() {
			add(r)
		}
	}
	for _, r := range rep.Rows {
		if !r.Verdict.Failed() {
			add(r)
		}
	}
	head := func() []column {
		return []column{{Label: "KPI"}, {Label: "baseline", Numeric: true}, {Label: "now", Numeric: true},
			{Label: "change", Numeric: true}, d.column("tolerance", "tolerance"), {Label: "verdict"}}
	}
	note := "stat: the noise of the replications (the combined confidence interval); abs, rel: the baseline file's absolute and relative allowances; the largest wins."
	var tables []table
	if len(channelRows) > 0 {
		tables = append(tables, table{Caption: "Per channel", Head: head(), Rows: channelRows})
	}
	if len(groupRows) > 0 {
		tables = append(tables, table{Caption: "Per group", Head: head(), Rows: groupRows})
	}
	if len(tables) > 0 {
		tables[len(tables)-1].Note = note
	}
	pg.Sections = append(pg.Sections, section{ID: "kpis", Title: "KPIs against the baseline",
		Intro:  "Every KPI compared, per channel and per group, those that failed first. Values are means ± 95% half-widths; a share's change is in percentage points (pp).",
		Tables: tables})
	if len(c.HTML.Figures) > 0 {
		pg.Sections = append(pg.Sections, section{ID: "charts", Title: "The forecast checked",
			Intro: "Charts of the forecast the check ran. Point at a chart for the figures of an interval.", Figures: c.HTML.Figures})
	}
	pg.Defs = d.list()
	return pg.write(w)
}

// kpiMetric is the metric key at the end of a KPI's ID, as the page's
// definitions name it ("group_cost" for a group's cost).
func kpiMetric(id string) string {
	i := strings.LastIndex(id, "/")
	key := id[i+1:]
	if key == "cost" && strings.HasPrefix(id, "group ") {
		return "group_cost"
	}
	return key
}
