package bankdata

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestDirFromEnv(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "anonymous-bank-1999")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "january.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, env := range []string{root, data} {
		t.Setenv("CCSIM_DATA_DIR", env)
		if got, err := Dir(); err != nil || got != data {
			t.Errorf("CCSIM_DATA_DIR=%s: %q, %v", env, got, err)
		}
	}
	t.Setenv("CCSIM_DATA_DIR", t.TempDir())
	if _, err := Dir(); err == nil || errors.Is(err, ErrNotFound) {
		t.Errorf("an empty CCSIM_DATA_DIR gave %v, want an error that is not a skip", err)
	}
}

func TestDirWalksUp(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "shared", "data", "anonymous-bank-1999")
	deep := filepath.Join(root, "repo", "pkg")
	for _, d := range []string{data, deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(data, "january.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CCSIM_DATA_DIR", "")
	t.Chdir(deep)
	if got, err := Dir(); err != nil || got != data {
		t.Errorf("from %s: %q, %v", deep, got, err)
	}
	t.Chdir(t.TempDir())
	if _, err := Dir(); !errors.Is(err, ErrNotFound) {
		t.Errorf("without data: %v", err)
	}
}

func TestFiles(t *testing.T) {
	root := t.TempDir()
	for _, m := range Months {
		if err := os.WriteFile(filepath.Join(root, m+".txt"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("CCSIM_DATA_DIR", root)
	ran := false
	t.Run("files", func(t *testing.T) {
		got := Files(t, 4, 6) // skips under -short
		ran = true
		want := []string{filepath.Join(root, "may.txt"), filepath.Join(root, "june.txt"), filepath.Join(root, "july.txt")}
		if !slices.Equal(got, want) {
			t.Errorf("May-July: %q", got)
		}
	})
	if ran == testing.Short() {
		t.Errorf("ran %v under -short %v", ran, testing.Short())
	}
}
