package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
)

// FuzzCheck feeds arbitrary YAML through the loader and the policies: any
// plan the loader accepts must be evaluated without an error or a panic,
// and every finding must have a place in the file.
func FuzzCheck(f *testing.F) {
	files, _ := filepath.Glob("../../fixtures/plans/*.yaml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("plancheck: 1\nfunding: {total_gbp: 1e999999999}\nwaivers: [{recommendation: [x], reason: 42, expires: 2027-01-01}]\n"))
	e, err := New(context.Background(), Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := loader.Loader{Syntax: plan.YAML, Limits: loader.Limits{MaxNodes: 5000}}.Parse("f.yaml", data)
		if err != nil {
			return
		}
		p, err := e.Check(context.Background(), doc, onToday)
		if err != nil {
			t.Fatalf("evaluating an accepted plan: %v", err)
		}
		for _, r := range p.Results {
			for _, fd := range r.Findings {
				if fd.Line < 1 || fd.Column < 1 {
					t.Fatalf("%s: a finding without a place: %+v", r.ID, fd)
				}
			}
		}
	})
}
