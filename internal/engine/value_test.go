package engine

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
	"github.com/plancheck/plancheck/policies"
)

// TestValueIsPruneOfRaw checks that the input the engine builds in one pass
// is the plan as written with Prune applied, on every fixture (broken ones
// that parse included) and on generated plans with gaps, wrong values and
// blanks: the policies' tests, which prune with Prune, see what the engine
// passes.
func TestValueIsPruneOfRaw(t *testing.T) {
	t.Parallel()
	docs, extra := prunePlans(t)
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

// TestRegoPruneIsPrune holds lib.prune, the pruning an OPA server applies
// to a plan posted as written, to the engine's: "present" has one
// definition, written twice. It runs on the plans TestValueIsPruneOfRaw
// runs on.
func TestRegoPruneIsPrune(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	modules, err := policies.Parse(policies.FS, false)
	if err != nil {
		t.Fatal(err)
	}
	compiler := ast.NewCompiler().WithCapabilities(Capabilities()).WithStrict(true)
	compiler.Compile(modules)
	if compiler.Failed() {
		t.Fatal(compiler.Errors)
	}
	query, err := rego.New(rego.Query("x := data.plancheck.lib.prune(input)"), rego.Compiler(compiler)).PrepareForEval(ctx)
	if err != nil {
		t.Fatal(err)
	}
	docs, extra := prunePlans(t)
	blanks := 0
	for _, doc := range append(docs, extra) {
		raw := Raw(doc.Root)
		want := Value(doc.Root)
		if raw.Compare(want) != 0 {
			blanks++
		}
		rs, err := query.Eval(ctx, rego.EvalParsedInput(raw))
		if err != nil || len(rs) != 1 {
			t.Fatalf("%s: %v %v", doc.File, rs, err)
		}
		got, err := ast.InterfaceToValue(rs[0].Bindings["x"])
		if err != nil {
			t.Fatal(err)
		}
		if got.Compare(want) != 0 {
			t.Errorf("%s: lib.prune differs from Prune:\n%v\n%v", doc.File, got, want)
		}
	}
	// The comparison means something only if many plans have blanks.
	if blanks < 100 {
		t.Errorf("only %d plans have values to prune", blanks)
	}
}

// prunePlans are every fixture that parses and 260 generated plans (200
// of them with blanks, in YAML, JSON and TOML), and a plan of nothing but
// corners, returned apart.
func prunePlans(t *testing.T) ([]*plan.Document, *plan.Document) {
	t.Helper()
	var docs []*plan.Document
	files, _ := filepath.Glob("../../fixtures/*/*")
	for _, f := range files {
		if doc, err := (loader.Loader{}).LoadFile(f); err == nil {
			docs = append(docs, doc)
		}
	}
	add := func(opts plangen.Options, n int) {
		g := plangen.New(opts)
		for i := range n {
			name, data, err := g.Plan(i)
			if err != nil {
				t.Fatal(err)
			}
			syntax, _ := loader.SyntaxOf(name)
			doc, err := loader.Loader{Syntax: syntax}.Parse(name, data)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, doc)
		}
	}
	add(plangen.DefaultOptions, 60)
	withBlanks := plangen.DefaultOptions
	withBlanks.Blanks = 0.05
	withBlanks.Syntaxes = []plan.Syntax{plan.YAML, plan.JSON, plan.TOML}
	add(withBlanks, 200)
	extra, err := loader.Loader{Syntax: plan.YAML}.Parse("blanks.yaml", []byte(
		"a: {b: {c: ~, d: ' '}, e: [~, {}, {f: ''}, '']}\ng: {}\nh: [{i: {j: {}}}]\nk: 0\nl: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 265 {
		t.Fatalf("only %d plans", len(docs))
	}
	return docs, extra
}
