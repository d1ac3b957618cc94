package plots

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
)

// svgDoc is what the tests read back from a figure's SVG with
// encoding/xml: the root's attributes, its title and description, the
// hover targets (each with its tooltip) and the paths' d attributes.
type svgDoc struct {
	attrs           map[string]string
	title, desc     string
	titleID, descID string
	targets         []svgTarget
	paths           []string
}

// svgTarget is one hover target: a rect and the text of its <title>.
type svgTarget struct {
	x, y, w, h float64
	text       string
}

// twoDecimals finds a number written with more than one decimal.
var twoDecimals = regexp.MustCompile(`\.[0-9]{2,}`)

// readSVG parses a figure's SVG and checks what every figure for a page
// promises (docs/reports.md, docs/charts.md): a lone well-formed <svg>
// element that scales to the page (a viewBox in the same proportions as
// its width and height), is named for assistive technology (role img,
// aria-labelledby pointing at its title and description, which are the
// Figure's), uses the page's fonts, writes its paths to a tenth of a point
// and keeps its hover targets, each with a tooltip, inside the drawing and
// within maxHoverTargets.
func readSVG(t *testing.T, fig output.Figure) svgDoc {
	t.Helper()
	if !bytes.HasPrefix(fig.SVG, []byte("<svg ")) || !bytes.HasSuffix(fig.SVG, []byte("</svg>")) {
		t.Fatalf("%s: not a lone <svg> element: %.60q", fig.ID, fig.SVG)
	}
	doc := svgDoc{attrs: map[string]string{}}
	attr := func(e xml.StartElement, name string) string {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	number := func(e xml.StartElement, name string) float64 {
		v, err := strconv.ParseFloat(attr(e, name), 64)
		if err != nil {
			t.Errorf("%s: %s of a hover target: %v", fig.ID, name, err)
		}
		return v
	}
	dec := xml.NewDecoder(bytes.NewReader(fig.SVG))
	var stack []string
	var text strings.Builder
	var target *svgTarget
	hoverDepth, roots := -1, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v", fig.ID, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth := len(stack)
			switch {
			case depth == 0:
				roots++
				if tok.Name.Local != "svg" || tok.Name.Space != "http://www.w3.org/2000/svg" {
					t.Errorf("%s: root element %v", fig.ID, tok.Name)
				}
				for _, a := range tok.Attr {
					doc.attrs[a.Name.Local] = a.Value
				}
			case depth == 1 && tok.Name.Local == "title" && doc.titleID == "":
				doc.titleID = attr(tok, "id")
			case depth == 1 && tok.Name.Local == "desc":
				doc.descID = attr(tok, "id")
			case tok.Name.Local == "g" && attr(tok, "class") == "hover":
				hoverDepth = depth
			case tok.Name.Local == "rect" && hoverDepth >= 0:
				target = &svgTarget{x: number(tok, "x"), y: number(tok, "y"), w: number(tok, "width"), h: number(tok, "height")}
			case tok.Name.Local == "path":
				doc.paths = append(doc.paths, attr(tok, "d"))
			}
			stack = append(stack, tok.Name.Local)
			text.Reset()
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			depth := len(stack)
			switch {
			case depth == 1 && tok.Name.Local == "title" && doc.title == "":
				doc.title = text.String()
			case depth == 1 && tok.Name.Local == "desc":
				doc.desc = text.String()
			case tok.Name.Local == "title" && target != nil:
				target.text = text.String()
			case tok.Name.Local == "rect" && target != nil:
				doc.targets = append(doc.targets, *target)
				target = nil
			case tok.Name.Local == "g" && depth == hoverDepth:
				hoverDepth = -1
			}
		}
	}
	if roots != 1 {
		t.Errorf("%s: %d root elements", fig.ID, roots)
	}

	for name, want := range map[string]string{
		"role": "img", "class": "chart", "id": fig.ID, "aria-labelledby": fig.ID + "-title " + fig.ID + "-desc",
	} {
		if got := doc.attrs[name]; got != want {
			t.Errorf("%s: %s=%q, want %q", fig.ID, name, got, want)
		}
	}
	if doc.titleID != fig.ID+"-title" || doc.descID != fig.ID+"-desc" {
		t.Errorf("%s: title and description have ids %q and %q", fig.ID, doc.titleID, doc.descID)
	}
	if doc.title != fig.Title || doc.title == "" {
		t.Errorf("%s: <title> %q, Figure.Title %q", fig.ID, doc.title, fig.Title)
	}
	if doc.desc != fig.Description || doc.desc == "" {
		t.Errorf("%s: <desc> %q, Figure.Description %q", fig.ID, doc.desc, fig.Description)
	}

	// The viewBox is in points, width and height in CSS pixels: the same
	// proportions, or the page would distort the drawing. Both are written
	// to a hundredth, hence the tolerance.
	var vw, vh float64
	if _, err := fmt.Sscanf(doc.attrs["viewBox"], "0 0 %g %g", &vw, &vh); err != nil {
		t.Fatalf("%s: viewBox %q: %v", fig.ID, doc.attrs["viewBox"], err)
	}
	w, errW := strconv.ParseFloat(doc.attrs["width"], 64)
	h, errH := strconv.ParseFloat(doc.attrs["height"], 64)
	if errW != nil || errH != nil || !(vw > 0 && vh > 0 && w > 0 && h > 0) || math.Abs(vw/vh-w/h) > 1e-3*w/h {
		t.Errorf("%s: viewBox %gx%g for %qx%q", fig.ID, vw, vh, doc.attrs["width"], doc.attrs["height"])
	}

	if len(doc.targets) > maxHoverTargets {
		t.Errorf("%s: %d hover targets, at most %d", fig.ID, len(doc.targets), maxHoverTargets)
	}
	const eps = 0.011 // coordinates are written to a hundredth
	for _, tg := range doc.targets {
		if tg.text == "" || !(tg.w > 0 && tg.h > 0) || tg.x < -eps || tg.y < -eps || tg.x+tg.w > vw+eps || tg.y+tg.h > vh+eps {
			t.Errorf("%s: hover target %+v outside the %gx%g drawing or without a tooltip", fig.ID, tg, vw, vh)
		}
	}
	for _, d := range doc.paths {
		if m := twoDecimals.FindString(d); m != "" {
			t.Errorf("%s: path written finer than a tenth of a point (%s): %.80s", fig.ID, m, d)
			break
		}
	}
	if bytes.Contains(fig.SVG, []byte("font-family:Liberation Sans")) {
		t.Errorf("%s: a font named without the fallbacks a page needs", fig.ID)
	}
	return doc
}

// wantTargets checks a figure's tooltips against the texts they must
// start with, one target each (the texts may go on, such as with a
// goal); wanted empty means no tooltip at all.
func wantTargets(t *testing.T, id string, got []svgTarget, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d hover targets, want %d", id, len(got), len(want))
	}
	for _, w := range want {
		n := 0
		for _, g := range got {
			if strings.HasPrefix(g.text, w) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d tooltips start with %q, want 1", id, n, w)
		}
	}
}

// wantRow checks the targets of one panel, in time order: as tall as the
// panel and side by side over equal spans (intervals or days), each
// starting where the one before it ends or, past a gap of intervals
// without a tooltip, a whole number of spans later.
func wantRow(t *testing.T, id string, row []svgTarget) {
	t.Helper()
	const eps = 0.03 // three coordinates rounded to a hundredth
	for k := 1; k < len(row); k++ {
		a, b := row[k-1], row[k]
		steps := math.Round((b.x - a.x) / a.w)
		if steps < 1 || math.Abs(b.x-(a.x+steps*a.w)) > steps*eps || math.Abs(b.w-a.w) > eps || b.y != a.y || b.h != a.h {
			t.Errorf("%s: target %d %+v does not follow %+v", id, k, b, a)
		}
	}
}

// containing returns the targets whose tooltip contains s, in order.
func containing(targets []svgTarget, s string) []svgTarget {
	var out []svgTarget
	for _, tg := range targets {
		if strings.Contains(tg.text, s) {
			out = append(out, tg)
		}
	}
	return out
}

// span names interval i of 30 minutes of the fixture (which starts on a
// Monday) as a tooltip does: "07:00-07:30", with the weekday over several
// days ("Tue 07:00-07:30"), a day's last interval ending at 24:00.
func span(i int, multiDay bool) string {
	from := i % 48 * 30
	to := from + 30
	s := fmt.Sprintf("%02d:%02d-%02d:%02d", from/60, from%60, to/60, to%60)
	if multiDay {
		s = dayName(i/48) + " " + s
	}
	return s
}

// dayName is day k of the fixture's horizon, which starts on a Monday.
func dayName(k int) string { return []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}[k%7] }

// daysFixture is the fixture repeated over several days, with each day's
// figures (sim.Result.Days) set by hand so that no two days, channels or
// groups agree: a tooltip or point that reads the wrong one shows it.
func daysFixture(name string, lift float64, days int) *sim.Result {
	r := fixture(name, lift)
	n := r.Intervals
	for c := range r.Channels {
		r.Channels[c].Intervals = slices.Repeat(r.Channels[c].Intervals, days)
	}
	r.Total.Intervals = slices.Repeat(r.Total.Intervals, days)
	for g := range r.Groups {
		r.Groups[g].Intervals = slices.Repeat(r.Groups[g].Intervals, days)
	}
	r.AllGroups.Intervals = slices.Repeat(r.AllGroups.Intervals, days)
	r.Intervals = n * days
	for k := range days {
		day := float64(k)
		p := sim.PeriodResult{Span: sim.Span{From: k * n, To: (k + 1) * n}}
		for c := range r.Channels {
			var v sim.Values
			v[sim.ServiceLevel] = sim.Stat{Mean: 0.7 + 0.05*float64(c) + 0.02*day + lift, HalfWidth: 0.01 * (1 + day), N: 10}
			v[sim.AbandonRate] = sim.Stat{Mean: 0.01*float64(c+1) + 0.003*day, HalfWidth: 0.002, N: 10}
			v[sim.QueueEnd] = sim.Stat{Mean: 3 + 10*day + float64(c), HalfWidth: 1, N: 10}
			p.Channels = append(p.Channels, v)
		}
		p.Total[sim.Cost] = sim.Stat{Mean: 1000*(day+1) + 100*lift, HalfWidth: 50, N: 10}
		for g := range r.Groups {
			var v sim.GroupValues
			v[sim.PaidHours] = sim.Stat{Mean: 50*float64(g+1) + day + 0.25, N: 10}
			p.Groups = append(p.Groups, v)
		}
		p.AllGroups[sim.PaidHours] = sim.Stat{Mean: 150 + 3*day + 0.5, N: 10}
		r.Days = append(r.Days, p)
	}
	return r
}

// TestForecastFiguresSVG: a one-day forecast's page figures are the
// charts Charts draws, in its order, each a valid SVG with the tooltips
// of its intervals; one day gets no figure by day.
func TestForecastFiguresSVG(t *testing.T) {
	f := fixtureForecast()
	figs, err := ForecastFigures(f)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	docs := map[string]svgDoc{}
	for _, fig := range figs {
		ids = append(ids, fig.ID)
		docs[fig.ID] = readSVG(t, fig)
	}
	want := []string{"fig-service-level", "fig-waits", "fig-abandonment", "fig-backlog", "fig-occupancy", "fig-agents", "fig-cost"}
	if !slices.Equal(ids, want) {
		t.Fatalf("figures %v, want %v", ids, want)
	}

	r := f.Result
	var sl, abandon, cost []string
	for i := range r.Intervals {
		for c := range r.Channels {
			ch := &r.Channels[c]
			if s := ch.Intervals[i][sim.ServiceLevel]; finite(s.Mean) {
				sl = append(sl, span(i, false)+": "+ch.Name+" service level "+output.ShareCI(s))
			}
			if s := ch.Intervals[i][sim.AbandonRate]; finite(s.Mean) && !ch.Kind.Deferred() {
				abandon = append(abandon, span(i, false)+": "+ch.Name+" abandoned "+output.ShareCI(s))
			}
		}
		cost = append(cost, fmt.Sprintf("%s: all channels %s USD, phone %s, chat %s, email %s", span(i, false),
			output.Money(r.Total.Intervals[i][sim.Cost].Mean), output.Money(r.Channels[0].Intervals[i][sim.Cost].Mean),
			output.Money(r.Channels[1].Intervals[i][sim.Cost].Mean), output.Money(r.Channels[2].Intervals[i][sim.Cost].Mean)))
	}
	// Service level: a tooltip wherever a channel's service level is
	// defined (the phone line is closed at night, the chat has gaps).
	wantTargets(t, "fig-service-level", docs["fig-service-level"].targets, sl)
	// Abandonment: the real-time channels only.
	wantTargets(t, "fig-abandonment", docs["fig-abandonment"].targets, abandon)
	// Cost: every interval, side by side over the one panel.
	wantTargets(t, "fig-cost", docs["fig-cost"].targets, cost)
	wantRow(t, "fig-cost", docs["fig-cost"].targets)
	// The channels' panels stand one under the other in the result's
	// order, and each one's targets cover its own panel only.
	var above svgTarget
	for c, ch := range r.Channels {
		row := containing(docs["fig-service-level"].targets, ": "+ch.Name+" service level")
		wantRow(t, "fig-service-level "+ch.Name, row)
		if c > 0 && len(row) > 0 && row[0].y < above.y+above.h {
			t.Errorf("fig-service-level: %s's targets %+v overlap or stand above those of the channel before, %+v", ch.Name, row[0], above)
		}
		if len(row) > 0 {
			above = row[0]
		}
	}

	// Ids are unique in the page, and each figure's description says what
	// the figure shows in words.
	if !strings.Contains(docs["fig-cost"].desc, "Cost per interval of all channels") ||
		!strings.Contains(docs["fig-service-level"].desc, "phone: service level per interval") {
		t.Errorf("descriptions %q, %q", docs["fig-cost"].desc, docs["fig-service-level"].desc)
	}
}

// TestPanelWithoutTooltips: a panel with nothing to say in any interval
// (a channel whose service level is never defined) gets no targets, and
// the figure's other panels keep theirs.
func TestPanelWithoutTooltips(t *testing.T) {
	f := fixtureForecast()
	r := f.Result
	for i := range r.Channels[0].Intervals {
		r.Channels[0].Intervals[i][sim.ServiceLevel] = sim.Stat{Mean: math.NaN(), HalfWidth: math.NaN()}
	}
	figs, err := chartFigures(f)
	if err != nil {
		t.Fatal(err)
	}
	if figs[0].file != "service-level.png" {
		t.Fatalf("first chart %s", figs[0].file)
	}
	fig, err := figureSVG("fig-sl", figs[0].figure)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range r.Intervals {
		for _, ch := range r.Channels[1:] {
			if s := ch.Intervals[i][sim.ServiceLevel]; finite(s.Mean) {
				want = append(want, span(i, false)+": "+ch.Name+" service level "+output.ShareCI(s))
			}
		}
	}
	wantTargets(t, "fig-sl", readSVG(t, fig).targets, want)
}

// TestForecastFiguresByDay: a forecast of several days gets, after its
// charts, the figure by day, with a tooltip per day and panel giving that
// day's figures (and the charts over the horizon name the day in theirs).
func TestForecastFiguresByDay(t *testing.T) {
	const days = 3
	r := daysFixture("three days", 0, days)
	figs, err := ForecastFigures(output.Forecast{Name: "Plan A", Result: r, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 8 || figs[7].ID != "fig-days" {
		var ids []string
		for _, f := range figs {
			ids = append(ids, f.ID)
		}
		t.Fatalf("figures %v, want the seven charts and fig-days", ids)
	}
	var cost []string
	for i := range r.Intervals {
		cost = append(cost, span(i, true)+": all channels "+output.Money(r.Total.Intervals[i][sim.Cost].Mean)+" USD")
	}
	wantTargets(t, "fig-cost", readSVG(t, figs[6]).targets, cost)

	doc := readSVG(t, figs[7])
	if doc.title != "By day: each day's contacts as one" {
		t.Errorf("days figure titled %q", doc.title)
	}
	var want []string
	for k := range days {
		p := &r.Days[k]
		day := dayName(k) + ": "
		for c, ch := range r.Channels {
			want = append(want, day+ch.Name+" service level "+output.ShareCI(p.Channels[c][sim.ServiceLevel]))
			if ch.Kind.Deferred() {
				want = append(want, day+ch.Name+" backlog at the end of each day "+output.Quantity(p.Channels[c][sim.QueueEnd].Mean)+" waiting")
			} else {
				want = append(want, day+ch.Name+" abandonment by day "+output.ShareCI(p.Channels[c][sim.AbandonRate]))
			}
		}
		want = append(want,
			fmt.Sprintf("%spaid hours voice %s h, digital %s h", day, output.Number(p.Groups[0][sim.PaidHours].Mean, 1), output.Number(p.Groups[1][sim.PaidHours].Mean, 1)),
			day+"cost "+output.Money(p.Total[sim.Cost].Mean)+" USD")
	}
	wantTargets(t, "fig-days", doc.targets, want)
	// Each panel's days stand side by side, a day each; each channel's
	// tooltips name it.
	for _, topic := range []string{"phone service level", "chat service level", "email service level",
		"phone abandonment", "chat abandonment", "email backlog", "paid hours", "cost"} {
		if row := containing(doc.targets, ": "+topic); len(row) != days {
			t.Errorf("fig-days: %d tooltips of %s, want %d", len(row), topic, days)
		} else {
			wantRow(t, "fig-days "+topic, row)
		}
	}
	for _, s := range []string{"phone: service level by day between", "chat: abandonment by day (%)", "email: backlog at the end of each day (requests)"} {
		if !strings.Contains(doc.desc, s) {
			t.Errorf("days figure's description lacks %q: %s", s, doc.desc)
		}
	}
}

// TestCompareFiguresSVG: the comparison's tooltips give every plan's
// figure of the panel's measure in each interval, plans named as the
// reader named them (any characters, escaped for XML). A plan with a
// shorter horizon drops out of the intervals past its end.
func TestCompareFiguresSVG(t *testing.T) {
	a := fixtureForecast()
	b := output.Forecast{Name: `B <"more" & voice>`, Result: fixture("plan B", 0.08), Currency: "USD"}
	// b stops at 20:00: its intervals past that have no figures.
	const short = 40
	cut := b.Result
	for c := range cut.Channels {
		cut.Channels[c].Intervals = cut.Channels[c].Intervals[:short]
	}
	cut.Total.Intervals = cut.Total.Intervals[:short]
	for g := range cut.Groups {
		cut.Groups[g].Intervals = cut.Groups[g].Intervals[:short]
	}
	cut.AllGroups.Intervals = cut.AllGroups.Intervals[:short]
	cut.Intervals = short

	figs, err := CompareFigures([]output.Forecast{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 1 || figs[0].ID != "fig-compare" {
		t.Fatalf("%d figures, want fig-compare alone (one day has no figure by day)", len(figs))
	}
	doc := readSVG(t, figs[0])

	// Every panel's tooltip at 13:00, from each plan's figures.
	const i = 26
	both := func(title string, value func(r *sim.Result) string) string {
		return span(i, false) + ": " + title + ": " + a.Title() + " " + value(a.Result) + "; " + b.Title() + " " + value(b.Result)
	}
	var want []string
	for c, ch := range a.Result.Channels {
		ci := func(r *sim.Result) *sim.Values { return &r.Channels[c].Intervals[i] }
		want = append(want,
			both(ch.Name+": service level", func(r *sim.Result) string { return output.ShareCI(ci(r)[sim.ServiceLevel]) }),
			both(ch.Name+": 90th percentile wait", func(r *sim.Result) string { return output.Seconds(ci(r)[sim.WaitP90].Mean) }))
		if ch.Kind.Deferred() {
			want = append(want, both(ch.Name+": backlog at interval end", func(r *sim.Result) string { return output.Quantity(ci(r)[sim.QueueEnd].Mean) }))
		} else {
			want = append(want, both(ch.Name+": abandonment", func(r *sim.Result) string { return output.ShareCI(ci(r)[sim.AbandonRate]) }))
		}
	}
	for g, gr := range a.Result.Groups {
		want = append(want, both(gr.Name+": scheduled agents", func(r *sim.Result) string {
			return strconv.FormatFloat(r.Groups[g].Intervals[i][sim.Paid].Mean, 'f', -1, 64)
		}))
	}
	want = append(want,
		both("scheduled agents, all groups", func(r *sim.Result) string {
			return strconv.FormatFloat(r.AllGroups.Intervals[i][sim.Paid].Mean, 'f', -1, 64)
		}),
		both("occupancy, all groups", func(r *sim.Result) string { return output.Share(r.AllGroups.Intervals[i][sim.Occupancy].Mean) }),
		both("cost per interval, all channels", func(r *sim.Result) string { return output.Money(r.Total.Intervals[i][sim.Cost].Mean) }))
	var at13 []svgTarget
	for _, tg := range doc.targets {
		if strings.HasPrefix(tg.text, span(i, false)+": ") {
			at13 = append(at13, tg)
		}
	}
	wantTargets(t, "fig-compare at 13:00", at13, want)

	// The phone's service level has a tooltip wherever it is defined
	// (07:00-19:00, within both horizons), side by side; the cost has one
	// in every interval, and past 20:00 it names the first plan only.
	var phone []string
	for i := range a.Result.Intervals {
		if s := a.Result.Channels[0].Intervals[i][sim.ServiceLevel]; finite(s.Mean) {
			phone = append(phone, span(i, false)+": phone: service level: Plan A "+output.ShareCI(s)+"; "+b.Title()+" ")
		}
	}
	wantTargets(t, "fig-compare phone service level", containing(doc.targets, ": phone: service level: "), phone)
	wantRow(t, "fig-compare phone service level", containing(doc.targets, ": phone: service level: "))
	if got := containing(doc.targets, "22:00-22:30: cost per interval, all channels: "); len(got) != 1 || strings.Contains(got[0].text, b.Title()) {
		t.Errorf("cost at 22:00, past the second plan's horizon: %+v", got)
	}
}

// TestCompareFiguresByDay: plans of several days get the figure by day,
// each day's tooltip naming each plan that has the day and the channel
// (plans are matched by channel name): the second plan has no email, the
// first no third day, so email's panels have no tooltip on that day. The
// comparison by interval is past maxHoverTargets and carries no tooltips,
// which the figure by day carries instead.
func TestCompareFiguresByDay(t *testing.T) {
	a := output.Forecast{Name: "Plan A", Result: daysFixture("a", 0, 2), Currency: "USD"}
	b := output.Forecast{Name: "Plan B", Result: without(daysFixture("b", 0.08, 3), "email", "digital"), Currency: "USD"}
	figs, err := CompareFigures([]output.Forecast{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 2 || figs[0].ID != "fig-compare" || figs[1].ID != "fig-days" {
		t.Fatalf("%d figures, want fig-compare and fig-days", len(figs))
	}
	if n := len(readSVG(t, figs[0]).targets); n != 0 {
		t.Errorf("comparison of %d intervals carries %d tooltips, want none past %d", b.Result.Intervals, n, maxHoverTargets)
	}
	doc := readSVG(t, figs[1])
	var want []string
	for k := range 3 {
		// each is the tooltip of day k: what, then each plan that has the
		// day and a value for it.
		each := func(what string, value func(r *sim.Result, p *sim.PeriodResult) string) {
			var parts []string
			for _, f := range []output.Forecast{a, b} {
				if k < len(f.Result.Days) {
					if v := value(f.Result, &f.Result.Days[k]); v != "" {
						parts = append(parts, f.Title()+" "+v)
					}
				}
			}
			if len(parts) > 0 {
				want = append(want, dayName(k)+": "+what+" "+strings.Join(parts, "; "))
			}
		}
		channel := func(name string, metric sim.Metric, format func(sim.Stat) string) func(*sim.Result, *sim.PeriodResult) string {
			return func(r *sim.Result, p *sim.PeriodResult) string {
				c := slices.IndexFunc(r.Channels, func(ch sim.ChannelResult) bool { return ch.Name == name })
				if c < 0 {
					return ""
				}
				return format(p.Channels[c][metric])
			}
		}
		for _, ch := range a.Result.Channels {
			each(ch.Name+" service level", channel(ch.Name, sim.ServiceLevel, output.ShareCI))
			if ch.Kind.Deferred() {
				each(ch.Name+" backlog at the end of each day", channel(ch.Name, sim.QueueEnd, func(s sim.Stat) string { return output.Quantity(s.Mean) + " waiting" }))
			} else {
				each(ch.Name+" abandonment by day", channel(ch.Name, sim.AbandonRate, output.ShareCI))
			}
		}
		each("paid hours", func(_ *sim.Result, p *sim.PeriodResult) string {
			return output.Number(p.AllGroups[sim.PaidHours].Mean, 1) + " h"
		})
		each("cost", func(_ *sim.Result, p *sim.PeriodResult) string { return output.Money(p.Total[sim.Cost].Mean) + " USD" })
	}
	wantTargets(t, "fig-days", doc.targets, want)
	if n := len(containing(doc.targets, "Wed: email")) + len(containing(doc.targets, "Wed: backlog")); n != 0 {
		t.Errorf("%d tooltips of email on a day no plan with email reaches", n)
	}
	if !strings.Contains(doc.desc, "phone: service level by day Plan A between") || !strings.Contains(doc.desc, "; Plan B between") {
		t.Errorf("days figure's description does not name the plans: %s", doc.desc)
	}
}

// staffedDay is a day of half-hours staffed v from 08:00 to 18:00
// (intervals 16 to 35), nobody otherwise.
func staffedDay(v float64) []float64 {
	s := make([]float64, 48)
	for i := 16; i < 36; i++ {
		s[i] = v
	}
	return s
}

// TestStaffingFiguresSVG: the staffing and roster charts give each
// interval on the axis a tooltip with each group's staffing, leaving out
// values that are missing (NaN) and intervals off the axis, which spans
// the hours in which anyone is required or scheduled.
func TestStaffingFiguresSVG(t *testing.T) {
	tl := Timeline{IntervalSeconds: 1800, Intervals: 48, StartWeekday: 1}
	day := staffedDay
	voice := StaffingSeries{Group: "voice", Required: day(10), Scheduled: day(11)}
	digital := StaffingSeries{Group: "digital", Required: day(4), Scheduled: day(5.5)}
	digital.Required[20] = math.NaN() // no requirement known at 10:00
	roster := voice
	roster.OnFloor = day(7.5)

	cases := []struct {
		draw   func(Timeline, string, []StaffingSeries) (output.Figure, error)
		id     string
		groups []StaffingSeries
		text   func(i int) string
	}{
		{StaffingFigure, "fig-staffing", []StaffingSeries{voice, digital}, func(i int) string {
			if i == 20 {
				return "voice 10 required, 11 scheduled; digital 5.5 scheduled"
			}
			return "voice 10 required, 11 scheduled; digital 4 required, 5.5 scheduled"
		}},
		{RosterCoverageFigure, "fig-roster-coverage", []StaffingSeries{roster}, func(int) string {
			return "voice 10 required, 11 rostered, 7.5 on the floor"
		}},
	}
	for _, c := range cases {
		fig, err := c.draw(tl, `Staffing & "cover"`, c.groups)
		if err != nil {
			t.Fatalf("%s: %v", c.id, err)
		}
		if fig.ID != c.id {
			t.Errorf("figure id %q, want %q", fig.ID, c.id)
		}
		doc := readSVG(t, fig)
		if doc.title != `Staffing & "cover"` || !strings.HasPrefix(doc.desc, "1 day of 30 min intervals") {
			t.Errorf("%s: title %q, description %q", c.id, doc.title, doc.desc)
		}
		var want []string
		for i := 16; i < 36; i++ {
			want = append(want, span(i, false)+": "+c.text(i))
		}
		wantTargets(t, c.id, doc.targets, want)
		wantRow(t, c.id, doc.targets)
	}
}

// TestRosterFiguresSplitTooltips: a roster of several groups draws each
// group in a panel of its own, and each panel carries the tooltips of its
// group alone, one per interval, the panels' rows one above the other.
func TestRosterFiguresSplitTooltips(t *testing.T) {
	tl := Timeline{IntervalSeconds: 1800, Intervals: 48, StartWeekday: 1}
	day := staffedDay
	groups := []StaffingSeries{
		{Group: "voice", Required: day(10), Scheduled: day(11), OnFloor: day(7.5)},
		{Group: "digital", Required: day(4), Scheduled: day(5.5), OnFloor: day(3)},
	}
	fig, err := RosterCoverageFigure(tl, "cover", groups)
	if err != nil {
		t.Fatal(err)
	}
	doc := readSVG(t, fig)
	var want []string
	for i := 16; i < 36; i++ {
		want = append(want, span(i, false)+": voice 10 required, 11 rostered, 7.5 on the floor",
			span(i, false)+": digital 4 required, 5.5 rostered, 3 on the floor")
	}
	wantTargets(t, fig.ID, doc.targets, want)
	voice, digital := containing(doc.targets, "voice"), containing(doc.targets, "digital")
	if len(voice) != 20 || len(digital) != 20 {
		t.Fatalf("%d voice and %d digital tooltips, want 20 each", len(voice), len(digital))
	}
	wantRow(t, "voice", voice)
	wantRow(t, "digital", digital)
	if !(voice[0].y+voice[0].h <= digital[0].y) {
		t.Errorf("voice's tooltips (y %v, height %v) are not above digital's (y %v)", voice[0].y, voice[0].h, digital[0].y)
	}
}

// TestHoverTargetsBounded: a figure carries a tooltip for each interval
// up to maxHoverTargets, and none at all past it, rather than weigh more
// than its drawing.
func TestHoverTargetsBounded(t *testing.T) {
	for _, n := range []int{maxHoverTargets, maxHoverTargets + 1} {
		tl := Timeline{IntervalSeconds: 1800, Intervals: n}
		s := slices.Repeat([]float64{3}, n)
		fig, err := StaffingFigure(tl, "", []StaffingSeries{{Group: "voice", Required: s, Scheduled: s}})
		if err != nil {
			t.Fatal(err)
		}
		want := n
		if n > maxHoverTargets {
			want = 0
		}
		doc := readSVG(t, fig)
		if len(doc.targets) != want {
			t.Errorf("%d intervals: %d tooltips, want %d", n, len(doc.targets), want)
		}
		if g := bytes.Contains(fig.SVG, []byte(`<g class="hover">`)); g != (want > 0) {
			t.Errorf("%d intervals: hover group written: %v", n, g)
		}
	}
}

// TestBacktestFigureSVG: each panel of the backtest has a tooltip for
// each interval that any source has a value for, naming each source with
// a value in the panel's unit.
func TestBacktestFigureSVG(t *testing.T) {
	series := backtestFixture()
	fig, err := BacktestFigure(1800, 20, "fixture: one day", series)
	if err != nil {
		t.Fatal(err)
	}
	if fig.ID != "fig-backtest" {
		t.Errorf("id %q", fig.ID)
	}
	doc := readSVG(t, fig)
	if !strings.HasPrefix(doc.desc, "fixture: one day. Each point is") {
		t.Errorf("description %q: want the subtitle and the footnote", doc.desc)
	}
	measures := []struct {
		name   string
		values func(BacktestSeries) []float64
		format func(float64) string
	}{
		{"abandonment", func(s BacktestSeries) []float64 { return s.AbandonRate }, output.Share},
		{"service level", func(s BacktestSeries) []float64 { return s.ServiceLevel }, output.Share},
		{"ASA", func(s BacktestSeries) []float64 { return s.ASA }, output.Seconds},
	}
	var want []string
	for _, m := range measures {
		for i := range 48 {
			var parts []string
			for _, s := range series {
				if v := m.values(s)[i]; !math.IsNaN(v) {
					parts = append(parts, s.Name+" "+m.format(v))
				}
			}
			if len(parts) > 0 {
				want = append(want, span(i, false)+": "+m.name+": "+strings.Join(parts, ", "))
			}
		}
	}
	wantTargets(t, "fig-backtest", doc.targets, want)
	// The observation's gap at 15:00 leaves it out of that tooltip only.
	if got := containing(doc.targets, "15:00-15:30: service level: "); len(got) != 1 || strings.Contains(got[0].text, "observed") {
		t.Errorf("service level at 15:00: %+v", got)
	}
}

// TestFiguresRefuseBadInput: every page figure refuses what its chart
// refuses, with an error saying what is wrong (the figures by day too,
// after the charts by interval were drawn).
func TestFiguresRefuseBadInput(t *testing.T) {
	tl := Timeline{IntervalSeconds: 1800, Intervals: 48}
	tooMany := make([]output.Forecast, MaxPlans+1)
	for i := range tooMany {
		tooMany[i] = fixtureForecast()
	}
	// A forecast whose days disagree with its horizon.
	shortDays := daysFixture("short", 0, 3)
	shortDays.Days = shortDays.Days[:2]
	twoDays := output.Forecast{Name: "two", Result: daysFixture("two", 0, 2)}
	cases := []struct {
		name string
		draw func() ([]output.Figure, error)
		want string
	}{
		{"no forecast", func() ([]output.Figure, error) { return ForecastFigures(output.Forecast{}) }, "no forecast"},
		{"days and horizon disagree", func() ([]output.Figure, error) {
			return ForecastFigures(output.Forecast{Name: "Plan X", Result: shortDays})
		}, `"Plan X" has 2 days, its horizon 3`},
		{"days of a compared plan disagree", func() ([]output.Figure, error) {
			return CompareFigures([]output.Forecast{twoDays, {Name: "Plan X", Result: shortDays}})
		}, `"Plan X" has 2 days, its horizon 3`},
		{"too many plans", func() ([]output.Figure, error) { return CompareFigures(tooMany) }, "at most 12"},
		{"plans in two currencies", func() ([]output.Figure, error) {
			return CompareFigures([]output.Forecast{fixtureForecast(), {Name: "euro", Result: fixture("euro", 0), Currency: "EUR"}})
		}, "compare plans in one currency"},
		{"a plan without result", func() ([]output.Figure, error) {
			return CompareFigures([]output.Forecast{fixtureForecast(), {Name: "empty"}})
		}, `plan "empty": plots: no forecast`},
		{"staffing without groups", func() ([]output.Figure, error) { return one(StaffingFigure(tl, "", nil)) }, "no groups"},
		{"roster series too short", func() ([]output.Figure, error) {
			return one(RosterCoverageFigure(tl, "", []StaffingSeries{{Group: "voice", OnFloor: make([]float64, 47)}}))
		}, `group "voice": 47 values for 48 intervals`},
		{"backtest interval", func() ([]output.Figure, error) { return one(BacktestFigure(7*60, 20, "", backtestFixture())) }, "does not divide a day"},
	}
	for _, c := range cases {
		if _, err := c.draw(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

// one makes a single figure's result a list, for a table of cases.
func one(f output.Figure, err error) ([]output.Figure, error) { return []output.Figure{f}, err }

// TestRoundPaths: the coordinates of paths are written to a tenth of a
// point and nothing else in the SVG changes; straight runs lose the
// points that draw nothing (see TestSimplifyPath), other paths keep
// every point.
func TestRoundPaths(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"rounds each coordinate", `<path d="M1.2345,2.04L3.17,-4.96"/>`, `<path d="M1.2,2L3.2,-5"/>`},
		{"leaves other attributes", `<text x="12.345" y="-6.789">1.2345</text><path d="M0.04,0.06L10,10"/>`,
			`<text x="12.345" y="-6.789">1.2345</text><path d="M0,0.1L10,10"/>`},
		{"every path", `<path d="M1.26,1L2,2"/><g><path d="M5.56,5.56L6.04,6"/></g>`, `<path d="M1.3,1L2,2"/><g><path d="M5.6,5.6L6,6"/></g>`},
		{"drops what draws nothing", `<path d="M0,5L1.01,5L2,5.04L2,5L3,5"/>`, `<path d="M0,5L3,5"/>`},
		{"curves and arcs keep their points", `<path d="M1.26,1C2.04,2 3.07,3 4,4A1.56,1.56 0 0 1 5.01,5"/>`,
			`<path d="M1.3,1C2,2 3.1,3 4,4A1.6,1.6 0 0 1 5,5"/>`},
		// A path with a command other than M, L and Z keeps even a point
		// that repeats the one before it.
		{"other commands keep every point", `<path d="M0,5L0,5ZC1,1 2,2 3,3"/>`, `<path d="M0,5L0,5ZC1,1 2,2 3,3"/>`},
		{"not a number", `<path d="M1.2.3,4L5,6"/>`, `<path d="M1.2.3,4L5,6"/>`},
		{"unterminated", `<path d="M1.26,2`, `<path d="M1.26,2`},
		{"no path", `<svg><rect x="1.234"/></svg>`, `<svg><rect x="1.234"/></svg>`},
	}
	for _, c := range cases {
		if got := string(roundPaths([]byte(c.in))); got != c.want {
			t.Errorf("%s: roundPaths(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

// without removes a channel and a group from a forecast, and from each
// of its days.
func without(r *sim.Result, channel, group string) *sim.Result {
	c := slices.IndexFunc(r.Channels, func(ch sim.ChannelResult) bool { return ch.Name == channel })
	g := slices.IndexFunc(r.Groups, func(gr sim.GroupResult) bool { return gr.Name == group })
	r.Channels = slices.Delete(r.Channels, c, c+1)
	r.Groups = slices.Delete(r.Groups, g, g+1)
	for k := range r.Days {
		r.Days[k].Channels = slices.Delete(r.Days[k].Channels, c, c+1)
		r.Days[k].Groups = slices.Delete(r.Days[k].Groups, g, g+1)
	}
	return r
}

// TestCompareMatchesPlansByName: compared plans need not have the same
// channels and groups. In the comparison by interval, a tooltip about a
// channel or group names each plan that has it and no other; one about
// the whole center names every plan. (TestCompareFiguresByDay does the
// same by day.)
func TestCompareMatchesPlansByName(t *testing.T) {
	a := fixtureForecast()
	b := output.Forecast{Name: "Plan B", Result: without(fixture("b", 0.08), "email", "digital"), Currency: "USD"}
	figs, err := CompareFigures([]output.Forecast{a, b})
	if err != nil {
		t.Fatal(err)
	}
	aOnly, both := 0, 0
	for _, tg := range readSVG(t, figs[0]).targets {
		onlyA := strings.Contains(tg.text, "email") || strings.Contains(tg.text, "digital")
		if !strings.Contains(tg.text, "Plan A") || strings.Contains(tg.text, "Plan B") == onlyA {
			t.Errorf("tooltip %q", tg.text)
		}
		if onlyA {
			aOnly++
		} else {
			both++
		}
	}
	if aOnly == 0 || both == 0 {
		t.Errorf("%d tooltips of the first plan alone and %d of both, want some of each", aOnly, both)
	}
}
