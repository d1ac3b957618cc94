package contactlog

import (
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/internal/bankdata"
)

func readAll(t testing.TB, path string, opt Options) ([]Contact, Stats) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if opt.Name == "" {
		opt.Name = path
	}
	return readFrom(t, f, opt)
}

// readFrom reads every contact of in, failing the test on any error.
func readFrom(t testing.TB, in io.Reader, opt Options) ([]Contact, Stats) {
	t.Helper()
	r, err := NewReader(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	var out []Contact
	for c, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out, r.Stats()
}

// expectedContacts applies the README's definitions to the raw rows.
func expectedContacts(t testing.TB, raw []bankdata.Call) []Contact {
	var want []Contact
	for _, r := range raw {
		if !r.AgentBound() {
			continue
		}
		at, err := r.Arrival()
		if err != nil {
			t.Fatal(err)
		}
		c := Contact{Arrival: at, Queue: r.Type, Wait: float64(r.QTime), Priority: r.Priority, Outcome: Abandoned}
		if r.Outcome == "AGENT" {
			c.Outcome = Answered
			c.Handle = float64(r.SerTime)
			if !strings.Contains(r.Server, "NO_SERVER") {
				c.Agent = r.Server
			}
		}
		want = append(want, c)
	}
	return want
}

func TestBankExcerptMatchesRawRows(t *testing.T) {
	got, st := readAll(t, excerptPath, Options{Format: BankFormat})
	raw := bankdata.Calls(t, excerptPath)
	want := expectedContacts(t, raw)
	if st.ProblemCount != 0 {
		t.Fatalf("problems: %v", st.Problems)
	}
	if st.Rows != len(raw) || st.Contacts != len(want) || st.Dropped != len(raw)-len(want) {
		t.Errorf("stats %+v; want rows %d contacts %d dropped %d", st, len(raw), len(want), len(raw)-len(want))
	}
	if len(got) != len(want) {
		t.Fatalf("%d contacts, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("contact %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	// The excerpt must hold every quirk the preset claims to survive.
	text, _ := os.ReadFile(excerptPath)
	for _, q := range []string{"0       TT", "\t TT\t", "E+", "NO_SERVERAMA", "ANO_SERVERT", "PHANTOM", "\t-5", "\tAA\t"} {
		if !strings.Contains(string(text), q) {
			t.Errorf("excerpt lacks quirk %q", q)
		}
	}
}

func TestBankFullData(t *testing.T) {
	files := bankdata.Files(t, 0, 6)
	var contacts, answered, abandoned, served int
	var serSum float64
	agents := map[string]bool{}
	for _, path := range files {
		got, st := readAll(t, path, Options{Format: BankFormat})
		if st.ProblemCount != 0 {
			t.Errorf("%s: %d problems, first %v", path, st.ProblemCount, st.Problems[0])
		}
		want := expectedContacts(t, bankdata.Calls(t, path))
		if !slices.Equal(got, want) {
			t.Errorf("%s: contacts differ from the raw rows (%d vs %d)", path, len(got), len(want))
		}
		for _, c := range got {
			contacts++
			switch c.Outcome {
			case Answered:
				answered++
				if c.Handle > 0 {
					served++
					serSum += c.Handle
				}
				if c.Agent != "" {
					agents[c.Agent] = true
				}
			case Abandoned:
				abandoned++
			}
		}
	}
	// The data set's README: 236,365 agent-bound calls, 16.9% abandoned,
	// mean service 190.5 s over ser_time > 0. Its "34 distinct agent
	// names" counts the garbled NO_SERVERAMA and ANO_SERVERT; the preset
	// reads those as unknown, leaving 32.
	if contacts != 236365 {
		t.Errorf("%d agent-bound calls, README says 236,365", contacts)
	}
	if r := float64(abandoned) / float64(contacts); r < 0.1685 || r >= 0.1695 {
		t.Errorf("abandonment %.4f, README says 16.9%%", r)
	}
	if m := serSum / float64(served); m < 190.45 || m >= 190.55 {
		t.Errorf("mean service %.3f s, README says 190.5", m)
	}
	if len(agents) != 32 {
		t.Errorf("%d agent names, want 32", len(agents))
	}
}

func TestGenericCSV(t *testing.T) {
	in := "\xef\xbb\xbfCall Start,Queue,Result,Wait,Talk,Wrap,Agent,Prio\r\n" +
		"2024-03-01 08:15:30,sales,Answered,12,0:03:20,30,Anna,high\r\n" +
		"\r\n" +
		"2024-03-01T08:20:00.5,\"support, 2nd line\",ABANDONED,45.5,,,,normal\r\n" +
		"2024-03-01 08:21:00,sales,voicemail,0,0,0,,\r\n" +
		"2024-03-01 25:00:00,sales,answered,1,1,1,Bob,\r\n" +
		"2024-03-01 08:22:00,sales,answered,abc,1,1,Bob,\r\n" +
		"\"2024-03-01 08:23:00\",\"multi\nline\",blocked,0,0,0,,\r\n" +
		",,,,,,,\r\n" +
		"2024-03-01 08:24:00,sales,answered\r\n"
	m, err := ParseMapping("arrival=Call Start,queue=queue,outcome=result,wait=wait,handle=talk,acw=wrap,agent=agent,priority=prio,ignore=voicemail")
	if err != nil {
		t.Fatal(err)
	}
	got, st := readFrom(t, strings.NewReader(in), Options{Name: "calls.csv", Mapping: m})
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	want := []Contact{
		{Arrival: day.Add(8*time.Hour + 15*time.Minute + 30*time.Second), Queue: "sales", Outcome: Answered, Wait: 12, Handle: 200, ACW: 30, Agent: "Anna", Priority: "high"},
		{Arrival: day.Add(8*time.Hour + 20*time.Minute + 500*time.Millisecond), Queue: "support, 2nd line", Outcome: Abandoned, Wait: 45.5, Priority: "normal"},
		{Arrival: day.Add(8*time.Hour + 23*time.Minute), Queue: "multi\nline", Outcome: Blocked},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
	if st.Rows != 7 || st.Dropped != 1 || st.ProblemCount != 3 {
		t.Errorf("stats %+v", st)
	}
	wantProblems := []string{
		`contactlog: calls.csv:6: Call Start: "2024-03-01 25:00:00" is not a date and time`,
		`contactlog: calls.csv:7: Wait: "abc" is not a duration (seconds, H:MM:SS or M:SS)`,
		`contactlog: calls.csv:11: row: has 3 fields, the mapped columns need 8`,
	}
	for i, p := range st.Problems {
		if i >= len(wantProblems) || p.Error() != wantProblems[i] {
			t.Errorf("problem %d: %s", i, p.Error())
		}
	}
}

func TestStrictStopsAtFirstProblem(t *testing.T) {
	in := "at,outcome\n2024-01-01 10:00,answered\n2024-01-01 10:01,maybe\n2024-01-01 10:02,answered\n"
	r, err := NewReader(strings.NewReader(in), Options{Name: "x.csv", Strict: true,
		Mapping: Mapping{Arrival: "at", Outcome: "outcome"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	_, err = r.Next()
	var p *Problem
	if !errors.As(err, &p) || p.Line != 3 || p.Field != "outcome" {
		t.Fatalf("err %v", err)
	}
	if _, err2 := r.Next(); err2 != err {
		t.Errorf("after a strict problem Next returned %v", err2)
	}
}

func TestDateAndTimeColumns(t *testing.T) {
	in := "day;time;secs;who\n24.03.1999;9:05;12,5;x\n1999-03-25;23:59:59;1:05;\n19990230;10:00;1;y\n"
	got, st := readFrom(t, strings.NewReader(in), Options{Mapping: Mapping{Arrival: "time", Date: "day", Wait: "secs", Agent: "who"}})
	want := []Contact{
		{Arrival: time.Date(1999, 3, 24, 9, 5, 0, 0, time.UTC), Wait: 12.5, Agent: "x", Outcome: Answered},
		{Arrival: time.Date(1999, 3, 25, 23, 59, 59, 0, time.UTC), Wait: 65, Outcome: Abandoned},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v", got)
	}
	if st.ProblemCount != 1 || st.Problems[0].Field != "day" {
		t.Errorf("problems %+v", st.Problems)
	}
}

func TestZoneAndLayouts(t *testing.T) {
	in := "ts,o\n2024-07-01T06:00:00Z,answered\n2024-07-01T09:00:00+03:00,answered\n2024-07-01 09:30:00,answered\n"
	r, err := NewReader(strings.NewReader(in), Options{Mapping: Mapping{Arrival: "ts", Outcome: "o", Zone: "Europe/Riga"}})
	if err != nil {
		t.Fatal(err)
	}
	var hours []string
	for c, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		hours = append(hours, c.Arrival.Format("15:04"))
	}
	// Riga is UTC+3 in July: 06:00Z is 09:00 local.
	if want := []string{"09:00", "09:00", "09:30"}; !slices.Equal(hours, want) {
		t.Errorf("hours %v, want %v", hours, want)
	}

	in = "ts|o\n01/02/2024 3:04PM|answered\n"
	r, err = NewReader(strings.NewReader(in), Options{Mapping: Mapping{Arrival: "ts", Outcome: "o", ArrivalLayout: "01/02/2006 3:04PM"}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Next()
	if err != nil || !c.Arrival.Equal(time.Date(2024, 1, 2, 15, 4, 0, 0, time.UTC)) {
		t.Errorf("%v %v", c.Arrival, err)
	}
}

func TestHeaderErrors(t *testing.T) {
	cases := []struct {
		in   string
		opt  Options
		want string
	}{
		{"", Options{Name: "a.csv", Mapping: Mapping{Arrival: "x", Outcome: "y"}}, "contactlog: a.csv: empty file: no header line"},
		{"x,z\n", Options{Name: "a.csv", Mapping: Mapping{Arrival: "x", Outcome: "y"}}, `contactlog: a.csv:1: header: outcome: column "y" is not in the header`},
		{"x,y\n", Options{Name: "a.csv"}, "contactlog: a.csv:1: header: contactlog: mapping: arrival: a column is required\ncontactlog: mapping: outcome: a column is required (or handle or agent, to infer it)"},
		{"a\tb\n", Options{Name: "b.txt", Format: BankFormat}, "contactlog: b.txt:1: header: not an anonymous-bank log: missing column(s) priority, type, date, vru_entry, vru_exit, q_start, q_time, outcome, ser_time, server (the preset reads priority, type, date, vru_entry, vru_exit, q_start, q_time, outcome, ser_time, server)"},
		{"a\n", Options{Name: "c", Format: "acme"}, `contactlog: c: unknown log format "acme" (known: anonymous-bank)`},
	}
	for _, c := range cases {
		_, err := NewReader(strings.NewReader(c.in), c.opt)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: err\n%v\nwant\n%s", c.in, err, c.want)
		}
	}
}

func TestParseMapping(t *testing.T) {
	m, err := ParseMapping(" arrival = vru_exit , wait=q_time,channel=type,outcome=outcome,answered=AGENT|served, ignore=PHANTOM")
	if err != nil {
		t.Fatal(err)
	}
	if m.Arrival != "vru_exit" || m.Wait != "q_time" || m.Queue != "type" || !slices.Equal(m.AnsweredValues, []string{"AGENT", "served"}) {
		t.Errorf("%+v", m)
	}
	if back, err := ParseMapping(m.String()); err != nil || back.String() != m.String() {
		t.Errorf("round trip %q: %v", m.String(), err)
	}
	for in, want := range map[string]string{
		"arrival=a,outcome=b,colour=c":       `contactlog: mapping: unknown key "colour"`,
		"arrival=a,outcome":                  `contactlog: mapping: "outcome": want key=value`,
		"arrival=a,queue=q,channel=c":        `contactlog: mapping: key "queue" given twice`,
		"arrival=a,outcome=o,zone=Mars/Base": "contactlog: mapping: zone: unknown time zone Mars/Base",
	} {
		_, err := ParseMapping(in)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want %s", in, err, want)
		}
	}
}

func TestLongRowIsAProblem(t *testing.T) {
	long := strings.Repeat("x", maxRecord+10)
	in := "at,outcome\n" + long + "\n2024-01-01 10:00,answered\n\"open quote,answered\n"
	r, err := NewReader(strings.NewReader(in), Options{Mapping: Mapping{Arrival: "at", Outcome: "outcome"}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	st := r.Stats()
	if n != 1 || st.ProblemCount != 2 || st.Problems[0].Line != 2 || st.Problems[1].Line != 4 {
		t.Errorf("n %d stats %+v", n, st)
	}
}

func TestQuotedFieldsAcrossLines(t *testing.T) {
	// A quoted queue name spans three lines with doubled quotes at the
	// line ends; the next row starts on the following line.
	in := "at,queue,outcome\n" +
		"2024-01-01 10:00,\"say \"\"hi\"\"\n" +
		"\"\"then\"\"\n" +
		"bye\" ,answered\n" +
		"2024-01-01 10:01, \"plain\"x ,abandoned\n"
	r, err := NewReader(strings.NewReader(in), Options{Mapping: Mapping{Arrival: "at", Queue: "queue", Outcome: "outcome"}})
	if err != nil {
		t.Fatal(err)
	}
	var queues []string
	for c, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		queues = append(queues, c.Queue)
	}
	want := []string{"say \"hi\"\n\"then\"\nbye", "plainx"}
	if !slices.Equal(queues, want) {
		t.Errorf("queues %q, want %q", queues, want)
	}
	if st := r.Stats(); st.Rows != 2 || st.ProblemCount != 0 {
		t.Errorf("stats %+v", st)
	}
}

// TestStrayQuoteResyncs: one stray quote costs its row, not the rest of
// the file: in a tab-separated log a quote never spans lines, and in a CSV
// one that would swallow a whole row is taken for a stray one. Reading
// resumes on the next line, with line numbers intact.
func TestStrayQuoteResyncs(t *testing.T) {
	read := func(in string, opt Options) ([]Contact, Stats) {
		t.Helper()
		return readFrom(t, strings.NewReader(in), opt)
	}
	file := func(name string) string {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	// The file is the header and first 40 rows of the excerpt with a
	// quote put before the type of the row on line 7.
	bank := Options{Format: BankFormat}
	lines := strings.SplitAfter(file("anonymous-bank-excerpt.txt"), "\n")
	stray := file("anonymous-bank-stray-quote.txt")
	if want := strings.Replace(lines[6], "\tPS\t", "\t\"PS\t", 1); strings.SplitAfter(stray, "\n")[6] != want {
		t.Fatalf("line 7 of the stray-quote file is not line 7 of the excerpt with a quote")
	}
	want, _ := read(strings.Join(slices.Concat(lines[:6], lines[7:41]), ""), bank)
	got, st := read(stray, bank)
	if st.Rows != 40 || st.ProblemCount != 1 || st.Problems[0].Line != 7 ||
		!strings.Contains(st.Problems[0].Msg, "not closed on it") || !slices.Equal(got, want) {
		t.Errorf("rows %d, problems %+v, %d contacts (want %d)", st.Rows, st.Problems, len(got), len(want))
	}

	csv := Options{Mapping: Mapping{Arrival: "at", Queue: "queue", Outcome: "outcome", Wait: "wait"}}
	got, st = read(file("stray-quote.csv"), csv)
	var waits []float64
	for _, c := range got {
		waits = append(waits, c.Wait)
	}
	if st.Rows != 5 || st.ProblemCount != 1 || st.Problems[0].Line != 3 || !slices.Equal(waits, []float64{10, 30, 5, 7}) {
		t.Errorf("rows %d, problems %+v, waits %v", st.Rows, st.Problems, waits)
	}
}

// TestImplausibleValues: dates no log can hold and durations beyond any
// contact are problems at their line, not values that move the history or
// break a fit later with no line to show.
func TestImplausibleValues(t *testing.T) {
	generic := Options{Mapping: Mapping{Arrival: "at", Outcome: "outcome", Wait: "wait", Handle: "handle"}}
	for _, c := range []struct {
		row, field, msg string
	}{
		{"0001-01-01 10:00,answered,5,60", "at", `"0001-01-01 10:00" is dated 0001-01-01, outside the dates a contact log can hold (1970 to 2099)`},
		{"9999-12-31 10:00,answered,5,60", "at", "is dated 9999-12-31"},
		{"691231 10:00,answered,5,60", "at", "is dated 1969-12-31"},
		{"2100-01-01T00:00Z,answered,5,60", "at", "is dated 2100-01-01"},
		{"2024-01-01 10:00,answered,5,1e300", "handle", `"1e300" is 1e+300 s, more than the 1 day a log can hold`},
		{"2024-01-01 10:00,answered,1e9,60", "wait", "more than the 366 days a log can hold"},
	} {
		r, err := NewReader(strings.NewReader("at,outcome,wait,handle\n"+c.row+"\n"), generic)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("%s: %v", c.row, err)
		}
		st := r.Stats()
		if st.ProblemCount != 1 || st.Problems[0].Line != 2 || st.Problems[0].Field != c.field || !strings.Contains(st.Problems[0].Msg, c.msg) {
			t.Errorf("%s: problems %+v, want %s: ...%s", c.row, st.Problems, c.field, c.msg)
		}
	}
	// The bank log is of 1999: its two-digit years say nothing else.
	lines := strings.SplitAfter(bankExcerptHead(t), "\n")
	for _, date := range []string{"000101", "691231", "980101"} {
		in := lines[0] + strings.Replace(lines[1], "\t990101\t", "\t"+date+"\t", 1)
		r, err := NewReader(strings.NewReader(in), Options{Format: BankFormat})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("%s: %v", date, err)
		}
		if st := r.Stats(); st.ProblemCount != 1 || st.Problems[0].Field != "date" || !strings.Contains(st.Problems[0].Msg, "outside 1999") {
			t.Errorf("%s: %+v", date, st.Problems)
		}
	}
	// An entry time that is no time is a problem of its row, as an exit
	// time is: it decides whether a call after midnight is of the next day.
	for _, bad := range []string{"abc", "99:61:00"} {
		fields := strings.Split(lines[1], "\t")
		fields[6] = bad // vru_entry
		r, err := NewReader(strings.NewReader(lines[0]+strings.Join(fields, "\t")), Options{Format: BankFormat})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("%s: %v", bad, err)
		}
		if st := r.Stats(); st.ProblemCount != 1 || st.Problems[0].Field != "vru_entry" || !strings.Contains(st.Problems[0].Msg, "is not a time H:MM:SS") {
			t.Errorf("vru_entry %s: %+v", bad, st.Problems)
		}
	}
	// Dates that each pass but lie more than ten years apart in one file:
	// the read ends with an error naming both.
	in := "at,outcome,wait,handle\n2024-01-01 10:00,answered,5,60\n2024-01-02 10:00,answered,5,60\n2042-01-02 10:00,answered,5,60\n"
	r, err := NewReader(strings.NewReader(in), generic)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var last error
	for _, err := range r.All() {
		if err != nil {
			last = err
			break
		}
		n++
	}
	var p *Problem
	if n != 3 || !errors.As(last, &p) || p.Line != 4 ||
		!strings.Contains(p.Msg, "the dates run from 2024-01-01 (line 2) to 2042-01-02 (line 4), more than 10 years apart") {
		t.Errorf("%d contacts, then %v", n, last)
	}
}

// bankExcerptHead is the header and first row of the committed excerpt.
func bankExcerptHead(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/anonymous-bank-excerpt.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	return lines[0] + lines[1]
}
