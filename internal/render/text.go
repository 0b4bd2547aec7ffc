package render

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
)

// textWriter writes the planner's view: a block per plan with a line per
// recommendation, the findings as file:line:col, what to do about a miss,
// and a summary line.
type textWriter struct {
	w      *bufio.Writer
	colour bool
	// lines are the plans' lines of the portfolio section, written
	// after the plans when there is more than one.
	lines spool
}

func newTextWriter(w io.Writer, _ Header, opts Options) *textWriter {
	return &textWriter{w: bufio.NewWriter(w), colour: opts.Colour, lines: spool{limit: spoolLimit}}
}

const (
	green  = "32"
	red    = "31"
	yellow = "33"
	cyan   = "36"
	dim    = "2"
	bold   = "1"
)

func (t *textWriter) paint(code, s string) string {
	if !t.colour {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// mark is a result's status at a glance.
func (t *textWriter) mark(r *check.Result) string {
	switch r.Status {
	case check.Met:
		if r.Advice() {
			return t.paint(yellow, "✓")
		}
		return t.paint(green, "✓")
	case check.Missed:
		return t.paint(red, "✗")
	case check.Waived:
		return t.paint(cyan, "~")
	case check.Skipped:
		return t.paint(dim, "·")
	}
	return t.paint(dim, "-")
}

func (t *textWriter) Plan(p *report.Plan) error {
	w := t.w
	fmt.Fprintf(w, "%s  %s\n", t.paint(bold, safetext.Clean(p.File)), safetext.Clean(p.Name()))
	width := 0
	for _, r := range p.Results {
		width = max(width, len(r.ID))
	}
	for i := range p.Results {
		r := &p.Results[i]
		line := fmt.Sprintf("  %s %-*s  %s", t.mark(r), width, safetext.Clean(r.ID), safetext.Clean(r.Title))
		switch {
		case r.Status == check.Missed:
			line += t.paint(red, "  missed")
			if r.Severity == check.Should {
				line += t.paint(dim, " (should)")
			}
		case r.Status == check.Waived && r.Waiver != nil:
			line += t.paint(cyan, fmt.Sprintf("  waived until %s: %s (approved by %s)", safetext.Clean(r.Waiver.Expires), safetext.Clean(r.Waiver.Reason), safetext.Clean(r.Waiver.ApprovedBy)))
		case r.Status == check.NotApplicable:
			line += t.paint(dim, "  not applicable")
		case r.Status == check.Skipped:
			line += t.paint(dim, "  skipped by configuration")
		case r.Advice():
			line += t.paint(yellow, "  met, with advice")
		}
		fmt.Fprintln(w, line)
		for _, f := range inLineOrder(r.Findings) {
			msg := safetext.Clean(f.Message)
			if f.Level == check.Advice {
				msg = t.paint(yellow, "advice: ") + msg
			}
			fmt.Fprintf(w, "      %s: %s\n", t.paint(dim, location(p.File, f)), msg)
		}
		if r.Status == check.Missed && r.Remediation != "" {
			fmt.Fprintf(w, "      %s %s\n", t.paint(bold, "what to do:"), safetext.Clean(r.Remediation))
		}
	}
	fmt.Fprintf(w, "  score: %d of %d applicable recommendations met (%.1f%%)\n\n", p.Score.Met, p.Score.Applicable, float64(p.Score.Percent))
	if _, err := io.WriteString(&t.lines, portfolioLine(p)); err != nil {
		return err
	}
	return w.Flush()
}

// inLineOrder lists a result's findings in the order of their places in
// the file, as a planner reads it; findings without a place come first, in
// the report's order.
func inLineOrder(fs []check.Finding) []check.Finding {
	out := append([]check.Finding(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Column < out[j].Column
	})
	return out
}

func location(file string, f check.Finding) string {
	if f.Line == 0 {
		return safetext.Clean(file)
	}
	return fmt.Sprintf("%s:%d:%d", safetext.Clean(file), f.Line, f.Column)
}

func (t *textWriter) Close() error { return t.lines.Close() }

func (t *textWriter) End(tail report.Tail) error {
	w := t.w
	errs, s := tail.Errors, tail.Summary
	if tail.Portfolio.Shown() {
		if err := t.writeTextPortfolio(tail.Portfolio); err != nil {
			return err
		}
	}
	for _, f := range tail.SkippedFiles {
		fmt.Fprintf(w, "%s  %s\n", t.paint(dim, "skipped"), safetext.Clean(f.File+": "+f.Reason))
	}
	if len(tail.SkippedFiles) > 0 {
		fmt.Fprintln(w)
	}
	if len(errs) > 0 {
		fmt.Fprintln(w, t.paint(red+";"+bold, "could not be read:"))
		for _, e := range errs {
			fmt.Fprintf(w, "  %s\n", safetext.Clean(e.String()))
		}
		fmt.Fprintln(w)
	}
	verdict := t.paint(green+";"+bold, "passed")
	if !s.Passed {
		verdict = t.paint(red+";"+bold, "failed")
	}
	plans := "plans"
	if s.Plans == 1 {
		plans = "plan"
	}
	fmt.Fprintf(w, "%d %s checked, %d unreadable: %s. %s (fail-on %s)\n",
		s.Plans, plans, s.Unreadable, Counts(s), verdict, s.FailOn)
	if err := w.Flush(); err != nil {
		return err
	}
	return t.lines.Close()
}

// Counts says a run's totals of results in words, leaving out the
// statuses no result has but met and missed.
func Counts(s report.Summary) string {
	parts := []string{fmt.Sprintf("%d met", s.Met), fmt.Sprintf("%d missed", s.Missed)}
	for _, c := range []struct {
		n    int
		name string
	}{{s.Waived, "waived"}, {s.NotApplicable, "not applicable"}, {s.Skipped, "skipped"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.name))
		}
	}
	return strings.Join(parts, ", ")
}
