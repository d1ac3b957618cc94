package output

// Figure is a chart of a report page: an SVG element ready to be placed
// in the page (plots draws them), and the words that stand for it.
type Figure struct {
	// ID names the figure in the page: unique, for links and for the
	// ARIA labels inside the SVG.
	ID string
	// Title says what the figure shows; Description what it says, for a
	// reader who cannot see it.
	Title, Description string
	// SVG is a complete <svg> element.
	SVG []byte
}
