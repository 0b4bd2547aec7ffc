package render

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// HTML: one self-contained page (inline CSS and SVG, no scripts, nothing
// fetched from the network) with a scorecard per plan and per framework,
// readable on screen and on paper. html/template escapes every value a
// plan supplies; plancheck's own markup (code between backticks) goes
// through markupHTML, which escapes it too.

//go:embed templates
var templates embed.FS

var pageTemplates = template.Must(template.New("").Funcs(template.FuncMap{"markup": markupHTML, "noun": noun, "gate": gate}).ParseFS(templates, "templates/*.html"))

type htmlWriter struct {
	w     io.Writer
	h     Header
	opts  Options
	plans spool
}

func newHTMLWriter(w io.Writer, h Header, opts Options) *htmlWriter {
	return &htmlWriter{w: w, h: h, opts: opts, plans: spool{limit: spoolLimit}}
}

// htmlCounts counts a set of scored results by status. Applicable is what
// the score counts (waived is applicable, not met), so that the counts a
// card shows add up to its score.
type htmlCounts struct {
	Met, Missed, Waived, NotApplicable, Skipped int
}

func (c *htmlCounts) add(s check.Status) {
	switch s {
	case check.Met:
		c.Met++
	case check.Missed:
		c.Missed++
	case check.Waived:
		c.Waived++
	case check.NotApplicable:
		c.NotApplicable++
	case check.Skipped:
		c.Skipped++
	}
}

func (c htmlCounts) Applicable() int { return c.Met + c.Missed + c.Waived }

type htmlSegment struct {
	Kind     string
	X, Width float64
}

type htmlFramework struct {
	Name string
	htmlCounts
	Segments []htmlSegment
}

type htmlFinding struct {
	Level, Message, Where string
	// Excerpt is the line of the plan the finding is about, when the
	// writer has the plan's text.
	Excerpt *htmlExcerpt
}

type htmlResult struct {
	check.Result
	Label, SourceLabel, SourceURL string
	Findings                      []htmlFinding
	// Mark is the result's mark against a baseline, when it is new,
	// fixed or persisting.
	Mark string
}

// htmlValidity is a format rule's result, shown as whether the file
// follows the plan format rather than as a framework's score.
type htmlValidity struct {
	htmlResult
	// Follows is false when the file misses the format (waived or not).
	Follows bool
	// Statement says it in a sentence.
	Statement string
}

// statusOrder puts what needs work first: a planner reads the misses
// before the passes.
var statusOrder = map[check.Status]int{check.Missed: 0, check.Waived: 1, check.Met: 2, check.NotApplicable: 4, check.Skipped: 5}

func order(r *htmlResult) int {
	o := statusOrder[r.Status]
	if r.Status == check.Met && !r.Advice() {
		o = 3
	}
	return o
}

var statusLabels = map[check.Status]string{
	check.Met: "met", check.Missed: "missed", check.Waived: "waived", check.NotApplicable: "not applicable", check.Skipped: "skipped by configuration",
}

// levels counts a result's findings by level.
func levels(fs []check.Finding) (misses, advice int) {
	for _, f := range fs {
		if f.Level == check.Miss {
			misses++
		} else {
			advice++
		}
	}
	return misses, advice
}

// validity words a format rule's result as whether the file follows the
// format: "This file follows plancheck plan format, version 1." The
// rule's source document names the format; a rule without one is named
// by its title.
func validity(r *check.Result) string {
	format := r.Source.Document
	if format == "" {
		format = r.Title
	}
	misses, advice := levels(r.Findings)
	var s string
	switch r.Status {
	case check.Met:
		s = "This file follows " + format
		if advice > 0 {
			s += ", with " + Many(advice, "piece of advice", "pieces of advice")
		}
	case check.Missed:
		s = "This file does not follow " + format + ": " + Many(misses, "miss", "misses")
		if advice > 0 {
			s += " and " + Many(advice, "piece of advice", "pieces of advice")
		}
	case check.Waived:
		s = "This file does not follow " + format + " (" + Many(misses, "miss", "misses") + "), and a waiver covers it"
	case check.NotApplicable:
		s = format + " does not apply to this file"
	case check.Skipped:
		s = format + " was not checked: skipped by configuration"
	}
	return s + "."
}

func (h *htmlWriter) Plan(p *report.Plan) error {
	counts := map[string]*htmlFramework{}
	var results []htmlResult
	var valid []htmlValidity
	var total htmlCounts
	var src sourceLines
	if h.opts.Source != nil {
		src = splitLines(h.opts.Source(p.File))
	}
	for _, r := range p.Results {
		fw := h.h.Catalogue.Framework(r.Framework)
		hr := htmlResult{Result: r, Label: statusLabels[r.Status], SourceLabel: fw.Citation, SourceURL: absoluteURL(r.Source.URL), Mark: markWord(r.Baseline)}
		if hr.SourceLabel == "" {
			hr.SourceLabel = r.Source.Document
		}
		for _, fd := range inLineOrder(r.Findings) {
			where := ""
			if fd.Line > 0 {
				where = fmt.Sprintf("%d:%d", fd.Line, fd.Column)
			}
			hr.Findings = append(hr.Findings, htmlFinding{Level: string(fd.Level), Message: fd.Message, Where: where, Excerpt: src.excerpt(fd.Line, fd.Column)})
		}
		if r.Kind == check.Format {
			valid = append(valid, htmlValidity{htmlResult: hr, Follows: r.Status == check.Met, Statement: validity(&r)})
			continue
		}
		results = append(results, hr)
		if !r.Scored() {
			continue
		}
		f := counts[r.Framework]
		if f == nil {
			f = &htmlFramework{Name: fw.Title}
			counts[r.Framework] = f
		}
		f.add(r.Status)
		total.add(r.Status)
	}
	sort.SliceStable(results, func(i, j int) bool { return order(&results[i]) < order(&results[j]) })
	// Frameworks in the catalogue's order. A bar is drawn over the
	// applicable recommendations only, as the score is.
	var fws []htmlFramework
	for _, fw := range h.h.Catalogue.Frameworks {
		f := counts[fw.ID]
		if f == nil {
			continue
		}
		x := 0.0
		for _, seg := range []struct {
			kind string
			n    int
		}{{"met", f.Met}, {"missed", f.Missed}, {"waived", f.Waived}} {
			if seg.n == 0 {
				continue
			}
			w := 100 * float64(seg.n) / float64(f.Applicable())
			f.Segments = append(f.Segments, htmlSegment{Kind: seg.kind, X: x, Width: w})
			x += w
		}
		fws = append(fws, *f)
	}
	moved, fresh := planMatch(p)
	return pageTemplates.ExecuteTemplate(&h.plans, "plan.html", map[string]any{
		"Plan": p, "Percent": fmt.Sprintf("%.1f", float64(p.Score.Percent)), "Counts": total,
		"Validity": valid, "Frameworks": fws, "Results": results, "Moved": moved, "Fresh": fresh,
	})
}

// checkedAgainst names the frameworks of recommendations the catalogue
// holds, in its order: "Wade-Gery review (2021) and National Audit Office
// (2020)". A framework of format rules alone is the file's validity, not
// something plans are checked against.
func checkedAgainst(c *check.Catalogue) string {
	has := map[string]bool{}
	for _, r := range c.Rules {
		if r.Kind != check.Format {
			has[r.Framework] = true
		}
	}
	var names []string
	for _, f := range c.Frameworks {
		if has[f.ID] {
			names = append(names, f.Title)
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func (h *htmlWriter) End(t report.Tail) error {
	styles := []string{"report.css"}
	var portfolio *htmlPortfolio
	if t.Portfolio.Shown() && t.Portfolio.Rows != nil {
		styles = append(styles, "portfolio.css")
		portfolio = newHTMLPortfolio(h.h.Catalogue, t.Portfolio, t.Summary.Unreadable, reportMostMissed)
	}
	if h.opts.Source != nil || h.opts.Prelude != "" {
		// Only pages that show excerpts or a prelude carry their styles.
		styles = append(styles, "extras.css")
	}
	css, err := pageStyle(styles...)
	if err != nil {
		return err
	}
	sel := h.h.Selection
	data := map[string]any{
		"Tool": h.h.Tool, "Today": h.h.Today, "CatalogueVersion": h.h.Catalogue.Version,
		"CheckedAgainst": checkedAgainst(h.h.Catalogue),
		"ReportVersion":  report.Version, "Summary": t.Summary, "Errors": t.Errors,
		"SkippedFiles": t.SkippedFiles, "Selection": sel, "Selected": len(sel.Only)+len(sel.Skip) > 0,
		"Portfolio": portfolio,
		// The stylesheet is ours, embedded in the binary: it is trusted.
		"CSS":      template.CSS(css),
		"Prelude":  h.opts.Prelude,
		"Baseline": t.Baseline,
	}
	if b := t.Baseline; b != nil {
		data["BaselineCounts"], data["BaselinePlans"], data["Versions"] = baselineCounts(b), baselinePlans(b), versionsWord(b, h.h.Catalogue.Version)
	}
	if err := pageTemplates.ExecuteTemplate(h.w, "head.html", data); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	if err := h.plans.copyTo(h.w); err != nil {
		return err
	}
	if err := pageTemplates.ExecuteTemplate(h.w, "foot.html", data); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	return h.plans.Close()
}

func (h *htmlWriter) Close() error { return h.plans.Close() }
