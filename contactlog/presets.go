package contactlog

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ReportPreset is the column layout of an interval report that a contact
// center system documents publicly: the mapping of its columns and the
// page that names them. Only columns the page names are mapped; what it
// leaves out (often the interval's start, which exports write in a form
// the page does not show) is given with --report-map, which also
// overrides any preset column.
type ReportPreset struct {
	Name    string
	Mapping ReportMapping
	// Source is the title and address of the page the column names come
	// from.
	Source string
	// Notes say how the preset reads the figures: what the system means
	// by them and what ccsim takes them for.
	Notes string
}

// reportPresets are the documented layouts, by name. Each cites the page
// its column names come from; column names are matched without regard to
// case or surrounding spaces.
var reportPresets = []ReportPreset{
	{
		// Source: Calabrio WFM, "Interval Service Queue" report, fields in
		// this report:
		// https://us4.calabriocloud.com/help/calabrio/user/en/Content/user-guides/reporting/wfm-reports/report-interval-service-queue.htm
		// Half-hour intervals; handled counts a contact in the interval its
		// after-contact work ends; Agents Actual is in-service agent time
		// over the half-hour.
		Name: "calabrio-interval-service-queue",
		Mapping: ReportMapping{
			Offered: "Calls Offered Actual", Answered: "Calls Handled", Abandoned: "Calls Abandoned",
			AHT: "Average Talk Time Actual", ACW: "Average After-Contact Work Time Actual",
			Staffed: "Agents Actual", Length: 30 * time.Minute,
		},
		Source: `Calabrio WFM, "Interval Service Queue" (https://us4.calabriocloud.com/help/calabrio/user/en/Content/user-guides/reporting/wfm-reports/report-interval-service-queue.htm)`,
		Notes:  "half-hour rows; AHT is talk plus after-contact work; staffed is Agents Actual (in-service time over the interval); the page names no interval-start column: give start=COL",
	},
	{
		// Source: Exotel contact center reporting, "ACD Call Interval
		// Summary Report", report details:
		// https://docs.exotel.com/contact-center/acd-call-interval-summary-report
		// Received is connected plus abandoned at the ACD and while
		// ringing; "in target" counts calls answered within the campaign's
		// target wait.
		Name: "exotel-acd-interval",
		Mapping: ReportMapping{
			Start: "Interval Start Time", End: "Interval End Time", Queue: "Queue Name", Offered: "Total Received Calls",
			Answered: "Total Connected Calls", Abandoned: "Total Abandoned Calls at ACD", Within: "Total Connected in Target",
		},
		Source: `Exotel, "ACD Call Interval Summary Report" (https://docs.exotel.com/contact-center/acd-call-interval-summary-report)`,
		Notes:  "each row's length is read from its start and end (one length throughout); the service level is Total Connected in Target over Total Received Calls; no handle time column is named: give aht=COL to calibrate",
	},
	{
		// Source: Genesys Cloud resource center, "View available columns in
		// performance views by category": https://help.mypurecloud.com/?p=334996
		// Offered interactions are answered, abandoned or flowed out;
		// Service Level % is taken as a share of offered (Genesys counts
		// answered within the target over answered plus abandoned past
		// it, which is close when few abandon before the target).
		Name: "genesys-cloud-queue-performance",
		Mapping: ReportMapping{
			Offered: "Offered", Answered: "Answered", Abandoned: "Abandoned", ServiceLevel: "Service Level %",
		},
		Source: `Genesys Cloud, "View available columns in performance views by category" (https://help.mypurecloud.com/?p=334996)`,
		Notes:  "Genesys keeps 30-minute intervals (default length); Service Level % is read as a share of offered; the page names no interval, queue, handle-time or ASA column: give start=COL (and aht=COL to calibrate)",
	},
	{
		// Source: AT&T / Avaya Call Management System (CMS) User's Guide,
		// "Daily Split Report" and its key to the report data:
		// http://38.142.81.21:8001/manual/at-t/call-management-system/user-s-guide-english/page-193.html
		// (and pages 194-195). Hourly rows; ACD calls count completed
		// calls only, abandoned are apart, so offered is their sum; the
		// service level is over completed calls; Avg Num Pos is the
		// stations staffed over the hour.
		Name: "avaya-cms-daily-split",
		Mapping: ReportMapping{
			Start: "Time", Answered: "Num ACD Calls", Abandoned: "Num Calls Aband",
			ASA: "Avg Speed Ans", AHT: "Avg Talk Time", ACW: "Avg After Call", Staffed: "Avg Num Pos",
			ServiceLevel: "Serv Levl", SLOfAnswered: true, Length: time.Hour, timeOfDay: true,
		},
		Source: `AT&T/Avaya CMS User's Guide, "Daily Split Report" (http://38.142.81.21:8001/manual/at-t/call-management-system/user-s-guide-english/page-193.html, pages 193-195)`,
		Notes:  "hourly rows; offered is Num ACD Calls plus Num Calls Aband; AHT is talk plus after call; Serv Levl is over completed calls and is turned into a share of offered; the report prints the date in its heading: give date=COL for a column that holds it",
	},
}

// ReportPresets lists the names of the documented report layouts, sorted.
func ReportPresets() []string {
	var out []string
	for _, p := range reportPresets {
		out = append(out, p.Name)
	}
	slices.Sort(out)
	return out
}

// ReportPresetInfo returns the preset of that name.
func ReportPresetInfo(name string) (ReportPreset, bool) {
	for _, p := range reportPresets {
		if p.Name == strings.ToLower(strings.TrimSpace(name)) {
			p.Mapping.Preset = p.Name
			return p, true
		}
	}
	return ReportPreset{}, false
}

// ReportFormatMapping is the mapping of a report: the preset's (when name
// is not empty) with the --report-map keys in override on top, or the
// override alone. An unknown preset names the known ones.
func ReportFormatMapping(name, override string) (ReportMapping, error) {
	if name == "" {
		if strings.TrimSpace(override) == "" {
			return ReportMapping{}, fmt.Errorf("contactlog: say how to read the report: a report format (%s) or a column mapping such as start=COL,offered=COL",
				strings.Join(ReportPresets(), ", "))
		}
		return ParseReportMapping(override)
	}
	p, ok := ReportPresetInfo(name)
	if !ok {
		return ReportMapping{}, fmt.Errorf("contactlog: report format %q is not known (known: %s; or a column mapping with --report-map)",
			name, strings.Join(ReportPresets(), ", "))
	}
	return OverrideReportMapping(p.Mapping, override)
}
