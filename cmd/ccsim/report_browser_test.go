package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/internal/chromium"
)

// maxReportBytes is the most a report may weigh: it must open quickly
// from a mail or a shared folder.
const maxReportBytes = 2 << 20

// fourWeeks is the default scenario over 28 days.
func fourWeeks(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile("../../scenarios/default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "horizon:\n  days: 1\n", "horizon:\n  days: 28\n", 1)
	s = strings.Replace(s, "name: Default multi-channel center", "name: Four weeks of the default center", 1)
	s = strings.Replace(s, "  One weekday of phone", "  Four weeks of phone", 1)
	if s == string(data) {
		t.Fatal("the default scenario's horizon is not where the test expects it")
	}
	path := filepath.Join(dir, "four-weeks.yaml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// fewerAgents is the default scenario with two fewer voice agents from
// 10:00 to 15:00, as docs/charts.md makes it.
func fewerAgents(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile("../../scenarios/default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "name: Default multi-channel center", "name: Two fewer voice agents 10:00-15:00", 1)
	for _, r := range [][2]string{
		{`to: "11:00", agents: 28}`, `to: "11:00", agents: 26}`}, {`to: "11:30", agents: 30}`, `to: "11:30", agents: 28}`},
		{`to: "12:30", agents: 28}`, `to: "12:30", agents: 26}`}, {`to: "13:00", agents: 26}`, `to: "13:00", agents: 24}`},
		{`to: "15:00", agents: 28}`, `to: "15:00", agents: 26}`},
	} {
		if !strings.Contains(s, r[0]) {
			t.Fatalf("the default scenario has no %s", r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	path := filepath.Join(dir, "plan-b.yaml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pageCheck is what the browser reports of a page (see checkScript).
type pageCheck struct {
	Tables, Charts, Tooltips, Headings, H1, HeadingJumps int
	EmptyTables, ChartProblems, LowContrast, Scrolling   []string
	MinContrast                                          float64
	Lang                                                 string
	ImagesWithoutAlt, ButtonsWithoutName                 int
	Definitions, BrokenLinks                             int
	Width                                                float64
}

// checkScript opens every folded section, then measures the page: its
// tables (each must have rows and be drawn), its charts (each drawn at a
// readable size, with paths, named for assistive technology by a title
// and a description), the tooltips, the headings (one h1, no level
// skipped), the language, images without alt text, buttons without a
// name, in-page links that lead nowhere, and the contrast of every piece
// of text against the background it is drawn on, by the WCAG formula
// (relative luminance, (L1 + 0.05) / (L2 + 0.05)), against 4.5:1, or 3:1
// for large text (24 px, or 18.66 px bold); chart text against 4.5:1 on
// the chart's white. The colours of the series are checked in plots
// (TestPaletteContrast).
const checkScript = `(() => {
  const out = {EmptyTables: [], ChartProblems: [], LowContrast: [], Scrolling: []};
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  const tables = [...document.querySelectorAll("table")];
  out.Tables = tables.length;
  tables.forEach((t, i) => {
    const r = t.getBoundingClientRect();
    if (!t.tBodies[0] || t.tBodies[0].rows.length === 0 || r.height < 20 || r.width < 50) {
      out.EmptyTables.push((t.caption ? t.caption.textContent : "") + " in #" + t.closest("section").id);
    }
  });
  // A table that scrolls sideways hides columns: only the per-interval
  // tables (in folded sections), wide by nature, may.
  document.querySelectorAll(".table-wrap").forEach(w => {
    if (w.scrollWidth > w.clientWidth + 1 && !w.closest("details")) {
      const t = w.querySelector("table");
      out.Scrolling.push((t.caption ? t.caption.textContent : "a table") + " in #" + w.closest("section").id + ": " + w.scrollWidth + " px in " + w.clientWidth);
    }
  });
  const svgs = [...document.querySelectorAll("svg.chart")];
  out.Charts = svgs.length;
  svgs.forEach(s => {
    const r = s.getBoundingClientRect();
    const named = (s.getAttribute("aria-labelledby") || "").split(" ")
      .map(id => document.getElementById(id)).filter(e => e && e.textContent.trim() !== "");
    const problems = [];
    if (r.width < 400 || r.height < 200) problems.push("drawn " + Math.round(r.width) + "x" + Math.round(r.height));
    if (s.querySelectorAll("path").length < 20) problems.push("only " + s.querySelectorAll("path").length + " paths");
    if (s.querySelectorAll("text").length < 5) problems.push("no labels");
    if (s.getAttribute("role") !== "img" || named.length !== 2) problems.push("not named by a title and a description");
    if (problems.length) out.ChartProblems.push(s.id + ": " + problems.join(", "));
  });
  out.Tooltips = document.querySelectorAll("svg.chart .hover rect > title").length;
  const hs = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map(h => +h.tagName[1]);
  out.Headings = hs.length;
  out.H1 = hs.filter(l => l === 1).length;
  out.HeadingJumps = hs.filter((l, i) => i > 0 && l > hs[i - 1] + 1).length;
  out.Lang = document.documentElement.lang;
  out.ImagesWithoutAlt = [...document.querySelectorAll("img")].filter(i => !i.alt).length;
  out.ButtonsWithoutName = [...document.querySelectorAll("button")].filter(b => !b.textContent.trim()).length;
  out.Definitions = document.querySelectorAll("#definitions dt").length;
  out.BrokenLinks = [...document.querySelectorAll("a[href^='#']")].filter(a => !document.getElementById(a.getAttribute("href").slice(1))).length;
  out.Width = document.documentElement.scrollWidth;
  const rgb = c => { const m = c.match(/[\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = e => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.a > 0) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  out.MinContrast = 21;
  const seen = new Set();
  document.querySelectorAll("body *").forEach(e => {
    if (e.closest("svg")) return; // chart text is checked below
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== "");
    if (!own) return;
    const st = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    if (st.visibility === "hidden" || st.display === "none" || r.width === 0) return;
    const fg = rgb(st.color), bg = background(e);
    const a = lum(fg), b = lum(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(st.fontSize), bold = +st.fontWeight >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    out.MinContrast = Math.min(out.MinContrast, ratio);
    const key = st.color + " on " + getComputedStyle(e).backgroundColor;
    if (ratio < need && !seen.has(key)) {
      seen.add(key);
      out.LowContrast.push(e.tagName + " '" + e.textContent.trim().slice(0, 30) + "': " + ratio.toFixed(2) + ":1, " + key);
    }
  });
  // Chart text (titles, ticks, legends) is drawn on the chart's white.
  document.querySelectorAll("svg.chart text").forEach(e => {
    const st = getComputedStyle(e);
    if (!st.fill.startsWith("rgb") || e.textContent.trim() === "") return;
    const a = lum(rgb(st.fill)), b = lum({r: 255, g: 255, b: 255});
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    out.MinContrast = Math.min(out.MinContrast, ratio);
    const key = "chart text " + st.fill;
    if (ratio < 4.5 && !seen.has(key)) {
      seen.add(key);
      out.LowContrast.push("svg text '" + e.textContent.trim().slice(0, 30) + "': " + ratio.toFixed(2) + ":1, " + key);
    }
  });
  return out;
})()`

// sortScript presses the first numeric column's button of the first
// table twice and reads the column's values each time: they must come
// out ascending, then descending, with aria-sort saying so.
const sortScript = `(() => {
  const t = document.querySelector("table.sortable");
  const heads = [...t.tHead.rows[0].cells];
  const col = heads.findIndex(h => h.classList.contains("num"));
  const values = () => [...t.tBodies[0].rows].map(r => r.cells[col].getAttribute("data-sort"))
    .filter(v => v !== "" && v !== null).map(Number);
  heads[col].querySelector("button").click();
  const up = values(), upSort = heads[col].getAttribute("aria-sort");
  heads[col].querySelector("button").click();
  const down = values(), downSort = heads[col].getAttribute("aria-sort");
  const sorted = (v, dir) => v.every((x, i) => i === 0 || dir * (x - v[i - 1]) >= 0);
  return {Column: heads[col].textContent, Rows: up.length, Ascending: sorted(up, 1) && upSort === "ascending",
    Descending: sorted(down, -1) && downSort === "descending"};
})()`

// TestReportsInBrowser makes each kind of report page (a forecast of the
// default scenario and of four weeks of it, a plan, a comparison of two
// plans, a check against the committed baseline and a backtest on the
// log excerpt), opens each in a headless Chromium and checks what a
// reader gets: no console error, every table and chart drawn, tooltips
// on the charts of short horizons, sorting that sorts, the accessibility
// basics (one h1, no heading level skipped, a language, charts named for
// assistive technology, text contrast per WCAG), and a size under 2 MB.
// It saves a screenshot of each page under the system's temporary folder
// (ccsim-reports/). Without Chromium it skips, saying so, and under -short;
// .ci/run installs Debian's chromium package and then requires it
// (CCSIM_REQUIRE_BROWSER), -short or not.
func TestReportsInBrowser(t *testing.T) {
	if testing.Short() && os.Getenv("CCSIM_REQUIRE_BROWSER") == "" {
		t.Skip("browser tests skipped under -short (about a minute); go test without -short or .ci/run runs them")
	}
	path, err := chromium.Find()
	if err != nil {
		if os.Getenv("CCSIM_REQUIRE_BROWSER") != "" {
			t.Fatalf("CCSIM_REQUIRE_BROWSER is set but %v", err)
		}
		t.Skipf("browser tests skipped: %v; .ci/run installs it (apt-get install chromium)", err)
	}
	dir := t.TempDir()
	month, planB := fourWeeks(t, dir), fewerAgents(t, dir)
	baselineFile := filepath.Join(dir, "default.json")
	if code, _, errOut := run(t, "", "check", "../../scenarios/default.yaml", "--baseline", baselineFile, "--update"); code != 0 {
		t.Fatalf("writing a baseline: exit %d: %s", code, errOut)
	}
	excerpt := "../../contactlog/testdata/anonymous-bank-excerpt.txt"
	calibrated := filepath.Join(dir, "bank.yaml")
	if code, _, errOut := run(t, "", "calibrate", "--log-format", "anonymous-bank", excerpt, "-o", calibrated); code != 0 {
		t.Fatalf("calibrating: exit %d: %s", code, errOut)
	}
	reports := []struct {
		name string
		args []string
		// tooltips: whether the charts carry per-interval tooltips (a
		// month has too many intervals, and its days carry them).
		tooltips bool
		// charts is the least number of charts the page must have.
		charts int
	}{
		{"forecast", []string{"run"}, true, 7},
		{"forecast-4-weeks", []string{"run", month, "--reps", "10"}, true, 8},
		{"comparison", []string{"compare", "../../scenarios/default.yaml", planB}, true, 1},
		{"plan", []string{"plan", "../../scenarios/default.yaml"}, true, 8},
		{"check", []string{"check", "../../scenarios/default.yaml", "--baseline", baselineFile, "--seed", "2"}, true, 7},
		{"backtest", []string{"backtest", calibrated, "--log-format", "anonymous-bank", "--log", excerpt, "--reps", "3"}, true, 1},
	}
	shots := filepath.Join(os.TempDir(), "ccsim-reports")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	browser, err := chromium.Launch(ctx, path, 1280, 900)
	if err != nil {
		if os.Getenv("CCSIM_REQUIRE_BROWSER") != "" {
			t.Fatal(err)
		}
		t.Skipf("browser tests skipped: %s does not start: %v", path, err)
	}
	defer browser.Close()

	for _, rep := range reports {
		t.Run(rep.name, func(t *testing.T) {
			file := filepath.Join(dir, rep.name+".html")
			code, _, errOut := run(t, "", append(rep.args, "--html", file)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			info, err := os.Stat(file)
			if err != nil {
				t.Fatal(err)
			}
			if info.Size() > maxReportBytes {
				t.Errorf("%s weighs %d bytes, more than %d", rep.name, info.Size(), maxReportBytes)
			}
			page, err := browser.Open(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer page.Close()
			if err := page.Navigate(ctx, "file://"+file); err != nil {
				t.Fatal(err)
			}
			var got pageCheck
			if err := page.Eval(ctx, checkScript, &got); err != nil {
				t.Fatal(err)
			}
			var sorted struct {
				Column                string
				Rows                  int
				Ascending, Descending bool
			}
			if err := page.Eval(ctx, sortScript, &sorted); err != nil {
				t.Fatal(err)
			}
			png, err := page.Screenshot(ctx, true)
			if err != nil {
				t.Fatal(err)
			}
			shot := filepath.Join(shots, rep.name+".png")
			if err := os.WriteFile(shot, png, 0o644); err != nil {
				t.Fatal(err)
			}
			if errs := page.Errors(); len(errs) > 0 {
				t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
			}
			t.Logf("%d bytes; %d tables, %d charts, %d tooltips, %d headings, %d definitions; contrast at least %.2f:1; "+
				"sorted %q (%d rows); %.0f px wide; screenshot %s (%d bytes)", info.Size(), got.Tables, got.Charts, got.Tooltips,
				got.Headings, got.Definitions, got.MinContrast, sorted.Column, sorted.Rows, got.Width, shot, len(png))
			problems := func(what string, list []string) {
				if len(list) > 0 {
					t.Errorf("%s:\n%s", what, strings.Join(list, "\n"))
				}
			}
			problems("tables not drawn", got.EmptyTables)
			problems("charts not drawn right", got.ChartProblems)
			problems("text below the WCAG contrast", got.LowContrast)
			problems("tables that scroll sideways in a 1280 px window", got.Scrolling)
			switch {
			case got.Tables < 2:
				t.Errorf("%d tables", got.Tables)
			case got.Charts < rep.charts:
				t.Errorf("%d charts, want at least %d", got.Charts, rep.charts)
			case rep.tooltips && got.Tooltips < 20:
				t.Errorf("%d tooltips", got.Tooltips)
			case got.H1 != 1 || got.HeadingJumps > 0 || got.Headings < 4:
				t.Errorf("headings: %d h1, %d skipped levels, %d in all", got.H1, got.HeadingJumps, got.Headings)
			case got.Lang != "en" || got.ImagesWithoutAlt > 0 || got.ButtonsWithoutName > 0 || got.BrokenLinks > 0:
				t.Errorf("lang %q, %d images without alt, %d buttons without a name, %d links to nowhere", got.Lang,
					got.ImagesWithoutAlt, got.ButtonsWithoutName, got.BrokenLinks)
			case got.Definitions < 3:
				t.Errorf("%d definitions", got.Definitions)
			case !sorted.Ascending || !sorted.Descending || sorted.Rows < 2:
				t.Errorf("sorting %q: %+v", sorted.Column, sorted)
			case got.Width > 1300:
				t.Errorf("the page is %v px wide in a 1280 px window: something does not wrap", got.Width)
			}
			if len(png) < 10_000 {
				t.Errorf("screenshot of %d bytes", len(png))
			}
		})
	}
}
