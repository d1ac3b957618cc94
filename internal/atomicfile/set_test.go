package atomicfile

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// checkedCtx answers each call of Err with check(): it lets a test make the
// context done at any point of a write, or change the folder at the moment
// WriteSet looks at its context.
type checkedCtx struct {
	context.Context
	check func() error
}

func (c *checkedCtx) Err() error { return c.check() }

// pendingCount is how many temporary files this process still remembers;
// a write that has returned must leave none, or Abandon would later remove
// a name that is no longer its own.
func pendingCount() int {
	pendingMu.Lock()
	defer pendingMu.Unlock()
	return len(pending)
}

func readAll(t *testing.T, paths ...string) []string {
	t.Helper()
	got := make([]string, len(paths))
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			got[i] = "<" + err.Error() + ">"
			continue
		}
		got[i] = string(b)
	}
	return got
}

// tempsIn counts the temporary files in dir.
func tempsIn(dir string) int {
	tmps, _ := filepath.Glob(filepath.Join(dir, ".*"+tempSuffix))
	return len(tmps)
}

// TestSetAllOrNothing makes the context done at different points of a
// set's write: done at any point before the renames, nothing is written;
// never done, everything is. Either way the folder is left with neither
// temporary files nor a journal.
func TestSetAllOrNothing(t *testing.T) {
	cases := []struct {
		name string
		done func(dir string) bool
		want error
	}{
		{"from the start", func(string) bool { return true }, context.Canceled},
		{"after the first file", func(dir string) bool { return tempsIn(dir) > 0 }, context.Canceled},
		// The last moment: every file is written and synced, none renamed.
		{"once every file is written", func(dir string) bool { return tempsIn(dir) == 3 }, context.Canceled},
		{"never", func(string) bool { return false }, nil},
	}
	for _, c := range cases {
		dir := t.TempDir()
		paths := []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"), filepath.Join(dir, "c.txt")}
		for _, p := range paths[:2] { // c.txt is new
			if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		done := false // once done, a context stays done
		ctx := &checkedCtx{Context: context.Background(), check: func() error {
			done = done || c.done(dir)
			if done {
				return context.Canceled
			}
			return nil
		}}
		err := WriteSet(ctx, File{paths[0], []byte("new a")}, File{paths[1], []byte("new b")}, File{paths[2], []byte("new c")})
		if !errors.Is(err, c.want) || (err == nil) != (c.want == nil) {
			t.Errorf("done %s: error %v, want %v", c.name, err, c.want)
		}
		want, wantNames := []string{"new a", "new b", "new c"}, []string{"a.txt", "b.txt", "c.txt"}
		if c.want != nil {
			want, wantNames = []string{"old", "old", "<open " + paths[2] + ": no such file or directory>"}, wantNames[:2]
		}
		if got := readAll(t, paths...); !slices.Equal(got, want) {
			t.Errorf("done %s: files hold %q, want %q", c.name, got, want)
		}
		if names := list(t, dir); !slices.Equal(names, wantNames) {
			t.Errorf("done %s: folder holds %v, want %v", c.name, names, wantNames)
		}
		if n := pendingCount(); n != 0 {
			t.Errorf("done %s: %d temporary files still remembered", c.name, n)
		}
	}
}

// TestSetRenameFails turns the middle target into a directory at the last
// moment, after its temporary file was written and before the renames: the
// error names that target, the file before it is new, the one after it
// keeps its old content, and no temporary file or journal is left.
func TestSetRenameFails(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"), filepath.Join(dir, "c.txt")
	for _, p := range []string{a, b, c} {
		if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sabotaged := false
	ctx := &checkedCtx{Context: context.Background(), check: func() error {
		// Only once all three temporary files exist has the set got past
		// the checks in writeTemp that would catch a directory early.
		if tempsIn(dir) == 3 && !sabotaged {
			sabotaged = true
			if err := os.Remove(b); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(b, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	}}
	err := WriteSet(ctx, File{a, []byte("new a")}, File{b, []byte("new b")}, File{c, []byte("new c")})
	if !sabotaged {
		t.Fatal("the set never had all its temporary files at once")
	}
	if err == nil || !strings.Contains(err.Error(), "writing "+b) {
		t.Fatalf("error %v, want one naming %s", err, b)
	}
	if got := readAll(t, a, c); !slices.Equal(got, []string{"new a", "old"}) {
		t.Errorf("a.txt and c.txt hold %q, want the renamed one new and the rest old", got)
	}
	if names := list(t, dir); !slices.Equal(names, []string{"a.txt", "b.txt", "c.txt"}) {
		t.Errorf("folder holds %v, want only the targets", names)
	}
	if n := pendingCount(); n != 0 {
		t.Errorf("%d temporary files still remembered", n)
	}
}

// TestJournal: the journal of a set lies beside its first file, carries this
// process's id in its name, and lists each temporary file and its target as
// absolute paths (so that a later process in another working directory can
// replay it); replaying it finishes the renames, and Tidy leaves it alone
// while the process that wrote it runs.
func TestJournal(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	files := []File{{"x.txt", []byte("new x")}, {"y.txt", []byte("new y")}}
	tmps := make([]string, len(files))
	for i, f := range files {
		if err := os.WriteFile(f.Path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		tmp, err := writeTemp(f)
		if err != nil {
			t.Fatal(err)
		}
		forget(tmp)
		tmps[i] = tmp
	}
	journal, err := writeJournal(files, tmps)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(journal)
	if prefix := journalPrefix + strconv.Itoa(os.Getpid()) + "-"; !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, journalSuffix) {
		t.Errorf("journal named %q, want %s...%s", name, prefix, journalSuffix)
	}
	if got, _ := filepath.Abs(filepath.Dir(journal)); got != dir {
		t.Errorf("journal in %s, want %s", got, dir)
	}
	data, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != len(files) || !strings.HasSuffix(string(data), "\n") {
		t.Fatalf("journal %q: want %d lines, each ended", data, len(files))
	}
	for i, line := range lines {
		tmp, target, ok := strings.Cut(line, "\t")
		if want := filepath.Join(dir, files[i].Path); !ok || target != want || tmp != filepath.Join(dir, filepath.Base(tmps[i])) {
			t.Errorf("journal line %d is %q, want %s<TAB>%s", i, line, filepath.Join(dir, filepath.Base(tmps[i])), want)
		}
	}

	// This process is alive: its journal and temporary files are work in
	// progress, not leftovers.
	Tidy(dir)
	if got := readAll(t, "x.txt", "y.txt"); !slices.Equal(got, []string{"old", "old"}) {
		t.Errorf("Tidy replayed a live process's journal: files hold %q", got)
	}
	if n := len(list(t, dir)); n != 5 {
		t.Errorf("Tidy changed a live process's files: %v", list(t, dir))
	}

	// Replayed from elsewhere, as a later process would, the journal
	// finishes the set and goes.
	t.Chdir(t.TempDir())
	replay(filepath.Join(dir, name))
	if got := readAll(t, filepath.Join(dir, "x.txt"), filepath.Join(dir, "y.txt")); !slices.Equal(got, []string{"new x", "new y"}) {
		t.Errorf("after replay files hold %q", got)
	}
	if names := list(t, dir); !slices.Equal(names, []string{"x.txt", "y.txt"}) {
		t.Errorf("after replay folder holds %v", names)
	}
}

// TestJournalRefusesNames: a journal is one line per file with a tab
// between its names, so a set whose names hold a tab or line break cannot
// be journalled; the set is refused whole, naming the file, and leaves
// nothing. A single file needs no journal and is written.
func TestJournalRefusesNames(t *testing.T) {
	for _, bad := range []string{"a\tb.txt", "a\nb.txt"} {
		dir := t.TempDir()
		ok, path := filepath.Join(dir, "ok.txt"), filepath.Join(dir, bad)
		err := WriteSet(context.Background(), File{ok, []byte("ok")}, File{path, []byte("bad")})
		if err == nil || !strings.Contains(err.Error(), "tab or line break") || !strings.Contains(err.Error(), path) {
			t.Errorf("%q: error %v, want one naming the file and the tab or line break", bad, err)
		}
		if names := list(t, dir); len(names) != 0 {
			t.Errorf("%q: refused set left %q", bad, names)
		}
		if err := Write(context.Background(), path, []byte("alone")); err != nil {
			t.Errorf("%q: a single file: %v", bad, err)
		} else if got := readAll(t, path); got[0] != "alone" {
			t.Errorf("%q: a single file holds %q", bad, got[0])
		}
	}
	if n := pendingCount(); n != 0 {
		t.Errorf("%d temporary files still remembered", n)
	}
}

// TestJournalMissingFolder: a journal that cannot be created is an error
// naming the set's first file, the one it would lie beside.
func TestJournalMissingFolder(t *testing.T) {
	first := filepath.Join(t.TempDir(), "gone", "a.txt")
	_, err := writeJournal([]File{{Path: first}, {Path: first + "2"}}, []string{first + ".tmp", first + "2.tmp"})
	if err == nil || !strings.Contains(err.Error(), "writing "+first) || !errors.Is(err, syscall.ENOENT) {
		t.Errorf("error %v, want one naming %s and the missing folder", err, first)
	}
}

// TestTidyNames: which hidden ".tmp" and journal names Tidy takes for
// leftovers. An earlier version named temporary files ".BASE.RANDOM.tmp"
// without a process id, so those go only once older than staleAge; a name
// this package never gives is a user's file and stays whatever its age.
func TestTidyNames(t *testing.T) {
	dead := strconv.Itoa(deadPID(t))
	old := time.Now().Add(-2 * staleAge)
	cases := []struct {
		name string
		mod  time.Time
		keep bool
	}{
		{".a.png.123456789.tmp", old, false},             // an earlier version's leftover
		{".b.png.123456789.tmp", time.Now(), true},       // may be an earlier version still writing
		{".c.png.random.tmp", old, true},                 // not a name this package gives
		{".d.tmp", old, true},                            // no base and no id
		{".tmp", old, true},                              // nothing but the suffix
		{".e.png." + dead + "-1.tmp", time.Now(), false}, // its process is gone, whatever its age
		{".e.png.0-1.tmp", old, true},                    // no process has id 0
		{journalPrefix + "nopid" + journalSuffix, old, true},
		{journalPrefix + "x-1" + journalSuffix, old, true},
	}
	dir := t.TempDir()
	for _, c := range cases {
		p := filepath.Join(dir, c.name)
		if err := os.WriteFile(p, []byte(c.name), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, c.mod, c.mod); err != nil {
			t.Fatal(err)
		}
	}
	// A directory with a temporary file's name is never removed.
	if err := os.Mkdir(filepath.Join(dir, ".f.png."+dead+"-2.tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	Tidy(dir)
	names := list(t, dir)
	if !slices.Contains(names, ".f.png."+dead+"-2.tmp") {
		t.Error("Tidy removed a directory")
	}
	for _, c := range cases {
		if got := slices.Contains(names, c.name); got != c.keep {
			t.Errorf("%q kept %v, want %v", c.name, got, c.keep)
		}
	}
	// A folder that cannot be read is no error: tidying is a courtesy.
	Tidy(filepath.Join(dir, "missing"))
}
