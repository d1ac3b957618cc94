package output

import (
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/baseline"
	"github.com/ccsim/ccsim/sim"
)

// htmlNode is an element of a report page, or a text node (Tag "").
type htmlNode struct {
	Tag  string
	Attr map[string]string
	Kids []*htmlNode
	Data string
}

// voidElements have no end tag in HTML.
var voidElements = []string{"meta", "link", "br", "img", "input", "hr", "col", "source", "wbr"}

// inlineCode matches the page's style and script: ccsim's own files, not
// data, whose text is not XML.
var inlineCode = regexp.MustCompile(`(?s)<(style|script)>.*?</(style|script)>`)

// parsePage reads a report page as lenient XML (HTML's entities and void
// elements) into a tree, and fails the test on markup that does not
// parse, an end tag that closes another element, or an element never
// closed: what a browser would repair, and a page must not need.
func parsePage(t *testing.T, page string) *htmlNode {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(inlineCode.ReplaceAllString(page, "<$1></$2>")))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	root := &htmlNode{}
	stack := []*htmlNode{root}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the page does not parse: %v", err)
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &htmlNode{Tag: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.Attr[a.Name.Local] = a.Value
			}
			top.Kids = append(top.Kids, n)
			if !slices.Contains(voidElements, n.Tag) {
				stack = append(stack, n)
			}
		case xml.EndElement:
			if tok.Name.Local != top.Tag {
				t.Fatalf("</%s> closes <%s>", tok.Name.Local, top.Tag)
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.Kids = append(top.Kids, &htmlNode{Data: string(tok)})
		}
	}
	if len(stack) > 1 {
		t.Fatalf("<%s> is never closed", stack[len(stack)-1].Tag)
	}
	return root
}

// all lists the elements under n named tag ("" for every element), in
// document order.
func (n *htmlNode) all(tag string) []*htmlNode {
	var out []*htmlNode
	for _, k := range n.Kids {
		if k.Tag != "" && (tag == "" || k.Tag == tag) {
			out = append(out, k)
		}
		out = append(out, k.all(tag)...)
	}
	return out
}

// withClass lists the elements under n whose class list holds class.
func (n *htmlNode) withClass(class string) []*htmlNode {
	var out []*htmlNode
	for _, e := range n.all("") {
		if e.hasClass(class) {
			out = append(out, e)
		}
	}
	return out
}

func (n *htmlNode) hasClass(class string) bool {
	return slices.Contains(strings.Fields(n.Attr["class"]), class)
}

// text is the text under n, its runs of white space made one space.
func (n *htmlNode) text() string {
	var b strings.Builder
	var walk func(*htmlNode)
	walk = func(n *htmlNode) {
		b.WriteString(n.Data)
		for _, k := range n.Kids {
			walk(k)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// pageTable is a table of a page: its caption, headings and body rows.
type pageTable struct {
	Caption string
	Head    []string
	Rows    [][]*htmlNode // th and td cells
}

func tablesOf(n *htmlNode) []pageTable {
	var out []pageTable
	for _, tb := range n.all("table") {
		var pt pageTable
		if c := tb.all("caption"); len(c) > 0 {
			pt.Caption = c[0].text()
		}
		for _, th := range tb.all("thead")[0].all("th") {
			// The label is the button that sorts; the ? beside it links
			// to the definition.
			pt.Head = append(pt.Head, th.all("button")[0].text())
		}
		for _, tr := range tb.all("tbody")[0].all("tr") {
			var row []*htmlNode
			for _, c := range tr.Kids {
				if c.Tag == "th" || c.Tag == "td" {
					row = append(row, c)
				}
			}
			pt.Rows = append(pt.Rows, row)
		}
		out = append(out, pt)
	}
	return out
}

// column is the text of column c of every row.
func (pt pageTable) column(c int) []string {
	var out []string
	for _, r := range pt.Rows {
		out = append(out, r[c].text())
	}
	return out
}

// tableByCaption finds a table of the page by its caption.
func tableByCaption(t *testing.T, n *htmlNode, caption string) pageTable {
	t.Helper()
	for _, pt := range tablesOf(n) {
		if pt.Caption == caption {
			return pt
		}
	}
	t.Fatalf("no table %q", caption)
	return pageTable{}
}

// cards maps the label of each headline card to its card.
func cards(n *htmlNode) map[string]*htmlNode {
	out := map[string]*htmlNode{}
	for _, c := range n.withClass("card") {
		out[c.withClass("card-label")[0].text()] = c
	}
	return out
}

// checkPage parses a report page and holds it to what docs/reports.md
// promises of every page: one h1 and no heading level skipped, lang
// "en", ids unique and every in-page link leading to one, a definition
// for every term the page links to, tables whose rows have a cell per
// heading and whose numbers sort by a number, one script (text from files
// escaped, never markup), and the title "kind: title".
func checkPage(t *testing.T, page, kind, title string) *htmlNode {
	t.Helper()
	if n := strings.Count(page, "<script"); n != 1 {
		t.Errorf("%d script elements, want the page's own", n)
	}
	root := parsePage(t, page)
	html := root.all("html")
	if len(html) != 1 || html[0].Attr["lang"] != "en" {
		t.Errorf("html element %+v", html)
	}
	if got := root.all("title")[0].text(); got != kind+": "+title {
		t.Errorf("title %q, want %q", got, kind+": "+title)
	}
	if h1 := root.all("h1"); len(h1) != 1 || h1[0].text() != title {
		t.Errorf("h1 %d, %q", len(h1), title)
	}
	level := 1
	for _, e := range root.all("") {
		if len(e.Tag) == 2 && e.Tag[0] == 'h' && e.Tag[1] >= '1' && e.Tag[1] <= '6' {
			l := int(e.Tag[1] - '0')
			if l > level+1 {
				t.Errorf("<%s> %q follows a heading of level %d", e.Tag, e.text(), level)
			}
			level = l
		}
	}
	ids := map[string]bool{}
	for _, e := range root.all("") {
		if id, ok := e.Attr["id"]; ok {
			if ids[id] {
				t.Errorf("id %q twice", id)
			}
			ids[id] = true
		}
	}
	for _, a := range root.all("a") {
		if href := a.Attr["href"]; strings.HasPrefix(href, "#") && !ids[href[1:]] {
			t.Errorf("link %q (%s) leads nowhere", href, a.text())
		}
	}
	for _, pt := range tablesOf(root) {
		for _, row := range pt.Rows {
			if len(row) != len(pt.Head) {
				t.Errorf("table %q: %d cells under %d headings: %q", pt.Caption, len(row), len(pt.Head), pt.Head)
				break
			}
			for _, c := range row {
				if s, ok := c.Attr["data-sort"]; ok && s != "" {
					if _, err := strconv.ParseFloat(s, 64); err != nil {
						t.Errorf("table %q: cell %q sorts by %q", pt.Caption, c.text(), s)
					}
				}
			}
		}
	}
	return root
}

// sectionByID is the page's section of that id.
func sectionByID(t *testing.T, root *htmlNode, id string) *htmlNode {
	t.Helper()
	for _, s := range root.all("section") {
		if s.Attr["id"] == id {
			return s
		}
	}
	t.Fatalf("no section %q", id)
	return nil
}

// sortSum adds the values column c of a table sorts by: the numbers
// themselves, written with ten significant digits.
func sortSum(t *testing.T, pt pageTable, c int) float64 {
	t.Helper()
	sum := 0.0
	for _, r := range pt.Rows {
		v, err := strconv.ParseFloat(r[c].Attr["data-sort"], 64)
		if err != nil {
			t.Fatalf("table %q, %q: %v", pt.Caption, r[0].text(), err)
		}
		sum += v
	}
	return sum
}

// near: sums of numbers written with ten significant digits agree with
// the figure they add up to within a part in 1e8.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-8*math.Max(math.Abs(a), math.Abs(b)) }

// statusClass is the class the docs give a figure against its target:
// met only when its 95% interval lies on the good side, missed when on
// the other, nothing when it holds the target.
func statusClass(s sim.Stat, goal float64, higher bool, met, missed string) string {
	lo, hi := s.Mean-s.HalfWidth, s.Mean+s.HalfWidth
	if !higher {
		lo, hi = -hi, -lo
		goal = -goal
	}
	switch {
	case lo >= goal:
		return met
	case hi < goal:
		return missed
	}
	return ""
}

// TestCheckPage: the check's page leads with its verdict, counts the KPIs
// by verdict, and lists every KPI of the report once, per channel and per
// group, those that failed first; charts are placed as markup.
func TestCheckPage(t *testing.T) {
	c := checked(t)
	c.HTML = Report{Version: "v9.9", Command: "ccsim check center.yaml --baseline center.json --seed 2",
		Figures: []Figure{{ID: "fig-sl", Title: "Service level", Description: "Phone above its goal all day",
			SVG: []byte(`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="fig-sl-t"><title id="fig-sl-t">Service level</title><path d="M0 0L10 10"/></svg>`)}}}
	rep := c.Report
	root := checkPage(t, written(t, c, HTML), "Forecast check", c.Now.Scenario)

	if v := root.withClass("verdict"); len(v) != 1 || !v[0].hasClass("bad") || v[0].text() != CheckSummary(rep) {
		t.Errorf("verdict %q, want a bad %q", v[0].text(), CheckSummary(rep))
	}
	cs := cards(root)
	total := 0
	for _, card := range cs {
		n, err := strconv.Atoi(card.withClass("card-value")[0].text())
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if pass, failed := cs["KPIs within tolerance"], cs["KPIs failed"]; pass == nil || failed == nil ||
		pass.withClass("card-value")[0].text() != strconv.Itoa(rep.Count(baseline.Pass)) || !pass.hasClass("met") ||
		failed.withClass("card-value")[0].text() != strconv.Itoa(rep.Count(baseline.Fail)) || !failed.hasClass("missed") ||
		total != len(rep.Rows) {
		t.Errorf("cards add up to %d of %d KPIs: %v", total, len(rep.Rows), cs)
	}

	head := []string{"KPI", "baseline", "now", "change", "tolerance", "verdict"}
	var ids []string
	bad := 0
	for _, caption := range []string{"Per channel", "Per group"} {
		pt := tableByCaption(t, root, caption)
		if !slices.Equal(pt.Head, head) {
			t.Errorf("%s: headings %q", caption, pt.Head)
		}
		failedRun := true
		for _, row := range pt.Rows {
			id, failed := row[0].text(), row[5].hasClass("bad")
			if failed && !failedRun {
				t.Errorf("%s: %s failed after a KPI that held", caption, id)
			}
			failedRun = failedRun && failed
			if failed {
				bad++
			}
			if strings.HasPrefix(id, "group ") != (caption == "Per group") {
				t.Errorf("%s lists %s", caption, id)
			}
			ids = append(ids, id)
		}
	}
	var want []string
	for _, r := range rep.Rows {
		want = append(want, r.ID)
	}
	slices.Sort(ids)
	slices.Sort(want)
	if !slices.Equal(ids, want) || bad != rep.Failed() {
		t.Errorf("the tables list %d KPIs (%d failed), the report %d (%d failed)", len(ids), bad, len(want), rep.Failed())
	}

	figs := root.all("figure")
	if len(figs) != 1 || len(figs[0].all("path")) != 1 ||
		figs[0].all("figcaption")[0].text() != "Service level. Phone above its goal all day" {
		t.Errorf("figures %d", len(figs))
	}
	if code := root.all("footer")[0].all("code"); len(code) != 1 || code[0].text() != c.HTML.Command {
		t.Errorf("footer lacks the command line")
	}
	facts := map[string]string{}
	for _, dt := range root.all("dt") {
		facts[dt.text()] = ""
	}
	for _, f := range []string{"scenario", "baseline", "now", "baseline run", "confidence", "ccsim"} {
		if _, ok := facts[f]; !ok {
			t.Errorf("no fact %q", f)
		}
	}

	// An update says what it wrote, as good news.
	c.Updated, c.HTML = true, Report{}
	root = checkPage(t, written(t, c, HTML), "Forecast check", c.Now.Scenario)
	want1 := `Wrote center.json: ` + strconv.Itoa(len(c.Now.KPIs)) + ` KPIs of "Default multi-channel center", seed 2, 3 replications.`
	if v := root.withClass("verdict"); !v[0].hasClass("good") || v[0].text() != want1 || len(root.all("figure")) != 0 {
		t.Errorf("update verdict %q, want %q", v[0].text(), want1)
	}
}

// TestComparisonPage: the plans, each marked in its chart colour; the
// headline KPIs side by side with each plan's difference from the first
// and the channel's target, green or red only when the 95% interval lies
// on one side of it; each plan's own tables folded away.
func TestComparisonPage(t *testing.T) {
	plans := []Forecast{
		{Name: "A", File: "a.yaml", Result: simulated(t, 1), Currency: "USD", Description: "the default center"},
		{Name: "B", File: "b.yaml", Result: simulated(t, 2), Currency: "USD"},
	}
	cmp, err := Compare(plans)
	if err != nil {
		t.Fatal(err)
	}
	root := checkPage(t, written(t, cmp, HTML), "Plans compared", "A against B")

	pl := tablesOf(sectionByID(t, root, "plans"))[0]
	for i, row := range pl.Rows {
		sw := row[0].withClass("swatch")
		if row[0].text() != plans[i].Name || row[1].text() != plans[i].File || len(sw) != 1 ||
			!strings.Contains(sw[0].Attr["style"], PlanColors[i]) || row[4].text() != "3" {
			t.Errorf("plan row %d: %q", i, pl.column(0))
		}
	}

	kpis := tablesOf(sectionByID(t, root, "kpis"))[0]
	if want := []string{"KPI, whole horizon", "A", "B", "Δ B", "target"}; !slices.Equal(kpis.Head, want) || len(kpis.Rows) != len(cmp.Rows) {
		t.Fatalf("headings %q, %d rows for %d KPIs", kpis.Head, len(kpis.Rows), len(cmp.Rows))
	}
	// The targets of the default scenario, by KPI and channel.
	targets := map[string]struct {
		text   string
		goal   float64
		higher bool
	}{
		"service_level/phone": {"80% in 20s", 0.8, true},
		"service_level/chat":  {"90% in 1m", 0.9, true},
		"abandon_rate/phone":  {"at most 5%", 0.05, false},
	}
	judged := 0
	for i, row := range cmp.Rows {
		cells := kpis.Rows[i]
		tg, ok := targets[row.Key+"/"+row.Channel]
		if !ok {
			tg.text = "-"
		}
		delta, _ := strconv.ParseFloat(cells[3].Attr["data-sort"], 64)
		if cells[1].text() != row.FormatValue(0, "USD", true) || cells[2].text() != row.FormatValue(1, "USD", true) ||
			cells[3].text() != row.FormatDelta(1, "USD") || !near(delta, row.Values[1].Mean-row.Values[0].Mean) || cells[4].text() != tg.text {
			t.Errorf("%s %s: %q", row.Key, row.Channel, kpis.Rows[i][0].text()+" | "+cells[1].text()+" | "+cells[3].text()+" | "+cells[4].text())
		}
		for p, c := range []*htmlNode{cells[1], cells[2]} {
			want := ""
			if ok {
				want = statusClass(row.Values[p], tg.goal, tg.higher, "good", "bad")
				judged++
			}
			if got := strings.TrimSpace(strings.TrimPrefix(c.Attr["class"], "num")); got != want {
				t.Errorf("%s %s of plan %d: class %q, want %q", row.Key, row.Channel, p+1, got, want)
			}
		}
	}
	if judged != 2*len(targets) {
		t.Errorf("%d values judged against targets, want %d", judged, 2*len(targets))
	}

	// Each plan's own tables, folded away; one day has no days to compare.
	details := root.all("details")
	if len(details) != 2 || len(tablesOf(details[0])) != 2 || tablesOf(details[1])[0].Caption != "Channels over the horizon" {
		t.Errorf("%d folded sections", len(details))
	}
	for _, s := range root.all("section") {
		if s.Attr["id"] == "by-day" {
			t.Error("a comparison of one day has a section by day")
		}
	}
}

// TestComparisonPageByDay compares nine days with the same plan cut to
// eight: a row per day of the longer, the shorter's missing day
// undefined, and each plan's days adding up to its horizon.
func TestComparisonPageByDay(t *testing.T) {
	r := fortnight(t)
	short := *r
	short.Days = r.Days[:8]
	cmp, err := Compare([]Forecast{{Name: "nine", Result: r}, {Name: "eight", Result: &short}})
	if err != nil {
		t.Fatal(err)
	}
	byDay := sectionByID(t, checkPage(t, written(t, cmp, HTML), "Plans compared", "nine against eight"), "by-day")
	var captions []string
	for _, pt := range tablesOf(byDay) {
		captions = append(captions, pt.Caption)
		if len(pt.Rows) != 9 || pt.Rows[0][0].text() != "d1 Mon" || pt.Rows[8][0].text() != "d9 Tue" {
			t.Errorf("%s: days %q", pt.Caption, pt.column(0))
		}
		last := pt.Rows[8]
		if last[2].text() != "-" || last[2].Attr["data-sort"] != "" || last[3].text() != "-" {
			t.Errorf("%s: the eight-day plan's ninth day %q", pt.Caption, last[2].text())
		}
		for _, row := range pt.Rows[:8] {
			if row[1].text() != row[2].text() || row[3].Attr["data-sort"] != "0" {
				t.Errorf("%s %s: the same plan differs: %q", pt.Caption, row[0].text(), row[1].text()+" "+row[2].text())
			}
		}
	}
	want := []string{"phone: service level by day", "chat: service level by day", "paid hours by day, all groups", "cost by day, all channels"}
	if !slices.Equal(captions, want) {
		t.Fatalf("tables %q, want %q", captions, want)
	}
	if hours, cost := sortSum(t, tableByCaption(t, byDay, want[2]), 1), sortSum(t, tableByCaption(t, byDay, want[3]), 1); !near(hours, r.AllGroups.Total[sim.PaidHours].Mean) ||
		!near(cost, r.Total.Total[sim.Cost].Mean) {
		t.Errorf("the days add up to %v paid hours and %v cost, the horizon %v and %v", hours, cost,
			r.AllGroups.Total[sim.PaidHours].Mean, r.Total.Total[sim.Cost].Mean)
	}
}

// TestForecastPage: a card per channel's service level saying met or
// missed only with 95% confidence; the channels and groups over the
// horizon adding up (all real-time is phone and chat, all groups each
// group); every interval with contacts in the folded per-interval tables.
func TestForecastPage(t *testing.T) {
	r := simulated(t, 1)
	root := checkPage(t, written(t, Forecast{Result: r, Currency: "USD", File: "default.yaml"}, HTML), "Forecast", r.Name)

	cs := cards(root)
	for c := range r.Channels {
		ch := &r.Channels[c]
		card := cs[ch.Name+" service level"]
		sl := ch.Total[sim.ServiceLevel]
		if card == nil || card.withClass("card-value")[0].text() != Share(sl.Mean) {
			t.Errorf("%s: no card of its service level %v", ch.Name, sl.Mean)
			continue
		}
		if ch.Target.Threshold > 0 {
			want := statusClass(sl, ch.Target.Goal, true, "met", "missed")
			if want == "" {
				want = "unsure"
			}
			if !card.hasClass(want) || card.withClass("card-target")[0].text() != "target "+Target(ch.Target) {
				t.Errorf("%s: card %q, want %s", ch.Name, card.Attr["class"], want)
			}
		}
	}
	if card := cs["paid hours"]; card == nil || card.withClass("card-value")[0].text() != Number(r.AllGroups.Total[sim.PaidHours].Mean, 1)+" h" {
		t.Error("no card of the paid hours")
	}

	channels := tablesOf(sectionByID(t, root, "channels"))[0]
	rows := map[string][]*htmlNode{}
	for _, row := range channels.Rows {
		rows[row[0].text()] = row
	}
	offered := func(name string) float64 {
		v, err := strconv.ParseFloat(rows[name][1].Attr["data-sort"], 64)
		if err != nil {
			t.Fatalf("%s: offered %v", name, err)
		}
		return v
	}
	if all := offered("all real-time"); !near(all, offered("phone (call)")+offered("chat (chat)")) || rows["all deferred"] != nil {
		t.Errorf("all real-time offered %v, phone and chat %v", all, offered("phone (call)")+offered("chat (chat)"))
	}
	groups := tablesOf(sectionByID(t, root, "groups"))[0]
	if last := groups.Rows[len(groups.Rows)-1]; last[0].text() != "all groups" ||
		!near(2*sortSum(t, pageTable{Rows: groups.Rows[len(groups.Rows)-1:]}, 5), sortSum(t, groups, 5)) {
		t.Errorf("all groups' paid hours are not the sum of the groups'")
	}
	// The groups' means while scheduled are over different hours and do
	// not add up: the all-groups row leaves them out.
	if last := groups.Rows[len(groups.Rows)-1]; last[1].text() != "-" || last[2].text() != "-" {
		t.Errorf("all groups' on floor and paid while scheduled: %q, %q, want -", last[1].text(), last[2].text())
	}

	intervals := sectionByID(t, root, "intervals")
	if len(intervals.all("details")) != 1 {
		t.Error("the intervals are not folded away")
	}
	for c, pt := range tablesOf(intervals) {
		ch := &r.Channels[c]
		if pt.Caption != ch.Name+" by interval" || len(pt.Rows) > r.Intervals {
			t.Errorf("table %q of %s: %d rows", pt.Caption, ch.Name, len(pt.Rows))
		}
		// Intervals left out had no contacts: those listed hold them all.
		sum := 0.0
		for _, v := range ch.Intervals {
			sum += v[sim.Offered].Mean
		}
		if got := sortSum(t, pt, 1); !near(got, sum) {
			t.Errorf("%s: %v offered in the listed intervals, %v in all", ch.Name, got, sum)
		}
	}
}

// TestForecastPageByDay: over nine days the page has the forecast by day
// and by week, each channel's offered adding up to its horizon, and no
// per-interval tables past a week of half-hours.
func TestForecastPageByDay(t *testing.T) {
	r := fortnight(t)
	root := checkPage(t, written(t, Forecast{Result: r}, HTML), "Forecast", r.Name)
	for _, p := range []struct {
		id      string
		periods int
	}{{"by-day", 9}, {"by-week", 2}} {
		s := sectionByID(t, root, p.id)
		tables := tablesOf(s)
		if len(tables) != len(r.Channels)+1 {
			t.Fatalf("%s: %d tables", p.id, len(tables))
		}
		for c := range r.Channels {
			pt := tables[c]
			if len(pt.Rows) != p.periods || pt.Caption != r.Channels[c].Name+" "+strings.ReplaceAll(p.id, "-", " ") {
				t.Errorf("%s: %q with %d rows", p.id, pt.Caption, len(pt.Rows))
			}
			if got, want := sortSum(t, pt, 1), r.Channels[c].Total[sim.Offered].Mean; !near(got, want) {
				t.Errorf("%s %s: offered adds up to %v, the horizon's %v", p.id, r.Channels[c].Name, got, want)
			}
		}
		// Each group and all groups, for every period: all groups' paid
		// hours are the groups' together (so every row's add up to twice
		// theirs) and add up over the periods to the horizon's.
		groups := tables[len(tables)-1]
		all := sortSum(t, pageTable{Rows: allGroupRows(groups)}, 2)
		if len(groups.Rows) != p.periods*(len(r.Groups)+1) || !near(2*all, sortSum(t, groups, 2)) ||
			!near(all, r.AllGroups.Total[sim.PaidHours].Mean) {
			t.Errorf("%s: %d rows of groups, all groups paid %v hours, the horizon %v", p.id, len(groups.Rows), all,
				r.AllGroups.Total[sim.PaidHours].Mean)
		}
	}
	if details := sectionByID(t, root, "intervals").all("details"); len(details) != 1 || len(tablesOf(details[0])) != len(r.Channels) {
		t.Error("nine days of hours have no folded tables by interval")
	}
}

// TestIntervalSections: per-interval tables up to a week of half-hours,
// past that a sentence that says where the intervals are.
func TestIntervalSections(t *testing.T) {
	for _, n := range []int{7 * 48, 7*48 + 1} {
		s := intervalSections(&sim.Result{Intervals: n}, &defs{})
		if len(s) != 1 || s[0].ID != "intervals" || s[0].Collapsed != (n <= 7*48) ||
			(n > 7*48) != strings.HasPrefix(s[0].Intro, Int(n)+" intervals are too many to read on a page") {
			t.Errorf("%d intervals: %+v", n, s)
		}
	}
}

// allGroupRows are the rows of a groups-by-period table for all groups.
func allGroupRows(pt pageTable) [][]*htmlNode {
	var out [][]*htmlNode
	for _, r := range pt.Rows {
		if r[1].text() == "all groups" {
			out = append(out, r)
		}
	}
	return out
}

// TestPagesEscapeText: names, descriptions, file names and command lines
// come from files and flags; a page shows them as text, never as markup.
func TestPagesEscapeText(t *testing.T) {
	const evil = `<script>alert("x")</script> & <b>co</b>`
	c := checked(t)
	c.Now.Scenario, c.Description, c.HTML.Command = evil, evil, evil
	cmp, err := Compare([]Forecast{{Name: evil, File: evil, Description: evil, Result: simulated(t, 1)}, {Name: "B", Result: simulated(t, 2)}})
	if err != nil {
		t.Fatal(err)
	}
	cmp.HTML.Command = evil
	cases := []struct {
		doc         Document
		kind, title string
	}{
		{Forecast{Name: evil, Description: evil, File: evil, Result: simulated(t, 1), HTML: Report{Command: evil, Version: evil}}, "Forecast", evil},
		{c, "Forecast check", evil},
		{cmp, "Plans compared", evil + " against B"},
	}
	for _, tc := range cases {
		page := written(t, tc.doc, HTML)
		root := checkPage(t, page, tc.kind, tc.title)
		if strings.Contains(page, "<b>co") || len(root.all("b")) != 0 {
			t.Errorf("%s: markup from text", tc.kind)
		}
		if code := root.all("footer")[0].all("code"); len(code) != 1 || code[0].text() != evil {
			t.Errorf("%s: the command line is not shown as given", tc.kind)
		}
	}
}
