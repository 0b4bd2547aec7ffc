package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/compare"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
)

// DiffFormats are the formats plancheck diff writes: text for a terminal,
// Markdown for a pull-request comment, JSON for tools.
var DiffFormats = []Format{Text, Markdown, JSON}

// Diff writes the comparison of two runs. Text and Markdown say the
// counts first ("2 new misses, 3 fixed"), then, plan by plan, the new
// misses with their findings, the fixed results, and the persisting ones
// by id; a plan that moved, is new or is gone says so.
func Diff(w io.Writer, f Format, d *compare.Diff) error {
	switch f {
	case JSON:
		return d.WriteJSON(w)
	case Text:
		bw := bufio.NewWriter(w)
		bw.WriteString(diffText(d))
		return bw.Flush()
	case Markdown:
		_, err := io.WriteString(w, diffMarkdown(d))
		return err
	}
	return fmt.Errorf("plancheck diff writes text, markdown or json, not %s", f)
}

// diffSide names one run: its file, kind, catalogue version and date.
func diffSide(s compare.Side, file string) string {
	out := fmt.Sprintf("%s (%s, catalogue %d", file, s.Kind, s.CatalogueVersion)
	if s.Today != "" {
		out += ", " + s.Today
	}
	return out + ")"
}

// diffCounts says the diff's marks in words.
func diffCounts(d *compare.Diff) string {
	return markCounts(d.Summary.New, d.Summary.Fixed, d.Summary.Persisting)
}

// diffPlans says how the diff's plans were matched.
func diffPlans(d *compare.Diff) string { return matchedPlans(d.Summary.Plans) }

// diffStatuses says what a result of a plan was and is: "was met",
// "missed, now waived". A baseline file records misses only, so of a
// result it does not list it is known only that it was not missed.
func diffStatuses(p *compare.DiffPlan, r compare.DiffResult) string {
	word := func(s check.Status) string { return strings.ReplaceAll(string(s), "_", " ") }
	switch {
	case r.Change == string(check.MarkFixed):
		return "missed, now " + word(r.New)
	case r.Change == string(check.MarkNew) && r.Old != "":
		return "was " + word(r.Old)
	case r.Change == string(check.MarkNew) && p.Match == report.MatchNone:
		return "a new plan"
	case r.Change == string(check.MarkNew):
		return "not missed before"
	}
	return ""
}

// byChange splits a plan's results by their change.
func byChange(p *compare.DiffPlan) (fresh, fixed, persisting, gone []compare.DiffResult) {
	for _, r := range p.Results {
		switch r.Change {
		case string(check.MarkNew):
			fresh = append(fresh, r)
		case string(check.MarkFixed):
			fixed = append(fixed, r)
		case string(check.MarkPersisting):
			persisting = append(persisting, r)
		default:
			gone = append(gone, r)
		}
	}
	return fresh, fixed, persisting, gone
}

func resultIDs(rs []compare.DiffResult) []string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

func diffVerdict(d *compare.Diff) string {
	if d.Summary.Passed {
		return "passed"
	}
	return "failed"
}

func diffText(d *compare.Diff) string {
	var b strings.Builder
	fmt.Fprintf(&b, "plancheck diff: %s → %s\n", safetext.Clean(diffSide(d.Old, d.Old.File)), safetext.Clean(diffSide(d.New, d.New.File)))
	fmt.Fprintf(&b, "%s; plans: %s. %s (fail-on %s)\n\n", diffCounts(d), diffPlans(d), diffVerdict(d), d.Summary.FailOn)
	if len(d.Changed) > 0 {
		fmt.Fprintf(&b, "changed between catalogue versions %d and %d: these read plans differently, so their marks may be the catalogue's doing, not the plans':\n", d.Old.CatalogueVersion, d.New.CatalogueVersion)
		for _, c := range d.Changed {
			fmt.Fprintf(&b, "  %s (%s): %s\n", safetext.Clean(c.ID), c.Change, safetext.Clean(c.What))
		}
		b.WriteString("\n")
	}
	for i := range d.Plans {
		p := &d.Plans[i]
		b.WriteString(safetext.Clean(p.File))
		if name := p.Name(); name != "" {
			b.WriteString("  " + safetext.Clean(name))
		}
		switch p.Match {
		case report.MatchOrganisation:
			fmt.Fprintf(&b, "  (moved from %s)", safetext.Clean(p.OldFile))
		case report.MatchNone:
			b.WriteString("  (not in the older run)")
		case compare.MatchGone:
			b.WriteString("  (gone)")
		}
		b.WriteString("\n")
		fresh, fixed, persisting, gone := byChange(p)
		for _, r := range fresh {
			fmt.Fprintf(&b, "  new    %s  %s (%s; %s)\n", safetext.Clean(r.ID), safetext.Clean(r.Title), r.Severity, diffStatuses(p, r))
			for _, f := range inLineOrder(r.Findings) {
				fmt.Fprintf(&b, "         %s: %s\n", location(p.File, f), safetext.Clean(f.Message))
			}
		}
		for _, r := range fixed {
			fmt.Fprintf(&b, "  fixed  %s  %s (%s)\n", safetext.Clean(r.ID), safetext.Clean(r.Title), diffStatuses(p, r))
		}
		if len(persisting) > 0 {
			fmt.Fprintf(&b, "  persisting: %s\n", idList(resultIDs(persisting)))
		}
		if p.Match == compare.MatchGone {
			fmt.Fprintf(&b, "  missed when last checked: %s\n", idList(resultIDs(gone)))
		}
		b.WriteString("\n")
	}
	if len(d.Unreadable) > 0 {
		b.WriteString("could not be read (in the newer report):\n")
		for _, e := range d.Unreadable {
			fmt.Fprintf(&b, "  %s\n", safetext.Clean(e.String()))
		}
		b.WriteString("\n")
	}
	if len(d.Plans) == 0 && len(d.Unreadable) == 0 {
		b.WriteString("no plan changed.\n")
	}
	return b.String()
}

func diffMarkdown(d *compare.Diff) string {
	var b strings.Builder
	verdict := "✅ passed"
	if !d.Summary.Passed {
		verdict = "❌ failed"
	}
	counts := diffCounts(d)
	if d.Summary.New > 0 {
		counts = "**" + counts + "**"
	}
	fmt.Fprintf(&b, "## plancheck diff: %s\n\n", verdict)
	fmt.Fprintf(&b, "%s → %s: %s. Plans: %s (fail-on %s).\n\n", diffSide(d.Old, mdCode(d.Old.File)), diffSide(d.New, mdCode(d.New.File)), counts, diffPlans(d), d.Summary.FailOn)
	if len(d.Changed) > 0 {
		fmt.Fprintf(&b, "**Changed between catalogue versions %d and %d:** these recommendations read plans differently, so their marks may be the catalogue's doing, not the plans'.\n\n", d.Old.CatalogueVersion, d.New.CatalogueVersion)
		for _, c := range d.Changed {
			fmt.Fprintf(&b, "- %s (%s): %s\n", mdCode(c.ID), c.Change, markupMarkdown(c.What, false))
		}
		b.WriteString("\n")
	}
	if len(d.Unreadable) > 0 {
		b.WriteString("**Could not be read** (in the newer report):\n\n")
		for _, e := range d.Unreadable {
			b.WriteString(markdownUnreadable(e))
		}
		b.WriteString("\n")
	}
	for i := range d.Plans {
		p := &d.Plans[i]
		fmt.Fprintf(&b, "### %s\n\n", mdCode(p.File))
		var about []string
		if name := p.Name(); name != "" {
			about = append(about, md(name))
		}
		switch p.Match {
		case report.MatchOrganisation:
			about = append(about, "moved from "+mdCode(p.OldFile))
		case report.MatchNone:
			about = append(about, "not in the older run: its misses are new")
		case compare.MatchGone:
			about = append(about, "gone: its misses are not counted as fixed")
		}
		if len(about) > 0 {
			b.WriteString(strings.Join(about, " · ") + "\n\n")
		}
		fresh, fixed, persisting, gone := byChange(p)
		if len(fresh)+len(fixed) > 0 {
			b.WriteString("| change | recommendation | status |\n|---|---|---|\n")
			for _, r := range fresh {
				fmt.Fprintf(&b, "| ❌ **new** | %s %s (%s) | %s |\n", strings.ReplaceAll(mdCode(r.ID), "|", `\|`), md(r.Title), r.Severity, diffStatuses(p, r))
			}
			for _, r := range fixed {
				fmt.Fprintf(&b, "| ✅ fixed | %s %s | %s |\n", strings.ReplaceAll(mdCode(r.ID), "|", `\|`), md(r.Title), diffStatuses(p, r))
			}
			b.WriteString("\n")
		}
		var findings []string
		for _, r := range fresh {
			for _, f := range inLineOrder(r.Findings) {
				findings = append(findings, fmt.Sprintf("- %s %s: %s", mdCode(location(p.File, f)), mdCode(r.ID), markupMarkdown(f.Message, false)))
			}
		}
		if len(findings) > 0 {
			fmt.Fprintf(&b, "<details><summary>Findings of the new misses (%d)</summary>\n\n%s\n\n</details>\n\n", len(findings), strings.Join(findings, "\n"))
		}
		if len(persisting) > 0 {
			fmt.Fprintf(&b, "Persisting: %s.\n\n", mdList(resultIDs(persisting)))
		}
		if p.Match == compare.MatchGone {
			missed := "nothing"
			if len(gone) > 0 {
				missed = mdList(resultIDs(gone))
			}
			fmt.Fprintf(&b, "Missed when last checked: %s.\n\n", missed)
		}
	}
	if len(d.Plans) == 0 && len(d.Unreadable) == 0 {
		b.WriteString("No plan changed.\n")
	}
	return b.String()
}
