package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// isTerminal reports whether w is a character device (a terminal), so
// that progress is drawn only for a person watching, never into a file or
// a CI log.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "[=====>     ]  45%" on one line of w once a run has
// lasted longer than delay; done erases it.
type progressBar struct {
	w     io.Writer
	start time.Time
	delay time.Duration
	mu    sync.Mutex
	shown bool
}

func newProgressBar(w io.Writer) *progressBar {
	return &progressBar{w: w, start: time.Now(), delay: time.Second}
}

func (p *progressBar) update(done float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.start) < p.delay {
		return
	}
	const width = 30
	n := int(done * width)
	n = max(0, min(width, n))
	bar := strings.Repeat("=", n)
	if n < width {
		bar += ">" + strings.Repeat(" ", width-n-1)
	}
	fmt.Fprintf(p.w, "\r[%s] %3.0f%%", bar, 100*done)
	p.shown = true
}

func (p *progressBar) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 40))
		p.shown = false
	}
}
