//go:build !unix

package atomicfile

// alive cannot tell on this system: every process counts as running, so
// that only leftovers of an earlier version's names, by age, are removed.
func alive(int) bool { return true }
