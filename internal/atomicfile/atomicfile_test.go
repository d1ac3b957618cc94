package atomicfile

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

func TestWrite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	for _, content := range []string{"first", "second, longer"} {
		if err := Write(ctx, path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("read %q, %v; want %q", got, err, content)
		}
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	// A file that exists keeps its permissions.
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := Write(ctx, path, []byte("third")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v after rewriting a 0640 file", st.Mode().Perm())
	}
	// Renaming over a directory fails: the error names the path and no
	// temporary file is left.
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(ctx, sub, []byte("x")); err == nil {
		t.Fatal("writing over a directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left behind: %v", entries)
	}
	if err := Write(ctx, filepath.Join(dir, "missing", "f"), nil); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

// TestInterrupted: a write whose context is done writes nothing and
// leaves nothing.
func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := WriteSet(ctx, File{path, []byte("new")}, File{filepath.Join(dir, "b.txt"), []byte("new")})
	if err != context.Canceled {
		t.Errorf("error %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("content %q", got)
	}
	if names := list(t, dir); !slices.Equal(names, []string{"out.txt"}) {
		t.Errorf("folder holds %v", names)
	}
}

// deadPID is the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	c := exec.Command("true")
	if err := c.Run(); err != nil {
		t.Skip("cannot start a process:", err)
	}
	return c.Process.Pid
}

// TestTidy: the next write into a folder removes the temporary files of a
// killed process, keeps those of a running one, and finishes the renames
// of a set that a killed process journalled.
func TestTidy(t *testing.T) {
	dir := t.TempDir()
	dead := strconv.Itoa(deadPID(t))
	mine := strconv.Itoa(os.Getpid())
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.png", "old a")
	write("b.png", "old b")
	write(".a.png."+dead+"-1.tmp", "new a")
	write(".b.png."+dead+"-2.tmp", "new b")
	write(".c.png."+dead+"-3.tmp", "half of c")
	write(".d.png."+mine+"-4.tmp", "a write in progress")
	write(".notes.tmp", "a user's file")
	journal := filepath.Join(dir, ".a.png."+dead+"-1.tmp") + "\t" + filepath.Join(dir, "a.png") + "\n" +
		filepath.Join(dir, ".b.png."+dead+"-2.tmp") + "\t" + filepath.Join(dir, "b.png") + "\n"
	write(journalPrefix+dead+"-5"+journalSuffix, journal)
	if err := Write(context.Background(), filepath.Join(dir, "other.txt"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	want := []string{".d.png." + mine + "-4.tmp", ".notes.tmp", "a.png", "b.png", "other.txt"}
	if names := list(t, dir); !slices.Equal(names, want) {
		t.Errorf("folder holds %v, want %v", names, want)
	}
	for name, content := range map[string]string{"a.png": "new a", "b.png": "new b"} {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != content {
			t.Errorf("%s holds %q, want %q", name, got, content)
		}
	}
}

// TestAbandon removes the temporary files not yet renamed.
func TestAbandon(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, ".x."+strconv.Itoa(os.Getpid())+"-1.tmp")
	if err := os.WriteFile(tmp, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	remember(tmp)
	Abandon()
	defer renaming.Unlock()
	if names := list(t, dir); len(names) != 0 {
		t.Errorf("left %v", names)
	}
}

func list(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
