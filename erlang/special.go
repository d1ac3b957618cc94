package erlang

import "math"

// lnGammaDiff returns ln Gamma(b) - ln Gamma(a) for 0 < a <= b. For large
// arguments it expands Stirling's series around a, so that the difference
// keeps its relative accuracy where ln Gamma(b) and ln Gamma(a) are huge
// and nearly equal.
func lnGammaDiff(a, b float64) float64 {
	if a < 10 {
		la, _ := math.Lgamma(a)
		if b < 10 {
			lb, _ := math.Lgamma(b)
			return lb - la
		}
		return lnGammaDiff(10, b) + lnGammaShift(a, 10)
	}
	d := b - a
	// (b-1/2) ln b - (a-1/2) ln a - (b-a), written without cancellation.
	main := d*math.Log(b) + (a-0.5)*math.Log1p(d/a) - d
	return main + stirlingTail(b) - stirlingTail(a)
}

// lnGammaShift returns ln Gamma(b) - ln Gamma(a) for a < b <= 10 where
// b - a need not be whole: via math.Lgamma, whose values are small here.
func lnGammaShift(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	return lb - la
}

// stirlingTail is the series part of ln Gamma(z) beyond
// (z-1/2) ln z - z + ln(2 pi)/2, for z >= 10.
func stirlingTail(z float64) float64 {
	w := 1 / (z * z)
	return (1.0/12 + w*(-1.0/360+w*(1.0/1260+w*(-1.0/1680+w*(1.0/1188+w*(-691.0/360360)))))) / z
}

// digammaDiff returns psi(b) - psi(a) for 0 < a <= b with b - a a whole
// number: the sum of 1/(a+i) for i = 0 .. b-a-1.
func digammaDiff(a, b float64) float64 {
	// b - a is whole in exact arithmetic, but its floating difference may
	// land just above the integer (3.0000000000000004), and a loop bound
	// of i < n would then add one term too many.
	n := math.Round(b - a)
	if n <= 64 {
		s := 0.0
		for i := 0.0; i < n; i++ {
			s += 1 / (a + i)
		}
		return s
	}
	if a < 10 {
		s := 0.0
		for ; a < 10; a++ {
			s += 1 / a
		}
		return s + digammaDiff(a, b)
	}
	// psi(z) ~ ln z - 1/(2z) - sum B_2k/(2k z^2k); the logarithms are
	// combined with log1p to keep the difference accurate.
	d := math.Log1p(n/a) - 0.5/b + 0.5/a
	return d - digammaTail(b) + digammaTail(a)
}

// digammaTail is sum B_2k/(2k z^2k) for k = 1..6, z >= 10.
func digammaTail(z float64) float64 {
	w := 1 / (z * z)
	return w * (1.0/12 + w*(-1.0/120+w*(1.0/252+w*(-1.0/240+w*(1.0/132+w*(-691.0/32760))))))
}
