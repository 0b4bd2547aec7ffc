package engine

import (
	"context"
	"testing"

	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
)

// generated returns n synthetic plans, parsed.
func generated(b *testing.B, n int) []*plan.Document {
	b.Helper()
	g := plangen.New(plangen.DefaultOptions)
	docs := make([]*plan.Document, n)
	for i := range docs {
		name, data, err := g.Plan(i)
		if err != nil {
			b.Fatal(err)
		}
		if docs[i], err = (loader.Loader{Syntax: plan.YAML}).Parse(name, data); err != nil {
			b.Fatal(err)
		}
	}
	return docs
}

// BenchmarkCheck measures evaluating parsed plans: plans/s is the rate of
// one core.
func BenchmarkCheck(b *testing.B) {
	e := newEngine(b, Options{})
	docs := generated(b, 200)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.Check(ctx, docs[i%len(docs)], onToday); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "plans/s")
}

// BenchmarkNew measures compiling the catalogue: the cost of a cold start.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := New(context.Background(), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckExample measures the example plan, which meets every
// recommendation: the cost of the checks alone, without findings to build.
func BenchmarkCheckExample(b *testing.B) {
	e := newEngine(b, Options{})
	doc, err := loader.Loader{}.LoadFile("../../fixtures/plans/northshire.yaml")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := e.Check(ctx, doc, onToday); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "plans/s")
}

// BenchmarkValue measures building the Rego input from a parsed plan.
func BenchmarkValue(b *testing.B) {
	docs := generated(b, 50)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Value(docs[i%len(docs)].Root)
	}
}
