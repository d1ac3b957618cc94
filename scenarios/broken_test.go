package scenarios

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of broken scenarios")

// brokenFiles are the deliberately broken scenarios; each has a golden
// file with the exact report.
func brokenFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "broken", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("%d broken files, want at least 30", len(files))
	}
	return files
}

func TestBrokenScenarios(t *testing.T) {
	for _, f := range brokenFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, err := Load(f)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want an *Error", err)
			}
			for _, p := range e.Problems {
				if p.Line <= 0 || p.Column <= 0 {
					t.Errorf("problem without a position: %s", p)
				}
				if p.File == "" || p.Msg == "" {
					t.Errorf("problem without a file or message: %+v", p)
				}
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(f, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("report:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
