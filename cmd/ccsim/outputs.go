package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Every file or folder a command writes is checked before any work
// starts (a simulation can take minutes; a typo in --charts should not
// cost them), and any failure to write, then or later, is exit code 2
// with the path and the reason: exit 1 means a failed check or unmet
// targets, which a CI job must be able to tell from a full disk.

// writeFailed is the error of an output that could not be written.
// An interrupt is passed on as it is: nothing failed.
func writeFailed(path string, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return &exitError{code: 2, err: fmt.Errorf("cannot write %s: %w", path, reason(err))}
}

// reason strips the path an error repeats, so that a message names it
// once: "no such file or directory" rather than "open x: no such ...".
func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s %s: %w", opWord(pe.Op), pe.Path, pe.Err)
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

func opWord(op string) string {
	switch op {
	case "mkdir":
		return "cannot create folder"
	case "open":
		return "cannot create"
	}
	return op
}

// prepareFile makes sure a file can be written at path before any work
// starts: it is none of the command's inputs, a missing parent folder is
// created (as for every output), the path must not be a folder, and the
// folder must take a new file (a temporary one is created and removed).
// flag names the option for the message.
func prepareFile(s *streams, flag, path string, inputs ...string) error {
	fail := func(err error) error {
		return &exitError{code: 2, err: fmt.Errorf("cannot write %s (%s): %w", path, flag, reason(err))}
	}
	if path == "" {
		return usageErrorf("%s: empty file name", flag)
	}
	if in, ok := sameAsInput(path, inputs); ok {
		return usageErrorf("%s %s: that is also an input (%s): writing it would replace it; choose another file", flag, path, in)
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fail(errors.New("it is a folder"))
	}
	dir := filepath.Dir(path)
	if err := s.mkdirAll(dir); err != nil {
		return fail(err)
	}
	return probe(dir, fail)
}

// prepareDir makes sure files can be written into the folder dir before
// any work starts, creating it (and its parents) if needed.
func prepareDir(s *streams, flag, dir string, inputs ...string) error {
	fail := func(err error) error {
		return &exitError{code: 2, err: fmt.Errorf("cannot write into %s (%s): %w", dir, flag, reason(err))}
	}
	if dir == "" {
		return usageErrorf("%s: empty folder name", flag)
	}
	if in, ok := inputInCharts(dir, inputs); ok {
		return usageErrorf("%s %s: an input (%s) is a PNG in that folder, where a chart of the same name would replace it; choose another folder", flag, dir, in)
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return fail(errors.New("it is a file, not a folder"))
	}
	if err := s.mkdirAll(dir); err != nil {
		return fail(err)
	}
	return probe(dir, fail)
}

// inputInCharts finds an input that is a PNG file directly in dir: charts
// are PNG files written into dir, and one of them could replace it.
func inputInCharts(dir string, inputs []string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for _, in := range inputs {
		if in == "" || in == "-" || !strings.EqualFold(filepath.Ext(in), ".png") {
			continue
		}
		p, err := filepath.Abs(in)
		if err != nil {
			continue
		}
		parent := filepath.Dir(p)
		if real, err := filepath.EvalSymlinks(parent); err == nil {
			parent = real
		}
		if parent == abs {
			return in, true
		}
	}
	return "", false
}

// mkdirAll creates dir and its missing parents, and remembers the folders
// it created: a command that then fails removes them again if they are
// still empty (removeMadeDirs), so that it leaves nothing behind.
func (s *streams) mkdirAll(dir string) error {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || !errors.Is(err, fs.ErrNotExist) {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s.madeDirs = append(s.madeDirs, missing...) // deepest first
	return nil
}

// removeMadeDirs removes the folders mkdirAll created that are still
// empty, deepest first.
func (s *streams) removeMadeDirs() {
	for _, d := range s.madeDirs {
		os.Remove(d) // fails, harmlessly, on a folder that holds something
	}
	s.madeDirs = nil
}

// probe creates and removes a file in dir: the only sure test that it
// takes new files (permissions, read-only mounts, quotas).
func probe(dir string, fail func(error) error) error {
	f, err := os.CreateTemp(dir, ".ccsim-probe-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fail(fmt.Errorf("cannot create a file in %s: %w", dir, pe.Err))
		}
		return fail(err)
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return fail(err)
	}
	return nil
}

// sameAsInput reports the input that path names too: the same file (a
// link or another spelling of it), or the same path when the file does
// not exist yet. Standard input ("-") is no file.
func sameAsInput(path string, inputs []string) (string, bool) {
	out, outErr := os.Stat(path)
	abs, _ := filepath.Abs(path)
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		if info, err := os.Stat(in); err == nil && outErr == nil && os.SameFile(info, out) {
			return in, true
		}
		if a, _ := filepath.Abs(in); a == abs {
			return in, true
		}
	}
	return "", false
}

// firstArg is args[0], or "" without arguments.
func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}
