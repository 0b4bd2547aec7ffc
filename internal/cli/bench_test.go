package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/plancheck/plancheck/internal/cache"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/lint"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
	"github.com/plancheck/plancheck/internal/planschema"
	"github.com/plancheck/plancheck/internal/render"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/resultcache"
)

// BenchmarkRun measures a whole run over synthetic plans on disk: read,
// parse, check and write the JSON report, as lint does. plans/s uses every
// worker.
func BenchmarkRun(b *testing.B) {
	const n = 500
	dir := benchPlans(b, n)
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

// benchPlans writes n synthetic plans into a folder.
func benchPlans(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	g := plangen.New(plangen.DefaultOptions)
	for i := range n {
		name, data, err := g.Plan(i)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// The hit path against the floor, one plan at a time on one worker:
// BenchmarkCacheHit runs lint over plans whose results are all cached
// (read, hash, read and check the entry, decode it, look for the cited
// evidence), BenchmarkLoad parses them with plancheck's loader, and
// BenchmarkDecodeFloor decodes them with yaml.v3 into Go values, as
// cmd/plandecode (.ci/bench's "decode only") does. Compare their ns/plan,
// measured in the same run.

func BenchmarkCacheHit(b *testing.B) {
	const n = 500
	dir := benchPlans(b, n)
	eng, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	results := &resultcache.Cache{Store: cache.Open(b.TempDir(), 0), Build: "bench", Policies: eng.Digest(), Catalogue: eng.Catalogue()}
	opts := lint.Options{Paths: []string{dir}, Today: "2026-11-21", Cache: results, Workers: 1}
	if _, err := lint.Run(context.Background(), eng, opts, func(*report.Plan) error { return nil }); err != nil {
		b.Fatal(err)
	}
	// The checker fails the benchmark if any plan reaches it.
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got := 0
		if _, err := lint.Run(context.Background(), mustNotCheck{b}, opts, func(*report.Plan) error { got++; return nil }); err != nil || got != n {
			b.Fatalf("%d plans: %v", got, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/plan")
}

type mustNotCheck struct{ b *testing.B }

func (c mustNotCheck) Check(context.Context, *plan.Document, planschema.Run) (*report.Plan, error) {
	c.b.Fatal("a cached plan was checked")
	return nil, nil
}

func BenchmarkLoad(b *testing.B) {
	const n = 500
	dir := benchPlans(b, n)
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			if _, err := (loader.Loader{}).LoadFile(f); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/plan")
}

func BenchmarkDecodeFloor(b *testing.B) {
	const n = 500
	dir := benchPlans(b, n)
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			var v any
			if err := yaml.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/plan")
}

// BenchmarkBaseline measures what a baseline costs a run over 500
// synthetic plans: lint alone, lint against the JSON report of an
// earlier run (read and checked against the report's schema), lint
// against a baseline file, and diff of two reports. The sub-benchmarks
// run in one process, one after the other: compare their ratios, not
// their times, on a shared machine.
func BenchmarkBaseline(b *testing.B) {
	const n = 500
	dir := benchPlans(b, n)
	t := &testing.T{}
	lintArgs := []string{"lint", "--today", "2026-11-21", "--no-evidence-check", "-q", "."}
	run := func(args ...string) {
		if _, stderr, code := invoke(t, IO{Dir: dir}, args...); code > 1 {
			b.Fatalf("exit %d: %s", code, stderr)
		}
	}
	report, baseline := filepath.Join(b.TempDir(), "r.json"), filepath.Join(b.TempDir(), "b.json")
	run(append(lintArgs, "-f", "json="+report, "--write-baseline", baseline)...)
	for _, c := range []struct {
		name string
		args []string
	}{
		{"lint", append(lintArgs, "-f", "json=/dev/null")},
		{"lint against a report", append(lintArgs, "-f", "json=/dev/null", "--baseline", report)},
		{"lint against a baseline file", append(lintArgs, "-f", "json=/dev/null", "--baseline", baseline)},
		{"diff of two reports", []string{"diff", "-f", "json", "-o", "/dev/null", report, report}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				run(c.args...)
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "plans/s")
		})
	}
}
