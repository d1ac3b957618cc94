package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/output"
)

// logInput are the flags that say which contact logs to read and how,
// shared by calibrate, backtest and forecast. Errors name the command.
type logInput struct {
	cmdName string
	logs    []string
	// shown maps the temporary copy of standard input or a pipe (see
	// spool) to the name the user gave.
	shown     map[string]string
	format    string
	mapping   string
	delimiter string
	strict    bool
	// skip lists the queues whose contacts are left out as they are
	// read (--skip-queue, calibrate and backtest only); seen holds every
	// queue read, to name a skipped queue the logs do not have.
	skip []string
	seen map[string]bool
}

func (in *logInput) flags(f *pflag.FlagSet, logUsage string) {
	f.StringArrayVar(&in.logs, "log", nil, logUsage)
	f.StringVar(&in.format, "log-format", "", "built-in log format: "+strings.Join(contactlog.Formats(), ", "))
	f.StringVar(&in.mapping, "map", "", "column `MAPPING` for logs: arrival=COL,outcome=COL,wait=COL,handle=COL,...")
	f.StringVar(&in.delimiter, "delimiter", "", "field delimiter (default: chosen from the header line; \\t for tab)")
	f.BoolVar(&in.strict, "strict", false, "stop at the first row that cannot be read")
}

// skipFlag adds --skip-queue, for the commands whose staffing comes from
// the log (calibrate and backtest).
func (in *logInput) skipFlag(f *pflag.FlagSet) {
	f.StringArrayVar(&in.skip, "skip-queue", nil,
		"leave this `QUEUE`'s contacts out entirely, the agents' work on them included, as if the log had none (repeatable)")
}

// checkSkipped refuses a --skip-queue that names no queue of the logs
// read (a misspelt queue would otherwise skip nothing unnoticed).
func (in *logInput) checkSkipped() error {
	for _, q := range in.skip {
		if !in.seen[q] {
			return usageErrorf("%s: --skip-queue %q: no contact of the logs is in that queue (queues: %s)",
				in.cmdName, q, strings.Join(slices.Sorted(maps.Keys(in.seen)), ", "))
		}
	}
	return nil
}

// skipLine describes --skip-queue for a scenario's header; empty without it.
func (in *logInput) skipLine() string {
	if len(in.skip) == 0 {
		return ""
	}
	return fmt.Sprintf("Queues left out (--skip-queue): %s, with the agents' work on them.", strings.Join(in.skip, ", "))
}

// files checks that logs are given, standard input ("-") at most once.
func (in *logInput) files() error {
	if len(in.logs) == 0 {
		return usageErrorf("%s: no contact log: give one or more with --log", in.cmdName)
	}
	n := 0
	for _, l := range in.logs {
		if l == "-" {
			n++
		}
	}
	if n > 1 {
		return usageErrorf("%s: standard input (-) can be read once: give it for one log only", in.cmdName)
	}
	return nil
}

// spool makes every log a file that can be read twice: standard input
// and pipes are copied to temporary files first (calibrate reads its logs
// twice). remove deletes the copies; it also runs if the process is
// stopped by an interrupt.
func (in *logInput) spool(ctx context.Context, s *streams) (func(), error) {
	var made []string
	remove := func() {
		for _, f := range made {
			os.Remove(f)
		}
	}
	unregister := atExit(remove)
	done := func() { remove(); unregister() }
	for i, l := range in.logs {
		var src io.Reader
		var name string
		if l == "-" {
			src, name = s.in, "standard input"
		} else {
			info, err := os.Stat(l)
			if err != nil || info.Mode().IsRegular() {
				continue // a file, or an error the read reports
			}
			f, err := os.Open(l)
			if err != nil {
				done()
				return nil, usageErrorf("%s: %w", in.cmdName, err)
			}
			defer f.Close()
			src, name = f, l
		}
		tmp, err := os.CreateTemp("", "ccsim-log-*.txt")
		if err != nil {
			done()
			return nil, fmt.Errorf("%s: copying %s to a temporary file: %w", in.cmdName, name, err)
		}
		made = append(made, tmp.Name())
		_, err = io.Copy(tmp, contactlog.ContextReader(ctx, src))
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			done()
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("%s: copying %s to a temporary file: %w", in.cmdName, name, err)
		}
		in.logs[i] = tmp.Name()
		if in.shown == nil {
			in.shown = map[string]string{}
		}
		in.shown[tmp.Name()] = name
	}
	return done, nil
}

// delim reads --delimiter.
func (in *logInput) delim() (rune, error) {
	switch in.delimiter {
	case "":
		return 0, nil
	case `\t`, "tab":
		return '\t', nil
	}
	if len(in.delimiter) != 1 {
		return 0, usageErrorf("%s: --delimiter %q: want one character", in.cmdName, in.delimiter)
	}
	return rune(in.delimiter[0]), nil
}

// options checks the flags and returns the reader options.
func (in *logInput) options() (contactlog.Options, error) {
	var opt contactlog.Options
	var err error
	if opt.Delimiter, err = in.delim(); err != nil {
		return opt, err
	}
	opt.Strict = in.strict
	switch {
	case in.format != "" && in.mapping != "":
		return opt, usageErrorf("%s: give --log-format or --map, not both", in.cmdName)
	case in.format == "" && in.mapping == "":
		return opt, usageErrorf("%s: say how to read the logs: --log-format %s or --map arrival=COL,outcome=COL,...", in.cmdName, strings.Join(contactlog.Formats(), "|"))
	case in.mapping != "":
		m, err := contactlog.ParseMapping(in.mapping)
		if err != nil {
			return opt, usageErrorf("%s: --map: %w", in.cmdName, err)
		}
		opt.Mapping = m
	default:
		opt.Format = in.format
	}
	return opt, nil
}

// read streams every log to add, keeping the contacts keep accepts, and
// reports on s.err what each file held when report is set. It stops soon
// after ctx is done.
func (in *logInput) read(ctx context.Context, s *streams, opt contactlog.Options, keep func(contactlog.Contact) bool, report bool, add func(contactlog.Contact)) error {
	for _, path := range in.logs {
		keepAdd := func(c contactlog.Contact) {
			if len(in.skip) > 0 {
				if !in.seen[c.Queue] {
					if in.seen == nil {
						in.seen = map[string]bool{}
					}
					in.seen[c.Queue] = true
				}
				if slices.Contains(in.skip, c.Queue) {
					return
				}
			}
			if keep(c) {
				add(c)
			}
		}
		name := path
		var st contactlog.Stats
		var err error
		switch shown, spooled := in.shown[path]; {
		case path == "-":
			name = "standard input"
			o := opt
			o.Name = name
			st, err = contactlog.ReadLogFrom(ctx, s.in, o, keepAdd)
		case spooled:
			// A copy of standard input or a pipe: problems name the
			// original.
			name = shown
			o := opt
			o.Name = name
			st, err = contactlog.ReadLogContext(ctx, path, o, keepAdd)
		default:
			st, err = contactlog.ReadLogContext(ctx, path, opt, keepAdd)
		}
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return err
			}
			return usageError(err)
		}
		if report {
			output.Read(s.err, name, "contacts", st)
		}
	}
	return nil
}

// sourceLines describes what was read, for a scenario's header.
func (in *logInput) sourceLines() []string {
	names := make([]string, len(in.logs))
	for i, l := range in.logs {
		if shown, ok := in.shown[l]; ok {
			l = shown
		}
		if l == "-" {
			l = "standard input"
		}
		if l != "standard input" {
			l = filepath.Base(l)
		}
		names[i] = l
	}
	how := "read with --log-format " + in.format
	if in.format == "" {
		how = "read with --map " + in.mapping
	}
	return []string{fmt.Sprintf("Log: %s, %s.", strings.Join(names, ", "), how)}
}

// dayFlags are the flags that choose days of history: --from, --to and
// the exclusions.
type dayFlags struct {
	from, to    string
	exclude     []string
	excludeFile string
}

func (d *dayFlags) flags(f *pflag.FlagSet, fromUsage, toUsage, excludeUsage string) {
	f.StringVar(&d.from, "from", "", fromUsage)
	f.StringVar(&d.to, "to", "", toUsage)
	f.StringArrayVar(&d.exclude, "exclude", nil, excludeUsage)
	f.StringVar(&d.excludeFile, "exclude-file", "", "`FILE` of dates or ranges to leave out, one a line, # comments")
}

// window reads --from, --to and the exclusions.
func (d *dayFlags) window(cmdName string) (contactlog.DayWindow, error) {
	var w contactlog.DayWindow
	var err error
	if d.from != "" {
		if w.From, err = contactlog.ParseDate(d.from); err != nil {
			return w, usageErrorf("%s: --from: %v", cmdName, err)
		}
	}
	if d.to != "" {
		if w.To, err = contactlog.ParseDate(d.to); err != nil {
			return w, usageErrorf("%s: --to: %v", cmdName, err)
		}
	}
	if !w.From.IsZero() && !w.To.IsZero() && w.To.Before(w.From) {
		return w, usageErrorf("%s: --to %s is before --from %s", cmdName, d.to, d.from)
	}
	if w.Exclude, err = d.exclusions(cmdName); err != nil {
		return w, err
	}
	return w, nil
}

// exclusions reads --exclude and --exclude-file.
func (d *dayFlags) exclusions(cmdName string) ([]time.Time, error) {
	var out []time.Time
	for _, l := range d.exclude {
		ds, err := contactlog.ParseDates(l)
		if err != nil {
			return nil, usageErrorf("%s: --exclude: %v", cmdName, err)
		}
		out = append(out, ds...)
	}
	if d.excludeFile != "" {
		f, err := os.Open(d.excludeFile)
		if err != nil {
			return nil, usageErrorf("%s: --exclude-file: %w", cmdName, err)
		}
		defer f.Close()
		ds, err := contactlog.ReadDates(f, d.excludeFile)
		if err != nil {
			return nil, usageError(err)
		}
		out = append(out, ds...)
	}
	return out, nil
}

// parseHours reads HH:MM-HH:MM (24:00 allowed at the end) on interval
// boundaries.
func parseHours(s string, interval time.Duration) (time.Duration, time.Duration, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("%q: want HH:MM-HH:MM", s)
	}
	clock := func(v string) (time.Duration, error) {
		h, m, ok := strings.Cut(strings.TrimSpace(v), ":")
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
			return 0, fmt.Errorf("%q is not a time HH:MM", v)
		}
		return time.Duration(hh*60+mm) * time.Minute, nil
	}
	from, err := clock(a)
	if err != nil {
		return 0, 0, err
	}
	to, err := clock(b)
	if err != nil {
		return 0, 0, err
	}
	if from >= to {
		return 0, 0, fmt.Errorf("%q: the window must end after it starts", s)
	}
	if from%interval != 0 || to%interval != 0 {
		return 0, 0, fmt.Errorf("%q: the window must start and end on %v boundaries", s, interval)
	}
	return from, to, nil
}

var weekdayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// parseWeekdays reads day names and ranges: "sun-thu", "fri,sat".
func parseWeekdays(s string) ([]time.Weekday, error) {
	idx := func(n string) (int, error) {
		n = strings.ToLower(strings.TrimSpace(n))
		for i, w := range weekdayNames {
			if len(n) >= 3 && strings.HasPrefix(strings.ToLower(time.Weekday(i).String()), n) || n == w {
				return i, nil
			}
		}
		return 0, fmt.Errorf("%q is not a day of the week (sun, mon, ... sat)", n)
	}
	var out []time.Weekday
	for item := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		a, b, isRange := strings.Cut(item, "-")
		i, err := idx(a)
		if err != nil {
			return nil, err
		}
		j := i
		if isRange {
			if j, err = idx(b); err != nil {
				return nil, err
			}
		}
		for k := i; ; k = (k + 1) % 7 {
			if !slices.Contains(out, time.Weekday(k)) {
				out = append(out, time.Weekday(k))
			}
			if k == j {
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no days given")
	}
	return out, nil
}
