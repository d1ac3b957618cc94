package plots

import (
	"bytes"
	"image/png"
	"math"
	"testing"
	"time"

	"github.com/ccsim/ccsim/capacity"
	"github.com/ccsim/ccsim/output"
)

// capacityPlan is a hand-made plan of 40 weeks and two groups: a
// requirement that grows and peaks, a supply that stays above it, classes
// in weeks 6 and 20.
func capacityPlan() *capacity.Result {
	const n = 40
	r := &capacity.Result{Name: "Chart fixture", FTEHours: 40, Risk: 0.1, Paths: 1000}
	for w := range n {
		r.Weeks = append(r.Weeks, time.Date(2027, 1, 4+7*w, 0, 0, 0, 0, time.UTC))
	}
	for gi, name := range []string{"voice", "digital"} {
		g := capacity.GroupResult{Name: name}
		for w := range n {
			req := (1000 - 200*float64(gi)) * (1 + 0.003*float64(w) + 0.15*math.Exp(-math.Pow(float64(w-30)/4, 2)))
			g.Requirement = append(g.Requirement, capacity.Band{Low: req * 0.95, Mid: req, High: req * 1.05})
			sup := req*1.08 + 20
			g.Supply.Productive = append(g.Supply.Productive, sup)
			g.SupplyBand = append(g.SupplyBand, capacity.Band{Low: sup * 0.93, Mid: sup, High: sup * 1.04})
			hires := 0
			if w == 6+gi || w == 20 {
				hires = 5 + gi
			}
			g.Hires = append(g.Hires, hires)
			g.Overtime = append(g.Overtime, 0)
			g.Outsourced = append(g.Outsourced, 0)
		}
		r.Groups = append(r.Groups, g)
	}
	return r
}

func TestCapacityGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := Capacity(&buf, output.Capacity{Result: capacityPlan()}); err != nil {
		t.Fatal(err)
	}
	goldenPNG(t, "capacity.png", buf.Bytes())
	cfg, err := png.DecodeConfig(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width < 1000 || cfg.Width > 1700 || cfg.Height < 500 || cfg.Height > 1200 {
		t.Errorf("capacity chart is %dx%d", cfg.Width, cfg.Height)
	}
}

func TestCapacityChartRefusesBadPlans(t *testing.T) {
	for name, r := range map[string]*capacity.Result{
		"nil":     nil,
		"empty":   {FTEHours: 40},
		"no FTE":  func() *capacity.Result { r := capacityPlan(); r.FTEHours = 0; return r }(),
		"lengths": func() *capacity.Result { r := capacityPlan(); r.Groups[1].Hires = r.Groups[1].Hires[:3]; return r }(),
	} {
		var buf bytes.Buffer
		if err := Capacity(&buf, output.Capacity{Result: r}); err == nil || buf.Len() > 0 {
			t.Errorf("%s: %v, wrote %d bytes", name, err, buf.Len())
		}
	}
}
