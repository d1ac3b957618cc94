package erlang

import (
	"cmp"
	"math"
)

// Metrics are the figures of one queue model at one agent count. Shares
// are in [0, 1] and times in seconds. Every figure is per arrival (per
// attempt, for Erlang X).
type Metrics struct {
	Agents float64
	// Load is the offered load in Erlangs (for Erlang X, attempts
	// including redials).
	Load float64
	// PBlock is the share of arrivals lost because no line (Erlang X) or
	// no agent (Erlang B) was free.
	PBlock float64
	// PWait is the share of arrivals that find every agent busy and wait.
	PWait float64
	// PAbandon is the share of arrivals that hang up while waiting.
	PAbandon float64
	// ServiceLevel is the share answered within the threshold, by the
	// definition asked for.
	ServiceLevel float64
	// ASA, the average speed of answer, is the mean wait of the arrivals
	// that are answered: the figure call-center reports, targets and the
	// simulator call ASA.
	ASA float64
	// MeanWait is the mean wait of all arrivals: zero for those answered
	// at once and for those blocked, the time to hang up for those who
	// abandon. Where nobody abandons it equals ASA.
	MeanWait float64
	// Occupancy is the share of agent time spent handling contacts (for
	// the chat model, the share of chat slots in use).
	Occupancy float64
}

// Queue is a queue model whose agent count Staff and StaffFractional
// vary. BQueue, CQueue, AQueue, XQueue and ChatQueue implement it, and so
// may a caller's own model: Staff needs nothing else of it. A Queue may
// also implement Guesser or Staffer to make Staff faster.
type Queue interface {
	// OfferedLoad returns the load offered to the agents in Erlangs (for
	// Erlang X, the fresh load of first attempts).
	OfferedLoad() float64
	// MetricsAt returns the model's figures with n agents in place of its
	// own count, the service level at threshold t seconds by def. An
	// error matching ErrUnstable says that n agents cannot carry the
	// load; any other error stops a staffing search.
	MetricsAt(n, t float64, def SLDef) (Metrics, error)
}

// need says which of the costly figures an evaluation computes. The
// one-figure methods ask only for what they return; the other figures of
// the Metrics they get are then left zero.
type need uint8

const (
	// needSL: the service level (a second series, or per-state tails).
	needSL need = 1 << iota
	// needASA: the mean wait of answered arrivals (a fourth series
	// weight, or a per-state sum).
	needASA
	needAll = needSL | needASA
)

// BQueue is the Erlang B (M/M/n/n) loss system: Agents servers, no
// waiting room; an arrival that finds all busy is lost.
type BQueue struct {
	Agents float64 // servers (lines, trunks, agents); may be fractional
	Load   float64 // offered load, Erlangs
}

func (q BQueue) validate() error {
	return cmp.Or(checkAgents(q.Agents), checkLoad(q.Load))
}

// PBlock returns the share of arrivals lost: B(Agents, Load).
func (q BQueue) PBlock() (float64, error) {
	return validFigure(q, func(q BQueue) float64 { return erlangB(q.Agents, q.Load) })
}

// Metrics returns every figure at once. Nobody waits: the service level
// is the share not blocked over offered (and over offered less short
// abandons, there being none), and 1 over answered.
func (q BQueue) Metrics(t float64, def SLDef) (Metrics, error) {
	if err := checkAt(q, t, def); err != nil {
		return Metrics{}, err
	}
	b := erlangB(q.Agents, q.Load)
	m := Metrics{Agents: q.Agents, Load: q.Load, PBlock: b, ServiceLevel: 1 - b}
	if def == OverAnswered && b < 1 {
		m.ServiceLevel = 1
	}
	if q.Agents > 0 {
		m.Occupancy = math.Min(1, q.Load*(1-b)/q.Agents)
	}
	return m, nil
}

// OfferedLoad returns Load.
func (q BQueue) OfferedLoad() float64 { return q.Load }

// MetricsAt returns Metrics with n agents.
func (q BQueue) MetricsAt(n, t float64, def SLDef) (Metrics, error) {
	q.Agents = n
	return q.Metrics(t, def)
}

// CQueue is the Erlang C (M/M/n) queue: Poisson arrivals, exponential
// handle times, Agents agents, an unlimited queue and no abandonment.
// Nobody abandons, so it has no PAbandon, and its mean wait of all
// arrivals is its ASA.
type CQueue struct {
	Agents float64 // may be fractional
	Load   float64 // offered load, Erlangs: arrival rate times AHT
	AHT    float64 // mean handle time, seconds
}

func (q CQueue) validate() error {
	if err := cmp.Or(checkAgents(q.Agents), checkLoad(q.Load), checkPositive("AHT", q.AHT)); err != nil {
		return err
	}
	if q.Load >= q.Agents {
		return &UnstableError{Agents: q.Agents, Load: q.Load, LeastStable: leastStable(q.Load)}
	}
	return nil
}

// PWait returns the probability that an arrival waits, C(Agents, Load).
func (q CQueue) PWait() (float64, error) {
	return validFigure(q, func(q CQueue) float64 { return erlangC(q.Agents, q.Load) })
}

// ServiceLevel returns the share of arrivals answered within t seconds,
// 1 - C exp(-(n-a) t/AHT). All three definitions agree here, as nobody
// abandons; def is still checked.
func (q CQueue) ServiceLevel(t float64, def SLDef) (float64, error) {
	if err := checkAt(q, t, def); err != nil {
		return 0, err
	}
	return cServiceLevel(erlangC(q.Agents, q.Load), q.Agents, q.Load, q.AHT, t), nil
}

// ASA returns the mean wait in seconds, C AHT/(n-a): of answered
// arrivals, which here are all arrivals.
func (q CQueue) ASA() (float64, error) {
	return validFigure(q, func(q CQueue) float64 { return cASA(erlangC(q.Agents, q.Load), q.Agents, q.Load, q.AHT) })
}

// Occupancy returns Load/Agents.
func (q CQueue) Occupancy() (float64, error) {
	return validFigure(q, func(q CQueue) float64 { return q.Load / q.Agents })
}

// Metrics returns every figure at once, the service level at threshold t
// seconds.
func (q CQueue) Metrics(t float64, def SLDef) (Metrics, error) {
	if err := checkAt(q, t, def); err != nil {
		return Metrics{}, err
	}
	return cMetrics(erlangC(q.Agents, q.Load), q.Agents, q.Load, q.AHT, t), nil
}

// OfferedLoad returns Load.
func (q CQueue) OfferedLoad() float64 { return q.Load }

// MetricsAt returns Metrics with n agents.
func (q CQueue) MetricsAt(n, t float64, def SLDef) (Metrics, error) {
	q.Agents = n
	return q.Metrics(t, def)
}

// cMetrics are the figures of a valid, stable Erlang C queue whose
// probability of waiting is c.
func cMetrics(c, n, a, aht, t float64) Metrics {
	asa := cASA(c, n, a, aht)
	return Metrics{
		Agents: n, Load: a,
		PWait:        c,
		ServiceLevel: cServiceLevel(c, n, a, aht, t),
		ASA:          asa, MeanWait: asa,
		Occupancy: a / n,
	}
}

func cServiceLevel(c, n, a, aht, t float64) float64 { return 1 - c*math.Exp(-(n-a)*t/aht) }
func cASA(c, n, a, aht float64) float64             { return c * aht / (n - a) }

// checkAt checks a queue and a service-level threshold t by def: what a
// figure at a threshold needs. A type parameter, not an interface, so
// that the queue is not boxed on every call.
func checkAt[Q interface{ validate() error }](q Q, t float64, def SLDef) error {
	if err := q.validate(); err != nil {
		return err
	}
	return checkThreshold(t, def)
}

// validFigure returns figure(q) when q is valid: the one-figure methods
// of the queues with closed forms. A type parameter for the same reason
// as checkAt.
func validFigure[Q interface{ validate() error }](q Q, figure func(Q) float64) (float64, error) {
	if err := q.validate(); err != nil {
		return 0, err
	}
	return figure(q), nil
}

// evaluated are the models whose figures come from one evaluation that
// computes the costly figures a need asks for (Erlang A and X, the chat
// model).
type evaluated interface {
	eval(t float64, def SLDef, n need) (Metrics, error)
}

// oneFigure is a figure of Metrics that a one-figure method returns, and
// the costly figures it needs computed.
type oneFigure struct {
	of   func(*Metrics) float64
	need need
}

// The figures of the one-figure methods, each with what it needs: the
// one place that says so for every evaluated model.
var (
	pWaitFigure        = oneFigure{func(m *Metrics) float64 { return m.PWait }, 0}
	pBlockFigure       = oneFigure{func(m *Metrics) float64 { return m.PBlock }, 0}
	pAbandonFigure     = oneFigure{func(m *Metrics) float64 { return m.PAbandon }, 0}
	serviceLevelFigure = oneFigure{func(m *Metrics) float64 { return m.ServiceLevel }, needSL}
	asaFigure          = oneFigure{func(m *Metrics) float64 { return m.ASA }, needASA}
	meanWaitFigure     = oneFigure{func(m *Metrics) float64 { return m.MeanWait }, 0}
	occupancyFigure    = oneFigure{func(m *Metrics) float64 { return m.Occupancy }, 0}
)

// evalFigure is the one-figure method of an evaluated model: it evaluates
// q for f alone, at threshold t by def, and returns f. A type parameter
// for the same reason as checkAt.
func evalFigure[Q evaluated](q Q, f oneFigure, t float64, def SLDef) (float64, error) {
	m, err := q.eval(t, def, f.need)
	return f.of(&m), err
}

func checkThreshold(t float64, def SLDef) error {
	if err := checkNonNegative("service-level threshold", t); err != nil {
		return err
	}
	return def.validate()
}

// AQueue is the Erlang A (M/M/n+M, Palm's) queue: Erlang C plus customers
// who hang up when their wait exceeds an exponential patience. It is
// stable at any load.
type AQueue struct {
	Agents   float64 // may be fractional
	Load     float64 // offered load, Erlangs
	AHT      float64 // mean handle time, seconds
	Patience float64 // mean patience, seconds
}

func (q AQueue) validate() error {
	return cmp.Or(checkAgents(q.Agents), checkLoad(q.Load), checkPositive("AHT", q.AHT), checkPositive("patience", q.Patience))
}

// Metrics returns every figure at once, the service level at threshold t
// seconds by definition def.
func (q AQueue) Metrics(t float64, def SLDef) (Metrics, error) {
	return q.eval(t, def, needAll)
}

// eval computes the figures that n asks for, and the cheap ones.
func (q AQueue) eval(t float64, def SLDef, n need) (Metrics, error) {
	if err := q.validate(); err != nil {
		return Metrics{}, err
	}
	if n&needSL != 0 {
		if err := checkThreshold(t, def); err != nil {
			return Metrics{}, err
		}
	}
	w := waitModel{
		lambda:   q.Load / q.AHT,
		c:        q.Agents / q.AHT,
		theta:    1 / q.Patience,
		x:        q.Agents * (q.Patience / q.AHT),
		y:        q.Load * (q.Patience / q.AHT),
		patience: q.Patience,
	}
	if q.Load > 0 {
		w.head = head(q.Agents, q.Load)
	}
	f, err := w.figures(t, def, n)
	if err != nil {
		return Metrics{}, err
	}
	m := Metrics{
		Agents: q.Agents, Load: q.Load,
		PWait: f.pWait, PAbandon: f.pAbandon, ServiceLevel: f.sl,
		ASA: f.asa, MeanWait: f.meanWait,
	}
	if q.Agents > 0 {
		m.Occupancy = math.Min(1, q.Load*f.pServed/q.Agents)
	}
	return m, nil
}

// PWait returns the probability that an arrival waits.
func (q AQueue) PWait() (float64, error) {
	return evalFigure(q, pWaitFigure, 0, OverOffered)
}

// PAbandon returns the share of arrivals that abandon.
func (q AQueue) PAbandon() (float64, error) {
	return evalFigure(q, pAbandonFigure, 0, OverOffered)
}

// ServiceLevel returns the share answered within t seconds by def.
func (q AQueue) ServiceLevel(t float64, def SLDef) (float64, error) {
	return evalFigure(q, serviceLevelFigure, t, def)
}

// ASA returns the mean wait of the answered arrivals in seconds.
func (q AQueue) ASA() (float64, error) {
	return evalFigure(q, asaFigure, 0, OverOffered)
}

// MeanWait returns the mean wait of all arrivals in seconds, abandoning
// ones included (their wait ends when they hang up): PAbandon times
// Patience, by Little's law.
func (q AQueue) MeanWait() (float64, error) {
	return evalFigure(q, meanWaitFigure, 0, OverOffered)
}

// Occupancy returns the carried load per agent, Load (1 - PAbandon)/Agents.
func (q AQueue) Occupancy() (float64, error) {
	return evalFigure(q, occupancyFigure, 0, OverOffered)
}

// OfferedLoad returns Load.
func (q AQueue) OfferedLoad() float64 { return q.Load }

// MetricsAt returns Metrics with n agents.
func (q AQueue) MetricsAt(n, t float64, def SLDef) (Metrics, error) {
	q.Agents = n
	return q.Metrics(t, def)
}
