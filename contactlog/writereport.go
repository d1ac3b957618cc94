package contactlog

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"time"
)

// ReportColumns are the columns WriteReport writes, and a mapping that
// reads them back ("start=start,offered=offered,...").
const ReportColumns = "start,offered,answered,abandoned,aht,asa,sl,staffed"

// WriteReport writes the table as an interval report: one row per day and
// interval with contacts offered or agents on duty, the queues named
// pooled (all when none is). AHT is the mean handle time of the answered
// contacts, ASA their mean wait, sl the share of offered contacts
// answered within the table's threshold and staffed the mean agents on
// duty (Staffing.OnDuty), as an ACD's interval report would give them. It
// turns a contact log into the report a center without per-contact data
// would have, so that the two calibrations can be compared.
func WriteReport(w io.Writer, t *Table, queues ...string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, ReportColumns)
	L := time.Duration(t.IntervalSeconds()) * time.Second
	f := func(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }
	for _, d := range t.Dates(queues...) {
		staff := t.Staffing(d)
		for i, c := range t.Day(d, queues...) {
			if c.Offered == 0 && staff[i].OnDuty == 0 {
				continue
			}
			aht, asa := 0.0, 0.0
			if c.Answered > 0 {
				aht, asa = c.HandleSum/float64(c.Answered), c.ASA()
			}
			fmt.Fprintf(bw, "%s,%d,%d,%d,%s,%s,%s,%s\n", d.Add(time.Duration(i)*L).Format("2006-01-02 15:04"),
				c.Offered, c.Answered, c.Abandoned, f(aht, 2), f(asa, 2), f(c.ServiceLevel(), 6), f(staff[i].OnDuty, 3))
		}
	}
	return bw.Flush()
}
