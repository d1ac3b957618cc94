package baseline

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ccsim/ccsim/sim"
)

// Tolerance says how far a KPI may move from its baseline. Each allowance
// that is set permits a change of its size, and the largest one wins: a
// KPI fails only when its change is beyond all of them. A tolerance with
// nothing set permits no change beyond rounding.
type Tolerance struct {
	// Absolute is an allowed change in the KPI's unit; for a share, 0.02
	// allows 2 percentage points.
	Absolute float64
	// Relative is an allowed change as a share of the baseline value.
	Relative float64
	// Statistical allows the change that the noise of the replications
	// explains: see Compare.
	Statistical bool
}

// Verdict is the outcome of one KPI's comparison.
type Verdict uint8

// Verdicts. Fail and Missing fail a check; the others do not.
const (
	Pass    Verdict = iota // within tolerance
	Fail                   // moved beyond tolerance, or stopped or started being defined
	Skip                   // not comparable: too few replications define it
	Missing                // in the baseline but not in the forecast
	Added                  // in the forecast but not in the baseline
)

var verdictNames = [...]string{"pass", "fail", "skip", "missing", "added"}

func (v Verdict) String() string {
	if int(v) < len(verdictNames) {
		return verdictNames[v]
	}
	return fmt.Sprintf("Verdict(%d)", v)
}

// Failed reports whether the verdict fails a check.
func (v Verdict) Failed() bool { return v == Fail || v == Missing }

// Allowance names what set a row's allowed change.
type Allowance uint8

// Allowances.
const (
	ByNone        Allowance = iota // not compared
	ByExact                        // nothing but rounding is allowed
	ByAbsolute                     // Tolerance.Absolute
	ByRelative                     // Tolerance.Relative times the baseline
	ByStatistical                  // the combined confidence interval
)

var allowanceNames = [...]string{"", "exact", "absolute", "relative", "statistical"}

func (a Allowance) String() string {
	if int(a) < len(allowanceNames) {
		return allowanceNames[a]
	}
	return fmt.Sprintf("Allowance(%d)", a)
}

// Row is one KPI's comparison.
type Row struct {
	ID        string
	Base, Now sim.Stat // an absent side has N 0 and NaN values
	// Change is Now.Mean - Base.Mean, NaN when either is undefined.
	Change float64
	// Allowed is the largest change that passes, NaN when the KPI was not
	// compared; By says which allowance set it.
	Allowed float64
	By      Allowance
	// Critical and DF are the Student's t quantile and the Welch degrees
	// of freedom of the statistical allowance, when it was computed.
	Critical, DF float64
	Verdict      Verdict
	// Note says why a row was skipped, or failed other than by size.
	Note string
}

// Report is the comparison of a forecast with its baseline.
type Report struct {
	Rows []Row
	// Confidence is the family-wise level of the statistical allowances,
	// and Tests the number of KPIs that had one: each was tested at level
	// 1 - (1-Confidence)/Tests (Bonferroni).
	Confidence float64
	Tests      int
}

// Count returns the number of rows with the given verdict.
func (r *Report) Count(v Verdict) int {
	n := 0
	for _, row := range r.Rows {
		if row.Verdict == v {
			n++
		}
	}
	return n
}

// Failed returns the number of rows that fail the check.
func (r *Report) Failed() int { return r.Count(Fail) + r.Count(Missing) }

// The range of family-wise confidence levels.
const (
	MinConfidence = 0.5
	MaxConfidence = 0.9999
)

func validConfidence(c float64) bool { return c >= MinConfidence && c <= MaxConfidence }

// roundingAllowance is the relative difference always allowed, so that a
// value that went through the file's ten significant digits still equals
// itself.
const roundingAllowance = 1e-9

// Tolerance returns the tolerance of the KPI with the given ID: the one
// keyed by the ID, else by its metric key, else DefaultKey, else the
// statistical tolerance.
func (b *Baseline) Tolerance(id string) Tolerance {
	if t, ok := b.Tolerances[id]; ok {
		return t
	}
	key, _ := Metric(id)
	if t, ok := b.Tolerances[key]; ok {
		return t
	}
	if t, ok := b.Tolerances[DefaultKey]; ok {
		return t
	}
	return Tolerance{Statistical: true}
}

// Compare checks each KPI of now against base, using base's tolerances
// and confidence level. Rows follow now's order; KPIs only the baseline
// has come last.
//
// The statistical allowance treats the two means as independent (they
// come from different random streams, or the comparison would be pointless)
// and allows
//
//	t(1 - α/(2K), ν) · sqrt(se_base² + se_now²)
//
// where se = half-width / t(0.975, n-1) is each mean's standard error
// recovered from its 95% interval, ν the Welch-Satterthwaite degrees of
// freedom (held at most 1000), α = 1 - Confidence and K the number of
// KPIs compared this way. Dividing α among the K KPIs (Bonferroni) bounds
// the chance that honest noise fails any KPI of the check by α, however
// many KPIs it has.
//
// A KPI undefined on one side (a service level with no arrivals) fails
// when the other side defined it in every replication, and is skipped
// when only some replications did: that is noise, not a change. A
// statistical comparison needs at least two replications defining the KPI
// on both sides; without them, a KPI with no other allowance is skipped.
func Compare(base, now *Baseline) (*Report, error) {
	if base == nil || now == nil {
		return nil, errors.New("baseline: nothing to compare")
	}
	if base.Subject != now.Subject {
		return nil, fmt.Errorf("baseline: %s compared with %s", subjectName(base.Subject), subjectName(now.Subject))
	}
	if !validConfidence(base.Confidence) {
		return nil, fmt.Errorf("baseline: confidence %v is not between %v and %v", base.Confidence, MinConfidence, MaxConfidence)
	}
	rep := &Report{Confidence: base.Confidence}
	inBase := make(map[string]KPI, len(base.KPIs))
	for _, k := range base.KPIs {
		inBase[k.ID] = k
	}
	inNow := make(map[string]bool, len(now.KPIs))
	for _, k := range now.KPIs {
		inNow[k.ID] = true
		b, ok := inBase[k.ID]
		if !ok {
			rep.Rows = append(rep.Rows, Row{ID: k.ID, Base: undefined(), Now: clean(k.Stat), Change: math.NaN(),
				Allowed: math.NaN(), Verdict: Added, Note: "not in the baseline"})
			continue
		}
		rep.Rows = append(rep.Rows, Row{ID: k.ID, Base: clean(b.Stat), Now: clean(k.Stat)})
	}
	for _, k := range base.KPIs {
		if !inNow[k.ID] {
			rep.Rows = append(rep.Rows, Row{ID: k.ID, Base: clean(k.Stat), Now: undefined(), Change: math.NaN(),
				Allowed: math.NaN(), Verdict: Missing, Note: "not in the forecast"})
		}
	}

	// The family size K must be known before any allowance is.
	statistical := make([]bool, len(rep.Rows))
	for i := range rep.Rows {
		r := &rep.Rows[i]
		if r.Verdict != Pass || r.Base.N == 0 || r.Now.N == 0 {
			continue
		}
		if base.Tolerance(r.ID).Statistical && hasSE(r.Base) && hasSE(r.Now) {
			statistical[i] = true
			rep.Tests++
		}
	}
	if min(base.Replications, now.Replications) < 2 && needsStatistical(base) {
		return nil, fmt.Errorf("baseline: statistical tolerances need at least 2 replications; the baseline has %d and the forecast %d (run more, or give absolute or relative tolerances)",
			base.Replications, now.Replications)
	}
	alpha := (1 - base.Confidence) / float64(max(rep.Tests, 1))

	for i := range rep.Rows {
		r := &rep.Rows[i]
		if r.Verdict != Pass {
			continue
		}
		bDef, nDef := r.Base.N > 0, r.Now.N > 0
		switch {
		case !bDef && !nDef:
			r.Change, r.Allowed = math.NaN(), math.NaN()
			r.Note = "undefined in both"
			continue
		case bDef != nDef:
			r.Change, r.Allowed = math.NaN(), math.NaN()
			if bDef && r.Base.N >= base.Replications {
				r.Verdict, r.Note = Fail, fmt.Sprintf("defined in all %d replications of the baseline, in none now", r.Base.N)
			} else if nDef && r.Now.N >= now.Replications {
				r.Verdict, r.Note = Fail, fmt.Sprintf("defined in none of the baseline's replications, in all %d now", r.Now.N)
			} else {
				r.Verdict, r.Note = Skip, "defined in some replications only, on one side"
			}
			continue
		}
		r.Change = r.Now.Mean - r.Base.Mean
		tol := base.Tolerance(r.ID)
		if tol.Statistical && !statistical[i] && tol.Absolute == 0 && tol.Relative == 0 {
			r.Allowed, r.Verdict = math.NaN(), Skip
			r.Note = "too few replications define it for a statistical comparison"
			continue
		}
		r.Allowed, r.By = roundingAllowance*math.Max(math.Abs(r.Base.Mean), math.Abs(r.Now.Mean)), ByExact
		if statistical[i] {
			v, crit, df := statisticalAllowance(r.Base, r.Now, alpha)
			r.Critical, r.DF = crit, df
			// Even when no noise was seen on either side and the allowance
			// is zero, it is the rule applied.
			r.Allowed, r.By = math.Max(r.Allowed, v), ByStatistical
		}
		if tol.Absolute > r.Allowed {
			r.Allowed, r.By = tol.Absolute, ByAbsolute
		}
		if v := tol.Relative * math.Abs(r.Base.Mean); v > r.Allowed {
			r.Allowed, r.By = v, ByRelative
		}
		if math.Abs(r.Change) > r.Allowed {
			r.Verdict = Fail
		}
	}
	return rep, nil
}

// subjectName says what a baseline of a subject records.
func subjectName(subject string) string {
	if subject == SubjectCapacity {
		return "a capacity plan's baseline"
	}
	return "a forecast's baseline"
}

// statisticalAllowance returns the half-width of the combined interval at
// two-sided level 1-alpha, with the t quantile and Welch's degrees of
// freedom behind it.
func statisticalAllowance(b, n sim.Stat, alpha float64) (allowed, crit, df float64) {
	seB, seN := standardError(b), standardError(n)
	s := math.Hypot(seB, seN) // sqrt(seB² + seN²) without overflow
	switch {
	case s == 0:
		return 0, math.NaN(), math.NaN()
	case math.IsInf(s, 0):
		return math.Inf(1), math.NaN(), math.NaN()
	}
	// Welch-Satterthwaite, written with each side's share of the combined
	// variance so that no fourth power underflows.
	fb, fn := (seB/s)*(seB/s), (seN/s)*(seN/s)
	df = 1 / (fb*fb/float64(b.N-1) + fn*fn/float64(n.N-1))
	crit = tCritical(alpha/2, df)
	return crit * s, crit, df
}

// Limits of the t quantile: gonum's is accurate to 1e-3 within them (a
// test holds it to an independent computation), and beyond them it
// drifts, upwards, for hundreds of thousands of degrees of freedom. Past
// 1000 degrees of freedom the quantile is within 1.5% of the normal's, so
// holding it there costs little; a tail below 1e-12 would take tens of
// millions of KPIs.
const (
	maxDF   = 1000
	minTail = 1e-12
)

// tCritical returns the t quantile with upper tail probability tail: the
// lower quantile negated, which keeps its precision for tiny tails where
// 1 - tail would round.
func tCritical(tail, df float64) float64 {
	return -distuv.StudentsT{Mu: 0, Sigma: 1, Nu: min(df, maxDF)}.Quantile(max(tail, minTail))
}

// standardError is a mean's standard error, from its 95% half-width and
// the t factor package sim made it with.
func standardError(s sim.Stat) float64 {
	return s.HalfWidth / sim.TQuantile(0.975, s.N-1)
}

func hasSE(s sim.Stat) bool {
	return s.N >= 2 && !math.IsNaN(s.HalfWidth) && !math.IsInf(s.HalfWidth, 0) && s.HalfWidth >= 0
}

// needsStatistical reports whether some KPI has the statistical allowance
// alone.
func needsStatistical(b *Baseline) bool {
	for _, k := range b.KPIs {
		if t := b.Tolerance(k.ID); t.Statistical && t.Absolute == 0 && t.Relative == 0 {
			return true
		}
	}
	return false
}

// clean treats a value that is not a finite number as undefined, so that
// a NaN can never pass a comparison by failing every test.
func clean(s sim.Stat) sim.Stat {
	if s.N <= 0 || math.IsNaN(s.Mean) || math.IsInf(s.Mean, 0) {
		return undefined()
	}
	return s
}

func undefined() sim.Stat { return sim.Stat{Mean: math.NaN(), HalfWidth: math.NaN(), SD: math.NaN()} }
