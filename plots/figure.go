package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/ccsim/ccsim/output"
)

// legendItem is one entry of a figure's legend: a sample of the line or
// band and what it means.
type legendItem struct {
	label string
	thumb plot.Thumbnailer
}

// figure is one PNG: a title, a legend for all panels, a grid of panels
// (nil cells stay empty), an optional table at the right and a footnote.
type figure struct {
	title, subtitle string
	legend          []legendItem
	panels          [][]*plot.Plot
	// panelsWidthPx is the width of the panel grid; the table, if any,
	// is added to its right.
	panelsWidthPx float64
	rowHeightPx   float64
	footer        string
	// table is drawn right of the panels; its first row and column are
	// headings. A cell may hold several lines, split at "\n".
	table [][]tableCell
	// side panels stand in a column under the table, as wide as it.
	side []*plot.Plot
	// widthPx and heightPx are the size drawOn gave the figure.
	widthPx, heightPx float64
	// alt says in words what the figure shows, for a reader who cannot
	// see it; hovers are the tooltips of its panels in an SVG.
	alt    string
	hovers map[*plot.Plot]*hover
}

// tableCell is one cell of a figure's table. A label cell (first column)
// that starts with spaces is indented and drawn in the regular weight.
type tableCell struct {
	text  string
	color color.Color // nil means ink
}

func (c tableCell) style(row, col int) text.Style {
	sty := tableStyle
	if (row == 0 || col == 0) && !strings.HasPrefix(c.text, " ") {
		sty = tableBold
	}
	if c.color != nil {
		sty.Color = c.color
	}
	return sty
}

const (
	marginPx       = 18
	legendThumbPx  = 40
	legendGapPx    = 28
	tableGapPx     = 30
	tablePadCellPx = 18
)

var (
	titleStyle    = textStyle(figureTitleSize, true, ink)
	subtitleStyle = textStyle(subtitleSize, false, muted)
	legendStyle   = textStyle(legendSize, false, ink)
	footerStyle   = textStyle(subtitleSize, false, muted)
	tableStyle    = textStyle(tableSize, false, ink)
	tableBold     = textStyle(tableSize, true, ink)
)

// toPx converts a vg length back to pixels.
func toPx(l vg.Length) float64 { return float64(l / vg.Inch * dpi) }

// legendRows splits the legend into rows that fit the width.
func (f *figure) legendRows(widthPx float64) [][]legendItem {
	var rows [][]legendItem
	var row []legendItem
	used := 0.0
	for _, it := range f.legend {
		w := legendThumbPx + 8 + toPx(legendStyle.Width(it.label)) + legendGapPx
		if len(row) > 0 && used+w > widthPx {
			rows = append(rows, row)
			row, used = nil, 0
		}
		row = append(row, it)
		used += w
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// tableWidths returns the width of each table column in pixels.
func (f *figure) tableWidths() []float64 {
	var ws []float64
	for r, row := range f.table {
		for c, cell := range row {
			for len(ws) <= c {
				ws = append(ws, 0)
			}
			for _, line := range strings.Split(cell.text, "\n") {
				ws[c] = math.Max(ws[c], toPx(cell.style(r, c).Width(strings.TrimLeft(line, " ")))+indentPx(cell.text)+tablePadCellPx)
			}
		}
	}
	return ws
}

// rowLines is the number of lines of a table row: its tallest cell's.
func rowLines(row []tableCell) int {
	n := 1
	for _, c := range row {
		n = max(n, strings.Count(c.text, "\n")+1)
	}
	return n
}

// tableHeightPx is the height of the figure's table.
func (f *figure) tableHeightPx() float64 {
	lines := 0
	for _, row := range f.table {
		lines += rowLines(row)
	}
	return float64(lines) * lineHeightPx(tableStyle)
}

// minSidePx is the least height of a panel under the table.
const minSidePx = 170

// indentPx is the indent of a table row label written with leading
// spaces (a channel under its KPI).
func indentPx(cell string) float64 { return 8 * float64(len(cell)-len(strings.TrimLeft(cell, " "))) }

func lineHeightPx(sty text.Style) float64 { return toPx(sty.Height("Mg")) * 1.25 }

// drawingPanic is a panic inside gonum/plot turned into an error.
type drawingPanic struct {
	title string
	value any
}

func (p *drawingPanic) Error() string { return fmt.Sprintf("plots: drawing %q: %v", p.title, p.value) }

// render draws the figure as a PNG.
func (f *figure) render(w io.Writer) error {
	img, err := f.draw()
	if err != nil {
		return err
	}
	_, err = vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// draw draws the figure on an image canvas.
func (f *figure) draw() (*vgimg.Canvas, error) {
	var img *vgimg.Canvas
	_, err := f.drawOn(func(w, h float64) vg.CanvasSizer {
		img = vgimg.NewWith(vgimg.UseWH(px(w), px(h)), vgimg.UseDPI(dpi))
		return img
	})
	return img, err
}

// drawOn lays the figure out, makes its canvas with newCanvas (given the
// size in pixels) and draws on it. It returns where each panel's data
// area landed, in pixels from the top left, for the hover targets of an
// SVG.
func (f *figure) drawOn(newCanvas func(widthPx, heightPx float64) vg.CanvasSizer) (areas []panelArea, err error) {
	// gonum/plot panics on some degenerate inputs instead of returning an
	// error; every input is checked before drawing, and this turns any
	// case that slipped through into an error rather than a crash.
	defer func() {
		if r := recover(); r != nil {
			areas, err = nil, &drawingPanic{title: f.title, value: r}
		}
	}()
	var tableW float64
	widths := f.tableWidths()
	for _, cw := range widths {
		tableW += cw
	}
	width := f.panelsWidthPx + 2*marginPx
	if tableW > 0 {
		width += tableW + tableGapPx
	}
	width = math.Ceil(width)
	legend := f.legendRows(width - 2*marginPx)
	titleLines := wrap(titleStyle, f.title, width-2*marginPx)
	subtitleLines := wrap(subtitleStyle, f.subtitle, width-2*marginPx)
	footerLines := wrap(footerStyle, f.footer, width-2*marginPx)
	header := marginPx + float64(len(titleLines))*lineHeightPx(titleStyle) +
		float64(len(subtitleLines))*lineHeightPx(subtitleStyle) + 10 +
		float64(len(legend))*lineHeightPx(legendStyle) + 8
	rows := len(f.panels)
	footer := 0.0
	if len(footerLines) > 0 {
		footer = float64(len(footerLines))*lineHeightPx(footerStyle) + 6
	}
	height := math.Ceil(header + float64(rows)*f.rowHeightPx + footer + marginPx)
	tableH := f.tableHeightPx()
	// The side panels fill the column under the table down to the bottom
	// of the grid, each at least minSidePx tall.
	sideTop := header + tableH + tableGapPx
	sideBottom := header + float64(rows)*f.rowHeightPx
	if n := float64(len(f.side)); n > 0 {
		sideBottom = math.Max(sideBottom, sideTop+n*minSidePx)
	} else {
		sideBottom = header + tableH
	}
	if need := sideBottom + footer + marginPx; need > height {
		height = math.Ceil(need)
	}

	f.widthPx, f.heightPx = width, height
	dc := draw.New(newCanvas(width, height))
	top := func(yPx float64) vg.Length { return px(height - yPx) }

	y := float64(marginPx)
	for _, l := range titleLines {
		y += lineHeightPx(titleStyle)
		dc.FillText(titleStyle, vg.Point{X: px(marginPx), Y: top(y - 6)}, l)
	}
	for _, l := range subtitleLines {
		y += lineHeightPx(subtitleStyle)
		dc.FillText(subtitleStyle, vg.Point{X: px(marginPx), Y: top(y - 4)}, l)
	}
	y += 10
	for _, row := range legend {
		lh := lineHeightPx(legendStyle)
		x := float64(marginPx)
		for _, it := range row {
			thumb := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: px(x), Y: top(y + lh*0.8)},
				Max: vg.Point{X: px(x + legendThumbPx), Y: top(y + lh*0.2)},
			}}
			it.thumb.Thumbnail(&thumb)
			x += legendThumbPx + 8
			dc.FillText(legendStyle, vg.Point{X: px(x), Y: top(y + lh*0.8)}, it.label)
			x += toPx(legendStyle.Width(it.label)) + legendGapPx
		}
		y += lh
	}
	y += 8

	if rows > 0 {
		cols := len(f.panels[0])
		area := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: px(marginPx), Y: top(y + float64(rows)*f.rowHeightPx)},
			Max: vg.Point{X: px(marginPx + f.panelsWidthPx), Y: top(y)},
		}}
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: px(36), PadY: px(22)}
		colWidth := f.panelsWidthPx / float64(cols)
		for _, row := range f.panels {
			for _, p := range row {
				if p == nil {
					continue
				}
				if tt, ok := p.X.Tick.Marker.(timeTicks); ok {
					// The data area is the column less the y axis.
					tt.widthPx = colWidth - 110
					p.X.Tick.Marker = tt
				}
			}
		}
		canvases := alignTiles(f.panels, tiles, area)
		for j, row := range f.panels {
			for i, p := range row {
				if p != nil {
					p.Draw(canvases[j][i])
					areas = append(areas, panelArea{panel: p, rect: p.DataCanvas(canvases[j][i]).Rectangle, height: height})
				}
			}
		}
	}

	if len(f.table) > 0 {
		lh := lineHeightPx(tableStyle)
		x0 := marginPx + f.panelsWidthPx + tableGapPx
		ty := y
		for r, row := range f.table {
			lines := rowLines(row)
			for k := range lines {
				ty += lh
				x := x0
				for c, cell := range row {
					sty := cell.style(r, c)
					parts := strings.Split(cell.text, "\n")
					// Short cells of a taller row stand on its last line.
					at := k - (lines - len(parts))
					if at < 0 {
						x += widths[c]
						continue
					}
					label := strings.TrimLeft(parts[at], " ")
					if c == 0 {
						dc.FillText(sty, vg.Point{X: px(x + indentPx(cell.text)), Y: top(ty)}, label)
					} else {
						// Numbers align right, so their decimals line up.
						right := x + widths[c] - tablePadCellPx/2
						dc.FillText(sty, vg.Point{X: px(right) - sty.Width(label), Y: top(ty)}, label)
					}
					x += widths[c]
				}
			}
			if r == 0 {
				dc.StrokeLine2(draw.LineStyle{Color: muted, Width: px(1)},
					px(x0), top(ty+5), px(x0+floats.Sum(widths)), top(ty+5))
			}
		}
	}

	if len(f.side) > 0 {
		x0 := marginPx + f.panelsWidthPx + tableGapPx
		side := make([][]*plot.Plot, len(f.side))
		for i, p := range f.side {
			side[i] = []*plot.Plot{p}
			if tt, ok := p.X.Tick.Marker.(timeTicks); ok {
				tt.widthPx = tableW - 110
				p.X.Tick.Marker = tt
			}
		}
		area := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: px(x0), Y: top(sideBottom)},
			Max: vg.Point{X: px(x0 + tableW), Y: top(sideTop)},
		}}
		tiles := draw.Tiles{Rows: len(side), Cols: 1, PadY: px(22)}
		canvases := alignTiles(side, tiles, area)
		for j, p := range f.side {
			p.Draw(canvases[j][0])
			areas = append(areas, panelArea{panel: p, rect: p.DataCanvas(canvases[j][0]).Rectangle, height: height})
		}
	}

	for i, l := range footerLines {
		fy := marginPx + float64(len(footerLines)-1-i)*lineHeightPx(footerStyle)
		dc.FillText(footerStyle, vg.Point{X: px(marginPx), Y: px(fy)}, l)
	}
	return areas, nil
}

// panelArea is where a panel's data area landed on the figure.
type panelArea struct {
	panel  *plot.Plot
	rect   vg.Rectangle // in canvas units, origin at the bottom left
	height float64      // of the figure, pixels
}

// alignTiles places the panels on their tiles so that the data areas of
// a column share their left and right edges and those of a row their top
// and bottom: the time axes of a column line up. Unlike plot.Align it
// keeps every tile's size, since gonum's axis padding grows in small
// panels (a label near the top of the axis needs room) and plot.Align's
// redistribution of height then overlaps the panels.
func alignTiles(panels [][]*plot.Plot, tiles draw.Tiles, area draw.Canvas) [][]draw.Canvas {
	type margins struct{ left, right, bottom, top vg.Length }
	out := make([][]draw.Canvas, len(panels))
	m := make([][]margins, len(panels))
	cols := make([]margins, tiles.Cols)
	rows := make([]margins, tiles.Rows)
	for j, row := range panels {
		out[j] = make([]draw.Canvas, len(row))
		m[j] = make([]margins, len(row))
		for i, p := range row {
			c := tiles.At(area, i, j)
			out[j][i] = c
			if p == nil {
				continue
			}
			d := p.DataCanvas(c)
			m[j][i] = margins{d.Min.X - c.Min.X, c.Max.X - d.Max.X, d.Min.Y - c.Min.Y, c.Max.Y - d.Max.Y}
			cols[i].left = max(cols[i].left, m[j][i].left)
			cols[i].right = max(cols[i].right, m[j][i].right)
			rows[j].bottom = max(rows[j].bottom, m[j][i].bottom)
			rows[j].top = max(rows[j].top, m[j][i].top)
		}
	}
	for j, row := range panels {
		for i, p := range row {
			if p == nil {
				continue
			}
			out[j][i] = draw.Crop(out[j][i], cols[i].left-m[j][i].left, -(cols[i].right - m[j][i].right),
				rows[j].bottom-m[j][i].bottom, -(rows[j].top - m[j][i].top))
		}
	}
	return out
}

// wrap breaks s into lines no wider than widthPx, at spaces.
func wrap(sty text.Style, s string, widthPx float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		next := word
		if line != "" {
			next = line + " " + word
		}
		if line != "" && toPx(sty.Width(next)) > widthPx {
			lines = append(lines, line)
			next = word
		}
		line = next
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// numberTicks labels a value axis at round numbers (1, 2, 2.5 or 5
// times a power of ten) with four to six labels, and thousands separators
// so that "12,000" reads at a glance. gonum's default aims at three
// labels, too few to read a value off a tall panel.
type numberTicks struct{}

func (numberTicks) Ticks(lo, hi float64) []plot.Tick {
	step, decimals := niceStep(hi - lo)
	if !(step > 0) {
		return nil
	}
	var ticks []plot.Tick
	first := math.Ceil(lo/step - 1e-9)
	for k := first; k*step <= hi+step*1e-9 && len(ticks) < 100; k++ {
		v := k * step
		ticks = append(ticks, plot.Tick{Value: v, Label: output.Number(v, decimals)})
		if m := v + step/2; m < hi {
			ticks = append(ticks, plot.Tick{Value: m})
		}
	}
	return ticks
}

// niceStep returns the smallest round step (1, 2, 2.5 or 5 times a power
// of ten) that cuts span into at most six parts, and the decimals its
// labels need.
func niceStep(span float64) (step float64, decimals int) {
	if !(span > 0) || !finite(span) {
		return 0, 0
	}
	exp := math.Floor(math.Log10(span / 6))
	mag := math.Pow(10, exp)
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step = m * mag
		if span/step <= 6+1e-9 {
			break
		}
	}
	decimals = max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	if math.Abs(step/math.Pow(10, -float64(decimals))-math.Round(step/math.Pow(10, -float64(decimals)))) > 1e-6 {
		decimals++ // 2.5 times a power of ten needs one more
	}
	return step, decimals
}

// setYFrom fixes a panel's y axis to [from, top], with the headroom of
// setY above.
func setYFrom(p *plot.Plot, from, top float64) {
	setY(p, top-from)
	p.Y.Min, p.Y.Max = from, from+p.Y.Max
}

// setY fixes a panel's y axis to [0, top], with some headroom above the
// data so that lines at the top stay visible.
func setY(p *plot.Plot, top float64) {
	switch {
	case !(top > 0) || !finite(top):
		top = 1
	case top > 1e300:
		// Keep Max-Min finite, or gonum's scale turns every value to NaN.
		top = 1e300
	}
	p.Y.Min, p.Y.Max = 0, top*1.08
	p.Y.Tick.Marker = numberTicks{}
}
