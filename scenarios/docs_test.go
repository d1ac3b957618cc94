package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// profileTable renders the built-in profiles' hourly shares as the
// Markdown table docs/scenarios.md shows.
func profileTable() string {
	names := []string{"phone", "phone_weekend", "chat", "chat_weekend", "office", "flat"}
	var b strings.Builder
	b.WriteString("| hour |")
	for _, n := range names {
		fmt.Fprintf(&b, " `%s` |", n)
	}
	b.WriteString("\n|---|")
	b.WriteString(strings.Repeat("---:|", len(names)))
	b.WriteString("\n")
	shares := make([][]float64, len(names))
	for i, n := range names {
		shares[i], _ = ProfileShares(n, 3600)
	}
	for h := range 24 {
		fmt.Fprintf(&b, "| %02d:00 |", h)
		for i := range names {
			fmt.Fprintf(&b, " %.2f%% |", shares[i][h]*100)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func readDocs(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "docs", "scenarios.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDocsShowTheProfiles(t *testing.T) {
	if !strings.Contains(readDocs(t), profileTable()) {
		t.Errorf("docs/scenarios.md does not hold the current profile table:\n%s", profileTable())
	}
}

func TestDocsDescribeEveryKey(t *testing.T) {
	docs := readDocs(t)
	for set, keys := range keySets {
		for _, k := range keys {
			if !strings.Contains(docs, "`"+k+"`") {
				t.Errorf("docs/scenarios.md does not describe key %q (%s)", k, set)
			}
		}
	}
	for _, n := range builtinProfileNames() {
		if !strings.Contains(docs, "`"+n+"`") {
			t.Errorf("docs/scenarios.md does not name profile %q", n)
		}
	}
}
