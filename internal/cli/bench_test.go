package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/lint"
	"github.com/plancheck/plancheck/internal/plangen"
	"github.com/plancheck/plancheck/internal/render"
	"github.com/plancheck/plancheck/internal/report"
)

// BenchmarkRun measures a whole run over synthetic plans on disk: read,
// parse, check and write the JSON report, as lint does. plans/s uses every
// worker.
func BenchmarkRun(b *testing.B) {
	dir := b.TempDir()
	g := plangen.New(plangen.DefaultOptions)
	const n = 500
	for i := range n {
		name, data, err := g.Plan(i)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	eng, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	header := render.Header{Tool: report.Tool{Name: "plancheck"}, Today: "2026-11-21", Catalogue: eng.Catalogue(), Rules: eng.Catalogue().Rules}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, err := render.New(render.JSON, io.Discard, header, render.Options{})
		if err != nil {
			b.Fatal(err)
		}
		s := report.NewSummary(report.FailOnMust)
		res, err := lint.Run(context.Background(), eng, lint.Options{Paths: []string{dir}, Today: "2026-11-21"}, func(p *report.Plan) error {
			s.Add(p)
			return w.Plan(p)
		})
		if err != nil {
			b.Fatal(err)
		}
		if err := w.End(report.Tail{Errors: res.Errors, Summary: s}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "plans/s")
}
