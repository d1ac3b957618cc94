package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/output"
)

// reportInput are the flags that say which interval reports to read and
// how, shared by calibrate and backtest.
type reportInput struct {
	cmdName string
	files   []string
	format  string
	mapping string
}

func (in *reportInput) flags(f *pflag.FlagSet) {
	f.StringArrayVar(&in.files, "report", nil, "interval report `FILE` (repeatable): one row per interval and queue")
	f.StringVar(&in.format, "report-format", "", "documented report layout: "+strings.Join(contactlog.ReportPresets(), ", "))
	f.StringVar(&in.mapping, "report-map", "", "column `MAPPING` for reports, or keys over --report-format: start=COL,offered=COL,aht=COL,staffed=COL,length=15m,...")
}

// exclusive checks that logs and reports are not both given: a
// calibration or a replay reads one kind of history.
func (in *reportInput) exclusive(logs *logInput) error {
	logFlags := len(logs.logs) > 0 || logs.format != "" || logs.mapping != ""
	switch {
	case len(in.files) > 0 && len(logs.logs) > 0:
		return usageErrorf("%s: give contact logs (--log or arguments) or interval reports (--report), not both: "+
			"the %s reads one kind of history (forecast reads both together)", in.cmdName, in.cmdName)
	case len(in.files) > 0 && logFlags:
		return usageErrorf("%s: --log-format and --map read contact logs: interval reports take --report-format or --report-map", in.cmdName)
	case len(in.files) == 0 && (in.format != "" || in.mapping != ""):
		return usageErrorf("%s: --report-format and --report-map go with --report FILE", in.cmdName)
	}
	return nil
}

// options checks the flags that say how to read the reports.
func (in *reportInput) options(logs *logInput) (contactlog.ReportOptions, error) {
	delim, err := logs.delim()
	if err != nil {
		return contactlog.ReportOptions{}, err
	}
	n := 0
	for _, f := range in.files {
		if f == "-" {
			n++
		}
	}
	if n > 0 {
		return contactlog.ReportOptions{}, usageErrorf("%s: --report -: reports are read from files (standard input is not read twice)", in.cmdName)
	}
	m, err := contactlog.ReportFormatMapping(in.format, in.mapping)
	if err != nil {
		flag := "--report-map"
		if in.format != "" {
			flag = "--report-format " + in.format
		}
		if in.format == "" && in.mapping == "" {
			return contactlog.ReportOptions{}, usageErrorf("%s: say how to read the reports: --report-format %s or --report-map start=COL,offered=COL,...",
				in.cmdName, strings.Join(contactlog.ReportPresets(), "|"))
		}
		return contactlog.ReportOptions{}, usageErrorf("%s: %s: %w", in.cmdName, flag, err)
	}
	return contactlog.ReportOptions{Mapping: m, Delimiter: delim, Strict: logs.strict}, nil
}

// read streams every report's records to add, reporting on s.err what
// each file held when report is set. The rows of all reports must make
// one series (one interval length, on its boundaries).
func (in *reportInput) read(ctx context.Context, s *streams, opt contactlog.ReportOptions, report bool, add func(contactlog.IntervalRecord) error) (*contactlog.ReportSeries, error) {
	series := contactlog.NewReportSeries(opt.Mapping)
	for _, path := range in.files {
		st, err := contactlog.ReadReportContext(ctx, path, opt, func(r contactlog.IntervalRecord) error {
			if err := series.Check(r); err != nil {
				return err
			}
			return add(r)
		})
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return nil, err
			}
			return nil, usageError(err)
		}
		if report {
			output.Read(s.err, path, "interval records", st)
		}
		if st.Contacts == 0 {
			first := ""
			if len(st.Problems) > 0 {
				first = fmt.Sprintf(" (first: %v)", st.Problems[0].Error())
			}
			return nil, usageErrorf("%s: %s: no usable row (%d read, %d could not be read): nothing to %s from%s",
				in.cmdName, path, st.Rows, st.ProblemCount, in.verb(), first)
		}
	}
	return series, nil
}

func (in *reportInput) verb() string {
	if in.cmdName == "calibrate" {
		return "fit"
	}
	return "replay"
}

// sourceLines describes what was read, for a scenario's header.
func (in *reportInput) sourceLines() []string {
	names := make([]string, len(in.files))
	for i, f := range in.files {
		names[i] = filepath.Base(f)
	}
	how := "read with --report-format " + in.format
	switch {
	case in.format != "" && in.mapping != "":
		how += " --report-map " + in.mapping
	case in.format == "":
		how = "read with --report-map " + in.mapping
	}
	out := []string{fmt.Sprintf("Reports: %s, %s.", strings.Join(names, ", "), how)}
	if p, ok := contactlog.ReportPresetInfo(in.format); ok {
		out = append(out, "Layout as documented in "+p.Source+".")
	}
	return out
}
