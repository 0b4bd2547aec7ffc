package engine

import (
	"path/filepath"
	"testing"

	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
)

// TestValueIsPruneOfRaw checks that the input the engine builds in one pass
// is the plan as written with Prune applied, on every fixture (broken ones
// that parse included) and on generated plans with gaps and wrong values:
// the policies' tests, which prune with Prune, see what the engine passes.
func TestValueIsPruneOfRaw(t *testing.T) {
	t.Parallel()
	var docs []*plan.Document
	files, _ := filepath.Glob("../../fixtures/*/*")
	for _, f := range files {
		if doc, err := (loader.Loader{}).LoadFile(f); err == nil {
			docs = append(docs, doc)
		}
	}
	g := plangen.New(plangen.DefaultOptions)
	for i := range 60 {
		name, data, err := g.Plan(i)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := loader.Loader{Syntax: plan.YAML}.Parse(name, data)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	extra, err := loader.Loader{Syntax: plan.YAML}.Parse("blanks.yaml", []byte(
		"a: {b: {c: ~, d: ' '}, e: [~, {}, {f: ''}, '']}\ng: {}\nh: [{i: {j: {}}}]\nk: 0\nl: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, extra)
	if len(docs) < 65 {
		t.Fatalf("only %d plans", len(docs))
	}
	for _, doc := range docs {
		if got, want := Value(doc.Root), Prune(Raw(doc.Root)); got.Compare(want) != 0 {
			t.Errorf("%s: Value differs from Prune(Raw):\n%v\n%v", doc.File, got, want)
		}
	}
	want := `{"a": {"e": [null, {}, {}, ""]}, "h": [{}], "k": 0, "l": false}`
	if got := Value(extra.Root).String(); got != want {
		t.Errorf("blanks: %s, want %s", got, want)
	}
}
