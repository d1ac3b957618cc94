package banklog

import (
	"path/filepath"
	"testing"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/internal/bankdata"
)

// dayExcerpt is the committed whole day of the log (1999-05-04).
const dayExcerpt = "../../contactlog/testdata/anonymous-bank-1999-05-04.txt"

// TestTable: the day's table holds every agent-bound call of the raw rows,
// and Read streams the same calls each time.
func TestTable(t *testing.T) {
	raw, err := bankdata.ReadCalls(dayExcerpt)
	if err != nil {
		t.Fatal(err)
	}
	bound := 0
	for _, c := range raw {
		if c.AgentBound() {
			bound++
		}
	}
	tab := Table(t, contactlog.AggregateOptions{}, dayExcerpt)
	offered := 0
	for _, d := range tab.Dates() {
		for _, c := range tab.Day(d) {
			offered += c.Offered
		}
	}
	if offered != bound || bound == 0 {
		t.Errorf("table holds %d calls, the raw rows %d", offered, bound)
	}
	read := Read(dayExcerpt)
	for range 2 {
		n := 0
		if err := read(func(contactlog.Contact) { n++ }); err != nil || n != bound {
			t.Errorf("read %d calls (%v), want %d", n, err, bound)
		}
	}
	if err := Read(filepath.Join(t.TempDir(), "none.txt"))(func(contactlog.Contact) {}); err == nil {
		t.Error("a missing file: no error")
	}
}
