package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/plancheck/plancheck/internal/catalogue"
	"github.com/plancheck/plancheck/internal/report"
)

// RulesFormat names a format of `plancheck rules`.
type RulesFormat string

// The formats of the catalogue listing.
const (
	RulesText     RulesFormat = "text"
	RulesJSON     RulesFormat = "json"
	RulesMarkdown RulesFormat = "markdown"
)

// Rules writes the catalogue: a table for a terminal, JSON for tools, or a
// Markdown table for documentation (the README's catalogue is this one).
func Rules(w io.Writer, f RulesFormat, entries []catalogue.Entry) error {
	switch f {
	case RulesText:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tFRAMEWORK\tSEVERITY\tTITLE")
		for _, e := range entries {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.ID, e.Framework, e.Severity, Clean(e.Title))
		}
		return tw.Flush()
	case RulesJSON:
		if entries == nil {
			entries = []catalogue.Entry{}
		}
		data, err := json.MarshalIndent(entries, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", data)
		return err
	case RulesMarkdown:
		var b strings.Builder
		b.WriteString("| id | framework | severity | title |\n|---|---|---|---|\n")
		for _, e := range entries {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", e.ID, e.Framework, e.Severity, markdownCell(e.Title))
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return fmt.Errorf("unknown format %q: use text, json or markdown", f)
}

func markdownCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// Explain writes what a planner needs to know about one recommendation:
// where it comes from, what meets it, what a plan without the evidence is
// told, and an example that meets it.
func Explain(w io.Writer, e catalogue.Entry, misses []report.Finding) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", e.ID, e.Title)
	fmt.Fprintf(&b, "framework %s, severity %s", e.Framework, e.Severity)
	if e.Severity == catalogue.Must {
		b.WriteString(" (missing it fails a CI gate by default)\n")
	} else {
		b.WriteString(" (missing it is reported; it fails only with --fail-on should)\n")
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
	b.WriteString("\nMet when (each one missing is a must finding)\n")
	for _, m := range e.Meets {
		fmt.Fprintf(&b, "%s\n", wrap(m, 74, "  - "))
	}
	if len(e.Advice) > 0 {
		b.WriteString("\nAdvice (should findings: reported, the recommendation stays met)\n")
		for _, a := range e.Advice {
			fmt.Fprintf(&b, "%s\n", wrap(a, 74, "  - "))
		}
	}
	if len(misses) > 0 {
		b.WriteString("\nWhat a plan without this evidence is told\n")
		for _, f := range misses {
			fmt.Fprintf(&b, "%s\n", wrap(fmt.Sprintf("%s %s: %s", f.Level, f.Path, f.Message), 74, "  - "))
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

// cleanLines cleans each line of a text, keeping its line breaks.
func cleanLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Clean(l)
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
