package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong with a scenario file, at a position in it.
type Problem struct {
	File   string // the file name as given to Load or Parse
	Line   int    // 1-based; 0 when the problem has no position
	Column int    // 1-based; 0 when the problem has no position
	Path   string // the key path, like "channels.phone.patience"; empty for the top level
	Msg    string // what is wrong
	Hint   string // how to mend it, or ""
}

// String formats the problem as "file:line:col: path: msg (hint)".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", p.Line, p.Column)
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	if p.Hint != "" {
		b.WriteString(" (")
		b.WriteString(p.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Error is every problem found in one scenario file. Load and Parse
// return it, so a user sees all the mistakes at once.
type Error struct {
	Problems []Problem
}

// maxProblems bounds the problems one error keeps, so a hostile file cannot
// make the report itself huge.
const maxProblems = 100

// Error prints one line per problem.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems by position so reports are stable.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
}

// suggest returns the candidate nearest to word by edit distance, or "" when
// none is close enough to be a likely typo.
func suggest(word string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		d := editDistance(strings.ToLower(word), strings.ToLower(c))
		if best == "" || d < bestDist {
			best, bestDist = c, d
		}
	}
	// A third of the word (at least one edit, at most three) is what a
	// slip of the fingers plausibly changes.
	limit := max(1, min(3, len(word)/3))
	if best != "" && bestDist <= limit {
		return best
	}
	// A word that starts like a key and differs only at its end
	// ("escalate" for "escalation") is a likely slip too.
	for _, c := range candidates {
		if commonPrefix(strings.ToLower(word), strings.ToLower(c)) >= max(4, len(word)-2) {
			return c
		}
	}
	return ""
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// article returns "a" or "an" for the word that follows it.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}

// didYouMean formats suggest's answer as a hint.
func didYouMean(word string, candidates []string) string {
	if s := suggest(word, candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return ""
}

// editDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		// Keys are short; long words are not typos of them.
		return max(len(ra), len(rb))
	}
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
