package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/report"
)

// manyPlans is n plans copied from the golden report's, each a file of
// its own.
func manyPlans(t testing.TB, n int) []report.Plan {
	t.Helper()
	golden := goldenPlans(t)
	plans := make([]report.Plan, n)
	for i := range plans {
		plans[i] = golden[i%len(golden)]
		plans[i].File = fmt.Sprintf("plans/plan-%03d.yaml", i)
	}
	return plans
}

// summarise writes the plans through a job summary of the given budget.
func summarise(t *testing.T, budget int, plans []report.Plan, errs []report.FileError, opts Options) string {
	t.Helper()
	var b bytes.Buffer
	writeThrough(t, NewJobSummary(&b, Header{}, budget, opts), plans, errs)
	return b.String()
}

// writeThrough writes the plans and the unreadable files through w, with
// the totals and the portfolio that lint would give it.
func writeThrough(t *testing.T, w Writer, plans []report.Plan, errs []report.FileError) {
	t.Helper()
	s := report.NewSummary(report.FailOnMust)
	portfolio := report.NewPortfolio(testHeader(plans).Catalogue, false)
	for i := range plans {
		s.Add(&plans[i])
		portfolio.Add(&plans[i])
		if err := w.Plan(&plans[i]); err != nil {
			t.Fatal(err)
		}
	}
	s.AddUnreadable(len(errs))
	if err := w.End(report.Tail{Errors: errs, Summary: s, Portfolio: portfolio.Portfolio()}); err != nil {
		t.Fatal(err)
	}
}

// wellFormed checks the Markdown GitHub needs to render the summary as
// meant: tables whose rows have their header's number of cells, and each
// <details> closed before the next opens.
func wellFormed(t *testing.T, text string) {
	t.Helper()
	cellEnd := regexp.MustCompile(`(^|[^\\])\|`)
	header := -1
	for i, line := range strings.Split(text, "\n") {
		n := len(cellEnd.FindAllStringIndex(line, -1)) - 1
		switch {
		case !strings.HasPrefix(line, "|"):
			header = -1
		case header < 0:
			header = n
		case n != header:
			t.Errorf("line %d has %d cells, its header %d: %q", i+1, n, header, line)
		}
	}
	open := false
	for _, tag := range regexp.MustCompile(`</?details>`).FindAllString(text, -1) {
		if open == (tag == "<details>") {
			t.Fatal("<details> nested, or closed when not open")
		}
		open = !open
	}
	if open {
		t.Error("a <details> is not closed")
	}
}

// TestJobSummaryThatFitsIsTheMarkdownReport: under the budget nothing is
// cut or added.
func TestJobSummaryThatFitsIsTheMarkdownReport(t *testing.T) {
	plans := goldenPlans(t)
	errs := []report.FileError{{File: "broken.yaml", Line: 3, Column: 1, Message: "tab"}}
	var md bytes.Buffer
	writeThrough(t, newMarkdownWriter(&md, Header{}), plans, errs)
	if !strings.Contains(md.String(), "### Portfolio: 8 plans side by side") {
		t.Fatal("the Markdown report of the golden plans has no portfolio")
	}
	if got := summarise(t, md.Len(), plans, errs, Options{}); got != md.String() {
		t.Errorf("a job summary that fits its budget exactly differs from the Markdown report:\n%.500s", got)
	}
	if got := summarise(t, md.Len()-1, plans, errs, Options{}); !strings.Contains(got, "are cut**") || len(got) > md.Len()-1 {
		t.Errorf("a job summary one byte over its budget is not cut (%d bytes)", len(got))
	}
}

var summaryCut = regexp.MustCompile(`\*\*The details of (\d+) of (\d+) plans are cut\*\* to keep this job summary under GitHub's 1 MiB limit: the table below (?:has a row for every plan|lists the first (\d+) of them), and (.+)\.\n`)

// TestJobSummaryKeepsWithinItsBudget cuts the summary of 120 plans to
// budgets from a few kilobytes up: it never passes its budget, says what
// it cut, keeps whole plans, and stays well-formed Markdown.
func TestJobSummaryKeepsWithinItsBudget(t *testing.T) {
	plans := manyPlans(t, 120)
	errs := []report.FileError{{File: "broken.yaml", Line: 3, Column: 1, Message: "tab"}}
	for budget := 2000; budget < 400_000; budget = budget*3/2 + 77 {
		got := summarise(t, budget, plans, errs, Options{Elsewhere: []string{"report.json"}})
		if len(got) > budget {
			t.Errorf("budget %d: %d bytes", budget, len(got))
		}
		m := summaryCut.FindStringSubmatch(got)
		if m == nil {
			t.Fatalf("budget %d: the summary does not say what it cut:\n%.800s", budget, got)
		}
		if m[2] != "120" || m[4] != "the whole report is in report.json" {
			t.Errorf("budget %d: %q", budget, m[0])
		}
		rows := strings.Count(got, "\n| `plans/plan-")
		if m[3] == "" && rows != 120 || m[3] != "" && m[3] != fmt.Sprint(rows) {
			t.Errorf("budget %d: %d rows, the note says %q", budget, rows, m[0])
		}
		cut := 0
		fmt.Sscan(m[1], &cut)
		if details := strings.Count(got, "\n### `plans/plan-"); details != 120-cut {
			t.Errorf("budget %d: %d plans' details, %d said cut", budget, details, cut)
		}
		if !strings.Contains(got, "- `broken.yaml:3:1: tab`") {
			t.Errorf("budget %d: the unreadable file is not listed", budget)
		}
		// The portfolio's head, a few kilobytes whatever the run, is
		// kept once the budget has room for it, before the plans' table.
		head := strings.Index(got, "### Portfolio: 120 plans side by side\n")
		if budget >= 20_000 && (head < 0 || head > strings.Index(got, portfolioHeader) || !strings.Contains(got, "**Most often missed:**")) {
			t.Errorf("budget %d: the portfolio's head is not kept before the table of plans", budget)
		}
		wellFormed(t, got)
	}
}

// TestJobSummaryCutsALongListOfUnreadableFiles: a run of unreadable
// files still keeps within the budget, and says how many it left out.
func TestJobSummaryCutsALongListOfUnreadableFiles(t *testing.T) {
	var errs []report.FileError
	for i := range 500 {
		errs = append(errs, report.FileError{File: fmt.Sprintf("broken-%03d.yaml", i), Line: 1, Column: 1, Message: "tab character used for indentation"})
	}
	got := summarise(t, 8000, manyPlans(t, 3), errs, Options{})
	if len(got) > 8000 {
		t.Errorf("%d bytes over a budget of 8000", len(got))
	}
	listed := strings.Count(got, "\n- `broken-")
	if want := fmt.Sprintf("- and %d more files, listed in the job's log\n", 500-listed); listed == 0 || !strings.Contains(got, want) {
		t.Errorf("%d files listed; the summary does not say %q", listed, want)
	}
	wellFormed(t, got)
}

func TestPortfolioRowEscapes(t *testing.T) {
	p := report.Plan{File: "a|b`c.yaml", Organisation: report.Organisation{Name: "A | B <script>"}}
	row := portfolioRow(&p)
	if want := "| `a\\|b'c.yaml` | A \\| B &lt;script&gt; | 0 of 0 (0.0%) | none |\n"; row != want {
		t.Errorf("row\n got %q\nwant %q", row, want)
	}
	wellFormed(t, portfolioHeader+row)
}

// TestJobSummarySaysTheSelection: a cut summary still says which
// recommendations the run left out, as the Markdown report does.
func TestJobSummarySaysTheSelection(t *testing.T) {
	plans := manyPlans(t, 40)
	h := Header{Selection: report.Selection{Skip: []string{"nao-risk-register"}, Source: "--skip"}}
	for _, budget := range []int{3000, JobSummaryBudget} {
		var b bytes.Buffer
		w := NewJobSummary(&b, h, budget, Options{})
		s := report.NewSummary(report.FailOnMust)
		for i := range plans {
			s.Add(&plans[i])
			if err := w.Plan(&plans[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.End(report.Tail{Summary: s}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "**Selection** (set by --skip): skip `nao-risk-register`.") {
			t.Errorf("budget %d: the summary does not say the selection:\n%.600s", budget, b.String())
		}
	}
}
