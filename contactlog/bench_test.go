package contactlog

import (
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"
)

// A year of a large center: 10 million rows, generated as the benchmark
// reads them (a block of distinct rows repeated), never stored.
const benchRows = 10_000_000

// repeatReader yields a header once, then block again and again until
// rows rows have been produced.
type repeatReader struct {
	header, block []byte
	perBlock      int
	left          int // blocks still to send
	off           int
	sentHeader    bool
}

func newRepeatReader(header string, rows []string, total int) *repeatReader {
	return &repeatReader{header: []byte(header), block: []byte(strings.Join(rows, "")), perBlock: len(rows), left: total / len(rows)}
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if !r.sentHeader {
		r.sentHeader = true
		return copy(p, r.header), nil
	}
	if r.left == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.block[r.off:])
	r.off += n
	if r.off == len(r.block) {
		r.off = 0
		r.left--
	}
	return n, nil
}

// bankRows makes n rows in the bank's format over a year, with the
// quirks sprinkled in.
func bankRows(n int) []string {
	r := rand.New(rand.NewPCG(1, 1))
	agents := []string{"SHARON", "KAZAV", "MORIAH", "TOVA", "STEREN", "AVNI", "YITZ", "NO_SERVER"}
	types := []string{"PS", "NW", "NE", "TT", "IN", " PE"}
	out := make([]string, n)
	for i := range out {
		date := time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365)).Format("060102")
		entry := 7*3600 + r.IntN(17*3600)
		vru := r.IntN(30)
		q := r.IntN(200)
		clock := func(s int) string { return fmt.Sprintf("%d:%02d:%02d", s/3600%24, s/60%60, s%60) }
		outcome, ser, server, qs := "AGENT", r.IntN(600), agents[r.IntN(len(agents))], clock(entry+vru)
		switch r.IntN(10) {
		case 0:
			outcome, ser, server = "HANG", 0, "NO_SERVER"
		case 1:
			q, qs = 0, "0:00:00"
		}
		sep := "\t"
		if i%5000 == 0 {
			sep = "       " // the quirk: spaces for the tab before type
		}
		out[i] = fmt.Sprintf("AA0%d\t%d\t%d\t%d%s%s\t%s\t%s\t%s\t%d\t%s\t%s\t%d\t%s\t%s\t%s\t%d\t%s\n",
			101+r.IntN(16), 30000+i, r.IntN(1e8), r.IntN(3), sep, types[r.IntN(len(types))], date,
			clock(entry), clock(entry+vru), vru, qs, clock(entry+vru+q), q, outcome,
			clock(entry+vru+q), clock(entry+vru+q+ser), ser, server)
	}
	return out
}

const bankHeader = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n"

// csvRows makes n rows of a generic CSV log with ISO timestamps.
func csvRows(n int) []string {
	r := rand.New(rand.NewPCG(2, 2))
	out := make([]string, n)
	for i := range out {
		at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(365*86400)) * time.Second)
		res := []string{"answered", "answered", "answered", "abandoned"}[r.IntN(4)]
		out[i] = fmt.Sprintf("%s,%s,%s,%d,%d,%d,agent%d\n", at.Format("2006-01-02T15:04:05"),
			[]string{"sales", "support", "billing"}[r.IntN(3)], res, r.IntN(300), r.IntN(900), r.IntN(60), r.IntN(200))
	}
	return out
}

// benchRead reads benchRows rows per iteration and reports rows per
// second and allocations per row.
func benchRead(b *testing.B, header string, rows []string, opt Options, aggregate bool) {
	b.ReportAllocs()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	start := time.Now()
	total := 0
	for b.Loop() {
		rd, err := NewReader(newRepeatReader(header, rows, benchRows), opt)
		if err != nil {
			b.Fatal(err)
		}
		var agg *Aggregator
		if aggregate {
			agg, _ = NewAggregator(AggregateOptions{})
		}
		n := 0
		for {
			c, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if agg != nil {
				agg.Add(c)
			}
			n++
		}
		if st := rd.Stats(); st.Rows != benchRows || st.ProblemCount != 0 {
			b.Fatalf("rows %d problems %d (%v)", st.Rows, st.ProblemCount, st.Problems)
		}
		total += benchRows
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(total)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(total), "allocs/row")
}

func BenchmarkReadBank10M(b *testing.B) {
	benchRead(b, bankHeader, bankRows(10_000), Options{Format: BankFormat}, false)
}

func BenchmarkReadCSV10M(b *testing.B) {
	m, _ := ParseMapping("arrival=at,queue=queue,outcome=result,wait=wait,handle=talk,acw=wrap,agent=agent")
	benchRead(b, "at,queue,result,wait,talk,wrap,agent\n", csvRows(10_000), Options{Mapping: m}, false)
}

func BenchmarkAggregateBank10M(b *testing.B) {
	benchRead(b, bankHeader, bankRows(10_000), Options{Format: BankFormat}, true)
}

// BenchmarkAvailabilityBank10M measures MeasureAvailability over 10
// million generated rows in the bank's format: both passes, reading
// included. rows/s counts each row once.
func BenchmarkAvailabilityBank10M(b *testing.B) {
	rows := bankRows(10_000)
	b.ReportAllocs()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	start := time.Now()
	total := 0
	for b.Loop() {
		read := func(add func(Contact)) error {
			rd, err := NewReader(newRepeatReader(bankHeader, rows, benchRows), Options{Format: BankFormat})
			if err != nil {
				return err
			}
			for {
				c, err := rd.Next()
				if err == io.EOF {
					return nil
				}
				if err != nil {
					return err
				}
				add(c)
			}
		}
		a, err := MeasureAvailability(read, 1800)
		if err != nil || !(a.Share > 0) {
			b.Fatalf("%+v, %v", a, err)
		}
		total += benchRows
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(total)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(total), "allocs/row")
}
