package render

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"sort"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// HTML: one self-contained page (inline CSS and SVG, no scripts, nothing
// fetched from the network) with a scorecard per plan and per framework,
// readable on screen and on paper. html/template escapes every value a
// plan supplies.

//go:embed templates
var templates embed.FS

var pageTemplates = template.Must(template.ParseFS(templates, "templates/*.html"))

type htmlWriter struct {
	w     io.Writer
	h     Header
	opts  Options
	plans spool
}

func newHTMLWriter(w io.Writer, h Header, opts Options) *htmlWriter {
	return &htmlWriter{w: w, h: h, opts: opts, plans: spool{limit: spoolLimit}}
}

type htmlSegment struct {
	Kind     string
	X, Width float64
}

type htmlFramework struct {
	Name                               string
	Met, Missed, Waived, NotApplicable int
	Segments                           []htmlSegment
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
	check.Met: "met", check.Missed: "missed", check.Waived: "waived", check.NotApplicable: "not applicable", check.Skipped: "skipped",
}

func (h *htmlWriter) Plan(p *report.Plan) error {
	counts := map[string]*htmlFramework{}
	var results []htmlResult
	var src sourceLines
	if h.opts.Source != nil {
		src = splitLines(h.opts.Source(p.File))
	}
	for _, r := range p.Results {
		fw := h.h.Catalogue.Framework(r.Framework)
		f := counts[r.Framework]
		if f == nil {
			f = &htmlFramework{Name: fw.Title}
			counts[r.Framework] = f
		}
		switch r.Status {
		case check.Met:
			f.Met++
		case check.Missed:
			f.Missed++
		case check.Waived:
			f.Waived++
		default:
			f.NotApplicable++
		}
		hr := htmlResult{Result: r, Label: statusLabels[r.Status], SourceLabel: fw.Citation, SourceURL: absoluteURL(r.Source.URL)}
		if hr.SourceLabel == "" {
			hr.SourceLabel = r.Source.Document
		}
		for _, fd := range inLineOrder(r.Findings) {
			hr.Findings = append(hr.Findings, htmlFinding{Level: string(fd.Level), Message: fd.Message, Where: location(p.File, fd), Excerpt: src.excerpt(fd.Line, fd.Column)})
		}
		results = append(results, hr)
	}
	sort.SliceStable(results, func(i, j int) bool { return order(&results[i]) < order(&results[j]) })
	// Frameworks in the catalogue's order.
	var fws []htmlFramework
	for _, fw := range h.h.Catalogue.Frameworks {
		f := counts[fw.ID]
		if f == nil {
			continue
		}
		total := float64(f.Met + f.Missed + f.Waived + f.NotApplicable)
		x := 0.0
		for _, seg := range []struct {
			kind string
			n    int
		}{{"met", f.Met}, {"missed", f.Missed}, {"waived", f.Waived}, {"na", f.NotApplicable}} {
			if seg.n == 0 {
				continue
			}
			w := 100 * float64(seg.n) / total
			f.Segments = append(f.Segments, htmlSegment{Kind: seg.kind, X: x, Width: w})
			x += w
		}
		fws = append(fws, *f)
	}
	return pageTemplates.ExecuteTemplate(&h.plans, "plan.html", map[string]any{
		"Plan": p, "Percent": float64(p.Score.Percent), "Frameworks": fws, "Results": results,
	})
}

func (h *htmlWriter) End(t report.Tail) error {
	errs, s := t.Errors, t.Summary
	css, err := templates.ReadFile("templates/report.css")
	if err != nil {
		return err
	}
	if h.opts.Source != nil || h.opts.Prelude != "" {
		// Only pages that show excerpts or a prelude carry their styles.
		extra, err := templates.ReadFile("templates/extras.css")
		if err != nil {
			return err
		}
		css = append(append([]byte(nil), css...), extra...)
	}
	data := map[string]any{
		"Tool": h.h.Tool, "Today": h.h.Today, "CatalogueVersion": h.h.Catalogue.Version,
		"ReportVersion": report.Version, "Summary": s, "Errors": errs,
		// The stylesheet is ours, embedded in the binary: it is trusted.
		"CSS":     template.CSS(css),
		"Prelude": h.opts.Prelude,
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
