package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
)

// Markdown, for a pull-request comment or a CI job summary: the totals,
// the run's selection and the files left out, then per plan whether the
// file follows the plan format, a table of the recommendations and the
// findings with file:line. Text from a plan is escaped: it cannot add
// links, images, mentions or HTML to the comment. plancheck's own markup
// (code between backticks) is rendered: see markupMarkdown.

type markdownWriter struct {
	w     io.Writer
	h     Header
	plans spool
	// rows are the plans' rows of the portfolio's table.
	rows spool
}

func newMarkdownWriter(w io.Writer, h Header) *markdownWriter {
	return &markdownWriter{w: w, h: h, plans: spool{limit: spoolLimit}, rows: spool{limit: spoolLimit}}
}

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "|", `\|`, "#", `\#`, "!", `\!`,
	// Escaped so that plan text neither links (https://, www.) nor
	// mentions people (@team) in a pull-request comment.
	"://", `\://`, "www.", `www\.`, "@", `\@`,
	"\r", " ", "\n", " ",
)

// md escapes text for a Markdown table cell or list item.
func md(s string) string { return markdownEscaper.Replace(safetext.Clean(s)) }

// mdCode shows a file name or an id as code; a backtick in it, which
// would end the code early, is shown as a quote.
func mdCode(s string) string { return "`" + strings.ReplaceAll(safetext.Clean(s), "`", "'") + "`" }

func statusBadge(r *check.Result) string {
	switch r.Status {
	case check.Met:
		if r.Advice() {
			return "✅ met, with advice"
		}
		return "✅ met"
	case check.Missed:
		if r.Severity == check.Should {
			return "❌ missed (should)"
		}
		return "❌ missed"
	case check.Waived:
		return "⏸️ waived"
	case check.Skipped:
		return "⏭️ skipped by configuration"
	}
	return "➖ not applicable"
}

func (m *markdownWriter) Plan(p *report.Plan) error {
	if _, err := io.WriteString(&m.rows, portfolioRow(p)); err != nil {
		return err
	}
	_, err := io.WriteString(&m.plans, markdownPlan(p))
	return err
}

// markdownPlan is one plan's section: its name, score, a table of its
// results and its findings.
func markdownPlan(p *report.Plan) string {
	var b strings.Builder
	name := p.Name()
	fmt.Fprintf(&b, "### %s\n\n", mdCode(p.File))
	if name != "" {
		fmt.Fprintf(&b, "%s\n\n", md(name))
	}
	switch moved, fresh := planMatch(p); {
	case moved != "":
		fmt.Fprintf(&b, "Moved from %s since the baseline.\n\n", mdCode(moved))
	case fresh:
		b.WriteString("Not in the baseline: its misses are new.\n\n")
	}
	var recs []*check.Result
	var notApplicable, skipped int
	for i := range p.Results {
		r := &p.Results[i]
		if r.Kind == check.Format {
			// The plan format's check is the file's validity, said
			// before the score it takes no part in.
			mark := "✅"
			if r.Status != check.Met {
				mark = "❌"
			}
			fmt.Fprintf(&b, "%s %s", mark, md(validity(r)))
			if r.Status == check.Missed && r.Remediation != "" {
				fmt.Fprintf(&b, " **What to do:** %s", markupMarkdown(r.Remediation, false))
			}
			b.WriteString("\n\n")
			continue
		}
		recs = append(recs, r)
		if r.Scored() {
			switch r.Status {
			case check.NotApplicable:
				notApplicable++
			case check.Skipped:
				skipped++
			}
		}
	}
	fmt.Fprintf(&b, "**%d of %d** applicable %s met (%.1f%%)", p.Score.Met, p.Score.Applicable, noun(p.Score.Applicable, "recommendation", "recommendations"), float64(p.Score.Percent))
	var aside []string
	if notApplicable > 0 {
		aside = append(aside, fmt.Sprintf("%d not applicable", notApplicable))
	}
	if skipped > 0 {
		aside = append(aside, fmt.Sprintf("%d skipped by configuration", skipped))
	}
	if len(aside) > 0 {
		b.WriteString("; " + strings.Join(aside, ", "))
	}
	b.WriteString(".\n\n")
	if len(recs) > 0 {
		b.WriteString("| status | recommendation | what to do |\n|---|---|---|\n")
	}
	for _, r := range recs {
		todo := ""
		switch {
		case r.Status == check.Missed:
			todo = markupMarkdown(r.Remediation, true)
		case r.Status == check.Waived && r.Waiver != nil:
			todo = fmt.Sprintf("waived until %s: %s (approved by %s)", md(r.Waiver.Expires), md(r.Waiver.Reason), md(r.Waiver.ApprovedBy))
		}
		badge := statusBadge(r)
		switch word := markWord(r.Baseline); r.Baseline {
		case check.MarkNew:
			badge += " · **" + word + "**"
		case check.MarkFixed, check.MarkPersisting:
			badge += " · " + word
		}
		fmt.Fprintf(&b, "| %s | %s %s | %s |\n", badge, strings.ReplaceAll(mdCode(r.ID), "|", `\|`), md(r.Title), todo)
	}
	var findings []string
	for i := range p.Results {
		r := &p.Results[i]
		if r.Status == check.NotApplicable {
			continue
		}
		for _, f := range inLineOrder(r.Findings) {
			level := "**miss**"
			if f.Level == check.Advice {
				level = "advice"
			}
			findings = append(findings, fmt.Sprintf("- %s %s %s: %s", mdCode(location(p.File, f)), level, mdCode(r.ID), markupMarkdown(f.Message, false)))
		}
	}
	if len(findings) > 0 {
		b.WriteString("\n<details><summary>Findings (" + fmt.Sprint(len(findings)) + ")</summary>\n\n")
		b.WriteString(strings.Join(findings, "\n"))
		b.WriteString("\n\n</details>\n")
	}
	b.WriteString("\n")
	return b.String()
}

// markdownVerdict is the report's heading and totals.
func markdownVerdict(s report.Summary) string {
	verdict := "✅ passed"
	if !s.Passed {
		verdict = "❌ failed"
	}
	return fmt.Sprintf("## plancheck: %s\n\n%s checked, %d unreadable: %s (%s).\n\n",
		verdict, Many(s.Plans, "plan", "plans"), s.Unreadable, Counts(s), gate(s))
}

// markdownBaseline says what the run found against its baseline: the
// counts, how plans were matched, the plans that are gone, and the rules
// whose meaning changed between the catalogue versions. It is empty when
// the run had no baseline.
func markdownBaseline(h Header, b *report.Baseline) string {
	if b == nil {
		return ""
	}
	var out strings.Builder
	counts := baselineCounts(b)
	if b.New > 0 {
		counts = "**" + counts + "**"
	}
	fmt.Fprintf(&out, "**Against the baseline** %s (%s, catalogue %d): %s. Plans: %s.\n\n", mdCode(b.File), b.Kind, b.CatalogueVersion, counts, baselinePlans(b))
	if len(b.Gone) > 0 {
		out.WriteString("**Gone since the baseline** (their misses are not counted as fixed):\n\n")
		for i, g := range b.Gone {
			if i == goneListed {
				fmt.Fprintf(&out, "- and %s\n", Many(len(b.Gone)-goneListed, "more plan", "more plans"))
				break
			}
			code := ""
			if g.Code != "" {
				code = " (" + md(g.Code) + ")"
			}
			missed := "nothing"
			if len(g.Missed) > 0 {
				missed = mdList(g.Missed)
			}
			fmt.Fprintf(&out, "- %s%s, which missed %s\n", mdCode(g.File), code, missed)
		}
		out.WriteString("\n")
	}
	if len(b.Changed) > 0 {
		fmt.Fprintf(&out, "**Changed between %s:** these recommendations read plans differently, so their marks may be the catalogue's doing, not the plans'.\n\n", versionsWord(b, h.Catalogue.Version))
		for _, c := range b.Changed {
			fmt.Fprintf(&out, "- %s (%s): %s\n", mdCode(c.ID), c.Change, markupMarkdown(c.What, false))
		}
		out.WriteString("\n")
	}
	return out.String()
}

// markdownSelection says which recommendations the run left out, and
// where that was set; it is empty when none were.
func markdownSelection(sel report.Selection) string {
	if len(sel.Only)+len(sel.Skip) == 0 {
		return ""
	}
	var parts []string
	if len(sel.Only) > 0 {
		parts = append(parts, "only "+mdList(sel.Only))
	}
	if len(sel.Skip) > 0 {
		parts = append(parts, "skip "+mdList(sel.Skip))
	}
	return fmt.Sprintf("**Selection** (set by %s): %s. The recommendations left out are listed as skipped by configuration and do not count in scores.\n\n", md(sel.Source), strings.Join(parts, "; "))
}

// Unreadable files are listed under this title, an item each.
const markdownUnreadableTitle = "**Could not be read:**\n\n"

func markdownUnreadable(e report.FileError) string {
	return "- " + mdCode(e.String()) + "\n"
}

// markdownHead is what the report says before its plans: the totals, the
// selection, the files skipped as not plans and those that could not be
// read.
func markdownHead(h Header, t report.Tail) string {
	var b strings.Builder
	b.WriteString(markdownVerdict(t.Summary))
	b.WriteString(markdownBaseline(h, t.Baseline))
	b.WriteString(markdownSelection(h.Selection))
	if len(t.SkippedFiles) > 0 {
		b.WriteString("**Skipped, not plans:**\n\n")
		for _, f := range t.SkippedFiles {
			fmt.Fprintf(&b, "- %s: %s\n", mdCode(f.File), md(f.Reason))
		}
		b.WriteString("\n")
	}
	if len(t.Errors) > 0 {
		b.WriteString(markdownUnreadableTitle)
		for _, e := range t.Errors {
			b.WriteString(markdownUnreadable(e))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func (m *markdownWriter) End(t report.Tail) error {
	if _, err := io.WriteString(m.w, markdownHead(m.h, t)); err != nil {
		return err
	}
	if t.Portfolio.Shown() {
		if err := writeMarkdownPortfolio(m.w, t.Portfolio, &m.rows); err != nil {
			return err
		}
	}
	if err := m.plans.copyTo(m.w); err != nil {
		return err
	}
	return m.Close()
}

// mdList shows ids as code, separated by commas.
func mdList(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = mdCode(id)
	}
	return strings.Join(out, ", ")
}

func (m *markdownWriter) Close() error {
	err := m.plans.Close()
	if rowsErr := m.rows.Close(); err == nil {
		err = rowsErr
	}
	return err
}
