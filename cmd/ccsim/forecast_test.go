package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/internal/bankdata"
	"gonum.org/v1/gonum/stat/distuv"
)

// synthLog writes a generic CSV contact log: 8 weeks from Sunday
// 2024-01-07, Poisson arrivals around a weekly pattern and an intraday
// profile, and two unreadable rows.
func synthLog(t *testing.T) string {
	t.Helper()
	src := rand.NewPCG(11, 12)
	r := rand.New(src)
	var b strings.Builder
	b.WriteString("when,queue,result,wait_s,talk_s,agent\n")
	level := [7]float64{320, 300, 300, 290, 300, 90, 30}
	start := time.Date(2024, 1, 7, 0, 0, 0, 0, time.UTC)
	for d := range 56 {
		date := start.AddDate(0, 0, d)
		for i := 16; i < 40; i++ { // 08:00 to 20:00
			h := float64(i) / 2
			share := (2 + 3*math.Exp(-(h-11)*(h-11)/8) + 2*math.Exp(-(h-16)*(h-16)/6)) / 95
			n := int(distuv.Poisson{Lambda: level[date.Weekday()] * share, Src: src}.Rand())
			for range n {
				at := date.Add(time.Duration(i*1800+r.IntN(1800)) * time.Second)
				queue := []string{"sales", "support"}[r.IntN(2)]
				if r.Float64() < 0.1 {
					fmt.Fprintf(&b, "%s,%s,abandoned,%d,0,\n", at.Format("2006-01-02 15:04:05"), queue, 5+r.IntN(120))
				} else {
					fmt.Fprintf(&b, "%s,%s,answered,%d,%d,agent%d\n", at.Format("2006-01-02 15:04:05"), queue, r.IntN(60), 60+r.IntN(400), r.IntN(8))
				}
			}
		}
		if d == 10 {
			b.WriteString("2024-01-17 09:61:00,sales,answered,1,1,x\n")
			b.WriteString("2024-01-17 10:00:00,sales,answered,-4,1,x\n")
		}
	}
	path := filepath.Join(t.TempDir(), "calls.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const synthMap = "arrival=when,queue=queue,outcome=result,wait=wait_s,handle=talk_s,agent=agent"

func TestForecastCommandGolden(t *testing.T) {
	log := synthLog(t)
	cases := []struct {
		name string
		args []string
	}{
		{"table.golden", []string{"forecast", log, "--map", synthMap, "--hours", "08:00-20:00", "--exclude", "2024-01-17"}},
		{"sales.json.golden", []string{"forecast", "--log", log, "--map", synthMap, "--queue", "sales", "--days", "2",
			"--start", "2024-03-04", "--hours", "11:00-12:00", "--interval", "15m", "--level", "0.9", "--format", "json"}},
		{"weekend.csv.golden", []string{"forecast", log, "--map", synthMap, "--day-types", "weekend", "--weekend", "fri-sat",
			"--days", "3", "--hours", "10:00-11:00", "--format", "csv"}},
		{"evaluate.golden", []string{"forecast", log, "--map", synthMap, "--evaluate", "2024-02-18..2024-03-02",
			"--step", "7", "--weekdays", "sun-thu", "--hours", "08:00-20:00"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := run(t, "", c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			golden(t, "forecast/"+c.name, out)
			// Unreadable rows are named on stderr with file and line.
			for _, want := range []string{"calls.csv: ", "2 unreadable", "calls.csv:", `when: "2024-01-17 09:61:00" is not a date and time`, `wait_s: "-4" is negative`} {
				if !strings.Contains(errs, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errs)
				}
			}
			// Same input, same output.
			if _, again, _ := run(t, "", c.args...); again != out {
				t.Error("a second run printed something else")
			}
		})
	}
}

func TestForecastCommandErrors(t *testing.T) {
	log := synthLog(t)
	excl := filepath.Join(t.TempDir(), "holidays.txt")
	if err := os.WriteFile(excl, []byte("2024-01-01\n2024-02-30 # no such day\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	overlap := filepath.Join(t.TempDir(), "special.txt")
	if err := os.WriteFile(overlap, []byte("# test\n2024-02-01..2024-02-05 closed stocktake\n2024-02-04 holiday\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	unreadable := filepath.Join(t.TempDir(), "special2.txt")
	if err := os.WriteFile(unreadable, []byte("2024-02-01 holliday\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"forecast"}, 2, "ccsim: forecast: no history: give contact logs (--log) or interval reports (--report)"},
		{[]string{"forecast", log}, 2, "ccsim: forecast: say how to read the logs: --log-format anonymous-bank or --map arrival=COL,outcome=COL,..."},
		{[]string{"forecast", log, "--log-format", "acme"}, 2, `unknown log format "acme" (known: anonymous-bank)`},
		{[]string{"forecast", log, "--map", "arrival=when"}, 2, "ccsim: forecast: --map: contactlog: mapping: outcome: a column is required (or handle or agent, to infer it)"},
		{[]string{"forecast", log, "--map", "arrival=start,outcome=result"}, 2, `calls.csv:1: header: arrival: column "start" is not in the header`},
		{[]string{"forecast", log, "--map", synthMap, "--interval", "7m"}, 2, "ccsim: forecast: --interval 7m0s: want whole minutes that divide a day (15m, 30m, 1h)"},
		{[]string{"forecast", log, "--map", synthMap, "--format", "xml"}, 2, `ccsim: forecast: --format "xml": want table, json or csv`},
		{[]string{"forecast", log, "--map", synthMap, "--exclude", "2024-13-01"}, 2, `ccsim: forecast: --exclude: "2024-13-01" is not a date YYYY-MM-DD`},
		{[]string{"forecast", log, "--map", synthMap, "--exclude-file", excl}, 2, `holidays.txt:2: "2024-02-30" is not a date YYYY-MM-DD`},
		{[]string{"forecast", log, "--map", synthMap, "--queue", "chat"}, 2, `ccsim: forecast: --queue "chat": not in the history (queues: sales, support)`},
		{[]string{"forecast", log, "--map", synthMap, "--hours", "08:10-20:00"}, 2, "must start and end on 30m0s boundaries"},
		{[]string{"forecast", log, "--map", synthMap, "--level", "80"}, 2, "--level 80: want a number between 0 and 1"},
		{[]string{"forecast", log, "--map", synthMap, "--strict"}, 2, `calls.csv:2741: when: "2024-01-17 09:61:00" is not a date and time`},
		{[]string{"forecast", log, "--map", synthMap, "--step", "7"}, 2, "--step, --horizon and --weekdays go with --evaluate"},
		{[]string{"forecast", log, "--map", synthMap, "--from", "2024-02-10", "--to", "2024-02-01"}, 2, "ccsim: forecast: --to 2024-02-01 is before --from 2024-02-10"},
		{[]string{"forecast", log, "--map", synthMap, "--evaluate", "2025-02-18..2025-03-02"}, 2, "no held-back day with volume to score between 2025-02-18 and 2025-03-02"},
		{[]string{"forecast", log, "--map", synthMap, "--special-days", overlap}, 2, "special.txt:3: date: 2024-02-04 is already listed on line 2"},
		{[]string{"forecast", log, "--map", synthMap, "--special-days", unreadable}, 2, `special2.txt:1: kind: "holliday" is not closed, holiday, eve or custom`},
		{[]string{"forecast", log, "--map", synthMap, "--special-days", "no-such.txt"}, 2, "--special-days: open no-such.txt"},
		{[]string{"forecast", log, "--map", synthMap, "--method", "prophet"}, 2, `--method "prophet": want auto or one of naive, weekly-mean`},
		{[]string{"forecast", log, "--map", synthMap, "--evaluate", "2024-02-18..2024-03-02", "--step", "7", "--horizon", "30"}, 2,
			"a horizon of 30 days is longer than the 14 held-back days"},
		{[]string{"forecast", log, "--map", synthMap, "--evaluate", "2024-01-10..2024-03-02"}, 2,
			"3 usual days of history (after exclusions and special days) are too few for the first forecast origin, 2024-01-10: need at least 14"},
		{[]string{"forecast", log, "--map", synthMap, "--from", "2024-02-28", "--method", "day-of-month"}, 2,
			"4 usual days of history (after exclusions and special days) are too few for method day-of-month: need at least 28 (history read from"},
		{[]string{"forecast", log, "--map", synthMap, "--evaluate", "2024-02-18"}, 2, `--evaluate "2024-02-18": want FROM..TO`},
		{[]string{"forecast", log, "--map", synthMap, "--from", "2024-02-28"}, 2, "forecast: 4 usual days of history (after exclusions and special days) are too few for choosing a method (two weeks): need at least 14"},
		{[]string{"forecast", "no-such-file.csv", "--map", synthMap}, 2, "no-such-file.csv: no such file"},
		{[]string{"forecast", log, "--map", synthMap, "--days", "0"}, 2, "--days 0: want 1 to 3660"},
	}
	for _, c := range cases {
		code, _, errs := run(t, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant exit %d and %q", c.args[1:], code, errs, c.code, c.want)
		}
	}
}

// forecastBankDir finds the real log (not in the repository) or skips the
// test, as it does under -short; see package bankdata.
func forecastBankDir(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skipping the full-data test")
	}
	dir, err := bankdata.Dir()
	if errors.Is(err, bankdata.ErrNotFound) {
		t.Skip(err.Error() + ": skipping the full-data test")
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestForecastCommandBank runs the comparison of docs/calibration.md
// through the CLI: January-May history, June-July held back.
func TestForecastCommandBank(t *testing.T) {
	dir := forecastBankDir(t)
	args := []string{"forecast", "--log-format", "anonymous-bank"}
	for _, m := range bankdata.Months {
		args = append(args, "--log", filepath.Join(dir, m+".txt"))
	}
	args = append(args, "--special-days", "../../contactlog/testdata/anonymous-bank-1999-special-days.txt", "--exclude", "1999-03-08",
		"--evaluate", "1999-06-01..1999-07-31", "--weekdays", "sun-thu", "--hours", "07:00-24:00", "--format", "json")
	code, out, errs := run(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	type acc struct {
		IntervalWAPE float64 `json:"interval_wape"`
		DayWAPE      float64 `json:"day_wape"`
	}
	var ev struct {
		Days      int
		Special   int `json:"special_days"`
		Forecast  acc
		Baselines map[string]acc
	}
	if err := json.Unmarshal([]byte(out), &ev); err != nil {
		t.Fatal(err)
	}
	// 43 Sunday-Thursday days, Tisha B'Av among them, scored in.
	if ev.Days != 43 || ev.Special != 1 {
		t.Errorf("%d days, %d special", ev.Days, ev.Special)
	}
	for _, b := range []string{"weekly-mean", "recent-level"} {
		if ev.Forecast.IntervalWAPE >= ev.Baselines[b].IntervalWAPE || ev.Forecast.DayWAPE >= ev.Baselines[b].DayWAPE {
			t.Errorf("forecast %+v does not beat %s %+v", ev.Forecast, b, ev.Baselines[b])
		}
	}
	if strings.Contains(errs, "unreadable") {
		t.Errorf("the preset could not read some rows:\n%s", errs)
	}
}

// TestHolidaysCommand writes the bank's special-days file: the calendar
// lines of the committed file are exactly what the command computes.
func TestHolidaysCommand(t *testing.T) {
	code, out, errs := run(t, "", "holidays", "--calendar", "israel", "--from", "1999-01-01", "--to", "1999-07-31")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	committed, err := os.ReadFile("../../contactlog/testdata/anonymous-bank-1999-special-days.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(committed), out) {
		t.Errorf("the committed special-days file does not hold the computed calendar:\n%s", out)
	}
	cal, err := contactlog.ReadSpecialDays(strings.NewReader(out), "out")
	if err != nil || len(cal.Days) != 10 {
		t.Fatalf("%d days, %v", len(cal.Days), err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"holidays", "--calendar", "france", "--from", "1999-01-01", "--to", "1999-12-31"}, `--calendar "france": want israel`},
		{[]string{"holidays", "--calendar", "israel", "--from", "1999-01-01"}, "give the span with --from and --to"},
		{[]string{"holidays", "--calendar", "israel", "--from", "1999-02-30", "--to", "1999-12-31"}, `--from: "1999-02-30" is not a date`},
		{[]string{"holidays", "--calendar", "israel", "--from", "1999-12-01", "--to", "1999-01-01"}, "1999-01-01 is before 1999-12-01"},
		{[]string{"holidays", "--calendar", "israel", "--from", "1900-01-01", "--to", "1901-01-01"}, "computed for 1952 to 9999"},
	} {
		if code, _, errs := run(t, "", c.args...); code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %s; want 2 and %q", c.args, code, errs, c.want)
		}
	}
	path := filepath.Join(t.TempDir(), "days.txt")
	if code, _, errs := run(t, "", "holidays", "--calendar", "israel", "--from", "2024-01-01", "--to", "2024-12-31", "-o", path); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), "2024-05-14             holiday  Independence Day") {
		t.Errorf("file %s: %v", b, err)
	}
}

// TestForecastFromReports reads interval reports (semicolon-separated,
// as a workforce tool exports them) instead of a contact log.
func TestForecastFromReports(t *testing.T) {
	var b strings.Builder
	b.WriteString("day;start;offered\n")
	start := time.Date(2024, 1, 7, 0, 0, 0, 0, time.UTC)
	for d := range 35 {
		date := start.AddDate(0, 0, d)
		for i := 16; i < 40; i++ {
			n := 20 + (i%5)*3 + int(date.Weekday())
			fmt.Fprintf(&b, "%s;%02d:%02d;%d\n", date.Format(time.DateOnly), i/2, i%2*30, n)
		}
	}
	report := filepath.Join(t.TempDir(), "report.csv")
	if err := os.WriteFile(report, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	const mapping = "date=day,start=start,offered=offered,length=30m"
	code, out, errOut := run(t, "", "forecast", "--report", report, "--report-map", mapping, "--delimiter", ";",
		"--days", "2", "--hours", "08:00-20:00", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if errOut != "ccsim: "+report+": 840 interval records from 840 rows\n" {
		t.Errorf("stderr %q", errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 1+2*24 || rows[1][0] != "2024-02-11T08:00:00" {
		t.Errorf("%d rows (%v):\n%s", len(rows), err, out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--report", report}, "forecast: say how to read the reports: --report-map"},
		{[]string{"--report", report, "--report-map", "start=x"}, "forecast: --report-map: "},
		{[]string{"--report", report, "--report-map", mapping, "--delimiter", "ab"}, `forecast: --delimiter "ab": want one character`},
		{[]string{"--report", "no-such-report.csv", "--report-map", mapping}, `no-such-report.csv`},
	} {
		code, out, errOut := run(t, "", append([]string{"forecast"}, c.args...)...)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
}
