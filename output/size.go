package output

// What printing a forecast costs, per figure of the result (sim.Estimate's
// Values), so that a run that would print gigabytes or run out of memory
// printing them is refused before it starts. Measured with run on
// horizons of 5 and 10 days at 5-minute intervals, one and three channels
// (docs/limits.md): the bytes printed, and the peak memory the printing
// adds over a table of totals, as a multiple of them.
var printCost = map[Format]struct {
	bytesPerValue float64 // bytes printed per figure
	memory        float64 // peak memory added, per byte printed
}{
	JSON:  {bytesPerValue: 100, memory: 6},
	CSV:   {bytesPerValue: 40, memory: 4},
	Table: {bytesPerValue: 4, memory: 2},
}

// ForecastSize estimates what printing a forecast of the given number of
// figures in format f costs: the bytes printed and the peak memory the
// printing adds. totalsOnly is Forecast.OmitIntervals (JSON and CSV then
// print the totals alone, a few kilobytes).
func ForecastSize(values int, f Format, totalsOnly bool) (printed, memory int64) {
	c, ok := printCost[f]
	if !ok || (totalsOnly && f != Table) {
		return 0, 0
	}
	p := float64(values) * c.bytesPerValue
	return int64(p), int64(p * c.memory)
}
