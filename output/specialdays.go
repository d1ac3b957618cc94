package output

import (
	"io"

	"github.com/ccsim/ccsim/contactlog"
)

// SpecialDaysFile is what `ccsim holidays` prints: a special-days file,
// with a header that says where its days come from.
type SpecialDaysFile struct {
	Header []string
	Days   []contactlog.SpecialDay
}

// WriteTable writes the file in the form contactlog.ReadSpecialDays reads.
func (f SpecialDaysFile) WriteTable(w io.Writer) error {
	return contactlog.WriteSpecialDays(w, f.Header, f.Days)
}
