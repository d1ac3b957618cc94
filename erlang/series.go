package erlang

import (
	"fmt"
	"math"
)

// maxTerms bounds the work of one series: past it the model is reported as
// too large rather than evaluated slowly.
const maxTerms = 5e7

// seriesSums are the sums over j >= 0 of
//
//	q_j = y^j / ((x+1)(x+2)...(x+j))
//
// with three weights, all scaled by exp(-logScale) so that they stay finite:
//
//	s0 = sum q_j                              (Kummer's 1F1(1; x+1; y))
//	s1 = sum q_j (j+1)/(x+j+1)
//	s3 = sum q_j x/(x+j+1)                    (s1 + s3 = s0)
//	s2 = sum q_j h_j/(x+j+1), h_j = sum_{i=1}^{j+1} 1/(x+i)
//
// In the M/M/n+M queue with x = n mu/theta and y = lambda/theta, q_j is
// the probability of state n+j relative to state n; an arrival that finds
// j waiting abandons with probability (j+1)/(x+j+1), is served with
// probability x/(x+j+1), and its mean wait if served is h_j/theta
// (docs/erlang.md derives each weight).
type seriesSums struct {
	s0, s1, s2, s3 float64
	logScale       float64
	top            float64 // the last j added
}

// sumSeries computes the sums to a relative accuracy of about 1e-16. It
// starts at the largest term (j = floor(y-x), or 0) and adds terms outward
// until the geometric bound on the rest is negligible, so its cost is
// about 40/(1-y/x) terms for y < x and 10 sqrt(y) + 40 when y is near or
// above x.
func sumSeries(x, y float64, withWait bool) (seriesSums, error) {
	var s seriesSums
	p := math.Max(0, math.Floor(y-x))
	if p > 0 {
		s.logScale = p*math.Log(y) - lnGammaDiff(x+1, x+p+1)
	}
	const tol = 1e-17
	// The peak term, then upward.
	hp := 0.0
	if withWait {
		hp = digammaDiff(x+1, x+p+2)
	}
	term, h := 1.0, hp
	steps := 0
	inv := 1 / (x + p + 1) // 1/(x+j+1), carried to save divisions
	for j := p; ; j++ {
		s.s0 += term
		s.s1 += term * (j + 1) * inv
		s.s3 += term * x * inv
		if withWait {
			s.s2 += term * h * inv
		}
		s.top = j
		r := y * inv // ratio of the next term to this one
		if r == 0 {
			break
		}
		term *= r
		inv = 1 / (x + j + 2)
		h += inv
		if r < 1 && term < 1e-15*s.s0 {
			rest := term / (1 - r)
			if rest <= tol*s.s0 && rest <= tol*s.s1 && rest*x*inv <= tol*s.s3 && (!withWait || rest/(x+1) <= tol*s.s2) {
				break
			}
		}
		if steps++; steps > maxTerms {
			return s, tooLarge(x, y)
		}
	}
	// Downward from the peak: the weights fall with j, so each bound uses
	// the current weight.
	term, h = 1.0, hp
	for j := p - 1; j >= 0; j-- {
		term *= (x + j + 1) / y
		h -= 1 / (x + j + 2)
		d := x + j + 1
		w1, w3 := (j+1)/d, x/d
		s.s0 += term
		s.s1 += term * w1
		s.s3 += term * w3
		w2 := 0.0
		if withWait {
			w2 = h / d
			s.s2 += term * w2
		}
		r := (x + j) / y
		rest := term * r / (1 - r)
		if rest <= tol*s.s0 && rest*w1 <= tol*s.s1 && rest*w3 <= tol*s.s3 && (!withWait || rest*w2 <= tol*s.s2) {
			break
		}
		if steps++; steps > maxTerms {
			return s, tooLarge(x, y)
		}
	}
	return s, nil
}

func tooLarge(x, y float64) error {
	return fmt.Errorf("erlang: queue too large to evaluate (%.3g agent-patience units, %.3g load-patience units): %w",
		x, y, ErrInvalid)
}
