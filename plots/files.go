package plots

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ccsim/ccsim/internal/atomicfile"
)

// WriteFile writes data to path atomically: to a temporary file in the
// same directory, synced, then renamed over path. A reader sees the old
// file or the new one, never half of one, and a failure, or ctx done
// before the rename, leaves no temporary file behind.
func WriteFile(ctx context.Context, path string, data []byte) error {
	if err := atomicfile.Write(ctx, path, data); err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}

// WriteCharts writes the charts into dir, creating dir if needed, as one
// set: every file is written in full before any is renamed into place, so
// that dir holds the old charts or the new ones, never a mix (see package
// atomicfile), and ctx done before then writes nothing. Charts should be
// rendered in full before this is called.
func WriteCharts(ctx context.Context, dir string, charts []Chart) error {
	if err := CheckDir(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	files := make([]atomicfile.File, len(charts))
	for i, c := range charts {
		if c.File == "" || filepath.Base(c.File) != c.File {
			return fmt.Errorf("plots: chart file name %q must be a plain file name", c.File)
		}
		files[i] = atomicfile.File{Path: filepath.Join(dir, c.File), Data: c.PNG}
	}
	if err := atomicfile.WriteSet(ctx, files...); err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}

// CheckDir reports whether dir can hold charts: it must be a directory or
// not exist yet (WriteCharts creates it). Commands call it before a long
// simulation so that a mistyped path fails at once.
func CheckDir(dir string) error {
	if dir == "" {
		return errors.New("plots: empty directory name")
	}
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("plots: %w", err)
	case !info.IsDir():
		return fmt.Errorf("plots: %s is not a directory", dir)
	}
	return nil
}
