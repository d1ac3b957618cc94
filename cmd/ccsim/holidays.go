package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"time"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/holidays"
	"github.com/ccsim/ccsim/internal/atomicfile"
	"github.com/ccsim/ccsim/output"
)

// holidaysOptions are the flags of "ccsim holidays".
type holidaysOptions struct {
	calendar string
	from, to string
	output   string
}

func newHolidaysCmd(s *streams) *cobra.Command {
	o := &holidaysOptions{}
	cmd := &cobra.Command{
		Use:   "holidays --calendar israel --from DATE --to DATE",
		Short: "Write a special-days file of public holidays for forecast --special-days",
		Long: `holidays computes a country's public holidays for a span of dates and writes
them as a special-days file, the form "ccsim forecast --special-days" reads:
one date a line, its kind and its name.

  israel  the days of rest (holiday): Rosh Hashanah, Yom Kippur, Sukkot,
          Shemini Atzeret, the first and seventh days of Passover, Shavuot and
          Independence Day (moved off the Sabbath as the law has moved it);
          and shortened working days (eve): the day before each, Purim and
          Tisha B'Av. Dates come from the fixed arithmetic of the Hebrew
          calendar (mean lunations, the 19-year leap cycle and the four
          postponements of the new year), computed for 1952 to 9999.

Days that are no calendar's (an election, a strike, a sale) can be added to the
file by hand: "2024-11-29 custom 1.4 Black Friday". See docs/calibration.md.`,
		Example: `  # the Anonymous Bank's months
  ccsim holidays --calendar israel --from 1999-01-01 --to 1999-07-31 -o special-days.txt
  ccsim forecast --log-format anonymous-bank --log *.txt --special-days special-days.txt`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context(), s) },
	}
	f := cmd.Flags()
	f.StringVar(&o.calendar, "calendar", "", "the holidays of: israel")
	f.StringVar(&o.from, "from", "", "first `DATE` (YYYY-MM-DD)")
	f.StringVar(&o.to, "to", "", "last `DATE` (YYYY-MM-DD)")
	f.StringVarP(&o.output, "output", "o", "", "write the file to `FILE` (default: standard output)")
	return cmd
}

func (o *holidaysOptions) run(ctx context.Context, s *streams) error {
	if o.calendar != "israel" {
		return usageErrorf("holidays: --calendar %q: want israel", o.calendar)
	}
	if o.from == "" || o.to == "" {
		return usageErrorf("holidays: give the span with --from and --to (YYYY-MM-DD)")
	}
	from, err := contactlog.ParseDate(o.from)
	if err != nil {
		return usageErrorf("holidays: --from: %v", err)
	}
	to, err := contactlog.ParseDate(o.to)
	if err != nil {
		return usageErrorf("holidays: --to: %v", err)
	}
	if o.output != "" {
		if err := prepareFile(s, "-o", o.output); err != nil {
			return err
		}
	}
	days, err := holidays.Israel(from, to)
	if err != nil {
		return usageError(err)
	}
	doc := output.SpecialDaysFile{Header: []string{
		fmt.Sprintf("Israel's public holidays, %s to %s, for ccsim forecast --special-days.", from.Format(time.DateOnly), to.Format(time.DateOnly)),
		fmt.Sprintf("Source: computed by \"ccsim holidays --calendar israel --from %s --to %s\"", from.Format(time.DateOnly), to.Format(time.DateOnly)),
		"from the fixed arithmetic of the Hebrew calendar (package holidays: mean lunations, the 19-year",
		"leap cycle and the four postponements of the new year; its tests check it against published",
		"dates from 1899 to 2025). holiday: a day of rest by law; eve: the working day before one, or a",
		"half-holiday (Purim, Tisha B'Av).",
	}}
	for _, d := range days {
		doc.Days = append(doc.Days, contactlog.SpecialDay{Date: d.Date, Kind: contactlog.SpecialKind(d.Kind), Factor: math.NaN(), Name: d.Name})
	}
	var out bytes.Buffer
	if err := output.Write(&out, doc, output.Table); err != nil {
		return err
	}
	if o.output == "" {
		_, err = s.out.Write(out.Bytes())
		return err
	}
	if err := atomicfile.Write(ctx, o.output, out.Bytes()); err != nil {
		return writeFailed(o.output, err)
	}
	return nil
}
