package render

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// golden reads the plans of the golden JSON report.
func goldenPlans(b testing.TB) []report.Plan {
	b.Helper()
	data, err := os.ReadFile("../../fixtures/golden/plans.json")
	if err != nil {
		b.Fatal(err)
	}
	var r report.Report
	if err := json.Unmarshal(data, &r); err != nil {
		b.Fatal(err)
	}
	return r.Plans
}

// testHeader is a report header whose catalogue holds the rules that the
// plans' results name.
func testHeader(plans []report.Plan) Header {
	seen := map[string]bool{}
	var rules []check.Rule
	for _, p := range plans {
		for _, r := range p.Results {
			if !seen[r.ID] {
				seen[r.ID] = true
				rules = append(rules, check.Rule{ID: r.ID, Kind: r.Kind, Title: r.Title, Framework: r.Framework, Severity: r.Severity})
			}
		}
	}
	cat := check.NewCatalogue(1, rules, nil)
	return Header{Tool: report.Tool{Name: "plancheck", Version: "test"}, Today: "2026-11-21", Catalogue: cat, Rules: cat.Rules}
}

// BenchmarkWriters measures writing one plan's report in each format.
func BenchmarkWriters(b *testing.B) {
	plans := goldenPlans(b)
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			w, err := New(f, io.Discard, testHeader(plans), Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := w.Plan(&plans[i%len(plans)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMarshalIndent(b *testing.B) {
	plans := goldenPlans(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := json.MarshalIndent(&plans[i%len(plans)], "    ", "  "); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshal(b *testing.B) {
	plans := goldenPlans(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := json.Marshal(&plans[i%len(plans)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPortfolio500 measures the portfolio of 500 plans: building it
// (per plan, as lint does while plans arrive), and writing the portfolio
// page and the HTML report's portfolio section from it; it reports the
// page's weight.
func BenchmarkPortfolio500(b *testing.B) {
	plans := manyPlans(b, 500)
	h := testHeader(plans)
	build := func() *report.Portfolio {
		p := report.NewPortfolio(h.Catalogue, true)
		for i := range plans {
			p.Add(&plans[i])
		}
		return p.Portfolio()
	}
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			build()
		}
	})
	portfolio := build()
	var size int
	b.Run("page", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out bytes.Buffer
			if err := newPortfolioWriter(&out, h).End(report.Tail{Portfolio: portfolio}); err != nil {
				b.Fatal(err)
			}
			size = out.Len()
		}
		b.ReportMetric(float64(size), "bytes/page")
	})
	b.Run("section", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out bytes.Buffer
			if err := pageTemplates.ExecuteTemplate(&out, "portfolio-section.html", newHTMLPortfolio(h.Catalogue, portfolio, 0, reportMostMissed)); err != nil {
				b.Fatal(err)
			}
			size = out.Len()
		}
		b.ReportMetric(float64(size), "bytes/section")
	})
}

// BenchmarkPortfolioAdd is what the portfolio adds to each plan of a
// JSON run (counts only, no rows), beside BenchmarkWriters/json.
func BenchmarkPortfolioAdd(b *testing.B) {
	plans := manyPlans(b, 1000)
	p := report.NewPortfolio(testHeader(plans).Catalogue, false)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.Add(&plans[i%len(plans)])
		i++
	}
}
