package main

import (
	"bytes"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/sim"
)

// compareOptions are the flags of "ccsim compare".
type compareOptions struct {
	simFlags
	model  modelFlags
	format *formatFlag
	png    string
	html   string
}

func newCompareCmd(s *streams) *cobra.Command {
	o := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare A.yaml B.yaml [C.yaml ...] (one of them may be -, standard input)",
		Short: "Forecast several staffing plans and compare them side by side",
		Long: `Compare simulates each scenario (a staffing plan) and prints its headline KPIs
over the whole horizon side by side: service level, ASA and abandonment for
all channels and per channel, occupancy and paid hours of all groups, cost and
cost per contact, each with its difference (Δ) from the first plan.

With --png it also draws one image of panels with one line per plan, the same
colour for a plan in every panel: per channel its service level, 90th
percentile wait and abandonment (backlog for email and messaging), and for the
whole center scheduled agents, occupancy and cost per interval, beside the
KPI table (see docs/charts.md).

Plans are named by their scenario's name, or by file name when names clash.
Each runs with its own seed and replications unless --reps or --seed is given;
give the plans one seed to compare them on the same customers (common random
numbers), which makes small differences sharp. Every file is checked before
anything is simulated.`,
		Example: `  ccsim compare today.yaml more-chat-agents.yaml
  ccsim compare a.yaml b.yaml c.yaml --png plans.png
  ccsim compare a.yaml b.yaml --html plans.html      # a page to open in a browser
  ccsim compare a.yaml b.yaml --reps 30 --seed 7 --format csv > kpis.csv`,
		Args: usageArgs(cobra.MinimumNArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd, s, args) },
	}
	f := cmd.Flags()
	o.model.add(f, " for every plan", "each scenario's")
	o.format = addFormatFlag(f, output.Comparison{}, "KPI output format", "")
	f.StringVar(&o.png, "png", "", "also write the comparison as a PNG image to this file")
	addHTMLFlag(f, &o.html, "the comparison with its charts")
	o.simFlags.add(f)
	return cmd
}

func (o *compareOptions) run(cmd *cobra.Command, s *streams, files []string) error {
	if len(files) > plots.MaxPlans {
		return usageErrorf("%d plans: compare at most %d", len(files), plots.MaxPlans)
	}
	if err := oneStdin(files); err != nil {
		return err
	}
	// Every file is read, and the image's path checked, before anything
	// is simulated.
	plans := make([]output.Forecast, len(files))
	models := make([]*sim.Model, len(files))
	for i, file := range files {
		m, err := o.model.load(cmd, s, file)
		if err != nil {
			return err
		}
		models[i], plans[i] = m, output.Forecast{Name: m.Name, File: file, Currency: m.Currency, Description: m.Description}
		if m.Currency != plans[0].Currency {
			return usageErrorf("%s counts cost in %s but %s in %s: compare plans in one currency",
				file, m.Currency, files[0], plans[0].Currency)
		}
	}
	if o.png != "" {
		if err := prepareFile(s, "--png", o.png, files...); err != nil {
			return err
		}
	}
	if o.html != "" {
		if err := prepareFile(s, "--html", o.html); err != nil {
			return err
		}
	}
	output.NamePlans(plans)
	if err := budget(s, "compare", models, o.workers, 1, o.maxMemory, nil); err != nil {
		return err
	}
	for i := range plans {
		var err error
		if plans[i].Result, err = simulate(cmd, s, models[i], o.workers); err != nil {
			return err
		}
	}
	cmp, err := output.Compare(plans)
	if err != nil {
		return err
	}
	// Render everything before writing anything, so that a failure leaves
	// neither half a report nor half an image.
	var image, out bytes.Buffer
	if o.png != "" {
		if err := plots.Compare(&image, plans); err != nil {
			return err
		}
	}
	var page []byte
	if wantsHTML(o.html, o.format) {
		figures, err := plots.CompareFigures(plans)
		if err != nil {
			return err
		}
		cmp.HTML = pageReport(s, figures)
	}
	if o.html != "" {
		if page, err = renderHTML(cmp); err != nil {
			return err
		}
	}
	if err := output.Write(&out, cmp, o.format.value); err != nil {
		return err
	}
	if o.png != "" {
		if err := plots.WriteFile(cmd.Context(), o.png, image.Bytes()); err != nil {
			return writeFailed(o.png, err)
		}
	}
	if err := writeHTML(cmd.Context(), o.html, page); err != nil {
		return err
	}
	_, err = s.out.Write(out.Bytes())
	return err
}
