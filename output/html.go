package output

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/ccsim/ccsim/sim"
)

// HTML is a report page: one self-contained file a manager opens in a
// browser, with no network access needed (styles, script and charts are
// inline), written by documents that implement WriteHTML.
const HTML Format = "html"

type htmlDocument interface{ WriteHTML(w io.Writer) error }

// Report is what a document's HTML page carries beyond the document:
// its charts (drawn by plots) and where it came from. Commands fill it
// when a page is asked for.
type Report struct {
	Figures []Figure
	// Version is ccsim's; Command the command line that made the page,
	// so that a reader can make it again.
	Version, Command string
}

//go:embed html/page.html.tmpl html/page.css html/sort.js
var pageFiles embed.FS

var pageTemplate = template.Must(template.New("page.html.tmpl").Funcs(template.FuncMap{
	"css":        func() template.CSS { return template.CSS(pageFile("html/page.css")) },
	"js":         func() template.JS { return template.JS(pageFile("html/sort.js")) },
	"statusWord": func(s string) string { return statusWord[s] },
	"svg": func(f Figure) template.HTML {
		// The SVG is drawn by plots from numbers and escaped text; it is
		// placed as markup.
		return template.HTML(f.SVG)
	},
}).ParseFS(pageFiles, "html/page.html.tmpl"))

func pageFile(name string) string {
	b, err := pageFiles.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// page is what the template lays out; every report kind builds one.
type page struct {
	Kind     string // "Forecast", "Staffing plan"...
	Title    string
	Lead     string // the scenario's description
	Facts    []fact
	Verdict  *pageVerdict
	KPIs     []kpiCard
	Sections []section
	Defs     []definition
	Command  string
	Version  string
}

type fact struct{ Label, Value string }

// pageVerdict is the sentence a page leads with: a plan met its targets, a
// check failed.
type pageVerdict struct {
	Good bool
	Text string
}

// kpiCard is a headline figure against its target.
type kpiCard struct {
	Label, Value, Interval, Target string
	// Status is "met", "missed", "unsure" (the confidence interval holds
	// the target) or "" when there is no target.
	Status string
	// Says is what the card says of its status when "target met" or
	// "target missed" would not fit (a backtest, a check).
	Says string
	Def  string // id of its definition
}

// section is a part of the page with a heading: tables and figures, and
// optionally collapsed (long detail a reader opens when needed).
type section struct {
	ID, Title, Intro string
	Tables           []table
	Figures          []Figure
	Collapsed        bool
	// Pre is preformatted text shown after the tables: a block to copy.
	Pre string
}

// table is a sortable table.
type table struct {
	Caption string
	Head    []column
	Rows    [][]cell
	Note    string
}

type column struct {
	Label   string
	Def     string // id of the definition it links to
	Numeric bool
}

// cell is a table cell: its text, the value it sorts by (numbers sort by
// value, not by text), a class ("good", "bad", "sub" for an indented row
// label) and a swatch colour for a plan's or series' name.
type cell struct {
	Text, Sort, Class, Swatch string
	// Num marks a number: aligned right, sorted by Sort (empty for an
	// undefined value, which sorts last).
	Num bool
}

// definition explains a figure in the docs' words and says where.
type definition struct {
	ID, Term, Text, Source string
}

func (p *page) write(w io.Writer) error {
	var b strings.Builder
	if err := pageTemplate.Execute(&b, p); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// withReport fills the page's fields that come from the report.
func (p *page) withReport(r Report) {
	p.Version, p.Command = r.Version, r.Command
	if r.Version != "" {
		p.Facts = append(p.Facts, fact{"ccsim", r.Version})
	}
}

// num is a cell holding a number: shown as text, sorted by v.
func num(text string, v float64) cell {
	c := cell{Text: text, Num: true}
	if finite(v) {
		c.Sort = strconv.FormatFloat(v, 'g', 10, 64)
	}
	return c
}

// label is a row's first cell; indented rows (a class under its channel)
// get the "sub" class.
func label(text string, indent bool) cell {
	if indent {
		return cell{Text: text, Class: "sub"}
	}
	return cell{Text: text}
}

var nan = math.NaN()

// shareCell is a share with its 95% half-width.
func shareCell(s sim.Stat) cell { return num(ShareCI(s), s.Mean) }

// countCell, hoursCell and moneyCell are a mean count, hours (one
// decimal) and sum of money.
func countCell(s sim.Stat) cell { return num(Count(s.Mean), s.Mean) }
func hoursCell(s sim.Stat) cell { return num(Number(s.Mean, 1), s.Mean) }
func moneyCell(s sim.Stat) cell { return num(Money(s.Mean), s.Mean) }

// secondsCell is a duration in the unit that reads best.
func secondsCell(s sim.Stat, ci bool) cell {
	if ci {
		return num(SecondsCI(s), s.Mean)
	}
	return num(Seconds(s.Mean), s.Mean)
}

// status compares a share or duration with its target: met, missed, or
// unsure when the 95% confidence interval holds the target. higher says
// which side is good.
func status(s sim.Stat, target float64, higher bool) string {
	if !finite(s.Mean) || !(target > 0) {
		return ""
	}
	lo, hi := s.Mean, s.Mean
	if finite(s.HalfWidth) {
		lo, hi = s.Mean-s.HalfWidth, s.Mean+s.HalfWidth
	}
	good := func(v float64) bool {
		if higher {
			return v >= target
		}
		return v <= target
	}
	switch {
	case good(lo) && good(hi):
		return "met"
	case !good(lo) && !good(hi):
		return "missed"
	}
	return "unsure"
}

// statusWord is how a card says its status.
var statusWord = map[string]string{"met": "target met", "missed": "target missed", "unsure": "too close to call"}

// intervalText is a half-width as a card shows it: "±1.3 pp".
func intervalText(s sim.Stat, unit sim.Unit) string {
	if !finite(s.HalfWidth) || s.N < 2 {
		return ""
	}
	if unit == sim.Share {
		return "±" + points(s.HalfWidth) + " pp"
	}
	return "±" + Value(s.HalfWidth, unit, true)
}

// horizonFacts are the facts every forecast page states: the horizon,
// replications and seed.
func horizonFacts(r *sim.Result) []fact {
	t := r.Timeline()
	start := ""
	if t.MultiDay() || r.StartWeekday != 1 {
		start = ", from " + t.DayTitle(0)
	}
	return []fact{
		{"horizon", fmt.Sprintf("%s, %s intervals of %s%s", HorizonText(t.Seconds()), Int(r.Intervals), HorizonText(r.IntervalSeconds), start)},
		{"replications", strconv.Itoa(r.Replications)},
		{"seed", strconv.FormatUint(r.Seed, 10)},
	}
}
