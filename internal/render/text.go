package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/plancheck/plancheck/internal/catalogue"
	"github.com/plancheck/plancheck/internal/report"
)

// textWriter writes the planner's view: a block per plan with a line per
// recommendation, the findings as file:line:col, what to do about a miss,
// and a summary line.
type textWriter struct {
	w      *bufio.Writer
	colour bool
}

func newTextWriter(w io.Writer, _ Header, opts Options) *textWriter {
	return &textWriter{w: bufio.NewWriter(w), colour: opts.Colour}
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
func (t *textWriter) mark(r *report.Result) string {
	switch r.Status {
	case report.Met:
		if r.Advice() {
			return t.paint(yellow, "✓")
		}
		return t.paint(green, "✓")
	case report.Missed:
		return t.paint(red, "✗")
	case report.Waived:
		return t.paint(cyan, "~")
	}
	return t.paint(dim, "-")
}

func (t *textWriter) Plan(p *report.Plan) error {
	w := t.w
	name := p.Organisation
	if p.Title != "" {
		if name != "" {
			name += ": "
		}
		name += p.Title
	}
	fmt.Fprintf(w, "%s  %s\n", t.paint(bold, Clean(p.File)), Clean(name))
	width := 0
	for _, r := range p.Results {
		width = max(width, len(r.ID))
	}
	for i := range p.Results {
		r := &p.Results[i]
		line := fmt.Sprintf("  %s %-*s  %s", t.mark(r), width, Clean(r.ID), Clean(r.Title))
		switch {
		case r.Status == report.Missed:
			line += t.paint(red, "  missed")
			if r.Severity == catalogue.Should {
				line += t.paint(dim, " (should)")
			}
		case r.Status == report.Waived && r.Waiver != nil:
			line += t.paint(cyan, fmt.Sprintf("  waived until %s: %s (approved by %s)", Clean(r.Waiver.Expires), Clean(r.Waiver.Reason), Clean(r.Waiver.ApprovedBy)))
		case r.Status == report.NotApplicable:
			line += t.paint(dim, "  not applicable")
		case r.Advice():
			line += t.paint(yellow, "  met, with advice")
		}
		fmt.Fprintln(w, line)
		for _, f := range mustFirst(r.Findings) {
			msg := Clean(f.Message)
			if f.Level == catalogue.Should {
				msg = t.paint(yellow, "advice: ") + msg
			}
			fmt.Fprintf(w, "      %s: %s\n", t.paint(dim, location(p.File, f)), msg)
		}
		if r.Status == report.Missed && r.Remediation != "" {
			fmt.Fprintf(w, "      %s %s\n", t.paint(bold, "what to do:"), Clean(r.Remediation))
		}
	}
	fmt.Fprintf(w, "  score: %d of %d applicable recommendations met (%.1f%%)\n\n", p.Score.Met, p.Score.Applicable, float64(p.Score.Percent))
	return w.Flush()
}

// mustFirst lists a result's must findings before its advice, each group
// in the report's order.
func mustFirst(fs []report.Finding) []report.Finding {
	out := make([]report.Finding, 0, len(fs))
	for _, level := range []catalogue.Severity{catalogue.Must, catalogue.Should} {
		for _, f := range fs {
			if f.Level == level {
				out = append(out, f)
			}
		}
	}
	return out
}

func location(file string, f report.Finding) string {
	if f.Line == 0 {
		return Clean(file)
	}
	return fmt.Sprintf("%s:%d:%d", Clean(file), f.Line, f.Column)
}

func (t *textWriter) Close() error { return nil }

func (t *textWriter) End(errs []report.FileError, s report.Summary) error {
	w := t.w
	if len(errs) > 0 {
		fmt.Fprintln(w, t.paint(red+";"+bold, "could not be read:"))
		for _, e := range errs {
			fmt.Fprintf(w, "  %s\n", Clean(e.String()))
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
	fmt.Fprintf(w, "%d %s checked, %d unreadable: %d met, %d missed, %d waived, %d not applicable. %s (fail-on %s)\n",
		s.Plans, plans, s.Unreadable, s.Met, s.Missed, s.Waived, s.NotApplicable, verdict, s.FailOn)
	return w.Flush()
}

// Clean makes text from a plan safe to print on a terminal: control
// characters (escape sequences among them) are shown escaped, never sent.
func Clean(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
