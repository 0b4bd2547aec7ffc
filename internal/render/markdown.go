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
// then per plan a table of the recommendations and the findings with
// file:line. Text from a plan is escaped: it cannot add links, images or
// HTML to the comment.

type markdownWriter struct {
	w     io.Writer
	plans spool
}

func newMarkdownWriter(w io.Writer) *markdownWriter {
	return &markdownWriter{w: w, plans: spool{limit: spoolLimit}}
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
	var b strings.Builder
	name := p.Name()
	fmt.Fprintf(&b, "### `%s`\n\n", strings.ReplaceAll(safetext.Clean(p.File), "`", "'"))
	if name != "" {
		fmt.Fprintf(&b, "%s\n\n", md(name))
	}
	fmt.Fprintf(&b, "**%d of %d** applicable %s met (%.1f%%).\n\n", p.Score.Met, p.Score.Applicable, noun(p.Score.Applicable, "recommendation", "recommendations"), float64(p.Score.Percent))
	b.WriteString("| status | recommendation | what to do |\n|---|---|---|\n")
	for i := range p.Results {
		r := &p.Results[i]
		todo := ""
		switch {
		case r.Status == check.Missed:
			todo = md(r.Remediation)
		case r.Status == check.Waived && r.Waiver != nil:
			todo = fmt.Sprintf("waived until %s: %s (approved by %s)", md(r.Waiver.Expires), md(r.Waiver.Reason), md(r.Waiver.ApprovedBy))
		}
		fmt.Fprintf(&b, "| %s | `%s` %s | %s |\n", statusBadge(r), r.ID, md(r.Title), todo)
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
			findings = append(findings, fmt.Sprintf("- `%s` %s `%s`: %s", strings.ReplaceAll(location(p.File, f), "`", "'"), level, r.ID, md(f.Message)))
		}
	}
	if len(findings) > 0 {
		b.WriteString("\n<details><summary>Findings (" + fmt.Sprint(len(findings)) + ")</summary>\n\n")
		b.WriteString(strings.Join(findings, "\n"))
		b.WriteString("\n\n</details>\n")
	}
	b.WriteString("\n")
	_, err := m.plans.Write([]byte(b.String()))
	return err
}

func (m *markdownWriter) End(t report.Tail) error {
	errs, s := t.Errors, t.Summary
	verdict := "✅ passed"
	if !s.Passed {
		verdict = "❌ failed"
	}
	head := fmt.Sprintf("## plancheck: %s\n\n%s checked, %d unreadable: %d met, %d missed, %d waived, %d not applicable (fail-on %s).\n\n",
		verdict, Many(s.Plans, "plan", "plans"), s.Unreadable, s.Met, s.Missed, s.Waived, s.NotApplicable, s.FailOn)
	if len(errs) > 0 {
		var b strings.Builder
		b.WriteString("**Could not be read:**\n\n")
		for _, e := range errs {
			fmt.Fprintf(&b, "- `%s`\n", strings.ReplaceAll(safetext.Clean(e.String()), "`", "'"))
		}
		head += b.String() + "\n"
	}
	if _, err := io.WriteString(m.w, head); err != nil {
		return err
	}
	if err := m.plans.copyTo(m.w); err != nil {
		return err
	}
	return m.plans.Close()
}

func (m *markdownWriter) Close() error { return m.plans.Close() }
