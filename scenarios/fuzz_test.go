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
		checkParsed(t, s, err, "scenario")
	})
}

// FuzzDataFiles feeds arbitrary bytes to the readers of the CSV files a
// scenario names: replayed arrivals (instants, clock times or counts) and
// an empirical distribution (samples or CDF points). FuzzParse cannot
// reach them, since its scenario has no folder. The file must never make
// Parse panic; a refusal is an *Error whose problems name a file; a file
// accepted builds a valid model.
func FuzzDataFiles(f *testing.F) {
	for _, name := range []string{"times.csv", "clock.csv", "counts.csv", "handle-cdf.csv", "handle-samples.csv",
		"quote-open.csv", "quote-stray.csv", "quote-cdf.csv", "bom.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", "files", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
		f.Add(data, uint8(1))
	}
	f.Add([]byte("seconds\n\"1\n2\n"), uint8(0))
	f.Add([]byte("count\n1\n"), uint8(0))
	dir := f.TempDir()
	// Each use of the file: as arrivals and as a handle-time distribution.
	uses := []string{
		"arrivals: {file: data.csv}, handle: 4m",
		"arrivals: {per_day: 100, profile: flat}, handle: {dist: empirical, file: data.csv}",
	}
	f.Fuzz(func(t *testing.T, data []byte, use uint8) {
		// One file per process is enough: the fuzzer runs one input at a
		// time in each worker, and -parallel 1 keeps it so; a separate
		// folder per input keeps parallel workers apart too.
		sub, err := os.MkdirTemp(dir, "in")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(sub)
		if err := os.WriteFile(filepath.Join(sub, "data.csv"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		text := "interval: 1h\nhorizon: {days: 2}\nchannels:\n  phone: {kind: call, " + uses[int(use)%len(uses)] +
			"}\ngroups:\n  team: {skills: [phone], staffing: [5]}\n"
		s, err := Parse(filepath.Join(sub, "fuzz.yaml"), []byte(text))
		checkParsed(t, s, err, "data")
	})
}

// checkParsed fails the test unless a parse either failed with an *Error
// whose every problem names its file and says what is wrong, or accepted
// what (the scenario, the data) and built a valid model.
func checkParsed(t *testing.T, s *Scenario, err error, what string) {
	t.Helper()
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
		t.Fatalf("accepted %s builds an invalid model: %v", what, err)
	}
}
