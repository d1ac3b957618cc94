package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressBar draws "[=====>     ]  45%" on one line of w once a run has
// lasted longer than delay; done erases it. A nil bar draws nothing.
type progressBar struct {
	w     io.Writer
	start time.Time
	delay time.Duration
	mu    sync.Mutex
	shown bool
}

// startProgress returns a bar on the error stream and sets report to
// its update, when a person watches; nil otherwise.
func startProgress(s *streams, report *func(done float64)) *progressBar {
	if !s.progress {
		return nil
	}
	p := &progressBar{w: s.err, start: time.Now(), delay: time.Second}
	*report = p.update
	return p
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
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 40))
		p.shown = false
	}
}
