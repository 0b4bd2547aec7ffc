package render

import (
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
