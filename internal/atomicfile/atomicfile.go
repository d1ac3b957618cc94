// Package atomicfile writes files so that a reader sees the old content or
// the new, never half of it: the data goes to a temporary file in the same
// directory, is synced, and is renamed over the target. A failure or an
// interruption leaves no temporary file behind, and a write that a killed
// process left unfinished is tidied up by the next write into its folder.
//
// A set of files (the charts of one run) is written together: every file
// is written and synced first, and only then are they renamed into place,
// one after another, with a journal beside them that lets the next write
// into the folder finish the renames if the process was killed between
// two of them. A reader therefore sees all the old files or, once the
// renames are done, all the new ones.
package atomicfile

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// File is one file to write: where, and its whole content.
type File struct {
	Path string
	Data []byte
}

// Write writes data to path atomically. A file that exists keeps its
// permissions; a new one gets 0644. When ctx is done before the file is
// renamed into place, nothing is written and ctx's error is returned.
func Write(ctx context.Context, path string, data []byte) error {
	return WriteSet(ctx, File{Path: path, Data: data})
}

// WriteSet writes files as a set: each is written and synced to a
// temporary file beside it; if all succeed and ctx is not done, they are
// renamed into place together (see the package comment). On any failure,
// or when ctx is done first, the temporary files are removed and none of
// the targets changes.
func WriteSet(ctx context.Context, files ...File) (err error) {
	dirs := map[string]bool{}
	for _, f := range files {
		dirs[dirOf(f.Path)] = true
	}
	for d := range dirs {
		Tidy(d)
	}
	tmps := make([]string, 0, len(files))
	defer func() {
		if err != nil {
			for _, t := range tmps {
				os.Remove(t)
				forget(t)
			}
		}
	}()
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		tmp, err := writeTemp(f)
		if tmp != "" {
			tmps = append(tmps, tmp)
		}
		if err != nil {
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
	}
	return commit(ctx, files, tmps)
}

// commit renames the temporary files over their targets. Between the
// check of ctx and the last rename it holds renaming, so that an exit
// forced by an interrupt (Abandon) waits for the set to be whole.
func commit(ctx context.Context, files []File, tmps []string) error {
	renaming.Lock()
	defer renaming.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	var journal string
	if len(files) > 1 {
		var err error
		if journal, err = writeJournal(files, tmps); err != nil {
			return err
		}
	}
	for i, f := range files {
		if err := os.Rename(tmps[i], f.Path); err != nil {
			// The files renamed so far are new, the rest old: finish what
			// can be finished rather than leave the journal to do it.
			err = fmt.Errorf("writing %s: %w", f.Path, err)
			for _, t := range tmps[i+1:] {
				os.Remove(t)
				forget(t)
			}
			if journal != "" {
				os.Remove(journal)
			}
			forget(tmps[i])
			os.Remove(tmps[i])
			return err
		}
		forget(tmps[i])
	}
	if journal != "" {
		os.Remove(journal)
	}
	return nil
}

// writeTemp writes f's data to a new temporary file beside f.Path, synced
// and with the permissions the target should have, and returns its name.
func writeTemp(f File) (string, error) {
	dir, base := dirOf(f.Path), filepath.Base(f.Path)
	if info, err := os.Stat(f.Path); err == nil && info.IsDir() {
		return "", fmt.Errorf("%s is a directory", f.Path)
	}
	tmp, err := os.CreateTemp(dir, tempPrefix(base)+"*"+tempSuffix)
	if err != nil {
		return "", err
	}
	remember(tmp.Name())
	if _, err := tmp.Write(f.Data); err != nil {
		tmp.Close()
		return tmp.Name(), err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return tmp.Name(), err
	}
	if err := tmp.Close(); err != nil {
		return tmp.Name(), err
	}
	// CreateTemp makes the file readable by its owner only; what the user
	// writes is meant to be shared like any file they write, and a file
	// that exists keeps the permissions its owner gave it.
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(f.Path); err == nil && info.Mode().IsRegular() {
		mode = info.Mode().Perm()
	}
	return tmp.Name(), os.Chmod(tmp.Name(), mode)
}

func dirOf(path string) string {
	dir := filepath.Dir(path)
	if dir == "" {
		return "."
	}
	return dir
}

// Temporary files are named ".BASE.PID-RANDOM.tmp" after the target and
// the process writing them, so that a later write can tell a leftover of
// a killed process from the work of one still running.
const tempSuffix = ".tmp"

func tempPrefix(base string) string {
	return "." + base + "." + strconv.Itoa(os.Getpid()) + "-"
}

// Journals are named ".ccsim-set.PID-RANDOM.journal": a line per file of
// a set, the temporary name and the target, separated by a tab.
const (
	journalPrefix = ".ccsim-set."
	journalSuffix = ".journal"
)

func writeJournal(files []File, tmps []string) (string, error) {
	var b strings.Builder
	for i, f := range files {
		abs, err := filepath.Abs(f.Path)
		if err != nil {
			return "", err
		}
		tabs, err := filepath.Abs(tmps[i])
		if err != nil {
			return "", err
		}
		if strings.ContainsAny(abs+tabs, "\t\n") {
			return "", fmt.Errorf("writing %s: a tab or line break in a file name", f.Path)
		}
		b.WriteString(tabs + "\t" + abs + "\n")
	}
	j, err := os.CreateTemp(dirOf(files[0].Path), journalPrefix+strconv.Itoa(os.Getpid())+"-*"+journalSuffix)
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", files[0].Path, err)
	}
	_, err = j.WriteString(b.String())
	if err == nil {
		err = j.Sync()
	}
	if cerr := j.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(j.Name())
		return "", fmt.Errorf("writing %s: %w", files[0].Path, err)
	}
	return j.Name(), nil
}

// staleAge is how old a temporary file without a process id (written by
// an earlier version) must be to count as a leftover.
const staleAge = time.Hour

// Tidy finishes what a killed process left in dir: the renames of a set
// that its journal lists (the temporary files were complete before the
// journal was written), then removes leftover temporary files. Files of a
// process still running are left alone. Errors are ignored: tidying is a
// courtesy, and the write that calls it reports its own.
func Tidy(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, journalPrefix) && strings.HasSuffix(name, journalSuffix) {
			pid, ok := pidIn(strings.TrimPrefix(name, journalPrefix))
			if ok && !alive(pid) {
				replay(filepath.Join(dir, name))
			}
		}
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, tempSuffix) || e.IsDir() {
			continue
		}
		path := filepath.Join(dir, name)
		if _, err := os.Lstat(path); err != nil {
			continue // renamed by a journal above
		}
		if stale(name, e) {
			os.Remove(path)
		}
	}
}

// stale reports whether a hidden ".tmp" file is a leftover of a write:
// ".BASE.PID-RANDOM.tmp" of a process that is gone, or ".BASE.RANDOM.tmp"
// (an earlier version's name) older than staleAge.
func stale(name string, e fs.DirEntry) bool {
	core := strings.TrimSuffix(name, tempSuffix)
	i := strings.LastIndexByte(core, '.')
	if i <= 0 {
		return false
	}
	last := core[i+1:]
	if pid, ok := pidIn(last); ok && strings.Contains(last, "-") {
		return !alive(pid)
	}
	if _, err := strconv.ParseUint(last, 10, 64); err != nil {
		return false // not a name this package gives
	}
	info, err := e.Info()
	return err == nil && time.Since(info.ModTime()) > staleAge
}

// pidIn reads the process id before the first '-' of s.
func pidIn(s string) (int, bool) {
	p, _, ok := strings.Cut(s, "-")
	if !ok {
		return 0, false
	}
	pid, err := strconv.Atoi(p)
	return pid, err == nil && pid > 0
}

// replay finishes the renames a journal lists, then removes it.
func replay(journal string) {
	data, err := os.ReadFile(journal)
	if err != nil {
		return
	}
	for line := range strings.SplitSeq(strings.TrimSuffix(string(data), "\n"), "\n") {
		tmp, target, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		if _, err := os.Lstat(tmp); err == nil {
			os.Rename(tmp, target)
		}
	}
	os.Remove(journal)
}

// The temporary files of this process not yet renamed or removed, and
// the lock a set holds while it renames.
var (
	pendingMu sync.Mutex
	pending   = map[string]bool{}
	renaming  sync.Mutex
)

func remember(tmp string) {
	pendingMu.Lock()
	pending[tmp] = true
	pendingMu.Unlock()
}

func forget(tmp string) {
	pendingMu.Lock()
	delete(pending, tmp)
	pendingMu.Unlock()
}

// Abandon is for a process about to exit before its writes finished (an
// interrupt that the running command did not answer in time): it waits
// for a set being renamed to be whole, stops any other from starting, and
// removes every temporary file not yet renamed. It does not return the
// lock: nothing may be written after it.
func Abandon() {
	renaming.Lock()
	pendingMu.Lock()
	defer pendingMu.Unlock()
	for t := range pending {
		os.Remove(t)
		delete(pending, t)
	}
}
