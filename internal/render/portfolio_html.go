package render

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// The portfolio in HTML: a section of the HTML report, and a page of its
// own (--format portfolio) for a board pack. Both draw the matrix (a row
// per plan, grouped by organisation type; a column per rule, grouped by
// framework in the catalogue's order; totals per row and per column) and
// the recommendations most often missed. A verdict is a mark and a word
// for screen readers as well as a colour, so that no one needs the
// colour. The page adds a small script that sorts the matrix by any
// column from buttons in its headers; without the script the matrix
// reads in its own order, and the buttons are not there.

// cellHTML is the cell of each mark: a class the stylesheet colours and
// the script sorts by, the mark, and its word, hidden but for screen
// readers. These constants are the only markup of a cell, so a row's
// cells are written as one string.
var cellHTML = [...]string{
	report.MarkNone:          `<td class="o"><i>no result</i></td>`,
	report.MarkMet:           `<td class="m">✓<i>met</i></td>`,
	report.MarkAdvice:        `<td class="a">✓<i>met, with advice</i></td>`,
	report.MarkMissed:        `<td class="x">✗<i>missed</i></td>`,
	report.MarkWaived:        `<td class="w">~<i>waived</i></td>`,
	report.MarkNotApplicable: `<td class="n">–<i>not applicable</i></td>`,
	report.MarkSkipped:       `<td class="s">·<i>skipped</i></td>`,
}

type htmlShared struct {
	Plans   string
	Message string
}

type htmlMissed struct {
	ID, Title, Framework string
	Should               bool
	// Alone is a rule one plan missed: it has no findings to share.
	Alone          bool
	Plans, Percent string
	Shared         []htmlShared
}

type htmlGroup struct {
	Title string
	Span  int
}

type htmlColumn struct {
	report.PortfolioRule
	// Label is what the column's header says of the rule, on hover.
	Label          string
	FrameworkTitle string
}

// htmlRow is a plan's row of the matrix. Its cells are written as the
// template reaches them, so that a page of many plans is not held whole
// in memory.
type htmlRow struct {
	report.PortfolioPlan
}

// Cells are the row's cells, a rule each.
func (r htmlRow) Cells() template.HTML {
	var b strings.Builder
	for _, m := range r.Marks {
		if int(m) < len(cellHTML) {
			b.WriteString(cellHTML[m])
		}
	}
	// Every byte of it is a constant of cellHTML.
	return template.HTML(b.String())
}

// Percent is the row's score as a percentage, with one decimal.
func (r htmlRow) Percent() string { return fmt.Sprintf("%.1f", float64(r.Score.Percent)) }

// htmlTotal is a row of the matrix's foot: a count of plans per column.
type htmlTotal struct {
	Label  string
	Counts []int
	// Score is what the row says in the score column.
	Score string
}

type htmlPortfolio struct {
	Plans, Unreadable int
	MostMissed        []htmlMissed
	// MoreMissed counts the rules missed by a plan that MostMissed
	// leaves out: the HTML report lists the first few, for a planner;
	// the page lists them all, for a board.
	MoreMissed int
	Groups     []htmlGroup
	Columns    []htmlColumn
	Rows       []htmlRow
	Totals     []htmlTotal
	// AllMet counts the plans that meet every recommendation that
	// applies to them.
	AllMet int
	// Sortable is set on the page, whose script sorts the matrix.
	Sortable bool
}

// reportMostMissed is how many of the rules most often missed the HTML
// report lists; the matrix's totals give the rest.
const reportMostMissed = 5

// newHTMLPortfolio lays a portfolio out for the templates, with at most
// limit of the rules most often missed (all when limit is 0). Rows are
// put in the matrix's own order: by organisation type, then
// organisation, then file, so that a type's plans come together; plans
// that name no type come last.
func newHTMLPortfolio(c *check.Catalogue, p *report.Portfolio, unreadable, limit int) *htmlPortfolio {
	hp := &htmlPortfolio{Plans: p.Plans, Unreadable: unreadable}
	most := p.MostMissed()
	if limit > 0 && len(most) > limit {
		hp.MoreMissed = len(most) - limit
		most = most[:limit]
	}
	for _, r := range most {
		m := htmlMissed{
			ID: r.ID, Title: r.Title, Framework: c.Framework(r.Framework).Title, Should: r.Severity == check.Should,
			Alone: r.Missed == 1, Plans: ofPlans(r.Missed, p.Plans), Percent: percentOf(r.Missed, p.Plans),
		}
		for _, s := range r.Shared {
			m.Shared = append(m.Shared, htmlShared{Plans: ofPlans(s.Plans, p.Plans), Message: s.Message})
		}
		hp.MostMissed = append(hp.MostMissed, m)
	}
	var skipped, waived, notApplicable bool
	for i, r := range p.Rules {
		if i == 0 || r.Framework != p.Rules[i-1].Framework {
			hp.Groups = append(hp.Groups, htmlGroup{Title: c.Framework(r.Framework).Title})
		}
		hp.Groups[len(hp.Groups)-1].Span++
		label := r.ID + ": " + r.Title + " (" + string(r.Severity) + ")"
		if r.Kind == check.Format {
			label = r.ID + ": " + r.Title + " (the file's validity; not in the score)"
		}
		hp.Columns = append(hp.Columns, htmlColumn{PortfolioRule: r, Label: label, FrameworkTitle: c.Framework(r.Framework).Title})
		skipped = skipped || r.Skipped > 0
		waived = waived || r.Waived > 0
		notApplicable = notApplicable || r.NotApplicable > 0
	}
	var met, applicable int
	for _, row := range p.Rows {
		hp.Rows = append(hp.Rows, htmlRow{PortfolioPlan: row})
		met += row.Score.Met
		applicable += row.Score.Applicable
		if row.Score.Met == row.Score.Applicable {
			hp.AllMet++
		}
	}
	sort.SliceStable(hp.Rows, func(i, j int) bool {
		a, b := hp.Rows[i].Organisation, hp.Rows[j].Organisation
		if (a.Type == "") != (b.Type == "") {
			return b.Type == ""
		}
		if ta, tb := strings.ToLower(a.Type), strings.ToLower(b.Type); ta != tb {
			return ta < tb
		}
		if na, nb := strings.ToLower(a.Name), strings.ToLower(b.Name); na != nb {
			return na < nb
		}
		return hp.Rows[i].File < hp.Rows[j].File
	})
	total := func(label string, count func(r *report.PortfolioRule) int, score string) {
		t := htmlTotal{Label: label, Score: score}
		for i := range p.Rules {
			t.Counts = append(t.Counts, count(&p.Rules[i]))
		}
		hp.Totals = append(hp.Totals, t)
	}
	total("Plans met", func(r *report.PortfolioRule) int { return r.Met },
		fmt.Sprintf("%d of %d (%s%%)", met, applicable, percentOf(met, applicable)))
	total("Plans missed", func(r *report.PortfolioRule) int { return r.Missed }, "")
	if waived {
		total("Plans waived", func(r *report.PortfolioRule) int { return r.Waived }, "")
	}
	if notApplicable {
		total("Not applicable", func(r *report.PortfolioRule) int { return r.NotApplicable }, "")
	}
	if skipped {
		total("Skipped", func(r *report.PortfolioRule) int { return r.Skipped }, "")
	}
	return hp
}

// portfolioWriter writes the portfolio page. Everything it shows is in
// the run's portfolio, which End is given: Plan keeps nothing.
type portfolioWriter struct {
	w io.Writer
	h Header
}

func newPortfolioWriter(w io.Writer, h Header) *portfolioWriter {
	return &portfolioWriter{w: w, h: h}
}

func (pw *portfolioWriter) Plan(*report.Plan) error { return nil }

func (pw *portfolioWriter) Close() error { return nil }

// pageStyle joins the stylesheets of a page, as named under templates.
func pageStyle(names ...string) (string, error) {
	var b strings.Builder
	for _, n := range names {
		css, err := templates.ReadFile("templates/" + n)
		if err != nil {
			return "", err
		}
		b.Write(css)
	}
	return b.String(), nil
}

// cspHash is a Content-Security-Policy source for an inline script or
// stylesheet of exactly this text.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

func (pw *portfolioWriter) End(t report.Tail) error {
	if t.Portfolio == nil || (t.Portfolio.Plans > 0 && t.Portfolio.Rows == nil) {
		return fmt.Errorf("the portfolio page needs the plans' rows: build the portfolio with keepRows")
	}
	css, err := pageStyle("report.css", "portfolio.css", "portfolio-page.css")
	if err != nil {
		return err
	}
	script, err := templates.ReadFile("templates/portfolio.js")
	if err != nil {
		return err
	}
	hp := newHTMLPortfolio(pw.h.Catalogue, t.Portfolio, t.Summary.Unreadable, 0)
	hp.Sortable = true
	// The page loads nothing and runs only its own script: a policy that
	// allows that alone stops anything a plan's text could smuggle in.
	csp := "default-src 'none'; style-src " + cspHash(css) + "; script-src " + cspHash(string(script)) + "; base-uri 'none'; form-action 'none'"
	sel := pw.h.Selection
	data := map[string]any{
		"Tool": pw.h.Tool, "Today": pw.h.Today, "CatalogueVersion": pw.h.Catalogue.Version,
		"CheckedAgainst": checkedAgainst(pw.h.Catalogue), "ReportVersion": report.Version,
		"Summary": t.Summary, "Errors": t.Errors, "SkippedFiles": t.SkippedFiles,
		"Selection": sel, "Selected": len(sel.Only)+len(sel.Skip) > 0,
		"Portfolio": hp, "CSP": csp,
		// Both are ours, embedded in the binary: they are trusted.
		"CSS": template.CSS(css), "Script": template.JS(script),
		"Baseline": t.Baseline,
	}
	if b := t.Baseline; b != nil {
		data["BaselineCounts"], data["BaselinePlans"] = baselineCounts(b), baselinePlans(b)
	}
	if err := pageTemplates.ExecuteTemplate(pw.w, "portfolio.html", data); err != nil {
		return fmt.Errorf("portfolio: %w", err)
	}
	return nil
}
