package plots

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ccsim/ccsim/internal/atomicfile"
)

// WriteFile writes data to path atomically: to a temporary file in the
// same directory, synced, then renamed over path. A reader sees the old
// file or the new one, never half of one, and a failure leaves no
// temporary file behind.
func WriteFile(path string, data []byte) error {
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}

// WriteCharts writes each chart into dir, creating dir if needed. Each
// file is written atomically; charts should be rendered in full before
// this is called, so that a failed rendering writes nothing.
func WriteCharts(dir string, charts []Chart) error {
	if err := CheckDir(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	for _, c := range charts {
		if c.File == "" || filepath.Base(c.File) != c.File {
			return fmt.Errorf("plots: chart file name %q must be a plain file name", c.File)
		}
		if err := WriteFile(filepath.Join(dir, c.File), c.PNG); err != nil {
			return err
		}
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
