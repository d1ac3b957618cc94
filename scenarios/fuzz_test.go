package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary text to the loader. It must never panic; a
// scenario it accepts must build a model that passes sim's own checks; a
// scenario it refuses must say so with an *Error naming the file.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("*.yaml")
	broken, _ := filepath.Glob(filepath.Join("testdata", "broken", "*.yaml"))
	for _, name := range append(seeds, broken...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(tiny))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A name in a folder that does not exist: file references fail
		// cleanly instead of reading the test's own files.
		s, err := Parse(filepath.Join("no-such-dir", "fuzz.yaml"), data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("error %v is not an *Error with problems", err)
			}
			for _, p := range e.Problems {
				if p.File == "" || p.Msg == "" {
					t.Fatalf("problem without a file or message: %+v", p)
				}
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("accepted scenario builds an invalid model: %v", err)
		}
	})
}
