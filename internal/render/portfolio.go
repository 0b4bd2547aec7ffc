package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
)

// The portfolio: when a run reads more than one plan, every report but
// JUnit's shows them side by side (report.Portfolio, which the caller
// builds and hands over in report.Tail): the recommendations most often
// missed with the findings their plans share, each rule's count of plans
// met and missed, and a row per plan. Text and Markdown list the rows in
// file order, as their plans follow; the HTML matrix groups them by
// organisation type. JUnit has no place for it: junit-10.xsd allows
// properties and output only on a testsuite, where a suite of no tests
// would stand among the plans' suites as one more plan, and CI systems
// show testcases, which are already the matrix's cells.

// KeepsPortfolioRows tells whether a format draws the portfolio's matrix,
// for which the caller must keep every plan's row (report.NewPortfolio
// with keepRows); the others need only its counts.
func KeepsPortfolioRows(f Format) bool { return f == HTML || f == Portfolio }

// ofPlans says "3 of 8 plans".
func ofPlans(n, of int) string {
	if of == 1 {
		return fmt.Sprintf("%d of 1 plan", n)
	}
	return fmt.Sprintf("%d of %d plans", n, of)
}

// percentOf is n of all as a percentage with one decimal, as scores are
// written.
func percentOf(n, all int) string {
	if all == 0 {
		return "0.0"
	}
	return fmt.Sprintf("%.1f", float64(int(float64(n)*1000/float64(all)+0.5))/10)
}

// portfolioLine is a plan's line in the text portfolio: its file, whose
// plan it is, its score and the rules it missed and had waived.
func portfolioLine(p *report.Plan) string {
	var missed, waived []string
	for i := range p.Results {
		switch r := &p.Results[i]; r.Status {
		case check.Missed:
			missed = append(missed, safetext.Clean(r.ID))
		case check.Waived:
			waived = append(waived, safetext.Clean(r.ID))
		}
	}
	var b strings.Builder
	b.WriteString("    " + safetext.Clean(p.File))
	if who := organisationLabel(p.Organisation); who != "" {
		b.WriteString("  " + safetext.Clean(who))
	}
	fmt.Fprintf(&b, "  %d of %d (%.1f%%)", p.Score.Met, p.Score.Applicable, float64(p.Score.Percent))
	if len(missed) == 0 {
		b.WriteString("  missed none")
	} else {
		b.WriteString("  missed " + strings.Join(missed, ", "))
	}
	if len(waived) > 0 {
		b.WriteString("; waived " + strings.Join(waived, ", "))
	}
	b.WriteString("\n")
	return b.String()
}

// organisationLabel names an organisation with its type: "Harbour
// Primary Care Network (pcn)".
func organisationLabel(o report.Organisation) string {
	switch {
	case o.Name != "" && o.Type != "":
		return o.Name + " (" + o.Type + ")"
	case o.Name != "":
		return o.Name
	case o.Type != "":
		return "(" + o.Type + ")"
	}
	return ""
}

// writeTextPortfolio writes the text report's portfolio section: the
// rules most often missed, each rule's counts, then the plans' lines
// (spooled as the plans came).
func (t *textWriter) writeTextPortfolio(p *report.Portfolio) error {
	w := t.w
	fmt.Fprintf(w, "%s\n", t.paint(bold, fmt.Sprintf("portfolio: %d plans side by side", p.Plans)))
	most := p.MostMissed()
	if len(most) == 0 {
		fmt.Fprintln(w, "  no recommendation is missed by any plan")
	} else {
		fmt.Fprintln(w, "  most often missed:")
	}
	for _, r := range most {
		line := fmt.Sprintf("    %s  %s  %s", t.paint(red, ofPlans(r.Missed, p.Plans)), safetext.Clean(r.ID), safetext.Clean(r.Title))
		if r.Severity == check.Should {
			line += t.paint(dim, " (should)")
		}
		fmt.Fprintln(w, line)
		for _, s := range r.Shared {
			fmt.Fprintf(w, "        %s: %s\n", ofPlans(s.Plans, p.Plans), safetext.Clean(s.Message))
		}
	}
	width := 0
	skipped := false
	for _, r := range p.Rules {
		width = max(width, len(safetext.Clean(r.ID)))
		skipped = skipped || r.Skipped > 0
	}
	header := fmt.Sprintf("  %-*s  %6s  %6s  %6s  %6s", width+2, "plans by recommendation:", "met", "missed", "waived", "n/a")
	if skipped {
		header += fmt.Sprintf("  %7s", "skipped")
	}
	fmt.Fprintln(w, header)
	for _, r := range p.Rules {
		line := fmt.Sprintf("    %-*s  %6d  %6d  %6d  %6d", width, safetext.Clean(r.ID), r.Met, r.Missed, r.Waived, r.NotApplicable)
		if skipped {
			line += fmt.Sprintf("  %7d", r.Skipped)
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, "  plans: score and what they missed")
	if err := t.lines.copyTo(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return nil
}

// markdownRuleTableHeader heads the Markdown portfolio's table of rules.
func markdownRuleTableHeader(skipped bool) string {
	if skipped {
		return "| recommendation | plans met | missed | waived | not applicable | skipped |\n|---|---|---|---|---|---|\n"
	}
	return "| recommendation | plans met | missed | waived | not applicable |\n|---|---|---|---|---|\n"
}

// markdownPortfolio is the Markdown portfolio section up to its table of
// plans: the heading, the rules most often missed with their shared
// findings, and each rule's counts of plans. The job summary keeps it
// whole when it cuts the plans' details: it grows with the catalogue,
// not with the run.
func markdownPortfolio(p *report.Portfolio) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Portfolio: %d plans side by side\n\n", p.Plans)
	most := p.MostMissed()
	if len(most) == 0 {
		b.WriteString("No recommendation is missed by any plan.\n\n")
	} else {
		b.WriteString("**Most often missed:**\n\n")
	}
	for i, r := range most {
		sev := ""
		if r.Severity == check.Should {
			sev = " (should)"
		}
		fmt.Fprintf(&b, "%d. %s %s%s: missed by **%s** (%s%%)\n", i+1, mdCode(r.ID), md(r.Title), sev, ofPlans(r.Missed, p.Plans), percentOf(r.Missed, p.Plans))
		for _, s := range r.Shared {
			fmt.Fprintf(&b, "   - %s: %s\n", ofPlans(s.Plans, p.Plans), markupMarkdown(s.Message, false))
		}
	}
	if len(most) > 0 {
		b.WriteString("\n")
	}
	skipped := false
	for _, r := range p.Rules {
		skipped = skipped || r.Skipped > 0
	}
	b.WriteString(markdownRuleTableHeader(skipped))
	for _, r := range p.Rules {
		id := strings.ReplaceAll(mdCode(r.ID), "|", `\|`)
		fmt.Fprintf(&b, "| %s %s | %d | %d | %d | %d |", id, md(r.Title), r.Met, r.Missed, r.Waived, r.NotApplicable)
		if skipped {
			fmt.Fprintf(&b, " %d |", r.Skipped)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	return b.String()
}

// writeMarkdownPortfolio writes the whole Markdown portfolio section:
// markdownPortfolio, then the table of plans from the rows spooled.
func writeMarkdownPortfolio(w io.Writer, p *report.Portfolio, rows *spool) error {
	if _, err := io.WriteString(w, markdownPortfolio(p)+portfolioHeader); err != nil {
		return err
	}
	if err := rows.copyTo(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
