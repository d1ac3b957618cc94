package main

import "time"

// defaultSpellEdge is the on-duty time at the edges of an agent's spells
// that calibrate and backtest assume (see docs/calibration.md).
const defaultSpellEdge = 5 * time.Minute
