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
	// From the hostile-input cases: dates past 2262 and to 9999, text with
	// bidirectional overrides, line separators and zero-width characters,
	// a lookalike of a workflow command, and aliases that copy text.
	f.Add([]byte("plancheck: 1\nwaivers: [{recommendation: wg-data-trust, reason: r, approved_by: b, expires: 9999-12-31}]\nlegacy: {systems: [{name: PAS, end_of_support: 2263-01-01, action: replace, by: 9999-12-31}]}\n"))
	f.Add([]byte("plancheck: 1\norganisation: {name: \"::error ::x\\u202e\\u2028\\u200b\", type: \"G\\u202eP\"}\ngovernance: {owner: {name: \"A\\u2066B\", role: \"Chief\\u200bExecutive\"}}\n"))
	f.Add([]byte("plancheck: 1\na: &a \"team team team team\"\ndelivery: {team: [*a, *a, *a]}\nlessons: [{source: *a}]\n"))
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
