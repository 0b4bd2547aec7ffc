package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/safetext"
)

// RulesFormats are the formats the catalogue is listed in.
var RulesFormats = []Format{Text, JSON, Markdown}

// Rules writes the catalogue's rules: a table for a terminal, JSON for
// tools, or a Markdown table for documentation (the README's catalogue is
// this one).
func Rules(w io.Writer, f Format, rules []check.Rule) error {
	switch f {
	case Text:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIND\tFRAMEWORK\tSEVERITY\tTITLE")
		for _, r := range rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Kind, r.Framework, r.Severity, safetext.Clean(r.Title))
		}
		return tw.Flush()
	case JSON:
		if rules == nil {
			rules = []check.Rule{}
		}
		data, err := json.MarshalIndent(rules, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", data)
		return err
	case Markdown:
		var b strings.Builder
		b.WriteString("| id | kind | framework | severity | title |\n|---|---|---|---|---|\n")
		for _, r := range rules {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", r.ID, r.Kind, r.Framework, r.Severity, markdownCell(r.Title))
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return fmt.Errorf("unknown format %q: use text, json or markdown", f)
}

func markdownCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// Explain writes what a planner needs to know about one rule: where it
// comes from, what meets it, what a plan without the evidence is told, and
// an example that meets it.
//
// vocab holds the word lists the catalogue matches free text against; the
// rule's own lists are printed whole, so that a planner sees which words
// are recognised.
func Explain(w io.Writer, e check.Rule, misses []check.Finding, vocab map[string][]string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", e.ID, e.Title)
	if e.Kind != check.Recommendation {
		fmt.Fprintf(&b, "kind %s, ", e.Kind)
	}
	fmt.Fprintf(&b, "framework %s, severity %s", e.Framework, e.Severity)
	if e.Severity == check.Must {
		b.WriteString(" (missing it fails a CI gate by default)\n")
	} else {
		b.WriteString(" (missing it is reported; it fails a gate only with --fail-on should)\n")
	}
	if e.AppliesTo != "" {
		fmt.Fprintf(&b, "applies only when %s\n", e.AppliesTo)
	}
	fmt.Fprintf(&b, "\n%s\n", wrap(e.Summary, 78, ""))
	fmt.Fprintf(&b, "\nSource\n  %s\n  %s\n", e.Source.Document, e.Source.Section)
	if e.Source.URL != "" {
		fmt.Fprintf(&b, "  %s\n", e.Source.URL)
	}
	if e.Source.Quote != "" {
		fmt.Fprintf(&b, "%s\n", wrap("“"+e.Source.Quote+"”", 76, "  "))
	}
	b.WriteString("\nMet when (each condition not met is a miss)\n")
	for _, m := range e.Meets {
		fmt.Fprintf(&b, "%s\n", wrap(m, 74, "  - "))
	}
	if len(e.Advice) > 0 {
		b.WriteString("\nAdvice (reported; it leaves the recommendation met)\n")
		for _, a := range e.Advice {
			fmt.Fprintf(&b, "%s\n", wrap(a, 74, "  - "))
		}
	}
	if mentions(e, "recent") {
		fmt.Fprintf(&b, "\n%s\n", wrap("Recent means dated no more than 24 months before the plan's start (plan.period.start) and not after the plan date: plan.approved.date when it is not after today, else today.", 76, ""))
	}
	for _, list := range e.Vocabulary {
		fmt.Fprintf(&b, "\n%s\n", wrap(fmt.Sprintf("Words plancheck recognises as %s: %s", listName(list), strings.Join(vocab[list], ", ")), 76, ""))
	}
	if len(misses) > 0 {
		b.WriteString("\nWhat a plan without this evidence is told\n")
		for _, f := range misses {
			fmt.Fprintf(&b, "%s\n", wrap(fmt.Sprintf("%s %s: %s", f.Level, f.Path, f.Message), 74, "  - "))
		}
	}
	if len(e.Changes) > 0 {
		// A baseline or report of an earlier catalogue version may hold
		// verdicts this version would not give.
		b.WriteString("\nChanged by catalogue versions\n")
		for _, c := range e.Changes {
			fmt.Fprintf(&b, "%s\n", wrap(fmt.Sprintf("version %d: %s", c.Version, c.What), 74, "  - "))
		}
	}
	fmt.Fprintf(&b, "\nWhat to do\n%s\n", wrap(e.Remediation, 76, "  "))
	fmt.Fprintf(&b, "\nExample that meets it\n")
	for _, line := range strings.Split(strings.TrimRight(e.Example, "\n"), "\n") {
		fmt.Fprintf(&b, "    %s\n", line)
	}
	// Custom policies bring their own METADATA: what reaches the terminal
	// is cleaned of control characters.
	_, err := io.WriteString(w, cleanLines(b.String()))
	return err
}

// mentions tells whether a rule's conditions use a word.
func mentions(e check.Rule, word string) bool {
	for _, m := range append(append([]string{}, e.Meets...), e.Advice...) {
		for _, w := range strings.Fields(m) {
			if strings.Trim(w, ",.;:()") == word {
				return true
			}
		}
	}
	return false
}

// listName names a vocabulary list for people: "clinical_roles" is
// "clinical roles", "sponsor_titles.gp_practice" is "sponsor titles (gp
// practice)".
func listName(list string) string {
	name, group, nested := strings.Cut(list, ".")
	name = strings.ReplaceAll(name, "_", " ")
	if nested {
		name += " (" + strings.ReplaceAll(group, "_", " ") + ")"
	}
	return name
}

// cleanLines cleans each line of a text, keeping its line breaks.
func cleanLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = safetext.Clean(l)
	}
	return strings.Join(lines, "\n")
}

// wrap breaks text into lines of at most width characters, the first one
// prefixed with prefix and the others indented to match.
func wrap(text string, width int, prefix string) string {
	indent := strings.Repeat(" ", len([]rune(prefix)))
	var b strings.Builder
	line := prefix
	empty := true
	for _, word := range strings.Fields(text) {
		if !empty && len([]rune(line))+1+len([]rune(word)) > width+len([]rune(prefix)) {
			b.WriteString(line + "\n")
			line, empty = indent, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	b.WriteString(line)
	return b.String()
}
