package contactlog

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// BankFormat is the preset for the Anonymous Bank call-center log
// (Technion Service Enterprise Engineering Center, I. Guedj and
// A. Mandelbaum): tab-separated, one row per call, 17 named columns.
//
// It applies the definitions of the data set's README:
//   - PHANTOM rows (virtual calls) are dropped;
//   - a call is agent-bound when it joined the queue (q_start is not
//     0:00:00, or q_time is above zero) or went straight to an agent
//     (outcome AGENT); other calls ended in the IVR and are dropped;
//   - the arrival is date + vru_exit, the wait is q_time, the handle time
//     is ser_time (answered calls only), the queue is the call type and the
//     priority is the priority column;
//   - outcome AGENT is answered and HANG abandoned, even when a HANG row
//     shows some service time.
//
// It survives the README's quirks: rows with a space run instead of the
// tab between priority and type are split again; leading spaces in type
// are dropped; customer ids in spreadsheet notation are never read; a
// vru_exit before vru_entry is kept as the arrival (the README defines
// the arrival so), and one more than 12 hours before it is taken to be
// past midnight; server names that contain NO_SERVER (NO_SERVER,
// NO_SERVERAMA, ANO_SERVERT) are read as an unknown agent; zero service
// times are kept.
const BankFormat = "anonymous-bank"

// The dates of the Anonymous Bank log: 1999 (Unix seconds of midnight).
var (
	bankFirstDay = time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	bankLastDay  = time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC).Unix()
)

// bankColumns are the columns the preset reads.
var bankColumns = []string{"priority", "type", "date", "vru_entry", "vru_exit", "q_start", "q_time", "outcome", "ser_time", "server"}

type bankDecoder struct {
	n int // columns in the header
	// Column indexes.
	prio, typ, date, entry, exit, qstart, qtime, out, ser, server int

	fixed    [][]byte // a repaired row
	in       interner
	lastDate []byte // the last date read, and its day
	lastDay  int64
}

func newBankDecoder(header []string) (*bankDecoder, error) {
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.ToLower(strings.TrimSpace(h))] = i
	}
	var missing []string
	col := func(name string) int {
		i, ok := idx[name]
		if !ok {
			missing = append(missing, name)
		}
		return i
	}
	d := &bankDecoder{n: len(header)}
	d.prio, d.typ, d.date = col("priority"), col("type"), col("date")
	d.entry, d.exit, d.qstart = col("vru_entry"), col("vru_exit"), col("q_start")
	d.qtime, d.out, d.ser, d.server = col("q_time"), col("outcome"), col("ser_time"), col("server")
	if len(missing) > 0 {
		return nil, fmt.Errorf("not an %s log: missing column(s) %s (the preset reads %s)",
			BankFormat, strings.Join(missing, ", "), strings.Join(bankColumns, ", "))
	}
	return d, nil
}

func (d *bankDecoder) decode(f [][]byte) (Contact, bool, *fieldError) {
	var c Contact
	keep, fe := d.fill(f, &c)
	return c, keep, fe
}

func (d *bankDecoder) fill(f [][]byte, c *Contact) (bool, *fieldError) {
	if len(f) == d.n-1 {
		f = d.repair(f)
	}
	if len(f) != d.n {
		return false, &fieldError{field: "row", msg: fmt.Sprintf("has %d fields, the header has %d", len(f), d.n)}
	}
	switch out := f[d.out]; {
	case bytes.Equal(out, []byte("PHANTOM")):
		return false, nil
	case bytes.Equal(out, []byte("AGENT")):
		c.Outcome = Answered
	case bytes.Equal(out, []byte("HANG")):
		c.Outcome = Abandoned
	default:
		return false, &fieldError{field: "outcome", msg: fmt.Sprintf("%s is not AGENT, HANG or PHANTOM", quote(out))}
	}
	wait, ok := digits(f[d.qtime])
	if !ok {
		return false, &fieldError{field: "q_time", msg: quote(f[d.qtime]) + " is not a whole number of seconds"}
	}
	if msg, ok := checkDuration(float64(wait), maxWait); !ok {
		return false, &fieldError{field: "q_time", msg: quote(f[d.qtime]) + " " + msg}
	}
	queued := wait > 0 || !bytes.Equal(f[d.qstart], []byte("0:00:00"))
	if c.Outcome == Abandoned && !queued {
		return false, nil // hung up in the IVR: not agent-bound
	}
	day, ok := d.day(f[d.date])
	if !ok {
		return false, &fieldError{field: "date", msg: quote(f[d.date]) + " is not a date YYMMDD"}
	}
	if day < bankFirstDay || day > bankLastDay {
		// A two-digit year says nothing of the century: 000101 would be
		// 2000 and 691231 1969. The log is of 1999, so any other year is
		// a corrupt row.
		return false, &fieldError{field: "date", msg: fmt.Sprintf("%s is %s, outside 1999, the year the Anonymous Bank log covers",
			quote(f[d.date]), time.Unix(day, 0).UTC().Format(time.DateOnly))}
	}
	exit, ok := parseClock(f[d.exit])
	if !ok {
		return false, &fieldError{field: "vru_exit", msg: quote(f[d.exit]) + " is not a time H:MM:SS"}
	}
	entry, ok := parseClock(f[d.entry])
	if !ok {
		// The entry decides whether the exit is past midnight: a row
		// without one would be placed on the wrong day unnoticed.
		return false, &fieldError{field: "vru_entry", msg: quote(f[d.entry]) + " is not a time H:MM:SS"}
	}
	if entry-exit > 12*3600 {
		exit += 86400
	}
	c.Arrival = wallTime(float64(day) + exit)
	c.Wait = float64(wait)
	if c.Outcome == Answered {
		ser, ok := digits(f[d.ser])
		if !ok {
			return false, &fieldError{field: "ser_time", msg: quote(f[d.ser]) + " is not a whole number of seconds"}
		}
		if msg, ok := checkDuration(float64(ser), maxHandle); !ok {
			return false, &fieldError{field: "ser_time", msg: quote(f[d.ser]) + " " + msg}
		}
		c.Handle = float64(ser)
		if srv := f[d.server]; !bytes.Contains(srv, []byte("NO_SERVER")) {
			c.Agent = d.in.get(srv)
		}
	}
	c.Queue = d.in.get(f[d.typ])
	c.Priority = d.in.get(f[d.prio])
	return true, nil
}

// day reads YYMMDD, remembering the last date read: rows come in runs of
// one date.
func (d *bankDecoder) day(b []byte) (int64, bool) {
	if len(b) != 6 {
		return 0, false
	}
	if bytes.Equal(b, d.lastDate) {
		return d.lastDay, true
	}
	day, ok := parseDate(b)
	if ok {
		d.lastDate = append(d.lastDate[:0], b...)
		d.lastDay = day
	}
	return day, ok
}

// repair splits the first field that holds two values separated by a run
// of spaces (the README's rows with spaces instead of the tab between
// priority and type). The row is returned unchanged when no field does.
func (d *bankDecoder) repair(f [][]byte) [][]byte {
	for i, x := range f {
		j := bytes.IndexByte(x, ' ')
		if j <= 0 {
			continue
		}
		a, b := x[:j], bytes.TrimLeft(x[j:], " ")
		if len(b) == 0 || bytes.IndexByte(b, ' ') >= 0 {
			return f
		}
		d.fixed = append(append(append(d.fixed[:0], f[:i]...), a, b), f[i+1:]...)
		return d.fixed
	}
	return f
}
