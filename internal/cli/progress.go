package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// progress draws a bar on standard error while many plans are checked. It
// shows only on a terminal, for more than progressMin files, never in CI
// (CI set), never with --quiet, and not while a text report streams to the
// same terminal, so that logs and reports stay clean.
type progress struct {
	w       io.Writer
	on      bool
	shown   bool
	last    time.Time
	started time.Time
}

const progressMin = 200

func newProgress(stdio IO, cmd *cobra.Command, reportOnTerminal bool) *progress {
	quiet, _ := cmd.Flags().GetBool("quiet")
	on := !quiet && !reportOnTerminal && isTerminal(stdio.Err) && stdio.getenv("CI") == ""
	return &progress{w: stdio.Err, on: on, started: time.Now()}
}

func (p *progress) update(done, total int) {
	if !p.on || total <= progressMin {
		return
	}
	now := time.Now()
	if done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.shown = true
	const width = 30
	filled := width * done / total
	rate := float64(done) / now.Sub(p.started).Seconds()
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d plans, %.0f/s ", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total, rate)
}

// done clears the bar, so that what follows starts on a clean line.
func (p *progress) done() {
	if p.shown {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 70))
	}
}
