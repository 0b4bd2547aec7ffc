// Package render writes reports and the catalogue in the formats people and
// tools read: text for a terminal, JSON for dashboards, Markdown for
// documentation. A report is written as its plans arrive, so that a run
// over many files need not hold them all.
package render

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// Many says a number of things, the noun in the singular for one: "1
// plan", "3 plans". Every count a report prints goes through it, so that
// a run of one plan does not read "1 plans checked".
func Many(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, noun(n, one, many))
}

// noun is the singular for one, else the plural.
func noun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Header is what a report says about its run before any plan.
type Header struct {
	Tool  report.Tool
	Today string
	// Catalogue is every rule the run could check, with its frameworks
	// and version.
	Catalogue *check.Catalogue
	// Rules are the rules the run reports on, sorted by id: SARIF lists
	// them as its rules.
	Rules []check.Rule
	// Selection is what --only and --skip left out, and where they were
	// set.
	Selection report.Selection
	// FailOn is the gate: misses of rules at or above it fail the run.
	FailOn report.FailOn
	// Baseline is the run the results are compared with (lint
	// --baseline), as known before the plans: which file, its catalogue
	// version, what changed since, and whether only new misses fail the
	// gate. Nil when there is none; the counts come with the Tail.
	Baseline *report.Baseline
}

// fails tells whether a result fails the run's gate.
func (h Header) fails(r *check.Result) bool {
	failOn := h.FailOn
	if failOn == "" {
		// A header without a gate (a writer made outside lint) gets
		// lint's default.
		failOn = report.FailOnMust
	}
	return failOn.FailsResult(r, h.Baseline != nil && h.Baseline.FailOnNew)
}

// Writer writes one report: Plan is called for each plan in order, then
// End once with the files that were skipped or could not be read, and the
// totals. Close releases what the writer holds when a run stops before End;
// after End it does nothing.
type Writer interface {
	Plan(p *report.Plan) error
	End(t report.Tail) error
	Close() error
}

// Format names a report format.
type Format string

// The report formats.
const (
	Text     Format = "text"
	JSON     Format = "json"
	SARIF    Format = "sarif"
	JUnit    Format = "junit"
	GitHub   Format = "github"
	Markdown Format = "markdown"
	HTML     Format = "html"
	// Portfolio is a page of its own for a board pack: the plans side by
	// side in a sortable matrix, and the recommendations most often
	// missed.
	Portfolio Format = "portfolio"
)

// Formats lists the report formats, for help texts and errors.
var Formats = []Format{Text, JSON, SARIF, JUnit, GitHub, Markdown, HTML, Portfolio}

// ParseFormat checks a report format name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	sort.Strings(names)
	return "", fmt.Errorf("unknown format %q: use one of %s", s, strings.Join(names, ", "))
}

// Options tune the writers.
type Options struct {
	// Colour turns on ANSI colours in text.
	Colour bool
	// Elsewhere names, for people, where the whole report can be read
	// (such as "the job summary" or report files of the same run): the
	// github annotations and the job summary, which GitHub keeps short,
	// say it of what they leave out.
	Elsewhere []string
	// SARIFWaived keeps waived findings in SARIF, as suppressed results.
	// They are left out by default: GitHub code scanning ignores
	// suppressions and would show them as open alerts.
	SARIFWaived bool
	// Root places the files a SARIF report names in their repository.
	// Nil names them as the report does.
	Root Root
	// Source, when set, returns the text of a plan the report names (nil
	// when it has none), so that the HTML report shows each finding beside
	// the line of the plan it is about. A caller that holds the plans sets
	// it, as the service does with the plans it is sent.
	Source func(file string) []byte
	// Prelude is trusted markup that the HTML report puts at the top of
	// its page, before the totals: the service's links back to its form
	// and to the report in other formats.
	Prelude template.HTML
}

// Root tells where a report's file is, so that SARIF can name it relative
// to the root of its repository, as code scanning expects: root is the
// folder that file paths are taken from (the top of the git work tree the
// file is in, else the working folder) and abs the file's own path, both
// absolute in the system's form; abs is "" for a name that is no file
// (standard input). The caller looks, so that writers never touch the
// file system for it.
type Root func(file string) (root, abs string)

// New returns a writer of the given format onto w.
func New(f Format, w io.Writer, h Header, opts Options) (Writer, error) {
	switch f {
	case Text:
		return newTextWriter(w, h, opts), nil
	case JSON:
		return newJSONWriter(w, h), nil
	case SARIF:
		return newSARIFWriter(w, h, opts), nil
	case JUnit:
		return newJUnitWriter(w, h), nil
	case GitHub:
		return newGitHubWriter(w, h, opts), nil
	case Markdown:
		return newMarkdownWriter(w, h), nil
	case HTML:
		return newHTMLWriter(w, h, opts), nil
	case Portfolio:
		return newPortfolioWriter(w, h), nil
	}
	return nil, fmt.Errorf("unknown format %q", f)
}

// Multi writes one report to several writers: the plans are checked once.
func Multi(ws ...Writer) Writer { return multi(ws) }

type multi []Writer

func (m multi) Plan(p *report.Plan) error {
	for _, w := range m {
		if err := w.Plan(p); err != nil {
			return err
		}
	}
	return nil
}

func (m multi) End(t report.Tail) error {
	for _, w := range m {
		if err := w.End(t); err != nil {
			return err
		}
	}
	return nil
}

func (m multi) Close() error {
	var first error
	for _, w := range m {
		if err := w.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
