package main

import (
	"fmt"
	"time"
)

// progress prints what a long run is doing on stderr: on a terminal, one
// line rewritten in place; otherwise, a line per step once the run has
// lasted more than two seconds. It prints nothing for short runs.
type progress struct {
	e       *env
	quiet   bool
	start   time.Time
	last    time.Time
	showing bool // a line is on the terminal
}

func newProgress(e *env, quiet bool) *progress {
	return &progress{e: e, quiet: quiet, start: e.now()}
}

func (p *progress) say(msg string) {
	if p.quiet {
		return
	}
	now := p.e.now()
	if now.Sub(p.start) < 2*time.Second || now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last = now
	if p.e.interactive {
		fmt.Fprintf(p.e.stderr, "\r\033[K%s …", msg)
		p.showing = true
	} else {
		fmt.Fprintf(p.e.stderr, "%s …\n", msg)
	}
}

// done clears the progress line.
func (p *progress) done() {
	if p.showing {
		fmt.Fprint(p.e.stderr, "\r\033[K")
		p.showing = false
	}
}
