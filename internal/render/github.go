package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
)

// GitHub Actions workflow commands: an ::error for each finding that
// misses a must recommendation, a ::warning for one that misses a should
// recommendation or is advice, a ::notice for findings a waiver covers.
// GitHub shows them on the lines of the pull request.

type githubWriter struct {
	w io.Writer
}

// Workflow commands end at a newline and split properties at , and :, so
// those are escaped as GitHub documents.
var (
	ghData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func (g *githubWriter) command(kind, file string, line, col int, title, msg string) error {
	props := []string{"file=" + ghProperty.Replace(safetext.Clean(file))}
	if line > 0 {
		props = append(props, fmt.Sprintf("line=%d", line), fmt.Sprintf("col=%d", col))
	}
	props = append(props, "title="+ghProperty.Replace(safetext.Clean(title)))
	_, err := fmt.Fprintf(g.w, "::%s %s::%s\n", kind, strings.Join(props, ","), ghData.Replace(safetext.Clean(msg)))
	return err
}

func (g *githubWriter) Plan(p *report.Plan) error {
	for i := range p.Results {
		r := &p.Results[i]
		if r.Status == check.NotApplicable {
			continue
		}
		for _, f := range inLineOrder(r.Findings) {
			kind := "warning"
			switch {
			case r.Status == check.Waived:
				kind = "notice"
			case f.Level == check.Miss && r.Severity == check.Must:
				kind = "error"
			}
			if err := g.command(kind, p.File, f.Line, f.Column, r.ID+": "+r.Title, f.Message); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *githubWriter) End(t report.Tail) error {
	s := t.Summary
	for _, e := range t.Errors {
		if err := g.command("error", e.File, e.Line, e.Column, "plancheck: the file could not be read", e.Message); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(g.w, "plancheck: %s checked, %d unreadable: %d met, %d missed, %d waived, %d not applicable\n",
		Many(s.Plans, "plan", "plans"), s.Unreadable, s.Met, s.Missed, s.Waived, s.NotApplicable)
	return err
}

func (g *githubWriter) Close() error { return nil }
