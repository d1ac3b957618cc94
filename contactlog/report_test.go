package contactlog

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestReportReader(t *testing.T) {
	in := "Date;Interval;Skill;Offered;Handled;Abandoned;AHT;ASA;SL;Agents\n" +
		"06.05.2024;08:00;billing;40;36;4;0:04:10;0:35;80,5 %;7,5\n" +
		"06.05.2024;08:15;billing;30;30;0;240;12;0,9;6\n" +
		"06.05.2024;08:30;billing;10;8;4;240;12;90;6\n" +
		"06.05.2024;08:45;billing;x;8;4;240;12;90;6\n" +
		"06.05.2024;09:00;billing;12;12;0;240;12;;\n"
	m, err := ParseReportMapping("start=interval,date=date,queue=skill,offered=offered,answered=handled,abandoned=abandoned,aht=AHT,asa=ASA,sl=SL,staffed=agents,length=15m")
	if err != nil {
		t.Fatal(err)
	}
	rr, err := NewReportReader(strings.NewReader(in), ReportOptions{Name: "report.csv", Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	var recs []IntervalRecord
	for r, err := range rr.All() {
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records: %+v", len(recs), recs)
	}
	r0 := recs[0]
	if !r0.Start.Equal(time.Date(2024, 5, 6, 8, 0, 0, 0, time.UTC)) || r0.Queue != "billing" || r0.Offered != 40 ||
		r0.AHT != 250 || r0.ASA != 35 || math.Abs(r0.ServiceLevel-0.805) > 1e-12 || r0.Staffed != 7.5 || r0.Length != 15*time.Minute {
		t.Errorf("record 0 %+v", r0)
	}
	if recs[1].ServiceLevel != 0.9 || recs[2].Start.Hour() != 9 || recs[2].ServiceLevel != 0 || recs[2].Staffed != 0 {
		t.Errorf("records %+v", recs)
	}
	st := rr.Stats()
	want := []string{
		`contactlog: report.csv:4: Handled: answered 8 plus abandoned 4 exceed offered 10`,
		`contactlog: report.csv:5: Offered: "x" is not a number`,
	}
	if st.ProblemCount != 2 || st.Problems[0].Error() != want[0] || st.Problems[1].Error() != want[1] {
		t.Errorf("problems %v", st.Problems)
	}

	// Two 15-minute rows fill one half-hour.
	a, err := NewAggregator(AggregateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := a.AddRecord(r); err != nil {
			t.Fatal(err)
		}
	}
	tab := a.Table()
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	c := tab.Day(day, "billing")[16]
	if c.Offered != 70 || c.Answered != 66 || c.Abandoned != 4 || c.AnsweredWithin != 32+27 ||
		c.HandleSum != 36*250+30*240 || c.AnswerWaitSum != 36*35+30*12 {
		t.Errorf("08:00 cell %+v", c)
	}
	if s := tab.Staffing(day)[16]; s.Reported != (7.5+6)/2 {
		t.Errorf("staffing %+v", s)
	}
	if v := tab.Volumes(); len(v.Days) != 1 || v.Days[0].Counts[18] != 12 {
		t.Errorf("volumes %+v", v)
	}
	if err := a.AddRecord(IntervalRecord{Start: day.Add(5 * time.Minute), Length: 15 * time.Minute, Offered: 1}); err == nil {
		t.Error("misaligned start: no error")
	}
	if err := a.AddRecord(IntervalRecord{Start: day, Length: time.Hour, Offered: 1}); err == nil {
		t.Error("an hour into half-hours: no error")
	}
}

func TestReportMappingErrors(t *testing.T) {
	for in, want := range map[string]string{
		"start=a":                                "contactlog: report mapping: offered: a column is required",
		"offered=o":                              "contactlog: report mapping: start: a column is required",
		"start=a,offered=o,length=7m":            "contactlog: report mapping: length 7m0s must be at least a minute and divide a day",
		"start=a,offered=o,length=soon":          `contactlog: report mapping: length: "soon" is not a duration such as 15m`,
		"start=a,offered=o,sl=x,service-level=y": `contactlog: report mapping: key "sl" given twice`,
	} {
		_, err := ParseReportMapping(in)
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %s", in, err, want)
		}
	}
	_, err := NewReportReader(strings.NewReader("a,b\n"), ReportOptions{Name: "r.csv", Mapping: ReportMapping{Start: "a", Offered: "offered"}})
	if err == nil || err.Error() != `contactlog: r.csv:1: header: offered: column "offered" is not in the header` {
		t.Errorf("%v", err)
	}
}
