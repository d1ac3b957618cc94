package erlang

import "math"

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
	// ASA is the mean wait of all arrivals: zero for those answered at
	// once, the time to hang up for those who abandon.
	ASA float64
	// ASAAnswered is the mean wait of the arrivals that are answered,
	// the average speed of answer as call-center reports give it.
	ASAAnswered float64
	// Occupancy is the share of agent time spent handling contacts (for
	// the chat model, the share of chat slots in use).
	Occupancy float64
}

// BQueue is the Erlang B (M/M/n/n) loss system: Agents servers, no
// waiting room; an arrival that finds all busy is lost.
type BQueue struct {
	Agents float64 // servers (lines, trunks, agents); may be fractional
	Load   float64 // offered load, Erlangs
}

// Blocking returns the share of arrivals lost: B(Agents, Load).
func (q BQueue) Blocking() (float64, error) {
	if err := checkAgents(q.Agents); err != nil {
		return 0, err
	}
	if err := checkLoad(q.Load); err != nil {
		return 0, err
	}
	return math.Min(1, 1/invB(q.Agents, q.Load)), nil
}

// Occupancy returns the carried load per server, Load (1 - B) / Agents.
func (q BQueue) Occupancy() (float64, error) {
	b, err := q.Blocking()
	if err != nil || q.Agents == 0 {
		return 0, err
	}
	return q.Load * (1 - b) / q.Agents, nil
}

// CQueue is the Erlang C (M/M/n) queue: Poisson arrivals, exponential
// handle times, Agents agents, an unlimited queue and no abandonment.
type CQueue struct {
	Agents float64 // may be fractional
	Load   float64 // offered load, Erlangs: arrival rate times AHT
	AHT    float64 // mean handle time, seconds
}

func (q CQueue) validate() error {
	if err := checkAgents(q.Agents); err != nil {
		return err
	}
	if err := checkLoad(q.Load); err != nil {
		return err
	}
	if err := checkPositive("AHT", q.AHT); err != nil {
		return err
	}
	if q.Load >= q.Agents {
		return &UnstableError{Agents: q.Agents, Load: q.Load, LeastStable: leastStable(q.Load)}
	}
	return nil
}

// PWait returns the probability that an arrival waits, C(Agents, Load).
func (q CQueue) PWait() (float64, error) {
	if err := q.validate(); err != nil {
		return 0, err
	}
	return erlangC(q.Agents, q.Load), nil
}

// ServiceLevel returns the share of arrivals answered within t seconds,
// 1 - C exp(-(n-a) t/AHT). All three definitions agree here, as nobody
// abandons; def is still checked.
func (q CQueue) ServiceLevel(t float64, def SLDef) (float64, error) {
	m, err := q.Metrics(t, def)
	return m.ServiceLevel, err
}

// ASA returns the mean wait in seconds, C AHT/(n-a).
func (q CQueue) ASA() (float64, error) {
	m, err := q.Metrics(0, OverOffered)
	return m.ASA, err
}

// Occupancy returns Load/Agents.
func (q CQueue) Occupancy() (float64, error) {
	if err := q.validate(); err != nil {
		return 0, err
	}
	return q.Load / q.Agents, nil
}

// Metrics returns every figure at once, the service level at threshold t
// seconds.
func (q CQueue) Metrics(t float64, def SLDef) (Metrics, error) {
	if err := q.validate(); err != nil {
		return Metrics{}, err
	}
	if err := checkThreshold(t, def); err != nil {
		return Metrics{}, err
	}
	return cMetrics(q.Agents, q.Load, q.AHT, t), nil
}

// cMetrics evaluates a valid, stable Erlang C queue.
func cMetrics(n, a, aht, t float64) Metrics {
	c := erlangC(n, a)
	asa := c * aht / (n - a)
	return Metrics{
		Agents: n, Load: a,
		PWait:        c,
		ServiceLevel: 1 - c*math.Exp(-(n-a)*t/aht),
		ASA:          asa, ASAAnswered: asa,
		Occupancy: a / n,
	}
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
	if err := checkAgents(q.Agents); err != nil {
		return err
	}
	if err := checkLoad(q.Load); err != nil {
		return err
	}
	if err := checkPositive("AHT", q.AHT); err != nil {
		return err
	}
	return checkPositive("patience", q.Patience)
}

// Metrics returns every figure at once, the service level at threshold t
// seconds by definition def.
func (q AQueue) Metrics(t float64, def SLDef) (Metrics, error) {
	if err := q.validate(); err != nil {
		return Metrics{}, err
	}
	if err := checkThreshold(t, def); err != nil {
		return Metrics{}, err
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
	f, err := w.figures(t, def)
	if err != nil {
		return Metrics{}, err
	}
	m := Metrics{
		Agents: q.Agents, Load: q.Load,
		PWait: f.pWait, PAbandon: f.pAbandon, ServiceLevel: f.sl,
		ASA: f.asa, ASAAnswered: f.asaAnswered,
	}
	if q.Agents > 0 {
		m.Occupancy = math.Min(1, q.Load*f.pServed/q.Agents)
	}
	return m, nil
}

// PWait returns the probability that an arrival waits.
func (q AQueue) PWait() (float64, error) {
	m, err := q.Metrics(0, OverOffered)
	return m.PWait, err
}

// PAbandon returns the share of arrivals that abandon.
func (q AQueue) PAbandon() (float64, error) {
	m, err := q.Metrics(0, OverOffered)
	return m.PAbandon, err
}

// ServiceLevel returns the share answered within t seconds by def.
func (q AQueue) ServiceLevel(t float64, def SLDef) (float64, error) {
	m, err := q.Metrics(t, def)
	return m.ServiceLevel, err
}

// ASA returns the mean wait of all arrivals in seconds, abandoning ones
// included (their wait ends when they hang up): PAbandon times Patience,
// by Little's law.
func (q AQueue) ASA() (float64, error) {
	m, err := q.Metrics(0, OverOffered)
	return m.ASA, err
}

// ASAAnswered returns the mean wait of the answered arrivals in seconds.
func (q AQueue) ASAAnswered() (float64, error) {
	m, err := q.Metrics(0, OverOffered)
	return m.ASAAnswered, err
}

// Occupancy returns the carried load per agent, Load (1 - PAbandon)/Agents.
func (q AQueue) Occupancy() (float64, error) {
	m, err := q.Metrics(0, OverOffered)
	return m.Occupancy, err
}
