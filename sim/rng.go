package sim

import "math/rand/v2"

// Purposes of the random streams. Each replication draws every purpose of
// every channel from its own PCG stream, so that changing one part of a
// model (say, the staffing) leaves the draws of the others untouched: the
// k-th arrival of a channel gets the same handle time and patience whatever
// the staffing (common random numbers for the planner).
const (
	streamArrivals    = iota // inter-arrival times and placement within intervals
	streamHandle             // handle and wrap times
	streamPatience           // patience and the switching decision
	streamRouting            // priority class and follow-on outcome
	streamFollowOn           // everything about follow-on contacts arriving in the channel
	streamFlowDelay          // delays of follow-on contacts leaving the channel
	streamMessages           // duplicate follow-up messages
	streamDemand             // over-dispersion: the gamma multipliers of the channel's rates
	streamSelfService        // whether an arrival tries self-service, succeeds, and its delay
	streamCallback           // whether a customer accepts a callback
	streamSites              // the site a contact of the channel is routed to
	// Purposes of a group's streams (the channel index is then the
	// group's; the purposes keep them apart from every channel's).
	streamAbsence     // which agents are absent each day
	streamAway        // agents going away and coming back (adherence)
	streamProficiency // the group's own handle times
	numStreams
)

// splitmix64 is a bijective 64-bit mixer (Steele, Lea and Flood 2014);
// chained, it turns structured keys into well-spread PCG seeds.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// newStream returns the PCG stream for one replication, channel and
// purpose of a scenario seed.
func newStream(seed uint64, rep, channel, purpose int) *rand.PCG {
	k := splitmix64(seed)
	k = splitmix64(k ^ uint64(rep))
	k = splitmix64(k ^ uint64(channel)<<8 ^ uint64(purpose))
	return rand.NewPCG(k, splitmix64(k^0x5851f42d4c957f2d))
}

// DeriveSeed returns the seed of one part of a larger experiment, named by
// key: a backtest runs one model per replayed day, each with the seed
// derived from its own seed and the day. The same seed and key always give
// the same seed; other keys (or seeds) give unrelated streams, unlike
// seed+key, which would make day d+1 of seed s replay day d of seed s+1.
func DeriveSeed(seed, key uint64) uint64 {
	// The constant sets derived seeds apart from the keys newStream
	// derives from seed and a replication.
	return splitmix64(splitmix64(seed^0x6a09e667f3bcc909) ^ key)
}
