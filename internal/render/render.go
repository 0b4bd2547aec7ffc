// Package render writes reports and the catalogue in the formats people and
// tools read: text for a terminal, JSON for dashboards, Markdown for
// documentation. A report is written as its plans arrive, so that a run
// over many files need not hold them all.
package render

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/plancheck/plancheck/internal/report"
)

// Header is what a report says about its run before any plan.
type Header struct {
	Tool             report.Tool
	CatalogueVersion string
	Today            string
}

// Writer writes one report: Plan is called for each plan in order, then
// End once with the unreadable files and the totals. Close releases what
// the writer holds when a run stops before End; after End it does nothing.
type Writer interface {
	Plan(p *report.Plan) error
	End(errs []report.FileError, s report.Summary) error
	Close() error
}

// Format names a report format.
type Format string

// The report formats.
const (
	Text Format = "text"
	JSON Format = "json"
)

// Formats lists the report formats, for help texts and errors.
var Formats = []Format{Text, JSON}

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
}

// New returns a writer of the given format onto w.
func New(f Format, w io.Writer, h Header, opts Options) (Writer, error) {
	switch f {
	case Text:
		return newTextWriter(w, h, opts), nil
	case JSON:
		return newJSONWriter(w, h), nil
	}
	return nil, fmt.Errorf("unknown format %q", f)
}
