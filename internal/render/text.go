package render

import (
	"bufio"
	"errors"
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
	h      Header
	colour bool
	// plans holds the plans' blocks when the run has a baseline, whose
	// counts are said at the top; otherwise each block is written as its
	// plan comes, for the person watching.
	plans *spool
	// lines are the plans' lines of the portfolio section, written
	// after the plans when there is more than one.
	lines spool
}

func newTextWriter(w io.Writer, h Header, opts Options) *textWriter {
	t := &textWriter{w: bufio.NewWriter(w), h: h, colour: opts.Colour, lines: spool{limit: spoolLimit}}
	if h.Baseline != nil {
		t.plans = &spool{limit: spoolLimit}
	}
	return t
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
	var w strings.Builder
	fmt.Fprintf(&w, "%s  %s", t.paint(bold, safetext.Clean(p.File)), safetext.Clean(p.Name()))
	switch moved, fresh := planMatch(p); {
	case moved != "":
		fmt.Fprint(&w, t.paint(dim, "  (moved from "+safetext.Clean(moved)+")"))
	case fresh:
		fmt.Fprint(&w, t.paint(dim, "  (not in the baseline)"))
	}
	fmt.Fprintln(&w)
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
		switch word := markWord(r.Baseline); r.Baseline {
		case check.MarkNew:
			line += t.paint(red+";"+bold, "  ["+word+"]")
		case check.MarkFixed:
			line += t.paint(green, "  ["+word+"]")
		case check.MarkPersisting:
			line += t.paint(dim, "  ["+word+"]")
		}
		fmt.Fprintln(&w, line)
		for _, f := range inLineOrder(r.Findings) {
			msg := safetext.Clean(f.Message)
			if f.Level == check.Advice {
				msg = t.paint(yellow, "advice: ") + msg
			}
			fmt.Fprintf(&w, "      %s: %s\n", t.paint(dim, location(p.File, f)), msg)
		}
		if r.Status == check.Missed && r.Remediation != "" {
			fmt.Fprintf(&w, "      %s %s\n", t.paint(bold, "what to do:"), safetext.Clean(r.Remediation))
		}
	}
	fmt.Fprintf(&w, "  score: %d of %s met (%.1f%%)\n\n", p.Score.Met, Many(p.Score.Applicable, "applicable recommendation", "applicable recommendations"), float64(p.Score.Percent))
	if _, err := io.WriteString(&t.lines, portfolioLine(p)); err != nil {
		return err
	}
	if t.plans != nil {
		_, err := io.WriteString(t.plans, w.String())
		return err
	}
	if _, err := t.w.WriteString(w.String()); err != nil {
		return err
	}
	return t.w.Flush()
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

func (t *textWriter) Close() error {
	err := t.lines.Close()
	if t.plans != nil {
		err = errors.Join(err, t.plans.Close())
	}
	return err
}

// baselineHead says, before the plans, what the run found against its
// baseline: the counts, how plans were matched, the plans that are gone
// and the rules whose meaning changed between the catalogue versions.
func (t *textWriter) baselineHead(b *report.Baseline) string {
	var w strings.Builder
	counts := baselineCounts(b)
	if b.New > 0 {
		counts = t.paint(red+";"+bold, counts)
	}
	fmt.Fprintf(&w, "against the baseline %s (%s, catalogue %d): %s\n", safetext.Clean(b.File), b.Kind, b.CatalogueVersion, counts)
	fmt.Fprintf(&w, "  plans: %s\n", baselinePlans(b))
	for _, g := range b.Gone {
		code := ""
		if g.Code != "" {
			code = " (" + safetext.Clean(g.Code) + ")"
		}
		fmt.Fprintf(&w, "  gone: %s%s, which missed %s\n", safetext.Clean(g.File), code, idList(g.Missed))
	}
	if len(b.Changed) > 0 {
		fmt.Fprintf(&w, "  %s: these read plans differently, so their marks may be the catalogue's doing, not the plans':\n",
			t.paint(yellow, "changed between "+versionsWord(b, t.h.Catalogue.Version)))
		for _, c := range b.Changed {
			fmt.Fprintf(&w, "    %s (%s): %s\n", safetext.Clean(c.ID), c.Change, safetext.Clean(c.What))
		}
	}
	w.WriteString("\n")
	return w.String()
}

// idList lists ids, or says there are none.
func idList(ids []string) string {
	if len(ids) == 0 {
		return "nothing"
	}
	return safetext.Clean(strings.Join(ids, ", "))
}

func (t *textWriter) End(tail report.Tail) error {
	w := t.w
	if t.plans != nil {
		if tail.Baseline != nil {
			w.WriteString(t.baselineHead(tail.Baseline))
		}
		if err := w.Flush(); err != nil {
			return err
		}
		if err := t.plans.copyTo(w); err != nil {
			return err
		}
		if err := t.plans.Close(); err != nil {
			return err
		}
	}
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
	fmt.Fprintf(w, "%s checked, %d unreadable: %s. %s (%s)\n",
		Many(s.Plans, "plan", "plans"), s.Unreadable, Counts(s), verdict, gate(s))
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
