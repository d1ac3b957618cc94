package main

import (
	"time"

	"github.com/spf13/pflag"
)

// defaultSpellEdge is the on-duty time at the edges of an agent's spells
// that calibrate and backtest assume (see docs/calibration.md).
const defaultSpellEdge = 5 * time.Minute

// spellFlags are --agent-gap and --spell-edge: how calibrate and backtest
// read an agent's on-duty spells from the contacts of a log, the same way
// in both so that a backtest can use its calibration's values.
type spellFlags struct {
	gap, edge time.Duration
}

// add adds the flags to f; gapNote and edgeNote end their help.
func (o *spellFlags) add(f *pflag.FlagSet, gapNote, edgeNote string) {
	f.DurationVar(&o.gap, "agent-gap", 30*time.Minute, "longest idle time between an agent's contacts that still counts as on duty"+gapNote)
	f.DurationVar(&o.edge, "spell-edge", defaultSpellEdge, "time on duty before an agent's first contact of a spell and after the last"+edgeNote)
}

// check wants a positive gap and an edge of 0 to half the gap; cmdName
// starts the message.
func (o *spellFlags) check(cmdName string) error {
	if o.gap <= 0 {
		return usageErrorf("%s: --agent-gap %v: want a positive duration", cmdName, o.gap)
	}
	if o.edge < 0 || o.edge > o.gap/2 {
		return usageErrorf("%s: --spell-edge %v: want 0 to half --agent-gap (%v)", cmdName, o.edge, o.gap/2)
	}
	return nil
}
